"""The embedded graph: the published graph (built, or read from the cache) and its store."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from rdflib import Graph

from sekom_kg.core import resources


def ntriples_at(root: Path) -> bytes:
    """The published graph as sorted N-Triples: from the cache, else built (and cached)."""
    from sekom_kg.sparql import published_cache

    cached = published_cache.lookup(root)
    if cached is not None:
        return cached.read_bytes()
    from sekom_kg.assembly.load import load_sources
    from sekom_kg.assembly.published import published_triples

    text = published_triples(load_sources()).to_bytes()
    published_cache.save(root, text)
    return text


@lru_cache(maxsize=4)
def graph_at(root: Path) -> Graph:
    from sekom_kg.assembly.ntriples import parse_verbatim
    from sekom_kg.core.namespaces import new_graph

    return parse_verbatim(new_graph(), ntriples_at(root))


def published_graph() -> Graph:
    """The graph ``build`` publishes (ontology + data + materialised triples), cached.

    The one place that decides where the embedded graph comes from; treat it as read-only
    (it is shared with the queries; :func:`graph` gives a copy to change). It is built from
    the bundled sources, or read back from the N-Triples cache that the first build from
    the same sources left behind (see :mod:`sekom_kg.sparql.published_cache`).

    :raises SekomError: if the bundled sources cannot be loaded.

    >>> published_graph() is published_graph()
    True
    """
    return graph_at(resources.bundle_root())


def graph() -> Graph:
    """The published graph as a new rdflib ``Graph`` of your own, with the published prefixes.

    The same triples as ``sekom-kg build`` writes (ontology, data and materialised
    triples); changing it changes neither later calls nor :func:`run_query`'s answers.

    :raises SekomError: if the bundled sources cannot be loaded.

    >>> from rdflib import URIRef
    >>> g = graph()
    >>> len(g) == len(published_graph()), g is graph()
    (True, False)
    >>> g.namespace_manager.qname(URIRef("https://w3id.org/sekom/ontology#Event"))
    'sekom:Event'
    """
    from sekom_kg.assembly.ntriples import parse_verbatim
    from sekom_kg.core.namespaces import new_graph

    return parse_verbatim(new_graph(), ntriples_at(resources.bundle_root()))


def store() -> Any:
    """The published graph in a new in-memory pyoxigraph ``Store`` of your own.

    The same triples as :func:`graph`, except that the store keeps typed literals in
    canonical form (``"1.50"^^xsd:decimal`` reads back as ``"1.5"``), as any Oxigraph
    store does. Query it with ``store().query("SELECT …")``.

    :raises SekomError: if the bundled sources cannot be loaded.
    :raises ImportError: if pyoxigraph is not installed.

    >>> s = store()
    >>> len(s) == len(published_graph())
    True
    """
    from sekom_kg.sparql.oxigraph_engine import store_from_ntriples

    return store_from_ntriples(ntriples_at(resources.bundle_root()))


@lru_cache(maxsize=2)
def store_at(root: Path) -> Any:
    """What opens the pyoxigraph store of the published graph, or None if a store alters it.

    The on-disk store of :mod:`sekom_kg.sparql.store_cache` (built on first use), else, with the
    cache off or unwritable, a store in memory. A store keeps typed literals in canonical
    form (``"1.50"^^xsd:decimal`` → ``"1.5"``); queries on such a graph go to rdflib, which
    answers with the terms as published. The check runs once per store.
    """
    from sekom_kg.sparql import published_cache, store_cache
    from sekom_kg.sparql.oxigraph_engine import faithful_store

    path = store_cache.store_path(root)
    found = None if path is None else store_cache.find(path)
    if path is not None and found is None:
        ntriples_at(root)  # the N-Triples cache the store is built from
        cached = published_cache.lookup(root)
        found = None if cached is None else store_cache.build(path, cached)
    if found == store_cache.UNFAITHFUL:
        return None
    if found is not None:
        return found
    store = faithful_store(ntriples_at(root))
    return None if store is None else _InMemory(store)


class _InMemory:
    """A store held in memory (no cache folder), shared by this process and its workers."""

    def __init__(self, store: Any) -> None:
        self._store = store

    def open(self) -> Any:
        return self._store


def published_store() -> Any:
    """The pyoxigraph Store the queries run on (same triples as ``published_graph()``), cached.

    Read-only, opened from the on-disk store in the cache folder (in memory with the cache
    off); None when a store would change some of its literals (see
    :func:`store_at`). Shared with the queries (:func:`store` gives a copy to change).

    :raises SekomError: if the bundled sources cannot be loaded.

    >>> published_store() is None or len(published_store()) == len(published_graph())
    True
    """
    opener = store_at(resources.bundle_root())
    return None if opener is None else opener.open()
