import csv
import io
import json
import re
from pathlib import Path

from click.testing import CliRunner
from graphs import pipeline_graph
from rdflib import Literal, namespace

from sekom_kg.cli import cli
from sekom_kg.core.namespaces import RDF, SCHEMA, SEKOM
from sekom_kg.sparql.stats import bundle_stats, compute_stats, year_of


def test_stats_match_direct_counts(mini_bundle: Path) -> None:
    graph = pipeline_graph()
    stats = bundle_stats()
    assert stats.triples == len(graph)
    events = set(graph.subjects(RDF.type, SCHEMA.Event)) | set(
        graph.subjects(RDF.type, SEKOM.Activity)
    )
    assert stats.events == len(events)
    assert stats.events_per_year == {2007: 2, 2020: 1}
    assert stats.classes[str(SCHEMA.Event)] == len(set(graph.subjects(RDF.type, SCHEMA.Event)))
    counts = list(stats.classes.values())
    assert counts == sorted(counts, reverse=True)


def test_stats_json_is_plain(mini_bundle: Path) -> None:
    data = compute_stats(pipeline_graph()).to_json()
    assert data["events_per_year"] == {"2007": 2, "2020": 1}
    assert data["events_undated"] == 0


def test_year_of() -> None:
    assert year_of(Literal("2007", datatype=namespace.XSD.gYear)) == 2007
    assert year_of(Literal("2020-02", datatype=namespace.XSD.gYearMonth)) == 2020
    assert year_of(Literal("2015-06-01", datatype=namespace.XSD.date)) == 2015
    assert year_of(Literal("soon")) is None
    assert year_of(SCHEMA.Event) is None


def test_stats_and_query_01_agree_on_every_year() -> None:
    stats = CliRunner().invoke(cli, ["stats", "--format", "json"])
    per_year = json.loads(stats.stdout)["events_per_year"]
    query = CliRunner().invoke(cli, ["query", "01", "--format", "csv"])
    rows = list(csv.reader(io.StringIO(query.stdout)))[1:]
    assert per_year == {year: int(count) for year, count in rows}
    assert per_year["2003"] == 0
    table = CliRunner().invoke(cli, ["stats"], env={"COLUMNS": "80"})
    assert re.search(r"│ 2003 +│ +0 │", table.stdout)
