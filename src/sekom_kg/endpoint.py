"""Run a query on a remote SPARQL 1.1 endpoint (POST, form-encoded), parameters as VALUES.

The endpoint must be an http(s) URL (checked before anything is sent: InputError, exit 2).
Credentials, the total deadline and redirects are handled as in :mod:`sekom_kg.remote`.
Every remote failure (unreachable host, HTTP error, timeout, unreadable answer) becomes one
RemoteError naming the URL without user-info and, where there is one, the HTTP status.
"""

from __future__ import annotations

import io
from collections.abc import Mapping

from rdflib import Graph
from rdflib.query import Result
from rdflib.term import Identifier, Node

from sekom_kg.errors import RemoteError
from sekom_kg.queries import inject_values
from sekom_kg.remote import Credentials, check_timeout, sparql_query
from sekom_kg.results import QueryResult
from sekom_kg.urls import check_endpoint

DEFAULT_TIMEOUT = 60.0
_ACCEPT_GRAPH = "text/turtle"
_ACCEPT_RESULTS = "application/sparql-results+json"


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
    url = endpoint.url
    bound = inject_values(text, bindings or {})
    graph_form = form in ("CONSTRUCT", "DESCRIBE")
    accept = _ACCEPT_GRAPH if graph_form else _ACCEPT_RESULTS
    data = sparql_query(url, bound, accept, credentials, seconds)
    try:
        if graph_form:
            return QueryResult(form, [], graph=Graph().parse(data=data, format="turtle"))
        result = Result.parse(io.BytesIO(data), format="json")
    except Exception as error:  # the endpoint answered something that is not a result
        raise RemoteError(url, f"unreadable answer: {_message(error)}") from error
    if form == "ASK":
        return QueryResult(form, [], boolean=bool(result.askAnswer))
    variables = [str(v) for v in result.vars or []]
    rows: list[tuple[Node | None, ...]] = [
        tuple(row.get(v) for v in (result.vars or [])) for row in result.bindings
    ]
    return QueryResult(form, variables, terms=rows)
