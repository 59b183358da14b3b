"""The Python API researchers use: ``sekom_kg.graph()``/``store()``, results as sequences of rows.

Everything goes through the public names of ``sekom_kg`` (and ``docs/api.md`` is run as a
doctest), so the tests hold however the modules behind them are arranged.
"""

from __future__ import annotations

import datetime
import doctest
import inspect
import pickle
import subprocess
import sys
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

import sekom_kg
from sekom_kg import LangString, graph, run_query, run_text, store

ROOT = Path(__file__).resolve().parents[1]
ID = "https://w3id.org/sekom/id/"
GEO_LAT = "<https://schema.org/latitude>"


def test_dir_and_all_list_the_api() -> None:
    names = dir(sekom_kg)
    for name in ("run_query", "run_text", "graph", "store", "QueryResult", "LangString"):
        assert name in sekom_kg.__all__ and name in names
    for name in sekom_kg.__all__:
        assert getattr(sekom_kg, name) is not None


def test_the_api_names_stay_lazy() -> None:
    code = "import sys, sekom_kg; dir(sekom_kg); print('rdflib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def _public_functions() -> list[str]:
    return [n for n in sekom_kg.__all__ if inspect.isfunction(getattr(sekom_kg, n))]


@pytest.mark.parametrize("name", _public_functions())
def test_public_functions_are_documented(name: str) -> None:
    function = getattr(sekom_kg, name)
    doc = inspect.getdoc(function) or ""
    for parameter in inspect.signature(function).parameters:
        assert f":param {parameter}:" in doc, f"{name}: {parameter} undocumented"
    assert ":raises " in doc and ">>> " in doc, name


def test_graph_is_the_published_graph_and_yours_to_change() -> None:
    mine = graph()
    assert isinstance(mine, Graph)
    before = len(run_query("01"))
    count = run_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0]["n"]
    assert len(mine) == count > 1000
    mine.remove((None, None, None))
    assert len(mine) == 0 and len(graph()) == count
    assert len(run_query("01")) == before


