"""The data behind the browser views: the search index, the query catalogue, network, charts.

Each function returns plain JSON-ready values (sorted, so the site stays byte-identical);
paths are relative to the site root.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from sekom_kg.core.namespaces import ORG, PROV, RDF, SCHEMA, SEKOM
from sekom_kg.site.describe import resources, year_of
from sekom_kg.site.layout import Layout
from sekom_kg.site.readable import display_labels
from sekom_kg.site.text import labels, texts
from sekom_kg.site.timeline import activities

#: Classes whose members are nodes of the network.
AGENT_CLASSES = (PROV.Agent, SCHEMA.Organization, SCHEMA.Person)
_SENTINEL = "sekomkgparameterslot"


def resource_index(graph: Graph, layout: Layout) -> list[dict[str, Any]]:
    """Every resource with a page: IRI, page, labels, kind and description in sv and en."""
    docs = []
    for number, iri in enumerate(resources(graph, layout)):
        label = display_labels(graph, iri)
        types = sorted(graph.objects(iri, RDF.type), key=str)
        kind = labels(graph, types[0]) if types else {"sv": "", "en": ""}
        about = texts(graph, iri, SCHEMA.description)
        names = sorted(str(n) for n in graph.objects(iri, SCHEMA.alternateName))
        docs.append(
            {
                "id": number,
                "iri": str(iri),
                "href": layout.page(str(iri)),
                "sv": label["sv"],
                "en": label["en"],
                "kind_sv": kind["sv"],
                "kind_en": kind["en"],
                "about_sv": about.get("sv", ""),
                "about_en": about.get("en", ""),
                "other": " ".join(names),
            }
        )
    return docs


def _split_at_where(text: str) -> tuple[str, str] | None:
    """``text`` split where the parameters' ``VALUES`` blocks go (None: no WHERE clause)."""
    from sekom_kg.sparql.queries import inject_values

    try:
        marked = inject_values(text, {_SENTINEL: Literal("x")})
    except Exception:
        return None
    block = f'\n  VALUES ?{_SENTINEL} {{ "x" }}'
    head, _, tail = marked.partition(block)
    return head, tail


def query_catalogue() -> list[dict[str, Any]]:
    """Every bundled query with its title, description, text and declared parameters."""
    from sekom_kg.sparql.queries import catalogue

    entries = []
    for query in catalogue():
        split = _split_at_where(query.text)
        entries.append(
            {
                "name": query.name,
                "title": {"en": query.title or query.name, "sv": query.title_sv or query.title},
                "about": {"en": query.description, "sv": query.description_sv or query.description},
                "text": query.text,
                "head": split[0] if split else query.text,
                "tail": split[1] if split else "",
                "params": [
                    {
                        "name": p.name,
                        "type": p.type.value,
                        "default": p.default or "",
                        "doc": p.description,
                    }
                    for p in query.parameters
                ],
            }
        )
    return entries


def country_codes(graph: Graph) -> dict[str, str]:
    """ISO code → country IRI, as a country-code parameter is bound."""
    return {
        str(code).upper(): str(country)
        for country, code in sorted(graph.subject_objects(SEKOM.countryCode))
    }


def _agents(graph: Graph, activity: Node) -> set[Node]:
    found: set[Node] = set()
    for part in graph.objects(activity, SEKOM.participation):
        for prop in (PROV.agent, SEKOM.onBehalfOf):
            found |= {a for a in graph.objects(part, prop) if isinstance(a, URIRef)}
    return found


Edges = dict[tuple[str, str, str], set[str]]


def _add_edge(edges: Edges, a: Node, b: Node, kind: str, year: str) -> None:
    if a != b:
        first, second = sorted((str(a), str(b)))
        edges.setdefault((first, second, kind), set()).update({year} if year else set())


def network(graph: Graph, layout: Layout) -> dict[str, Any]:
    """Organisations, people and collaborations, linked by shared activities, partnership
    and posts; each link with the years it is attested in."""
    edges: Edges = {}
    for activity in activities(graph, layout):
        year, agents = year_of(graph, activity), sorted(_agents(graph, activity), key=str)
        for i, a in enumerate(agents):
            for b in agents[i + 1 :]:
                _add_edge(edges, a, b, "activity", year)
            for collaboration in graph.objects(activity, SEKOM.partOfCollaboration):
                _add_edge(edges, a, collaboration, "collaboration", year)
    for collaboration, partner in graph.subject_objects(SEKOM.partner):
        _add_edge(edges, collaboration, partner, "collaboration", "")
    for membership in graph.subjects(RDF.type, ORG.Membership):
        member, org = graph.value(membership, ORG.member), graph.value(membership, ORG.organization)
        attested = graph.value(membership, SEKOM.attestedIn)
        if member is not None and org is not None:
            _add_edge(edges, member, org, "post", str(attested)[:4] if attested else "")
    kept = {iri for a, b, _ in edges for iri in (a, b) if _in_network(graph, URIRef(iri))}
    edges = {key: years for key, years in edges.items() if {key[0], key[1]} <= kept}
    ids = sorted({iri for a, b, _ in edges for iri in (a, b)})
    return {"nodes": [_node(graph, layout, iri) for iri in ids], "edges": _edges(edges)}


def _in_network(graph: Graph, node: URIRef) -> bool:
    """True for an organisation, a person (a ``prov:Agent``) or a collaboration."""
    types = set(graph.objects(node, RDF.type))
    return SEKOM.Collaboration in types or any(t in types for t in AGENT_CLASSES)


def _node(graph: Graph, layout: Layout, iri: str) -> dict[str, Any]:
    node = URIRef(iri)
    types = set(graph.objects(node, RDF.type))
    kind = (
        "collaboration"
        if SEKOM.Collaboration in types
        else "person"
        if SCHEMA.Person in types
        else "organisation"
    )
    return {"id": iri, "href": layout.page(iri), "kind": kind, **display_labels(graph, node)}


def _edges(edges: Edges) -> list[dict[str, Any]]:
    return [
        {"source": a, "target": b, "kind": kind, "years": sorted(years)}
        for (a, b, kind), years in sorted(edges.items())
    ]


def _first_label(graph: Graph, nodes: Iterable[Node], fallback: dict[str, str]) -> dict[str, str]:
    ordered = sorted(nodes, key=str)
    return labels(graph, ordered[0]) if ordered else fallback


def chart_data(graph: Graph, layout: Layout) -> list[dict[str, Any]]:
    """One row per activity: year, type, direction and collaborations (sv/en labels)."""
    unknown = {"sv": "okänd", "en": "unknown"}
    rows = []
    for activity in activities(graph, layout):
        kind = _first_label(graph, graph.objects(activity, SEKOM.activityType), unknown)
        direction = _first_label(graph, graph.objects(activity, SEKOM.direction), unknown)
        collaborations = sorted(graph.objects(activity, SEKOM.partOfCollaboration), key=str)
        rows.append(
            {
                "year": int(year_of(graph, activity)),
                "href": layout.page(str(activity)),
                "type_sv": kind["sv"],
                "type_en": kind["en"],
                "direction_sv": direction["sv"],
                "direction_en": direction["en"],
                "collaborations": [
                    {"href": layout.page(str(c)), **labels(graph, c)} for c in collaborations
                ],
            }
        )
    return rows
