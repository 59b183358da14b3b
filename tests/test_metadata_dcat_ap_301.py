"""The catalogue against DCAT-AP 3.0.1 (SEMIC's current release), with pyshacl, offline.

No violations against ``shapes.ttl`` + ``range.ttl`` or the combined ``dcat-ap-SHACL.ttl``;
the warnings of ``shapes_recommended.ttl`` are exactly the ones the README lists. Literals are
canonical, and survive a round trip through a real SPARQL store.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from oxigraph_server import running_oxigraph
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH, XSD

from sekom_kg.core.config import load_config
from sekom_kg.core.namespaces import DCAT, DCTERMS, FOAF, RDF, SKOS, VCARD
from sekom_kg.metadata.iris import SPDX
from sekom_kg.publish.build import build

SHAPES_DIR = Path(__file__).parent / "data" / "dcat-ap-3.0.1"
CATALOG_FILES = ("catalog.ttl", "catalog.jsonld", "catalog.rdf")
ENDPOINT = "https://query.example.org/sekom/sparql"
DATASET = URIRef("https://w3id.org/sekom/dataset")


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled graph built with a SPARQL endpoint (so the data service is checked too)."""
    out = tmp_path_factory.mktemp("dcat301") / "dist"
    build(out, config=replace(load_config(), sparql_endpoint=ENDPOINT), site=False)
    return out


def shapes(*names: str) -> Graph:
    graph = Graph()
    for name in names:
        graph.parse(SHAPES_DIR / name, format="turtle")
    return graph


def results(data: Graph, shapes_graph: Graph, inference: str = "none") -> list[tuple[str, str]]:
    """(severity, focus node + path + message) of every result."""
    _, report, _ = validate(data, shacl_graph=shapes_graph, inference=inference)
    found = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        severity = str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[1]
        focus, path = report.value(result, SH.focusNode), report.value(result, SH.resultPath)
        found.append((severity, f"{focus} {path}: {report.value(result, SH.resultMessage)}"))
    return found


@pytest.mark.parametrize("name", CATALOG_FILES)
def test_no_violations_against_shapes_and_range(dist: Path, name: str) -> None:
    found = results(Graph().parse(dist / name), shapes("shapes.ttl", "range.ttl"))
    assert found == []


