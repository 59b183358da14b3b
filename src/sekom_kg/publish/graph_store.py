"""Upload the built graph to a triple store (SPARQL 1.1 Graph Store Protocol) and verify it.

A load never touches the target graph until the new graph is complete and verified:

1. stage: ``PUT {store}?graph={staging}`` into a staging graph named after the target
   (:func:`staging_graph`); a store may leave a half-written graph there (Virtuoso's PUT is
   not atomic), never in the target;
2. verify: count the staging graph through the query endpoint;
3. switch: one SPARQL Update request drops the target and copies the staging graph into it.
   Oxigraph and Fuseki run an update request as one transaction, so readers see the old
   graph until it commits. For Virtuoso (recognised by its ``Server`` header) the update is
   prefixed with ``DEFINE sql:log-enable 1``, which makes it one transaction that rolls back
   on failure (by default Virtuoso commits row by row); its readers may still see a partial
   graph while the switch runs (measured: a count of 18,810 during a 2,000 → 20,000 switch);
4. count the target again, then delete the staging graph (also after any failure).

Credentials (see :mod:`sekom_kg.sparql.remote`) never appear in messages: URLs are shown with their
user-info redacted.

>>> redact("http://ann:secret@localhost:7878/store")
'http://***@localhost:7878/store'
>>> derive_query_endpoint("http://localhost:3030/ds/data")
'http://localhost:3030/ds/sparql'
>>> derive_update_endpoint("http://localhost:8890/sparql-graph-crud")
'http://localhost:8890/sparql'
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sekom_kg.core.errors import InputError, RemoteError
from sekom_kg.core.urls import check_endpoint, check_iri, redact
from sekom_kg.sparql.remote import (
    ENV_AUTH,
    ENV_PASSWORD,
    ENV_TOKEN,
    ENV_USER,
    Credentials,
    check_timeout,
    request,
    sparql_query,
)

__all__ = [
    "DEFAULT_GRAPH",
    "DEFAULT_TIMEOUT",
    "ENV_AUTH",
    "ENV_PASSWORD",
    "ENV_TOKEN",
    "ENV_USER",
    "Credentials",
    "LoadPlan",
    "LoadResult",
    "count_remote",
    "derive_query_endpoint",
    "derive_update_endpoint",
    "load",
    "plan_load",
    "put_graph",
    "redact",
    "staging_graph",
]

DEFAULT_GRAPH = "https://w3id.org/sekom/dataset/graph/all"
#: Seconds each request of ``load`` (upload, counts, switch, clean-up) may take at most.
DEFAULT_TIMEOUT = 300.0
#: The longest the clean-up of the staging graph may take after a timeout, in seconds
#: (after other failures it may take ``--timeout``: Virtuoso first rolls back).
CLEANUP_TIMEOUT = 30.0
#: Virtuoso errors after which its switch transaction was rolled back: timed out, deadlock.
VIRTUOSO_ROLLED_BACK = ("SR171", "SR172")
DUMP_FILE = "sekom.nt"
NTRIPLES = "application/n-triples"
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
COUNT_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { VALUES ?g { %s } GRAPH ?g { ?s ?p ?o } }"
SWITCH_UPDATE = (
    "DROP SILENT GRAPH <{target}> ;\n"
    "INSERT {{ GRAPH <{target}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{staging}> {{ ?s ?p ?o }} }}"
)
#: Virtuoso runs a SPARQL Update in autocommit mode unless told otherwise; this makes the
#: whole request one transaction (rolled back on failure; not isolated from its readers).
VIRTUOSO_TRANSACTION = "DEFINE sql:log-enable 1\n"


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


@dataclass(frozen=True)
class LoadPlan:
    """What ``load`` will do: which file goes to which graph of which store, and how."""

    store_url: str
    query_url: str
    graph: str
    path: Path
    triples: int
    bytes: int
    credentials: Credentials
    timeout: float = DEFAULT_TIMEOUT
    #: For the counts: user-info in ``--query-endpoint``, else ``credentials``.
    query_credentials: Credentials | None = None
    #: Where the switch is sent (SPARQL 1.1 Update); derived from the store URL if None.
    update_url: str = ""
    #: For the switch: user-info in ``--update-endpoint``, else ``credentials``.
    update_credentials: Credentials | None = None

    @property
    def staging(self) -> str:
        """The staging graph the file is uploaded to first."""
        return staging_graph(self.graph)

    def _graph_url(self, graph: str) -> str:
        parts = urlsplit(self.store_url)
        name = urlencode({"graph": graph})
        return urlunsplit(parts._replace(query=f"{parts.query}&{name}" if parts.query else name))

    def put_url(self) -> str:
        """The exact PUT URL: the store URL, its own query kept, plus ``graph=STAGING``."""
        return self._graph_url(self.staging)

    def switch_update(self, virtuoso: bool = False) -> str:
        """The SPARQL Update that replaces the target graph with the staging graph."""
        text = SWITCH_UPDATE.format(target=self.graph, staging=self.staging)
        return VIRTUOSO_TRANSACTION + text if virtuoso else text


def count_ntriples(path: Path) -> int:
    """The triples in a build's N-Triples file (one unique triple per non-blank line)."""
    with path.open("rb") as stream:
        return sum(1 for line in stream if line.strip() and not line.startswith(b"#"))


