"""What a reader sees instead of identifiers: labels for nodes without a name, posts, and
the activities a country page lists.

A participation or a post (``org:Membership``) has no name in the data; its label is made
from what it links: "Lars Thunberg in A joint declaration … is signed", "chair, Swedish
Eco-municipalities (2010)". A country page lists the activities the timeline's country
filter finds for it (:func:`sekom_kg.site.timeline.countries_of`).
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.term import Node

from sekom_kg.core.namespaces import ORG, PROV, RDF, SEKOM
from sekom_kg.site.layout import Layout
from sekom_kg.site.text import LABEL_PROPERTIES, labels, texts
from sekom_kg.site.timeline import activities, countries_of


def _named(graph: Graph, node: Node) -> bool:
    return any((node, prop, None) in graph for prop in LABEL_PROPERTIES)


def _year(graph: Graph, membership: Node) -> str:
    attested = graph.value(membership, SEKOM.attestedIn)
    return str(attested)[:4] if attested is not None else ""


def post_label(graph: Graph, membership: Node, with_member: bool = True) -> dict[str, str]:
    """``[member: ]post, organisation (year)`` in sv and en."""
    role, org = graph.value(membership, ORG.role), graph.value(membership, ORG.organization)
    member = graph.value(membership, ORG.member)
    year = _year(graph, membership)
    out = {}
    for lang in ("sv", "en"):
        parts = [labels(graph, n)[lang] for n in (role, org) if n is not None]
        text = ", ".join(parts) + (f" ({year})" if year else "")
        if with_member and member is not None:
            text = f"{labels(graph, member)[lang]}: {text}"
        out[lang] = text
    return out


def _participation_label(graph: Graph, part: Node) -> dict[str, str] | None:
    activity = graph.value(None, SEKOM.participation, part)
    if activity is None:
        return None
    agent = graph.value(part, PROV.agent)
    who = labels(graph, agent) if agent is not None else texts(graph, part, SEKOM.groupDescription)
    what = labels(graph, activity)
    joiner = {"sv": "i", "en": "in"}
    return {
        lang: f"{who.get(lang) or who.get('en') or who.get('sv', '')} {joiner[lang]} {what[lang]}"
        for lang in ("sv", "en")
    }


def display_labels(graph: Graph, node: Node) -> dict[str, str]:
    """:func:`labels`, or for an unnamed participation or post one made of what it links."""
    if not _named(graph, node):
        if (node, RDF.type, ORG.Membership) in graph:
            return post_label(graph, node)
        made = _participation_label(graph, node)
        if made is not None:
            return made
    return labels(graph, node)


@dataclass(frozen=True)
class Post:
    """One post of a person: its membership node, label (without the person) and year."""

    membership: Node
    label: dict[str, str]
    organisation: Node | None
    year: str


def posts(graph: Graph, person: Node) -> list[Post]:
    """The posts (``org:Membership``) of ``person``, by year then label."""
    found = []
    for m in graph.subjects(ORG.member, person):
        if (m, RDF.type, ORG.Membership) in graph:
            role = graph.value(m, ORG.role)
            label = labels(graph, role) if role is not None else post_label(graph, m, False)
            found.append(Post(m, label, graph.value(m, ORG.organization), _year(graph, m)))
    return sorted(found, key=lambda p: (p.year, p.label["en"]))


#: The last graph's activities by country: (graph, layout base, {country: activities}).
_BY_COUNTRY: list[tuple[weakref.ref[Graph], str, dict[Node, list[URIRef]]]] = []


def _by_country(graph: Graph, layout: Layout) -> dict[Node, list[URIRef]]:
    """Every activity under each country it involves (computed once per graph and layout)."""
    if _BY_COUNTRY and _BY_COUNTRY[0][0]() is graph and _BY_COUNTRY[0][1] == layout.base:
        return _BY_COUNTRY[0][2]
    index: dict[Node, list[URIRef]] = {}
    for activity in activities(graph, layout):
        for country in countries_of(graph, activity):
            index.setdefault(country, []).append(activity)
    _BY_COUNTRY[:] = [(weakref.ref(graph), layout.base, index)]
    return index


def country_activities(graph: Graph, layout: Layout, country: Node) -> list[URIRef]:
    """The activities involving ``country`` (the timeline's country filter), by date."""
    if (country, SEKOM.countryCode, None) not in graph:
        return []
    return list(_by_country(graph, layout).get(country, []))
