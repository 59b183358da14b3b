"""Where a store's SPARQL query and update endpoints are, from its Graph Store URL."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from sekom_kg.core.errors import InputError
from sekom_kg.core.urls import redact

#: Graph Store path suffix → query path suffix (Oxigraph, Fuseki, Virtuoso).
QUERY_PATHS = {
    "/store": "/query",
    "/data": "/sparql",
    "/sparql-graph-crud": "/sparql",
    "/sparql-graph-crud-auth": "/sparql-auth",
}


#: Graph Store path suffix → update path suffix (Oxigraph, Fuseki, Virtuoso).
UPDATE_PATHS = {
    "/store": "/update",
    "/data": "/update",
    "/sparql-graph-crud": "/sparql",
    "/sparql-graph-crud-auth": "/sparql-auth",
}


def staging_graph(graph: str) -> str:
    """The staging graph of a load into ``graph`` (the same for every load into it).

    >>> staging_graph("https://w3id.org/sekom/dataset/graph/all")
    'urn:sekom-kg:staging:0886451aaadf9f7f9b1bdaa1a4bdbdd6'
    """
    return "urn:sekom-kg:staging:" + hashlib.sha256(graph.encode("utf-8")).hexdigest()[:32]


def _derive(store_url: str, paths: Mapping[str, str], what: str, hint: str) -> str:
    parts = urlsplit(store_url)
    path = parts.path.rstrip("/")
    for suffix in sorted(paths, key=len, reverse=True):
        if path.endswith(suffix):
            return urlunsplit(parts._replace(path=path[: -len(suffix)] + paths[suffix], query=""))
    raise InputError(
        f"cannot derive the {what} endpoint from {redact(store_url)!r}: pass --{what}-endpoint "
        f"({hint})"
    )


def derive_query_endpoint(store_url: str) -> str:
    """The query URL beside a Graph Store URL (``/store`` → ``/query``, ``/data`` → ``/sparql``,
    ``/sparql-graph-crud`` → ``/sparql``)."""
    hint = "Oxigraph: …/query, Fuseki: …/DATASET/sparql, Virtuoso: …/sparql"
    return _derive(store_url, QUERY_PATHS, "query", hint)


def derive_update_endpoint(store_url: str) -> str:
    """The update URL beside a Graph Store URL (``/store`` → ``/update``, ``/data`` →
    ``/update``, ``/sparql-graph-crud`` → ``/sparql``)."""
    hint = "Oxigraph: …/update, Fuseki: …/DATASET/update, Virtuoso: …/sparql"
    return _derive(store_url, UPDATE_PATHS, "update", hint)


def check_store_query(store_url: str) -> None:
    """Refuse a store URL whose own query already picks a graph (it would be ambiguous)."""
    names = {name for name, _ in parse_qsl(urlsplit(store_url).query, keep_blank_values=True)}
    if names & {"graph", "default"}:
        raise InputError(
            f"--endpoint: must not name a graph itself (graph=, default), got "
            f"{redact(store_url)!r}; pass the graph with --graph"
        )
