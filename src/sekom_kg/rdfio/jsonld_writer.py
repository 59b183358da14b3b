"""Compact JSON-LD for prefix-only contexts, written straight from sorted N-Triples lines.

It replaces ``rdflib.Graph.serialize(format="json-ld", context=..., auto_compact=True)``,
which walks the whole graph in Python several times: in the benchmark table that call takes
4.9x as long at the real size and 8.4x at 10k triples, and needs gigabytes at a million
(it is not run above 10k). With a context that only declares prefixes
(``ontology/context.jsonld``) compaction is simple: every IRI becomes ``prefix:local`` where
rdflib would shorten it, ``rdf:type`` becomes ``@type``, booleans, integers and doubles
become JSON natives, other literals value objects. It answers ``None`` whenever the graph
or the context holds something it does not handle (blank nodes, term definitions other
than prefixes, ill-typed natives); the caller then uses rdflib.

``tests/test_pipeline_oracles.py`` compares its document with rdflib's own compaction
(parsed JSON, up to key and array order) on the real, the fixture and a generated 10k
graph, and ``tests/test_jsonld_processors.py`` reads every JSON-LD file with pyld in JSON-LD
1.0 and 1.1 mode. One ``@graph`` node per line: indenting every node would take longer than
building it, since Python's JSON encoder has no fast path for indented output.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from sekom_kg.assembly.ntriples import split_lines

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
#: rdflib writes these as JSON natives when a context is active.
NATIVE_TYPES = (XSD + "boolean", XSD + "integer", XSD + "double")
#: rdflib's split points for compact IRIs, tried in this order (``split_iri``).
DELIMITERS = ("#", "/", ":")


class Unsupported(Exception):
    """The graph holds something this writer leaves to rdflib."""


def prefix_map(context: dict[str, Any]) -> dict[str, str] | None:
    """Namespace → prefix for a prefix-only context; None if it defines anything else."""
    namespaces: dict[str, str] = {}
    for key, value in context.items():
        if key.startswith("@"):
            if key != "@version":
                return None
            continue
        if not isinstance(value, str) or ":" in key:
            return None
        namespaces.setdefault(value, key)
    return namespaces


def _split(iri: str) -> tuple[str, str]:
    for delimiter in DELIMITERS:
        at = iri.rfind(delimiter)
        if at > -1:
            return iri[: at + 1], iri[at + 1 :]
    return iri, ""


class _Compactor:
    """Turns N-Triples terms into compact JSON-LD, as rdflib does, each distinct term once.

    Values are kept as JSON text: a node is assembled from the texts of its terms, and
    arrays are sorted by that text (the order ``json.dumps(..., sort_keys=True)`` gives,
    since every value object is built with its keys in sorted order).
    """

    def __init__(self, namespaces: dict[str, str]) -> None:
        self.namespaces = namespaces
        self.term_iris = set(namespaces)
        self._iris: dict[str, str] = {}
        self._texts: dict[str, str] = {}
        self._strings: dict[str, str] = {}

    def iri(self, iri: str) -> str:
        """``prefix:local`` when the IRI's namespace is declared, else the IRI."""
        found = self._iris.get(iri)
        if found is None:
            namespace, local = _split(iri)
            prefix = self.namespaces.get(namespace)
            found = f"{prefix}:{local}" if prefix else iri
            self._iris[iri] = found
        return found

    def symbol(self, iri: str) -> str:
        """A key or ``@type`` value; an IRI equal to a prefix's own IRI is left to rdflib."""
        if iri in self.term_iris:
            raise Unsupported(iri)
        return self.iri(iri)

    def value(self, term: str) -> Any:
        """The JSON-LD value of an object term written in N-Triples."""
        if term.startswith("<"):
            return {"@id": self.iri(term[1:-1])}
        if not term.startswith('"'):
            raise Unsupported("blank node")
        lexical, language, datatype = literal_parts(term)
        if language:
            return {"@language": language, "@value": lexical}
        if datatype is None or datatype == XSD_STRING:
            return lexical
        if datatype in NATIVE_TYPES:
            return _native(lexical, datatype)
        return {"@type": self.symbol(datatype), "@value": lexical}

    def value_text(self, term: str) -> str:
        """The JSON text of :meth:`value` (cached per term)."""
        found = self._texts.get(term)
        if found is None:
            found = self._texts[term] = _dumps(self.value(term))
        return found

    def string_text(self, text: str) -> str:
        """The JSON text of a string such as a key or an ``@type`` value (cached)."""
        found = self._strings.get(text)
        if found is None:
            found = self._strings[text] = _dumps(text)
        return found

    def node(self, subject: str, properties: dict[str, list[str]]) -> tuple[str, str]:
        """(JSON text of the ``@id``, JSON text of the node) for one subject.

        Key order ``@id``, ``@type``, then sorted; multi-valued arrays sorted by their JSON.
        """
        if not subject.startswith("<"):
            raise Unsupported("blank node")
        id_text = _dumps(self.iri(subject[1:-1]))
        parts = [f'"@id": {id_text}']
        for key in ("@type", *sorted(k for k in properties if k != "@type")):
            texts = properties.get(key)
            if texts is None:
                continue
            body = texts[0] if len(texts) == 1 else "[" + ", ".join(sorted(texts)) + "]"
            parts.append(f"{self.string_text(key)}: {body}")
        return id_text, "{" + ", ".join(parts) + "}"


