"""The query catalogue as linked data, following the sib-swiss/sparql-examples convention.

Each query becomes ``<base>query/NN_slug a sh:SPARQLExecutable, sh:SPARQLSelectExecutable``
(or Ask/Construct/Describe) with ``rdfs:label``, ``rdfs:comment`` @en/@sv, the query text in
``sh:select``/``sh:ask``/``sh:construct``/``sh:describe``, ``schema:keywords``, ``sh:prefixes``
(declarations with IRIs, no blank nodes) and, if given, ``schema:target`` the endpoint.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef

from sekom_kg.core.namespaces import BASE, RDF, RDFS, SCHEMA, SH, XSD, new_graph, prefixes
from sekom_kg.sparql.queries import Query, catalogue
from sekom_kg.sparql.rebase import rebase_query

_EXECUTABLE = {
    "SELECT": (SH.SPARQLSelectExecutable, SH.select),
    "ASK": (SH.SPARQLAskExecutable, SH.ask),
    "CONSTRUCT": (SH.SPARQLConstructExecutable, SH.construct),
    "DESCRIBE": (URIRef(str(SH) + "SPARQLDescribeExecutable"), URIRef(str(SH) + "describe")),
}


def query_iri(name: str, base: str = BASE) -> URIRef:
    """``<base>query/NN_slug``."""
    return URIRef(f"{base}query/{name}")


def _prefix_declarations(graph: Graph, base: str) -> URIRef:
    """The shared ``sh:prefixes`` node with one ``sh:declare`` per standard prefix."""
    node = URIRef(f"{base}query/prefixes")
    for prefix, namespace in prefixes(base).items():
        declaration = URIRef(f"{base}query/prefixes#{prefix}")
        graph.add((node, SH.declare, declaration))
        graph.add((declaration, SH.prefix, Literal(prefix)))
        graph.add((declaration, SH.namespace, Literal(namespace, datatype=XSD.anyURI)))
    return node


def add_query(graph: Graph, query: Query, prefixes_node: URIRef, base: str = BASE) -> URIRef:
    """Describe one query in ``graph``; returns its IRI."""
    iri = query_iri(query.name, base)
    kind, text_property = _EXECUTABLE[query.form]
    graph.add((iri, RDF.type, SH.SPARQLExecutable))
    graph.add((iri, RDF.type, kind))
    graph.add((iri, RDFS.label, Literal(query.title, lang="en")))
    if query.title_sv:
        graph.add((iri, RDFS.label, Literal(query.title_sv, lang="sv")))
    graph.add((iri, RDFS.comment, Literal(query.description, lang="en")))
    if query.description_sv:
        graph.add((iri, RDFS.comment, Literal(query.description_sv, lang="sv")))
    graph.add((iri, text_property, Literal(query.text)))
    graph.add((iri, SH.prefixes, prefixes_node))
    for keyword in query.keywords:
        graph.add((iri, SCHEMA.keywords, Literal(keyword)))
    return iri


def catalogue_graph(
    base: str = BASE, endpoint: str | None = None, queries: list[Query] | None = None
) -> Graph:
    """The bundled catalogue (or ``queries``) as an RDF graph, the query texts moved to ``base``.

    >>> g = catalogue_graph()
    >>> (query_iri("01_events_per_year"), RDF.type, SH.SPARQLSelectExecutable) in g
    True
    """
    graph = new_graph(base)
    node = _prefix_declarations(graph, base)
    for query in queries if queries is not None else catalogue():
        iri = add_query(graph, rebase_query(query, base), node, base)
        if endpoint:
            graph.add((iri, SCHEMA.target, URIRef(endpoint)))
    return graph
