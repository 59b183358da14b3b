"""Add the schema.org (and PROV) triples a consumer without a reasoner needs.

The ontology states ``sekom:Visit rdfs:subClassOf+ schema:Event`` and similar; here those
entailments are written out, so the published graph is readable through schema.org alone:

(a) ``?x a ?C . ?C rdfs:subClassOf+ ?S`` (S in schema.org)    → ``?x a ?S``
(b) ``?s ?p ?o . ?p rdfs:subPropertyOf+ ?q`` (q in schema.org) → ``?s ?q ?o``
(c) ``?e prov:qualifiedAssociation ?q . ?q prov:agent ?a``      → ``?e prov:wasAssociatedWith ?a``
    (also through sub-properties such as ``sekom:participation``);
    if also ``?q prov:hadRole ?r . ?r sekom:schemaProperty ?p`` → ``?e ?p ?a``
(d) ``?x prov:wasDerivedFrom ?src``                              → ``?x schema:subjectOf ?src``
    (the source paragraph is a CreativeWork about ``?x``), or ``schema:isBasedOn`` when ``?x``
    is itself a CreativeWork; nothing when ``?x`` has no schema.org type

Every schema.org triple these rules add is used as schema.org defines it: its subject has a
type within the property's ``schema:domainIncludes`` (subclasses counted, see
:mod:`sekom_kg.schema_vocab`); otherwise it is not added (the ontology's own term stays).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeAlias

from rdflib import Graph, URIRef
from rdflib.term import Node

from sekom_kg.namespaces import PROV, RDF, RDFS, SCHEMA, SEKOM, new_graph
from sekom_kg.ntriples import NTriples
from sekom_kg.schema_vocab import in_domain, is_a

Triple: TypeAlias = tuple[Node, Node, Node]


def triple_key(triple: Triple) -> tuple[str, str, str]:
    """A total, deterministic sort key for triples of mixed term types."""
    s, p, o = triple
    return (s.n3(), p.n3(), o.n3())


def _schema_ancestors(ontology: Graph, relation: URIRef) -> dict[Node, set[Node]]:
    """For each term with a ``relation``+ chain, the schema.org terms the chain reaches."""
    result: dict[Node, set[Node]] = {}
    for term in set(ontology.subjects(relation, None)):
        reached = ontology.transitive_objects(term, relation)
        schema = {
            t for t in reached if t is not None and t != term and str(t).startswith(str(SCHEMA))
        }
        if schema:
            result[term] = schema
    return result


def _association_properties(ontology: Graph) -> set[Node]:
    """``prov:qualifiedAssociation`` and its sub-properties (such as ``sekom:participation``)."""
    return {
        p
        for p in {PROV.qualifiedAssociation, *ontology.subjects(RDFS.subPropertyOf, None)}
        if PROV.qualifiedAssociation in set(ontology.transitive_objects(p, RDFS.subPropertyOf))
    }


def _qualified_associations(graph: Graph, ontology: Graph) -> set[Triple]:
    """Rule (c): unqualify PROV associations, adding the role's schema.org property."""
    added: set[Triple] = set()
    associations = (
        pair for prop in _association_properties(ontology) for pair in graph.subject_objects(prop)
    )
    for event, qualified in associations:
        for agent in graph.objects(qualified, PROV.agent):
            added.add((event, PROV.wasAssociatedWith, agent))
            for role in graph.objects(qualified, PROV.hadRole):
                for prop in graph.objects(role, SEKOM.schemaProperty):
                    added.add((event, prop, agent))
    return added


def _local(term: str) -> str | None:
    """The schema.org local name of an IRI (plain or as an N-Triples term), else None."""
    iri = term[1:-1] if term.startswith("<") else term
    return iri[len(SCHEMA) :] if iri.startswith(str(SCHEMA)) else None


def _provenance_property(types: set[str]) -> str | None:
    """Rule (d): the schema.org property linking a subject of ``types`` to its source."""
    if not types:
        return None
    return str(SCHEMA.isBasedOn if is_a(types, "CreativeWork") else SCHEMA.subjectOf)


