"""Re-mint resource IRIs under a publisher's own base; ontology terms never change.

>>> from rdflib import Graph, URIRef
>>> g = Graph()
>>> _ = g.add((URIRef("https://w3id.org/sekom/id/org/sekom"),
...            URIRef("https://w3id.org/sekom/ontology#partner"),
...            URIRef("https://w3id.org/sekom/vocab/role/host")))
>>> [str(t) for t in next(iter(remint(g, "https://example.org/kg/")))]
['https://example.org/kg/id/org/sekom', 'https://w3id.org/sekom/ontology#partner', 'https://example.org/kg/vocab/role/host']
"""

from __future__ import annotations

from typing import cast

from rdflib import Graph, URIRef
from rdflib.term import IdentifiedNode, Node

from sekom_kg import urls
from sekom_kg.errors import ConfigError
from sekom_kg.namespaces import BASE, ONTOLOGY_PREFIX, new_graph
from sekom_kg.ntriples import NTriples


def check_base(base: str, what: str = "base IRI") -> str:
    """Return ``base`` if it is a valid base IRI, else raise ConfigError naming the reason.

    A base is an absolute http(s) IRI with a host, ending in ``/``, without user-info,
    query, fragment, dot segments, spaces or control characters (see :mod:`sekom_kg.urls`).
    """
    return urls.check_base(base, what, error=ConfigError)


def remint_term(term: Node, new_base: str, old_base: str = BASE) -> Node:
    """Re-mint one term: IRIs under ``old_base`` but outside the ontology get ``new_base``."""
    if isinstance(term, URIRef):
        iri = str(term)
        if iri.startswith(old_base) and not iri.startswith(ONTOLOGY_PREFIX):
            return URIRef(new_base + iri[len(old_base) :])
    return term


def remint(graph: Graph, new_base: str, old_base: str = BASE) -> Graph:
    """A copy of ``graph`` with every sekom resource IRI moved from ``old_base`` to ``new_base``."""
    new_base = check_base(new_base)
    identifier = remint_term(graph.identifier, new_base, old_base)
    result = new_graph(base=new_base, identifier=cast(IdentifiedNode, identifier))
    for s, p, o in graph:
        result.add(
            (
                remint_term(s, new_base, old_base),
                remint_term(p, new_base, old_base),
                remint_term(o, new_base, old_base),
            )
        )
    return result


def _remint_token(token: str, new_base: str, old_base: str) -> str:
    """One N-Triples IRI token (``<…>``) re-minted as :func:`remint_term` does."""
    iri = token[1:-1]
    if iri.startswith(old_base) and not iri.startswith(ONTOLOGY_PREFIX):
        return f"<{new_base}{iri[len(old_base) :]}>"
    return token


def remint_ntriples(graph: NTriples, new_base: str, old_base: str = BASE) -> NTriples:
    """:func:`remint` on N-Triples lines: IRIs and datatype IRIs move, literal text never."""
    new_base = check_base(new_base)

    def move(token: str) -> str:
        return _remint_token(token, new_base, old_base) if token.startswith("<") else token

    lines = []
    for line in graph.lines:
        subject, predicate, rest = line.split(" ", 2)
        obj = rest[:-2]
        if obj.startswith('"') and obj.endswith(">") and '"^^<' in obj:
            lexical, _, datatype = obj.rpartition("^^")
            obj = f"{lexical}^^{move(datatype)}"
        else:
            obj = move(obj)
        lines.append(f"{move(subject)} {move(predicate)} {obj} .")
    return NTriples.from_lines(lines)
