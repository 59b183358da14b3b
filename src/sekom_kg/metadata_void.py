"""VoID statistics of the published graph: counts, class and property partitions, linksets.

Definitions (tests recompute them independently): ``void:entities`` counts distinct IRI
subjects; a class partition's ``void:entities`` counts distinct instances of the class; a
linkset's ``void:triples`` counts ``owl:sameAs`` triples whose object is in the target's
URI space.
"""

from __future__ import annotations

import hashlib
from collections import Counter

from rdflib import Graph, Literal, URIRef

from sekom_kg.formats import RdfFormat
from sekom_kg.metadata_iris import DISTRIBUTION_FORMATS, Publication, distribution_file
from sekom_kg.namespaces import OWL, RDF, SCHEMA, VOID, XSD, new_graph, prefixes

#: Link targets: (slug, dataset IRI, URI space of its entities).
LINK_TARGETS = (
    ("wikidata", URIRef("https://www.wikidata.org/"), "http://www.wikidata.org/entity/"),
    ("geonames", URIRef("https://www.geonames.org/"), "https://sws.geonames.org/"),
)
W3C_FORMATS = "http://www.w3.org/ns/formats/"
W3C_FORMAT_NAMES = {
    RdfFormat.TURTLE: "Turtle",
    RdfFormat.NTRIPLES: "N-Triples",
    RdfFormat.JSONLD: "JSON-LD",
    RdfFormat.RDFXML: "RDF_XML",
    RdfFormat.TRIG: "TriG",
}
EXAMPLE_CLASSES = (SCHEMA.Event, SCHEMA.Organization, SCHEMA.Country)


def _int(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


def _slug(iri: URIRef, base: str) -> str:
    """A readable, stable path segment for a class or property IRI (``schema-Event``)."""
    for prefix, namespace in sorted(prefixes(base).items()):
        local = str(iri)[len(namespace) :]
        if str(iri).startswith(namespace) and local.replace("_", "").isalnum():
            return f"{prefix}-{local}"
    return hashlib.sha256(str(iri).encode("utf-8")).hexdigest()[:16]


def statistics(graph: Graph) -> dict[str, int]:
    """The dataset-level VoID counts of ``graph``."""
    return {
        "triples": len(graph),
        "entities": len({s for s in graph.subjects(unique=True) if isinstance(s, URIRef)}),
        "distinctSubjects": len(set(graph.subjects(unique=True))),
        "distinctObjects": len(set(graph.objects(unique=True))),
        "classes": len(set(graph.objects(None, RDF.type, unique=True))),
        "properties": len(set(graph.predicates(unique=True))),
    }


def _partitions(void: Graph, pub: Publication, graph: Graph) -> None:
    instances: dict[URIRef, set[object]] = {}
    for s, o in graph.subject_objects(RDF.type):
        if isinstance(o, URIRef):
            instances.setdefault(o, set()).add(s)
    for cls in sorted(instances):
        node = pub.local(f"dataset/void/class/{_slug(cls, pub.base)}")
        void.add((pub.dataset, VOID.classPartition, node))
        void.add((node, VOID["class"], cls))
        void.add((node, VOID.entities, _int(len(instances[cls]))))
    per_property = Counter(p for _, p, _ in graph)
    for prop in sorted(per_property):
        node = pub.local(f"dataset/void/property/{_slug(prop, pub.base)}")
        void.add((pub.dataset, VOID.propertyPartition, node))
        void.add((node, VOID.property, prop))
        void.add((node, VOID.triples, _int(per_property[prop])))


def link_count(graph: Graph, uri_space: str) -> int:
    """``owl:sameAs`` triples pointing into ``uri_space``."""
    return sum(1 for o in graph.objects(None, OWL.sameAs) if str(o).startswith(uri_space))


def _linksets(void: Graph, pub: Publication, graph: Graph) -> None:
    for slug, target, uri_space in LINK_TARGETS:
        linkset = pub.local(f"dataset/void/linkset/{slug}")
        void.add((pub.dataset, VOID.subset, linkset))
        void.add((linkset, RDF.type, VOID.Linkset))
        void.add((linkset, VOID.subjectsTarget, pub.dataset))
        void.add((linkset, VOID.objectsTarget, target))
        void.add((linkset, VOID.linkPredicate, OWL.sameAs))
        void.add((linkset, VOID.triples, _int(link_count(graph, uri_space))))
        void.add((target, RDF.type, VOID.Dataset))
        void.add((target, VOID.uriSpace, Literal(uri_space)))


def void_graph(pub: Publication, graph: Graph) -> Graph:
    """The VoID description of the published ``graph`` (ontology + data)."""
    void = new_graph(pub.base)
    ds = pub.dataset
    void.add((ds, RDF.type, VOID.Dataset))
    for key, value in statistics(graph).items():
        void.add((ds, VOID[key], _int(value)))
    void.add((ds, VOID.uriSpace, Literal(pub.base)))
    for fmt in DISTRIBUTION_FORMATS:
        void.add((ds, VOID.feature, URIRef(W3C_FORMATS + W3C_FORMAT_NAMES[fmt])))
        void.add((ds, VOID.dataDump, pub.download_url(distribution_file(fmt))))
    if pub.sparql_endpoint is not None:
        void.add((ds, VOID.sparqlEndpoint, pub.sparql_endpoint))
    for cls in EXAMPLE_CLASSES:
        examples = sorted(s for s in graph.subjects(RDF.type, cls) if isinstance(s, URIRef))
        if examples:
            void.add((ds, VOID.exampleResource, examples[0]))
    _partitions(void, pub, graph)
    _linksets(void, pub, graph)
    return void