def _in_domain(predicate: str, types: set[str]) -> bool:
    """Whether a triple with ``predicate`` may be added to a subject of ``types``."""
    local = _local(predicate)
    return local is None or in_domain(local, types)


def _hierarchy_triples(triples: Iterable[Triple], ontology: Graph) -> set[Triple]:
    """Rules (a), (b) and (d) applied to ``triples``."""
    classes = _schema_ancestors(ontology, RDFS.subClassOf)
    properties = _schema_ancestors(ontology, RDFS.subPropertyOf)
    added: set[Triple] = set()
    triples = list(triples)
    for s, p, o in triples:
        if p == RDF.type:
            added.update((s, RDF.type, c) for c in classes.get(o, ()))
        added.update((s, q, o) for q in properties.get(p, ()))
    types = _types([*triples, *added])
    for s, p, o in triples:
        if p == PROV.wasDerivedFrom and (prop := _provenance_property(types.get(s, set()))):
            added.add((s, URIRef(prop), o))
    return added


def _types(triples: Iterable[Triple]) -> dict[Node, set[str]]:
    """Subject → its schema.org classes (local names)."""
    types: dict[Node, set[str]] = {}
    for s, p, o in triples:
        if p == RDF.type and (local := _local(str(o))) is not None:
            types.setdefault(s, set()).add(local)
    return types


def materialised_triples(data: Graph, ontology: Graph) -> set[Triple]:
    """The triples rules (a)–(d) add to ``data`` (excluding those already present)."""
    unqualified = _qualified_associations(data, ontology)
    base = [*data, *unqualified]
    added = unqualified | _hierarchy_triples(base, ontology)
    types = _types([*data, *added])
    return {t for t in added if t not in data and _in_domain(str(t[1]), types.get(t[0], set()))}


def materialise(data: Graph, ontology: Graph) -> Graph:
    """A new graph holding only the added triples; ``data`` and ``ontology`` are unchanged.

    >>> from rdflib import Graph
    >>> onto = Graph().parse(data='''
    ...   @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ...   <urn:Visit> rdfs:subClassOf <urn:Activity> .
    ...   <urn:Activity> rdfs:subClassOf <https://schema.org/Event> .''', format="turtle")
    >>> data = Graph().parse(data="<urn:v> a <urn:Visit> .", format="turtle")
    >>> [str(o) for o in materialise(data, onto).objects()]
    ['https://schema.org/Event']
    """
    graph = new_graph()
    for triple in sorted(materialised_triples(data, ontology), key=triple_key):
        graph.add(triple)
    return graph


# The same rules for graphs too large for rdflib, on N-Triples lines: terms are compared and
# copied as text, so literals keep their exact form. tests/test_fast_pipeline.py proves both
# give the same triples.


def _edges(ontology: NTriples, relation: URIRef) -> dict[str, set[str]]:
    """Each term → the objects of its ``relation`` triples in the ontology (N-Triples terms)."""
    wanted = f"<{relation}>"
    edges: dict[str, set[str]] = {}
    for line in ontology.lines:
        subject, predicate, rest = line.split(" ", 2)
        if predicate == wanted:
            edges.setdefault(subject, set()).add(rest[:-2])
    return edges


def _reachable(edges: dict[str, set[str]], start: str) -> set[str]:
    """The terms reached from ``start`` in one or more steps."""
    seen: set[str] = set()
    stack = list(edges.get(start, ()))
    while stack:
        term = stack.pop()
        if term not in seen:
            seen.add(term)
            stack.extend(edges.get(term, ()))
    return seen


def _schema_map(ontology: NTriples, relation: URIRef) -> dict[str, set[str]]:
    """N-Triples term → its schema.org ancestors through ``relation`` (as in rule a/b)."""
    edges, schema = _edges(ontology, relation), f"<{SCHEMA}"
    found = {
        term: {t for t in _reachable(edges, term) if t != term and t.startswith(schema)}
        for term in edges
    }
    return {term: ancestors for term, ancestors in found.items() if ancestors}


