"""Each stage of the pipeline against an oracle it does not share code with.

Parsing against rdflib's own Turtle parser; every written format read back by rdflib and
compared with ontology + data (parsed by rdflib) + the recorded rule output; the JSON-LD
writer against rdflib's JSON-LD compaction; re-minting against a term-by-term rewrite of
the rdflib graph; the summary's counts against rdflib's. Bundles: the real data, the fixture
bundle (it has blank nodes) and a generated 10k bundle where no recorded output is needed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from conftest import FIXTURE_BUNDLE
from graphs import expected_published, parse, rdflib_sources
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from sekom_kg.assembly.load import load_sources, parse_turtle
from sekom_kg.assembly.ntriples import NTriples
from sekom_kg.assembly.published import published_triples
from sekom_kg.assembly.remint import remint
from sekom_kg.assembly.summary import GraphSummary
from sekom_kg.core.errors import TurtleSyntaxError
from sekom_kg.rdfio.context import load_context
from sekom_kg.rdfio.formats import RdfFormat, write
from sekom_kg.rdfio.jsonld_writer import compact_jsonld

ROOT = Path(__file__).resolve().parents[1]
XSD = "http://www.w3.org/2001/XMLSchema#"
BASE = "https://w3id.org/sekom/"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated bundle of about 10 thousand triples (see benchmarks/generate.py)."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.generate import generate

    return generate("10k", tmp_path_factory.mktemp("generated") / "10k")


@pytest.fixture(params=["real", "fixture", "generated"])
def bundle(request: pytest.FixtureRequest, use_bundle: Any, generated: Path) -> str:
    """The real bundle, the fixture bundle and a generated 10k bundle, active for the test."""
    if request.param == "fixture":
        use_bundle(FIXTURE_BUNDLE)
    elif request.param == "generated":
        use_bundle(generated)
    return str(request.param)


@pytest.fixture(params=["real", "fixture"])
def recorded(request: pytest.FixtureRequest, use_bundle: Any) -> str:
    """The bundles whose rule output is recorded in ``tests/expected/rules/``."""
    if request.param == "fixture":
        use_bundle(FIXTURE_BUNDLE)
    return str(request.param)


def test_sources_parse_to_what_rdflib_reads(bundle: str) -> None:
    sources, oracle = load_sources(), rdflib_sources()
    assert isomorphic(sources.ontology.to_rdflib(), oracle.ontology)
    assert isomorphic(sources.data.to_rdflib(), oracle.data)
    assert isomorphic(sources.shapes, oracle.shapes)


@pytest.mark.parametrize(
    "fmt", [RdfFormat.TURTLE, RdfFormat.NTRIPLES, RdfFormat.JSONLD, RdfFormat.RDFXML]
)
def test_every_format_holds_the_expected_graph(recorded: str, fmt: RdfFormat) -> None:
    """Read back by rdflib, each format is ontology + data + the recorded rule output."""
    written = write(published_triples(load_sources()), fmt, load_context())
    assert isomorphic(
        Graph().parse(data=written, format=fmt.rdflib_name), expected_published(recorded)
    )


def test_every_format_round_trips_on_the_generated_bundle(use_bundle: Any, generated: Path) -> None:
    use_bundle(generated)
    published = published_triples(load_sources())
    expected = parse_ntriples(published.to_bytes())
    for fmt in (RdfFormat.TURTLE, RdfFormat.JSONLD, RdfFormat.RDFXML):
        written = write(published, fmt, load_context())
        assert isomorphic(Graph().parse(data=written, format=fmt.rdflib_name), expected), fmt


def parse_ntriples(data: bytes) -> Graph:
    return Graph().parse(data=data, format="nt")


def normalised(value: Any, ordered: bool = False) -> Any:
    """A JSON value with object keys sorted and unordered arrays sorted (``@list`` kept)."""
    if isinstance(value, dict):
        return {k: normalised(v, k == "@list") for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [normalised(v) for v in value]
        return items if ordered else sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    return value


def test_jsonld_writer_writes_rdflibs_compaction(bundle: str) -> None:
    """The same JSON-LD document as rdflib's own compaction, up to key and array order."""
    published = published_triples(load_sources())
    context = load_context()
    written = compact_jsonld(published.to_bytes(), context)
    if bundle == "fixture":  # blank nodes: the writer declines, rdflib writes
        assert written is None
        return
    assert written is not None
    reference = published.to_rdflib().serialize(
        format="json-ld", context=context, auto_compact=True
    )
    assert normalised(json.loads(written)) == normalised(json.loads(reference))


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
    written = compact_jsonld(graph.serialize(format="nt", encoding="utf-8"), context)
    assert written is not None
    reference = graph.serialize(format="json-ld", context=context, auto_compact=True)
    assert normalised(json.loads(written)) == normalised(json.loads(reference))
    assert expected.replace('"p"', '"urn:p"') in written.decode() or expected in written.decode()


@pytest.mark.parametrize(
    "body", [r"it\'s", r"clef \U0001D11E", r"tab\there", r"quote \" and \\ backslash", "é"]
)
def test_jsonld_writer_reads_every_ntriples_escape(body: str) -> None:
    nt = f'<urn:s> <urn:p> "{body}" .\n'.encode()
    (triple,) = list(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES))
    written = compact_jsonld(nt, {})
    assert written is not None
    assert json.loads(written)["urn:p"] == triple.object.value


def test_jsonld_writer_declines_term_definitions() -> None:
    nt = b'<urn:s> <https://schema.org/name> "x" .\n'
    assert compact_jsonld(nt, {"name": {"@id": "https://schema.org/name"}}) is None
    assert compact_jsonld(nt, {"schema": "https://schema.org/"}) is not None


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


def reminted_by_hand(graph: Graph, new_base: str) -> Graph:
    """The oracle: every IRI (and datatype IRI) under the base, outside the ontology, moved."""

    def move(term: Any) -> Any:
        if isinstance(term, URIRef):
            iri = str(term)
            if iri.startswith(BASE) and not iri.startswith(BASE + "ontology"):
                return URIRef(new_base + iri[len(BASE) :])
        if isinstance(term, Literal) and term.datatype is not None:
            return Literal(str(term), datatype=move(term.datatype))
        return term

    result = Graph()
    for triple in graph:
        result.add(tuple(move(t) for t in triple))  # type: ignore[arg-type]
    return result


def test_remint_moves_every_resource_iri(recorded: str) -> None:
    new_base = "https://example.org/kg/"
    moved = remint(published_triples(load_sources()), new_base)
    expected = reminted_by_hand(expected_published(recorded), new_base)
    assert isomorphic(parse_ntriples(moved.to_bytes()), expected)
    assert not moved.mentions(BASE + "id/")


def test_remint_leaves_literal_text_alone() -> None:
    line = b'<https://w3id.org/sekom/id/a> <urn:p> "<https://w3id.org/sekom/id/b>" .\n'
    (moved,) = remint(NTriples.from_bytes(line), "https://example.org/").lines
    assert moved == '<https://example.org/id/a> <urn:p> "<https://w3id.org/sekom/id/b>" .'


def test_summary_counts(recorded: str) -> None:
    graph = expected_published(recorded)
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


def test_the_oracle_reads_the_files_itself() -> None:
    """``expected_published`` is rdflib's reading of the files, not the pipeline's."""
    assert len(parse(ROOT / "ontology" / "sekom.ttl")) == len(rdflib_sources().ontology) > 0
