"""Run a query on a remote SPARQL 1.1 endpoint (SPARQLWrapper), parameters as VALUES.

Every failure (unreachable host, HTTP error, timeout, unreadable answer) becomes one
RemoteError naming the URL and, where there is one, the HTTP status.
"""

from __future__ import annotations

import io
import socket
import urllib.error
from collections.abc import Mapping

from rdflib import Graph
from rdflib.query import Result
from rdflib.term import Identifier

from sekom_kg import __version__
from sekom_kg.errors import RemoteError
from sekom_kg.queries import inject_values
from sekom_kg.results import QueryResult

_STATUS = {
    "QueryBadFormed": 400,
    "Unauthorized": 401,
    "EndPointNotFound": 404,
    "URITooLong": 414,
    "EndPointInternalError": 500,
}
DEFAULT_TIMEOUT = 60.0


def _message(error: BaseException) -> str:
    """The first line of an error's text, without SPARQLWrapper's boilerplate."""
    text = str(error).strip().replace("\\n", "\n")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    useful = [line for line in lines if not line.startswith("Response:")]
    return (useful[-1] if useful else type(error).__name__)[:300]


def _fetch(url: str, text: str, graph_form: bool, timeout: float) -> bytes:
    """POST the query and return the answer's bytes; RemoteError on any failure."""
    from SPARQLWrapper import JSON, POST, TURTLE, URLENCODED, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    client = SPARQLWrapper(url, agent=f"sekom-kg/{__version__}")
    client.setQuery(text)
    client.setMethod(POST)
    client.setRequestMethod(URLENCODED)
    client.setReturnFormat(TURTLE if graph_form else JSON)
    client.setTimeout(max(1, round(timeout)))
    try:
        response = client.query().response
        return response.read()
    except SPARQLWrapperException as error:
        status = _STATUS.get(type(error).__name__)
        raise RemoteError(url, _message(error), status) from error
    except urllib.error.HTTPError as error:
        raise RemoteError(url, error.reason or "HTTP error", error.code) from error
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError | socket.timeout):
            raise RemoteError(url, f"timed out after {timeout:g} s") from error
        raise RemoteError(url, f"unreachable ({reason})") from error
    except TimeoutError as error:
        raise RemoteError(url, f"timed out after {timeout:g} s") from error
    except (OSError, ValueError) as error:
        raise RemoteError(url, _message(error) or "request failed") from error


def remote_query(
    url: str,
    text: str,
    form: str,
    bindings: Mapping[str, Identifier] | None = None,
    timeout: float | None = None,
) -> QueryResult:
    """Run ``text`` on the endpoint at ``url`` with ``bindings`` injected as VALUES blocks."""
    bound = inject_values(text, bindings or {})
    graph_form = form in ("CONSTRUCT", "DESCRIBE")
    data = _fetch(url, bound, graph_form, timeout or DEFAULT_TIMEOUT)
    try:
        if graph_form:
            return QueryResult(form, [], graph=Graph().parse(data=data, format="turtle"))
        result = Result.parse(io.BytesIO(data), format="json")
    except Exception as error:  # the endpoint answered something that is not a result
        raise RemoteError(url, f"unreadable answer: {_message(error)}") from error
    if form == "ASK":
        return QueryResult(form, [], boolean=bool(result.askAnswer))
    variables = [str(v) for v in result.vars or []]
    rows = [tuple(row.get(v) for v in (result.vars or [])) for row in result.bindings]
    return QueryResult(form, variables, terms=rows)
