"""Remote timeouts: ``--timeout`` bounds each whole request (not each socket read), also for
``load``, and only positive finite values up to a day are accepted."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from http_stub import TRICKLE_DELAY_S, StubServer, TlsFiles

from sekom_kg.cli import cli
from sekom_kg.core.errors import InputError
from sekom_kg.sparql.api import run_query

#: Far below the 30 s a trickling answer takes, far above the 1 s asked for.
PROMPT_S = 12.0


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env={"SEKOM_KG_ENDPOINT_TOKEN": ""})


def write_dist(root: Path) -> Path:
    root.mkdir(parents=True)
    (root / "sekom.nt").write_text("<urn:x:a> <urn:x:b> <urn:x:c> .\n", encoding="utf-8")
    return root


def timed(*args: str) -> tuple[Result, float]:
    start = time.monotonic()
    result = run(*args)
    return result, time.monotonic() - start


@pytest.mark.parametrize("mode", ["trickle", "silent"])
def test_query_timeout_bounds_the_whole_request(mode: str) -> None:
    with StubServer(mode, count=1) as stub:
        assert stub.behaviour.trickle_bytes * TRICKLE_DELAY_S >= 30
        result, took = timed("query", "01", "--endpoint", f"{stub.url}/query", "--timeout", "1")
    assert result.exit_code == 3, result.output
    assert took < PROMPT_S, took
    (line,) = result.stderr.strip().splitlines()
    assert line == f"error: {stub.url}/query: timed out after 1 s"


@pytest.mark.parametrize("mode", ["trickle", "silent"])
def test_load_has_a_timeout_too(tmp_path: Path, mode: str) -> None:
    dist = write_dist(tmp_path / "dist")
    with StubServer(mode, count=1) as stub:
        url = f"{stub.url}/store"
        result, took = timed("load", "--endpoint", url, "--dir", str(dist), "--timeout", "1")
    assert result.exit_code == 3, result.output
    assert took < PROMPT_S, took
    assert "timed out after 1 s" in result.stderr and f"{stub.url}/store?graph=" in result.stderr
    # no count after a failed upload; the staging graph is deleted (a second deadline)
    assert [seen.method for seen in stub.seen] == ["PUT", "DELETE"]


def test_https_timeout_bounds_the_whole_request(tmp_path: Path) -> None:
    tls = TlsFiles.make(tmp_path)
    with StubServer("trickle", count=1, tls=tls) as stub:
        args = ["query", "01", "--endpoint", f"{stub.url}/query", "--timeout", "1"]
        start = time.monotonic()
        result = CliRunner().invoke(cli, args, env={"SSL_CERT_FILE": str(tls.cert)})
        took = time.monotonic() - start
    assert result.exit_code == 3, result.output
    assert took < PROMPT_S, took
    assert result.stderr.strip().endswith("timed out after 1 s")
    assert len(stub.seen) == 1  # the request went through TLS, then the answer trickled


def test_load_timeout_default_is_shown(tmp_path: Path) -> None:
    dist = write_dist(tmp_path / "dist")
    result = run("load", "--endpoint", "http://127.0.0.1:9/store", "--dir", str(dist), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "each request times out after 300 s" in result.stdout
    assert "[default: 300]" in run("load", "--help").stdout


BAD_TIMEOUTS = ["0", "-5", "nan", "inf", "-inf", "1e300", "86401", "abc", "", "0x10"]


@pytest.mark.parametrize("value", BAD_TIMEOUTS)
def test_bad_timeouts_exit_2(tmp_path: Path, value: str) -> None:
    dist = write_dist(tmp_path / "dist")
    with StubServer(count=1) as stub:
        for args in (
            ["query", "01", "--endpoint", f"{stub.url}/query"],
            ["query", "01"],
            ["load", "--endpoint", f"{stub.url}/store", "--dir", str(dist)],
            ["load", "--endpoint", f"{stub.url}/store", "--dir", str(dist), "--dry-run"],
        ):
            result = run(*args, "--timeout", value)
            assert result.exit_code == 2, result.output
            (line,) = result.stderr.strip().splitlines()
            assert line.startswith("error: --timeout: must be a number of seconds"), line
    assert stub.seen == []


@pytest.mark.parametrize("value", [float("nan"), float("inf"), 0.0, -1.0, 1e300])
def test_library_rejects_bad_timeouts_before_sending(value: float) -> None:
    with StubServer(count=1) as stub, pytest.raises(InputError, match="--timeout"):
        run_query("01", endpoint=f"{stub.url}/query", timeout=value)
    assert stub.seen == []


def test_fractional_timeout_is_honoured() -> None:
    with StubServer("silent") as stub:
        result, took = timed("query", "01", "--endpoint", f"{stub.url}/query", "--timeout", "0.5")
    assert result.exit_code == 3 and "timed out after 0.5 s" in result.stderr, result.output
    assert took < PROMPT_S
