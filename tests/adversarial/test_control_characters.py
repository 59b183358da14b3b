"""Characters in literals: what the formats cannot carry is refused at FILE:LINE:COL (exit 2);
everything else reaches every published file, and the page, unchanged.

Each published file is read back with a parser other than the one that wrote it (rdflib for
each RDF format, Python's XML parser for RDF/XML, ``html.parser`` for the page).
"""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from sekom_kg.cli import cli

FIXTURE_BUNDLE = Path(__file__).parents[1] / "data" / "bundle"
ORG = "https://w3id.org/sekom/id/org/sekom"
ALT = URIRef("https://schema.org/alternateName")
PREFIX = "@prefix schema: <https://schema.org/> .\n"

#: Texts every format must carry: (Turtle string as written in the source, the text).
CARRIED = [
    (r'"line\u2028separator"', "line\u2028separator"),
    ('"raw\u2028line separator"', "raw\u2028line separator"),
    (r'"paragraph\u2029separator"', "paragraph\u2029separator"),
    (r'"next\u0085line"', "next\u0085line"),
    ('"raw next\u0085line"', "raw next\u0085line"),
    (r'"tab\tand\rcarriage return"', "tab\tand\rcarriage return"),
    ('"""two\nlines"""', "two\nlines"),
    (r'"crlf\r\nend"', "crlf\r\nend"),
    (
        '"emoji \U0001f30d\U0001f3f3\ufe0f\u200d\U0001f308"',
        "emoji \U0001f30d\U0001f3f3\ufe0f\u200d\U0001f308",
    ),
    ('"rtl \u202eevil\u202c \u200fמרכז\u200e end"', "rtl \u202eevil\u202c \u200fמרכז\u200e end"),
    (r'"quotes \" \\ and \\u0000 as text"', 'quotes " \\ and \\u0000 as text'),
    (r'"delete \u007F is allowed"', "delete \x7f is allowed"),
    ('"nbsp\u00a0and\u2003em space"', "nbsp\u00a0and\u2003em space"),
]

#: Texts no format here can carry (XML 1.0 forbids them): Turtle as written, code point.
REFUSED = [
    (r'"nul \u0000 byte"', 0x00),
    ('"raw nul \x00 byte"', 0x00),
    (r'"bell \u0007"', 0x07),
    (r'"backspace \b"', 0x08),
    (r'"form feed \f"', 0x0C),
    ('"raw vertical tab \x0b"', 0x0B),
    (r'"escape \u001B[31m"', 0x1B),
    (r'"long escape \U0000001F"', 0x1F),
    (r'"non-character \uFFFE"', 0xFFFE),
    (r'"non-character \uFFFF"', 0xFFFF),
]


def hostile_bundle(tmp_path: Path, use_bundle: Callable[[Path], Path], turtle: str) -> Path:
    """The fixture bundle plus ``data/hostile.ttl`` holding ``turtle``."""
    root = tmp_path / "bundle"
    shutil.copytree(FIXTURE_BUNDLE, root)
    (root / "data" / "hostile.ttl").write_text(turtle, encoding="utf-8", newline="")
    return use_bundle(root)


def alternate_names(graph: Graph) -> set[str]:
    return {str(o) for o in graph.objects(URIRef(ORG), ALT) if isinstance(o, Literal)}


