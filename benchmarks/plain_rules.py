"""The schema.org rules written with plain rdflib: the plain pipeline's anchor in the
benchmarks (what ``ontology/rules/*.rq`` do, in the Python of sekom-kg's first releases).
``tests/test_benchmarks.py`` checks that it adds the triples the rules add."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import TypeAlias

from rdflib import Graph, URIRef
from rdflib.term import Node

from sekom_kg.assembly import schema_vocab
from sekom_kg.core.namespaces import PROV, RDF, RDFS, SCHEMA, SEKOM, new_graph

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
    """A new graph holding only the added triples; ``data`` and ``ontology`` are unchanged."""
    graph = new_graph()
    for triple in sorted(materialised_triples(data, ontology), key=triple_key):
        graph.add(triple)
    return graph


@cache
def ancestors(cls: str) -> frozenset[str]:
    """``cls`` and every schema.org class above it (local names)."""
    parents: dict[str, list[str]] = schema_vocab.document()["parents"]
    seen, stack = {cls}, list(parents.get(cls, ()))
    while stack:
        parent = stack.pop()
        if parent not in seen:
            seen.add(parent)
            stack.extend(parents.get(parent, ()))
    return frozenset(seen)


def is_a(classes: set[str], wanted: str) -> bool:
    """Whether one of ``classes`` (local names) is ``wanted`` or a subclass of it."""
    return any(wanted in ancestors(cls) for cls in classes)


def in_domain(prop: str, classes: set[str]) -> bool:
    """Whether a subject of the schema.org ``classes`` may carry ``prop`` (local names)."""
    domains = set(schema_vocab.document()["domains"].get(prop, ()))
    return any(domains & ancestors(cls) for cls in classes)
