"""Local SPARQL on a pyoxigraph Store, with results as rdflib terms.

rdflib stays the result API (:class:`~sekom_kg.sparql.results.QueryResult` holds rdflib terms);
pyoxigraph only evaluates. ``tests/test_query_engines.py`` proves that every bundled query
gives the same result set on both engines (numbers compared by value).
Parameters are bound as a ``VALUES`` block (as for remote endpoints): SEP-0007
substitution in pyoxigraph requires the variable to be projected, which ours are not.

>>> from rdflib import Literal, URIRef
>>> to_rdflib(from_rdflib(Literal("x", lang="sv"))) == Literal("x", lang="sv")
True
>>> to_rdflib(from_rdflib(URIRef("http://a/b")))
rdflib.term.URIRef('http://a/b')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.plugins.stores.memory import SimpleMemory
from rdflib.term import Identifier, Node

from sekom_kg.sparql.results import QueryResult

if TYPE_CHECKING:
    from sekom_kg.sparql.queries import Query

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def faithful_store(ntriples: bytes) -> ox.Store | None:
    """A Store of sorted, unique ``ntriples``, or None if the store changed any triple.

    pyoxigraph keeps typed literals in canonical form, so ``"1.50"^^xsd:decimal`` would
    come back as ``"1.5"``; queries on such a graph must not be answered by the store.
    """
    from sekom_kg.assembly.ntriples import NTriples

    store = store_from_ntriples(ntriples)
    kept = NTriples.from_triples(store, canonical=False).lines
    return store if kept == NTriples.from_bytes(ntriples, canonical=False).lines else None


def store_from_ntriples(ntriples: bytes | None = None, path: str | None = None) -> ox.Store:
    """An in-memory Store holding the N-Triples ``ntriples`` (or the file at ``path``)."""
    store = ox.Store()
    if path is not None:
        store.bulk_load(path=path, format=ox.RdfFormat.N_TRIPLES)
    else:
        store.bulk_load(ntriples or b"", format=ox.RdfFormat.N_TRIPLES)
    return store


def to_rdflib(term: Any) -> Node | None:
    """A pyoxigraph term as the rdflib term rdflib's own engine would return."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"unsupported term {term!r}")


def from_rdflib(term: Identifier) -> Any:
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None and str(term.datatype) != _LANG_STRING:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported term {term!r}")


def run_on_store(store: ox.Store, query: Query, bindings: Mapping[str, Identifier]) -> QueryResult:
    """Evaluate ``query`` on ``store`` with ``bindings`` substituted; errors propagate."""
    from sekom_kg.sparql.queries import inject_values

    answer = store.query(inject_values(query.text, bindings))
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult("ASK", [], boolean=bool(answer))
    convert = _memoised_to_rdflib()
    if isinstance(answer, ox.QueryTriples):
        graph = Graph(store=SimpleMemory())  # no context indexes: a result is one graph
        graph.addN((*map(convert, triple), graph) for triple in answer)  # type: ignore[misc]
        return QueryResult(query.form, [], graph=graph)
    variables = [v.value for v in answer.variables]
    rows = [tuple(map(convert, solution)) for solution in answer]
    return QueryResult(query.form, variables, terms=rows)


def _memoised_to_rdflib() -> Callable[[Any], Node | None]:
    """:func:`to_rdflib` with a cache for one result (years, names and IRIs repeat)."""
    seen: dict[Any, Node] = {}

    def convert(term: Any) -> Node | None:
        if term is None:
            return None
        node = seen.get(term)
        if node is None:
            node = seen[term] = to_rdflib(term)  # type: ignore[assignment]
        return node

    return convert