class Text(HTMLParser):
    """The text content of a page outside ``<script>`` (character references resolved)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.scripts: list[str] = []
        self._script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._script = False

    def handle_data(self, data: str) -> None:
        (self.scripts if self._script else self.parts).append(data)


@pytest.fixture(params=["with-blank-nodes", "without-blank-nodes"])
def carried_dist(
    request: pytest.FixtureRequest, tmp_path: Path, use_bundle: Callable[[Path], Path]
) -> Path:
    """A build with every carried text; graphs with blank nodes take other writers."""
    values = ",\n    ".join(turtle for turtle, _ in CARRIED)
    root = hostile_bundle(
        tmp_path, use_bundle, f"{PREFIX}<{ORG}> schema:alternateName\n    {values} .\n"
    )
    if request.param == "without-blank-nodes":
        (root / "data" / "events" / "2007.ttl").unlink()  # the only one with blank nodes
    result = CliRunner().invoke(cli, ["build", "--out", str(tmp_path / "dist")])
    assert result.exit_code == 0, result.output
    return tmp_path / "dist"


def test_source_is_what_we_think(tmp_path: Path) -> None:
    """pyoxigraph reads the hostile Turtle to exactly the expected texts (the test's premise)."""
    values = ",\n    ".join(turtle for turtle, _ in CARRIED)
    data = f"{PREFIX}<{ORG}> schema:alternateName\n    {values} .\n".encode()
    found = {q.object.value for q in ox.parse(data, format=ox.RdfFormat.TURTLE)}
    assert found == {text for _, text in CARRIED}


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("sekom.ttl", "turtle"),
        ("sekom.nt", "nt"),
        ("sekom.jsonld", "json-ld"),
        ("sekom.rdf", "xml"),
    ],
)
def test_every_format_carries_the_text(carried_dist: Path, name: str, fmt: str) -> None:
    reference = Graph().parse(carried_dist / "sekom.nt", format="nt")
    graph = Graph().parse(carried_dist / name, format=fmt)
    assert alternate_names(graph) == {text for _, text in CARRIED}
    assert isomorphic(graph, reference)


def test_trig_carries_the_text(carried_dist: Path) -> None:
    dataset = Dataset().parse(carried_dist / "sekom.trig", format="trig")
    data = dataset.graph(URIRef("https://w3id.org/sekom/dataset/graph/data"))
    assert alternate_names(data) == {text for _, text in CARRIED}
    reference = Graph().parse(carried_dist / "sekom.nt", format="nt")
    union = Graph()
    for name in ("ontology", "data"):
        for triple in dataset.graph(URIRef(f"https://w3id.org/sekom/dataset/graph/{name}")):
            union.add(triple)
    assert isomorphic(union, reference)


def test_rdfxml_is_well_formed_xml_with_the_exact_text(carried_dist: Path) -> None:
    """Python's XML parser (no rdflib) reads every text back, CR included (as ``&#13;``)."""
    for path in (carried_dist / "sekom.rdf", carried_dist / "site/id/org/sekom.rdf"):
        root = ET.parse(path).getroot()
        texts = {el.text for el in root.iter("{https://schema.org/}alternateName")}
        assert texts == {text for _, text in CARRIED}, path


def test_resource_files_carry_the_text(carried_dist: Path) -> None:
    site = carried_dist / "site" / "id" / "org"
    reference = Graph().parse(site / "sekom.nt", format="nt")
    assert alternate_names(reference) == {text for _, text in CARRIED}
    for ext, fmt in ((".ttl", "turtle"), (".jsonld", "json-ld"), (".rdf", "xml")):
        graph = Graph().parse(site / f"sekom{ext}", format=fmt)
        assert isomorphic(graph, reference), ext


def test_page_shows_the_text_and_its_json_ld(carried_dist: Path) -> None:
    html = (carried_dist / "site/id/org/sekom.html").read_text(encoding="utf-8")
    assert "\x00" not in html
    page = Text()
    page.feed(html)
    page.close()
    shown = "".join(page.parts)
    for _, text in CARRIED:
        # HTML turns CR and CRLF into LF before parsing: the browser shows that text.
        visible = text.replace("\r\n", "\n").replace("\r", "\n")
        assert visible in shown.replace("\r\n", "\n").replace("\r", "\n"), text
    (island,) = [s for s in page.scripts if s.strip()]
    json.loads(island)
    graph = Graph().parse(data=island, format="json-ld")
    assert alternate_names(graph) == {text for _, text in CARRIED}


