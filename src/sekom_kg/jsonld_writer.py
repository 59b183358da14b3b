"""Compact JSON-LD for prefix-only contexts, written straight from sorted N-Triples lines.

rdflib's compaction walks the whole graph in Python several times and needs gigabytes at
a million triples. With a context that only declares prefixes (``ontology/context.jsonld``)
compaction is simple: every IRI becomes ``prefix:local`` where rdflib would shorten it,
``rdf:type`` becomes ``@type``, booleans, integers and doubles become JSON natives, other
literals value objects. This module writes the document that
:func:`sekom_kg.formats.serialise_jsonld` writes with rdflib, one subject at a time, with
the same key and array order. It answers ``None`` whenever the graph or the
context holds something it does not handle (blank nodes, term definitions other than
prefixes, ill-typed natives); the caller then uses rdflib.

The document is the one rdflib writes (``tests/test_fast_pipeline.py`` compares the parsed
JSON), laid out with one ``@graph`` node per line: indenting every node would take longer
than building it, since Python's JSON encoder has no fast path for indented output.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

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
    """Turns N-Triples terms into compact JSON-LD values, as rdflib does."""

    def __init__(self, namespaces: dict[str, str]) -> None:
        self.namespaces = namespaces
        self.term_iris = set(namespaces)
        self._cache: dict[str, str] = {}

    def iri(self, iri: str) -> str:
        """``prefix:local`` when the IRI's namespace is declared, else the IRI."""
        found = self._cache.get(iri)
        if found is None:
            namespace, local = _split(iri)
            prefix = self.namespaces.get(namespace)
            found = f"{prefix}:{local}" if prefix else iri
            self._cache[iri] = found
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
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _finish(node: dict[str, Any]) -> dict[str, Any]:
    """Key order ``@id``, ``@type``, then sorted; multi-valued arrays sorted by their JSON."""
    result: dict[str, Any] = {"@id": node["@id"][0]}
    for key in ("@type", *sorted(k for k in node if k not in ("@id", "@type"))):
        if key not in node:
            continue
        values = node[key]
        result[key] = values[0] if len(values) == 1 else sorted(values, key=_dumps)
    return result


def _nodes(lines: Iterable[str], compactor: _Compactor) -> Iterator[dict[str, Any]]:
    """One finished node per subject; ``lines`` (N-Triples) must come grouped by subject."""
    rdf_type = f"<{RDF_TYPE}>"
    subject = ""
    node: dict[str, Any] = {}
    for line in lines:
        s, p, rest = line.split(" ", 2)
        if s != subject:
            if node:
                yield _finish(node)
            subject = s
            if not s.startswith("<"):
                raise Unsupported("blank node")
            node = {"@id": [compactor.iri(s[1:-1])]}
        obj = rest[:-2]
        if p == rdf_type and obj.startswith("<"):
            node.setdefault("@type", []).append(compactor.symbol(obj[1:-1]))
        else:
            node.setdefault(compactor.symbol(p[1:-1]), []).append(compactor.value(obj))
    if node:
        yield _finish(node)


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
    triples = ntriples.decode("utf-8").splitlines()
    try:
        keyed = sorted(
            (
                (json.dumps(node["@id"], ensure_ascii=False), node)
                for node in _nodes(triples, compactor)
            ),
            key=lambda pair: pair[0],
        )
    except Unsupported:
        return None
    if len(keyed) == 1:
        document = {"@context": context, **keyed[0][1]}
        return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    head = json.dumps({"@context": context}, indent=2, ensure_ascii=False)[:-2]
    if not keyed:
        return (head + ',\n  "@graph": []\n}\n').encode("utf-8")
    body = ",\n".join("    " + json.dumps(node, ensure_ascii=False) for _, node in keyed)
    return (head + ',\n  "@graph": [\n' + body + "\n  ]\n}\n").encode("utf-8")
