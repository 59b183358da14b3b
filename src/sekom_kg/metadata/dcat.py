"""The DCAT-AP 3.0.1 / DCAT-AP-SE 3.0.1 catalogue: catalogue, dataset, distributions, service.

Every node has an IRI (DCAT-AP-SE: no blank nodes), and every referenced authority IRI is
typed with the class DCAT-AP's range shapes expect, so the catalogue validates offline.
Byte sizes are ``xsd:nonNegativeInteger``; checksums use the one algorithm DCAT-AP-SE lists
(SHA-1, lower-case ``xsd:hexBinary``); ``manifest.json`` keeps a SHA-256 of every file.
"""

from __future__ import annotations

import hashlib
import re

from rdflib import Graph, Literal, Namespace, URIRef

from sekom_kg.core.authorities import ALPHA3, THEMES
from sekom_kg.core.errors import InputError
from sekom_kg.core.namespaces import (
    DCAT,
    DCTERMS,
    FOAF,
    OWL,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SEKOM,
    SKOS,
    VCARD,
    XSD,
    new_graph,
)
from sekom_kg.metadata.iris import (
    DISTRIBUTION_FORMATS,
    EU,
    EU_FILE_TYPE,
    IANA_MEDIA,
    SPDX,
    Publication,
    distribution_file,
)
from sekom_kg.rdfio.formats import RdfFormat

SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")
ACCESS_PUBLIC = "PUBLIC"
ADMS_PUBLISHER_TYPE = "http://purl.org/adms/publishertype/"
ADMS_LICENCE_TYPE = "http://purl.org/adms/licencetype/"
DATAPORTAL_ORGANISATION = "http://dataportal.se/organisation/SE"
#: The checksum algorithm DCAT-AP-SE 3.0.1 accepts (its only choice for spdx:algorithm).
CHECKSUM_ALGORITHM = SPDX.checksumAlgorithm_sha1
SHAPES_FILE = "shapes.ttl"
DCATAP = Namespace("http://data.europa.eu/r5r/")


#: Each distribution's description; ``{}`` is the syntax's name.
DESCRIPTION = {
    "sv": "Kunskapsgrafen (ontologi och data) i {}.",
    "en": "The knowledge graph (ontology and data) in {}.",
}
SYNTAX_NAMES = {
    RdfFormat.TURTLE: "Turtle",
    RdfFormat.NTRIPLES: "N-Triples",
    RdfFormat.JSONLD: "JSON-LD",
    RdfFormat.RDFXML: "RDF/XML",
    RdfFormat.TRIG: "TriG",
}


def country_codes(data: Graph) -> list[str]:
    """The alpha-3 codes of every schema:Country with a sekom:countryCode, sorted."""
    codes = set()
    for country in data.subjects(RDF.type, SCHEMA.Country):
        for code in data.objects(country, SEKOM.countryCode):
            alpha2 = str(code).upper()
            if alpha2 not in ALPHA3:
                raise InputError(
                    f"{country}: country code {alpha2!r} has no alpha-3 code in "
                    "sekom_kg.core.authorities.ALPHA3; add it there"
                )
            codes.add(ALPHA3[alpha2])
    return sorted(codes)


def _concept(graph: Graph, subject: URIRef, predicate: URIRef, namespace: str, code: str) -> None:
    """``subject predicate <namespace+code>``, a skos:Concept labelled from its code."""
    concept = URIRef(namespace + code)
    _typed(graph, subject, predicate, concept, SKOS.Concept)
    label = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", code).replace("_", " ")
    graph.add((concept, SKOS.prefLabel, Literal(label[:1] + label[1:].lower(), lang="en")))


def _typed(graph: Graph, subject: URIRef, predicate: URIRef, obj: URIRef, cls: URIRef) -> None:
    graph.add((subject, predicate, obj))
    graph.add((obj, RDF.type, cls))


def _add_agents(graph: Graph, pub: Publication) -> None:
    config = pub.config
    publisher, contact = pub.publisher, pub.contact
    graph.add((publisher, RDF.type, FOAF.Agent))
    graph.add((publisher, RDF.type, FOAF.Organization))
    for lang, name in config.publisher_name.items():
        graph.add((publisher, FOAF.name, Literal(name, lang=lang)))
    if config.publisher_type:
        _concept(graph, publisher, DCTERMS.type, ADMS_PUBLISHER_TYPE, config.publisher_type)
    for lang, text in config.publisher_description.items():
        graph.add((publisher, DCTERMS.description, Literal(text, lang=lang)))
    if config.publisher_homepage:
        homepage = URIRef(config.publisher_homepage)
        _typed(graph, publisher, FOAF.homepage, homepage, FOAF.Document)
    if config.organisation_number:
        graph.add((publisher, DCTERMS.identifier, Literal(config.organisation_number)))
        same = URIRef(DATAPORTAL_ORGANISATION + config.organisation_number)
        graph.add((publisher, OWL.sameAs, same))
    # DCAT-AP-SE: exactly one of vcard:Individual / vcard:Organization; DCAT-AP: a vcard:Kind,
    # which vCard's own subclass axiom (stated here) makes it without inference.
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((VCARD.Organization, RDFS.subClassOf, VCARD.Kind))
    graph.add((contact, VCARD.fn, Literal(config.contact_name)))
    graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{config.contact_email}")))
    if config.contact_telephone:
        telephone = URIRef(f"{contact}/telephone")
        _typed(graph, contact, VCARD.hasTelephone, telephone, VCARD.Voice)
        number = re.sub(r"\s+", "-", config.contact_telephone)  # RFC 3966 visual separators
        graph.add((telephone, VCARD.hasValue, URIRef(f"tel:{number}")))
    if config.contact_address:
        address = URIRef(f"{contact}/address")
        _typed(graph, contact, VCARD.hasAddress, address, VCARD.Address)
        for part, value in sorted(config.contact_address.items()):
            graph.add((address, VCARD[part.replace("_", "-")], Literal(value)))


