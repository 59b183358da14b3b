"""Which document describes each IRI under the base, and the site files that hold them.

Every IRI minted under the base is answered with ``303 See Other`` by a document in the
negotiated format. The path below the base decides which (first match of :data:`DOCUMENTS`):

>>> document("id/event/x", ".ttl"), document("id/event/x", ".html")
('id/event/x.ttl', 'id/event/x.html')
>>> document("dataset/distribution/turtle", ".jsonld"), document("", ".html")
('dataset.jsonld', 'index.html')
>>> document("query/prefixes", ".rdf"), document("ontology/0.1.0", ".nt")
('queries.rdf', 'ontology.nt')
>>> document("download/sekom.ttl", ".ttl") is None  # a file, served as it is
True

The dataset document holds the catalogue (DCAT), VoID and provenance, so the dataset, the
catalogue, distributions, contact point, VoID partitions and the build resolve to it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rdflib import Graph, URIRef

from sekom_kg.assembly.ntriples import NTriples
from sekom_kg.core.namespaces import RDF
from sekom_kg.rdfio.formats import write
from sekom_kg.site.describe import RESOURCE_FORMATS
from sekom_kg.site.layout import LANDING, ONTOLOGY_PAGE, QUERIES_PAGE

SD = "http://www.w3.org/ns/sparql-service-description#"


@dataclass(frozen=True)
class Document:
    """IRIs whose path below the base matches ``pattern`` (``$1``: that path) and their files."""

    pattern: str
    stem: str
    html: str


DOCUMENTS: tuple[Document, ...] = (
    Document(r"(?:id|vocab)/[^.]*[^./]", "$1", "$1.html"),
    Document(r"", "dataset", LANDING),
    Document(r"(?:dataset|catalog)(?:/.*)?", "dataset", LANDING),
    Document(r"query(?:/.*)?", "queries", QUERIES_PAGE),
    Document(r"ontology(?:/.*)?", "ontology", ONTOLOGY_PAGE),
    Document(r"shapes(?:/.*)?", "shapes", ONTOLOGY_PAGE),
)
#: The dist files each document is made of (``ontology`` is written by the renderer).
SOURCES = {
    "dataset": ("catalog.ttl", "void.ttl", "prov.ttl"),
    "queries": ("queries.ttl",),
    "shapes": ("shapes.ttl",),
}


def document(local: str, ext: str) -> str | None:
    """The site file answering the IRI ``<base>local`` for ``ext``, or None (not negotiated)."""
    for entry in DOCUMENTS:
        path = local.partition("#")[0]
        if re.fullmatch(entry.pattern, path):
            name = entry.html if ext == ".html" else entry.stem + ext
            return name.replace("$1", path)
    return None


def _graph_names(trig: bytes | None) -> Graph:
    """``<g> a sd:NamedGraph`` for every graph name of the TriG dump."""
    graph = Graph()
    if trig:
        names = set(re.findall(rb"^<([^>]+)> \{", trig, flags=re.MULTILINE))
        for name in sorted(names):
            node = URIRef(name.decode("utf-8"))
            graph.add((node, RDF.type, URIRef(SD + "NamedGraph")))
            graph.add((node, URIRef(SD + "name"), node))
    return graph


def site_documents(
    files: Mapping[str, bytes], base: str, context: dict[str, Any]
) -> dict[str, bytes]:
    """``dataset``, ``queries`` and ``shapes`` in every resource format, from the dist files."""
    out: dict[str, bytes] = {}
    for stem, names in SOURCES.items():
        graph = _graph_names(files.get("sekom.trig")) if stem == "dataset" else Graph()
        present = [name for name in names if name in files]
        if not present:
            continue
        for name in present:
            graph.parse(data=bytes(files[name]), format="turtle")
        triples = NTriples.from_rdflib(graph)
        for fmt in RESOURCE_FORMATS:
            out[f"{stem}{fmt.extension}"] = write(triples, fmt, context, base)
    return out
