"""All dataset metadata of a build: DCAT catalogue, VoID, schema.org Dataset and PROV.

``build`` writes the data files first, then asks this module for the metadata, so sizes
and checksums describe the real bytes. The TriG's metadata graph holds the same
statements, except the TriG distribution's own size and checksum (a file cannot contain
its own hash).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef

from sekom_kg.assembly.load import data_files
from sekom_kg.assembly.summary import GraphSummary
from sekom_kg.core import resources
from sekom_kg.core.config import Config
from sekom_kg.core.namespaces import DCTERMS, RDF, SCHEMA, prefixes
from sekom_kg.metadata.dcat import catalog_graph
from sekom_kg.metadata.iris import (
    DISTRIBUTION_FORMATS,
    SPDX,
    Publication,
    distribution_file,
)
from sekom_kg.metadata.prov import git_commit, prov_graph, timestamp
from sekom_kg.metadata.schema_org import schema_document, schema_graph, serialise_schema
from sekom_kg.metadata.void import void_graph
from sekom_kg.rdfio.formats import RdfFormat, canonical, serialise
from sekom_kg.validation.validate import merge

CATALOG_STEM = "catalog"
CATALOG_FORMATS = (RdfFormat.TURTLE, RdfFormat.JSONLD, RdfFormat.RDFXML)
VOID_FILE = "void.ttl"
SCHEMA_FILE = "dataset.schema.jsonld"
PROV_FILE = "prov.ttl"
METADATA_FILES = (
    *(f"{CATALOG_STEM}{fmt.extension}" for fmt in CATALOG_FORMATS),
    VOID_FILE,
    SCHEMA_FILE,
    PROV_FILE,
)


def source_files() -> list[tuple[str, bytes]]:
    """Every input of the build as (path relative to the bundle root, content)."""
    root = resources.bundle_root()
    paths = [
        resources.ontology_path(),
        resources.shapes_path(),
        resources.context_path(),
        *data_files(),
    ]
    return [(Path(p).relative_to(root).as_posix(), Path(p).read_bytes()) for p in paths]


def catalog_context(base: str) -> dict[str, Any]:
    """The JSON-LD context of ``catalog.jsonld``: the standard prefixes plus ``spdx``."""
    mapping = {**prefixes(base), "spdx": str(SPDX)}
    return {prefix: mapping[prefix] for prefix in sorted(mapping)}


def countries(graph: Graph) -> list[tuple[str, str]]:
    """(IRI, English name) of every schema:Country in ``graph``, sorted by IRI."""
    found = []
    for country in set(graph.subjects(RDF.type, SCHEMA.Country)):
        names = sorted(
            str(n)
            for n in graph.objects(country, SCHEMA.name)
            if isinstance(n, Literal) and n.language == "en"
        )
        if isinstance(country, URIRef) and names:
            found.append((str(country), names[0]))
    return sorted(found)


@dataclass
class Metadata:
    """The metadata of one build of the published graph (ontology + data), from its summary."""

    config: Config
    base: str
    summary: GraphSummary
    source_date_epoch: int | None = None
    outputs: tuple[str, ...] = ()
    sources: list[tuple[str, bytes]] = field(default_factory=source_files)
    commit: str | None = field(default_factory=git_commit)

    @property
    def publication(self) -> Publication:
        return Publication(self.config, self.base)

    def catalog(self, files: Mapping[str, bytes]) -> Graph:
        """The DCAT catalogue, with sizes and checksums of the data files in ``files``."""
        pub = self.publication
        graph = catalog_graph(pub, self.summary.countries, dict(files))
        if self.source_date_epoch is not None:
            for node in (pub.catalog, pub.dataset):
                graph.add((node, DCTERMS.modified, timestamp(self.source_date_epoch)))
        return graph

    def void(self) -> Graph:
        return void_graph(self.publication, self.summary)

    def schema(self) -> dict[str, Any]:
        return schema_document(self.publication, countries(self.summary.countries))

    def prov(self) -> Graph:
        outputs = {*self.outputs, *METADATA_FILES}
        outputs |= {distribution_file(fmt) for fmt in DISTRIBUTION_FORMATS}
        return prov_graph(
            self.publication, self.sources, outputs, self.source_date_epoch, self.commit
        )

    def named_graph(self, files: Mapping[str, bytes]) -> Graph:
        """Everything, as one canonical graph for the TriG's metadata named graph."""
        parts = [self.catalog(files), self.void(), self.prov()]
        parts.append(schema_graph(self.schema(), self.base))
        return canonical(merge(*parts), self.base)

    def files(self, files: Mapping[str, bytes]) -> dict[str, bytes]:
        """The metadata files; ``files`` must already hold every data distribution."""
        context = catalog_context(self.base)
        catalog = canonical(self.catalog(files), self.base)
        catalog.bind("spdx", SPDX)
        out = {
            f"{CATALOG_STEM}{fmt.extension}": serialise(catalog, fmt, context)
            for fmt in CATALOG_FORMATS
        }
        out[VOID_FILE] = serialise(canonical(self.void(), self.base), RdfFormat.TURTLE, {})
        out[SCHEMA_FILE] = serialise_schema(self.schema())
        out[PROV_FILE] = serialise(canonical(self.prov(), self.base), RdfFormat.TURTLE, {})
        return out
