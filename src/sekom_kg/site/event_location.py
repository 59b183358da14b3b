"""An event page's JSON-LD with its locations embedded, as search engines read events.

Google's Event rich results need ``location`` as a ``Place`` with a name (and address parts)
or a ``VirtualLocation``, inside the page's JSON-LD, not a bare IRI. The page's document is
the resource's JSON-LD file; here each ``schema:location`` reference of the event is replaced
by the place's own description from the published graph: its type, names, and an address
made only of what the data has (``addressLocality`` of a city, ``addressRegion`` of an
administrative area, the ISO code of the country through ``schema:containedInPlace``), or a
virtual location's names and url. Nothing is invented: an event without a place in the data
gets no location.
"""

from __future__ import annotations

import json
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from sekom_kg.core.namespaces import RDF, SCHEMA, SEKOM

LOCATION = "schema:location"
#: (schema.org class, PostalAddress property) for the levels an address is made of.
LEVELS = (
    (SCHEMA.City, "schema:addressLocality"),
    (SCHEMA.AdministrativeArea, "schema:addressRegion"),
)


def _names(graph: Graph, node: Node) -> list[dict[str, str] | str]:
    names = sorted(
        (o for o in graph.objects(node, SCHEMA.name) if isinstance(o, Literal)),
        key=lambda o: (o.language or "", str(o)),
    )
    found: list[dict[str, str] | str] = []
    for name in names:
        if name.language:
            found.append({"@language": name.language, "@value": str(name)})
        else:
            found.append(str(name))
    return found


def _english(graph: Graph, node: Node) -> str | None:
    names = [o for o in graph.objects(node, SCHEMA.name) if isinstance(o, Literal)]
    ranked = sorted((o.language != "en", str(o)) for o in names)
    return ranked[0][1] if ranked else None


def _places_up(graph: Graph, place: Node) -> list[Node]:
    """``place`` and the places that contain it (``schema:containedInPlace``+), nearest first."""
    chain, seen = [place], {place}
    while (parent := graph.value(chain[-1], SCHEMA.containedInPlace)) is not None:
        if parent in seen:
            break
        chain.append(parent)
        seen.add(parent)
    return chain


def address(graph: Graph, place: Node) -> dict[str, str] | None:
    """A PostalAddress of the parts the data gives for ``place``, or None."""
    parts: dict[str, str] = {}
    for node in _places_up(graph, place):
        types = set(graph.objects(node, RDF.type))
        for cls, key in LEVELS:
            name = _english(graph, node)
            if cls in types and key not in parts and name:
                parts[key] = name
        code = graph.value(node, SEKOM.countryCode)
        if SCHEMA.Country in types and code is not None and "schema:addressCountry" not in parts:
            parts["schema:addressCountry"] = str(code).upper()
    return {"@type": "schema:PostalAddress", **parts} if parts else None


def location(graph: Graph, place: URIRef) -> dict[str, Any]:
    """The embedded description of one location of an event."""
    types = sorted(str(t) for t in graph.objects(place, RDF.type) if str(t).startswith(SCHEMA))
    node: dict[str, Any] = {"@id": str(place), "@type": types, "schema:name": _names(graph, place)}
    if URIRef(SCHEMA.VirtualLocation) in set(graph.objects(place, RDF.type)):
        urls = sorted(str(u) for u in graph.objects(place, SCHEMA.url))
        if urls:
            node["schema:url"] = [{"@id": u} for u in urls]
        return node
    postal = address(graph, place)
    if postal is not None:
        node["schema:address"] = postal
    return node


def page_jsonld(text: str, graph: Graph, iri: URIRef) -> dict[str, Any] | None:
    """The page document with the event's locations embedded; None if ``iri`` has none."""
    places = sorted(p for p in graph.objects(iri, SCHEMA.location) if isinstance(p, URIRef))
    if (iri, RDF.type, SCHEMA.Event) not in graph or not places:
        return None
    document: dict[str, Any] = json.loads(text)
    nodes = document.get("@graph", [document])
    embedded = [location(graph, place) for place in places]
    for node in nodes:
        if LOCATION in node and _expand(node.get("@id", ""), document) == str(iri):
            node[LOCATION] = embedded
    return document


def _expand(value: str, document: dict[str, Any]) -> str:
    """A compact IRI of the document's context, expanded."""
    prefix, _, local = value.partition(":")
    context = document.get("@context", {})
    namespace = context.get(prefix) if isinstance(context, dict) else None
    return namespace + local if isinstance(namespace, str) and not local.startswith("//") else value
