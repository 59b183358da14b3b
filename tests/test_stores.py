"""One store suite, run on a real Oxigraph and a real Virtuoso: `sekom-kg load` end to end.

Every load runs with a second connection polling the target graph's count, so each test also
shows what a reader sees. Until the switch the target is never touched, on every store: a
failed load shows readers only the old count. During the switch Oxigraph's readers see the
old count, then the new one; Virtuoso's may see a partial graph (its readers are not isolated
from the switch's transaction), which `load` says. Each test loads into its own graph IRI,
so the stores are shared by the whole module.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import pytest
from click.testing import CliRunner, Result
from oxigraph_server import running_oxigraph
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from sekom_kg.cli import cli
from sekom_kg.publish.graph_store import staging_graph

OTHER = "https://example.org/graph/other"
XSD = "http://www.w3.org/2001/XMLSchema#"
#: Literal forms a store must hand back as they were (canonical lexical forms).
LITERALS = [
    '"Övertorneå"@sv',
    '"Overtornea"@en-GB',
    '"2012"^^<http://www.w3.org/2001/XMLSchema#gYear>',
    '"2012-05"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>',
    '"2012-05-31"^^<http://www.w3.org/2001/XMLSchema#date>',
    '"1.5"^^<http://www.w3.org/2001/XMLSchema#decimal>',
    '"42"^^<http://www.w3.org/2001/XMLSchema#integer>',
    '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>',
    '"ett trettiotal"',
    '"a \\"quoted\\" word, a back\\\\slash, a tab\\t and a\\nnew line"',
    '"Addis Abeba አዲስ አበባ 🌍"@am',
]


class Store(Protocol):
    name: str

    @property
    def url(self) -> str: ...
    @property
    def store_url(self) -> str: ...
    @property
    def query_url(self) -> str: ...
    @property
    def update_url(self) -> str: ...
    def count(self, graph: str) -> int: ...
    def put(self, graph: str, ntriples: bytes) -> None: ...
    def select(self, query: str) -> list[dict[str, str]]: ...


@pytest.fixture(scope="module")
def oxigraph_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with running_oxigraph(tmp_path_factory.mktemp("stores") / "oxigraph") as server:
        yield server


@pytest.fixture(params=["oxigraph", "virtuoso"])
def store(request: pytest.FixtureRequest) -> Store:
    """The same tests on each store (Virtuoso: conftest's session server, or a skip)."""
    name = "oxigraph_store" if request.param == "oxigraph" else "virtuoso"
    found: Store = request.getfixturevalue(name)
    return found


@pytest.fixture
def graph(request: pytest.FixtureRequest) -> str:
    """A graph IRI of this test's own."""
    return "https://example.org/graph/" + urllib.parse.quote(request.node.name, safe="")


def assert_switch_seen(store: Store, seen: set[int], old: int, new: int) -> None:
    """What readers saw while a load replaced ``old`` triples with ``new`` ones."""
    if store.name == "virtuoso":  # not isolated: anything from the old graph down to empty, up
        assert all(0 <= n <= max(old, new) for n in seen), sorted(seen)
    else:
        assert seen <= {old, new}, sorted(seen)


def lines(count: int, tag: str = "new") -> list[str]:
    return [
        f'<https://w3id.org/sekom/id/event/{tag}{i:06d}> <https://schema.org/name> "{tag} {i}"@en .'
        for i in range(count)
    ]


def write_dist(root: Path, body: list[str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "sekom.nt").write_text("\n".join(body) + "\n", encoding="utf-8")
    return root


class Reader:
    """Counts ``graph`` over and over from its own connections while a load runs."""

    def __init__(self, store: Store, graph: str) -> None:
        self.store, self.graph = store, graph
        self.seen: list[int] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._poll, daemon=True)

    def _poll(self) -> None:
        while not self.stop.is_set():
            self.seen.append(self.store.count(self.graph))
            time.sleep(0.05)

    def __enter__(self) -> Reader:
        self.thread.start()
        while not self.seen:  # at least one reading before the load starts
            time.sleep(0.01)
        return self

    def __exit__(self, *_: object) -> None:
        time.sleep(0.1)
        self.stop.set()
        self.thread.join(timeout=60)
        self.seen.append(self.store.count(self.graph))


def load(
    store: Store, dist: Path, graph: str, *extra: str, env: dict[str, str] | None = None
) -> Result:
    args = ["load", "--endpoint", store.store_url, "--graph", graph, "--dir", str(dist), *extra]
    return CliRunner().invoke(cli, args, env={"SEKOM_KG_ENDPOINT_TOKEN": "", **(env or {})})


def load_watched(store: Store, dist: Path, graph: str, *extra: str) -> tuple[Result, set[int]]:
    with Reader(store, graph) as reader:
        result = load(store, dist, graph, *extra)
    return result, set(reader.seen)


def subjects(store: Store, graph: str) -> set[str]:
    rows = store.select(f"SELECT ?s WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return {row["s"] for row in rows}


def test_load_replaces_exactly_its_graph(store: Store, graph: str, tmp_path: Path) -> None:
    store.put(OTHER, b"<urn:x:a> <urn:x:b> <urn:x:c> .\n")
    store.put(graph, "\n".join(lines(40, "old")).encode() + b"\n")
    dist = write_dist(tmp_path / "dist", lines(500))
    result, seen = load_watched(store, dist, graph)
    assert result.exit_code == 0, result.output
    assert "loaded 500 triples" in result.stderr
    assert_switch_seen(store, seen, 40, 500)
    assert store.count(graph) == 500
    assert subjects(store, graph) == {line.split()[0][1:-1] for line in lines(500)}
    write_dist(dist, lines(30))  # a smaller build replaces the graph, it does not add to it
    result, seen = load_watched(store, dist, graph)
    assert result.exit_code == 0, result.output
    assert_switch_seen(store, seen, 500, 30)
    assert store.count(graph) == 30
    assert store.count(OTHER) == 1  # never touched
    assert store.count(staging_graph(graph)) == 0  # the staging graph is gone


def test_every_literal_form_comes_back_unchanged(store: Store, graph: str, tmp_path: Path) -> None:
    from sekom_kg.sparql.api import published_graph

    built = published_graph().serialize(format="nt", encoding="utf-8").decode("utf-8")
    extra = [
        f"<https://example.org/s{i}> <https://example.org/p> {o} ." for i, o in enumerate(LITERALS)
    ]
    body = [line for line in built.splitlines() if line.strip()] + extra
    dist = write_dist(tmp_path / "dist", body)
    result = load(store, dist, graph)
    assert result.exit_code == 0, result.output
    local = set(Graph().parse(dist / "sekom.nt", format="nt"))
    assert remote_triples(store, graph) == local


def _term(value: dict[str, str]) -> Node:
    if value["type"] == "uri":
        return URIRef(value["value"])
    datatype = value.get("datatype")
    if datatype == XSD + "string":
        datatype = None
    return Literal(value["value"], lang=value.get("xml:lang"), datatype=datatype)


def remote_triples(store: Store, graph: str) -> set[tuple[Node, Node, Node]]:
    body = urllib.parse.urlencode(
        {"query": f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"}
    ).encode()
    request = urllib.request.Request(
        store.query_url, data=body, headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        rows = json.load(response)["results"]["bindings"]
    return {(_term(r["s"]), _term(r["p"]), _term(r["o"])) for r in rows}


def test_rejected_body_leaves_the_previous_graph(store: Store, graph: str, tmp_path: Path) -> None:
    store.put(graph, "\n".join(lines(40, "old")).encode() + b"\n")
    dist = write_dist(tmp_path / "dist", [*lines(2190), "<broken"])  # a syntax error at the end
    result, seen = load_watched(store, dist, graph)
    assert result.exit_code == 3, result.output
    (line,) = result.stderr.strip().splitlines()
    assert f"graph <{graph}> is unchanged" in line
    assert seen == {40}
    assert subjects(store, graph) == {line.split()[0][1:-1] for line in lines(40, "old")}
    assert store.count(staging_graph(graph)) == 0  # whatever the store kept of it is removed


class CuttingProxy:
    """Forwards connections to the store; the first is cut after ``limit`` request bytes.

    With ``rate`` (bytes per second) the first connection's request is forwarded slowly
    instead; ``started`` is set once its first bytes went through.
    """

    def __init__(self, target_port: int, limit: int | None = None, rate: int | None = None) -> None:
        self.target_port, self.limit, self.rate = target_port, limit, rate
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.stopped, self.started = threading.Event(), threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def _pipe(
        self, source: socket.socket, sink: socket.socket, limit: int | None, rate: int | None
    ) -> None:
        sent = 0
        size = 65536 if rate is None else max(1, rate // 10)
        try:
            while not self.stopped.is_set() and (limit is None or sent < limit):
                chunk = source.recv(size if limit is None else min(size, limit - sent))
                if not chunk:
                    break
                sink.sendall(chunk)
                sent += len(chunk)
                if rate is not None:
                    self.started.set()
                    time.sleep(0.1)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def _serve(self) -> None:
        first = True
        self.listener.settimeout(0.2)
        while not self.stopped.is_set():
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            limit, rate = (self.limit, self.rate) if first else (None, None)
            first = False
            for args in ((client, upstream, limit, rate), (upstream, client, None, None)):
                threading.Thread(target=self._pipe, args=args, daemon=True).start()

    def __enter__(self) -> CuttingProxy:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stopped.set()
        self.thread.join(timeout=10)
        self.listener.close()

    def url(self, store: Store) -> str:
        """The store's Graph Store URL through this proxy."""
        return store.store_url.replace(f":{_port(store)}/", f":{self.port}/", 1)


def _port(store: Store) -> int:
    return int(store.url.rsplit(":", 1)[1].strip("/"))


@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.9999])
def test_cut_upload_leaves_the_previous_graph(
    store: Store, graph: str, tmp_path: Path, fraction: float
) -> None:
    store.put(graph, "\n".join(lines(40, "old")).encode() + b"\n")
    dist = write_dist(tmp_path / "dist", lines(3000))
    size = (dist / "sekom.nt").stat().st_size
    with CuttingProxy(_port(store), int(size * fraction)) as proxy:
        args = ["load", "--endpoint", proxy.url(store), "--graph", graph, "--dir", str(dist)]
        args += ["--query-endpoint", store.query_url, "--update-endpoint", store.update_url]
        with Reader(store, graph) as reader:
            result = CliRunner().invoke(cli, args, env={"SEKOM_KG_ENDPOINT_TOKEN": ""})
    assert result.exit_code == 3, result.output
    assert set(reader.seen) == {40}
    assert subjects(store, graph) == {line.split()[0][1:-1] for line in lines(40, "old")}


def test_refused_switch_leaves_the_previous_graph(store: Store, graph: str, tmp_path: Path) -> None:
    store.put(graph, "\n".join(lines(40, "old")).encode() + b"\n")
    dist = write_dist(tmp_path / "dist", lines(100))
    refusing = f"{store.url}/no-such-update-endpoint"
    result, seen = load_watched(store, dist, graph, "--update-endpoint", refusing)
    assert result.exit_code == 3, result.output
    (line,) = result.stderr.strip().splitlines()
    assert refusing in line and "HTTP 404" in line
    assert seen == {40} and store.count(graph) == 40
    assert store.count(staging_graph(graph)) == 0


def test_what_readers_see_during_a_large_switch(store: Store, graph: str, tmp_path: Path) -> None:
    store.put(graph, "\n".join(lines(2000, "old")).encode() + b"\n")
    dist = write_dist(tmp_path / "dist", lines(20000))
    result, seen = load_watched(store, dist, graph)
    assert result.exit_code == 0, result.output
    assert_switch_seen(store, seen, 2000, 20000)
    assert store.count(graph) == 20000
    if store.name == "virtuoso":
        assert "readers may see a partial graph" in result.stderr
    else:
        assert "readers see the old graph until it commits" in result.stderr


def test_interrupted_load_leaves_the_previous_graph(
    store: Store, graph: str, tmp_path: Path
) -> None:
    store.put(graph, "\n".join(lines(40, "old")).encode() + b"\n")
    dist = write_dist(tmp_path / "dist", lines(3000))
    with CuttingProxy(_port(store), rate=20000) as proxy:  # an upload of about 12 s
        command = [str(Path(sys.executable).parent / "sekom-kg"), "load", "--graph", graph]
        command += ["--endpoint", proxy.url(store), "--dir", str(dist)]
        command += ["--query-endpoint", store.query_url, "--update-endpoint", store.update_url]
        env = {**os.environ, "SEKOM_KG_ENDPOINT_TOKEN": ""}
        with Reader(store, graph) as reader:
            process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
            try:
                assert proxy.started.wait(60), "the upload never started"
                process.send_signal(signal.SIGINT)
                _, stderr = process.communicate(timeout=120)
            finally:
                if process.poll() is None:
                    process.kill()
                    process.wait()
    assert process.returncode != 0, stderr
    assert "Traceback" not in stderr, stderr
    assert set(reader.seen) == {40}
    assert store.count(graph) == 40


# ---------------------------------------------------------------- the bulk path (large loads)


def bulk_args(store: Store) -> tuple[list[str], dict[str, str]]:
    """Options and environment that make ``load`` stage through the store's bulk loader."""
    args = ["--bulk-above", "0"]
    if store.name == "virtuoso":  # its bulk loader reads the file from a DirsAllowed folder
        folder = store.folder  # type: ignore[attr-defined]
        args += ["--virtuoso-isql", f"127.0.0.1:{store.sql_port}", "--virtuoso-dir", str(folder)]  # type: ignore[attr-defined]
    return args, {"SEKOM_KG_ISQL_PASSWORD": "dba"}


def bulk_load_watched(store: Store, dist: Path, graph: str) -> tuple[Result, set[int]]:
    args, env = bulk_args(store)
    with Reader(store, graph) as reader:
        result = load(store, dist, graph, *args, env=env)
    return result, set(reader.seen)


def test_bulk_load_replaces_exactly_its_graph(store: Store, graph: str, tmp_path: Path) -> None:
    store.put(OTHER, b"<urn:x:a> <urn:x:b> <urn:x:c> .\n")
    store.put(graph, "\n".join(lines(40, "old")).encode() + b"\n")
    extra = [
        f"<https://example.org/s{i}> <https://example.org/p> {o} ." for i, o in enumerate(LITERALS)
    ]
    dist = write_dist(tmp_path / "dist", lines(3000) + extra)
    result, seen = bulk_load_watched(store, dist, graph)
    assert result.exit_code == 0, result.output
    loader = "Virtuoso's" if store.name == "virtuoso" else "Oxigraph's"
    assert f"staged by {loader} bulk loader" in result.stderr
    assert f"loaded {3000 + len(LITERALS)} triples" in result.stderr
    assert_switch_seen(store, seen, 40, 3000 + len(LITERALS))
    assert remote_triples(store, graph) == set(Graph().parse(dist / "sekom.nt", format="nt"))
    write_dist(dist, lines(30))  # a smaller build replaces the graph, it does not add to it
    result, seen = bulk_load_watched(store, dist, graph)
    assert result.exit_code == 0, result.output
    assert_switch_seen(store, seen, 3000 + len(LITERALS), 30)
    assert store.count(graph) == 30
    assert store.count(OTHER) == 1  # never touched
    assert store.count(staging_graph(graph)) == 0  # the staging graph is gone
    if store.name == "virtuoso":  # the staged copy and its load_list entry are gone too
        assert not list(store.folder.glob("sekom-kg-*.nt"))  # type: ignore[attr-defined]
        assert "sekom-kg-" not in store.sql("SELECT ll_file FROM DB.DBA.load_list;")  # type: ignore[attr-defined]
        assert "switched" in result.stderr and "one SQL transaction" in result.stderr
        exists = store.sql("SELECT 'x', __proc_exists ('DB.DBA.SEKOM_KG_SWITCH');")  # type: ignore[attr-defined]
        assert "NULL" in exists and "SEKOM_KG_SWITCH" not in exists  # the switch is dropped


def test_bulk_rejected_body_leaves_the_previous_graph(
    store: Store, graph: str, tmp_path: Path
) -> None:
    store.put(graph, "\n".join(lines(40, "old")).encode() + b"\n")
    dist = write_dist(tmp_path / "dist", [*lines(2190), "<broken"])  # a syntax error at the end
    result, seen = bulk_load_watched(store, dist, graph)
    assert result.exit_code == 3, result.output
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith("error: ") and f"graph <{graph}> is unchanged" in line, line
    assert seen == {40}
    assert subjects(store, graph) == {line.split()[0][1:-1] for line in lines(40, "old")}
    assert store.count(staging_graph(graph)) == 0  # whatever the loader kept of it is removed


def test_below_the_threshold_the_graph_store_put_is_used(
    store: Store, graph: str, tmp_path: Path
) -> None:
    dist = write_dist(tmp_path / "dist", lines(100))
    args, env = bulk_args(store)
    args[1] = "100"  # --bulk-above 100: exactly 100 triples is not above it
    result = load(store, dist, graph, *args, env=env)
    assert result.exit_code == 0, result.output
    assert "PUT " in result.stderr and "bulk loader" not in result.stderr
    assert store.count(graph) == 100


def test_virtuoso_without_isql_options_is_loaded_by_put_and_says_so(
    virtuoso: Store, graph: str, tmp_path: Path
) -> None:
    dist = write_dist(tmp_path / "dist", lines(50))
    result = load(virtuoso, dist, graph, "--bulk-above", "10")
    assert result.exit_code == 0, result.output
    assert "50 triples > --bulk-above 10, but no bulk loader known for this store" in result.stderr
    assert "PUT " in result.stderr and virtuoso.count(graph) == 50
