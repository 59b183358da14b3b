"""The build's fast path (pyoxigraph parsing, N-Triples lines, the JSON-LD writer) gives
exactly what the rdflib reference gives, on the real data, the fixture bundle and a
generated 10k bundle: same triples, same SHACL results, same JSON-LD bytes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from sekom_kg.build import load_context
from sekom_kg.errors import TurtleSyntaxError
from sekom_kg.formats import RdfFormat, canonical, serialise, serialise_jsonld, write
from sekom_kg.jsonld_writer import compact_jsonld
from sekom_kg.load import load_bundle, load_sources, parse_turtle
from sekom_kg.materialise import materialise, materialise_ntriples
from sekom_kg.ntriples import NTriples
from sekom_kg.remint import remint, remint_ntriples
from sekom_kg.summary import GraphSummary
from sekom_kg.validate import (
    combined_graph,
    published_triples,
    validate_bundle,
    validate_graph,
)

ROOT = Path(__file__).resolve().parents[1]
XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated bundle of about 10 thousand triples (see benchmarks/generate.py)."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.generate import generate

    return generate("10k", tmp_path_factory.mktemp("generated") / "10k")


@pytest.fixture(params=["real", "fixture", "generated"])
def bundle(request: pytest.FixtureRequest, use_bundle, generated: Path) -> str:
    """The real bundle, the fixture bundle (it has blank nodes) and a generated 10k bundle."""
    if request.param == "fixture":
        use_bundle(ROOT / "tests" / "data" / "bundle")
    elif request.param == "generated":
        use_bundle(generated)
    return request.param


def reference_lines(graph: Graph) -> list[str]:
    return NTriples.from_rdflib(graph).lines


def test_sources_parse_to_the_same_triples(bundle: str) -> None:
    rdflib_bundle, sources = load_bundle(), load_sources()
    assert isomorphic(sources.ontology.to_rdflib(), rdflib_bundle.ontology)
    assert isomorphic(sources.data.to_rdflib(), rdflib_bundle.data)


def test_materialised_triples_are_the_same(bundle: str) -> None:
    rdflib_bundle, sources = load_bundle(), load_sources()
    fast = materialise_ntriples(sources.data, sources.ontology)
    reference = materialise(rdflib_bundle.data, rdflib_bundle.ontology)
    assert len(fast) == len(reference) > 0
    assert isomorphic(fast.to_rdflib(), reference)


def test_published_graph_is_the_same(bundle: str) -> None:
    assert isomorphic(published_triples(load_sources()).to_rdflib(), combined_graph(load_bundle()))


def test_validation_of_ntriples_equals_validation_of_the_graph(bundle: str) -> None:
    sources = load_sources()
    slow = bundle != "generated"  # pyshacl takes some 20 s at 10k; it runs on the others
    for validator in ("fast", "pyshacl") if slow else ("fast",):
        fast = validate_graph(published_triples(sources), sources.shapes, validator=validator)
        reference = validate_bundle(load_bundle(), validator=validator)
        assert fast.engine == reference.engine  # N-Triples reach pyshacl-turbo without fallback
        assert fast.conforms == reference.conforms
        assert fast.results == reference.results


def test_jsonld_writer_writes_rdflibs_document(bundle: str) -> None:
    """The same JSON as rdflib's compaction, keys and arrays in the same order."""
    published = published_triples(load_sources())
    if bundle == "fixture":  # blank nodes: the writer declines, rdflib writes
        assert compact_jsonld(published.to_bytes(), load_context()) is None
        return
    reference = serialise_jsonld(canonical(published.to_rdflib()), load_context())
    written = compact_jsonld(published.to_bytes(), load_context())
    assert written is not None
    assert json.dumps(json.loads(written)) == json.dumps(json.loads(reference))


@pytest.mark.parametrize(
    ("literal", "expected"),
    [
        (Literal("7", datatype=URIRef(XSD + "integer")), '"p": 7'),
        (Literal("true", datatype=URIRef(XSD + "boolean")), '"p": true'),
        (Literal("2.5E0", datatype=URIRef(XSD + "double")), '"p": 2.5'),
        (Literal("x"), '"p": "x"'),
        (Literal("2007", datatype=URIRef(XSD + "gYear")), '"@type": "xsd:gYear"'),
        (Literal("x", lang="sv"), '"@language": "sv"'),
        (Literal('säg "hej"\nny\\rad\t☃ 𝄞'), '"p": "säg \\"hej\\"\\nny\\\\rad\\t☃ 𝄞"'),
    ],
)
def test_jsonld_writer_literals(literal: Literal, expected: str) -> None:
    graph = Graph()
    graph.add((URIRef("urn:s"), URIRef("urn:p"), literal))
    graph.add((URIRef("urn:t"), URIRef("urn:p"), literal))
    context = {"xsd": XSD}
    written = compact_jsonld(NTriples.from_rdflib(graph).to_bytes(), context)
    assert json.loads(written) == json.loads(serialise_jsonld(graph, context))
    assert expected.replace('"p"', '"urn:p"') in written.decode() or expected in written.decode()


