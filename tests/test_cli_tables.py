"""`query --format table` and `--show`, forgiving query names and values, `queries` as JSON."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal

from sekom_kg.cli import cli
from sekom_kg.sparql.api import run_query, run_text
from sekom_kg.sparql.queries import catalogue, find_query

PLACES_RQ = """PREFIX schema: <https://schema.org/>
SELECT ?place ?name WHERE { ?place a schema:Place ; schema:name ?name } ORDER BY ?place ?name
"""
#: Colour SGR parameters (foreground 30-37, 90-97, 256-colour and true-colour).
COLOUR = re.compile(r"\x1b\[[0-9;]*?(?<![0-9])(3[0-7]|9[0-7]|38;[25])[;m]")


def columns(table: str) -> list[str]:
    """Each column's text with all cells joined and white space removed (folds undone)."""
    header_rule = next(i for i, line in enumerate(table.splitlines()) if line[:1] in "┡╞+")
    lines = table.splitlines()[header_rule + 1 :]
    body = [line for line in lines if line.startswith(("│", "|"))]
    cells = [re.split(r"[│|]", line)[1:-1] for line in body]
    return ["".join(re.sub(r"\s", "", row[i]) for row in cells) for i in range(len(cells[0]))]


def invoke(*args: str, env: dict[str, str] | None = None) -> object:
    base = {"COLUMNS": "60", "LANG": "", "LC_ALL": ""}
    return CliRunner().invoke(cli, list(args), env=base | (env or {}))


def test_narrow_table_keeps_every_iri_whole_as_a_curie() -> None:
    result = invoke("query", "03")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    stdout: str = result.stdout  # type: ignore[attr-defined]
    assert "…" not in stdout and "..." not in stdout
    terms = run_query("03", python_values=False).terms
    shown = columns(stdout)
    iris = "".join(str(row[0]) for row in terms)
    curies = iris.replace("https://w3id.org/sekom/id/org/", "agent:")
    assert shown[0] == curies
    assert shown[3] == "".join(str(row[3]) for row in terms).replace(
        "https://w3id.org/sekom/id/event/", "event:"
    )
    assert shown[1] == "".join(re.sub(r"\s", "", str(row[1])) for row in terms)
    assert result.stderr == f"{len(terms)} rows\n"  # type: ignore[attr-defined]


def test_no_curies_shows_full_iris() -> None:
    result = invoke("query", "03", "--no-curies")
    assert result.exit_code == 0  # type: ignore[attr-defined]
    terms = run_query("03", python_values=False).terms
    assert columns(result.stdout)[0] == "".join(str(row[0]) for row in terms)  # type: ignore[attr-defined]


def test_iri_outside_the_prefixes_stays_whole(tmp_path: Path) -> None:
    rq = tmp_path / "other.rq"
    rq.write_text("SELECT ?x WHERE { VALUES ?x { <http://example.org/a/very/long/path/x> } }\n")
    result = invoke("query", str(rq))
    assert columns(result.stdout)[0] == "http://example.org/a/very/long/path/x"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("args", "phrase"),
    [
        (["04"], "1 row\n"),
        (["04", "--format", "csv"], "1 row\n"),
        (["01", "--format", "tsv"], "20 rows\n"),
        (["12", "-p", "year=2003"], "0 rows\n"),
    ],
)
def test_row_count_singular_and_plural(args: list[str], phrase: str) -> None:
    result = invoke("query", *args)
    assert result.exit_code == 0 and result.stderr == phrase  # type: ignore[attr-defined]


@pytest.fixture
def places_rq(tmp_path: Path) -> Path:
    rq = tmp_path / "places.rq"
    rq.write_text(PLACES_RQ)
    return rq