def _unqualified(data: NTriples, ontology: NTriples) -> set[str]:
    """Rule (c): ``prov:wasAssociatedWith`` and the roles' schema.org properties."""
    association = f"<{PROV.qualifiedAssociation}>"
    edges = _edges(ontology, RDFS.subPropertyOf)
    associations = {p for p in edges if association in _reachable(edges, p)} | {association}
    agent, role, schema_property = (
        f"<{PROV.agent}>",
        f"<{PROV.hadRole}>",
        f"<{SEKOM.schemaProperty}>",
    )
    qualified: list[tuple[str, str]] = []
    agents: dict[str, list[str]] = {}
    roles: dict[str, list[str]] = {}
    properties: dict[str, list[str]] = {}
    for line in data.lines:
        subject, predicate, rest = line.split(" ", 2)
        if predicate in associations:
            qualified.append((subject, rest[:-2]))
        elif predicate == agent:
            agents.setdefault(subject, []).append(rest[:-2])
        elif predicate == role:
            roles.setdefault(subject, []).append(rest[:-2])
        elif predicate == schema_property and rest.startswith("<"):
            properties.setdefault(subject, []).append(rest[:-2])
    associated = f"<{PROV.wasAssociatedWith}>"
    added: set[str] = set()
    for activity, node in qualified:
        for who in agents.get(node, ()):
            added.add(f"{activity} {associated} {who} .")
            for played in roles.get(node, ()):
                for prop in properties.get(played, ()):
                    added.add(f"{activity} {prop} {who} .")
    return added


def _line_types(lines: Iterable[str]) -> dict[str, set[str]]:
    """Subject term → its schema.org classes (local names), from N-Triples lines."""
    rdf_type = f"<{RDF.type}>"
    types: dict[str, set[str]] = {}
    for line in lines:
        subject, predicate, rest = line.split(" ", 2)
        if predicate == rdf_type and (local := _local(rest[:-2])) is not None:
            types.setdefault(subject, set()).add(local)
    return types


def _hierarchy_lines(
    lines: list[str], classes: dict[str, set[str]], properties: dict[str, set[str]]
) -> set[str]:
    """Rules (a), (b) and (d) on N-Triples lines: the subject and object text is kept."""
    rdf_type, derived = f"<{RDF.type}>", f"<{PROV.wasDerivedFrom}>"
    added: set[str] = set()
    for line in lines:
        subject, predicate, rest = line.split(" ", 2)
        if predicate == rdf_type:
            for cls in classes.get(rest[:-2], ()):
                added.add(f"{subject} {rdf_type} {cls} .")
        for prop in properties.get(predicate, ()):
            added.add(f"{subject} {prop} {rest}")
    types = _line_types([*lines, *added])
    for line in lines:
        subject, predicate, rest = line.split(" ", 2)
        if predicate == derived and (link := _provenance_property(types.get(subject, set()))):
            added.add(f"{subject} <{link}> {rest}")
    return added


def materialise_ntriples(data: NTriples, ontology: NTriples) -> NTriples:
    """The triples rules (a)–(d) add to ``data`` (as :func:`materialise`), for large graphs.

    Graphs with blank nodes go through rdflib, whose canonical labels the output keeps.
    """
    if data.has_blank_nodes or ontology.has_blank_nodes:
        return NTriples.from_rdflib(materialise(data.to_rdflib(), ontology.to_rdflib()))
    unqualified = _unqualified(data, ontology)
    classes = _schema_map(ontology, RDFS.subClassOf)
    properties = _schema_map(ontology, RDFS.subPropertyOf)
    added = unqualified | _hierarchy_lines([*data.lines, *unqualified], classes, properties)
    present = set(data.lines)
    types = _line_types([*data.lines, *added])

    def kept(line: str) -> bool:
        subject, predicate, _ = line.split(" ", 2)
        return line not in present and _in_domain(predicate, types.get(subject, set()))

    return NTriples(sorted(line for line in added if kept(line)))
