"""What the dataset metadata needs to know about the published graph, in one pass.

VoID counts, class and property partitions, example resources, ``owl:sameAs`` targets and
the countries (for DCAT spatial coverage and the schema.org Dataset) are read from the
N-Triples lines directly, so describing a million-triple graph costs one scan instead of an
rdflib graph. Terms are compared by their N-Triples text, which is how RDF terms are equal.

>>> s = GraphSummary.of(NTriples.from_bytes(
...     b'<urn:a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <urn:C> .\\n'
...     b'<urn:a> <urn:p> "x" .\\n'))
>>> s.triples, s.entities, s.class_instances, s.property_triples[URIRef("urn:p")]
(2, 1, {rdflib.term.URIRef('urn:C'): 1}, 1)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, URIRef

from sekom_kg.assembly.ntriples import NTriples
from sekom_kg.core.namespaces import OWL, RDF, SCHEMA, SEKOM, new_graph

_TYPE, _SAME_AS = f"<{RDF.type}>", f"<{OWL.sameAs}>"
_COUNTRY = f"<{SCHEMA.Country}>"
#: Properties of countries kept in :attr:`GraphSummary.countries`.
_COUNTRY_PROPERTIES = (f"<{SCHEMA.name}>", f"<{SEKOM.countryCode}>")


def _iri(term: str) -> URIRef:
    return URIRef(term[1:-1])


@dataclass
class GraphSummary:
    """Counts and samples of one graph (see :mod:`sekom_kg.metadata.void` for meanings)."""

    triples: int = 0
    entities: int = 0
    distinct_subjects: int = 0
    distinct_objects: int = 0
    classes: int = 0
    properties: int = 0
    #: distinct instances per class IRI
    class_instances: dict[URIRef, int] = field(default_factory=dict)
    #: triples per property IRI
    property_triples: dict[URIRef, int] = field(default_factory=dict)
    #: the smallest IRI instance of each class
    first_instance: dict[URIRef, URIRef] = field(default_factory=dict)
    #: the objects of every ``owl:sameAs`` triple
    same_as: list[str] = field(default_factory=list)
    #: every schema:Country with its type, names and country codes
    countries: Graph = field(default_factory=new_graph)

    @classmethod
    def of(cls, graph: NTriples) -> GraphSummary:
        """Summarise ``graph`` in one scan of its lines."""
        scan = _Scan.of(graph.lines)
        instances = scan.instances
        iri_classes = {c: members for c, members in instances.items() if c.startswith("<")}
        return cls(
            triples=len(graph),
            entities=scan.entities,
            distinct_subjects=scan.subjects,
            distinct_objects=len(scan.objects),
            classes=len(instances),
            properties=len(scan.per_property),
            class_instances={_iri(c): len(m) for c, m in sorted(iri_classes.items())},
            property_triples={_iri(p): n for p, n in sorted(scan.per_property.items())},
            first_instance={
                _iri(c): min(_iri(s) for s in iris)
                for c, members in iri_classes.items()
                if (iris := [s for s in members if s.startswith("<")])
            },
            same_as=sorted(scan.same_as),
            countries=scan.country_graph(),
        )


@dataclass
class _Scan:
    """What :meth:`GraphSummary.of` counts."""

    subjects: int = 0
    entities: int = 0
    objects: set[str] = field(default_factory=set)  # each object with its " ."
    instances: dict[str, set[str]] = field(default_factory=dict)
    per_property: dict[str, int] = field(default_factory=dict)
    same_as: list[str] = field(default_factory=list)
    country_lines: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def of(cls, lines: list[str]) -> _Scan:
        """One pass over sorted lines (each subject's lines are consecutive)."""
        scan, last_subject = cls(), ""
        objects, instances, per_property = scan.objects, scan.instances, scan.per_property
        for line in lines:
            s, p, rest = line.split(" ", 2)
            if s != last_subject:
                scan.subjects += 1
                scan.entities += s[0] == "<"
                last_subject = s
            objects.add(rest)
            per_property[p] = per_property.get(p, 0) + 1
            if p == _TYPE:
                instances.setdefault(rest[:-2], set()).add(s)
                scan.country_lines.append((s, line))
            elif p in _COUNTRY_PROPERTIES:
                scan.country_lines.append((s, line))
            elif p == _SAME_AS and rest[0] == "<":
                scan.same_as.append(rest[1:-3])
        return scan

    def country_graph(self) -> Graph:
        """The countries' types and country properties, as an rdflib graph."""
        countries = self.instances.get(_COUNTRY, set())
        graph = new_graph()
        kept = [line for s, line in self.country_lines if s in countries]
        if kept:
            graph.parse(data="\n".join(kept), format="nt")
        return graph
