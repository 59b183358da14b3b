"""The bundled SPARQL catalogue on the embedded graph: headers, expected rows, parameters."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from query_support import (
    EXAMPLE_VALUES,
    canonical,
    expected_path,
    graph_lines,
    read_expected,
    term_key,
    write_expected,
)
from rdflib import Literal, URIRef, Variable

from sekom_kg import run_query
from sekom_kg.core import resources
from sekom_kg.core.errors import InputError, QuerySyntaxError
from sekom_kg.core.namespaces import RDF, RDFS, SCHEMA, SH
from sekom_kg.sparql.api import bind_parameters, published_graph
from sekom_kg.sparql.catalogue import catalogue_graph, query_iri
from sekom_kg.sparql.queries import catalogue, find_query

QUERIES = catalogue()
NAMES = [q.name for q in QUERIES]
PARAMETRISED = [q for q in QUERIES if q.parameters]


def test_catalogue_has_the_competency_questions_first() -> None:
    assert len(QUERIES) >= 14
    assert [n[:2] for n in NAMES] == [f"{i:02d}" for i in range(1, len(NAMES) + 1)]
    for number, query in enumerate(QUERIES[:10], start=1):
        assert f"competency question {number}" in query.keywords, query.name


@pytest.mark.parametrize("query", QUERIES, ids=NAMES)
def test_header_is_complete(query) -> None:
    assert query.title and query.title_sv and query.description and query.description_sv
    assert query.keywords
    for param in query.parameters:
        assert param.default is not None and param.description
        assert re.search(rf"\?{param.name}\b", query.text.split("\nPREFIX", 1)[1]), param.name
    if query.form == "SELECT":
        assert re.search(r"^ORDER BY", query.text, re.MULTILINE), "SELECT queries must ORDER BY"
        assert "SELECT *" not in query.text


@pytest.mark.parametrize("query", QUERIES, ids=NAMES)
def test_query_returns_expected_rows(query, update_expected: bool) -> None:
    actual = canonical(run_query(query))
    if update_expected or not expected_path(query.name).exists():
        if not update_expected:
            pytest.fail(f"no {expected_path(query.name)}; run pytest --update-expected")
        write_expected(query.name, actual)
    assert actual == read_expected(query.name)
    if query.form == "SELECT":
        assert actual["rows"], "every SELECT query has a non-empty expected result"


@pytest.mark.parametrize("query", PARAMETRISED, ids=[q.name for q in PARAMETRISED])
def test_bound_parameters_give_rdflibs_answer_with_init_bindings(query) -> None:
    """The oracle is another engine's own binding mechanism: rdflib's SPARQL engine with
    ``initBindings`` on the published graph gives the rows ``run_query`` gives (pyoxigraph,
    parameters injected as VALUES), for the defaults and for one other value."""
    for values in ({}, EXAMPLE_VALUES[query.name]):
        bindings = {Variable(k): v for k, v in bind_parameters(query, values).items()}
        oracle = published_graph().query(query.text, initBindings=bindings)
        assert canonical(run_query(query, values)) == rdflib_canonical(oracle), values


def rdflib_canonical(result) -> dict:
    """:func:`canonical` for an rdflib query result."""
    if result.type == "ASK":
        return {"boolean": bool(result.askAnswer)}
    if result.type == "CONSTRUCT":
        return {"triples": graph_lines(result.graph)}
    rows = sorted([[term_key(t) for t in row] for row in result])
    return {"variables": [str(v) for v in result.vars], "rows": rows}


def test_non_default_values_change_the_answer() -> None:
    for name, values in EXAMPLE_VALUES.items():
        assert canonical(run_query(name)) != canonical(run_query(name, values)), name


@pytest.mark.parametrize(
    ("name", "param", "value"),
    [
        ("12_collaborations_in_year", "year", "1999"),
        ("12_collaborations_in_year", "year", "2012 } ; DROP ALL ; #"),
        ("12_collaborations_in_year", "year", "\uff12\uff10\uff11\uff12"),
        ("10_country_timeline", "country", "zz"),
        ("10_country_timeline", "country", "\u0131s"),  # dotless i: "IS" once upper-cased
        ("10_country_timeline", "country", "USA"),
        ("10_country_timeline", "country", "ZZ"),
        ("15_network_neighbours", "organisation", "<http://a> } DROP ALL {"),
        ("15_network_neighbours", "organisation", "http://a/b c"),
        ("15_network_neighbours", "organisation", "urn:x:y"),
        ("15_network_neighbours", "organisation", 'http://a/"x"'),
        ("15_network_neighbours", "organisation", "http://a/#}{"),
        ("15_network_neighbours", "nope", "x"),
    ],
)
def test_bad_parameter_values_are_rejected(name: str, param: str, value: str) -> None:
    with pytest.raises(InputError):
        run_query(name, {param: value})


def test_country_code_in_any_case() -> None:
    upper = run_query("10_country_timeline", {"country": "US"}).rows
    assert upper and run_query("10_country_timeline", {"country": "us"}).rows == upper


def test_string_parameter_is_matched_literally() -> None:
    size = len(published_graph())
    for value in ('x" } ; DROP ALL ; #', "} ; DROP ALL", "#", '"""', "\\"):
        result = run_query("21_events_matching", {"text": value})
        assert result.terms == []
    assert len(published_graph()) == size


