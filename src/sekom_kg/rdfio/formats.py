"""The RDF output formats (an enum with media type, extension, rdflib name) and their
deterministic serialisers: the same graph gives the same bytes whatever the hash seed.

>>> RdfFormat.TURTLE.media_type, RdfFormat.TURTLE.extension, RdfFormat.TURTLE.rdflib_name
('text/turtle', '.ttl', 'turtle')
>>> RdfFormat.from_extension(".nt") is RdfFormat.NTRIPLES
True
"""

from __future__ import annotations

import json
from enum import Enum
from typing import Any

from rdflib import BNode, Graph
from rdflib.compare import to_canonical_graph
from rdflib.term import Node

from sekom_kg.assembly.ntriples import NTriples, split_lines
from sekom_kg.core.namespaces import BASE, new_graph, prefixes
from sekom_kg.rdfio.jsonld_writer import compact_jsonld


class RdfFormat(Enum):
    """An RDF serialisation sekom-kg can write (value: the CLI name)."""

    TURTLE = ("turtle", "text/turtle", ".ttl", "turtle")
    NTRIPLES = ("n-triples", "application/n-triples", ".nt", "nt")
    JSONLD = ("json-ld", "application/ld+json", ".jsonld", "json-ld")
    RDFXML = ("rdf-xml", "application/rdf+xml", ".rdf", "xml")
    TRIG = ("trig", "application/trig", ".trig", "trig")

    def __init__(self, cli_name: str, media_type: str, extension: str, rdflib_name: str) -> None:
        self.cli_name = cli_name
        self.media_type = media_type
        self.extension = extension
        self.rdflib_name = rdflib_name

    @property
    def is_dataset(self) -> bool:
        """True for formats that carry named graphs."""
        return self is RdfFormat.TRIG

    @classmethod
    def from_extension(cls, extension: str) -> RdfFormat:
        """The format for a file extension such as ``.ttl``; ValueError if unknown."""
        for fmt in cls:
            if fmt.extension == extension.lower():
                return fmt
        raise ValueError(f"unknown RDF file extension {extension!r}")

    @classmethod
    def from_name(cls, name: str) -> RdfFormat:
        """The format for a CLI name such as ``json-ld``; ValueError if unknown."""
        for fmt in cls:
            if fmt.cli_name == name.lower():
                return fmt
        raise ValueError(f"unknown RDF format {name!r}")


#: Media types of the other files written by ``build``.
JSON_MEDIA_TYPE = "application/json"


def media_type_for(filename: str) -> str:
    """The media type of a built file, by its extension."""
    if filename.endswith(".json"):
        return JSON_MEDIA_TYPE
    return RdfFormat.from_extension("." + filename.rsplit(".", 1)[-1]).media_type


def triple_key(triple: tuple[Node, Node, Node]) -> tuple[str, str, str]:
    """A total, deterministic sort key for triples of mixed term types."""
    s, p, o = triple
    return (s.n3(), p.n3(), o.n3())


def canonical(graph: Graph, base: str = BASE) -> Graph:
    """A copy with canonical blank-node labels, triples inserted in sorted order."""
    if any(isinstance(t, BNode) for triple in graph for t in triple):
        graph = to_canonical_graph(graph)
    result = new_graph(base)
    for triple in sorted(graph, key=triple_key):
        result.add(triple)
    return result


def _canonical_json(value: Any, ordered_terms: frozenset[str], ordered: bool = False) -> Any:
    """Sort JSON-LD objects' keys and unordered arrays so output does not depend on hashing."""
    if isinstance(value, dict):
        first = [k for k in ("@context", "@id", "@type") if k in value]
        keys = first + sorted(k for k in value if k not in first)
        return {
            k: value[k]
            if k == "@context"
            else _canonical_json(value[k], ordered_terms, k == "@list" or k in ordered_terms)
            for k in keys
        }
    if isinstance(value, list):
        items = [_canonical_json(v, ordered_terms) for v in value]
        if ordered:
            return items
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def serialise_jsonld(graph: Graph, context: dict[str, Any]) -> bytes:
    """Compact JSON-LD with ``context`` embedded; deterministic key and array order."""
    text = graph.serialize(format=RdfFormat.JSONLD.rdflib_name, context=context, auto_compact=True)
    ordered_terms = frozenset(
        term
        for term, definition in context.items()
        if isinstance(definition, dict) and definition.get("@container") == "@list"
    )
    document = _canonical_json(json.loads(text), ordered_terms)
    if isinstance(document, dict) and "@context" in document:
        document["@context"] = context  # as written in context.jsonld, not re-sorted
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def serialise_ntriples(graph: Graph) -> bytes:
    """N-Triples with lines sorted."""
    text = graph.serialize(format=RdfFormat.NTRIPLES.rdflib_name)
    lines = sorted({line for line in split_lines(text) if line.strip()})
    return ("\n".join(lines) + "\n").encode("utf-8")


