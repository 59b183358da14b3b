"""`sekom-kg serve`: a local read-only SPARQL endpoint, queried from another process."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from oxigraph_server import free_port

from sekom_kg.cli import cli
from sekom_kg.publish import serve as serve_module

NT = '<https://w3id.org/sekom/id/event/e1> <https://schema.org/name> "event"@en .\n'


def start(tmp_path: Path, port: int) -> tuple[subprocess.Popen[str], Path]:
    dist, tmp = tmp_path / "dist", tmp_path / "tmp"
    dist.mkdir()
    tmp.mkdir()
    (dist / "sekom.nt").write_text(NT, encoding="utf-8")
    command = [sys.executable, "-c", "from sekom_kg.cli import main; main()"]
    process = subprocess.Popen(
        [*command, "serve", "--port", str(port), "--dir", str(dist)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(tmp)},
    )
    return process, tmp


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["sigint", "sigterm"])
def test_serve_answers_then_stops_cleanly(tmp_path: Path, sig: signal.Signals) -> None:
    port = free_port()
    process, tmp = start(tmp_path, port)
    try:
        query = urllib.parse.urlencode({"query": "SELECT ?name WHERE { ?s ?p ?name }"})
        url = f"http://127.0.0.1:{port}/query?{query}"
        assert process.stdout is not None
        first = process.stdout.readline()  # printed once ready (serve bounds its own wait)
        assert first.strip() == f"SPARQL endpoint: http://127.0.0.1:{port}/query"
        assert process.stdout.readline().strip() == f"query UI: http://127.0.0.1:{port}/"
        request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            rows = json.load(response)["results"]["bindings"]
        assert [r["name"]["value"] for r in rows] == ["event"]
        assert list(tmp.glob(serve_module.TEMP_PREFIX + "*"))  # the temp store exists
        process.send_signal(sig)
        _, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    assert list(tmp.iterdir()) == []  # temp store removed


def test_serve_without_oxigraph_exits_2(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "sekom.nt").write_text(NT, encoding="utf-8")
    monkeypatch.setattr(shutil, "which", lambda *_args, **_kwargs: None)
    result = runner.invoke(cli, ["serve", "--dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "pip install oxigraph" in result.stderr


def test_serve_without_build_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["serve", "--dir", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "sekom-kg build" in result.stderr