def _check_store_query(store_url: str) -> None:
    """Refuse a store URL whose own query already picks a graph (it would be ambiguous)."""
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
    update_endpoint: str | None = None,
) -> LoadPlan:
    """Check the options and the built file before anything is sent; InputError if wrong.

    The URLs must be absolute http(s) URLs without a fragment. Credentials come from the
    environment, else from user-info in ``endpoint`` (see :mod:`sekom_kg.sparql.remote`); they are
    sent only in the ``Authorization`` header.
    """
    store = check_endpoint(endpoint, "--endpoint")
    _check_store_query(store.url)
    credentials = Credentials.for_endpoint(store, env)
    urls: dict[str, tuple[str, Credentials]] = {}
    for what, given, derive in (
        ("query", query_endpoint, derive_query_endpoint),
        ("update", update_endpoint, derive_update_endpoint),
    ):
        if given is None:
            urls[what] = (derive(store.url), credentials)
            continue
        checked = check_endpoint(given, f"--{what}-endpoint")
        own = Credentials.for_endpoint(checked, env) if checked.user is not None else credentials
        urls[what] = (checked.url, own)
    check_iri(graph, "--graph")
    timeout = check_timeout(timeout)
    path = Path(dist) / DUMP_FILE
    if not path.is_file():
        raise InputError(f"{path}: no such file (run `sekom-kg build` first)")
    return LoadPlan(
        store.url,
        urls["query"][0],
        graph,
        path,
        count_ntriples(path),
        path.stat().st_size,
        credentials,
        timeout,
        urls["query"][1],
        urls["update"][0],
        urls["update"][1],
    )


@dataclass(frozen=True)
class Staged:
    """The answer to the staging PUT: its status and the store's ``Server`` header."""

    status: int
    server: str
    #: The bulk loader that staged the graph ("" for the Graph Store PUT).
    via: str = ""
    #: The bulk path's own switch (None: the SPARQL Update of :func:`switch`).
    switch: Callable[[], None] | None = field(default=None, compare=False)

    @property
    def virtuoso(self) -> bool:
        return self.server.lower().startswith("virtuoso")


def put_graph(plan: LoadPlan) -> Staged:
    """PUT the file into the staging graph (streamed); RemoteError on failure."""
    with plan.path.open("rb") as body:
        response = request(
            "PUT",
            plan.put_url(),
            body=body,
            headers={"Content-Type": NTRIPLES, "Content-Length": str(plan.bytes)},
            credentials=plan.credentials,
            timeout=plan.timeout,
        )
    return Staged(response.status, response.server)


def _count(plan: LoadPlan, graph: str) -> int:
    text = COUNT_QUERY % f"<{graph}>"  # plan_load checked it is a valid IRI
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


def count_remote(plan: LoadPlan) -> int:
    """The number of triples in the plan's target graph, asked through the query endpoint."""
    return _count(plan, plan.graph)