@pytest.mark.parametrize(
    ("options", "env", "name"),
    [
        (["--lang", "sv"], {}, "Araucoprovinsen"),
        (["--lang", "SV"], {}, "Araucoprovinsen"),
        (["--lang", "en"], {"LANG": "sv_SE.UTF-8"}, "AraucoProvince"),
        ([], {"LANG": "sv_SE.UTF-8"}, "Araucoprovinsen"),
        ([], {"LC_ALL": "en_GB.UTF-8", "LANG": "sv_SE.UTF-8"}, "AraucoProvince"),
        ([], {"LC_ALL": "C", "LANG": "sv_SE.UTF-8"}, "AraucoProvince"),
        ([], {"LANG": "de_DE.UTF-8"}, "AraucoProvince"),
        ([], {"LANG": "x\x7f\u00e5@@..__"}, "AraucoProvince"),
        ([], {}, "AraucoProvince"),
    ],
)
def test_labels_in_the_chosen_language(
    places_rq: Path, options: list[str], env: dict[str, str], name: str
) -> None:
    result = invoke("query", str(places_rq), *options, env=env)
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    place, names = columns(result.stdout)  # type: ignore[attr-defined]
    rows = run_query(places_rq, python_values=False).terms
    places = list(dict.fromkeys(row[0] for row in rows))
    assert result.stderr == f"{len(places)} rows\n"  # type: ignore[attr-defined]
    prefix = "https://w3id.org/sekom/id/place/"
    assert place == "".join(str(p).replace(prefix, "place:") for p in places)
    other = "AraucoProvince" if name == "Araucoprovinsen" else "Araucoprovinsen"
    assert name in names and other not in names


def _masked(rows: list[tuple[object, ...]]) -> list[tuple[str, ...]]:
    """Rows with every language-tagged literal replaced by its language, sorted."""
    return sorted(
        tuple(f"@{t.language}" if isinstance(t, Literal) and t.language else repr(t) for t in row)
        for row in rows
    )


@pytest.mark.parametrize("query", [q.name for q in catalogue() if q.form == "SELECT"])
def test_bundled_queries_answer_the_same_in_swedish(query: str) -> None:
    english = run_query(query, python_values=False).terms
    swedish = run_query(query, python_values=False, lang="sv").terms
    assert _masked(swedish) == [
        tuple("@sv" if cell == "@en" else cell for cell in row) for row in _masked(english)
    ]
    if "LANGMATCHES" in find_query(query).text:
        assert any(isinstance(t, Literal) and t.language == "sv" for r in swedish for t in r)


@pytest.mark.parametrize(
    ("options", "env", "name"),
    [
        (["--lang", "sv"], {}, "SamarbetetmedEtiopien"),
        ([], {"LANG": "sv_SE.UTF-8"}, "SamarbetetmedEtiopien"),
        (["--lang", "en"], {"LANG": "sv_SE.UTF-8"}, "CollaborationwithEthiopia"),
    ],
)
def test_bundled_query_table_in_the_chosen_language(
    options: list[str], env: dict[str, str], name: str
) -> None:
    result = invoke("query", "12", "-p", "year=2017", *options, env=env)
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    names = columns(result.stdout)[1]  # type: ignore[attr-defined]
    expected = run_query("12", {"year": "2017"}, lang=options[1] if options else "sv").terms
    assert names == "".join(re.sub(r"\s", "", str(row[1])) for row in expected)
    assert name in names


def test_locale_leaves_machine_formats_in_english() -> None:
    csv_sv = invoke("query", "12", "--format", "csv", env={"LANG": "sv_SE.UTF-8"})
    assert csv_sv.stdout == invoke("query", "12", "--format", "csv").stdout  # type: ignore[attr-defined]
    chosen = invoke("query", "12", "--format", "csv", "--lang", "sv")
    assert chosen.stdout != csv_sv.stdout  # type: ignore[attr-defined]
    shown = invoke("query", "12", "--show", "--lang", "sv").stdout  # type: ignore[attr-defined]
    assert '"sv"))' in shown and '"en"))' not in shown


def test_lang_leaves_machine_formats_complete(places_rq: Path) -> None:
    result = invoke("query", str(places_rq), "--lang", "sv", "--format", "csv")
    rows = list(csv.reader(io.StringIO(result.stdout)))[1:]  # type: ignore[attr-defined]
    assert len(rows) == len(run_query(places_rq))
    assert ["https://w3id.org/sekom/id/place/arauco-province", "Arauco Province"] in rows


