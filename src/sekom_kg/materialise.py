"""Add the schema.org (and PROV) triples a consumer without a reasoner needs.

The ontology states ``sekom:Visit rdfs:subClassOf+ schema:Event`` and similar; here those
entailments are written out, so the published graph is readable through schema.org alone:

(a) ``?x a ?C . ?C rdfs:subClassOf+ ?S`` (S in schema.org)    → ``?x a ?S``
(b) ``?s ?p ?o . ?p rdfs:subPropertyOf+ ?q`` (q in schema.org) → ``?s ?q ?o``
(c) ``?e prov:qualifiedAssociation ?q . ?q prov:agent ?a``      → ``?e prov:wasAssociatedWith ?a``
    (also through sub-properties such as ``sekom:participation``);
    if also ``?q prov:hadRole ?r . ?r sekom:schemaProperty ?p`` → ``?e ?p ?a``
(d) ``?x prov:wasDerivedFrom ?src``                              → ``?x schema:isBasedOn ?src``
    (the source paragraph, for consumers that read schema.org only)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeAlias

from rdflib import Graph, URIRef
from rdflib.term import Node

from sekom_kg.namespaces import PROV, RDF, RDFS, SCHEMA, SEKOM, new_graph
from sekom_kg.ntriples import NTriples

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
        schema = {t for t in reached if t != term and str(t).startswith(str(SCHEMA))}
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


# Terms of other vocabularies that schema.org readers should also see (rule d).
SCHEMA_EQUIVALENTS: dict[URIRef, URIRef] = {PROV.wasDerivedFrom: SCHEMA.isBasedOn}


def _hierarchy_triples(triples: Iterable[Triple], ontology: Graph) -> set[Triple]:
    """Rules (a), (b) and (d) applied to ``triples``."""
    classes = _schema_ancestors(ontology, RDFS.subClassOf)
    properties = _schema_ancestors(ontology, RDFS.subPropertyOf)
    added: set[Triple] = set()
    for s, p, o in triples:
        if p == RDF.type:
            added.update((s, RDF.type, c) for c in classes.get(o, ()))
        added.update((s, q, o) for q in properties.get(p, ()))
        if p in SCHEMA_EQUIVALENTS:
            added.add((s, SCHEMA_EQUIVALENTS[p], o))
    return added


def materialised_triples(data: Graph, ontology: Graph) -> set[Triple]:
    """The triples rules (a)–(d) add to ``data`` (excluding those already present)."""
    unqualified = _qualified_associations(data, ontology)
    base = [*data, *unqualified]
    added = unqualified | _hierarchy_triples(base, ontology)
    return {t for t in added if t not in data}


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


# The same rules for graphs too large for rdflib: the joins of rule (c) by pyoxigraph, the
# rest on N-Triples lines (a pyoxigraph store would rewrite typed literals such as
# "64.200"^^xsd:decimal or xsd:nonNegativeInteger into their canonical forms).
# tests/test_materialise.py proves both give the same triples.
_ONTOLOGY, _DATA = "urn:x-sekom-kg:ontology", "urn:x-sekom-kg:data"


def _schema_map(store: Any, relation: URIRef) -> dict[str, set[str]]:
    """N-Triples term → its schema.org ancestors through ``relation``+ (as in rule a/b)."""
    rows = store.query(
        f"SELECT DISTINCT ?t ?a WHERE {{ GRAPH <{_ONTOLOGY}> {{ ?t <{relation}>+ ?a }} "
        f'FILTER(?t != ?a && STRSTARTS(STR(?a), "{SCHEMA}")) }}'
    )
    found: dict[str, set[str]] = {}
    for row in rows:
        found.setdefault(str(row["t"]), set()).add(str(row["a"]))
    return found


def _unqualified(store: Any) -> NTriples:
    """Rule (c) by SPARQL: only IRIs are read back, so nothing is rewritten."""
    found = store.query(
        f"SELECT DISTINCT ?p WHERE {{ GRAPH <{_ONTOLOGY}> "
        f"{{ ?p <{RDFS.subPropertyOf}>+ <{PROV.qualifiedAssociation}> }} }}"
    )
    associations = {str(r["p"]) for r in found} | {f"<{PROV.qualifiedAssociation}>"}
    query = (
        f"CONSTRUCT {{ ?e <{PROV.wasAssociatedWith}> ?a . ?e ?property ?a . }} WHERE {{ "
        f"VALUES ?association {{ {' '.join(sorted(associations))} }} GRAPH <{_DATA}> {{ "
        f"?e ?association ?q . ?q <{PROV.agent}> ?a . OPTIONAL {{ ?q <{PROV.hadRole}> ?role . "
        f"?role <{SEKOM.schemaProperty}> ?property FILTER(isIRI(?property)) }} }} }}"
    )
    return NTriples.from_triples(store.query(query))


def _hierarchy_lines(
    lines: list[str], classes: dict[str, set[str]], properties: dict[str, set[str]]
) -> set[str]:
    """Rules (a), (b) and (d) on N-Triples lines: the subject and object text is kept."""
    rdf_type = f"<{RDF.type}>"
    for p, q in SCHEMA_EQUIVALENTS.items():
        properties.setdefault(f"<{p}>", set()).add(f"<{q}>")
    added: set[str] = set()
    for line in lines:
        subject, predicate, rest = line.split(" ", 2)
        if predicate == rdf_type:
            for cls in classes.get(rest[:-2], ()):
                added.add(f"{subject} {rdf_type} {cls} .")
        for prop in properties.get(predicate, ()):
            added.add(f"{subject} {prop} {rest}")
    return added


def materialise_ntriples(data: NTriples, ontology: NTriples) -> NTriples:
    """The triples rules (a)–(d) add to ``data`` (as :func:`materialise`), for large graphs.

    Graphs with blank nodes go through rdflib, whose canonical labels the output keeps.
    """
    if data.has_blank_nodes or ontology.has_blank_nodes:
        return NTriples.from_rdflib(materialise(data.to_rdflib(), ontology.to_rdflib()))
    import pyoxigraph as ox

    store = ox.Store()
    for part, name in ((ontology, _ONTOLOGY), (data, _DATA)):
        target = ox.NamedNode(name)
        store.bulk_load(part.to_bytes(), format=ox.RdfFormat.N_TRIPLES, to_graph=target)
    unqualified = _unqualified(store)
    classes = _schema_map(store, RDFS.subClassOf)
    properties = _schema_map(store, RDFS.subPropertyOf)
    present = set(data.lines)
    added = set(unqualified.lines)
    added |= _hierarchy_lines([*data.lines, *unqualified.lines], classes, properties)
    return NTriples(sorted(line for line in added if line not in present))
