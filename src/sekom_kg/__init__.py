"""sekom-kg: the knowledge graph of Sveriges Ekokommuner's international collaborations.

The Python API (see ``docs/api.md``): :func:`run_query` and :func:`run_text` answer SPARQL
on the published graph (or an endpoint) as a :class:`QueryResult`; :func:`graph` and
:func:`store` give the graph itself as an rdflib ``Graph`` or a pyoxigraph ``Store``.

Importing the package is cheap: heavy libraries (rdflib, pyshacl) load only on first use
of a name that needs them.

>>> import sekom_kg
>>> "run_query" in dir(sekom_kg) and callable(sekom_kg.run_query)
True
"""

#: The package version (hatchling reads it from here into the package metadata).
__version__ = "0.1.0"

_LAZY = {
    "run_query": "sekom_kg.sparql.api",
    "run_text": "sekom_kg.sparql.api",
    "bound_query_text": "sekom_kg.sparql.api",
    "graph": "sekom_kg.sparql.api",
    "store": "sekom_kg.sparql.api",
    "published_graph": "sekom_kg.sparql.api",
    "QueryResult": "sekom_kg.sparql.results",
    "LangString": "sekom_kg.sparql.results",
    "SekomError": "sekom_kg.core.errors",
    "InputError": "sekom_kg.core.errors",
    "QuerySyntaxError": "sekom_kg.core.errors",
    "QueryError": "sekom_kg.core.errors",
    "QueryTimeoutError": "sekom_kg.core.errors",
    "RemoteError": "sekom_kg.core.errors",
}

__all__ = ["__version__", *sorted(_LAZY)]


def __getattr__(name: str) -> object:
    """Import the query API on first use, so ``import sekom_kg`` does not load rdflib."""
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'sekom_kg' has no attribute {name!r}")


def __dir__() -> list[str]:
    """The module's names with the lazily imported public API."""
    return sorted({*globals(), *__all__})
