"""Every bundled query gives the same answer on a real oxigraph server as embedded.

Numbers compare by value (see query_support); rows compare as multisets.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from oxigraph_server import OxigraphServer as Oxigraph
from oxigraph_server import free_port
from query_support import EXAMPLE_VALUES, canonical

from sekom_kg import run_query
from sekom_kg.cli import cli
from sekom_kg.core.errors import InputError, RemoteError
from sekom_kg.sparql.queries import catalogue

QUERIES = catalogue()
NAMES = [q.name for q in QUERIES]
PARAMETRISED = [q for q in QUERIES if q.parameters]


@pytest.mark.parametrize("query", QUERIES, ids=NAMES)
def test_remote_equals_embedded_with_defaults(query, oxigraph: Oxigraph) -> None:
    remote = run_query(query, endpoint=oxigraph.query_url)
    assert canonical(remote) == canonical(run_query(query))


@pytest.mark.parametrize("query", PARAMETRISED, ids=[q.name for q in PARAMETRISED])
def test_remote_equals_embedded_with_other_value(query, oxigraph: Oxigraph) -> None:
    values = EXAMPLE_VALUES[query.name]
    remote = run_query(query, values, endpoint=oxigraph.query_url)
    assert canonical(remote) == canonical(run_query(query, values))


INJECTIONS = [
    ("21_events_matching", "text", 'x" } ; DROP ALL ; #'),
    (
        "21_events_matching",
        "text",
        "} ; DROP ALL ; INSERT DATA { <http://a> <http://b> <http://c> }",
    ),
    ("21_events_matching", "text", "'''\"\"\" } #"),
    ("15_network_neighbours", "organisation", "<http://a> } DROP ALL {"),
    ("15_network_neighbours", "organisation", "http://a/> } DROP ALL { <http://b"),
    ("06_collaboration_events", "collaboration", "http://a/x#}{"),
    ("12_collaborations_in_year", "year", "2012 } ; DROP ALL ; #"),
    ("10_country_timeline", "country", 'SE" } DROP ALL'),
]


@pytest.mark.parametrize(("name", "param", "value"), INJECTIONS)
def test_injection_is_rejected_or_inert(
    name: str, param: str, value: str, oxigraph: Oxigraph, runner: CliRunner
) -> None:
    before = oxigraph.triple_count()
    result = runner.invoke(
        cli,
        ["query", name, "--param", f"{param}={value}", "--endpoint", oxigraph.query_url],
    )
    if result.exit_code == 0:  # inert: matched literally, nothing found
        assert result.stdout.count("\n") <= 3 or "0 rows" in result.stderr
        assert canonical(run_query(name, {param: value}, endpoint=oxigraph.query_url)) == (
            canonical(run_query(name, {param: value}))
        )
    else:
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith("error: ")
    assert oxigraph.triple_count() == before


def test_string_parameter_matches_literally_remote(oxigraph: Oxigraph) -> None:
    result = run_query(
        "21_events_matching", {"text": 'x" } ; DROP ALL ; #'}, endpoint=oxigraph.query_url
    )
    assert result.terms == []


def test_rejected_before_sending(oxigraph: Oxigraph) -> None:
    with pytest.raises(InputError):
        run_query("15_network_neighbours", {"organisation": "<x>"}, endpoint=oxigraph.query_url)


def test_unreachable_endpoint_exits_3(runner: CliRunner) -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"
    result = runner.invoke(cli, ["query", "01_events_per_year", "--endpoint", url])
    assert result.exit_code == 3
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and url in lines[0], result.stderr
    assert "Traceback" not in result.output


def test_http_error_names_url_and_status(oxigraph: Oxigraph, runner: CliRunner) -> None:
    url = f"{oxigraph.url}/no-such-endpoint"
    result = runner.invoke(cli, ["query", "01", "--endpoint", url])
    assert result.exit_code == 3
    line = result.stderr.strip()
    assert "\n" not in line and url in line and "HTTP 404" in line


def test_remote_error_type(oxigraph: Oxigraph) -> None:
    with pytest.raises(RemoteError) as caught:
        run_query("01", endpoint=f"{oxigraph.url}/no-such-endpoint", timeout=5)
    assert caught.value.status == 404
