"""Bilingual labels for resources and properties, and compact names for other IRIs.

>>> from rdflib import Graph, Literal, URIRef
>>> g = Graph()
>>> x = URIRef("https://w3id.org/sekom/id/org/a")
>>> g.add((x, SCHEMA.name, Literal("A sv", lang="sv")))  # doctest: +ELLIPSIS
<Graph ...>
>>> labels(g, x)
{'sv': 'A sv', 'en': 'A sv'}
>>> curie(URIRef("https://schema.org/startDate"))
'schema:startDate'
"""

from __future__ import annotations

from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from sekom_kg.core.namespaces import DCTERMS, RDFS, SCHEMA, SH, SKOS, prefixes

LANGS = ("sv", "en")
LABEL_PROPERTIES = (SCHEMA.name, RDFS.label, SKOS.prefLabel, SH.name, DCTERMS.title)

#: Labels for the common properties of reused vocabularies (the ontology labels its own).
KNOWN: dict[str, tuple[str, str]] = {
    "rdf:type": ("typ", "type"),
    "schema:name": ("namn", "name"),
    "schema:alternateName": ("alternativt namn", "alternate name"),
    "schema:description": ("beskrivning", "description"),
    "schema:startDate": ("datum", "date"),
    "schema:location": ("plats", "location"),
    "schema:latitude": ("latitud", "latitude"),
    "schema:longitude": ("longitud", "longitude"),
    "schema:containedInPlace": ("ligger i", "contained in place"),
    "schema:sameAs": ("samma som (schema)", "same as (schema)"),
    "owl:sameAs": ("samma som", "same as"),
    "schema:url": ("webbplats", "web site"),
    "schema:funder": ("finansiär", "funder"),
    "schema:fundedItem": ("finansierar", "funded item"),
    "schema:isPartOf": ("del av", "is part of"),
    "schema:hasPart": ("har del", "has part"),
    "schema:position": ("position", "position"),
    "schema:attendee": ("deltagare", "attendee"),
    "schema:organizer": ("arrangör", "organizer"),
    "schema:performer": ("medverkande", "performer"),
    "schema:publisher": ("utgivare", "publisher"),
    "schema:about": ("handlar om", "about"),
    "schema:areaServed": ("verksamhetsområde", "area served"),
    "schema:memberOf": ("medlem i", "member of"),
    "schema:member": ("medlem", "member"),
    "schema:abstract": ("sammanfattning", "abstract"),
    "schema:inLanguage": ("språk", "language"),
    "dcterms:source": ("källa", "source"),
    "dcterms:date": ("datum", "date"),
    "dcterms:publisher": ("utgivare", "publisher"),
    "dcterms:bibliographicCitation": ("referens", "citation"),
    "prov:wasDerivedFrom": ("härledd från", "derived from"),
    "prov:agent": ("aktör", "agent"),
    "prov:hadRole": ("roll", "role"),
    "prov:wasAssociatedWith": ("associerad med", "associated with"),
    "prov:qualifiedAssociation": ("deltagande (PROV)", "qualified association"),
    "org:member": ("medlem", "member"),
    "org:organization": ("organisation", "organisation"),
    "org:role": ("post", "post"),
    "skos:prefLabel": ("föredragen term", "preferred label"),
    "skos:definition": ("definition", "definition"),
    "skos:inScheme": ("i begreppsschema", "in scheme"),
    "skos:topConceptOf": ("toppbegrepp i", "top concept of"),
    "skos:hasTopConcept": ("toppbegrepp", "top concept"),
    "skos:editorialNote": ("redaktionell anmärkning", "editorial note"),
    "rdfs:label": ("etikett", "label"),
    "rdfs:comment": ("kommentar", "comment"),
}


def n3(node: Node) -> str:
    """A total sort key for RDF terms of mixed kinds and languages."""
    return node.n3()


def curie(iri: Node) -> str:
    """``prefix:local`` for IRIs in a known namespace, else the IRI itself."""
    return _curie(str(iri))


@lru_cache(maxsize=65536)
def _curie(text: str) -> str:
    best = ("", "")
    for prefix, namespace in prefixes().items():
        if text.startswith(namespace) and len(namespace) > len(best[1]):
            best = (prefix, namespace)
    return f"{best[0]}:{text[len(best[1]) :]}" if best[1] else text


def local_name(iri: Node) -> str:
    """The part after the last ``#`` or ``/``."""
    text = str(iri).rstrip("/")
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def labels(graph: Graph, node: Node) -> dict[str, str]:
    """The Swedish and English label of ``node`` (each falls back to the other, then a name)."""
    found: dict[str, str] = {}
    plain: list[str] = []
    for prop in LABEL_PROPERTIES:
        for value in sorted(graph.objects(node, prop), key=n3):
            if isinstance(value, Literal):
                if value.language in LANGS:
                    found.setdefault(value.language, str(value))
                elif not value.language:
                    plain.append(str(value))
        if found:
            break
    if isinstance(node, URIRef) and (known := KNOWN.get(curie(node))):
        found.setdefault("sv", known[0])
        found.setdefault("en", known[1])
    fallback = found.get("en") or found.get("sv") or (plain[0] if plain else local_name(node))
    return {lang: found.get(lang, fallback) for lang in LANGS}


def texts(graph: Graph, node: Node, prop: URIRef) -> dict[str, str]:
    """The ``@sv``/``@en`` values of one literal property (first of each, sorted)."""
    found: dict[str, str] = {}
    for value in sorted(graph.objects(node, prop), key=n3):
        if isinstance(value, Literal) and value.language in LANGS:
            found.setdefault(value.language, str(value))
    return found
