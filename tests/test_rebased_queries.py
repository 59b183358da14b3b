"""Every bundled query finds the same under another base: on the site, in queries.ttl and
via ``sekom-kg query --endpoint URL --base IRI`` on a store holding a build under that base."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from oxigraph_server import running_oxigraph

from sekom_kg.cli import cli
from sekom_kg.sparql.queries import catalogue

BASE = "https://w3id.org/sekom/"
OTHER = "https://example.org/kg/"
_SECTION = re.compile(r'<section class="query" id="([^"]+)">(.*?)</section>', re.DOTALL)


@dataclass(frozen=True)
class Builds:
    default: Path
    other: Path


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    tmp = tmp_path_factory.mktemp("rebased")
    for name, extra in (("default", []), ("other", ["--base", OTHER])):
        result = CliRunner().invoke(cli, ["build", "--out", str(tmp / name), *extra])
        assert result.exit_code == 0, result.output
    return Builds(tmp / "default", tmp / "other")


def site_rows(dist: Path) -> dict[str, str]:
    """Each query's row count (or its error) as the site's query page shows it."""
    page = (dist / "site" / "queries.html").read_text(encoding="utf-8")
    found = {}
    for name, body in _SECTION.findall(page):
        status = re.search(r'<p class="status">(\d+) ', body)
        found[name] = status[1] if status else "error: " + body[-300:]
    return found


def test_site_query_results_are_the_same_under_another_base(builds: Builds) -> None:
    default, other = site_rows(builds.default), site_rows(builds.other)
    assert sorted(default) == sorted(q.name for q in catalogue())
    assert all(count.isdigit() for count in default.values()), default
    assert other == default
    assert int(default["10_country_timeline"]) > 0 and int(default["20_event_card"]) > 0
    page = (builds.other / "site" / "queries.html").read_text(encoding="utf-8")
    assert f"{BASE}id/" not in page and f"{BASE}vocab/" not in page
    assert f"{OTHER}id/collaboration/" in page  # a default moved with the base


def test_catalogue_texts_move_with_the_base(builds: Builds) -> None:
    text = (builds.other / "queries.ttl").read_text(encoding="utf-8")
    assert f"{BASE}id/" not in text and f"{BASE}vocab/" not in text
    assert f"<{OTHER}vocab/direction/>" in text  # query 16's PREFIX
    assert "https://w3id.org/sekom/ontology#" in text  # the ontology never moves
    jsonld = json.loads((builds.other / "sekom.jsonld").read_bytes())
    assert jsonld["@context"]["event"] == f"{OTHER}id/event/"


def _count(result: Result) -> int:
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    if "boolean" in document:
        return int(document["boolean"])
    if "results" in document:
        return len(document["results"]["bindings"])
    return len(document["@graph"]) if "@graph" in document else len(document)


@pytest.fixture(scope="module")
def other_endpoint(builds: Builds, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_oxigraph(tmp_path_factory.mktemp("store") / "db") as server:
        server.post_default((builds.other / "sekom.nt").read_bytes())  # into an empty store
        yield server.query_url


@pytest.mark.parametrize("name", [q.name for q in catalogue()])
def test_cli_query_gives_the_same_rows_under_another_base(other_endpoint: str, name: str) -> None:
    runner = CliRunner()
    fmt = ["--format", "json-ld"] if name.startswith("20_") else ["--format", "json"]
    embedded = _count(runner.invoke(cli, ["query", name, *fmt]))
    remote = runner.invoke(
        cli, ["query", name, *fmt, "--endpoint", other_endpoint, "--base", OTHER]
    )
    assert _count(remote) == embedded, name
    assert embedded > 0 or name.startswith("19_"), name
    without = runner.invoke(cli, ["query", name, *fmt, "--endpoint", other_endpoint])
    if name[:2] in ("06", "15", "16", "20"):  # not vacuous: without --base these find nothing
        assert _count(without) < embedded, name


def test_site_command_on_a_build_under_another_base(builds: Builds, tmp_path: Path) -> None:
    """``site`` reads the base from the dist: every resource page is written, as by build."""
    out = tmp_path / "site"
    url = "https://host.example/pub/"
    args = ["site", "--dist", str(builds.other), "--out", str(out), "--base-url", url]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    built = sorted(
        p.relative_to(builds.other / "site") for p in (builds.other / "site").rglob("*.html")
    )
    assert sorted(p.relative_to(out) for p in out.rglob("*.html")) == built
    assert len(built) > 400
    w3id = (out / "w3id" / ".htaccess").read_text(encoding="utf-8")
    assert f"# w3id.org redirects for {OTHER} " in w3id and f'"{url}$1.ttl"' in w3id
