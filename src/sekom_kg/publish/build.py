"""Build the publishable files: load → materialise → validate → (re-mint) → serialise → swap in.

Every output is deterministic: the same input gives byte-identical files, whatever the
process's hash seed. Nothing is written unless the graph conforms, and the old output
folder is replaced in one rename (it stays untouched if anything fails).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from sekom_kg.assembly.load import load_sources
from sekom_kg.assembly.ntriples import NTriples
from sekom_kg.assembly.remint import check_base, remint
from sekom_kg.assembly.rules import apply_rules
from sekom_kg.assembly.summary import GraphSummary
from sekom_kg.core import resources
from sekom_kg.core.config import Config, load_config
from sekom_kg.core.errors import InputError, NotConformingError
from sekom_kg.core.namespaces import BASE
from sekom_kg.metadata.document import Metadata
from sekom_kg.publish.outdir import MARKER, MARKER_TEXT, check_output_dir, write_atomically
from sekom_kg.rdfio.context import load_context
from sekom_kg.rdfio.formats import (
    RdfFormat,
    canonical,
    media_type_for,
    serialise,
    write,
    write_trig,
)
from sekom_kg.sparql.catalogue import catalogue_graph
from sekom_kg.sparql.rebase import rebase_context
from sekom_kg.validation.validate import ValidationReport, validate_graph

Progress = Callable[[str], None]

STEM = "sekom"
SHAPES_FILE = "shapes.ttl"
QUERIES_FILE = "queries.ttl"
MANIFEST_FILE = "manifest.json"
SINGLE_GRAPH_FORMATS = (RdfFormat.TURTLE, RdfFormat.NTRIPLES, RdfFormat.JSONLD, RdfFormat.RDFXML)


@dataclass(frozen=True)
class BuiltFile:
    """One written file as listed in ``manifest.json``."""

    name: str
    bytes: int
    sha256: str
    media_type: str


@dataclass
class BuildResult:
    """What ``build`` wrote and what it checked."""

    out_dir: Path
    files: list[BuiltFile]
    triples: int
    report: ValidationReport = field(repr=False)


def graph_iri(base: str, name: str) -> URIRef:
    """The IRI of a named graph in the TriG output, e.g. ``<base>dataset/graph/data``."""
    return URIRef(f"{base}dataset/graph/{name}")


#: The ``SOURCE_DATE_EPOCH`` values that are a time in the years 1–9999 (UTC).
EPOCH_RANGE = (-62135596800, 253402300799)


def check_source_date_epoch(value: int | None) -> int | None:
    """``value`` if it is None or a Unix time in the years 1–9999; InputError otherwise.

    >>> check_source_date_epoch(10**12)
    Traceback (most recent call last):
    sekom_kg.core.errors.InputError: source date epoch 1000000000000: not a Unix time in years ...
    """
    low, high = EPOCH_RANGE
    if value is not None and (isinstance(value, bool) or not low <= value <= high):
        raise InputError(f"source date epoch {value}: not a Unix time in years 1-9999")
    return value


def manifest(files: dict[str, bytes]) -> tuple[list[BuiltFile], bytes]:
    """The manifest entries and ``manifest.json`` bytes (sorted keys)."""
    entries = [
        BuiltFile(name, len(content), hashlib.sha256(content).hexdigest(), media_type_for(name))
        for name, content in sorted(files.items())
    ]
    document = {
        "files": {
            e.name: {"bytes": e.bytes, "media_type": e.media_type, "sha256": e.sha256}
            for e in entries
        }
    }
    return entries, (json.dumps(document, indent=2, sort_keys=True) + "\n").encode("utf-8")


def render(
    ontology: NTriples,
    data: NTriples,
    base: str,
    source_date_epoch: int | None,
    config: Config | None = None,
    full: NTriples | None = None,
) -> dict[str, bytes]:
    """Serialise every output file (except the manifest) into memory: data, then metadata.

    ``full`` is ``ontology | data`` if the caller has it already.
    """
    full = full if full is not None else ontology | data
    context = load_context()  # first: its errors name the file (the metadata hashes it too)
    context = rebase_context(context, base)
    metadata = Metadata(
        config or load_config(),
        base,
        GraphSummary.of(full),
        source_date_epoch,
        (SHAPES_FILE, QUERIES_FILE, MANIFEST_FILE),
    )
    files = {
        f"{STEM}{fmt.extension}": write(full, fmt, context, base) for fmt in SINGLE_GRAPH_FORMATS
    }
    named = {
        str(graph_iri(base, "ontology")): ontology,
        str(graph_iri(base, "data")): data,
        str(graph_iri(base, "metadata")): NTriples.from_rdflib(metadata.named_graph(files)),
    }
    files[f"{STEM}{RdfFormat.TRIG.extension}"] = write_trig(named, base)
    files[SHAPES_FILE] = resources.shapes_path().read_bytes()
    files[QUERIES_FILE] = serialise(canonical(catalogue_graph(base), base), RdfFormat.TURTLE, {})
    files.update(metadata.files(files))
    return files


def check_site_url(config: Config, base: str, override: str | None) -> str:
    """The site URL of a build; ConfigError if it or the download base cannot be served."""
    from sekom_kg.metadata.iris import Publication
    from sekom_kg.publish.publishing import check_publishing, site_url

    if override is not None:
        check_base(override, "site URL (--site-url)")
    served_at = site_url(config, base, override)
    check_publishing(base, served_at, str(Publication(config, base).download_url("")))
    return served_at


@dataclass(frozen=True)
class Assembled:
    """The validated graphs, under the publication's base."""

    ontology: NTriples
    data: NTriples
    shapes: Graph
    report: ValidationReport


