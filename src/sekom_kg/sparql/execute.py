"""Running a bound query: on the embedded graph (pyoxigraph; rdflib on request) or an endpoint."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any

from rdflib import Graph
from rdflib.term import Identifier

from sekom_kg.core import resources
from sekom_kg.core.errors import InputError, QueryError, QuerySyntaxError, SekomError
from sekom_kg.sparql.embedded import published_graph, store_at
from sekom_kg.sparql.queries import Query, uses_service
from sekom_kg.sparql.results import QueryResult

_SERVICE_REFUSED = (
    "the query calls another endpoint (SERVICE); embedded queries make no network "
    "requests unless allowed (--allow-service, or run_query(..., allow_service=True))"
)


def run_on_rdflib(graph: Graph, query: Query, bindings: Mapping[str, Identifier]) -> QueryResult:
    """Evaluate on an rdflib graph with ``initBindings``."""
    try:
        result = graph.query(query.text, initBindings=dict(bindings))
        if query.form == "ASK":
            return QueryResult(query.form, [], boolean=bool(result.askAnswer))
        if query.form in ("CONSTRUCT", "DESCRIBE"):
            graph_result = Graph()
            for triple in result:
                graph_result.add(triple)  # type: ignore[arg-type]
            return QueryResult(query.form, [], graph=graph_result)
        variables = [str(v) for v in result.vars or []]
        rows = [tuple(row) for row in result]  # type: ignore[arg-type]
    except Exception as error:
        raise _undeclared_prefix(query, error) or QueryError(
            f"{query.source}: query failed: {error}"
        ) from error
    return QueryResult(query.form, variables, terms=rows)  # type: ignore[arg-type]


_UNKNOWN_PREFIX = re.compile(r"^Unknown namespace prefix : (\S*)$")


def _undeclared_prefix(query: Query, error: Exception) -> QuerySyntaxError | None:
    """rdflib's "Unknown namespace prefix" (which has no position) at the prefix's first use."""
    unknown = _UNKNOWN_PREFIX.match(str(error))
    if unknown is None:
        return None
    use = re.search(rf"(?<![\w:<.-]){re.escape(unknown.group(1))}:", query.text)
    if use is None:
        return None
    line = query.text.count("\n", 0, use.start()) + 1
    column = use.start() - (query.text.rfind("\n", 0, use.start()) + 1) + 1
    return QuerySyntaxError(query.source, line, column, f"undeclared prefix {unknown.group(1)}:")


#: Local query engines: ``oxigraph`` (default, proven equal) or ``rdflib`` (the reference).
QUERY_ENGINE_ENV = "SEKOM_KG_QUERY_ENGINE"


QUERY_ENGINES = ("oxigraph", "rdflib")


def _embedded_store() -> Any:
    """What opens the pyoxigraph store to query, or None to use rdflib (chosen, missing or
    unfaithful); a query worker opens it in the child, so no handle crosses a fork."""
    engine = os.environ.get(QUERY_ENGINE_ENV) or "oxigraph"
    if engine not in QUERY_ENGINES:
        raise InputError(
            f"${QUERY_ENGINE_ENV}: unknown query engine {engine!r} "
            f"(valid: {', '.join(QUERY_ENGINES)})"
        )
    if engine == "rdflib":
        return None
    try:
        return store_at(resources.bundle_root())
    except SekomError:
        raise
    except Exception:  # pyoxigraph missing or unusable: the reference answers
        return None


def run_embedded(
    query: Query,
    bindings: Mapping[str, Identifier],
    timeout: float | None = None,
    allow_service: bool = False,
) -> QueryResult:
    """Run on the published graph: pyoxigraph if available, else rdflib.

    The graph is loaded here; only the evaluation runs under ``timeout`` (in a child
    process that is killed when time is up, see :mod:`sekom_kg.sparql.worker`). A query that
    pyoxigraph cannot parse goes to rdflib; one that fails while it runs is not re-run.
    """
    from sekom_kg.sparql.worker import call_with_deadline

    if not allow_service and uses_service(query.text):
        raise InputError(f"{query.source}: {_SERVICE_REFUSED}")
    store = _embedded_store()
    if store is not None:
        from sekom_kg.sparql.oxigraph_engine import run_on_store

        try:
            return call_with_deadline(
                lambda: run_on_store(store.open(), query, bindings), timeout, query.source
            )
        except SyntaxError as error:
            # a syntax only rdflib accepts (e.g. \u escapes): the reference decides, and if it
            # refuses too, the error is located where pyoxigraph's parser stopped
            return _rdflib_or_located(query, bindings, timeout, error)
        except SekomError:
            raise
        except Exception as error:  # evaluation failed: the query's (or a SERVICE's) fault
            raise QueryError(f"{query.source}: query failed: {error}") from error
    graph = published_graph()
    return call_with_deadline(lambda: run_on_rdflib(graph, query, bindings), timeout, query.source)


_OXIGRAPH_QUERY_LOCATION = re.compile(r"^error at (\d+):(\d+): ")


def _rdflib_or_located(
    query: Query, bindings: Mapping[str, Identifier], timeout: float | None, error: SyntaxError
) -> QueryResult:
    """rdflib's answer to a query pyoxigraph cannot parse, else a located QuerySyntaxError."""
    from sekom_kg.sparql.worker import call_with_deadline

    graph = published_graph()
    try:
        return call_with_deadline(
            lambda: run_on_rdflib(graph, query, bindings), timeout, query.source
        )
    except QueryError as refused:
        message = str(error.msg or error)
        located = _OXIGRAPH_QUERY_LOCATION.match(message)
        if located is None:
            raise
        reason = str(refused).removeprefix(f"{query.source}: query failed: ")
        raise QuerySyntaxError(
            query.source, int(located.group(1)), int(located.group(2)), reason
        ) from None


def execute(
    query: Query,
    bindings: Mapping[str, Identifier],
    endpoint: str | None,
    timeout: float | None,
    allow_service: bool = False,
) -> QueryResult:
    if endpoint is None:
        return run_embedded(query, bindings, timeout, allow_service)
    from sekom_kg.sparql.endpoint import remote_query

    return remote_query(endpoint, query.text, query.form, bindings, timeout)
