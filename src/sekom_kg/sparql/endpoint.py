"""Run a query on a remote SPARQL 1.1 endpoint (POST, form-encoded), parameters as VALUES.

The endpoint must be an http(s) URL (checked before anything is sent: InputError, exit 2).
Credentials, the total deadline and redirects are handled as in :mod:`sekom_kg.sparql.remote`.
Every remote failure (unreachable host, HTTP error, timeout, unreadable answer) becomes one
RemoteError naming the URL without user-info and, where there is one, the HTTP status, with
the server's own message on one line.

The graph a query reads is named with the SPARQL Protocol's ``default-graph-uri`` (and
``named-graph-uri``) in the endpoint URL (``…/sparql?default-graph-uri=IRI``); they are sent
in the request body. Without one the store decides (Virtuoso: the union of all its graphs).

A result the server cut short is an error, never a partial answer: Virtuoso caps SELECT
results at its ``ResultSetMaxRows`` (10,000 by default) and says so only in an
``X-SPARQL-MaxRows`` header.

>>> split_graphs("http://h/sparql?default-graph-uri=https%3A%2F%2Fe.org%2Fg&x=1")
('http://h/sparql?x=1', [('default-graph-uri', 'https://e.org/g')])
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from rdflib import Graph
from rdflib.query import Result
from rdflib.term import Identifier, Node

from sekom_kg.core.errors import InputError, RemoteError
from sekom_kg.core.urls import check_endpoint, check_iri
from sekom_kg.sparql.queries import inject_values
from sekom_kg.sparql.remote import Credentials, check_timeout, sparql_request
from sekom_kg.sparql.results import QueryResult

DEFAULT_TIMEOUT = 60.0
_ACCEPT_GRAPH = "text/turtle"
_ACCEPT_RESULTS = "application/sparql-results+json"
GRAPH_PARAMETERS = ("default-graph-uri", "named-graph-uri")
MAX_ROWS_HEADER = "x-sparql-maxrows"


def split_graphs(url: str) -> tuple[str, list[tuple[str, str]]]:
    """``url`` without its graph parameters, and those parameters (IRIs checked)."""
    parts = urlsplit(url)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    graphs = [(name, value) for name, value in pairs if name in GRAPH_PARAMETERS]
    for name, value in graphs:
        check_iri(value, f"--endpoint {name}", InputError)
    if not graphs:
        return url, []
    rest = urlencode([(name, value) for name, value in pairs if name not in GRAPH_PARAMETERS])
    return urlunsplit(parts._replace(query=rest)), graphs


def _check_complete(url: str, headers: Mapping[str, str], rows: int) -> None:
    """RemoteError if the server says it cut the result (``X-SPARQL-MaxRows``)."""
    cap = headers.get(MAX_ROWS_HEADER)
    if cap is None:
        return
    try:
        limit = int(cap)
    except ValueError:
        limit = 0
    if rows >= limit:
        raise RemoteError(
            url,
            f"the server cut the result at {rows} rows (X-SPARQL-MaxRows: {cap.strip()[:20]}); "
            "the answer would be incomplete: narrow the query or page it with LIMIT and OFFSET",
        )


def _message(error: BaseException) -> str:
    """The first line of an error's text, at most 300 characters."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return (lines[0] if lines else type(error).__name__)[:300]


def remote_query(
    url: str,
    text: str,
    form: str,
    bindings: Mapping[str, Identifier] | None = None,
    timeout: float | None = None,
) -> QueryResult:
    """Run ``text`` on the endpoint at ``url`` with ``bindings`` injected as VALUES blocks.

    ``timeout`` (seconds, default 60) bounds the whole request.
    """
    endpoint = check_endpoint(url, "--endpoint")
    seconds = check_timeout(DEFAULT_TIMEOUT if timeout is None else timeout)
    credentials = Credentials.for_endpoint(endpoint)
    url, graphs = split_graphs(endpoint.url)
    bound = inject_values(text, bindings or {})
    graph_form = form in ("CONSTRUCT", "DESCRIBE")
    accept = _ACCEPT_GRAPH if graph_form else _ACCEPT_RESULTS
    response = sparql_request(url, bound, accept, credentials, seconds, graphs)
    data = response.body
    try:
        if graph_form:
            graph = Graph().parse(data=data, format="turtle")
        else:
            result = Result.parse(io.BytesIO(data), format="json")
    except Exception as error:  # the endpoint answered something that is not a result
        raise RemoteError(url, f"unreadable answer: {_message(error)}") from error
    if graph_form:
        _check_complete(url, response.headers, len(graph))
        return QueryResult(form, [], graph=graph)
    if form == "ASK":
        return QueryResult(form, [], boolean=bool(result.askAnswer))
    variables = [str(v) for v in result.vars or []]
    rows: list[tuple[Node | None, ...]] = [
        tuple(row.get(v) for v in (result.vars or [])) for row in result.bindings
    ]
    _check_complete(url, response.headers, len(rows))
    return QueryResult(form, variables, terms=rows)
