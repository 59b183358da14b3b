"""Shared fixtures: a small fixture bundle (tests/data/bundle) swapped in for the real one."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from sekom_kg import resources

DATA = Path(__file__).parent / "data"
FIXTURE_BUNDLE = DATA / "bundle"
INVALID = DATA / "bundle-invalid"
BROKEN = DATA / "broken.ttl"


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


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def oxigraph_binary() -> str:
    """The ``oxigraph`` executable (PATH or beside this Python); fails the test if missing."""
    found = shutil.which("oxigraph") or shutil.which(
        "oxigraph", path=str(Path(sys.executable).parent)
    )
    if not found:
        pytest.fail("the 'oxigraph' binary is missing: pip install -e '.[test]' (PyPI oxigraph)")
    return found


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    query = urllib.parse.urlencode({"query": "ASK {}"})
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"oxigraph exited with {process.returncode}: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/query?{query}", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"oxigraph did not answer at {url} within 60 s")


@dataclass
class Oxigraph:
    """A running ``oxigraph serve``: ``query_url`` is its SPARQL endpoint."""

    url: str
    process: subprocess.Popen[bytes]

    @property
    def query_url(self) -> str:
        return f"{self.url}/query"

    def triple_count(self) -> int:
        from sekom_kg.api import run_text

        result = run_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", endpoint=self.query_url)
        return int(result.terms[0][0])  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Oxigraph]:
    """``oxigraph serve`` on a free port with a temp store, loaded with the published graph."""
    from sekom_kg.api import published_graph

    binary = oxigraph_binary()
    root = tmp_path_factory.mktemp("oxigraph")
    url = f"http://127.0.0.1:{free_port()}"
    log = root / "server.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [binary, "serve", "--location", str(root / "store"), "--bind", url[len("http://") :]],
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_up(url, process, log)
        body = published_graph().serialize(format="nt", encoding="utf-8")
        request = urllib.request.Request(
            f"{url}/store?default",
            data=body,
            method="POST",
            headers={"Content-Type": "application/n-triples"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            assert response.status in (200, 201, 204)
        yield Oxigraph(url, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
