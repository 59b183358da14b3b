"""Dataset metadata in dist/: DCAT-AP catalogue, VoID, schema.org Dataset, PROV."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from sekom_kg.core.config import load_config
from sekom_kg.core.namespaces import (
    DCAT,
    DCTERMS,
    FOAF,
    OWL,
    PROV,
    RDF,
    SCHEMA,
    SH,
    VCARD,
    VOID,
    XSD,
)
from sekom_kg.metadata.iris import SPDX
from sekom_kg.publish.build import build, graph_iri

SHAPES_DIR = Path(__file__).parent / "data" / "dcat-ap-3.0.0"
BASE = "https://w3id.org/sekom/"
DATASET = URIRef(BASE + "dataset")
EU = "http://publications.europa.eu/resource/authority/"
CATALOG_FILES = ("catalog.ttl", "catalog.jsonld", "catalog.rdf")
ENDPOINT = "https://query.example.org/sekom/sparql"


@pytest.fixture
def dist(mini_bundle: Path, tmp_path: Path) -> Path:
    config = replace(load_config(), sparql_endpoint=ENDPOINT)
    build(tmp_path / "dist", config=config, site=False)
    return tmp_path / "dist"


def dcat_ap_shapes() -> Graph:
    """The official DCAT-AP 3.0.0 shapes.ttl + range.ttl, merged (pyshacl takes one graph)."""
    shapes = Graph()
    for name in ("shapes.ttl", "range.ttl"):
        shapes.parse(SHAPES_DIR / name, format="turtle")
    return shapes


def catalog(dist: Path, name: str = "catalog.ttl") -> Graph:
    return Graph().parse(dist / name)


@pytest.mark.parametrize("name", CATALOG_FILES)
def test_catalog_conforms_to_dcat_ap_3(dist: Path, name: str) -> None:
    """Conforms, except the one constraint DCAT-AP 3.0.1 corrected: 3.0.0 types dcat:byteSize
    as xsd:decimal, 3.0.1 (and DCAT-AP-SE) as xsd:nonNegativeInteger, which the catalogue uses
    (tests/test_metadata_dcat_ap_301.py)."""
    _, report, text = validate(catalog(dist, name), shacl_graph=dcat_ap_shapes(), inference="rdfs")
    results = list(report.subjects(RDF.type, SH.ValidationResult))
    for result in results:
        assert report.value(result, SH.resultPath) == DCAT.byteSize, text
        assert report.value(result, SH.sourceConstraintComponent) == SH.DatatypeConstraintComponent
        value = report.value(result, SH.value)
        assert isinstance(value, Literal) and value.datatype == XSD.nonNegativeInteger, text
    assert len(results) == 5, text  # one per distribution, and nothing else


def test_catalog_forms_are_isomorphic(dist: Path) -> None:
    graphs = [catalog(dist, name) for name in CATALOG_FILES]
    assert isomorphic(graphs[0], graphs[1])
    assert isomorphic(graphs[0], graphs[2])


def test_no_blank_nodes_for_dcat_resources(dist: Path) -> None:
    graph = catalog(dist)
    assert not any(isinstance(t, BNode) for triple in graph for t in triple)
    for cls in (DCAT.Catalog, DCAT.Dataset, DCAT.Distribution, DCAT.DataService):
        subjects = list(graph.subjects(RDF.type, cls))
        assert subjects, cls
        assert all(isinstance(s, URIRef) and str(s).startswith("https://") for s in subjects)


def test_publisher_contact_licence_and_coverage(dist: Path) -> None:
    graph = catalog(dist)
    publisher = graph.value(DATASET, DCTERMS.publisher)
    assert str(publisher) == BASE + "id/org/sekom"
    assert (publisher, RDF.type, FOAF.Agent) in graph
    assert {n.language for n in graph.objects(publisher, FOAF.name)} == {"sv", "en"}
    contact = graph.value(DATASET, DCAT.contactPoint)
    assert isinstance(contact, URIRef)
    assert (contact, RDF.type, VCARD.Organization) in graph
    assert graph.value(contact, VCARD.fn) is not None
    assert str(graph.value(contact, VCARD.hasEmail)).startswith("mailto:")
    licence = URIRef(EU + "licence/CC_BY_4_0")
    for dist_node in graph.objects(DATASET, DCAT.distribution):
        assert graph.value(dist_node, DCTERMS.license) == licence
    assert set(graph.objects(DATASET, DCTERMS.language)) == {
        URIRef(EU + "language/SWE"),
        URIRef(EU + "language/ENG"),
    }
    period = graph.value(DATASET, DCTERMS.temporal)
    assert str(graph.value(period, DCAT.startDate)) == "2002"
    assert str(graph.value(period, DCAT.endDate)) == "2021"
    assert {k.language for k in graph.objects(DATASET, DCAT.keyword)} == {"sv", "en"}
    assert URIRef(EU + "data-theme/GOVE") in set(graph.objects(DATASET, DCAT.theme))
    service = graph.value(None, DCAT.servesDataset, DATASET)
    assert str(graph.value(service, DCAT.endpointURL)) == ENDPOINT


def test_spatial_coverage_from_the_data(mini_bundle: Path, tmp_path: Path) -> None:
    (mini_bundle / "data" / "places.ttl").write_text(
        "@prefix schema: <https://schema.org/> .\n"
        "@prefix sekom: <https://w3id.org/sekom/ontology#> .\n"
        "<https://w3id.org/sekom/id/place/kenya> a schema:Country ;\n"
        '    schema:name "Kenya"@sv , "Kenya"@en ; sekom:countryCode "KE" .\n',
        encoding="utf-8",
    )
    graph = Graph()
    graph.parse(data=catalog_of(mini_bundle, tmp_path), format="turtle")
    assert set(graph.objects(DATASET, DCTERMS.spatial)) == {URIRef(EU + "country/KEN")}


def catalog_of(bundle: Path, tmp_path: Path) -> str:
    from sekom_kg.assembly.load import load_sources
    from sekom_kg.metadata.dcat import catalog_graph
    from sekom_kg.metadata.iris import Publication

    graph = catalog_graph(Publication(load_config(), BASE), load_sources().data.to_rdflib(), {})
    return graph.serialize(format="turtle")


def test_distribution_sizes_and_checksums_match_files(dist: Path) -> None:
    graph = catalog(dist)
    distributions = list(graph.objects(DATASET, DCAT.distribution))
    assert len(distributions) == 5
    for node in distributions:
        url = str(graph.value(node, DCAT.downloadURL))
        content = (dist / url.rsplit("/", 1)[1]).read_bytes()
        assert int(graph.value(node, DCAT.byteSize).toPython()) == len(content)
        checksum = graph.value(node, SPDX.checksum)
        assert graph.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha1
        assert str(graph.value(checksum, SPDX.checksumValue)) == hashlib.sha1(content).hexdigest()


def test_void_counts_equal_real_counts(dist: Path) -> None:
    data = Graph().parse(dist / "sekom.nt")
    void = Graph().parse(dist / "void.ttl")
    counts = {p: void.value(DATASET, VOID[p]).toPython() for p in ("triples", "entities")}
    assert counts["triples"] == len(data)
    assert counts["entities"] == len({s for s, _, _ in data if isinstance(s, URIRef)})
    assert void.value(DATASET, VOID.distinctSubjects).toPython() == len({s for s, _, _ in data})
    assert void.value(DATASET, VOID.distinctObjects).toPython() == len({o for _, _, o in data})
    per_class = Counter(o for _, _, o in set(data.triples((None, RDF.type, None))))
    for part in void.objects(DATASET, VOID.classPartition):
        cls = void.value(part, VOID["class"])
        assert void.value(part, VOID.entities).toPython() == per_class.pop(cls)
    assert not per_class
    per_property = Counter(p for _, p, _ in data)
    for part in void.objects(DATASET, VOID.propertyPartition):
        prop = void.value(part, VOID.property)
        assert void.value(part, VOID.triples).toPython() == per_property.pop(prop)
    assert not per_property
    links = {
        str(void.value(ls, VOID.objectsTarget)): void.value(ls, VOID.triples).toPython()
        for ls in void.subjects(RDF.type, VOID.Linkset)
    }
    same_as = [str(o) for o in data.objects(None, OWL.sameAs)]
    assert links["https://www.wikidata.org/"] == sum("wikidata.org/entity/" in o for o in same_as)
    assert links["https://www.geonames.org/"] == sum("sws.geonames.org/" in o for o in same_as)
    assert str(void.value(DATASET, VOID.sparqlEndpoint)) == ENDPOINT
    assert void.value(DATASET, VOID.exampleResource) is not None


def test_schema_org_dataset(dist: Path) -> None:
    document = json.loads((dist / "dataset.schema.jsonld").read_text(encoding="utf-8"))
    assert document["@context"]["@vocab"] == "https://schema.org/"  # inline, never fetched
    assert document["@type"] == "Dataset"
    assert document["temporalCoverage"] == "2002/2021"
    assert document["isBasedOn"] == "https://www.sekom.se/Internationella-samarbeten"
    assert {d["encodingFormat"] for d in document["distribution"]} >= {"text/turtle"}
    assert all(d["@type"] == "DataDownload" for d in document["distribution"])
    for key in ("name", "description", "license", "creator", "keywords", "spatialCoverage"):
        assert key in document


def test_prov_describes_the_build(dist: Path, mini_bundle: Path) -> None:
    prov = Graph().parse(dist / "prov.ttl")
    (activity,) = prov.subjects(RDF.type, PROV.Activity)
    used = list(prov.objects(activity, PROV.used))
    sources = [mini_bundle / "ontology" / "sekom.ttl", *sorted(mini_bundle.rglob("data/**/*.ttl"))]
    assert len(used) >= len(sources)
    assert all(str(u).startswith("ni:///sha-256;") for u in used)
    generated = {str(g).rsplit("/", 1)[1] for g in prov.objects(activity, PROV.generated)}
    assert {"sekom.nt", "catalog.rdf", "void.ttl"} <= generated
    agent = prov.value(activity, PROV.wasAssociatedWith)
    assert (agent, RDF.type, PROV.SoftwareAgent) in prov
    assert prov.value(agent, SCHEMA.softwareVersion) is not None
    assert (activity, PROV.endedAtTime, None) not in prov


def test_source_date_epoch_timestamps_prov(mini_bundle: Path, tmp_path: Path) -> None:
    build(tmp_path / "dist", source_date_epoch=1_600_000_000, site=False)
    prov = Graph().parse(tmp_path / "dist" / "prov.ttl")
    stamps = list(prov.objects(None, PROV.endedAtTime))
    assert stamps == [Literal("2020-09-13T12:26:40Z", datatype=stamps[0].datatype)]


def test_trig_metadata_graph_holds_the_metadata(dist: Path) -> None:
    dataset = Dataset()
    dataset.parse(dist / "sekom.trig", format="trig")
    metadata = dataset.graph(graph_iri(BASE, "metadata"))
    for name in ("catalog.ttl", "void.ttl", "prov.ttl"):
        for s, p, o in Graph().parse(dist / name):
            if p in (DCAT.byteSize, SPDX.checksum) and "/distribution/trig" in str(s):
                continue  # the TriG cannot hold its own size and checksum
            if "/distribution/trig/checksum" in str(s):
                continue
            assert (s, p, o) in metadata, (s, p, o)
    assert (DATASET, RDF.type, SCHEMA.Dataset) in metadata


def test_base_moves_metadata_iris(mini_bundle: Path, tmp_path: Path) -> None:
    build(tmp_path / "dist", base="https://example.org/kg/", site=False)
    graph = catalog(tmp_path / "dist")
    text = (tmp_path / "dist" / "catalog.ttl").read_text(encoding="utf-8")
    assert "w3id.org/sekom" not in text
    assert (URIRef("https://example.org/kg/dataset"), RDF.type, DCAT.Dataset) in graph