def _add_dates(graph: Graph, pub: Publication, node: URIRef) -> None:
    if pub.config.issued:
        graph.add((node, DCTERMS.issued, Literal(pub.config.issued, datatype=XSD.date)))


def _add_spatial(graph: Graph, pub: Publication, node: URIRef, data: Graph) -> None:
    for code in country_codes(data):
        _typed(graph, node, DCTERMS.spatial, pub.authority("country", code), DCTERMS.Location)


def _add_licence(graph: Graph, pub: Publication, node: URIRef) -> None:
    _typed(graph, node, DCTERMS.license, pub.licence, DCTERMS.LicenseDocument)
    if pub.config.licence_type:
        _concept(graph, pub.licence, DCTERMS.type, ADMS_LICENCE_TYPE, pub.config.licence_type)


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
    _add_licence(graph, pub, ds)
    _add_dates(graph, pub, ds)
    if config.version:
        graph.add((ds, DCAT.version, Literal(config.version)))
    # The data conforms to the published SHACL shapes (the build refuses it otherwise).
    shapes = pub.download_url(SHAPES_FILE)
    _typed(graph, ds, DCTERMS.conformsTo, shapes, DCTERMS.Standard)
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
    _add_spatial(graph, pub, ds, data)
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
    for lang, text in DESCRIPTION.items():
        graph.add((dist, DCTERMS.description, Literal(text.format(SYNTAX_NAMES[fmt]), lang=lang)))
    graph.add((dist, DCAT.accessURL, pub.download_url(name)))
    graph.add((dist, DCAT.downloadURL, pub.download_url(name)))
    _typed(graph, dist, DCAT.mediaType, URIRef(IANA_MEDIA + fmt.media_type), DCTERMS.MediaType)
    file_type = pub.authority("file-type", EU_FILE_TYPE[fmt])
    _typed(graph, dist, DCTERMS["format"], file_type, DCTERMS.MediaTypeOrExtent)
    _add_licence(graph, pub, dist)
    if pub.config.availability:
        table = pub.authority("planned-availability", "")
        _concept(graph, dist, DCATAP.availability, str(table), pub.config.availability)
    if content is None:  # the TriG's own copy: a file cannot contain its own checksum
        return
    graph.add((dist, DCAT.byteSize, Literal(str(len(content)), datatype=XSD.nonNegativeInteger)))
    checksum = URIRef(f"{dist}/checksum")
    _typed(graph, dist, SPDX.checksum, checksum, SPDX.Checksum)
    _typed(graph, checksum, SPDX.algorithm, CHECKSUM_ALGORITHM, SPDX.ChecksumAlgorithm)
    digest = hashlib.sha1(content, usedforsecurity=False).hexdigest()
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
    for lang in ("sv", "en"):  # the service gives the dataset: its keywords and themes
        for keyword in pub.config.keywords[lang]:
            graph.add((service, DCAT.keyword, Literal(keyword, lang=lang)))
    for theme in pub.config.themes:
        graph.add((service, DCAT.theme, pub.authority("data-theme", theme)))
    graph.add((service, DCAT.servesDataset, pub.dataset))
    graph.add((service, DCTERMS.publisher, pub.publisher))
    graph.add((service, DCAT.contactPoint, pub.contact))
    _typed(graph, service, DCTERMS.conformsTo, SPARQL_PROTOCOL, DCTERMS.Standard)
    results = pub.authority("file-type", "SPARQLQRES")  # it answers with SPARQL query results
    _typed(graph, service, DCTERMS["format"], results, DCTERMS.MediaTypeOrExtent)
    access = pub.authority("access-right", ACCESS_PUBLIC)
    _typed(graph, service, DCTERMS.accessRights, access, DCTERMS.RightsStatement)
    _add_licence(graph, pub, service)


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
    _add_licence(graph, pub, catalog)
    _add_dates(graph, pub, catalog)
    _typed(graph, catalog, FOAF.homepage, pub.local(""), FOAF.Document)
    taxonomy = URIRef(EU + "data-theme")
    _typed(graph, catalog, DCAT.themeTaxonomy, taxonomy, SKOS.ConceptScheme)
    graph.add((taxonomy, DCTERMS.title, Literal("Data theme", lang="en")))
    _add_spatial(graph, pub, catalog, data)
    for language in config.languages:
        language_iri = pub.authority("language", language)
        _typed(graph, catalog, DCTERMS.language, language_iri, DCTERMS.LinguisticSystem)
    _add_agents(graph, pub)
    _add_dataset(graph, pub, data)
    for fmt in DISTRIBUTION_FORMATS:
        _add_distribution(graph, pub, fmt, files.get(distribution_file(fmt)))
    _add_service(graph, pub)
    return graph