@pytest.fixture(scope="module")
def default_dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled graph built with the package defaults (no data service)."""
    out = tmp_path_factory.mktemp("dcat301-default") / "dist"
    build(out, site=False)
    return out


@pytest.mark.parametrize("inference", ["none", "rdfs"])
def test_no_violations_against_the_combined_file(default_dist: Path, inference: str) -> None:
    """Without a data service: SEMIC's file names a DataService property shape it never
    defines, which pyshacl refuses as soon as a dcat:DataService is present."""
    graph = Graph().parse(default_dist / "catalog.rdf")
    found = results(graph, shapes("dcat-ap-SHACL.ttl"), inference)
    assert [r for r in found if r[0] == "Violation"] == []


def test_recommended_warnings_are_the_documented_ones(dist: Path) -> None:
    """Only what neither the data nor the publisher settings can truthfully give (README)."""
    found = results(Graph().parse(dist / "catalog.ttl"), shapes("shapes_recommended.ttl"))
    per_path = Counter(message.split(": ")[0].split(" ", 1)[1] for _, message in found)
    countries = 13
    assert per_path == {
        str(DCAT.bbox): countries,  # the data has no coordinates for countries
        str(DCAT.centroid): countries,
        str(DCTERMS.issued): 1,  # the catalogue's: `dataset.issued` is empty by default
        str(DCTERMS.modified): 1,  # only with SOURCE_DATE_EPOCH (deterministic builds)
        "http://data.europa.eu/r5r/availability": 5,  # `publishing.availability` is empty
        str(DCAT.endpointDescription): 1,  # the endpoint publishes no description document
    }


def test_recommended_settings_fill_the_warnings(tmp_path: Path) -> None:
    config = replace(load_config(), issued="2021-12-31", availability="STABLE")
    build(tmp_path / "dist", config=config, source_date_epoch=1_600_000_000, site=False)
    graph = Graph().parse(tmp_path / "dist" / "catalog.ttl")
    found = results(graph, shapes("shapes_recommended.ttl"))
    paths = {message.split(": ")[0].split(" ", 1)[1] for _, message in found}
    assert paths == {str(DCAT.bbox), str(DCAT.centroid)}
    assert graph.value(DATASET, DCTERMS.issued) == Literal("2021-12-31", datatype=XSD.date)


def test_literals_are_canonical(dist: Path) -> None:
    graph = Graph().parse(dist / "catalog.ttl")
    distributions = list(graph.objects(DATASET, DCAT.distribution))
    assert len(distributions) == 5
    for node in distributions:
        content = (dist / str(graph.value(node, DCAT.downloadURL)).rsplit("/", 1)[1]).read_bytes()
        size = graph.value(node, DCAT.byteSize)
        assert size == Literal(str(len(content)), datatype=XSD.nonNegativeInteger)
        assert str(size) == str(int(str(size)))  # no sign, no leading zeros, no ".0"
        checksum = graph.value(node, SPDX.checksum)
        assert graph.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha1
        value = graph.value(checksum, SPDX.checksumValue)
        assert value == Literal(hashlib.sha1(content).hexdigest(), datatype=XSD.hexBinary)
        assert str(value) == str(value).lower()


def test_publisher_and_contact(dist: Path) -> None:
    graph = Graph().parse(dist / "catalog.rdf")
    publisher = graph.value(DATASET, DCTERMS.publisher)
    kind = URIRef("http://purl.org/adms/publishertype/NonProfitOrganisation")
    assert graph.value(publisher, DCTERMS.type) == kind
    assert (kind, RDF.type, SKOS.Concept) in graph
    assert {d.language for d in graph.objects(publisher, DCTERMS.description)} == {"sv", "en"}
    assert graph.value(publisher, FOAF.homepage) == URIRef("https://www.sekom.se/")
    contact = graph.value(DATASET, DCAT.contactPoint)
    assert set(graph.objects(contact, RDF.type)) == {VCARD.Organization}
    assert (contact, VCARD.hasTelephone, None) not in graph  # never invented
    assert (contact, VCARD.hasAddress, None) not in graph


def test_catalogue_recommended_properties(dist: Path) -> None:
    graph = Graph().parse(dist / "catalog.jsonld")
    (catalog,) = graph.subjects(RDF.type, DCAT.Catalog)
    assert graph.value(catalog, FOAF.homepage) == URIRef("https://w3id.org/sekom/")
    taxonomy = URIRef("http://publications.europa.eu/resource/authority/data-theme")
    assert graph.value(catalog, DCAT.themeTaxonomy) == taxonomy
    assert set(graph.objects(catalog, DCTERMS.spatial)) == set(
        graph.objects(DATASET, DCTERMS.spatial)
    )
    licence = graph.value(catalog, DCTERMS.license)
    assert graph.value(licence, DCTERMS.type) == URIRef(
        "http://purl.org/adms/licencetype/Attribution"
    )


def test_round_trip_through_a_sparql_store(dist: Path, tmp_path: Path) -> None:
    """Sizes and checksums read back from a real Oxigraph server keep their values."""
    catalog = Graph().parse(dist / "catalog.ttl")
    with running_oxigraph(tmp_path / "store") as server:
        server.put("https://example.org/catalog", catalog.serialize(format="nt").encode())
        back = Graph().parse(data=server.construct("https://example.org/catalog"), format="nt")
    assert len(back) == len(catalog)
    for node in catalog.objects(DATASET, DCAT.distribution):
        size = back.value(node, DCAT.byteSize)
        assert size is not None and int(size) == int(catalog.value(node, DCAT.byteSize))
        # a store may give the size its primitive type (xsd:integer): the value is what counts
        assert size.datatype in (XSD.nonNegativeInteger, XSD.integer)
        checksum = catalog.value(node, SPDX.checksum)
        assert back.value(checksum, SPDX.checksumValue) == catalog.value(
            checksum, SPDX.checksumValue
        )
        assert back.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha1
