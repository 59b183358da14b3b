"""pyshacl-turbo (``--validator fast``) gives pyshacl's answers on our shapes, or is not used.

For the real data and for every broken fixture in ``tests/data/invalid/`` (validated with the
ontology, vocabularies and sources, as in ``test_shapes.py``) both engines must agree on
conformance and on the set of (focus node, path, value, constraint component, severity), and
also on the rendered results (shape names, messages). If pyshacl-turbo is missing or raises,
validation falls back to pyshacl.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

import pytest
from graphs import pipeline_graph
from rdflib import Graph

from sekom_kg.assembly.load import load_sources
from sekom_kg.core.errors import InputError
from sekom_kg.validation import shacl_engine
from sekom_kg.validation.validate import ValidationReport, validate_graph

ROOT = Path(__file__).resolve().parents[1]
INVALID = Path(__file__).parent / "data" / "invalid"
FIXTURES = sorted(INVALID.glob("*.ttl"))
CONTEXT = [ROOT / "ontology" / "sekom.ttl", ROOT / "data" / "vocabulary.ttl"]
CONTEXT.append(ROOT / "data" / "sources.ttl")

pytest.importorskip("pyshacl_turbo")


@cache
def shapes() -> Graph:
    return Graph().parse(ROOT / "ontology" / "shapes.ttl")


def result_set(report: ValidationReport) -> set[tuple[str | None, ...]]:
    return {
        (r.focus_node, r.result_path, r.value, r.constraint_component, r.severity)
        for r in report.results
    }


def assert_same(graph: Graph) -> ValidationReport:
    reference = validate_graph(graph, shapes(), validator="pyshacl")
    fast = validate_graph(graph, shapes(), validator="fast")
    assert (reference.engine, fast.engine) == ("pyshacl", "pyshacl-turbo")
    assert fast.conforms == reference.conforms
    assert result_set(fast) == result_set(reference)
    assert fast.results == reference.results  # also shape names and messages
    return reference


@pytest.mark.slow
def test_real_data_same_results() -> None:
    report = assert_same(pipeline_graph())
    assert report.conforms


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.stem for f in FIXTURES])
def test_fixture_same_results(fixture: Path) -> None:
    graph = Graph()
    for path in [*CONTEXT, fixture]:
        graph.parse(path)
    report = assert_same(graph)
    assert report.results, f"{fixture.name} raised no result"


def test_default_is_fast_and_env_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(shacl_engine.VALIDATOR_ENV, raising=False)
    assert shacl_engine.resolve_validator(None) == "fast"
    monkeypatch.setenv(shacl_engine.VALIDATOR_ENV, "pyshacl")
    assert shacl_engine.resolve_validator(None) == "pyshacl"
    with pytest.raises(InputError, match="unknown validator"):
        shacl_engine.resolve_validator("jena")
    monkeypatch.setenv(shacl_engine.VALIDATOR_ENV, "jena")
    with pytest.raises(InputError, match=r"^\$SEKOM_KG_VALIDATOR: unknown validator 'jena'"):
        shacl_engine.resolve_validator(None)


def test_falls_back_when_missing(monkeypatch: pytest.MonkeyPatch, mini_bundle: Path) -> None:
    monkeypatch.setitem(sys.modules, "pyshacl_turbo", None)  # import fails
    shapes = load_sources().shapes
    report = validate_graph(pipeline_graph(), shapes, validator="fast")
    assert report.engine == "pyshacl"


def test_falls_back_when_it_raises(monkeypatch: pytest.MonkeyPatch, mini_bundle: Path) -> None:
    import pyshacl_turbo

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(pyshacl_turbo, "validate", broken)
    shapes = load_sources().shapes
    report = validate_graph(pipeline_graph(), shapes, validator="fast")
    assert report.engine == "pyshacl"
    assert report.conforms
