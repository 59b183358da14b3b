"""The timeline: every activity by year, with the facets the page filters on.

An activity involves a country when its location is (in) that country, when a participant,
the organisation a participant represented or an unnamed group is from it, or when one of its
collaborations has it as partner country.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.term import Node

from sekom_kg.core.namespaces import PROV, SCHEMA, SEKOM
from sekom_kg.site.describe import year_of
from sekom_kg.site.layout import Layout, relative
from sekom_kg.site.text import labels, local_name, texts


@dataclass(frozen=True)
class Facet:
    """One option of a filter select."""

    key: str
    label: dict[str, str]


@dataclass
class Item:
    """One activity on the timeline."""

    href: str
    date: str
    label: dict[str, str]
    description: dict[str, str]
    countries: list[str]
    types: list[str]
    collaborations: list[str]


@dataclass
class Timeline:
    """Years (with their items, possibly none) and the three facets."""

    years: list[tuple[str, list[Item]]]
    countries: list[Facet]
    types: list[Facet]
    collaborations: list[Facet]


def _country_of_place(graph: Graph, place: Node) -> set[Node]:
    found: set[Node] = set()
    for node in graph.transitive_objects(place, SCHEMA.containedInPlace):
        if node is not None and (node, SEKOM.countryCode, None) in graph:
            found.add(node)
    return found


def countries_of(graph: Graph, activity: Node) -> set[Node]:
    """Every country ``activity`` involves (see the module docstring)."""
    found: set[Node] = set()
    for place in graph.objects(activity, SCHEMA.location):
        found |= _country_of_place(graph, place)
    for part in graph.objects(activity, SEKOM.participation):
        found |= set(graph.objects(part, SEKOM.fromCountry))
        for prop in (PROV.agent, SEKOM.onBehalfOf):
            for agent in graph.objects(part, prop):
                found |= set(graph.objects(agent, SEKOM.country))
    for collaboration in graph.objects(activity, SEKOM.partOfCollaboration):
        found |= set(graph.objects(collaboration, SEKOM.partnerCountry))
    return found


def activities(graph: Graph, layout: Layout) -> list[URIRef]:
    """Every dated ``schema:Event`` with a page, sorted by date then IRI."""
    found = {
        e
        for e in graph.subjects(None, None)
        if isinstance(e, URIRef)
        and (e, SCHEMA.startDate, None) in graph
        and layout.page(str(e))
        and (e, None, SCHEMA.Event) in graph
    }
    return sorted(found, key=lambda e: (str(graph.value(e, SCHEMA.startDate)), str(e)))


def _facets(graph: Graph, nodes: set[Node]) -> list[Facet]:
    facets = [Facet(local_name(n), labels(graph, n)) for n in sorted(nodes, key=str)]
    return sorted(facets, key=lambda f: (f.label["en"].lower(), f.key))


def _years(graph: Graph, items: dict[str, list[Item]]) -> list[str]:
    years = set(items) | {str(y)[:4] for y in graph.objects(None, SEKOM.sectionYear)}
    numbers = sorted(int(y) for y in years if y.isdigit())
    return [str(y) for y in range(numbers[0], numbers[-1] + 1)] if numbers else []


def timeline(graph: Graph, layout: Layout, here: str) -> Timeline:
    """The timeline as seen from the page ``here``."""
    by_year: dict[str, list[Item]] = {}
    all_countries: set[Node] = set()
    all_types: set[Node] = set()
    all_collaborations: set[Node] = set()
    for event in activities(graph, layout):
        countries = countries_of(graph, event)
        types = set(graph.objects(event, SEKOM.activityType))
        collaborations = set(graph.objects(event, SEKOM.partOfCollaboration))
        all_countries |= countries
        all_types |= types
        all_collaborations |= collaborations
        item = Item(
            href=relative(here, layout.page(str(event)) or ""),
            date=str(graph.value(event, SCHEMA.startDate)),
            label=labels(graph, event),
            description=texts(graph, event, SCHEMA.description),
            countries=sorted(local_name(c) for c in countries),
            types=sorted(local_name(t) for t in types),
            collaborations=sorted(local_name(c) for c in collaborations),
        )
        by_year.setdefault(year_of(graph, event), []).append(item)
    return Timeline(
        years=[(y, by_year.get(y, [])) for y in _years(graph, by_year)],
        countries=_facets(graph, all_countries),
        types=_facets(graph, all_types),
        collaborations=_facets(graph, all_collaborations),
    )
