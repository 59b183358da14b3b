"""What a load will do, checked before anything is sent: the URLs, credentials, graph and file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

from sekom_kg.core.errors import InputError
from sekom_kg.core.urls import check_endpoint, check_iri
from sekom_kg.publish.store_urls import (
    check_store_query,
    derive_query_endpoint,
    derive_update_endpoint,
    staging_graph,
)
from sekom_kg.sparql.remote import (
    Credentials,
    check_timeout,
)

DEFAULT_GRAPH = "https://w3id.org/sekom/dataset/graph/all"


#: Seconds each request of ``load`` (upload, counts, switch, clean-up) may take at most.
DEFAULT_TIMEOUT = 300.0


DUMP_FILE = "sekom.nt"
SWITCH_UPDATE = (
    "DROP SILENT GRAPH <{target}> ;\n"
    "INSERT {{ GRAPH <{target}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{staging}> {{ ?s ?p ?o }} }}"
)


#: Virtuoso runs a SPARQL Update in autocommit mode unless told otherwise; this makes the
#: whole request one transaction (rolled back on failure; not isolated from its readers).
VIRTUOSO_TRANSACTION = "DEFINE sql:log-enable 1\n"


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
    check_store_query(store.url)
    credentials = Credentials.for_endpoint(store, env)
    query = _endpoint_for("query", query_endpoint, store.url, credentials, env)
    update = _endpoint_for("update", update_endpoint, store.url, credentials, env)
    check_iri(graph, "--graph")
    timeout = check_timeout(timeout)
    path = Path(dist) / DUMP_FILE
    if not path.is_file():
        raise InputError(f"{path}: no such file (run `sekom-kg build` first)")
    return LoadPlan(
        store.url,
        query[0],
        graph,
        path,
        count_ntriples(path),
        path.stat().st_size,
        credentials,
        timeout,
        query[1],
        update[0],
        update[1],
    )


def _endpoint_for(
    what: str,
    given: str | None,
    store_url: str,
    credentials: Credentials,
    env: Mapping[str, str] | None,
) -> tuple[str, Credentials]:
    """The ``what`` (query or update) endpoint and its credentials: given, else derived."""
    if given is None:
        derive = derive_query_endpoint if what == "query" else derive_update_endpoint
        return derive(store_url), credentials
    checked = check_endpoint(given, f"--{what}-endpoint")
    own = Credentials.for_endpoint(checked, env) if checked.user is not None else credentials
    return checked.url, own
