"""`sekom-kg load` against a real Oxigraph server (Graph Store Protocol PUT + count check)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from oxigraph_server import OxigraphServer, free_port, running_oxigraph

from sekom_kg.cli import cli
from sekom_kg.core.errors import InputError
from sekom_kg.publish.graph_store import (
    DEFAULT_GRAPH,
    derive_query_endpoint,
    derive_update_endpoint,
    plan_load,
    redact,
)

OTHER_GRAPH = "https://example.org/other"
SECRET = "s3cr3t-pa55"


def write_dist(root: Path, triples: int) -> Path:
    """A dist/ folder with a sorted N-Triples file of ``triples`` triples."""
    root.mkdir(parents=True, exist_ok=True)
    lines = sorted(
        f'<https://w3id.org/sekom/id/event/e{i:05d}> <https://schema.org/name> "event {i}"@en .'
        for i in range(triples)
    )
    (root / "sekom.nt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


@pytest.fixture
def store(tmp_path: Path) -> Iterator[OxigraphServer]:
    """A fresh, empty Oxigraph server for one test."""
    with running_oxigraph(tmp_path / "oxigraph-store") as server:
        yield server


def invoke(runner: CliRunner, *args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(cli, ["load", *args], env=env or {})


def test_load_then_reload_replaces(
    runner: CliRunner,
    store: OxigraphServer,
    tmp_path: Path,
) -> None:
    store.put(OTHER_GRAPH, b"<urn:a> <urn:b> <urn:c> .\n")
    dist = write_dist(tmp_path / "dist", 50)
    result = invoke(runner, "--endpoint", store.store_url, "--dir", str(dist))
    assert result.exit_code == 0, result.output
    assert store.count(DEFAULT_GRAPH) == 50
    write_dist(dist, 30)  # a smaller build replaces the graph, it does not add to it
    result = invoke(runner, "--endpoint", store.store_url, "--dir", str(dist))
    assert result.exit_code == 0, result.output
    assert store.count(DEFAULT_GRAPH) == 30
    result = invoke(runner, "--endpoint", store.store_url, "--dir", str(dist))
    assert result.exit_code == 0
    assert store.count(DEFAULT_GRAPH) == 30
    assert store.count(OTHER_GRAPH) == 1  # never touched
    assert "loaded 30 triples" in result.stderr


def test_custom_graph_and_query_endpoint(
    runner: CliRunner,
    store: OxigraphServer,
    tmp_path: Path,
) -> None:
    dist = write_dist(tmp_path / "dist", 5)
    args = ["--endpoint", store.store_url, "--graph", "https://example.org/g"]
    result = invoke(runner, *args, "--query-endpoint", store.query_url, "--dir", str(dist))
    assert result.exit_code == 0, result.output
    assert store.count("https://example.org/g") == 5
    assert store.count(DEFAULT_GRAPH) == 0


def test_dry_run_sends_nothing(
    runner: CliRunner,
    store: OxigraphServer,
    tmp_path: Path,
) -> None:
    dist = write_dist(tmp_path / "dist", 7)
    result = invoke(runner, "--endpoint", store.store_url, "--dir", str(dist), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "7 triples" in result.stdout and DEFAULT_GRAPH in result.stdout
    assert str((dist / "sekom.nt").stat().st_size) in result.stdout
    assert store.count(DEFAULT_GRAPH) == 0


def test_dry_run_says_which_path_a_load_takes(
    runner: CliRunner,
    store: OxigraphServer,
    tmp_path: Path,
) -> None:
    dist = write_dist(tmp_path / "dist", 7)
    args = ["--endpoint", store.store_url, "--dir", str(dist), "--dry-run"]
    small = invoke(runner, *args, "--bulk-above", "7")
    assert small.exit_code == 0, small.output
    assert "bulk" not in small.stdout and "would PUT" in small.stdout
    large = invoke(runner, *args, "--bulk-above", "6")
    assert large.exit_code == 0, large.output
    assert "7 triples > --bulk-above 6: staged by the store's bulk loader" in large.stdout
    assert store.count(DEFAULT_GRAPH) == 0


def test_server_down_exits_3_naming_url(runner: CliRunner, tmp_path: Path) -> None:
    dist = write_dist(tmp_path / "dist", 3)
    url = f"http://127.0.0.1:{free_port()}/store"
    result = invoke(runner, "--endpoint", url, "--dir", str(dist))
    assert result.exit_code == 3
    (line,) = result.stderr.strip().splitlines()
    assert url in line


def test_http_error_names_status(
    runner: CliRunner,
    store: OxigraphServer,
    tmp_path: Path,
) -> None:
    store.put(DEFAULT_GRAPH, b"<urn:a> <urn:b> <urn:c> .\n")
    dist = write_dist(tmp_path / "dist", 3)
    (dist / "sekom.nt").write_text("<urn:a> <urn:b> <urn:c> .\n<broken\n", encoding="utf-8")
    result = invoke(runner, "--endpoint", store.store_url, "--dir", str(dist))
    assert result.exit_code == 3
    assert "HTTP 400" in result.stderr and store.store_url in result.stderr
    assert store.count(DEFAULT_GRAPH) == 1  # the refused upload changed nothing


class HalfwayProxy:
    """A TCP proxy that forwards ``limit`` bytes of the request, then cuts both connections."""

    def __init__(self, target_port: int, limit: int) -> None:
        self.target_port, self.limit = target_port, limit
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        client, _ = self.listener.accept()
        upstream = socket.create_connection(("127.0.0.1", self.target_port))
        sent = 0
        try:
            while sent < self.limit:
                chunk = client.recv(min(65536, self.limit - sent))
                if not chunk:
                    break
                upstream.sendall(chunk)
                sent += len(chunk)
        finally:
            upstream.close()
            client.close()
            self.listener.close()

    def __enter__(self) -> HalfwayProxy:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.thread.join(timeout=30)


@pytest.fixture
def loaded(store: OxigraphServer, tmp_path: Path) -> Iterator[OxigraphServer]:
    """A server whose default load graph holds 40 triples."""
    store.put(DEFAULT_GRAPH, (write_dist(tmp_path / "old", 40) / "sekom.nt").read_bytes())
    yield store


def test_interrupted_upload_leaves_previous_graph(
    runner: CliRunner, loaded: OxigraphServer, tmp_path: Path
) -> None:
    dist = write_dist(tmp_path / "dist", 2000)
    size = (dist / "sekom.nt").stat().st_size
    target_port = int(loaded.url.rsplit(":", 1)[1].strip("/"))
    with HalfwayProxy(target_port, size // 2) as proxy:
        url = f"http://127.0.0.1:{proxy.port}/store"
        args = ["--endpoint", url, "--query-endpoint", loaded.query_url, "--dir", str(dist)]
        result = invoke(runner, *args)
    assert result.exit_code == 3, result.output
    assert url in result.stderr
    assert loaded.count(DEFAULT_GRAPH) == 40
    rows = loaded.select(f"SELECT ?s WHERE {{ GRAPH <{DEFAULT_GRAPH}> {{ ?s ?p ?o }} }}")
    assert {r["s"] for r in rows} == {
        f"https://w3id.org/sekom/id/event/e{i:05d}" for i in range(40)
    }


def test_credentials_are_sent_but_never_printed(
    runner: CliRunner,
    store: OxigraphServer,
    tmp_path: Path,
) -> None:
    dist = write_dist(tmp_path / "dist", 4)
    env = {"SEKOM_KG_ENDPOINT_USER": "ann", "SEKOM_KG_ENDPOINT_PASSWORD": SECRET}
    url = store.store_url.replace("http://", f"http://bob:{SECRET}@")
    for extra in ([], ["--dry-run"]):
        result = runner.invoke(
            cli, ["--debug", "load", "--endpoint", url, "--dir", str(dist), *extra], env=env
        )
        assert result.exit_code == 0, result.output
        assert SECRET not in result.output and SECRET not in result.stderr
    down = f"http://bob:{SECRET}@127.0.0.1:{free_port()}/store"
    result = runner.invoke(
        cli, ["--debug", "load", "--endpoint", down, "--dir", str(dist)], env=env
    )
    assert result.exit_code == 3
    assert SECRET not in result.output and SECRET not in result.stderr
    assert f"error: http://127.0.0.1:{down.rsplit(':', 1)[1]}" in result.stderr  # user-info gone


def test_credentials_header() -> None:
    from sekom_kg.publish.graph_store import Credentials

    assert Credentials.from_env({"SEKOM_KG_ENDPOINT_TOKEN": "t"}).header() == "Bearer t"
    assert Credentials.from_env({}).header() is None
    assert SECRET not in repr(Credentials("u", SECRET))


@pytest.mark.parametrize(
    ("store", "query", "update"),
    [
        (
            "http://localhost:7878/store",
            "http://localhost:7878/query",
            "http://localhost:7878/update",
        ),
        (
            "http://localhost:3030/ds/data",
            "http://localhost:3030/ds/sparql",
            "http://localhost:3030/ds/update",
        ),
        ("http://h:8890/sparql-graph-crud", "http://h:8890/sparql", "http://h:8890/sparql"),
        (
            "http://h:8890/sparql-graph-crud-auth/",
            "http://h:8890/sparql-auth",
            "http://h:8890/sparql-auth",
        ),
    ],
    ids=["oxigraph", "fuseki", "virtuoso", "virtuoso-digest"],
)
def test_derive_query_and_update_endpoints(store: str, query: str, update: str) -> None:
    assert derive_query_endpoint(store) == query
    assert derive_update_endpoint(store) == update


def test_bad_options(tmp_path: Path) -> None:
    dist = write_dist(tmp_path / "dist", 1)
    with pytest.raises(InputError, match="--query-endpoint"):
        plan_load(dist, "http://localhost/gsp")
    with pytest.raises(InputError, match="--update-endpoint"):
        plan_load(dist, "http://localhost/gsp", query_endpoint="http://localhost/q")
    with pytest.raises(InputError, match="--graph"):
        plan_load(dist, "http://localhost/store", graph="not an iri")
    with pytest.raises(InputError, match="no such file"):
        plan_load(tmp_path / "nowhere", "http://localhost/store")
    assert redact("http://localhost/store") == "http://localhost/store"
