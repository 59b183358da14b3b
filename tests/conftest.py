"""Shared fixtures: a small fixture bundle (tests/data/bundle) swapped in for the real one."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from oxigraph_server import OxigraphServer, running_oxigraph
from virtuoso_server import VirtuosoServer, running_virtuoso

from sekom_kg import resources

DATA = Path(__file__).parent / "data"
FIXTURE_BUNDLE = DATA / "bundle"
INVALID = DATA / "bundle-invalid"
BROKEN = DATA / "broken.ttl"


REQUIRE_BROWSER_ENV = "SEKOM_KG_REQUIRE_BROWSER"
CHROMIUM = Path("/usr/bin/chromium")


def require_chromium() -> Path:
    """Debian's Chromium, or skip the test (a failure when $SEKOM_KG_REQUIRE_BROWSER is 1)."""
    if CHROMIUM.is_file():
        return CHROMIUM
    reason = f"{CHROMIUM} is missing: install it with `sudo apt-get install chromium` (Debian)"
    if os.environ.get(REQUIRE_BROWSER_ENV) == "1":
        pytest.fail(f"{reason}; ${REQUIRE_BROWSER_ENV}=1 makes this a failure")
    pytest.skip(reason)


@pytest.fixture
def use_bundle(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], Path]:
    """Point the package at another bundle root (ontology/, data/, queries/)."""

    def use(root: Path) -> Path:
        monkeypatch.setattr(resources, "bundle_root", lambda: root)
        return root

    return use


@pytest.fixture
def mini_bundle(tmp_path: Path, use_bundle: Callable[[Path], Path]) -> Path:
    """A private copy of the fixture bundle, active for the test; returns its root."""
    root = tmp_path / "bundle"
    shutil.copytree(FIXTURE_BUNDLE, root)
    return use_bundle(root)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def tree_bytes(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` by relative path, for byte-for-byte comparisons."""
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


# ---------------------------------------------------------------- queries: expected results


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-expected",
        action="store_true",
        help="Rewrite tests/expected/*.json from the current graph instead of comparing.",
    )


@pytest.fixture
def update_expected(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-expected"))


# ---------------------------------------------------------------- a real oxigraph server


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """``oxigraph serve`` on a free port with a temp store, loaded with the published graph."""
    from sekom_kg.api import published_graph

    with running_oxigraph(tmp_path_factory.mktemp("oxigraph") / "store") as server:
        server.post_default(published_graph().serialize(format="nt", encoding="utf-8"))
        yield server


# ---------------------------------------------------------------- a real Virtuoso server


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    """A fresh Virtuoso on free ports with its database in a temp dir (skips without it)."""
    with running_virtuoso(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server


@pytest.fixture(scope="session")
def virtuoso_published(virtuoso: VirtuosoServer) -> str:
    """The published graph in its named graph on Virtuoso; the query URL naming that graph."""
    from urllib.parse import quote

    from sekom_kg.api import published_graph
    from sekom_kg.graph_store import DEFAULT_GRAPH

    virtuoso.put(DEFAULT_GRAPH, published_graph().serialize(format="nt", encoding="utf-8"))
    return f"{virtuoso.query_url}?default-graph-uri={quote(DEFAULT_GRAPH, safe='')}"
