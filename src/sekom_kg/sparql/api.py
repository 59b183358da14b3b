"""Run catalogue queries on the embedded (published) graph or on any SPARQL 1.1 endpoint.

>>> result = run_query("19_activity_in_year", {"year": "2003"})
>>> result.boolean
False
>>> len(run_query("01_events_per_year")) == len(range(2002, 2022))
True
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.term import Identifier

from sekom_kg.core.errors import InputError
from sekom_kg.core.namespaces import BASE
from sekom_kg.sparql.embedded import graph, published_graph, published_store, store
from sekom_kg.sparql.execute import execute
from sekom_kg.sparql.params import ParamType
from sekom_kg.sparql.queries import Query, find_query, in_language, query_form
from sekom_kg.sparql.rebase import rebase_query, rebase_text
from sekom_kg.sparql.results import QueryResult

_COUNTRY_LOOKUP = """PREFIX sekom: <https://w3id.org/sekom/ontology#>
SELECT ?country ?code WHERE { ?country sekom:countryCode ?code . } ORDER BY ?code ?country"""
#: The one code asked for (an index lookup, not a list of every country); of several
#: countries with that code, the last IRI in order (as the full list would give).
_COUNTRY_BY_CODE = """PREFIX sekom: <https://w3id.org/sekom/ontology#>
SELECT ?country WHERE { ?country sekom:countryCode ?code . } ORDER BY DESC(?country) LIMIT 1"""


def _country_iri(code: Literal, endpoint: str | None, timeout: float | None) -> URIRef:
    """Map an ISO country code to the country's IRI by a lookup in the same graph."""
    by_code = Query("country-lookup", _COUNTRY_BY_CODE, "SELECT", "<country lookup>")
    found = execute(by_code, {"code": code}, endpoint, timeout).terms
    if found and isinstance(found[0][0], URIRef):
        return found[0][0]
    lookup = Query("country-lookup", _COUNTRY_LOOKUP, "SELECT", "<country lookup>")
    known = {str(row[1]) for row in execute(lookup, {}, endpoint, timeout).terms if row[0]}
    valid = ", ".join(sorted(known)) or "none"
    raise InputError(f"unknown country code {str(code)!r} (known: {valid})")


def bind_parameters(
    query: Query,
    values: Mapping[str, object] | None,
    endpoint: str | None = None,
    timeout: float | None = None,
) -> dict[str, Identifier]:
    """Validate ``values`` against the declared parameters, fill in defaults, make terms.

    :param query: the query whose declared parameters apply.
    :param values: the values by parameter name (any value is taken as its text).
    :param endpoint: where to look up a country code's IRI (None: the published graph).
    :param timeout: seconds allowed for that lookup (None: no limit).
    :raises InputError: for an undeclared parameter, a missing or ill-formed value or an
        unknown country code.

    >>> bind_parameters(load("12"), {"year": 2017})["year"]
    rdflib.term.Literal('2017', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
    """
    given = {name: str(value) for name, value in (values or {}).items()}
    for name in given:
        query.parameter(name)  # raises, listing the valid parameters
    bindings: dict[str, Identifier] = {}
    for param in query.parameters:
        raw = given.get(param.name, param.default)
        if raw is None:
            raise InputError(f"query {query.name}: parameter {param.name!r} needs a value")
        term = param.term(raw)
        if param.type is ParamType.COUNTRY_CODE:
            assert isinstance(term, Literal)
            term = _country_iri(term, endpoint, timeout)
        bindings[param.name] = term
    return bindings


def load(query: str | Path | Query) -> Query:
    """A Query from a catalogue name, a ``.rq`` path or a Query.

    :param query: a catalogue name (or its number, e.g. ``"01"``), a ``.rq`` path or a Query.
    :raises InputError: for an unknown name or a file that cannot be read.
    :raises QuerySyntaxError: for a query that does not parse.

    >>> load("01").name
    '01_events_per_year'
    """
    if isinstance(query, Query):
        return query
    return find_query(query)


def bound_query_text(
    query: str | Path | Query,
    params: Mapping[str, object] | None = None,
    lang: str = "en",
    base: str | None = None,
) -> str:
    """The text that runs for ``query``: one ``VALUES`` block per parameter, as sent.

    This is what pyoxigraph and an endpoint receive (rdflib gets the same terms as
    ``initBindings``). Parameters and ``lang`` are validated as for :func:`run_query`; a
    country code is mapped to its IRI in the published graph. Nothing else runs.

    :param query: a catalogue name, a ``.rq`` path or a Query.
    :param params: parameter values by name, as for :func:`run_query`.
    :param lang: the label language, ``"en"`` or ``"sv"``.
    :param base: the base the queried graph was minted under (as for :func:`run_query`).
    :raises InputError: for an unknown query, parameter or language, or a bad value.

    >>> print(bound_query_text("12", {"year": "2017"}).split("WHERE {")[1].splitlines()[1])
      VALUES ?year { "2017"^^<http://www.w3.org/2001/XMLSchema#integer> }
    """
    from sekom_kg.sparql.queries import inject_values

    resolved = on_base(in_language(load(query), lang), base)
    bindings = {
        name: URIRef(rebase_text(str(term), base)) if base and isinstance(term, URIRef) else term
        for name, term in bind_parameters(resolved, params).items()
    }
    return inject_values(resolved.text, bindings)