def literal_parts(term: str) -> tuple[str, str | None, str | None]:
    """(lexical form, language, datatype IRI) of an N-Triples literal.

    >>> literal_parts('"a \\"b\\""@en')
    ('a "b"', 'en', None)
    """
    if term.endswith('"'):
        return unescape(term[1:-1]), None, None
    if term.endswith(">"):
        at = term.rfind('"^^<')
        return unescape(term[1:at]), None, term[at + 4 : -1]
    at = term.rfind('"@')
    return unescape(term[1:at]), term[at + 2 :], None


def unescape(body: str) -> str:
    """The text of an N-Triples string body (between its quotes)."""
    if "\\" not in body:
        return body
    if "\\'" in body or "\\U" in body:  # escapes JSON does not know: pyoxigraph reads them
        import pyoxigraph as ox

        line = f'<urn:x> <urn:x> "{body}" .'.encode()
        (triple,) = ox.parse(line, format=ox.RdfFormat.N_TRIPLES)
        return str(triple.object.value)
    return str(json.loads(f'"{body}"', strict=False))


def _native(lexical: str, datatype: str) -> Any:
    """rdflib's ``toPython()`` of a boolean, integer or double; Unsupported if ill-typed."""
    from rdflib import Literal, URIRef

    value = Literal(lexical, datatype=URIRef(datatype)).toPython()
    if isinstance(value, Literal):
        raise Unsupported(f"ill-typed literal {lexical!r}")
    return value


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _nodes(lines: Iterable[str], compactor: _Compactor) -> Iterator[tuple[str, str]]:
    """(``@id`` text, node text) per subject; ``lines`` (N-Triples) grouped by subject."""
    rdf_type = f"<{RDF_TYPE}>"
    keys: dict[str, str] = {}  # predicate term → key
    subject = ""
    properties: dict[str, list[str]] = {}
    for line in lines:
        s, p, rest = line.split(" ", 2)
        if s != subject:
            if properties:
                yield compactor.node(subject, properties)
            subject, properties = s, {}
        obj = rest[:-2]
        if p == rdf_type and obj[0] == "<":
            type_text = compactor.string_text(compactor.symbol(obj[1:-1]))
            properties.setdefault("@type", []).append(type_text)
            continue
        key = keys.get(p)
        if key is None:
            key = keys[p] = compactor.symbol(p[1:-1])
        properties.setdefault(key, []).append(compactor.value_text(obj))
    if properties:
        yield compactor.node(subject, properties)


def compact_jsonld(ntriples: bytes, context: dict[str, Any]) -> bytes | None:
    """Compact JSON-LD of sorted ``ntriples`` with ``context`` embedded; None if unsupported.

    >>> nt = b'<https://schema.org/x> <https://schema.org/name> "X"@en .\\n'
    >>> print(compact_jsonld(nt, {"schema": "https://schema.org/"}).decode(), end="")
    {
      "@context": {
        "schema": "https://schema.org/"
      },
      "@id": "schema:x",
      "schema:name": {
        "@language": "en",
        "@value": "X"
      }
    }
    """
    namespaces = prefix_map(context)
    if namespaces is None:
        return None
    compactor = _Compactor(namespaces)
    triples = split_lines(ntriples.decode("utf-8"))
    try:
        nodes = sorted(_nodes(triples, compactor))
    except Unsupported:
        return None
    if len(nodes) == 1:
        document = {"@context": context, **json.loads(nodes[0][1])}
        return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    head = json.dumps({"@context": context}, indent=2, ensure_ascii=False)[:-2]
    if not nodes:
        return (head + ',\n  "@graph": []\n}\n').encode("utf-8")
    body = ",\n".join("    " + text for _, text in nodes)
    return (head + ',\n  "@graph": [\n' + body + "\n  ]\n}\n").encode("utf-8")
