"""The JSON-LD context of the outputs: ``ontology/context.jsonld``, never fetched."""

from __future__ import annotations

import json
from typing import Any

from sekom_kg.core import resources
from sekom_kg.core.errors import InputError


def load_context() -> dict[str, Any]:
    """The JSON-LD context from ``ontology/context.jsonld`` (the local file, never fetched)."""
    path = resources.context_path()
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise InputError(f"{path}: no such file") from error
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror}") from error
    except json.JSONDecodeError as error:
        raise InputError(f"{path}:{error.lineno}:{error.colno}: {error.msg}") from error
    context = document.get("@context", document) if isinstance(document, dict) else None
    if not isinstance(context, dict):
        raise InputError(f"{path}: expected a JSON object with an '@context' object")
    return context
