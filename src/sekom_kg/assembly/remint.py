"""Re-mint resource IRIs under a publisher's own base; ontology terms never change.

>>> from sekom_kg.assembly.ntriples import NTriples
>>> graph = NTriples.from_bytes(
...     b"<https://w3id.org/sekom/id/org/sekom> <https://w3id.org/sekom/ontology#partner> "
...     b"<https://w3id.org/sekom/vocab/role/host> .\\n"
... )
>>> remint(graph, "https://example.org/kg/").lines  # doctest: +NORMALIZE_WHITESPACE
['<https://example.org/kg/id/org/sekom> <https://w3id.org/sekom/ontology#partner>
  <https://example.org/kg/vocab/role/host> .']
"""

from __future__ import annotations

from typing import cast

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.term import Node

from sekom_kg.assembly.ntriples import NTriples
from sekom_kg.core import urls
from sekom_kg.core.errors import ConfigError
from sekom_kg.core.namespaces import BASE, ONTOLOGY_PREFIX

_Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
_Subject = ox.NamedNode | ox.BlankNode | ox.Triple


def check_base(base: str, what: str = "base IRI") -> str:
    """Return ``base`` if it is a valid base IRI, else raise ConfigError naming the reason.

    A base is an absolute http(s) IRI with a host, ending in ``/``, without user-info,
    query, fragment, dot segments, spaces or control characters (see :mod:`sekom_kg.core.urls`).
    """
    return urls.check_base(base, what, error=ConfigError)


def remint_iri(iri: str, new_base: str, old_base: str = BASE) -> str:
    """``iri`` under ``new_base`` if it lies under ``old_base`` outside the ontology."""
    if iri.startswith(old_base) and not iri.startswith(ONTOLOGY_PREFIX):
        return new_base + iri[len(old_base) :]
    return iri


def remint_term(term: Node, new_base: str, old_base: str = BASE) -> Node:
    """:func:`remint_iri` for an rdflib term (other terms are returned as they are)."""
    if isinstance(term, URIRef):
        return URIRef(remint_iri(str(term), new_base, old_base))
    return term


def _moved(term: _Term, new_base: str, old_base: str) -> _Term:
    """One pyoxigraph term re-minted: an IRI, or a literal's datatype IRI (never its text)."""
    if isinstance(term, ox.NamedNode):
        return ox.NamedNode(remint_iri(term.value, new_base, old_base))
    if isinstance(term, ox.Literal) and term.language is None:
        datatype = remint_iri(term.datatype.value, new_base, old_base)
        if datatype != term.datatype.value:
            return ox.Literal(term.value, datatype=ox.NamedNode(datatype))
    return term


def remint(graph: NTriples, new_base: str, old_base: str = BASE) -> NTriples:
    """``graph`` with every sekom resource IRI moved from ``old_base`` to ``new_base``."""
    new_base = check_base(new_base)
    return NTriples.from_triples(
        ox.Triple(
            cast(_Subject, _moved(t.subject, new_base, old_base)),
            cast(ox.NamedNode, _moved(t.predicate, new_base, old_base)),
            _moved(t.object, new_base, old_base),
        )
        for t in graph.triples()
    )
