"""Where the bundled ontology, data and queries live.

In an installed wheel they are package data under ``sekom_kg/_bundled/``; in a checkout
or editable install they are the repository's top-level folders.

>>> (ontology_dir() / "sekom.ttl").name
'sekom.ttl'
"""

from __future__ import annotations

import os
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

_BUNDLED = "_bundled"


#: Environment variable naming another bundle root (used by the benchmarks).
BUNDLE_ENV = "SEKOM_KG_BUNDLE_ROOT"


def bundle_root() -> Path:
    """The folder holding ``ontology/``, ``data/`` and ``queries/`` (a real filesystem path).

    ``$SEKOM_KG_BUNDLE_ROOT``, if set, overrides it (e.g. a generated benchmark bundle).
    """
    return _resolved_root(os.environ.get(BUNDLE_ENV) or None)


@lru_cache(maxsize=8)
def _resolved_root(override: str | None) -> Path:
    if override:
        return Path(override).resolve()
    bundled = files("sekom_kg") / _BUNDLED
    if bundled.is_dir():
        return Path(str(bundled)).resolve()
    return Path(__file__).resolve().parents[2]


def ontology_dir() -> Path:
    """The folder with ``sekom.ttl``, ``shapes.ttl`` and ``context.jsonld``."""
    return bundle_root() / "ontology"


def data_dir() -> Path:
    """The folder with the data Turtle files (``*.ttl`` and ``events/*.ttl``)."""
    return bundle_root() / "data"


def queries_dir() -> Path:
    """The folder with the bundled SPARQL queries (``NN_slug.rq``)."""
    return bundle_root() / "queries"


def ontology_path() -> Path:
    """The OWL ontology, ``ontology/sekom.ttl``."""
    return ontology_dir() / "sekom.ttl"


def shapes_path() -> Path:
    """The SHACL shapes, ``ontology/shapes.ttl``."""
    return ontology_dir() / "shapes.ttl"


def context_path() -> Path:
    """The JSON-LD context published with the data, ``ontology/context.jsonld``."""
    return ontology_dir() / "context.jsonld"