def assemble(base: str, step: Progress, validator: str | None = None) -> Assembled:
    """Load → apply the rules → validate → re-mint under ``base``: the graphs to publish.

    Raises NotConformingError (nothing re-minted) if the graph does not conform.
    """
    step("loading ontology, shapes and data")
    sources = load_sources()
    step("applying the schema.org rules")
    data = sources.data | apply_rules(sources.data, sources.ontology)
    step("validating against SHACL shapes")
    report = validate_graph(sources.ontology | data, sources.shapes, validator=validator)
    if not report.conforms:
        raise NotConformingError(report)
    ontology = sources.ontology
    if base != BASE:
        step(f"re-minting under {base}")
        ontology, data = remint(ontology, base), remint(data, base)
    return Assembled(ontology, data, sources.shapes, report)


def build(
    out_dir: str | Path = "dist",
    base: str | None = None,
    source_date_epoch: int | None = None,
    progress: Progress | None = None,
    config: Config | None = None,
    site: bool = True,
    validator: str | None = None,
    site_url: str | None = None,
) -> BuildResult:
    """Build every output into ``out_dir``; if invalid raise NotConformingError, write nothing.

    ``config`` holds the publisher settings (default: the package's ``default_config.toml``);
    ``base`` overrides its ``base_iri``, ``site_url`` its ``site_url`` (where the site is
    served, see :mod:`sekom_kg.publish.publishing`); ``validator`` picks the SHACL engine (``fast``
    or ``pyshacl``, see :mod:`sekom_kg.validation.shacl_engine`).
    """
    step: Progress = progress or (lambda _message: None)
    config = config or load_config()
    inputs = [Path(config.source)]
    check_output_dir(out_dir, inputs)  # before the work, not only at the end
    epoch = check_source_date_epoch(source_date_epoch)
    base = check_base(base or config.base_iri)
    served_at = check_site_url(config, base, site_url)
    graphs = assemble(base, step, validator)
    ontology, data, full = graphs.ontology, graphs.data, graphs.ontology | graphs.data
    step("serialising")
    files = render(ontology, data, base, epoch, config, full)
    entries, manifest_bytes = manifest(files)
    files[MANIFEST_FILE] = manifest_bytes
    if site:  # the static website under site/, from the files just rendered
        from sekom_kg.site import SITE_DIR, site_tree

        step("rendering the website")
        endpoint = config.sparql_endpoint
        files.update(site_tree(full, files, base, graphs.shapes, endpoint, served_at))
        files[f"{SITE_DIR}/{MARKER}"] = MARKER_TEXT  # so `sekom-kg site` may replace it
    step(f"writing {out_dir}")
    write_atomically(Path(out_dir), files, inputs)
    report = graphs.report
    return BuildResult(out_dir=Path(out_dir), files=entries, triples=len(full), report=report)