def _in_terminal(args: list[str], env: dict[str, str]) -> str:
    """Run ``sekom-kg ARGS`` with stdout on a pseudo-terminal; its output as text."""
    script = Path(sys.executable).parent / "sekom-kg"
    main, child = pty.openpty()
    environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    environ |= {"TERM": "xterm-256color", "COLUMNS": "100"} | env
    process = subprocess.Popen(
        [str(script), *args], stdout=child, stderr=subprocess.DEVNULL, env=environ
    )
    os.close(child)
    chunks: list[bytes] = []
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([main], [], [], 1)
            if not ready:
                if process.poll() is not None:
                    break
                continue
            try:
                data = os.read(main, 65536)
            except OSError:  # the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(main)
        process.kill() if process.poll() is None else None
        process.wait(timeout=30)
    assert process.returncode == 0
    return b"".join(chunks).decode("utf-8")


def test_colour_on_a_terminal_but_not_with_no_color() -> None:
    coloured = _in_terminal(["query", "12", "-p", "year=2017"], {})
    assert COLOUR.search(coloured), coloured
    plain = _in_terminal(["query", "12", "-p", "year=2017"], {"NO_COLOR": "1"})
    assert not COLOUR.search(plain), plain
    assert "collaboration:" in plain


def test_no_escape_codes_when_not_a_terminal() -> None:
    result = invoke("query", "12", "-p", "year=2017")
    assert result.exit_code == 0 and "\x1b[" not in result.output  # type: ignore[attr-defined]
    stats = invoke("stats")
    assert stats.exit_code == 0 and "\x1b[" not in stats.output  # type: ignore[attr-defined]


# ---------------------------------------------------------------- forgiving input


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [
        ("evnts_per_year", "'01_events_per_year'"),
        ("EVENTS_PER_YEAR", "'01_events_per_year'"),
        ("funder", "'02_funders'"),
        ("12_collaboration_in_year", "'12_collaborations_in_year'"),
    ],
)
def test_mistyped_query_name_gets_a_suggestion(name: str, suggestion: str) -> None:
    result = invoke("query", name)
    assert result.exit_code == 2  # type: ignore[attr-defined]
    line = result.stderr.strip()  # type: ignore[attr-defined]
    assert line.startswith(f"error: unknown query {name!r}; did you mean {suggestion}")
    assert "valid: 01_events_per_year" in line and "\n" not in line


def test_unlike_query_name_gets_no_suggestion() -> None:
    result = invoke("query", "zzzzqqqq")
    assert result.exit_code == 2 and "did you mean" not in result.stderr  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("pair", "suggestion"),
    [("yr=2010", "'year'"), ("Year=2010", "'year'"), ("yaer=2010", "'year'")],
)
def test_mistyped_parameter_gets_a_suggestion(pair: str, suggestion: str) -> None:
    result = invoke("query", "12", "-p", pair)
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert f"did you mean {suggestion}?" in result.stderr  # type: ignore[attr-defined]
    assert "year (year, default 2012)" in result.stderr  # type: ignore[attr-defined]


def test_country_codes_in_any_case() -> None:
    upper = invoke("query", "10", "-p", "country=CL", "--format", "csv")
    assert upper.exit_code == 0 and upper.stdout.count("\n") > 1  # type: ignore[attr-defined]
    for code in ("cl", "Cl", "cL"):
        lower = invoke("query", "10", "-p", f"country={code}", "--format", "csv")
        assert (lower.exit_code, lower.stdout) == (0, upper.stdout)  # type: ignore[attr-defined]


def test_an_unknown_country_code_lists_the_known_ones() -> None:
    """The source's countries (tests/data has none of ZZ): exit 2, one line, every code."""
    result = invoke("query", "10", "-p", "country=zz")
    assert result.exit_code == 2  # type: ignore[attr-defined]
    (line,) = result.stderr.splitlines()  # type: ignore[attr-defined]
    assert line.startswith("error: unknown country code 'ZZ' (known: ")
    known = line.removesuffix(")").split("(known: ")[1].split(", ")
    assert {"CL", "SE", "US"} <= set(known) and known == sorted(known)


@pytest.mark.parametrize("code", ["\u0131s", "\uff23\uff2c", "c", "cll", "c1", " cl"])
def test_country_codes_that_only_look_like_letters_are_refused(code: str) -> None:
    result = invoke("query", "10", "-p", f"country={code}")
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert result.stderr.startswith("error: parameter 'country': not an ISO 3166-1")  # type: ignore[attr-defined]


