"""Oracles for the pipeline's graphs, made without the pipeline's own code.

- :func:`rdflib_sources`: the active bundle's files parsed by rdflib itself (not pyoxigraph);
- :func:`expected_rules`: the triples the schema.org rules add, as recorded in
  ``tests/expected/rules/`` (``real.nt`` for the real data, ``fixture.nt`` for
  ``tests/data/bundle``); regenerate with ``python tests/expected/rules/regenerate.py`` after
  a deliberate change to the data or the rules, and review the diff;
- :func:`expected_published`: ontology + data + those triples, the graph every output must hold.

:func:`pipeline_graph` is the pipeline's own published graph, as an rdflib graph.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from rdflib import Graph

from sekom_kg.assembly.load import data_files, load_sources
from sekom_kg.assembly.published import published_triples
from sekom_kg.core import resources

EXPECTED_RULES = Path(__file__).parent / "expected" / "rules"


class RdflibSources(NamedTuple):
    ontology: Graph
    data: Graph
    shapes: Graph


def parse(*paths: Path) -> Graph:
    """``paths`` parsed by rdflib into one graph (format from the suffix)."""
    graph = Graph()
    for path in paths:
        graph.parse(path, format="nt" if path.suffix == ".nt" else "turtle")
    return graph


def rdflib_sources(extra: Sequence[Path] = ()) -> RdflibSources:
    """The active bundle (and ``extra`` data files) parsed by rdflib."""
    return RdflibSources(
        ontology=parse(resources.ontology_path()),
        data=parse(*data_files(), *extra),
        shapes=parse(resources.shapes_path()),
    )


def expected_rules(name: str) -> Graph:
    """The recorded output of the rules for bundle ``name`` (``real`` or ``fixture``)."""
    return parse(EXPECTED_RULES / f"{name}.nt")


def expected_published(name: str = "real") -> Graph:
    """Ontology + data (parsed by rdflib) + the recorded rule output for bundle ``name``."""
    sources = rdflib_sources()
    graph = Graph()
    for part in (sources.ontology, sources.data, expected_rules(name)):
        graph += part
    return graph


def pipeline_graph(extra: Sequence[str | Path] = ()) -> Graph:
    """The pipeline's published graph (ontology + data + rules), as an rdflib graph."""
    return published_triples(load_sources(extra)).to_rdflib()
