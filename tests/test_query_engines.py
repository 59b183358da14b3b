"""The pyoxigraph query path gives rdflib's answers, and its N-Triples cache is never stale.

Every bundled query, with its defaults and with one other value per parameter, must give the
same result set on pyoxigraph (the default local engine) and on rdflib (the reference):
every term equal by its N-Triples form (``query_support.exact``), rows as multisets.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from query_support import EXAMPLE_VALUES, exact

from sekom_kg.assembly.ntriples import NTriples
from sekom_kg.sparql import api, embedded, execute, published_cache
from sekom_kg.sparql.api import bind_parameters, published_graph, published_store
from sekom_kg.sparql.oxigraph_engine import faithful_store, run_on_store
from sekom_kg.sparql.queries import catalogue, query_form

QUERIES = catalogue()
CASES = [(q, {}) for q in QUERIES] + [(q, EXAMPLE_VALUES[q.name]) for q in QUERIES if q.parameters]


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh cache folder and fresh in-process caches for each test."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(published_cache.CACHE_ENV, str(folder))
    embedded.graph_at.cache_clear()
    embedded.store_at.cache_clear()
    yield folder
    embedded.graph_at.cache_clear()
    embedded.store_at.cache_clear()


@pytest.mark.parametrize(("query", "values"), CASES, ids=[f"{q.name}-{bool(v)}" for q, v in CASES])
def test_same_results_on_both_engines(query, values) -> None:
    bindings = bind_parameters(query, values)
    fast = run_on_store(published_store(), query, bindings)
    reference = execute.run_on_rdflib(published_graph(), query, bindings)
    assert exact(fast) == exact(reference)
    assert fast.variables == reference.variables


def test_store_holds_the_published_triples() -> None:
    assert len(published_store()) == len(published_graph())


def test_store_keeps_every_published_literal_unchanged() -> None:
    """A store rewrites non-canonical typed literals; the published graph has none."""
    published = NTriples.from_rdflib(published_graph())
    assert NTriples.from_triples(published_store()).lines == published.lines


def test_a_store_that_would_change_literals_is_not_used(mini_bundle: Path) -> None:
    events = sorted((mini_bundle / "data").rglob("*.ttl"))[0]
    events.write_text(
        events.read_text(encoding="utf-8")
        + '\n<urn:x:s> <urn:x:p> "1.50"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n',
        encoding="utf-8",
    )
    assert faithful_store(NTriples.from_rdflib(published_graph()).to_bytes()) is None
    assert published_store() is None
    (value,) = api.run_text("SELECT ?o WHERE { <urn:x:s> <urn:x:p> ?o }").terms[0]
    assert str(value) == "1.50"  # answered by rdflib, as published


def test_cache_is_written_and_read_back(private_cache: Path) -> None:
    built = published_graph()
    files = list(private_cache.glob("published-*.nt"))
    assert len(files) == 1
    embedded.graph_at.cache_clear()
    again = published_graph()  # a "new process": read from the cache
    assert set(again) == set(built)


def test_changed_source_is_never_answered_from_cache(mini_bundle: Path) -> None:
    question = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    before = api.run_text(question).terms[0][0]
    events = sorted((mini_bundle / "data").rglob("*.ttl"))[0]
    events.write_text(
        events.read_text(encoding="utf-8") + "\n<urn:x:s> <urn:x:p> <urn:x:o> .\n",
        encoding="utf-8",
    )
    embedded.graph_at.cache_clear()  # a new process sees the same cache folder
    embedded.store_at.cache_clear()
    after = api.run_text(question).terms[0][0]
    assert int(after) == int(before) + 1


def test_cache_off(monkeypatch: pytest.MonkeyPatch, private_cache: Path) -> None:
    monkeypatch.setenv(published_cache.CACHE_ENV, "off")
    assert len(published_store()) == len(published_graph())
    assert not private_cache.exists()


def test_falls_back_to_rdflib_without_pyoxigraph(monkeypatch: pytest.MonkeyPatch) -> None:
    query = QUERIES[0]
    expected = exact(execute.run_on_rdflib(published_graph(), query, {}))
    monkeypatch.setitem(sys.modules, "pyoxigraph", None)
    monkeypatch.delitem(sys.modules, "sekom_kg.sparql.oxigraph_engine", raising=False)
    assert exact(execute.run_embedded(query, {})) == expected
    assert query_form(query.text, "<test>") == query.form  # rdflib's parser decides


def test_forms_agree_with_rdflib() -> None:
    from rdflib.plugins.sparql.parser import parseQuery

    from sekom_kg.sparql.queries import FORMS

    for query in QUERIES:
        assert FORMS[parseQuery(query.text)[1].name] == query.form, query.name


def test_default_path_never_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every bundled query runs on pyoxigraph by default (rdflib would raise here)."""

    def no_rdflib(*_args: object) -> None:
        raise AssertionError("fell back to rdflib")

    monkeypatch.setattr(execute, "run_on_rdflib", no_rdflib)
    for query, values in CASES:
        api.run_query(query, values)
