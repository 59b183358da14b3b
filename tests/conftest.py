"""Shared fixtures: a small fixture bundle (tests/data/bundle) swapped in for the real one."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from oxigraph_server import OxigraphServer, running_oxigraph
from virtuoso_server import VirtuosoServer, running_virtuoso

from sekom_kg.core import resources

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


SESSION_ENV = "SEKOM_KG_TEST_SESSION"


def _processes_of_session(marker: str) -> list[str]:
    """Live processes (other than this one) whose environment carries this session's marker."""
    needle = f"{SESSION_ENV}={marker}".encode()
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        if int(proc.name) == os.getpid():
            continue
        try:
            if needle in (proc / "environ").read_bytes().split(b"\0"):
                found.append(f"{proc.name}: {(proc / 'cmdline').read_bytes()!r}")
        except OSError:  # gone meanwhile, or not ours to read
            continue
    return found


@pytest.fixture(scope="session", autouse=True)
def no_process_left_behind() -> Iterator[None]:
    """Fail the session if a process a test started (a server, a build) outlives the suite."""
    marker = f"{os.getpid()}-{time.time_ns()}"
    os.environ[SESSION_ENV] = marker
    yield
    deadline = time.monotonic() + 10  # a process that was just told to stop gets a moment
    while (left := _processes_of_session(marker)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not left, "processes left running after the tests:\n" + "\n".join(left)


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every test, and every process a test starts, caches in a temp dir, never in $HOME."""
    folder = tmp_path_factory.mktemp("sekom-kg-cache")
    before = os.environ.get("SEKOM_KG_CACHE_DIR")
    os.environ["SEKOM_KG_CACHE_DIR"] = str(folder)
    yield folder
    if before is None:
        del os.environ["SEKOM_KG_CACHE_DIR"]
    else:
        os.environ["SEKOM_KG_CACHE_DIR"] = before


@pytest.fixture(scope="session")
def published_dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real data built once for the session with the default settings (with the site).

    Read it, never change it: tests that need another build make their own.
    """
    from sekom_kg.publish.build import build

    out = tmp_path_factory.mktemp("published") / "dist"
    build(out)
    return out


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
    from sekom_kg.sparql.api import published_graph

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

    from sekom_kg.publish.graph_store import DEFAULT_GRAPH
    from sekom_kg.sparql.api import published_graph

    virtuoso.put(DEFAULT_GRAPH, published_graph().serialize(format="nt", encoding="utf-8"))
    return f"{virtuoso.query_url}?default-graph-uri={quote(DEFAULT_GRAPH, safe='')}"
