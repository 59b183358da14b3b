"""sekom-kg: the knowledge graph of Sveriges Ekokommuner's international collaborations.

Importing the package is cheap: heavy libraries (rdflib, pyshacl) load only in the
modules that need them.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("sekom-kg")
except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    __version__ = "0.0.0+unknown"

__all__ = ["QueryResult", "__version__", "published_graph", "run_query"]

_LAZY = {
    "run_query": "sekom_kg.api",
    "published_graph": "sekom_kg.api",
    "QueryResult": "sekom_kg.results",
}


def __getattr__(name: str) -> object:
    """Import the query API on first use, so ``import sekom_kg`` does not load rdflib."""
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'sekom_kg' has no attribute {name!r}")
