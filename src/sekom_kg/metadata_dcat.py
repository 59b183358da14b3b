"""The DCAT-AP 3.0.0 / DCAT-AP-SE catalogue: catalogue, dataset, distributions, data service.

Every node has an IRI (DCAT-AP-SE: no blank nodes), and every referenced authority IRI is
typed with the class DCAT-AP's range shapes expect, so the catalogue validates offline.
"""

from __future__ import annotations

import hashlib

from rdflib import Graph, Literal, URIRef

from sekom_kg.authorities import ALPHA3, THEMES
from sekom_kg.errors import InputError
from sekom_kg.formats import RdfFormat
from sekom_kg.metadata_iris import (
    DISTRIBUTION_FORMATS,
    EU_FILE_TYPE,
    IANA_MEDIA,
    SPDX,
    Publication,
    distribution_file,
)
from sekom_kg.namespaces import (
    DCAT,
    DCTERMS,
    FOAF,
    PROV,
    RDF,
    SCHEMA,
    SEKOM,
    SKOS,
    VCARD,
    XSD,
    new_graph,
)

SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")
ACCESS_PUBLIC = "PUBLIC"


def country_codes(data: Graph) -> list[str]:
    """The alpha-3 codes of every schema:Country with a sekom:countryCode, sorted."""
    codes = set()
    for country in data.subjects(RDF.type, SCHEMA.Country):
        for code in data.objects(country, SEKOM.countryCode):
            alpha2 = str(code).upper()
            if alpha2 not in ALPHA3:
                raise InputError(
                    f"{country}: country code {alpha2!r} has no alpha-3 code in "
                    "sekom_kg.authorities.ALPHA3; add it there"
                )
            codes.add(ALPHA3[alpha2])
    return sorted(codes)


def _typed(graph: Graph, subject: URIRef, predicate: URIRef, obj: URIRef, cls: URIRef) -> None:
    graph.add((subject, predicate, obj))
    graph.add((obj, RDF.type, cls))


def _add_agents(graph: Graph, pub: Publication) -> None:
    config = pub.config
    graph.add((pub.publisher, RDF.type, FOAF.Agent))
    graph.add((pub.publisher, RDF.type, FOAF.Organization))
    for lang, name in config.publisher_name.items():
        graph.add((pub.publisher, FOAF.name, Literal(name, lang=lang)))
    graph.add((pub.contact, RDF.type, VCARD.Organization))
    graph.add((pub.contact, RDF.type, VCARD.Kind))
    graph.add((pub.contact, VCARD.fn, Literal(config.contact_name)))
    graph.add((pub.contact, VCARD.hasEmail, URIRef(f"mailto:{config.contact_email}")))


def _add_dataset(graph: Graph, pub: Publication, data: Graph) -> None:
    config, ds = pub.config, pub.dataset
    graph.add((ds, RDF.type, DCAT.Dataset))
    for lang in ("sv", "en"):
        graph.add((ds, DCTERMS.title, Literal(config.title[lang], lang=lang)))
        graph.add((ds, DCTERMS.description, Literal(config.description[lang], lang=lang)))
        for keyword in config.keywords[lang]:
            graph.add((ds, DCAT.keyword, Literal(keyword, lang=lang)))
    graph.add((ds, DCTERMS.identifier, Literal(str(ds))))
    graph.add((ds, DCTERMS.publisher, pub.publisher))
    graph.add((ds, DCAT.contactPoint, pub.contact))
    graph.add((ds, PROV.wasDerivedFrom, URIRef(config.source_page)))
    _typed(graph, ds, DCTERMS.license, pub.licence, DCTERMS.LicenseDocument)
    access = pub.authority("access-right", ACCESS_PUBLIC)
    _typed(graph, ds, DCTERMS.accessRights, access, DCTERMS.RightsStatement)
    for theme in config.themes:
        theme_iri = pub.authority("data-theme", theme)
        _typed(graph, ds, DCAT.theme, theme_iri, SKOS.Concept)
        for lang, label in THEMES[theme].items():
            graph.add((theme_iri, SKOS.prefLabel, Literal(label, lang=lang)))
    for language in config.languages:
        language_iri = pub.authority("language", language)
        _typed(graph, ds, DCTERMS.language, language_iri, DCTERMS.LinguisticSystem)
    for code in country_codes(data):
        _typed(graph, ds, DCTERMS.spatial, pub.authority("country", code), DCTERMS.Location)
    period = pub.local("dataset/temporal")
    _typed(graph, ds, DCTERMS.temporal, period, DCTERMS.PeriodOfTime)
    graph.add((period, DCAT.startDate, Literal(str(config.start_year), datatype=XSD.gYear)))
    graph.add((period, DCAT.endDate, Literal(str(config.end_year), datatype=XSD.gYear)))


