"""A schema.org Dataset description (JSON-LD) for search engines.

The file carries its context inline (:data:`LOCAL_CONTEXT`: ``@vocab`` ``https://schema.org/``,
the namespace the graph uses, and the properties whose values are IRIs), so every JSON-LD
1.0 or 1.1 processor reads it offline to the statements of the TriG's metadata graph.
schema.org's remote context is not used: it needs the network and maps terms to
``http://schema.org/``.
"""

from __future__ import annotations

import json
from typing import Any

from rdflib import Graph

from sekom_kg.core.namespaces import SCHEMA, new_graph
from sekom_kg.metadata.iris import DISTRIBUTION_FORMATS, Publication, distribution_file

#: Properties whose string values are IRIs (read as ``@id`` in the local context).
IRI_PROPERTIES = ("contentUrl", "isBasedOn", "license", "url", "sameAs")
LOCAL_CONTEXT: dict[str, Any] = {
    "@vocab": str(SCHEMA),
    **{name: {"@type": "@id"} for name in IRI_PROPERTIES},
}


def _publisher(pub: Publication) -> dict[str, Any]:
    """The publisher as a schema:Organization."""
    config = pub.config
    publisher: dict[str, Any] = {
        "@id": str(pub.publisher),
        "@type": "Organization",
        "name": config.publisher_name["en"],
        "email": config.contact_email,
    }
    if config.publisher_homepage:
        publisher["url"] = config.publisher_homepage
    return publisher


def _distributions(pub: Publication) -> list[dict[str, Any]]:
    """One schema:DataDownload per distribution file."""
    return [
        {
            "@id": str(pub.distribution(fmt)),
            "@type": "DataDownload",
            "contentUrl": str(pub.download_url(distribution_file(fmt))),
            "encodingFormat": fmt.media_type,
        }
        for fmt in DISTRIBUTION_FORMATS
    ]


def schema_document(pub: Publication, countries: list[tuple[str, str]]) -> dict[str, Any]:
    """The schema:Dataset JSON-LD document; ``countries`` are (IRI, English name) pairs."""
    config = pub.config
    publisher = _publisher(pub)
    keywords = [*config.keywords["en"], *config.keywords["sv"]]
    document: dict[str, Any] = {
        "@context": LOCAL_CONTEXT,
        "@type": "Dataset",
        "@id": str(pub.dataset),
        "name": config.title["en"],
        "alternateName": config.title["sv"],
        "description": config.description["en"],
        "url": str(pub.dataset),
        "identifier": str(pub.dataset),
        "license": config.licence_page,
        "isAccessibleForFree": True,
        "inLanguage": ["sv", "en"],
        "keywords": keywords,
        "creator": publisher,
        "publisher": publisher,
        "temporalCoverage": f"{config.start_year}/{config.end_year}",
        "spatialCoverage": [
            {"@id": iri, "@type": "Country", "name": name} for iri, name in countries
        ],
        "isBasedOn": config.source_page,
        "citation": {"@type": "WebPage", "url": config.source_page},
        "includedInDataCatalog": {
            "@id": str(pub.catalog),
            "@type": "DataCatalog",
            "name": config.title["en"],
        },
        "distribution": _distributions(pub),
    }
    if config.version:
        document["version"] = config.version
    return document


def serialise_schema(document: dict[str, Any]) -> bytes:
    """The JSON-LD file: fixed key order, UTF-8, trailing newline."""
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def schema_graph(document: dict[str, Any], base: str) -> Graph:
    """The document as RDF, read with its inline context (no network)."""
    graph = new_graph(base)
    graph.parse(data=json.dumps(document), format="json-ld")
    return graph
