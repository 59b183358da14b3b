"""Upload the built graph to a triple store (SPARQL 1.1 Graph Store Protocol) and verify it.

``PUT {store}?graph={IRI}`` replaces exactly one named graph; Oxigraph and Fuseki apply it
atomically, so a failed upload leaves the previous graph as it was. The triple count is
then checked through the query endpoint. Credentials (see :mod:`sekom_kg.remote`) never
appear in messages: URLs are shown with their user-info redacted.

>>> redact("http://ann:secret@localhost:7878/store")
'http://***@localhost:7878/store'
>>> derive_query_endpoint("http://localhost:3030/ds/data")
'http://localhost:3030/ds/sparql'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

from sekom_kg.errors import InputError, RemoteError
from sekom_kg.remote import ENV_PASSWORD, ENV_TOKEN, ENV_USER, Credentials, request, sparql_query
from sekom_kg.urls import check_endpoint, check_iri, redact

__all__ = [
    "DEFAULT_GRAPH",
    "DEFAULT_TIMEOUT",
    "ENV_PASSWORD",
    "ENV_TOKEN",
    "ENV_USER",
    "Credentials",
    "LoadPlan",
    "LoadResult",
    "count_remote",
    "derive_query_endpoint",
    "load",
    "plan_load",
    "put_graph",
    "redact",
]

DEFAULT_GRAPH = "https://w3id.org/sekom/dataset/graph/all"
#: Seconds each request of ``load`` (the upload, then the count) may take at most.
DEFAULT_TIMEOUT = 300.0
DUMP_FILE = "sekom.nt"
NTRIPLES = "application/n-triples"
#: Graph Store path suffix → query path suffix (Oxigraph, Fuseki).
QUERY_PATHS = {"/store": "/query", "/data": "/sparql"}
COUNT_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { VALUES ?g { %s } GRAPH ?g { ?s ?p ?o } }"


def derive_query_endpoint(store_url: str) -> str:
    """The query URL beside a Graph Store URL (``/store`` → ``/query``, ``/data`` → ``/sparql``)."""
    parts = urlsplit(store_url)
    for suffix, replacement in QUERY_PATHS.items():
        if parts.path.rstrip("/").endswith(suffix):
            path = parts.path.rstrip("/")[: -len(suffix)] + replacement
            return urlunsplit(parts._replace(path=path, query=""))
    raise InputError(
        f"cannot derive the query endpoint from {redact(store_url)!r}: "
        "pass --query-endpoint (Oxigraph: …/query, Fuseki: …/DATASET/sparql)"
    )


@dataclass(frozen=True)
class LoadPlan:
    """What ``load`` will do: which file goes to which graph of which store."""

    store_url: str
    query_url: str
    graph: str
    path: Path
    triples: int
    bytes: int
    credentials: Credentials
    timeout: float = DEFAULT_TIMEOUT
    #: For the count: user-info in ``--query-endpoint``, else ``credentials``.
    query_credentials: Credentials | None = None

    def put_url(self) -> str:
        """The exact PUT URL: the store URL, its own query kept, plus ``graph=IRI`` encoded."""
        parts = urlsplit(self.store_url)
        graph = urlencode({"graph": self.graph})
        return urlunsplit(parts._replace(query=f"{parts.query}&{graph}" if parts.query else graph))


def count_ntriples(path: Path) -> int:
    """The triples in a build's N-Triples file (one unique triple per non-blank line)."""
    with path.open("rb") as stream:
        return sum(1 for line in stream if line.strip() and not line.startswith(b"#"))


def _check_store_query(store_url: str) -> None:
    """Refuse a store URL whose own query already picks a graph (it would be ambiguous)."""
    from urllib.parse import parse_qsl

    names = {name for name, _ in parse_qsl(urlsplit(store_url).query, keep_blank_values=True)}
    if names & {"graph", "default"}:
        raise InputError(
            f"--endpoint: must not name a graph itself (graph=, default), got "
            f"{redact(store_url)!r}; pass the graph with --graph"
        )


def plan_load(
    dist: str | Path,
    endpoint: str,
    graph: str = DEFAULT_GRAPH,
    query_endpoint: str | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> LoadPlan:
    """Check the options and the built file before anything is sent; InputError if wrong.

    Both URLs must be absolute http(s) URLs without a fragment. Credentials come from the
    environment, else from user-info in ``endpoint`` (see :mod:`sekom_kg.remote`); they are
    sent only in the ``Authorization`` header.
    """
    from sekom_kg.remote import check_timeout

    store = check_endpoint(endpoint, "--endpoint")
    _check_store_query(store.url)
    credentials = Credentials.for_endpoint(store, env)
    query_credentials = credentials
    if query_endpoint is not None:
        checked = check_endpoint(query_endpoint, "--query-endpoint")
        query = checked.url
        if checked.user is not None:
            query_credentials = Credentials.for_endpoint(checked, env)
    else:
        query = derive_query_endpoint(store.url)
    check_iri(graph, "--graph")
    timeout = check_timeout(timeout)
    path = Path(dist) / DUMP_FILE
    if not path.is_file():
        raise InputError(f"{path}: no such file (run `sekom-kg build` first)")
    return LoadPlan(
        store.url,
        query,
        graph,
        path,
        count_ntriples(path),
        path.stat().st_size,
        credentials,
        timeout,
        query_credentials,
    )


def put_graph(plan: LoadPlan) -> int:
    """PUT the file into the graph (streamed); returns the HTTP status or raises RemoteError."""
    with plan.path.open("rb") as body:
        response = request(
            "PUT",
            plan.put_url(),
            body=body,
            headers={"Content-Type": NTRIPLES, "Content-Length": str(plan.bytes)},
            credentials=plan.credentials,
            timeout=plan.timeout,
        )
    return response.status


def count_remote(plan: LoadPlan) -> int:
    """The number of triples in the plan's graph, asked through the query endpoint."""
    import json

    text = COUNT_QUERY % f"<{plan.graph}>"  # plan_load checked it is a valid IRI
    answer = sparql_query(
        plan.query_url,
        text,
        "application/sparql-results+json",
        plan.query_credentials or plan.credentials,
        plan.timeout,
    )
    try:
        return int(json.loads(answer)["results"]["bindings"][0]["n"]["value"])
    except (KeyError, IndexError, TypeError, ValueError) as error:
        raise RemoteError(plan.query_url, "unexpected count result") from error


@dataclass(frozen=True)
class LoadResult:
    """The outcome of a verified upload."""

    plan: LoadPlan
    status: int
    remote_triples: int


def load(plan: LoadPlan) -> LoadResult:
    """Upload, then verify the remote count; RemoteError (exit 3) on any failure or mismatch."""
    status = put_graph(plan)
    remote = count_remote(plan)
    if remote != plan.triples:
        raise RemoteError(
            plan.query_url,
            f"graph <{plan.graph}> holds {remote} triples after upload, expected {plan.triples}",
        )
    return LoadResult(plan, status, remote)
