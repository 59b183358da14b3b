"""Every namespace sekom-kg uses, in one place, and the prefixes every output binds.

>>> str(SEKOM.Activity)
'https://w3id.org/sekom/ontology#Activity'
>>> str(SCHEMA.Event)
'https://schema.org/Event'
"""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import (
    DCAT,
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SH,
    SKOS,
    VOID,
    XSD,
    DefinedNamespace,
)
from rdflib.term import IdentifiedNode

#: The root under which every sekom IRI is minted (re-mintable at build time).
BASE = "https://w3id.org/sekom/"
#: IRIs under this prefix are ontology terms and are never re-minted.
ONTOLOGY_PREFIX = BASE + "ontology"

ID = Namespace(BASE + "id/")
VOCAB = Namespace(BASE + "vocab/")
DATASET = URIRef(BASE + "dataset")


class SEKOM(DefinedNamespace):
    """The sekom ontology's terms (``ontology/sekom.ttl``); a misspelt term is an error.

    A closed namespace: ``SEKOM.count`` is the property, not ``str.count`` as on a plain
    :class:`~rdflib.Namespace`. A test keeps this list equal to the ontology's terms.

    >>> SEKOM.count
    rdflib.term.URIRef('https://w3id.org/sekom/ontology#count')
    """

    _NS = Namespace(ONTOLOGY_PREFIX + "#")
    _fail = True

    Activity: URIRef
    Agreement: URIRef
    AgreementSigning: URIRef
    Association: URIRef
    Collaboration: URIRef
    CollaborationMilestone: URIRef
    Company: URIRef
    Conference: URIRef
    Contact: URIRef
    Embassy: URIRef
    Foundation: URIRef
    Funding: URIRef
    FundingAward: URIRef
    GovernmentAgency: URIRef
    IntergovernmentalOrganisation: URIRef
    InternationalNetwork: URIRef
    Internship: URIRef
    Meeting: URIRef
    MemberCount: URIRef
    MunicipalNetwork: URIRef
    Municipality: URIRef
    OnlinePlatform: URIRef
    Participation: URIRef
    Project: URIRef
    ProjectMilestone: URIRef
    RegionalAuthority: URIRef
    SourceParagraph: URIRef
    SourceSection: URIRef
    StudyTour: URIRef
    Visit: URIRef
    WebMeeting: URIRef
    Workshop: URIRef

    activityType: URIRef
    agreementType: URIRef
    attestedIn: URIRef
    capacity: URIRef
    cause: URIRef
    concernsProject: URIRef
    count: URIRef
    countedUnit: URIRef
    country: URIRef
    countryCode: URIRef
    direction: URIRef
    evidence: URIRef
    followedBy: URIRef
    foundedBy: URIRef
    fromCountry: URIRef
    fromOrganisation: URIRef
    groupDescription: URIRef
    invitedAs: URIRef
    memberCount: URIRef
    municipalityCode: URIRef
    occasionCount: URIRef
    onBehalfOf: URIRef
    orderEvidence: URIRef
    paragraphText: URIRef
    partOfCollaboration: URIRef
    partOfProject: URIRef
    participation: URIRef
    partner: URIRef
    partnerCountry: URIRef
    party: URIRef
    plannedStart: URIRef
    platform: URIRef
    projectStatus: URIRef
    purpose: URIRef
    qualifier: URIRef
    quantifier: URIRef
    restartDoubtCause: URIRef
    schemaProperty: URIRef
    sectionYear: URIRef
    signatory: URIRef
    signedAt: URIRef
    topic: URIRef
    travelEvidence: URIRef


SCHEMA = Namespace("https://schema.org/")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")

__all__ = [
    "BASE",
    "DATASET",
    "DATA_LICENSE",
    "DCAT",
    "DCTERMS",
    "FOAF",
    "GEO",
    "ID",
    "ONTOLOGY_PREFIX",
    "ORG",
    "OWL",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SEKOM",
    "SH",
    "SKOS",
    "VCARD",
    "VOCAB",
    "VOID",
    "XSD",
    "bind_prefixes",
    "new_graph",
    "prefixes",
]


#: The one prefix of each namespace under the base (as paths below it): the data, the bundled
#: queries, ``ontology/context.jsonld`` and every output use these and no others for them
#: (``tests/test_prefixes.py``). One per kind, so Turtle local names never need an escaped ``/``.
LOCAL_PREFIXES = {
    "event": "id/event/",
    "participation": "id/participation/",
    "agent": "id/org/",
    "person": "id/person/",
    "place": "id/place/",
    "collaboration": "id/collaboration/",
    "project": "id/project/",
    "agreement": "id/agreement/",
    "funding": "id/funding/",
    "membership": "id/membership/",
    "observation": "id/observation/",
    "source": "id/source/",
    "paragraph": "id/source/internationella-samarbeten/",
    "vocab": "vocab/",
    "activity-type": "vocab/activity-type/",
    "agreement-type": "vocab/agreement-type/",
    "cause": "vocab/cause/",
    "direction": "vocab/direction/",
    "post": "vocab/post/",
    "project-status": "vocab/project-status/",
    "qualifier": "vocab/qualifier/",
    "quantifier": "vocab/quantifier/",
    "role": "vocab/role/",
    "unit": "vocab/unit/",
}

#: The prefixes of the other namespaces the graph and its outputs use.
EXTERNAL_PREFIXES = {
    "sekom": str(SEKOM),
    "schema": str(SCHEMA),
    "org": str(ORG),
    "prov": str(PROV),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "dcat": str(DCAT),
    "void": str(VOID),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "sh": str(SH),
    "xsd": str(XSD),
    "geo": str(GEO),
    "vann": "http://purl.org/vocab/vann/",
    "vcard": str(VCARD),
    "foaf": str(FOAF),
    "wd": "http://www.wikidata.org/entity/",
    "geonames": "https://sws.geonames.org/",
}


def prefixes(base: str = BASE) -> dict[str, str]:
    """The prefix map of the data and every output; local ones follow a re-minted ``base``."""
    local = {prefix: base + path for prefix, path in LOCAL_PREFIXES.items()}
    return EXTERNAL_PREFIXES | local


def bind_prefixes(graph: Graph, base: str = BASE) -> Graph:
    """Bind the standard prefixes on ``graph`` (replacing clashing bindings); returns it."""
    for prefix, namespace in prefixes(base).items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def new_graph(base: str = BASE, identifier: IdentifiedNode | str | None = None) -> Graph:
    """An empty graph with only the standard prefixes bound (none of rdflib's defaults)."""
    graph = Graph(identifier=identifier, bind_namespaces="none")
    return bind_prefixes(graph, base)


#: The licence of the published data (Creative Commons Attribution 4.0).
DATA_LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")


def curie(iri: str, base: str = BASE) -> str:
    """``iri`` shortened with the standard prefixes, for people to read.

    >>> curie("https://schema.org/Event"), curie("urn:x")
    ('schema:Event', 'urn:x')
    """
    matches = [(ns, p) for p, ns in prefixes(base).items() if iri.startswith(ns)]
    if not matches:
        return iri
    namespace, prefix = max(matches, key=lambda match: len(match[0]))
    return f"{prefix}:{iri[len(namespace) :]}"
