"""`sekom-kg serve` against hostile queries, bad addresses, and signals that kill it.

Each case runs the real command (a subprocess, or click's runner where it exits early)
with the real ``oxigraph`` server; SERVICE targets are a local HTTP server counting
its requests. Ports come from the OS; every process a test starts is stopped.
"""

from __future__ import annotations

import http.client
import http.server
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from http_stub import CountingServer
from oxigraph_server import free_port
from processes import children as _children
from processes import eventually
from processes import gone as _gone

from sekom_kg.cli import cli
from sekom_kg.publish import serve as serve_module

SEKOM_KG = [sys.executable, "-c", "from sekom_kg.cli import main; main()"]
NT = '<https://w3id.org/sekom/id/event/e1> <https://schema.org/name> "event"@en .\n'
NAMES = "SELECT ?name WHERE { ?s ?p ?name }"
#: A generous bound for "does not hang"; each step takes well under a second.
WITHIN_S = 30.0
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


@pytest.fixture
def counting() -> Iterator[CountingServer]:
    with CountingServer() as server:
        yield server


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    folder = tmp_path / "dist"
    folder.mkdir()
    (folder / "sekom.nt").write_text(NT, encoding="utf-8")
    return folder


@dataclass
class Serving:
    """A running ``sekom-kg serve`` subprocess and what it printed when ready."""

    process: subprocess.Popen[str]
    url: str
    tmp: Path
    server: int  # the oxigraph server's pid

    @property
    def query_url(self) -> str:
        return self.url + "query"

    @property
    def port(self) -> int:
        return int(urllib.parse.urlsplit(self.url).port or 0)

    def stop(self, sig: int = signal.SIGINT) -> tuple[int, str]:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            _, err = self.process.communicate(timeout=WITHIN_S)
        finally:
            self.cleanup()
        return self.process.returncode, err

    def cleanup(self) -> None:
        """Kill whatever of this test's processes still runs (after a failure)."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate()
        if not _eventually(lambda: _gone(self.server), 5.0):
            os.kill(self.server, signal.SIGKILL)


def start_serving(dist: Path, tmp: Path, *options: str) -> Serving:
    """Start ``sekom-kg serve`` with its temp folder in ``tmp``; wait until it prints."""
    tmp.mkdir(exist_ok=True)
    process = subprocess.Popen(
        [*SEKOM_KG, "serve", "--dir", str(dist), *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(tmp)},
    )
    assert process.stdout is not None
    first = process.stdout.readline()  # serve bounds its own wait for the server
    if not first.startswith("SPARQL endpoint: "):
        process.kill()
        _, err = process.communicate()
        pytest.fail(f"serve did not start: {first!r} {err!r}")
    url = first.removeprefix("SPARQL endpoint: ").strip().removesuffix("query")
    children = _children(process.pid)  # once ready, the oxigraph server is the one child
    if len(children) != 1 or process.stdout.readline().strip() != f"query UI: {url}":
        process.kill()
        process.communicate()
        for child in children:
            os.kill(child, signal.SIGKILL)
        pytest.fail(f"serve started oddly: children {children}")
    return Serving(process, url, tmp, children[0])


@pytest.fixture
def serving(dist: Path, tmp_path: Path) -> Iterator[Serving]:
    running = start_serving(dist, tmp_path / "tmp", "--port", str(free_port()))
    yield running
    running.stop()


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _eventually(predicate: Callable[[], object], limit: float = WITHIN_S) -> bool:
    return eventually(predicate, limit)


def ask(url: str, query: str, how: str = "get") -> tuple[int, bytes]:
    """Send ``query`` the SPARQL protocol way ``how``; the status and body."""
    accept = {"Accept": "application/sparql-results+json"}
    if how == "get":
        request = urllib.request.Request(
            url + "?" + urllib.parse.urlencode({"query": query}), headers=accept
        )
    elif how == "form":
        request = urllib.request.Request(
            url,
            data=urllib.parse.urlencode({"query": query}).encode(),
            headers={**accept, "Content-Type": "application/x-www-form-urlencoded"},
        )
    else:
        request = urllib.request.Request(
            url,
            data=query.encode(),
            headers={**accept, "Content-Type": "application/sparql-query"},
        )
    try:
        with urllib.request.urlopen(request, timeout=WITHIN_S) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def names(body: bytes) -> list[str]:
    return [row["name"]["value"] for row in json.loads(body)["results"]["bindings"]]


# ---------------------------------------------------------------- SERVICE


def service_queries(url: str) -> dict[str, str]:
    return {
        "plain": f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "silent": f"SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
        "lower-case": f"select * where {{ service <{url}> {{ ?s ?p ?o }} }}",
        "no-spaces": f"SELECT*WHERE{{?s ?p ?o .SERVICE<{url}>{{?s ?p ?o}}}}",
        "escaped": f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
    }


@pytest.mark.parametrize("how", ["get", "form", "body"])
@pytest.mark.parametrize("kind", list(service_queries("http://x/")))
def test_serve_refuses_service_without_a_request(
    serving: Serving, counting: CountingServer, kind: str, how: str
) -> None:
    status, body = ask(serving.query_url, service_queries(counting.url)[kind], how)
    assert status == 403
    assert b"SERVICE is disabled" in body and b"--allow-service" in body
    status, body = ask(serving.query_url, NAMES, how)  # the endpoint still answers
    assert status == 200 and names(body) == ["event"]
    assert counting.paths == []


def test_serve_refuses_service_in_any_parameter_or_media_type(
    serving: Serving, counting: CountingServer
) -> None:
    query = service_queries(counting.url)["plain"]
    encoded = urllib.parse.quote(query, safe="")
    for target, body, media in (
        (f"/query?query={encoded}&query=ASK%7B%7D", b"", ""),
        (f"/query?x=1&query={encoded}", b"", ""),
        ("/query", query.encode(), "application/sparql-query; charset=utf-8"),
        ("/query", query.encode(), "text/plain"),
        ("/query", b"query=" + encoded.encode(), "application/x-www-form-urlencoded"),
    ):
        connection = http.client.HTTPConnection("127.0.0.1", serving.port, timeout=WITHIN_S)
        headers = {"Content-Type": media} if media else {}
        connection.request("POST" if body else "GET", target, body or None, headers)
        answer = connection.getresponse()
        assert answer.status == 403, (target, media)
        connection.close()
    assert counting.paths == []


def test_serve_allow_service_sends_the_request(
    dist: Path, tmp_path: Path, counting: CountingServer
) -> None:
    running = start_serving(dist, tmp_path / "tmp", "--port", "0", "--allow-service")
    try:
        status, _ = ask(running.query_url, service_queries(counting.url)["plain"])
        assert status != 403
        assert len(counting.paths) >= 1
    finally:
        running.stop()


def test_serve_is_read_only_through_the_proxy(serving: Serving) -> None:
    body = b"INSERT DATA { <http://x/s> <http://x/p> 'injected' }"
    request = urllib.request.Request(
        serving.url + "update",
        data=body,
        headers={"Content-Type": "application/sparql-update"},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=WITHIN_S)
    assert 400 <= refused.value.code < 500
    status, answer = ask(serving.query_url, NAMES)
    assert status == 200 and names(answer) == ["event"]


def test_serve_refuses_malformed_bodies(serving: Serving) -> None:
    for headers, status in (
        ({"Transfer-Encoding": "chunked"}, 411),
        ({"Content-Length": "nope"}, 400),
        ({"Content-Length": "-1"}, 400),
        ({"Content-Length": str(1 << 40)}, 413),
    ):
        with socket.create_connection(("127.0.0.1", serving.port), timeout=WITHIN_S) as raw:
            lines = ["POST /query HTTP/1.1", "Host: x", *(f"{k}: {v}" for k, v in headers.items())]
            raw.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
            first = raw.makefile("rb").readline()
        assert first.split()[1] == str(status).encode(), (headers, first)
    assert ask(serving.query_url, NAMES)[0] == 200


def test_serve_cancels_a_query_after_its_timeout(tmp_path: Path) -> None:
    folder = tmp_path / "dist"
    folder.mkdir()
    lines = (f'<https://a/s{i}> <https://a/p> "{i}" .\n' for i in range(2000))
    (folder / "sekom.nt").write_text("".join(lines), encoding="utf-8")
    running = start_serving(folder, tmp_path / "tmp", "--port", "0", "--timeout", "1")
    try:
        heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
        status, body = ask(running.query_url, heavy)  # 8e9 solutions: never counted in time
        assert status != 200 or b"cancelled" in body
        status, body = ask(running.query_url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert status == 200 and b'"2000"' in body
    finally:
        running.stop()


@pytest.mark.parametrize("timeout", ["0", "-1", "1.5", "nan", "86401"])
def test_serve_with_a_bad_timeout_exits_2(runner: CliRunner, dist: Path, timeout: str) -> None:
    result = runner.invoke(cli, ["serve", "--timeout", timeout, "--port", "0", "--dir", str(dist)])
    assert result.exit_code == 2
    assert "--timeout" in result.stderr


# ---------------------------------------------------------------- addresses


def test_serve_on_a_busy_port_says_so_before_serving(runner: CliRunner, dist: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = runner.invoke(cli, ["serve", "--port", str(port), "--dir", str(dist)])
    assert result.exit_code == 2
    assert result.stdout == ""  # no "serving", no endpoint printed
    assert result.stderr.splitlines() == [f"error: 127.0.0.1:{port}: the port is already in use"]


@pytest.mark.parametrize(
    "host",
    [
        "not a host!",
        "256.1.1.1",
        "127.0.0.1:80",
        "",
        " 127.0.0.1",
        "host\nname",
        "bad_host.invalid",
        "-x",
        "[::1]",
        "\u00e9\u0000",
    ],
)
def test_serve_with_a_bad_host_exits_2_in_one_line(
    runner: CliRunner, dist: Path, host: str
) -> None:
    result = runner.invoke(cli, ["serve", "--host", host, "--port", "0", "--dir", str(dist)])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: --host "), lines
    assert "panicked" not in result.stderr and "Traceback" not in result.stderr


def test_serve_on_an_address_of_another_machine_exits_2(runner: CliRunner, dist: Path) -> None:
    result = runner.invoke(cli, ["serve", "--host", "192.0.2.1", "--port", "0", "--dir", str(dist)])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: 192.0.2.1:0: cannot listen there")
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("port", ["-1", "65536", "http", "1e3"])
def test_serve_with_a_bad_port_exits_2(runner: CliRunner, dist: Path, port: str) -> None:
    result = runner.invoke(cli, ["serve", "--port", port, "--dir", str(dist)])
    assert result.exit_code == 2
    assert "--port" in result.stderr


def test_serve_on_port_0_prints_the_real_port(dist: Path, tmp_path: Path) -> None:
    running = start_serving(dist, tmp_path / "tmp", "--port", "0")
    try:
        assert running.port > 0
        status, body = ask(running.query_url, NAMES)
        assert status == 200 and names(body) == ["event"]
    finally:
        code, _ = running.stop()
    assert code == 0


# ---------------------------------------------------------------- the dump


@pytest.mark.parametrize(
    "damage",
    [b'<https://a/s> <https://a/p> "unterminated .\n', b"\xff\xfe not n-triples\n", b"<s> <p> ."],
    ids=["unterminated", "binary", "relative"],
)
def test_serve_with_a_damaged_dump_exits_2_in_one_line(
    runner: CliRunner, dist: Path, damage: bytes
) -> None:
    (dist / "sekom.nt").write_bytes(damage)
    result = runner.invoke(cli, ["serve", "--port", "0", "--dir", str(dist)])
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {dist / 'sekom.nt'}: "), lines
    assert "backtrace" not in result.stderr.lower()


@pytest.mark.parametrize("case", ["missing-dir", "no-dump", "dump-is-a-folder"])
def test_serve_without_a_dump_exits_2(runner: CliRunner, tmp_path: Path, case: str) -> None:
    folder = tmp_path / "dist"
    if case != "missing-dir":
        folder.mkdir()
    if case == "dump-is-a-folder":
        (folder / "sekom.nt").mkdir()
    result = runner.invoke(cli, ["serve", "--port", "0", "--dir", str(folder)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"error: {folder / 'sekom.nt'}: no such file (run `sekom-kg build` first)"
    ]


# ---------------------------------------------------------------- signals


@linux_only
def test_sigkill_of_serve_takes_the_server_with_it(dist: Path, tmp_path: Path) -> None:
    running = start_serving(dist, tmp_path / "tmp", "--port", "0")
    try:
        running.process.kill()
        running.process.communicate(timeout=WITHIN_S)
        assert _eventually(lambda: _gone(running.server)), "the oxigraph server outlived serve"
        assert _eventually(lambda: _port_free(running.port))
    finally:
        running.cleanup()
    left = list(running.tmp.glob(serve_module.TEMP_PREFIX + "*"))
    assert len(left) == 1  # killed: no chance to clean up; the next serve does
    again = start_serving(dist, running.tmp, "--port", "0")
    try:
        assert not left[0].exists()
    finally:
        again.stop()
    assert list(running.tmp.iterdir()) == []


@linux_only
@pytest.mark.parametrize("sig", [signal.SIGHUP, signal.SIGTERM, signal.SIGINT])
def test_serve_stops_on_a_signal_and_cleans_up(
    dist: Path, tmp_path: Path, sig: signal.Signals
) -> None:
    running = start_serving(dist, tmp_path / "tmp", "--port", "0")
    try:
        with socket.create_connection(("127.0.0.1", running.port), timeout=WITHIN_S):
            # an open, idle connection must not hold the stop up
            started = time.monotonic()
            code, err = running.stop(sig)
            took = time.monotonic() - started
    finally:
        running.cleanup()
    assert code == 0, err
    assert err.strip().splitlines()[-1] == "stopped"
    assert _gone(running.server)
    assert list(running.tmp.iterdir()) == []
    assert took < 8.0  # oxigraph takes ~10 s to stop on its own; serve kills it after 1 s
