"""What moves with ``--base`` besides the data: query texts, parameter defaults, the context.

IRIs under the default base move to the new one, except the ontology's (as in
:mod:`sekom_kg.assembly.remint`); so a bundled query finds under any base what it finds under the
default one.

>>> rebase_text("VALUES ?c { <https://w3id.org/sekom/id/x> } ?c a sekom:A", "https://ex.org/")
'VALUES ?c { <https://ex.org/id/x> } ?c a sekom:A'
>>> rebase_text("PREFIX s: <https://w3id.org/sekom/ontology#>", "https://ex.org/")
'PREFIX s: <https://w3id.org/sekom/ontology#>'
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from sekom_kg.core.namespaces import BASE, ONTOLOGY_PREFIX
from sekom_kg.sparql.queries import Query

_MOVABLE = re.compile(re.escape(BASE) + f"(?!{re.escape(ONTOLOGY_PREFIX[len(BASE) :])})")


def rebase_text(text: str, base: str) -> str:
    """``text`` with every IRI (or IRI prefix) under the default base moved to ``base``."""
    return text if base == BASE else _MOVABLE.sub(lambda _match: base, text)


def rebase_query(query: Query, base: str) -> Query:
    """``query`` with its text and parameter defaults moved to ``base``."""
    if base == BASE:
        return query
    parameters = tuple(
        replace(p, default=rebase_text(p.default, base)) if p.default else p
        for p in query.parameters
    )
    return replace(query, text=rebase_text(query.text, base), parameters=parameters)


def rebase_context(context: Any, base: str) -> Any:
    """A JSON-LD context (any JSON value) with its IRIs under the default base moved."""
    if base == BASE:
        return context
    if isinstance(context, str):
        return rebase_text(context, base)
    if isinstance(context, list):
        return [rebase_context(item, base) for item in context]
    if isinstance(context, dict):
        return {key: rebase_context(value, base) for key, value in context.items()}
    return context
