"""The IRIs of the published metadata (catalogue, dataset, distributions …) for one build.

Configured IRIs under the default base follow a re-minted base, like the data does.

>>> from sekom_kg.core.config import load_config
>>> pub = Publication(load_config(), "https://example.org/kg/")
>>> str(pub.dataset), str(pub.publisher)
('https://example.org/kg/dataset', 'https://example.org/kg/id/org/sekom')
>>> str(pub.download_url("sekom.ttl"))
'https://example.org/kg/download/sekom.ttl'
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Namespace, URIRef

from sekom_kg.assembly.remint import remint_term
from sekom_kg.core.config import Config
from sekom_kg.core.namespaces import BASE
from sekom_kg.rdfio.formats import RdfFormat

SPDX = Namespace("http://spdx.org/rdf/terms#")
EU = "http://publications.europa.eu/resource/authority/"
IANA_MEDIA = "https://www.iana.org/assignments/media-types/"
#: EU file-type authority codes of the RDF distributions.
EU_FILE_TYPE = {
    RdfFormat.TURTLE: "RDF_TURTLE",
    RdfFormat.NTRIPLES: "RDF_N_TRIPLES",
    RdfFormat.JSONLD: "JSON_LD",
    RdfFormat.RDFXML: "RDF_XML",
    RdfFormat.TRIG: "RDF_TRIG",
}
#: The data distributions, in catalogue order.
DISTRIBUTION_FORMATS = tuple(EU_FILE_TYPE)
STEM = "sekom"


def distribution_file(fmt: RdfFormat) -> str:
    """The dist/ file name of one RDF distribution, e.g. ``sekom.ttl``."""
    return f"{STEM}{fmt.extension}"


@dataclass(frozen=True)
class Publication:
    """A config plus the effective base: every metadata IRI of one build."""

    config: Config
    base: str

    def iri(self, value: str) -> URIRef:
        """A configured IRI, moved to ``base`` if it lies under the default base."""
        term = remint_term(URIRef(value), self.base, BASE) if self.base != BASE else value
        return URIRef(str(term))

    def local(self, path: str) -> URIRef:
        """An IRI minted under the base, e.g. ``local("catalog")``."""
        return URIRef(self.base + path)

    @property
    def catalog(self) -> URIRef:
        return self.local("catalog")

    @property
    def dataset(self) -> URIRef:
        return self.local("dataset")

    @property
    def publisher(self) -> URIRef:
        return self.iri(self.config.publisher_iri)

    @property
    def contact(self) -> URIRef:
        return self.local("dataset/contact")

    @property
    def service(self) -> URIRef:
        return self.local("dataset/service/sparql")

    @property
    def sparql_endpoint(self) -> URIRef | None:
        endpoint = self.config.sparql_endpoint
        return self.iri(endpoint) if endpoint else None

    def distribution(self, fmt: RdfFormat) -> URIRef:
        return self.local(f"dataset/distribution/{fmt.cli_name}")

    def download_url(self, name: str) -> URIRef:
        return URIRef(str(self.iri(self.config.download_base)) + name)

    @property
    def licence(self) -> URIRef:
        return URIRef(self.config.licence)

    def authority(self, table: str, code: str) -> URIRef:
        """An EU Publications Office authority IRI, e.g. ``authority("language", "SWE")``."""
        return URIRef(f"{EU}{table}/{code}")
