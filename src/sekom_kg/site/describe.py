"""Resource descriptions: which IRIs get a page, their CBD and the files written beside it.

The description of a resource is its concise bounded description: the triples with it as
subject, plus (for an activity) the triples of its participation nodes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rdflib import Graph, URIRef
from rdflib.term import Node

from sekom_kg.assembly.ntriples import NTriples
from sekom_kg.core.namespaces import PROV, SCHEMA, SEKOM
from sekom_kg.rdfio.formats import RdfFormat, write
from sekom_kg.site.layout import Layout

#: The per-resource formats written beside each page (extension → format).
RESOURCE_FORMATS = (RdfFormat.TURTLE, RdfFormat.JSONLD, RdfFormat.RDFXML, RdfFormat.NTRIPLES)


def resources(graph: Graph, layout: Layout) -> list[URIRef]:
    """Every subject IRI that gets its own page and files, sorted."""
    found = {s for s in graph.subjects() if isinstance(s, URIRef) and layout.stem(str(s))}
    return sorted(found)


def by_subject(graph: NTriples) -> dict[str, list[str]]:
    """The N-Triples lines of ``graph`` grouped by their subject term (``<iri>`` or ``_:b``)."""
    index: dict[str, list[str]] = {}
    for line in graph.lines:
        index.setdefault(line.split(" ", 1)[0], []).append(line)
    return index


def description(index: dict[str, list[str]], iri: URIRef) -> NTriples:
    """The CBD of ``iri`` (its own triples plus its participation nodes), canonical order."""
    own = index.get(f"<{iri}>", [])
    participation = f"<{SEKOM.participation}>"
    lines = list(own)
    for line in own:
        _, predicate, rest = line.split(" ", 2)
        if predicate == participation:
            lines.extend(index.get(rest[:-2], []))
    return NTriples.from_lines(lines)  # stable blank-node labels; the data has none


def resource_files(
    index: dict[str, list[str]], iri: URIRef, stem: str, base: str, context: dict[str, Any]
) -> dict[str, bytes]:
    """The Turtle, JSON-LD, RDF/XML and N-Triples files of one resource, by site path."""
    described = description(index, iri)
    return {
        f"{stem}{fmt.extension}": write(described, fmt, context, base) for fmt in RESOURCE_FORMATS
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
