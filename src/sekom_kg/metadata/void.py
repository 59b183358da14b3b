"""VoID statistics of the published graph: counts, class and property partitions, linksets.

Definitions (tests recompute them independently): ``void:entities`` counts distinct IRI
subjects; a class partition's ``void:entities`` counts distinct instances of the class; a
linkset's ``void:triples`` counts ``owl:sameAs`` triples whose object is in the target's
URI space.
"""

from __future__ import annotations

import hashlib

from rdflib import Graph, Literal, URIRef

from sekom_kg.assembly.summary import GraphSummary
from sekom_kg.core.namespaces import OWL, RDF, SCHEMA, VOID, XSD, new_graph, prefixes
from sekom_kg.metadata.iris import DISTRIBUTION_FORMATS, Publication, distribution_file
from sekom_kg.rdfio.formats import RdfFormat

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


def statistics(summary: GraphSummary) -> dict[str, int]:
    """The dataset-level VoID counts."""
    return {
        "triples": summary.triples,
        "entities": summary.entities,
        "distinctSubjects": summary.distinct_subjects,
        "distinctObjects": summary.distinct_objects,
        "classes": summary.classes,
        "properties": summary.properties,
    }


def _partitions(void: Graph, pub: Publication, summary: GraphSummary) -> None:
    for cls, count in sorted(summary.class_instances.items()):
        node = pub.local(f"dataset/void/class/{_slug(cls, pub.base)}")
        void.add((pub.dataset, VOID.classPartition, node))
        void.add((node, VOID["class"], cls))
        void.add((node, VOID.entities, _int(count)))
    for prop, count in sorted(summary.property_triples.items()):
        node = pub.local(f"dataset/void/property/{_slug(prop, pub.base)}")
        void.add((pub.dataset, VOID.propertyPartition, node))
        void.add((node, VOID.property, prop))
        void.add((node, VOID.triples, _int(count)))


def link_count(summary: GraphSummary, uri_space: str) -> int:
    """``owl:sameAs`` triples pointing into ``uri_space``."""
    return sum(1 for o in summary.same_as if o.startswith(uri_space))


def _linksets(void: Graph, pub: Publication, summary: GraphSummary) -> None:
    for slug, target, uri_space in LINK_TARGETS:
        linkset = pub.local(f"dataset/void/linkset/{slug}")
        void.add((pub.dataset, VOID.subset, linkset))
        void.add((linkset, RDF.type, VOID.Linkset))
        void.add((linkset, VOID.subjectsTarget, pub.dataset))
        void.add((linkset, VOID.objectsTarget, target))
        void.add((linkset, VOID.linkPredicate, OWL.sameAs))
        void.add((linkset, VOID.triples, _int(link_count(summary, uri_space))))
        void.add((target, RDF.type, VOID.Dataset))
        void.add((target, VOID.uriSpace, Literal(uri_space)))


def void_graph(pub: Publication, summary: GraphSummary) -> Graph:
    """The VoID description of the published graph (ontology + data), from its summary."""
    void = new_graph(pub.base)
    ds = pub.dataset
    void.add((ds, RDF.type, VOID.Dataset))
    for key, value in statistics(summary).items():
        void.add((ds, VOID[key], _int(value)))
    void.add((ds, VOID.uriSpace, Literal(pub.base)))
    for fmt in DISTRIBUTION_FORMATS:
        void.add((ds, VOID.feature, URIRef(W3C_FORMATS + W3C_FORMAT_NAMES[fmt])))
        void.add((ds, VOID.dataDump, pub.download_url(distribution_file(fmt))))
    if pub.sparql_endpoint is not None:
        void.add((ds, VOID.sparqlEndpoint, pub.sparql_endpoint))
    for cls in EXAMPLE_CLASSES:
        if cls in summary.first_instance:
            void.add((ds, VOID.exampleResource, summary.first_instance[cls]))
    _partitions(void, pub, summary)
    _linksets(void, pub, summary)
    return void
