"""Every bundled query gives the embedded answer on a real Virtuoso, which reads the graph
the endpoint URL names (``default-graph-uri``); its errors and row cap are reported honestly.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from query_support import EXAMPLE_VALUES, canonical
from virtuoso_server import DBA_PASSWORD, DBA_USER, VirtuosoServer

from sekom_kg import run_query
from sekom_kg.cli import cli
from sekom_kg.sparql.queries import catalogue

QUERIES = catalogue()
PARAMETRISED = [q for q in QUERIES if q.parameters]
CAPPED_GRAPH = "https://example.org/graph/more-than-ten-thousand"


@pytest.mark.parametrize("query", QUERIES, ids=[q.name for q in QUERIES])
def test_virtuoso_equals_embedded_with_defaults(query, virtuoso_published: str) -> None:
    remote = run_query(query, endpoint=virtuoso_published)
    assert canonical(remote) == canonical(run_query(query))


@pytest.mark.parametrize("query", PARAMETRISED, ids=[q.name for q in PARAMETRISED])
def test_virtuoso_equals_embedded_with_other_value(query, virtuoso_published: str) -> None:
    values = EXAMPLE_VALUES[query.name]
    remote = run_query(query, values, endpoint=virtuoso_published)
    assert canonical(remote) == canonical(run_query(query, values))


def test_the_named_graph_is_all_a_query_reads(
    virtuoso: VirtuosoServer, virtuoso_published: str
) -> None:
    virtuoso.put("https://example.org/graph/noise", b"<urn:x:a> a <https://schema.org/Event> .\n")
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    from sekom_kg.sparql.api import published_graph

    assert run_query_text(count, virtuoso_published) == len(published_graph())
    union = run_query_text(count, virtuoso.query_url)
    assert union > len(published_graph())  # without a graph Virtuoso reads every graph


def test_query_graph_option_names_the_graph(
    virtuoso: VirtuosoServer, virtuoso_published: str, runner: CliRunner, tmp_path: Path
) -> None:
    from sekom_kg.publish.graph_store import DEFAULT_GRAPH
    from sekom_kg.sparql.api import published_graph

    count = tmp_path / "count.rq"
    count.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n", encoding="utf-8")
    args = ["query", str(count), "--format", "csv", "--endpoint", virtuoso.query_url]
    named = runner.invoke(cli, [*args, "--graph", DEFAULT_GRAPH])
    assert named.exit_code == 0, named.output
    assert named.stdout.split() == ["n", str(len(published_graph()))]


def run_query_text(text: str, endpoint: str) -> int:
    from sekom_kg.sparql.api import run_text

    return int(run_text(text, endpoint=endpoint).terms[0][0])


def test_server_error_text_is_shown_on_one_line(
    virtuoso_published: str, runner: CliRunner, tmp_path: Path
) -> None:
    query = tmp_path / "bad.rq"
    query.write_text(  # what query 17 did before: Virtuoso refuses || between EXISTS in BIND
        "SELECT ?x WHERE { BIND (IF(EXISTS { ?a ?b 1 } || EXISTS { ?a ?b 2 }, 1, 2) AS ?x) }\n",
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["query", str(query), "--endpoint", virtuoso_published])
    assert result.exit_code == 3, result.output
    (line,) = result.stderr.strip().splitlines()
    assert "HTTP 500" in line and "Virtuoso 37000 Error SQ074" in line, line
    assert "SPARQL query" not in line and len(line) < 500


@pytest.mark.parametrize(
    ("body", "content_type", "shown"),
    [
        (
            b"Error SP030: at 'x }\n'\n\nSPARQL query:\nSELECT",
            "text/plain",
            "Error SP030: at 'x } '",
        ),
        (
            b"<html><title>T</title><body><h1>Bad</h1>\n<p>no graph</p></body></html>",
            "text/html",
            "Bad no graph",
        ),
        (b"x" * 1000, "text/plain", "x" * 299 + "\u2026"),
        (b"\n\n  first\r\n\tsecond\x1b[31m  ", "text/plain", "first second [31m"),
    ],
    ids=["virtuoso-echo", "html", "long", "control-characters"],
)
def test_server_message_is_one_shortened_line(body: bytes, content_type: str, shown: str) -> None:
    from sekom_kg.sparql.remote import server_message

    assert server_message(body, content_type) == shown


def test_a_capped_result_is_an_error_not_a_partial_answer(
    virtuoso: VirtuosoServer, runner: CliRunner, tmp_path: Path
) -> None:
    triples = "".join(f"<urn:x:s{i}> <urn:x:p> {i} .\n" for i in range(10050))
    virtuoso.put(CAPPED_GRAPH, triples.encode())
    query = tmp_path / "all.rq"
    query.write_text(f"SELECT ?s WHERE {{ GRAPH <{CAPPED_GRAPH}> {{ ?s ?p ?o }} }}\n")
    result = runner.invoke(cli, ["query", str(query), "--endpoint", virtuoso.query_url])
    assert result.exit_code == 3, result.output
    (line,) = result.stderr.strip().splitlines()
    assert "cut the result at 10000 rows" in line and "X-SPARQL-MaxRows" in line
    assert result.stdout == ""
    small = tmp_path / "some.rq"
    small.write_text(f"SELECT ?s WHERE {{ GRAPH <{CAPPED_GRAPH}> {{ ?s ?p ?o }} }} LIMIT 9999\n")
    result = runner.invoke(cli, ["query", str(small), "--endpoint", virtuoso.query_url])
    assert result.exit_code == 0, result.output
    assert "9999 rows" in result.stderr


def test_digest_credentials_load_through_the_authenticated_endpoints(
    virtuoso: VirtuosoServer, runner: CliRunner, tmp_path: Path
) -> None:
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "sekom.nt").write_text("<urn:x:a> <urn:x:b> <urn:x:c> .\n<urn:x:a> <urn:x:b> 1 .\n")
    graph = "https://example.org/graph/digest"
    args = ["load", "--endpoint", f"{virtuoso.url}/sparql-graph-crud-auth", "--graph", graph]
    args += ["--dir", str(dist)]
    env = {"SEKOM_KG_ENDPOINT_USER": DBA_USER, "SEKOM_KG_ENDPOINT_PASSWORD": DBA_PASSWORD}
    basic = runner.invoke(cli, ["--debug", *args], env=env)
    assert basic.exit_code == 3 and "HTTP 401" in basic.stderr, basic.output
    assert virtuoso.count(graph) == 0
    digest = runner.invoke(cli, ["--debug", *args], env={**env, "SEKOM_KG_ENDPOINT_AUTH": "digest"})
    assert digest.exit_code == 0, digest.output
    assert virtuoso.count(graph) == 2
    assert "/sparql-auth" in digest.stderr  # counts and switch went to the Digest endpoint too
    for result in (basic, digest):
        assert DBA_PASSWORD + "\n" not in result.output and "Digest " not in result.output
