"""Embedded queries: no network unless allowed, a time limit that holds, Ctrl-C that stops.

Every check runs at the CLI (a ``sekom-kg`` subprocess or click's runner) or at
``run_query``; the SERVICE targets are a local HTTP server that counts its requests.
"""

from __future__ import annotations

import math
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from http_stub import CountingServer
from processes import children as _children
from processes import eventually
from processes import gone as _gone

from sekom_kg.cli import cli
from sekom_kg.core.errors import InputError, QueryTimeoutError
from sekom_kg.sparql.api import run_query
from sekom_kg.sparql.queries import Query

SEKOM_KG = [sys.executable, "-c", "from sekom_kg.cli import main; main()"]
#: The graph with itself three times: far more solutions than any limit lets it count.
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }\n"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n"
ENGINES = ["oxigraph", "rdflib"]
#: Generous bounds for "does not hang"; the work itself takes well under a second.
GONE_WITHIN_S = 30.0


@pytest.fixture
def counting() -> Iterator[CountingServer]:
    with CountingServer() as server:
        yield server


def service_queries(url: str) -> dict[str, str]:
    """SERVICE in the forms a parser accepts (the escaped one only rdflib reads)."""
    return {
        "plain": f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "silent": f"SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
        "lower-case": f"select * where {{ service <{url}> {{ ?s ?p ?o }} }}",
        "after-dot": f"SELECT * WHERE {{ ?s ?p ?o .SERVICE<{url}>{{ ?s ?p ?o }} }}",
        "escaped": f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
        "nested": f"ASK {{ {{ OPTIONAL {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
    }


SERVICE_KINDS = list(service_queries("http://x/"))
#: Read as written (pyoxigraph) a string holding a quote, then SERVICE; with ``\\u``
#: replaced first (rdflib) the start of a long string that hides it.
AFTER_QUOTE_ESCAPE = 'SELECT * WHERE {{ BIND("\\u0022" AS ?q) SERVICE <{url}> {{ ?s ?p ?o }} }}'


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("kind", SERVICE_KINDS)
def test_service_is_refused_before_any_request(
    runner: CliRunner,
    tmp_path: Path,
    counting: CountingServer,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
    engine: str,
) -> None:
    monkeypatch.setenv("SEKOM_KG_QUERY_ENGINE", engine)
    query = tmp_path / "service.rq"
    query.write_text(service_queries(counting.url)[kind], encoding="utf-8")
    result = runner.invoke(cli, ["query", str(query)])
    assert result.exit_code == 2, result.output
    assert "SERVICE" in result.stderr and "--allow-service" in result.stderr
    assert "Traceback" not in result.output and "internal error" not in result.stderr
    assert counting.paths == []


@pytest.mark.parametrize("engine", ENGINES)
def test_allow_service_sends_the_request_once(
    runner: CliRunner,
    tmp_path: Path,
    counting: CountingServer,
    monkeypatch: pytest.MonkeyPatch,
    engine: str,
) -> None:
    monkeypatch.setenv("SEKOM_KG_QUERY_ENGINE", engine)
    query = tmp_path / "service.rq"
    query.write_text(service_queries(counting.url)["plain"], encoding="utf-8")
    result = runner.invoke(cli, ["query", str(query), "--allow-service"])
    assert len(counting.paths) == 1  # the failed request is not repeated by another engine
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("error: ") and "query failed" in result.stderr


def test_run_query_refuses_service_unless_allowed(tmp_path: Path, counting: CountingServer) -> None:
    query = tmp_path / "service.rq"
    query.write_text(service_queries(counting.url)["silent"], encoding="utf-8")
    with pytest.raises(InputError, match="SERVICE"):
        run_query(query)
    assert counting.paths == []
    run_query(query, allow_service=True)  # SILENT: the failure is ignored, the call is made
    assert len(counting.paths) == 1


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("kind", [*SERVICE_KINDS, "after-quote-escape"])
def test_run_query_refuses_every_service_form(
    counting: CountingServer, monkeypatch: pytest.MonkeyPatch, kind: str, engine: str
) -> None:
    monkeypatch.setenv("SEKOM_KG_QUERY_ENGINE", engine)
    texts = {**service_queries(counting.url), "after-quote-escape": AFTER_QUOTE_ESCAPE}
    text = texts[kind].format(url=counting.url) if kind == "after-quote-escape" else texts[kind]
    form = "ASK" if text.startswith("ASK") else "SELECT"
    with pytest.raises(InputError, match="SERVICE"):  # a Query is run without reparsing
        run_query(Query("service", text, form, "<service>"))
    assert counting.paths == []


@pytest.mark.parametrize(
    "text",
    [
        'SELECT ?service WHERE { ?service ?p "SERVICE <http://x/> { }" } # SERVICE <http://x/>',
        "PREFIX SERVICE: <http://x/> SELECT * WHERE { ?s SERVICE:p ?o } LIMIT 1",
    ],
    ids=["variable-string-comment", "prefix"],
)
def test_the_word_service_elsewhere_is_no_service_call(tmp_path: Path, text: str) -> None:
    query = tmp_path / "word.rq"
    query.write_text(text, encoding="utf-8")
    assert run_query(query).form == "SELECT"


@pytest.fixture
def heavy(tmp_path: Path) -> Path:
    path = tmp_path / "heavy.rq"
    path.write_text(HEAVY, encoding="utf-8")
    return path


def _env(engine: str) -> dict[str, str]:
    return {**os.environ, "SEKOM_KG_QUERY_ENGINE": engine}