@pytest.mark.parametrize(("turtle", "code"), REFUSED)
@pytest.mark.parametrize("command", [["build", "--out", "OUT"], ["validate"]])
def test_refused_with_file_line_column(
    tmp_path: Path,
    use_bundle: Callable[[Path], Path],
    turtle: str,
    code: int,
    command: list[str],
) -> None:
    source = (
        f'{PREFIX}# a comment may say \\u0000\n<{ORG}> schema:alternateName "ok",\n  {turtle} .\n'
    )
    hostile_bundle(tmp_path, use_bundle, source)
    out = tmp_path / "dist"
    args = [str(out) if a == "OUT" else a for a in command]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    path = tmp_path / "bundle" / "data" / "hostile.ttl"
    at = next(i for i, c in enumerate(turtle) if c == "\\" or ord(c) < 0x20 or ord(c) >= 0xFFFE)
    column = 2 + at + 1
    message = f"error: {path}:4:{column}: character U+{code:04X} cannot be published"
    assert result.output.startswith(message), result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "internal error" not in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_comment_with_control_characters_is_fine(
    tmp_path: Path, use_bundle: Callable[[Path], Path]
) -> None:
    """Only the graph counts: a comment may hold any character."""
    source = f'{PREFIX}# raw \x01 and \\u0000 in a comment\n<{ORG}> schema:alternateName "ok" .\n'
    hostile_bundle(tmp_path, use_bundle, source)
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 0, result.output


def test_lone_surrogate_is_a_syntax_error(
    tmp_path: Path, use_bundle: Callable[[Path], Path]
) -> None:
    hostile_bundle(tmp_path, use_bundle, f'{PREFIX}<{ORG}> schema:alternateName "\\uD800" .\n')
    result = CliRunner().invoke(cli, ["build", "--out", str(tmp_path / "dist")])
    assert result.exit_code == 2, result.output
    assert f"{tmp_path / 'bundle' / 'data' / 'hostile.ttl'}:2:" in result.output
    assert "internal error" not in result.output


def test_stats_refuses_too(tmp_path: Path, use_bundle: Callable[[Path], Path]) -> None:
    """The rdflib reader (``stats``) refuses the same characters at the same place."""
    hostile_bundle(tmp_path, use_bundle, f'{PREFIX}<{ORG}> schema:alternateName "a\\u0000" .\n')
    result = CliRunner().invoke(cli, ["stats"])
    assert result.exit_code == 2, result.output
    column = len(f'<{ORG}> schema:alternateName "a') + 1
    assert f"hostile.ttl:2:{column}: character U+0000" in result.output


def carried_bundle(tmp_path: Path, use_bundle: Callable[[Path], Path]) -> Path:
    values = ",\n    ".join(turtle for turtle, _ in CARRIED)
    turtle = f"{PREFIX}<{ORG}> schema:alternateName\n    {values} .\n"
    return hostile_bundle(tmp_path, use_bundle, turtle)


def test_validate_accepts_the_carried_text(
    tmp_path: Path, use_bundle: Callable[[Path], Path]
) -> None:
    carried_bundle(tmp_path, use_bundle)
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 0, result.output


def test_construct_query_as_n_triples_carries_the_text(
    tmp_path: Path, use_bundle: Callable[[Path], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SEKOM_KG_CACHE_DIR", str(tmp_path / "cache"))
    carried_bundle(tmp_path, use_bundle)
    query = tmp_path / "names.rq"
    query.write_text(
        f"CONSTRUCT {{ <{ORG}> <{ALT}> ?o }} WHERE {{ <{ORG}> <{ALT}> ?o }}\n", encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["query", str(query), "--format", "nt"])
    assert result.exit_code == 0, result.output
    triples = ox.parse(result.stdout_bytes, format=ox.RdfFormat.N_TRIPLES)
    assert {t.object.value for t in triples} == {text for _, text in CARRIED}
