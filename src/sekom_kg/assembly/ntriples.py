"""A graph held as its sorted, unique N-Triples lines: the build's fast, deterministic core.

pyoxigraph parses and writes; the sorted lines give every output a fixed order whatever
the hash seed, and N-Triples is what the validator and the query cache read. Graphs with
blank nodes get canonical labels through rdflib first (``rdflib.compare``), so they stay
deterministic too. rdflib graphs are made only where a caller needs the rdflib API.

>>> g = NTriples.from_bytes(b'<urn:b> <urn:p> "x" .\\n<urn:a> <urn:p> <urn:b> .\\n')
>>> g.lines
['<urn:a> <urn:p> <urn:b> .', '<urn:b> <urn:p> "x" .']
>>> len(g | NTriples.from_bytes(b'<urn:a> <urn:p> <urn:b> .\\n'))
2
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from itertools import groupby
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rdflib import Graph


def split_lines(text: str) -> list[str]:
    """N-Triples text split at its line ends (``\\n``, or ``\\r\\n``) only.

    ``str.splitlines()`` also splits at U+0085, U+2028, U+2029 and other characters that
    N-Triples carries unescaped inside literals.

    >>> split_lines('<urn:a> <urn:p> "x\\u2028y" .\\n')
    ['<urn:a> <urn:p> "x\\u2028y" .']
    """
    lines = text.split("\n")
    if lines and not lines[-1]:
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def sorted_unique(lines: list[str]) -> list[str]:
    """``lines`` sorted in place, each once: ``sorted(set(lines))``, three times as fast on
    pyoxigraph's output (timsort finds its sorted runs; equal lines are then neighbours).

    >>> sorted_unique(["b", "a", "b"])
    ['a', 'b']
    """
    lines.sort()
    return [line for line, _ in groupby(lines)]


def has_blank_node(line: str) -> bool:
    """True if an N-Triples line has a blank node as subject or object."""
    if line.startswith("_:"):
        return True
    _, _, rest = line.partition("> ")  # after the subject IRI
    _, _, obj = rest.partition("> ")  # after the predicate IRI
    return obj.startswith("_:")


def any_blank_node(lines: list[str]) -> bool:
    """True if some line has a blank node (a quick text search first, then line by line)."""
    if not any("_:" in chunk for chunk in _chunks(lines)):
        return False
    return any(has_blank_node(line) for line in lines)


def _chunks(lines: list[str], size: int = 65536) -> Iterator[str]:
    for start in range(0, len(lines), size):
        yield "\n".join(lines[start : start + size])


@dataclass(frozen=True)
class NTriples:
    """Sorted, unique N-Triples lines (each ending in `` .``, no newline)."""

    lines: list[str]

    @classmethod
    def from_lines(cls, lines: Iterable[str], canonical: bool = True) -> NTriples:
        """From N-Triples lines in any order, with duplicates.

        Blank nodes get canonical labels unless ``canonical`` is false (for a part that is
        merged, and canonicalised, later).
        """
        unique = sorted_unique(list(lines))
        statements = bisect.bisect_left(unique, "<")  # empty and comment lines sort first
        if statements:
            kept = [line for line in unique[:statements] if line and not line.startswith("#")]
            unique[:statements] = kept
        if canonical and any_blank_node(unique):
            return cls._canonical(unique)
        return cls(unique)

    @classmethod
    def from_bytes(cls, data: bytes, canonical: bool = True) -> NTriples:
        """From N-Triples text as written by pyoxigraph or rdflib (one triple per line)."""
        return cls.from_lines(split_lines(data.decode("utf-8")), canonical)

    @classmethod
    def from_triples(cls, triples: Iterable[Any], canonical: bool = True) -> NTriples:
        """From pyoxigraph triples or quads (graph names are dropped)."""
        import pyoxigraph as ox

        statements = (ox.Triple(t.subject, t.predicate, t.object) for t in triples)
        text = ox.serialize(statements, format=ox.RdfFormat.N_TRIPLES) or b""
        return cls.from_bytes(text, canonical)

    @classmethod
    def from_rdflib(cls, graph: Graph) -> NTriples:
        """From an rdflib graph."""
        return cls.from_bytes(graph.serialize(format="nt", encoding="utf-8"))

    @classmethod
    def _canonical(cls, lines: list[str]) -> NTriples:
        from rdflib import Graph
        from rdflib.compare import to_canonical_graph

        graph = parse_verbatim(Graph(), "\n".join(lines).encode("utf-8"))
        text = to_canonical_graph(graph).serialize(format="nt")
        return cls(sorted({line for line in split_lines(text) if line}))

    def __len__(self) -> int:
        return len(self.lines)

    @cached_property
    def has_blank_nodes(self) -> bool:
        """True if some triple has a blank node as subject or object."""
        return any_blank_node(self.lines)

    def __or__(self, other: NTriples) -> NTriples:
        return union(self, other)

    @cached_property
    def text(self) -> bytes:
        """N-Triples text, one sorted line per triple (made once, then kept)."""
        return ("\n".join(self.lines) + "\n").encode("utf-8") if self.lines else b""

    @cached_property
    def _mentioned(self) -> dict[str, bool]:
        return {}

    def mentions(self, namespace: str) -> bool:
        """True if some IRI in the graph starts with ``namespace`` (remembered)."""
        found = self._mentioned.get(namespace)
        if found is None:
            found = self._mentioned[namespace] = b"<" + namespace.encode() in self.text
        return found

    def to_bytes(self) -> bytes:
        """N-Triples text, one sorted line per triple."""
        return self.text

    def triples(self) -> Iterator[Any]:
        """pyoxigraph triples in line order."""
        import pyoxigraph as ox

        return ox.parse(self.to_bytes(), format=ox.RdfFormat.N_TRIPLES)

    def to_rdflib(self, base: str | None = None) -> Graph:
        """An rdflib graph with the standard prefixes bound (for the rdflib API).

        Literals keep their lexical form (rdflib would otherwise rewrite, for example,
        ``"…T12:26:40Z"^^xsd:dateTime`` as ``"…T12:26:40+00:00"``).
        """
        from sekom_kg.core.namespaces import BASE, new_graph

        graph = new_graph(base or BASE)
        if self.lines:
            parse_verbatim(graph, self.to_bytes())
        return graph

    def store(self, graph: str | None = None) -> Any:
        """A new pyoxigraph Store holding these triples (in the named graph ``graph``)."""
        import pyoxigraph as ox

        store = ox.Store()
        target = ox.NamedNode(graph) if graph else None
        store.bulk_load(self.to_bytes(), format=ox.RdfFormat.N_TRIPLES, to_graph=target)
        return store


_BLANK_LABEL = re.compile(rb"_:([A-Za-z0-9_][A-Za-z0-9_.\-]*)")


def parse_verbatim(graph: Graph, ntriples: bytes) -> Graph:
    """Parse N-Triples into ``graph`` as written: literals keep their lexical form and blank
    nodes their labels (rdflib would otherwise normalise the one and rename the other)."""
    import rdflib
    from rdflib.exceptions import ParserError as ParseError
    from rdflib.plugins.parsers.ntriples import NTGraphSink, W3CNTriplesParser

    labels = (
        {m.decode("utf-8") for m in _BLANK_LABEL.findall(ntriples)} if b"_:" in ntriples else ()
    )
    nodes: dict[str, rdflib.BNode] = {label: rdflib.BNode(label) for label in labels}
    # rdflib's line reader re-scans its whole buffer for every 2 kB read, quadratic in the
    # length of a line; its line parser, fed one line at a time, is linear.
    parser = W3CNTriplesParser(NTGraphSink(graph), bnode_context=nodes)
    normalise, rdflib.NORMALIZE_LITERALS = rdflib.NORMALIZE_LITERALS, False
    try:
        for line in split_lines(ntriples.decode("utf-8")):
            parser.line = line
            try:
                parser.parseline(bnode_context=nodes)
            except ParseError as error:
                raise ParseError(f"Invalid line: {line[:200]}") from error
    finally:
        rdflib.NORMALIZE_LITERALS = normalise
    return graph


def union(*graphs: NTriples) -> NTriples:
    """The union of several graphs, blank nodes canonicalised over the whole.

    Without blank nodes the sorted parts are merged (linear time). Blank nodes straight
    from pyoxigraph have labels unique to their parse, so nodes of different parts never
    merge. Canonical labels are hashes of a node's description, so two parts canonicalised
    on their own share a label only for identically described nodes, which then merge
    (the RDF meaning is unchanged only up to such duplicates).
    """
    if any(graph.has_blank_nodes for graph in graphs):
        return NTriples.from_lines(line for graph in graphs for line in graph.lines)
    # Sorting concatenated sorted runs is a merge (timsort finds the runs), all in C.
    result = NTriples(sorted_unique([line for graph in graphs for line in graph.lines]))
    result.__dict__["has_blank_nodes"] = False  # known: no part has any
    return result
