"""Upload the built graph to a triple store (SPARQL 1.1 Graph Store Protocol) and verify it.

``PUT {store}?graph={IRI}`` replaces exactly one named graph; Oxigraph and Fuseki apply it
atomically, so a failed upload leaves the previous graph as it was. The triple count is
then checked through the query endpoint. Credentials come from the environment and never
appear in messages: URLs are shown with their user-info redacted.

>>> redact("http://ann:secret@localhost:7878/store")
'http://***@localhost:7878/store'
>>> derive_query_endpoint("http://localhost:3030/ds/data")
'http://localhost:3030/ds/sparql'
"""

from __future__ import annotations

import base64
import http.client
import os
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from sekom_kg.errors import InputError, RemoteError

DEFAULT_GRAPH = "https://w3id.org/sekom/dataset/graph/all"
DUMP_FILE = "sekom.nt"
NTRIPLES = "application/n-triples"
_NOT_IN_IRI = ' <>"{}|\\^`'
ENV_USER, ENV_PASSWORD, ENV_TOKEN = (
    "SEKOM_KG_ENDPOINT_USER",
    "SEKOM_KG_ENDPOINT_PASSWORD",
    "SEKOM_KG_ENDPOINT_TOKEN",
)
#: Graph Store path suffix → query path suffix (Oxigraph, Fuseki).
QUERY_PATHS = {"/store": "/query", "/data": "/sparql"}
COUNT_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { VALUES ?g { %s } GRAPH ?g { ?s ?p ?o } }"


def redact(url: str) -> str:
    """``url`` with any user-info replaced by ``***``."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc="***@" + parts.netloc.rsplit("@", 1)[1]))


def _split_userinfo(url: str) -> tuple[str, tuple[str, str] | None]:
    """``url`` without user-info, and the (user, password) it held, if any."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url, None
    userinfo, host = parts.netloc.rsplit("@", 1)
    user, _, password = userinfo.partition(":")
    return urlunsplit(parts._replace(netloc=host)), (unquote(user), unquote(password))


def _check_url(url: str, option: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(f"{option}: expected an http(s) URL, got {redact(url)!r}")
    return url


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
class Credentials:
    """HTTP credentials: a bearer token, or a user and password (Basic)."""

    user: str | None = None
    password: str | None = None
    token: str | None = None

    def header(self) -> str | None:
        """The ``Authorization`` header value, or None."""
        if self.token:
            return f"Bearer {self.token}"
        if self.user is not None:
            pair = f"{self.user}:{self.password or ''}".encode()
            return "Basic " + base64.b64encode(pair).decode("ascii")
        return None

    def kind(self) -> str:
        """How the request authenticates, without any secret: Bearer, Basic or none."""
        return "Bearer token" if self.token else "Basic" if self.user is not None else "none"

    def __repr__(self) -> str:  # never show secrets, also not in --debug tracebacks
        return "Credentials(***)"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Credentials:
        env = os.environ if env is None else env
        return cls(env.get(ENV_USER), env.get(ENV_PASSWORD), env.get(ENV_TOKEN))


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

    def put_url(self) -> str:
        """The Graph Store URL with ``?graph=IRI`` (or ``&graph=`` after an existing query)."""
        joiner = "&" if urlsplit(self.store_url).query else "?"
        return f"{self.store_url}{joiner}graph={quote(self.graph, safe='')}"


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
) -> LoadPlan:
    """Check the options and the built file; InputError if something is wrong.

    The graph store must not be given credentials in the URL unless no environment
    credentials are set; either way they are sent only in the ``Authorization`` header.
    """
    path = Path(dist) / DUMP_FILE
    if not path.is_file():
        raise InputError(f"{path}: no such file (run `sekom-kg build` first)")
    store, userinfo = _split_userinfo(_check_url(endpoint, "--endpoint"))
    query = (
        _split_userinfo(_check_url(query_endpoint, "--query-endpoint"))[0]
        if (query_endpoint)
        else derive_query_endpoint(store)
    )
    iri = urlsplit(graph)
    if not iri.scheme or any(c in graph for c in _NOT_IN_IRI) or any(ord(c) < 33 for c in graph):
        raise InputError(f"--graph: expected an absolute IRI, got {graph!r}")
    credentials = Credentials.from_env(env)
    if userinfo and credentials.header() is None:
        credentials = Credentials(*userinfo)
    return LoadPlan(
        store, query, graph, path, count_ntriples(path), path.stat().st_size, credentials
    )


def _remote_error(url: str, error: BaseException) -> RemoteError:
    if isinstance(error, urllib.error.HTTPError):
        return RemoteError(redact(url), f"{error.reason}".strip() or "request failed", error.code)
    reason = getattr(error, "reason", None) or error
    return RemoteError(redact(url), f"cannot connect: {reason}")


def put_graph(plan: LoadPlan, timeout: float = 300) -> int:
    """PUT the file into the graph (streamed); returns the HTTP status or raises RemoteError."""
    url = plan.put_url()
    with plan.path.open("rb") as body:
        request = urllib.request.Request(url, data=body, method="PUT")
        request.add_header("Content-Type", NTRIPLES)
        request.add_header("Content-Length", str(plan.bytes))
        header = plan.credentials.header()
        if header:
            request.add_header("Authorization", header)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return int(response.status)
        except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as error:
            raise _remote_error(plan.store_url, error) from None


def count_remote(plan: LoadPlan, timeout: float = 120) -> int:
    """The number of triples in the plan's graph, asked through the query endpoint."""
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    client = SPARQLWrapper(plan.query_url)
    client.setTimeout(int(timeout))
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    header = plan.credentials.header()
    if header:
        client.addCustomHttpHeader("Authorization", header)
    client.setQuery(COUNT_QUERY % f"<{plan.graph}>")  # plan_load rejected <>"{}|^`\\ etc.
    try:
        result = client.queryAndConvert()
    except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
        raise _remote_error(plan.query_url, error) from None
    except Exception as error:  # SPARQLWrapper wraps HTTP errors in its own types
        status = getattr(getattr(error, "__cause__", None), "code", None)
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise RemoteError(redact(plan.query_url), message, status) from None
    try:
        return int(result["results"]["bindings"][0]["n"]["value"])  # type: ignore[index]
    except (KeyError, IndexError, TypeError, ValueError) as error:
        raise RemoteError(redact(plan.query_url), "unexpected count result") from error


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
            redact(plan.query_url),
            f"graph <{plan.graph}> holds {remote} triples after upload, expected {plan.triples}",
        )
    return LoadResult(plan, status, remote)