def _add_distribution(
    graph: Graph, pub: Publication, fmt: RdfFormat, content: bytes | None
) -> None:
    dist, name = pub.distribution(fmt), distribution_file(fmt)
    graph.add((pub.dataset, DCAT.distribution, dist))
    graph.add((dist, RDF.type, DCAT.Distribution))
    graph.add((dist, DCTERMS.title, Literal(f"{name} ({fmt.cli_name})", lang="en")))
    graph.add((dist, DCAT.accessURL, pub.download_url(name)))
    graph.add((dist, DCAT.downloadURL, pub.download_url(name)))
    _typed(graph, dist, DCAT.mediaType, URIRef(IANA_MEDIA + fmt.media_type), DCTERMS.MediaType)
    file_type = pub.authority("file-type", EU_FILE_TYPE[fmt])
    _typed(graph, dist, DCTERMS["format"], file_type, DCTERMS.MediaTypeOrExtent)
    _typed(graph, dist, DCTERMS.license, pub.licence, DCTERMS.LicenseDocument)
    if content is None:  # the TriG's own copy: a file cannot contain its own checksum
        return
    size = Literal(f"{len(content)}.0", datatype=XSD.decimal)  # same lexical form in every syntax
    graph.add((dist, DCAT.byteSize, size))
    checksum = URIRef(f"{dist}/checksum")
    _typed(graph, dist, SPDX.checksum, checksum, SPDX.Checksum)
    graph.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    digest = hashlib.sha256(content).hexdigest()
    graph.add((checksum, SPDX.checksumValue, Literal(digest, datatype=XSD.hexBinary)))


def _add_service(graph: Graph, pub: Publication) -> None:
    endpoint = pub.sparql_endpoint
    if endpoint is None:
        return
    service = pub.service
    graph.add((pub.catalog, DCAT.service, service))
    graph.add((service, RDF.type, DCAT.DataService))
    for lang, title in pub.config.title.items():
        label = "SPARQL-ändpunkt" if lang == "sv" else "SPARQL endpoint"
        graph.add((service, DCTERMS.title, Literal(f"{label}: {title}", lang=lang)))
    graph.add((service, DCAT.endpointURL, endpoint))
    graph.add((service, DCAT.servesDataset, pub.dataset))
    graph.add((service, DCTERMS.publisher, pub.publisher))
    graph.add((service, DCAT.contactPoint, pub.contact))
    _typed(graph, service, DCTERMS.conformsTo, SPARQL_PROTOCOL, DCTERMS.Standard)
    _typed(graph, service, DCTERMS.license, pub.licence, DCTERMS.LicenseDocument)


def catalog_graph(pub: Publication, data: Graph, files: dict[str, bytes]) -> Graph:
    """The DCAT catalogue; distributions whose file is not in ``files`` get no size/checksum."""
    graph = new_graph(pub.base)
    graph.bind("spdx", SPDX)
    catalog, config = pub.catalog, pub.config
    graph.add((catalog, RDF.type, DCAT.Catalog))
    for lang in ("sv", "en"):
        graph.add((catalog, DCTERMS.title, Literal(config.title[lang], lang=lang)))
        graph.add((catalog, DCTERMS.description, Literal(config.description[lang], lang=lang)))
    graph.add((catalog, DCTERMS.publisher, pub.publisher))
    graph.add((catalog, DCAT.dataset, pub.dataset))
    _typed(graph, catalog, DCTERMS.license, pub.licence, DCTERMS.LicenseDocument)
    for language in config.languages:
        language_iri = pub.authority("language", language)
        _typed(graph, catalog, DCTERMS.language, language_iri, DCTERMS.LinguisticSystem)
    _add_agents(graph, pub)
    _add_dataset(graph, pub, data)
    for fmt in DISTRIBUTION_FORMATS:
        _add_distribution(graph, pub, fmt, files.get(distribution_file(fmt)))
    _add_service(graph, pub)
    return graph
