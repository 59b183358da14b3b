"""The published graph: ontology + data + what the schema.org rules add."""

from __future__ import annotations

from sekom_kg.assembly.load import Sources
from sekom_kg.assembly.ntriples import NTriples, union
from sekom_kg.assembly.rules import apply_rules


def published_triples(sources: Sources) -> NTriples:
    """Ontology, data and the rules' triples: the graph that is validated and published."""
    return union(sources.ontology, sources.data, apply_rules(sources.data, sources.ontology))
