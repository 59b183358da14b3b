"""The on-disk query store: built once, atomically, by concurrent processes; safe with forks.

Damaged stores are covered in ``tests/adversarial/test_unreadable_input.py``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pyoxigraph as ox
import pytest

from sekom_kg.sparql import api, embedded

REPOSITORY = Path(__file__).resolve().parents[1]


def _real_bundle(root: Path) -> Path:
    """A private copy of the real bundle (whose store keeps every literal as published)."""
    for part in ("ontology", "data", "queries"):
        shutil.copytree(REPOSITORY / part, root / part)
    return root


LIMIT = 180.0  # seconds: "does not hang", never a speed requirement
CLI = [sys.executable, "-c", "from sekom_kg.cli import main; main()"]


def _env(cache: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "SEKOM_KG_CACHE_DIR": str(cache), **extra}
    env.pop("SEKOM_KG_QUERY_ENGINE", None)
    return env


def test_concurrent_first_queries_build_one_whole_store(tmp_path: Path) -> None:
    cache, bundle = tmp_path / "cache", str(_real_bundle(tmp_path / "bundle"))
    env = _env(cache, SEKOM_KG_BUNDLE_ROOT=bundle)
    command = [*CLI, "query", "01", "--format", "csv"]
    truth = subprocess.run(
        command,
        env=_env(
            tmp_path / "off-cache",
            SEKOM_KG_CACHE_DIR="off",
            SEKOM_KG_BUNDLE_ROOT=bundle,
        ),
        capture_output=True,
        text=True,
        timeout=LIMIT,
    )
    assert truth.returncode == 0, truth.stderr
    runs = [
        subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(4)
    ]
    try:
        outputs = [run.communicate(timeout=LIMIT) for run in runs]
    finally:
        for run in runs:
            if run.poll() is None:
                run.kill()
                run.wait()
    for run, (out, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, err
        assert out == truth.stdout
    stores = [p for p in cache.glob("store-*") if p.is_dir()]
    assert len(stores) == 1
    assert not list(cache.glob(".build-*")) and not list(cache.glob(".trash-*"))
    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=LIMIT)
    assert again.returncode == 0 and again.stdout == truth.stdout, again.stderr
    assert [p for p in cache.glob("store-*") if p.is_dir()] == stores  # answered from it


def test_a_new_store_is_built_after_this_process_used_one(tmp_path: Path) -> None:
    """A process that already opened a store builds another (a new graph) without hanging,
    and answers from it, also in a query worker (a timeout forks one)."""
    first, second = _real_bundle(tmp_path / "a"), _real_bundle(tmp_path / "b")
    events = sorted((second / "data").rglob("*.ttl"))[0]
    with events.open("a", encoding="utf-8") as stream:
        stream.write("\n<urn:x:s> <urn:x:p> <urn:x:o> .\n")
    script = textwrap.dedent(
        f"""
        import os
        from sekom_kg.sparql import api
        count = "SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o }}"
        os.environ["SEKOM_KG_BUNDLE_ROOT"] = {str(first)!r}
        before = int(api.run_text(count).terms[0][0])
        os.environ["SEKOM_KG_BUNDLE_ROOT"] = {str(second)!r}
        after = int(api.run_text(count, timeout=60).terms[0][0])
        assert api.published_store() is not None
        print(after - before)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=_env(tmp_path / "cache"),
        capture_output=True,
        text=True,
        timeout=LIMIT,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1"
    assert len([p for p in (tmp_path / "cache").glob("store-*") if p.is_dir()]) == 2


def test_the_query_store_is_read_only_and_on_disk(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SEKOM_KG_CACHE_DIR", str(tmp_path / "cache"))
    embedded.store_at.cache_clear()
    try:
        store = api.published_store()
        assert [p for p in (tmp_path / "cache").glob("store-*") if p.is_dir()]
        quad = ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.NamedNode("urn:x:o"))
        with pytest.raises(RuntimeError, match="read-write"):
            store.add(quad)
        expected = api.run_query("01", timeout=None)
        assert api.run_query("01", timeout=60).terms == expected.terms  # in a worker
    finally:
        embedded.store_at.cache_clear()