def on_base(query: Query, base: str | None, endpoint: str | None = "") -> Query:
    """``query`` with its IRIs moved to ``base`` (a graph built with ``--base``); see rebase.

    Only a remote graph can have another base: the embedded one has the default base.
    """
    if base is None:
        return query
    from sekom_kg.core.urls import check_base

    check_base(base, "--base")
    if endpoint is None and base != BASE:
        raise InputError("--base: the embedded graph has the default base; use it with --endpoint")
    return rebase_query(query, base)


def run_query(
    query: str | Path | Query,
    params: Mapping[str, object] | None = None,
    *,
    endpoint: str | None = None,
    timeout: float | None = None,
    python_values: bool = True,
    allow_service: bool = False,
    lang: str = "en",
    base: str | None = None,
) -> QueryResult:
    """Run a catalogue query (name), a ``.rq`` file or a Query, embedded or on ``endpoint``.

    Parameters are validated and bound as data (``initBindings`` locally, ``VALUES``
    remotely). Embedded, a ``SERVICE`` clause is refused before anything runs unless
    ``allow_service``: an embedded query sends no request by default.

    :param query: a catalogue name (``"01"`` or ``"01_events_per_year"``), a ``.rq`` path
        or a Query.
    :param params: parameter values by name (``{"year": 2017}``, ``{"country": "cl"}``).
    :param endpoint: a SPARQL 1.1 endpoint URL to query instead of the published graph.
    :param timeout: seconds the evaluation may take (None: no limit).
    :param python_values: False makes ``result.rows`` hold rdflib terms instead of Python
        values (``result.terms`` always holds the terms).
    :param allow_service: let an embedded query call other endpoints (``SERVICE``).
    :param lang: the label language of a bundled query, ``"en"`` or ``"sv"``.
    :param base: the base the graph at ``endpoint`` was minted under (``build --base``):
        the IRIs of the query text and of its defaults move there.
    :returns: a :class:`~sekom_kg.sparql.results.QueryResult`: rows (SELECT), a boolean (ASK) or
        a graph (CONSTRUCT, DESCRIBE).
    :raises InputError: for an unknown query, parameter or language, a bad value or a
        refused ``SERVICE``.
    :raises QuerySyntaxError: for a query that does not parse (with line and column).
    :raises QueryTimeoutError: when ``timeout`` runs out.
    :raises QueryError: when the query fails while it runs.
    :raises RemoteError: when ``endpoint`` cannot be reached or answers with an error.

    >>> result = run_query("12", {"year": 2017})
    >>> row = next(iter(result))
    >>> sorted(row) == sorted(result.variables), len(result) == len(result.rows)
    (True, True)
    """
    resolved = on_base(in_language(load(query), lang), base, endpoint)
    bindings = bind_parameters(resolved, params, endpoint, timeout)
    result = execute(resolved, bindings, endpoint, timeout, allow_service)
    result.python_values = python_values
    return result


def run_text(
    text: str,
    endpoint: str | None = None,
    timeout: float | None = None,
    allow_service: bool = False,
) -> QueryResult:
    """Run a SPARQL query given as text, without parameters, embedded or on ``endpoint``.

    :param text: the query (SELECT, ASK, CONSTRUCT or DESCRIBE), with its prefixes.
    :param endpoint: a SPARQL 1.1 endpoint URL to query instead of the published graph.
    :param timeout: seconds the evaluation may take (None: no limit).
    :param allow_service: let an embedded query call other endpoints (``SERVICE``).
    :raises InputError: for an update, a refused ``SERVICE`` or a bad ``timeout``.
    :raises QuerySyntaxError: for a query that does not parse.
    :raises QueryTimeoutError: when ``timeout`` runs out.
    :raises QueryError: when the query fails while it runs.
    :raises RemoteError: when ``endpoint`` cannot be reached or answers with an error.

    >>> run_text("ASK { ?s a <https://schema.org/Event> }").boolean
    True
    """
    query = Query("text", text, query_form(text, "<text>"), "<text>")
    return execute(query, {}, endpoint, timeout, allow_service)


#: The Python API: queries here, the embedded graph and store from :mod:`.embedded`.
__all__ = [
    "bind_parameters",
    "bound_query_text",
    "graph",
    "load",
    "on_base",
    "published_graph",
    "published_store",
    "run_query",
    "run_text",
    "store",
]