def switch(plan: LoadPlan, virtuoso: bool = False) -> None:
    """Replace the target graph with the staging graph in one SPARQL Update request."""
    request(
        "POST",
        plan.update_url,
        body=urlencode({"update": plan.switch_update(virtuoso)}).encode("utf-8"),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        credentials=plan.update_credentials or plan.credentials,
        timeout=plan.timeout,
    )


def drop_staging(plan: LoadPlan, timeout: float | None = None) -> None:
    """Delete the staging graph (Graph Store ``DELETE``); a missing graph (404) is fine."""
    try:
        request(
            "DELETE",
            plan.put_url(),
            credentials=plan.credentials,
            timeout=plan.timeout if timeout is None else timeout,
        )
    except RemoteError as error:
        if error.status != 404:
            raise


@dataclass(frozen=True)
class LoadResult:
    """The outcome of a verified load."""

    plan: LoadPlan
    status: int
    remote_triples: int
    #: The store's ``Server`` header, as the staging PUT answered it.
    server: str = ""
    #: The bulk loader that staged the graph ("" for the Graph Store PUT).
    via: str = ""

    @property
    def virtuoso(self) -> bool:
        return self.server.lower().startswith("virtuoso")


def _explained(plan: LoadPlan, error: RemoteError, before_switch: bool, kept: bool) -> RemoteError:
    """``error``, saying whether the target is unchanged and if the staging graph is left."""
    notes = [f"graph <{plan.graph}> is unchanged"] if before_switch else []
    if kept:
        notes.append(f"the staging graph <{plan.staging}> could not be removed")
    if not notes:
        return error
    return RemoteError(error.url, f"{error.message}; {'; '.join(notes)}", error.status)


def load(plan: LoadPlan, stage: Callable[[LoadPlan], Staged] | None = None) -> LoadResult:
    """Stage, verify, switch, verify; RemoteError (exit 3) on any failure or mismatch.

    ``stage`` fills the staging graph (default :func:`put_graph`; a bulk loader, see
    :mod:`sekom_kg.publish.bulk_load`). Until the switch is sent the target graph is never touched;
    after any failure the staging graph is deleted (best effort; after a timeout within
    :data:`CLEANUP_TIMEOUT`).
    """
    before_switch = True
    try:
        staged = (stage or put_graph)(plan)
        staged_count = _count(plan, plan.staging)
        if staged_count != plan.triples:
            raise RemoteError(
                plan.query_url,
                f"staging graph <{plan.staging}> holds {staged_count} triples after upload, "
                f"expected {plan.triples}",
            )
        before_switch = False
        try:
            staged.switch() if staged.switch else switch(plan, staged.virtuoso)
        except RemoteError as error:
            if staged.virtuoso and any(code in error.message for code in VIRTUOSO_ROLLED_BACK):
                before_switch = True  # Virtuoso rolled the transaction back (measured)
                raise RemoteError(
                    error.url,
                    f"{error.message}; the switch was rolled back (for graphs this large on "
                    "Virtuoso, use its bulk loader, see the README)",
                    error.status,
                ) from None
            raise
        remote = count_remote(plan)
        if remote != plan.triples:
            raise RemoteError(
                plan.query_url,
                f"graph <{plan.graph}> holds {remote} triples after the switch, "
                f"expected {plan.triples}",
            )
    except BaseException as error:  # also an interrupt: never leave the staging graph
        kept = False
        failure = error if isinstance(error, RemoteError) else None
        unreached = failure is not None and failure.message.startswith("cannot connect")
        timed_out = failure is not None and failure.message.startswith("timed out")
        try:
            if not unreached:  # nothing was staged if the store was never reached
                drop_staging(plan, min(plan.timeout, CLEANUP_TIMEOUT) if timed_out else None)
        except RemoteError:
            kept = True
        if isinstance(error, RemoteError):
            raise _explained(plan, error, before_switch, kept) from None
        raise
    drop_staging(plan)
    return LoadResult(plan, staged.status, remote, staged.server, staged.via)
