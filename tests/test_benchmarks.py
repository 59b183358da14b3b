"""The benchmark's smoke test: the generator is deterministic and ``--quick`` writes a table.

No timing assertions: speed is measured by ``python -m benchmarks.run``, not by the tests.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

generate = pytest.importorskip("benchmarks.generate")


def test_generator_is_deterministic(tmp_path: Path) -> None:
    first = generate.generate("7000", tmp_path / "a")
    second = generate.generate("7000", tmp_path / "b")
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert any(str(p).startswith("data/copies-") for p in files)
    for path in files:
        assert (first / path).read_bytes() == (second / path).read_bytes(), path


def test_generated_bundle_conforms_and_violations_are_reported(tmp_path: Path, use_bundle) -> None:
    from sekom_kg.assembly.load import load_sources
    from sekom_kg.validation.validate import validate_sources

    root = use_bundle(generate.generate("7000", tmp_path / "bundle"))
    assert validate_sources(load_sources()).conforms
    broken = validate_sources(load_sources([root / "violations.ttl"]))
    assert broken.counts()["violation"] == len(generate.VIOLATIONS)


def test_quick_run_writes_a_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from benchmarks import run

    monkeypatch.setattr(run, "generate", lambda size: generate.generate(size, tmp_path / size))
    out = tmp_path / "README.md"
    run.main(["--quick", "--sizes", "5000", "--out", str(out)])
    text = out.read_text(encoding="utf-8")
    assert run.BEGIN in text and run.END in text
    assert "| 5000 | validate |" in text
    query_row = next(line for line in text.splitlines() if "query 01_events_per_year" in line)
    ours, bare = query_row.split(" | ")[2], query_row.split(" | ")[6]
    assert float(ours) > 0 and float(bare) > 0  # measured together by ``pair-query``


def test_paired_timing_alternates_the_two_calls() -> None:
    from benchmarks.tasks import timed

    calls: list[str] = []
    first, second = timed(lambda: calls.append("a"), lambda: calls.append("b"), budget=0)
    assert calls == ["a", "b"] * 3
    assert first >= 0 and second >= 0


def test_bare_answers_are_read_in_full() -> None:
    from benchmarks.tasks import oxigraph
    from sekom_kg.sparql.api import run_query

    for name, form in (("01_events_per_year", "SELECT"), ("20_event_card", "CONSTRUCT")):
        answer = oxigraph("query", name)()
        ours = run_query(name, python_values=False)
        if form == "SELECT":
            assert len(answer) == len(ours.terms)
            assert all(len(row) == len(ours.variables) for row in answer)
        else:
            assert ours.graph is not None and len(answer) == len(ours.graph)


def test_queries_only_replaces_the_query_rows_and_keeps_the_rest() -> None:
    from benchmarks import run

    old = "\n".join(
        [
            "_2 CPUs; command: `x`_",
            "| real | validate | 0.074 | 60 | 6.609 | 89.2x | 0.068 | 1.09 |",
            "| real | query 01_events_per_year | 0.001 | 45 | 0.300 | 300.0x | 0.001 | 1.00 |",
            "| 1m | process: sekom-kg query 01 | 3.596 | 564 | skipped | – | skipped | – |",
        ]
    )
    rows = [
        "| real | query 01_events_per_year | 0.002 | 50 | skipped | – | 0.001 | 2.00 |",
        "| 1m | process: sekom-kg query 01 | 0.700 | 90 | skipped | – | skipped | – |",
    ]
    text = run.merged(old, rows, "re-measured")
    assert text.endswith("\n")  # the end marker stays on a line of its own
    new = text.splitlines()
    assert new[0] == "_2 CPUs; command: `x`; re-measured_"
    assert new[1] == old.splitlines()[1]
    assert (
        new[2] == "| real | query 01_events_per_year | 0.002 | 50 | 0.300 | 150.0x | 0.001 | 2.00 |"
    )
    assert new[3] == rows[1]


def test_the_plain_anchor_adds_what_the_rules_add() -> None:
    """The plain pipeline's rdflib materialiser does the rules' work (the recorded triples)."""
    from graphs import expected_rules, rdflib_sources
    from rdflib.compare import isomorphic

    from benchmarks.plain_rules import materialise

    sources = rdflib_sources()
    assert isomorphic(materialise(sources.data, sources.ontology), expected_rules("real"))
