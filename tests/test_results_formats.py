"""Output formats parse back with independent parsers (rdflib's) and give the same rows."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.query import Result

from sekom_kg import run_query
from sekom_kg.cli import cli
from sekom_kg.core.namespaces import XSD
from sekom_kg.sparql.queries import catalogue
from sekom_kg.sparql.result_formats import ResultFormat, serialise_result, to_csv, to_tsv
from sekom_kg.sparql.results import QueryResult

SELECTS = [q.name for q in catalogue() if q.form == "SELECT"]
TRICKY = QueryResult(
    "SELECT",
    ["a", "b", "c"],
    [
        (URIRef("http://ex.org/a"), Literal('tab\there "quoted" \\ back'), None),
        (
            Literal("line\nbreak\r\n", lang="sv"),
            Literal(5),
            Literal("2020-02", datatype=XSD.gYearMonth),
        ),
        (BNode("b0"), Literal("comma, and ; semicolon"), Literal("1.5", datatype=XSD.decimal)),
    ],
)


def parsed_rows(text: str, fmt: str) -> list[tuple]:
    result = Result.parse(
        io.StringIO(text) if fmt != "xml" else io.BytesIO(text.encode()), format=fmt
    )
    variables = result.vars or []
    return [tuple(row.get(v) for v in variables) for row in result.bindings]


def keys(rows: list[tuple]) -> list[tuple]:
    return sorted(tuple("" if t is None else t.n3() for t in row) for row in rows)


@pytest.mark.parametrize("name", SELECTS)
@pytest.mark.parametrize("fmt", ["json", "xml", "tsv"])
def test_cli_format_round_trips(name: str, fmt: str, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["query", name, "--format", fmt])
    assert result.exit_code == 0, result.output
    expected = run_query(name, python_values=False).terms
    assert keys(parsed_rows(result.stdout, fmt)) == keys(expected)


@pytest.mark.parametrize("name", SELECTS)
def test_cli_csv_round_trips(name: str, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["query", name, "--format", "csv"])
    assert result.exit_code == 0
    expected = run_query(name, python_values=False)
    reader = list(csv.reader(io.StringIO(result.stdout, newline="")))
    assert reader[0] == expected.variables
    as_text = sorted(tuple("" if t is None else str(t) for t in row) for row in expected.terms)
    assert sorted(tuple(row) for row in reader[1:]) == as_text
    rdflib_rows = parsed_rows(result.stdout, "csv")
    assert sorted(tuple("" if t is None else str(t) for t in r) for r in rdflib_rows) == as_text


@pytest.mark.parametrize("fmt", ["json", "xml", "tsv"])
def test_tricky_literals_round_trip(fmt: str) -> None:
    text = serialise_result(TRICKY, ResultFormat.from_name(fmt))
    rows = parsed_rows(text, fmt)
    assert [r[0] for r in rows][:2] == [
        URIRef("http://ex.org/a"),
        Literal("line\nbreak\r\n", lang="sv"),
    ]
    assert [r[1:] for r in rows] == [r[1:] for r in TRICKY.terms]


def test_tsv_is_exact() -> None:
    lines = to_tsv(TRICKY).split("\n")
    assert lines[0] == "?a\t?b\t?c"
    assert lines[1] == '<http://ex.org/a>\t"tab\\there \\"quoted\\" \\\\ back"\t'
    assert lines[2] == (
        '"line\\nbreak\\r\\n"@sv\t"5"^^<http://www.w3.org/2001/XMLSchema#integer>\t'
        '"2020-02"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>'
    )
    assert lines[3].startswith("_:b0\t")


def test_csv_is_rfc4180() -> None:
    text = to_csv(TRICKY)
    assert text.startswith("a,b,c\r\n")
    assert '"tab\there ""quoted"" \\ back"' in text
    assert "_:b0" in text


def test_ask_and_construct_formats(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["query", "19", "--format", "json"])
    assert Result.parse(io.StringIO(result.stdout), format="json").askAnswer is False
    result = runner.invoke(cli, ["query", "19", "-p", "year=2010", "--format", "xml"])
    assert Result.parse(io.BytesIO(result.stdout.encode()), format="xml").askAnswer is True
    for fmt, rdflib_name in (("turtle", "turtle"), ("nt", "nt"), ("json-ld", "json-ld")):
        result = runner.invoke(cli, ["query", "20", "--format", fmt])
        assert result.exit_code == 0, result.output
        graph = Graph().parse(data=result.stdout, format=rdflib_name)
        assert len(graph) == len(run_query("20").graph)
    assert runner.invoke(cli, ["query", "20", "--format", "csv"]).exit_code == 2
    assert runner.invoke(cli, ["query", "01", "--format", "turtle"]).exit_code == 2


def test_table_and_listing(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["query", "01"])
    assert result.exit_code == 0 and "2003" in result.stdout and "20 rows" in result.stderr
    listing = runner.invoke(cli, ["queries", "--format", "json"])
    names = [q["name"] for q in __import__("json").loads(listing.stdout)]
    assert names == [q.name for q in catalogue()]
    assert "year" in runner.invoke(cli, ["queries"]).stdout


def test_cli_errors(runner: CliRunner, tmp_path) -> None:
    unknown = runner.invoke(cli, ["query", "nope"])
    assert unknown.exit_code == 2 and "01_events_per_year" in unknown.stderr
    bad_param = runner.invoke(cli, ["query", "12", "-p", "yr=2010"])
    assert bad_param.exit_code == 2 and "year (year, default 2012)" in bad_param.stderr
    assert runner.invoke(cli, ["query", "12", "-p", "year"]).exit_code == 2
    broken = tmp_path / "b.rq"
    broken.write_text("# title: b\nSELECT ?s WHERE {\n  ?s ?p\n}\n")
    result = runner.invoke(cli, ["query", str(broken)])
    assert result.exit_code == 2 and f"{broken}:3:3:" in result.stderr
    assert "Traceback" not in result.output
