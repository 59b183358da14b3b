"""Resource descriptions: which IRIs get a page, their CBD and the files written beside it.

The description of a resource is its concise bounded description: the triples with it as
subject, plus (for an activity) the triples of its participation nodes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from sekom_kg.formats import RdfFormat, canonical, serialise
from sekom_kg.namespaces import PROV, SCHEMA, SEKOM, new_graph
from sekom_kg.site.layout import Layout

#: The per-resource formats written beside each page (extension → format).
RESOURCE_FORMATS = (RdfFormat.TURTLE, RdfFormat.JSONLD, RdfFormat.RDFXML, RdfFormat.NTRIPLES)


def resources(graph: Graph, layout: Layout) -> list[URIRef]:
    """Every subject IRI that gets its own page and files, sorted."""
    found = {s for s in graph.subjects() if isinstance(s, URIRef) and layout.stem(str(s))}
    return sorted(found)


def description(graph: Graph, iri: URIRef, base: str) -> Graph:
    """The CBD of ``iri`` (its own triples plus its participation nodes), canonical order."""
    result = new_graph(base)
    for p, o in graph.predicate_objects(iri):
        result.add((iri, p, o))
    for part in graph.objects(iri, SEKOM.participation):
        for p, o in graph.predicate_objects(part):
            result.add((part, p, o))
    if any(isinstance(t, BNode) for triple in result for t in triple):
        return canonical(result, base)  # stable blank-node labels; the data has none
    return result


def resource_files(
    graph: Graph, iri: URIRef, stem: str, base: str, context: dict[str, Any]
) -> dict[str, bytes]:
    """The Turtle, JSON-LD, RDF/XML and N-Triples files of one resource, by site path."""
    described = description(graph, iri, base)
    return {
        f"{stem}{fmt.extension}": serialise(described, fmt, context) for fmt in RESOURCE_FORMATS
    }


def participations_of(graph: Graph, agent: Node) -> Iterator[tuple[Node, Node]]:
    """``(activity, participation)`` pairs where ``agent`` took part (or was represented)."""
    seen: set[tuple[Node, Node]] = set()
    for prop in (PROV.agent, SEKOM.onBehalfOf):
        for part in graph.subjects(prop, agent):
            for activity in graph.subjects(SEKOM.participation, part):
                if (activity, part) not in seen:
                    seen.add((activity, part))
                    yield activity, part


def incoming(graph: Graph, iri: URIRef, layout: Layout) -> dict[URIRef, list[URIRef]]:
    """Subjects with a page that point at ``iri``, grouped by property (sorted)."""
    groups: dict[URIRef, set[URIRef]] = {}
    for s, p in graph.subject_predicates(iri):
        if isinstance(s, URIRef) and s != iri and layout.page(str(s)) and isinstance(p, URIRef):
            groups.setdefault(p, set()).add(s)
    return {p: sorted(groups[p]) for p in sorted(groups)}


def year_of(graph: Graph, node: Node) -> str:
    """The year of an activity's ``schema:startDate`` ('' if none)."""
    value = graph.value(node, SCHEMA.startDate)
    return str(value)[:4] if value is not None else ""
