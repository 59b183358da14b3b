"""Every SHACL shape catches its broken fixture, and nothing else fires.

Each file ``tests/data/invalid/<Shape>__<case>.ttl`` holds a small, otherwise valid resource with
exactly one thing broken. It is validated together with the ontology, the vocabularies and the
source paragraphs (so classes, concept schemes and paragraphs resolve), and the results must come
from the node shape ``sekomsh:<Shape>`` only (property shapes count as the node shape that holds
them). Fixtures whose case starts with ``warning_`` break something merely incomplete: their
results must all be warnings.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pyshacl
import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

ROOT = Path(__file__).resolve().parents[1]
SHAPES_FILE = ROOT / "ontology" / "shapes.ttl"
CONTEXT_FILES = [
    ROOT / "ontology" / "sekom.ttl",
    ROOT / "data" / "vocabulary.ttl",
    ROOT / "data" / "sources.ttl",
]
INVALID = Path(__file__).parent / "data" / "invalid"
FIXTURES = sorted(INVALID.glob("*.ttl"))

SEKOMSH = Namespace("https://w3id.org/sekom/shapes#")
SEKOM = Namespace("https://w3id.org/sekom/ontology#")
SCHEMA = Namespace("https://schema.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
PARAGRAPH = URIRef("https://w3id.org/sekom/id/source/internationella-samarbeten/2007-p1")


@cache
def shapes() -> Graph:
    return Graph().parse(SHAPES_FILE)


@cache
def context_triples() -> tuple[tuple[Node, Node, Node], ...]:
    graph = Graph()
    for path in CONTEXT_FILES:
        graph.parse(path)
    return tuple(graph)


def validate(extra: Graph) -> Graph:
    """The pyshacl report graph for ontology + vocabulary + sources + ``extra``."""
    data = Graph()
    for triple in context_triples():
        data.add(triple)
    for triple in extra:
        data.add(triple)
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes(), inference="none", advanced=True)
    return report


def node_shapes() -> set[URIRef]:
    return {s for s in shapes().subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)}


def property_shapes() -> set[Node]:
    return set(shapes().objects(None, SH.property))


def owning_node_shape(shape: Node) -> Node:
    """``shape`` itself if it is a node shape, else the node shape holding it via sh:property."""
    if shape in node_shapes():
        return shape
    owners = set(shapes().subjects(SH.property, shape))
    assert len(owners) == 1, f"{shape} belongs to {owners or 'no node shape'}"
    return owners.pop()


def results(report: Graph) -> list[Node]:
    return list(report.subjects(RDF.type, SH.ValidationResult))


def local(iri: Node) -> str:
    return str(iri).rsplit("#", 1)[-1]


def texts(node: Node, predicate: URIRef) -> dict[str | None, list[str]]:
    found: dict[str | None, list[str]] = {}
    for value in shapes().objects(node, predicate):
        assert isinstance(value, Literal), f"{node} {predicate} {value} is not a literal"
        found.setdefault(value.language, []).append(str(value))
    return found


# ---------------------------------------------------------------- fixtures


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.stem for f in FIXTURES])
def test_fixture_is_caught_by_its_shape(fixture: Path) -> None:
    shape_name, _, case = fixture.stem.partition("__")
    assert case, f"{fixture.name} is not named <Shape>__<case>.ttl"
    expected = SEKOMSH[shape_name]
    assert expected in node_shapes(), f"no node shape sekomsh:{shape_name}"

    report = validate(Graph().parse(fixture))
    found = results(report)
    assert found, f"{fixture.name} raised no result"
    severities = {report.value(r, SH.resultSeverity) for r in found}
    if case.startswith("warning_"):
        assert severities == {SH.Warning}, f"expected only warnings, got {severities}"
    else:
        assert SH.Violation in severities
        conforms = report.value(predicate=RDF.type, object=SH.ValidationReport, any=False)
        assert report.value(conforms, SH.conforms) == Literal(False)

    sources = {owning_node_shape(report.value(r, SH.sourceShape)) for r in found}
    assert sources == {expected}, sorted(local(s) for s in sources)


def test_every_node_shape_has_a_fixture() -> None:
    covered = {f.stem.partition("__")[0] for f in FIXTURES}
    missing = sorted(local(s) for s in node_shapes() if local(s) not in covered)
    assert not missing, f"node shapes without a fixture in {INVALID}: {missing}"


# ---------------------------------------------------------------- the shapes file itself


@pytest.mark.parametrize("shape", sorted(node_shapes()), ids=local)
def test_node_shape_is_documented(shape: URIRef) -> None:
    names = texts(shape, SH.name)
    comments = texts(shape, RDFS.comment)
    assert {"en", "sv"} <= names.keys(), names
    assert {"en", "sv"} <= comments.keys(), comments
    assert shapes().value(shape, SH.targetClass) is not None


@pytest.mark.parametrize("shape", sorted(property_shapes()), ids=local)
def test_property_shape_is_named_and_explained(shape: Node) -> None:
    assert isinstance(shape, URIRef), f"blank property shape under {owning_node_shape(shape)}"
    assert str(shape).startswith(str(SEKOMSH))
    assert "en" in texts(shape, SH.name)
    messages = texts(shape, SH.message)
    assert {"en", "sv"} <= messages.keys(), messages
    assert all(len(v) == 1 for v in messages.values()), messages


def test_sparql_constraints_are_named() -> None:
    constraints = set(shapes().objects(None, SH.sparql))
    assert constraints
    assert all(isinstance(c, URIRef) for c in constraints)


# ---------------------------------------------------------------- dates
# pyshacl cannot order xsd:gYear literals (sh:minInclusive "2002"^^xsd:gYear rejects every
# value), so the range is a SPARQL constraint on the year part; these cases pin it down.


def activity(start: Literal) -> Graph:
    subject = URIRef("https://w3id.org/sekom/id/event/2007-date-probe")
    graph = Graph()
    graph.add((subject, RDF.type, SEKOM.Visit))
    graph.add((subject, SCHEMA.startDate, start))
    graph.add((subject, PROV.wasDerivedFrom, PARAGRAPH))
    return graph


def fired(report: Graph, shape: URIRef) -> bool:
    return any(report.value(r, SH.sourceShape) == shape for r in results(report))


@pytest.mark.parametrize(
    ("lexical", "datatype", "in_range"),
    [
        ("2002", XSD.gYear, True),
        ("2021", XSD.gYear, True),
        ("2020-02", XSD.gYearMonth, True),
        ("2021-12", XSD.gYearMonth, True),
        ("2001", XSD.gYear, False),
        ("2022", XSD.gYear, False),
        ("2001-12", XSD.gYearMonth, False),
        ("2022-01", XSD.gYearMonth, False),
    ],
    ids=lambda v: str(v).rsplit("#", 1)[-1] if isinstance(v, URIRef) else str(v),
)
def test_start_year_range(lexical: str, datatype: URIRef, in_range: bool) -> None:
    report = validate(activity(Literal(lexical, datatype=datatype)))
    assert fired(report, SEKOMSH["Activity-startYearInRange"]) is not in_range
    assert not fired(report, SEKOMSH["Activity-startDate"])  # both datatypes are accepted


@pytest.mark.parametrize(
    ("lexical", "matches"), [("2007", True), ("2007-05", True), ("2008", False)]
)
def test_start_year_matches_heading(lexical: str, matches: bool) -> None:
    datatype = XSD.gYearMonth if "-" in lexical else XSD.gYear
    report = validate(activity(Literal(lexical, datatype=datatype)))
    assert fired(report, SEKOMSH["Activity-startYearMatchesHeading"]) is not matches
