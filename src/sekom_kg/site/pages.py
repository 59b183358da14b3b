"""View models of the resource pages: property rows, incoming links, participants, evidence."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from sekom_kg.core.namespaces import PROV, RDF, SCHEMA, SEKOM
from sekom_kg.site.describe import incoming, participations_of, year_of
from sekom_kg.site.layout import Layout, relative
from sekom_kg.site.readable import country_activities, display_labels, posts
from sekom_kg.site.text import curie, n3, texts

SOURCE_URL = "https://www.sekom.se/Internationella-samarbeten"
#: The only schemes an IRI from the data is linked with (others, e.g. ``javascript:``, are text).
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
#: Shown in the page head or the participants table, not repeated in the property table.
HEAD_PROPERTIES = (SCHEMA.name, SCHEMA.description, SEKOM.participation)


@dataclass(frozen=True)
class Ref:
    """A rendered term: a link (internal, relative; or external) or a literal."""

    text: str
    href: str | None = None
    label: dict[str, str] | None = None
    lang: str | None = None
    datatype: str | None = None
    external: bool = False
    toggle: bool = False


@dataclass
class Row:
    """One property with its values."""

    prop: Ref
    values: list[Ref]


@dataclass
class Participant:
    """One participation node of an activity."""

    ref: Ref
    agent: Ref | None
    group: dict[str, str]
    role: list[Ref]
    capacity: list[Ref]
    count: str


@dataclass
class ResourcePage:
    """Everything the resource template shows."""

    path: str
    iri: str
    label: dict[str, str]
    description: dict[str, str]
    types: list[Ref]
    rows: list[Row]
    incoming: list[Row]
    activities: list[tuple[str, Ref, list[Ref]]] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)
    evidence: str | None = None
    derived_from: Ref | None = None
    posts: list[tuple[str, Ref, Ref | None]] = field(default_factory=list)
    country_activities: list[tuple[str, Ref]] = field(default_factory=list)


def linkable(iri: str) -> bool:
    """True if ``iri`` may be an external link: an ``http``, ``https`` or ``mailto`` URL.

    >>> linkable("https://example.org/x"), linkable("mailto:a@example.org")
    (True, True)
    >>> linkable("JaVaScRiPt://%0Aalert(1)"), linkable("data:text/html,x"), linkable("urn:x")
    (False, False, False)
    """
    try:
        parts = urlsplit(iri)
    except ValueError:  # e.g. an unclosed IPv6 host
        return False
    if parts.scheme.lower() not in LINK_SCHEMES:
        return False
    return parts.scheme.lower() == "mailto" or bool(parts.netloc)


class Linker:
    """Turns RDF terms into ``Ref`` values as seen from one page."""

    def __init__(
        self,
        graph: Graph,
        layout: Layout,
        here: str,
        label_cache: dict[Node, dict[str, str]] | None = None,
    ) -> None:
        self.graph, self.layout, self.here = graph, layout, here
        self.label_cache = {} if label_cache is None else label_cache

    def label(self, node: Node) -> dict[str, str]:
        """:func:`labels` of ``node``, remembered (share ``label_cache`` across pages)."""
        found = self.label_cache.get(node)
        if found is None:
            found = self.label_cache[node] = display_labels(self.graph, node)
        return found

    def term(self, node: Node, toggle: bool = False) -> Ref:
        """A link for an IRI, a text for a literal."""
        if isinstance(node, Literal):
            datatype = curie(node.datatype) if node.datatype else None
            return Ref(str(node), lang=node.language, datatype=datatype, toggle=toggle)
        target = self.layout.page(str(node)) if isinstance(node, URIRef) else None
        if target:
            href = relative(self.here, target)
            return Ref(curie(node), href=href, label=self.label(node))
        if isinstance(node, URIRef) and linkable(str(node)):
            label = self.label(node) if (node, None, None) in self.graph else None
            return Ref(curie(node), href=str(node), label=label, external=True)
        return Ref(str(node))

    def prop(self, prop: Node) -> Ref:
        """A property name linked to its documentation, with its bilingual label."""
        ref = self.term(prop)
        return Ref(ref.text, href=ref.href, label=self.label(prop), external=ref.external)

    def values(self, subject: Node, prop: Node) -> list[Ref]:
        """The values of one property, literals marked toggleable when both languages exist."""
        objects = sorted(self.graph.objects(subject, prop), key=n3)
        langs = {o.language for o in objects if isinstance(o, Literal)}
        toggle = {"sv", "en"} <= langs
        return [self.term(o, toggle=toggle and isinstance(o, Literal)) for o in objects]


def _rows(linker: Linker, iri: URIRef) -> list[Row]:
    props = sorted(set(linker.graph.predicates(iri)) - {*HEAD_PROPERTIES, RDF.type}, key=str)
    return [Row(linker.prop(p), linker.values(iri, p)) for p in props]


def _count(graph: Graph, part: Node) -> str:
    count = graph.value(part, SEKOM.count)
    quantifier = graph.value(part, SEKOM.quantifier)
    parts = [str(count)] if count is not None else []
    if quantifier is not None:
        parts.append(display_labels(graph, quantifier)["en"])
    return " · ".join(parts)


def _participants(linker: Linker, iri: URIRef) -> list[Participant]:
    graph = linker.graph
    result = []
    for part in sorted(graph.objects(iri, SEKOM.participation), key=n3):
        agent = graph.value(part, PROV.agent)
        result.append(
            Participant(
                ref=linker.term(part),
                agent=linker.term(agent) if agent is not None else None,
                group=texts(graph, part, SEKOM.groupDescription),
                role=[linker.term(r) for r in sorted(graph.objects(part, PROV.hadRole), key=n3)],
                capacity=[
                    linker.term(c) for c in sorted(graph.objects(part, SEKOM.capacity), key=n3)
                ],
                count=_count(graph, part),
            )
        )
    return result


def _activities(linker: Linker, iri: URIRef) -> list[tuple[str, Ref, list[Ref]]]:
    """One row per activity (the roles of all its participations together), by year."""
    graph = linker.graph
    roles: dict[Node, set[Node]] = {}
    for activity, part in participations_of(graph, iri):
        roles.setdefault(activity, set()).update(graph.objects(part, PROV.hadRole))
    rows = [
        (year_of(graph, a), linker.term(a), [linker.term(r) for r in sorted(rs, key=n3)])
        for a, rs in roles.items()
    ]
    return sorted(rows, key=lambda row: (row[0], row[1].text))


def _posts(linker: Linker, iri: URIRef) -> list[tuple[str, Ref, Ref | None]]:
    """(year, the post as a link to its page, the organisation) for each post of a person."""
    rows = []
    for post in posts(linker.graph, iri):
        ref = linker.term(post.membership)
        ref = Ref(ref.text, href=ref.href, label=post.label)
        org = linker.term(post.organisation) if post.organisation is not None else None
        rows.append((post.year, ref, org))
    return rows


def _listed(graph: Graph, iri: URIRef) -> set[str]:
    """The activities, participations and posts of ``iri`` its page lists in tables."""
    pairs = list(participations_of(graph, iri))
    shown = {str(node) for pair in pairs for node in pair}
    return shown | {str(p.membership) for p in posts(graph, iri)}


def _incoming(linker: Linker, iri: URIRef, shown: set[str]) -> list[Row]:
    """Incoming links, without those to activities, participations and posts listed above."""
    rows = []
    for prop, subjects in incoming(linker.graph, iri, linker.layout).items():
        refs = [linker.term(s) for s in subjects if str(s) not in shown]
        if refs:
            rows.append(Row(linker.prop(prop), refs))
    return rows


def resource_page(
    graph: Graph,
    layout: Layout,
    iri: URIRef,
    label_cache: dict[Node, dict[str, str]] | None = None,
) -> ResourcePage:
    """The view model of the page of ``iri`` (``label_cache``: see :class:`Linker`)."""
    path = layout.page(str(iri)) or ""
    linker = Linker(graph, layout, path, label_cache)
    evidence = graph.value(iri, SEKOM.evidence)
    derived = graph.value(iri, PROV.wasDerivedFrom)
    in_country = country_activities(graph, layout, iri)
    return ResourcePage(
        path=path,
        iri=str(iri),
        label=display_labels(graph, iri),
        description=texts(graph, iri, SCHEMA.description),
        types=[linker.term(t) for t in sorted(graph.objects(iri, RDF.type), key=n3)],
        rows=_rows(linker, iri),
        incoming=_incoming(linker, iri, _listed(graph, iri)),
        activities=_activities(linker, iri),
        participants=_participants(linker, iri),
        evidence=str(evidence) if evidence is not None else None,
        derived_from=linker.term(derived) if derived is not None else None,
        posts=_posts(linker, iri),
        country_activities=[(year_of(graph, a), linker.term(a)) for a in in_country],
    )
