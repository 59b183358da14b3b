"""A real ``oxigraph serve`` on 127.0.0.1 at a free port, for tests of remote code.

Each use starts a fresh store, so tests that write to it stay independent; conftest's
session-wide ``oxigraph`` fixture is one of these, preloaded with the published graph::

    with running_oxigraph(tmp_path / "store") as server:
        server.store_url, server.query_url
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

READY_TIMEOUT_S = 60.0


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


@dataclass(frozen=True)
class OxigraphServer:
    """A running server: its base URL, Graph Store URL and query URL."""

    url: str
    process: subprocess.Popen[bytes]

    name = "oxigraph"

    @property
    def update_url(self) -> str:
        return self.url + "/update"

    @property
    def store_url(self) -> str:
        return self.url + "/store"

    @property
    def query_url(self) -> str:
        return self.url + "/query"

    def triple_count(self) -> int:
        """Triples in the whole store (default graph and named graphs)."""
        rows = self.select(
            "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
        )
        return int(rows[0]["n"])

    def post_default(self, ntriples: bytes) -> None:
        """Add N-Triples to the default graph (setup helper)."""
        request = urllib.request.Request(
            f"{self.store_url}?default",
            data=ntriples,
            method="POST",
            headers={"Content-Type": "application/n-triples"},
        )
        with urllib.request.urlopen(request, timeout=60):
            pass

    def select(self, query: str) -> list[dict[str, str]]:
        """Run a SELECT through the query endpoint; rows as {var: value}."""
        body = urllib.parse.urlencode({"query": query}).encode()
        request = urllib.request.Request(
            self.query_url,
            data=body,
            headers={"Accept": "application/sparql-results+json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            result = json.load(response)
        return [{k: v["value"] for k, v in row.items()} for row in result["results"]["bindings"]]

    def count(self, graph: str) -> int:
        """Triples in one named graph."""
        rows = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        return int(rows[0]["n"])

    def construct(self, graph: str) -> str:
        """Every triple of one named graph, through the query endpoint, as N-Triples."""
        query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        body = urllib.parse.urlencode({"query": query}).encode()
        request = urllib.request.Request(
            self.query_url, data=body, headers={"Accept": "application/n-triples"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return str(response.read().decode("utf-8"))

    def put(self, graph: str, ntriples: bytes) -> None:
        """Replace one named graph (setup helper)."""
        url = f"{self.store_url}?graph={urllib.parse.quote(graph, safe='')}"
        request = urllib.request.Request(
            url, data=ntriples, method="PUT", headers={"Content-Type": "application/n-triples"}
        )
        with urllib.request.urlopen(request, timeout=30):
            pass


def wait_until_ready(url: str, process: subprocess.Popen[bytes] | None = None) -> None:
    """Poll ``url`` until it answers (bounded); RuntimeError if the server dies or times out."""
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    raise RuntimeError(f"{url} not ready after {READY_TIMEOUT_S} s")


@contextmanager
def running_oxigraph(location: Path) -> Iterator[OxigraphServer]:
    """Start ``oxigraph serve`` on a free port with its store in ``location``; stop it after."""
    binary = oxigraph_binary()  # fails the test if the binary is missing
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_ready(url + "/query?query=ASK%7B%7D", process)
        yield OxigraphServer(url, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
