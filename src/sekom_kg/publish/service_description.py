"""The SPARQL 1.1 Service Description that ``sekom-kg serve`` answers at ``GET /query``."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, VOID

sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
formats = Namespace("http://www.w3.org/ns/formats/")
#: The result formats the oxigraph server writes (names in the W3C formats namespace).
RESULT_FORMATS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "RDF_XML",
)


def service_description(
    endpoint: str, void: bytes | None, void_url: str, allow_service: bool
) -> bytes:
    """SPARQL 1.1 Service Description of ``endpoint`` (Turtle), linking the dataset and VoID.

    The dataset is the subject of ``void:dataDump`` in ``void`` (the built ``void.ttl``);
    without ``void`` the description names no dataset. SyntaxError if it is not Turtle.
    """
    graph = Graph()
    graph.bind("sd", sd)
    graph.bind("formats", formats)
    graph.bind("void", VOID)
    service = URIRef(endpoint)
    dataset, default = URIRef(endpoint + "#dataset"), URIRef(endpoint + "#default-graph")
    graph.add((service, RDF.type, sd.Service))
    graph.add((service, sd.endpoint, service))
    graph.add((service, sd.supportedLanguage, sd.SPARQL11Query))
    if allow_service:
        graph.add((service, sd.feature, sd.BasicFederatedQuery))
    for name in RESULT_FORMATS:
        graph.add((service, sd.resultFormat, formats[name]))
    graph.add((service, sd.defaultDataset, dataset))
    graph.add((dataset, RDF.type, sd.Dataset))
    graph.add((dataset, sd.defaultGraph, default))
    graph.add((default, RDF.type, sd.Graph))
    if void is not None:
        for published in map(URIRef, dumped_datasets(void, void_url)):
            graph.add((default, DCTERMS.source, published))
            graph.add((published, RDF.type, VOID.Dataset))
            graph.add((published, VOID.sparqlEndpoint, service))
            graph.add((published, RDFS.seeAlso, URIRef(void_url)))
    return graph.serialize(format="turtle").encode("utf-8")


def dumped_datasets(void: bytes, void_url: str) -> list[str]:
    """The datasets of a VoID description (Turtle): the subjects of ``void:dataDump``."""
    dump = str(VOID.dataDump)
    return sorted(
        {
            t.subject.value
            for t in ox.parse(void, format=ox.RdfFormat.TURTLE, base_iri=void_url)
            if t.predicate.value == dump and isinstance(t.subject, ox.NamedNode)
        }
    )