def test_graph_matches_the_built_graph(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from sekom_kg.cli import cli

    result = CliRunner().invoke(cli, ["build", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    built = [p for p in (tmp_path / "out").rglob("*.nt") if "sekom" in p.name]
    assert built, sorted(p.name for p in (tmp_path / "out").rglob("*"))
    published = Graph().parse(built[0], format="nt")
    assert set(graph()) == set(published)


def test_store_is_a_pyoxigraph_store_of_the_same_graph() -> None:
    pyoxigraph = pytest.importorskip("pyoxigraph")
    mine = store()
    assert isinstance(mine, pyoxigraph.Store)
    assert len(mine) == len(graph())
    answer = mine.query("ASK { ?s a <https://schema.org/Event> }")
    assert bool(answer)
    mine.clear()
    assert len(store()) == len(graph())
    assert run_text("ASK { ?s a <https://schema.org/Event> }").boolean


def test_select_result_is_a_sequence_of_dict_rows() -> None:
    result = run_query("01_events_per_year")
    assert len(result) == len(result.rows) == len(result.terms) == 20
    rows = list(result)
    assert rows == result.rows
    assert rows[1] == {"year": 2003, "events": 0}
    assert all(type(row["year"]) is int and type(row["events"]) is int for row in rows)
    assert result.terms[1] == (Literal(2003), Literal(0))  # the terms stay available
    assert bool(result)


def test_gyear_iri_and_language_values() -> None:
    result = run_query("10_country_timeline", {"country": "us"})
    row = result.rows[0]
    assert result.terms[0][1].datatype.endswith("#gYear")  # type: ignore[union-attr]
    assert row["date"] == 2005 and type(row["date"]) is int
    assert row["event"] == ID + "event/2005-united-states-visit"
    assert type(row["event"]) is str
    name = row["eventName"]
    assert isinstance(name, LangString) and isinstance(name, str)
    assert name.language == "en" and name == str(result.terms[0][3])
    swedish = run_query("10_country_timeline", {"country": "us"}, lang="sv").rows[0]
    assert swedish["eventName"].language == "sv"


def test_lang_string_survives_pickling_and_copying() -> None:
    import copy

    name = LangString("Sverige", "sv")
    for clone in (pickle.loads(pickle.dumps(name)), copy.copy(name), copy.deepcopy(name)):
        assert clone == "Sverige" and clone.language == "sv" and type(clone) is LangString


def test_decimal_boolean_date_and_unbound_values() -> None:
    text = (
        "SELECT ?d ?b ?day ?none ?bad WHERE { VALUES (?d ?b ?day ?bad) { (1.50 true "
        '"2008-05-01"^^<http://www.w3.org/2001/XMLSchema#date> '
        '"x"^^<http://www.w3.org/2001/XMLSchema#integer>) } }'
    )
    row = run_text(text).rows[0]
    assert row["d"] == Decimal("1.5") and type(row["d"]) is Decimal
    assert row["b"] is True
    assert row["day"] == datetime.date(2008, 5, 1)
    assert row["none"] is None
    assert isinstance(row["bad"], Literal)  # an ill-formed value keeps its term


def test_real_latitudes_are_decimals() -> None:
    result = run_text(f"SELECT ?lat WHERE {{ ?p {GEO_LAT} ?lat }}")
    assert len(result) > 0
    assert all(type(row["lat"]) is Decimal for row in result)


def test_python_values_false_gives_terms_in_the_dicts() -> None:
    row = run_query("01", python_values=False).rows[1]
    assert row == {"year": Literal(2003), "events": Literal(0)}


def test_ask_result_is_a_boolean_without_rows() -> None:
    yes = run_text("ASK { ?s a <https://schema.org/Event> }")
    no = run_query("19_activity_in_year", {"year": "2003"})
    assert bool(yes) is True and bool(no) is False
    for result in (yes, no):
        with pytest.raises(TypeError, match="ASK result has no rows"):
            len(result)
        with pytest.raises(TypeError, match="ASK result has no rows"):
            list(result)
    assert repr(no) == "<QueryResult ASK: False>"


def test_construct_result_counts_and_iterates_its_triples() -> None:
    result = run_query("20_event_card")
    assert result.graph is not None
    assert len(result) == len(result.graph) > 0
    assert set(result) == set(result.graph)
    assert repr(result) == f"<QueryResult CONSTRUCT: {len(result)} triples>"
    with pytest.raises(TypeError, match="needs SELECT"):
        result.to_dataframe()


def test_select_repr_is_short() -> None:
    assert repr(run_query("01")) == "<QueryResult SELECT: 20 rows of year, events>"


def test_to_dataframe_has_proper_dtypes() -> None:
    pandas = pytest.importorskip("pandas")
    frame = run_query("10_country_timeline", {"country": "us"}).to_dataframe()
    assert frame.dtypes.astype(str).to_dict() == {
        "year": "Int64",
        "date": "Int64",
        "event": "string",
        "eventName": "string",
        "direction": "string",
    }
    assert frame["date"].iloc[0] == 2005
    lats = run_text(f"SELECT ?p ?lat WHERE {{ ?p {GEO_LAT} ?lat }}").to_dataframe()
    assert str(lats["lat"].dtype) == "Float64" and str(lats["p"].dtype) == "string"
    text = (
        "SELECT ?n ?b ?day ?mixed WHERE { VALUES (?n ?b ?day ?mixed) { "
        '(1 true "2008-05-01"^^<http://www.w3.org/2001/XMLSchema#date> 1) '
        '(UNDEF false UNDEF "one") } }'
    )
    typed = run_text(text).to_dataframe()
    dtypes = typed.dtypes.astype(str).to_dict()
    assert dtypes["day"].startswith("datetime64")  # the unit depends on the pandas version
    assert dtypes | {"day": "datetime64"} == {
        "n": "Int64",
        "b": "boolean",
        "day": "datetime64",
        "mixed": "object",
    }
    assert typed["n"].isna().tolist() == [False, True]
    assert pandas.isna(typed["day"].iloc[1])


def test_empty_result_gives_an_empty_frame() -> None:
    pytest.importorskip("pandas")
    result = run_text("SELECT ?x WHERE { ?x a <urn:nothing> }")
    assert len(result) == 0 and not result and list(result) == []
    frame = result.to_dataframe()
    assert list(frame.columns) == ["x"] and len(frame) == 0


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.links: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.links += [value or "" for name, value in attrs if name == "href"]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(markup: str) -> _Elements:
    parser = _Elements()
    parser.feed(markup)
    return parser


def test_repr_html_escapes_every_value() -> None:
    hostile = '<script>alert("x")</script> & "q"'
    text = (
        "SELECT ?iri ?bad ?label ?n WHERE { VALUES (?iri ?bad ?label ?n) { "
        "(<https://example.org/a?b=1&c=2> <javascript:alert(1)> "
        + '"'
        + hostile.replace('"', '\\"')
        + '"@en 3) } }'
    )
    markup = run_text(text)._repr_html_()
    parsed = _parse(markup)
    assert "script" not in parsed.tags
    assert set(parsed.tags) <= {"table", "thead", "tbody", "tr", "th", "td", "a", "span", "p"}
    assert parsed.links == ["https://example.org/a?b=1&c=2"]  # javascript: is not a link
    assert hostile in "".join(parsed.text)
    assert "1 row" in "".join(parsed.text)


def test_repr_html_shows_curies_and_caps_long_results() -> None:
    result = run_text("SELECT ?s ?o WHERE { ?s <https://schema.org/name> ?o } ORDER BY ?s")
    assert len(result) > 50
    parsed = _parse(result._repr_html_())
    cells = "".join(parsed.text)
    assert "agreement:2010-joint-declaration" in cells and ID not in cells
    assert parsed.tags.count("tr") == 51  # the header and 50 rows
    assert f"{len(result)} rows, the first 50 shown" in cells


def test_repr_html_of_ask_and_construct() -> None:
    assert "true" in run_text("ASK { ?s a <https://schema.org/Event> }")._repr_html_()
    construct = run_query("20_event_card")
    parsed = _parse(construct._repr_html_())
    assert parsed.tags.count("tr") == len(construct) + 1
    assert f"{len(construct)} triples" in "".join(parsed.text)


def test_api_page_runs() -> None:
    page = ROOT / "docs" / "api.md"
    failures, tried = doctest.testfile(
        str(page),
        module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        raise_on_error=False,
    )
    assert tried >= 15 and failures == 0


def test_uriref_is_not_what_rows_hold() -> None:
    # rdflib's URIRef is never equal to a str; rows hold plain str so comparisons just work
    assert URIRef(ID) != ID
    assert run_query("04").rows[0]["place"] == ID + "place/helsingborg"