@pytest.mark.parametrize("engine", ENGINES)
def test_timeout_stops_a_heavy_embedded_query(heavy: Path, engine: str) -> None:
    started = time.monotonic()
    done = subprocess.run(
        [*SEKOM_KG, "query", str(heavy), "--timeout", "2"],
        capture_output=True,
        text=True,
        timeout=GONE_WITHIN_S * 4,  # graph loading included; the query itself gets 2 s
        env=_env(engine),
    )
    assert done.returncode != 0
    assert done.stderr.strip().splitlines() == [
        f"error: {heavy}: query timed out after 2 s (see --timeout)"
    ]
    assert time.monotonic() - started < GONE_WITHIN_S * 4


def _wait(predicate: Callable[[], object], limit: float = GONE_WITHIN_S) -> bool:
    return eventually(predicate, limit)


def _start_heavy(heavy: Path, engine: str) -> tuple[subprocess.Popen[str], int]:
    """A running ``sekom-kg query heavy.rq`` and the pid of the worker evaluating it."""
    process = subprocess.Popen(
        [*SEKOM_KG, "query", str(heavy), "--timeout", "600"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(engine),
    )
    found: list[int] = []

    def evaluating() -> bool:
        found[:] = _children(process.pid)
        return bool(found) or process.poll() is not None

    if not _wait(evaluating, GONE_WITHIN_S * 4) or process.poll() is not None or not found:
        process.kill()
        out = process.communicate()
        for child in found:
            os.kill(child, signal.SIGKILL)
        pytest.fail(f"no query worker appeared: {out}")
    return process, found[0]


def _cleanup(process: subprocess.Popen[str], worker: int) -> None:
    """Kill whatever of the test's processes still runs (after a failure)."""
    if process.poll() is None:
        process.kill()
        process.communicate()
    if not _wait(lambda: _gone(worker), 5.0):
        os.kill(worker, signal.SIGKILL)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("engine", ENGINES)
def test_ctrl_c_stops_a_running_embedded_query(heavy: Path, engine: str) -> None:
    process, worker = _start_heavy(heavy, engine)
    try:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=GONE_WITHIN_S)
        stopped = _wait(lambda: _gone(worker))
    finally:
        _cleanup(process, worker)
    assert process.returncode in (130, 2)
    assert err.strip().splitlines() == ["error: interrupted; the query was stopped"]
    assert stopped, "the query worker still ran"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["sigkill", "sigterm"])
def test_the_query_worker_dies_with_the_command(heavy: Path, sig: signal.Signals) -> None:
    process, worker = _start_heavy(heavy, "oxigraph")
    try:
        process.send_signal(sig)
        process.communicate(timeout=GONE_WITHIN_S)
        stopped = _wait(lambda: _gone(worker))
    finally:
        _cleanup(process, worker)
    assert stopped, "the query worker outlived the command"


def test_run_query_timeout_raises_and_the_next_query_runs(heavy: Path, tmp_path: Path) -> None:
    count = tmp_path / "count.rq"
    count.write_text(COUNT, encoding="utf-8")
    before = run_query(count).rows
    with pytest.raises(QueryTimeoutError, match=r"timed out after 0\.5 s"):
        run_query(heavy, timeout=0.5)
    assert run_query(count, timeout=30).rows == before


@pytest.mark.parametrize("timeout", [0.0, -1.0, math.nan])
def test_run_query_rejects_a_timeout_that_is_no_limit(heavy: Path, timeout: float) -> None:
    with pytest.raises(InputError, match="timeout"):
        run_query(heavy, timeout=timeout)


@pytest.mark.parametrize("timeout", [1e300, math.inf])
def test_run_query_takes_a_huge_timeout_as_no_limit(timeout: float) -> None:
    assert run_query("01", timeout=timeout).rows == run_query("01").rows


def test_results_through_the_time_limit_equal_the_direct_ones() -> None:
    for name in ("01", "19", "20"):
        direct = run_query(name, python_values=False)
        limited = run_query(name, python_values=False, timeout=60)
        assert (limited.form, limited.variables, limited.terms) == (
            direct.form,
            direct.variables,
            direct.terms,
        )
        assert limited.boolean == direct.boolean
        assert sorted(limited.graph or []) == sorted(direct.graph or [])


UPDATES = {
    "insert-data": "INSERT DATA { <http://x/s> <http://x/p> <http://x/o> }",
    "delete-where": "DELETE WHERE { ?s ?p ?o }",
    "load": "LOAD <http://127.0.0.1:9/data.ttl>",
    "drop-all": "DROP ALL",
    "clear-default": "CLEAR DEFAULT",
    "insert-where": "PREFIX x: <http://x/> INSERT { ?s x:p 1 } WHERE { ?s ?p ?o }",
}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("kind", list(UPDATES))
def test_update_forms_are_refused_and_the_graph_is_unchanged(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, engine: str
) -> None:
    monkeypatch.setenv("SEKOM_KG_QUERY_ENGINE", engine)
    count = tmp_path / "count.rq"
    count.write_text(COUNT, encoding="utf-8")
    before = run_query(count).rows
    update = tmp_path / "update.rq"
    update.write_text(UPDATES[kind], encoding="utf-8")
    result = runner.invoke(cli, ["query", str(update)])
    assert result.exit_code == 2, result.output
    assert result.stderr.strip().splitlines() == [
        f"error: {update}: a SPARQL update (INSERT, DELETE, LOAD, CLEAR, DROP, …), not a "
        "query; only SELECT, ASK, CONSTRUCT and DESCRIBE are run"
    ]
    assert run_query(count).rows == before