class _SortedGraph(Graph):
    """A graph whose subjects and predicate-objects iterate in sorted order.

    rdflib's RDF/XML serializer walks ``subjects()`` and ``predicate_objects()`` in store
    order, which depends on the hash seed; sorting them makes its output deterministic.
    """

    def subjects(self, predicate: Any = None, object: Any = None, unique: bool = False) -> Any:
        found = set(super().subjects(predicate, object))
        return iter(sorted(found, key=lambda n: n.n3()))

    def predicate_objects(self, subject: Any = None, unique: bool = False) -> Any:
        found = set(super().predicate_objects(subject))
        return iter(sorted(found, key=lambda po: (po[0].n3(), po[1].n3())))


def serialise_rdfxml(graph: Graph) -> bytes:
    """RDF/XML with subjects and properties in sorted order."""
    ordered = _SortedGraph(bind_namespaces="none")
    for prefix, namespace in graph.namespaces():
        ordered.bind(prefix, namespace)
    for triple in graph:
        ordered.add(triple)
    return ordered.serialize(format=RdfFormat.RDFXML.rdflib_name, encoding="utf-8")


#: pyoxigraph's names for the formats it writes from sorted lines (JSON-LD has its own writer).
_OXIGRAPH_FORMATS = {
    "turtle": "TURTLE",
    "n-triples": "N_TRIPLES",
    "rdf-xml": "RDF_XML",
    "trig": "TRIG",
}


def serialise(graph: Graph, fmt: RdfFormat, context: dict[str, Any]) -> bytes:
    """One single-graph output format of an rdflib graph as bytes, deterministic.

    Graphs without blank nodes go through :func:`write`; the IRI base is the one the graph
    binds to ``id:`` (else the default). Graphs with blank nodes are written by rdflib.
    """
    if not any(isinstance(t, BNode) for triple in graph for t in triple):
        bound = dict(graph.namespaces())
        base = str(bound["id"])[: -len("id/")] if "id" in bound else BASE
        return write(NTriples.from_rdflib(graph), fmt, context, base)
    return rdflib_serialise(graph, fmt, context)


def rdflib_serialise(graph: Graph, fmt: RdfFormat, context: dict[str, Any]) -> bytes:
    """One single-graph output format written by rdflib (sorted, so deterministic)."""
    if fmt is RdfFormat.NTRIPLES:
        return serialise_ntriples(graph)
    if fmt is RdfFormat.JSONLD:
        return serialise_jsonld(graph, context)
    if fmt is RdfFormat.RDFXML:
        return serialise_rdfxml(graph)
    return graph.serialize(format=fmt.rdflib_name, encoding="utf-8")


def prefixes_in(graph: NTriples, candidates: dict[str, str]) -> dict[str, str]:
    """The ``candidates`` whose namespace opens some IRI in ``graph``, by prefix."""
    return {prefix: ns for prefix, ns in sorted(candidates.items()) if graph.mentions(ns)}


def write(graph: NTriples, fmt: RdfFormat, context: dict[str, Any], base: str = BASE) -> bytes:
    """One single-graph output format of ``graph`` as bytes, deterministic.

    pyoxigraph writes Turtle and RDF/XML from the sorted lines; JSON-LD is compacted by
    :mod:`sekom_kg.rdfio.jsonld_writer`. Graphs with blank nodes, and JSON-LD that writer does
    not handle, go through rdflib (:func:`rdflib_serialise`).
    """
    text = graph.to_bytes()
    if fmt is RdfFormat.NTRIPLES:
        return text
    blank = graph.has_blank_nodes
    if fmt is RdfFormat.JSONLD and not blank:
        written = compact_jsonld(text, context)
        if written is not None:
            return written
    elif fmt.cli_name in _OXIGRAPH_FORMATS and not blank:
        import pyoxigraph as ox

        ox_format = getattr(ox.RdfFormat, _OXIGRAPH_FORMATS[fmt.cli_name])
        used = prefixes_in(graph, prefixes(base))
        serialised = ox.serialize(graph.triples(), format=ox_format, prefixes=used) or b""
        if fmt is RdfFormat.RDFXML:
            # pyoxigraph writes a literal's CR raw, which an XML parser reads as LF.
            return serialised.replace(b"\r", b"&#13;")
        return serialised
    return rdflib_serialise(canonical(graph.to_rdflib(base), base), fmt, context)


def write_trig(graphs: dict[str, NTriples], base: str = BASE) -> bytes:
    """TriG with one named graph per entry (graphs in IRI order, triples sorted), written by
    pyoxigraph; blank nodes keep the canonical labels of :class:`NTriples`."""
    import pyoxigraph as ox

    candidates = prefixes(base)
    used = {p: ns for g in graphs.values() for p, ns in prefixes_in(g, candidates).items()}
    nquads = b"".join(_in_graph(graphs[iri].to_bytes(), iri) for iri in sorted(graphs))
    quads = ox.parse(nquads, format=ox.RdfFormat.N_QUADS)
    return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=dict(sorted(used.items()))) or b""


def _in_graph(ntriples: bytes, iri: str) -> bytes:
    """N-Triples text as N-Quads in the graph ``iri``.

    Every line ends in `` .\n`` and no term holds a raw line break, so the only `` .\n``
    are the line ends.
    """
    return ntriples.replace(b" .\n", f" <{iri}> .\n".encode())
