"""Counts over the published graph: triples, resources per class, events per year.

Every year the source has a heading for (``sekom:sectionYear``) is counted, with 0 where no
event starts in it, so the years agree with query ``01_events_per_year``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from rdflib import Graph, Literal
from rdflib.term import Node

from sekom_kg.core.namespaces import RDF, SCHEMA, SEKOM

EVENT_CLASSES = (SEKOM.Activity, SCHEMA.Event)


@dataclass
class Stats:
    """Summary numbers: ``classes`` maps class IRI → count, ``events_per_year`` year → count."""

    triples: int
    classes: dict[str, int] = field(default_factory=dict)
    events_per_year: dict[int, int] = field(default_factory=dict)
    events_undated: int = 0

    @property
    def events(self) -> int:
        """All events, dated or not."""
        return sum(self.events_per_year.values()) + self.events_undated

    def to_json(self) -> dict[str, Any]:
        """A JSON-able dict (years become string keys)."""
        data = asdict(self)
        data["events"] = self.events
        data["events_per_year"] = {str(y): n for y, n in self.events_per_year.items()}
        return data


def year_of(value: Node) -> int | None:
    """The year of an ``xsd:gYear``/``xsd:gYearMonth``/``xsd:date`` literal, else None.

    >>> from rdflib import Literal, XSD
    >>> year_of(Literal("2020-02", datatype=XSD.gYearMonth))
    2020
    """
    if not isinstance(value, Literal):
        return None
    text = str(value).strip()
    digits = text[1:] if text.startswith("-") else text
    head = digits.split("-", 1)[0]
    return int(head) if head.isdigit() and len(head) >= 4 else None


def compute_stats(graph: Graph) -> Stats:
    """Count triples, distinct instances per class and events per start year.

    The years are those of the events and of the source's year headings (0 if no event).
    """
    instances: dict[Node, set[Node]] = {}
    for subject, cls in graph.subject_objects(RDF.type):
        instances.setdefault(cls, set()).add(subject)
    classes = {
        str(cls): len(members)
        for cls, members in sorted(
            instances.items(), key=lambda item: (-len(item[1]), str(item[0]))
        )
    }
    events = set().union(*(instances.get(c, set()) for c in EVENT_CLASSES))
    per_year: Counter[int] = Counter(
        {y: 0 for y in map(year_of, graph.objects(None, SEKOM.sectionYear)) if y is not None}
    )
    undated = 0
    for event in events:
        years = {y for y in map(year_of, graph.objects(event, SCHEMA.startDate)) if y is not None}
        if years:
            per_year[min(years)] += 1
        else:
            undated += 1
    return Stats(
        triples=len(graph),
        classes=classes,
        events_per_year=dict(sorted(per_year.items())),
        events_undated=undated,
    )


def bundle_stats() -> Stats:
    """Statistics of the bundled graph (ontology + data + materialised triples)."""
    from sekom_kg.assembly.load import load_sources
    from sekom_kg.assembly.published import published_triples

    return compute_stats(published_triples(load_sources()).to_rdflib())