@pytest.mark.parametrize(
    "body", [r"it\'s", r"clef \U0001D11E", r"tab\there", r"quote \" and \\ backslash", "é"]
)
def test_jsonld_writer_reads_every_ntriples_escape(body: str) -> None:
    nt = f'<urn:s> <urn:p> "{body}" .\n'.encode()
    expected = ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)
    (triple,) = list(expected)
    written = json.loads(compact_jsonld(nt, {}))
    assert written["urn:p"] == triple.object.value


def test_jsonld_writer_declines_term_definitions() -> None:
    nt = b'<urn:s> <https://schema.org/name> "x" .\n'
    assert compact_jsonld(nt, {"name": {"@id": "https://schema.org/name"}}) is None
    assert compact_jsonld(nt, {"schema": "https://schema.org/"}) is not None


def test_every_format_round_trips(bundle: str) -> None:
    published = published_triples(load_sources())
    expected = published.to_rdflib()
    for fmt in (RdfFormat.TURTLE, RdfFormat.NTRIPLES, RdfFormat.JSONLD, RdfFormat.RDFXML):
        written = write(published, fmt, load_context())
        assert isomorphic(Graph().parse(data=written, format=fmt.rdflib_name), expected), fmt


def test_literals_keep_their_lexical_form() -> None:
    graph = NTriples.from_bytes(
        b'<urn:s> <urn:p> "2020-09-13T12:26:40Z"^^<http://www.w3.org/2001/XMLSchema#dateTime> .\n'
        b'<urn:s> <urn:p> "01"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
    )
    assert NTriples.from_rdflib(graph.to_rdflib()).lines == graph.lines
    written = write(graph, RdfFormat.TURTLE, {})
    reread = ox.parse(written, format=ox.RdfFormat.TURTLE)  # pyoxigraph keeps lexical forms
    assert NTriples.from_triples(reread).lines == graph.lines


def test_blank_nodes_get_canonical_labels() -> None:
    first = NTriples.from_bytes(b'_:a <urn:p> "x" .\n<urn:s> <urn:q> _:a .\n')
    second = NTriples.from_bytes(b'_:zz <urn:p> "x" .\n<urn:s> <urn:q> _:zz .\n')
    assert first.lines == second.lines
    assert all(isinstance(t, BNode) for t in first.to_rdflib().subjects(URIRef("urn:p")))


def test_remint_ntriples_equals_remint(bundle: str) -> None:
    published = published_triples(load_sources())
    base = "https://example.org/kg/"
    assert isomorphic(
        remint_ntriples(published, base).to_rdflib(), remint(published.to_rdflib(), base)
    )


def test_remint_leaves_literal_text_alone() -> None:
    line = b'<https://w3id.org/sekom/id/a> <urn:p> "<https://w3id.org/sekom/id/b>" .\n'
    (moved,) = remint_ntriples(NTriples.from_bytes(line), "https://example.org/").lines
    assert moved == '<https://example.org/id/a> <urn:p> "<https://w3id.org/sekom/id/b>" .'


def test_summary_counts(bundle: str) -> None:
    graph = combined_graph(load_bundle())
    summary = GraphSummary.of(published_triples(load_sources()))
    assert summary.triples == len(graph)
    assert summary.distinct_subjects == len(set(graph.subjects()))
    assert summary.distinct_objects == len(set(graph.objects()))
    assert summary.entities == len({s for s in graph.subjects() if isinstance(s, URIRef)})
    assert summary.properties == len(set(graph.predicates()))


def test_parse_turtle_reports_the_position() -> None:
    broken = ROOT / "tests" / "data" / "broken.ttl"
    with pytest.raises(TurtleSyntaxError) as info:
        parse_turtle(broken)
    assert (info.value.line, info.value.column) == (4, 26)


def test_serialise_and_write_agree_on_turtle() -> None:
    published = published_triples(load_sources())
    reference = serialise(canonical(published.to_rdflib()), RdfFormat.TURTLE, {})
    assert isomorphic(
        Graph().parse(data=write(published, RdfFormat.TURTLE, {}), format="turtle"),
        Graph().parse(data=reference, format="turtle"),
    )