def test_country_code_is_looked_up() -> None:
    bindings = bind_parameters(find_query("10"), {"country": "KE"})
    assert bindings == {"country": URIRef("https://w3id.org/sekom/id/place/kenya")}


def test_find_query_by_number_slug_and_file(tmp_path: Path) -> None:
    assert find_query("1").name == find_query("events_per_year").name == "01_events_per_year"
    with pytest.raises(InputError, match="valid: 01_events_per_year"):
        find_query("no-such-query")
    with pytest.raises(InputError, match="no such file"):
        find_query(tmp_path / "missing.rq")


def test_find_query_matches_zero_padded_numbers_and_stems() -> None:
    assert find_query("006").name == find_query("06_collaboration_events").name
    assert find_query("collaboration_events").name == "06_collaboration_events"


def test_parameters_without_a_where_clause_are_rejected_on_load(tmp_path: Path) -> None:
    path = tmp_path / "no_where.rq"
    path.write_text(
        "# title: No WHERE\n# param: year integer 2007 -- a year\n"
        "DESCRIBE <https://w3id.org/sekom/id/org/sekom>\n"
    )
    with pytest.raises(InputError, match="declares parameters but has no WHERE clause"):
        find_query(path)


def test_syntax_error_reports_line_and_column_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.rq"
    path.write_text("# title: Broken\n# description: x\nSELECT ?s WHERE {\n  ?s ?p\n}\n")
    with pytest.raises(QuerySyntaxError) as caught:
        run_query(path)
    # pyparsing points at the start of the incomplete triple, counted from the file's top
    assert (caught.value.line, caught.value.column) == (4, 3)
    assert str(caught.value).startswith(f"{path}:4:3: ")


def test_python_values_and_terms() -> None:
    result = run_query("01_events_per_year")
    assert result.variables == ["year", "events"]
    assert {"year": 2003, "events": 0} in result.rows
    terms = run_query("01_events_per_year", python_values=False).terms
    assert (Literal(2003), Literal(0)) in terms


def test_to_dataframe() -> None:
    pytest.importorskip("pandas")
    frame = run_query("01_events_per_year").to_dataframe()
    assert list(frame.columns) == ["year", "events"]


def test_import_is_light() -> None:
    code = "import sys, sekom_kg; print('rdflib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_catalogue_graph() -> None:
    graph = catalogue_graph()
    for query in QUERIES:
        iri = query_iri(query.name)
        assert (iri, RDF.type, SH.SPARQLExecutable) in graph
        assert {lit.language for lit in graph.objects(iri, RDFS.comment)} == {"en", "sv"}
        assert any(graph.objects(iri, SCHEMA.keywords))
        text = graph.value(iri, SH.ask if query.form == "ASK" else SH.select)
        if query.form in ("SELECT", "ASK"):
            assert str(text) == query.text
    assert not any(isinstance(t, type(None)) for t in graph.subjects())


def test_build_writes_queries_ttl(mini_bundle: Path, tmp_path: Path) -> None:
    from rdflib import Graph

    from sekom_kg.publish.build import build

    result = build(tmp_path / "dist")
    assert "queries.ttl" in {f.name for f in result.files}
    graph = Graph().parse(tmp_path / "dist" / "queries.ttl", format="turtle")
    assert (query_iri("01_events_per_year"), RDF.type, SH.SPARQLSelectExecutable) in graph
    assert resources.queries_dir() == mini_bundle / "queries"