def test_show_prints_the_bound_text_that_runs() -> None:
    shown = invoke("query", "12", "-p", "year=2017", "--show")
    assert shown.exit_code == 0 and shown.stderr == ""  # type: ignore[attr-defined]
    text: str = shown.stdout  # type: ignore[attr-defined]
    assert 'VALUES ?year { "2017"^^<http://www.w3.org/2001/XMLSchema#integer> }' in text
    assert text.startswith("# title: Collaborations active in one year\n")
    sent = run_text(text).terms  # the text as an endpoint would receive it, nothing bound
    assert sent == run_query("12", {"year": "2017"}, python_values=False).terms != []
    default = invoke("query", "12", "--show")
    assert '"2012"^^<http://www.w3.org/2001/XMLSchema#integer>' in default.stdout  # type: ignore[attr-defined]


def test_show_binds_a_country_as_its_iri_and_sends_nothing() -> None:
    endpoint = "http://127.0.0.1:1/sparql"  # nothing listens: a request would fail (exit 3)
    shown = invoke("query", "10", "-p", "country=cl", "--show", "--endpoint", endpoint)
    assert shown.exit_code == 0, shown.output  # type: ignore[attr-defined]
    assert "VALUES ?country { <https://w3id.org/sekom/id/place/chile> }" in shown.stdout  # type: ignore[attr-defined]
    assert shown.stderr.startswith("note: country: ")  # type: ignore[attr-defined]
    embedded = invoke("query", "10", "-p", "country=cl", "--show")
    assert embedded.stdout == shown.stdout and embedded.stderr == ""  # type: ignore[attr-defined]


def test_show_runs_nothing(tmp_path: Path) -> None:
    rq = tmp_path / "service.rq"
    rq.write_text("SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }\n")
    refused = invoke("query", str(rq))
    assert refused.exit_code == 2  # type: ignore[attr-defined]
    shown = invoke("query", str(rq), "--show")
    assert (shown.exit_code, shown.stdout) == (0, rq.read_text())  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "args",
    [
        ["12", "-p", "year=1999"],
        ["12", "-p", "yr=2010"],
        ["evnts_per_year"],
        ["10", "-p", "country=ZZ"],
        ["12", "--timeout", "0"],
        ["12", "--endpoint", "file:///etc/passwd"],
    ],
)
def test_show_refuses_what_a_run_refuses(args: list[str]) -> None:
    result = invoke("query", *args, "--show")
    assert result.exit_code == 2 and result.stdout == ""  # type: ignore[attr-defined]
    assert result.stderr.startswith("error: ")  # type: ignore[attr-defined]


def test_queries_as_json() -> None:
    result = invoke("queries", "--format", "json")
    assert result.exit_code == 0  # type: ignore[attr-defined]
    listing = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert [q["name"] for q in listing] == [q.name for q in catalogue()]
    by_name = {q["name"]: q for q in listing}
    assert by_name["12_collaborations_in_year"] == {
        "name": "12_collaborations_in_year",
        "title": "Collaborations active in one year",
        "form": "SELECT",
        "parameters": [{"name": "year", "type": "year", "default": "2012"}],
    }
    assert by_name["20_event_card"]["form"] == "CONSTRUCT"
    assert by_name["10_country_timeline"]["parameters"][0]["type"] == "country-code"


def test_narrow_listing_and_stats_cut_nothing_off() -> None:
    listing = invoke("queries", env={"COLUMNS": "30"})
    assert listing.exit_code == 0 and "…" not in listing.stdout  # type: ignore[attr-defined]
    names = columns(listing.stdout.split("\n", 1)[1])[0]  # type: ignore[attr-defined]
    assert names == "".join(q.name for q in catalogue())
    stats = invoke("stats", env={"COLUMNS": "30"})
    assert stats.exit_code == 0 and "…" not in stats.stdout  # type: ignore[attr-defined]
    assert "schema:GovernmentOrganization" in columns(stats.stdout)[0]  # type: ignore[attr-defined]
