"""The countries of the map: activities per country, matched to Natural Earth outlines.

The outlines are world-atlas's ``countries-50m.json`` (Natural Earth 1:50m, vendored from
npm); its countries carry their English short name and ISO 3166-1 numeric code. A country of
the graph is matched by its English name: the atlas country of that name, else the one
whose name starts with it ("United States" → "United States of America").
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.term import Node

from sekom_kg.core.namespaces import SCHEMA, SEKOM
from sekom_kg.site.layout import Layout, relative
from sekom_kg.site.text import labels
from sekom_kg.site.timeline import activities, countries_of

ATLAS = Path(__file__).parent / "vendor" / "world-atlas" / "countries-50m.json"


@dataclass(frozen=True)
class Country:
    """A country of the graph with its atlas id and the number of activities involving it."""

    atlas_id: str
    href: str
    label: dict[str, str]
    activities: int


@lru_cache(maxsize=1)
def atlas_names() -> dict[str, str]:
    """Atlas country name → ISO numeric id."""
    document = json.loads(ATLAS.read_text(encoding="utf-8"))
    geometries = document["objects"]["countries"]["geometries"]
    return {g["properties"]["name"]: str(g["id"]) for g in geometries if "id" in g}


def atlas_id(name: str) -> str | None:
    """The atlas id of the country called ``name`` in English, or None.

    >>> atlas_id("Sweden"), atlas_id("United States"), atlas_id("Atlantis")
    ('752', '840', None)
    """
    names = atlas_names()
    if name in names:
        return names[name]
    longer = sorted(n for n in names if n.startswith(name + " "))
    return names[longer[0]] if len(longer) == 1 else None


def countries(graph: Graph, layout: Layout, here: str) -> list[Country]:
    """Every country of the graph found in the atlas, with its activity count (sorted)."""
    counts: dict[Node, int] = {c: 0 for c in graph.subjects(SEKOM.countryCode, None)}
    for activity in activities(graph, layout):
        for country in countries_of(graph, activity):
            counts[country] = counts.get(country, 0) + 1
    found = []
    for country, count in counts.items():
        label = labels(graph, country)
        code = atlas_id(label["en"])
        page = layout.page(str(country)) if isinstance(country, URIRef) else None
        if code and page:
            found.append(Country(code, relative(here, page), label, count))
    return sorted(found, key=lambda c: (-c.activities, c.label["en"]))


def place_activities(graph: Graph, layout: Layout) -> dict[str, int]:
    """Place page → the number of activities located there (or in a place inside it)."""
    counts: dict[str, int] = {}
    for activity in activities(graph, layout):
        seen: set[str] = set()
        for place in graph.objects(activity, SCHEMA.location):
            for node in graph.transitive_objects(place, SCHEMA.containedInPlace):
                page = layout.page(str(node)) if isinstance(node, URIRef) else None
                if page and page not in seen:
                    seen.add(page)
                    counts[page] = counts.get(page, 0) + 1
    return counts
