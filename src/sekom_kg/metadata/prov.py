"""PROV-O for one build: the build activity, the source files it used, the files it generated.

Source files are identified by RFC 6920 named-information IRIs (``ni:///sha-256;…``) made
from their content, so the description is the same wherever the sources were checked out.
No timestamps unless ``SOURCE_DATE_EPOCH`` is given: builds stay byte-identical.
"""

from __future__ import annotations

import base64
import hashlib
import subprocess
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from sekom_kg import __version__
from sekom_kg.core.namespaces import DCTERMS, PROV, RDF, RDFS, SCHEMA, XSD, new_graph
from sekom_kg.metadata.iris import Publication


def named_information(content: bytes) -> URIRef:
    """The RFC 6920 ``ni`` IRI of ``content``.

    >>> str(named_information(b""))
    'ni:///sha-256;47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU'
    """
    digest = base64.urlsafe_b64encode(hashlib.sha256(content).digest()).rstrip(b"=")
    return URIRef("ni:///sha-256;" + digest.decode("ascii"))


def git_commit(directory: Path | None = None) -> str | None:
    """``git rev-parse HEAD`` of the checkout holding this package, or None if not a checkout."""
    where = directory or Path(__file__).resolve().parent
    try:
        done = subprocess.run(
            ["git", "-C", str(where), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    commit = done.stdout.strip()
    return commit if done.returncode == 0 and len(commit) == 40 else None


def timestamp(source_date_epoch: int) -> Literal:
    """``SOURCE_DATE_EPOCH`` as an ``xsd:dateTime`` literal in UTC."""
    stamp = datetime.fromtimestamp(source_date_epoch, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return Literal(stamp, datatype=XSD.dateTime, normalize=False)


def prov_graph(
    pub: Publication,
    sources: Iterable[tuple[str, bytes]],
    outputs: Iterable[str],
    source_date_epoch: int | None,
    commit: str | None,
) -> Graph:
    """The build as a prov:Activity; ``sources`` are (relative path, content) pairs."""
    graph = new_graph(pub.base)
    used = sorted((named_information(content), name) for name, content in sources)
    fingerprint = hashlib.sha256("\n".join(str(iri) for iri, _ in used).encode()).hexdigest()
    activity = pub.local(f"dataset/build/{fingerprint[:16]}")
    agent = pub.local(f"dataset/software/sekom-kg/{__version__}")
    graph.add((activity, RDF.type, PROV.Activity))
    graph.add((activity, RDFS.label, Literal(f"sekom-kg build {fingerprint[:16]}", lang="en")))
    graph.add((activity, PROV.wasAssociatedWith, agent))
    graph.add((agent, RDF.type, PROV.SoftwareAgent))
    graph.add((agent, RDF.type, SCHEMA.SoftwareApplication))  # the domain of softwareVersion
    graph.add((agent, RDFS.label, Literal(f"sekom-kg {__version__}")))
    graph.add((agent, SCHEMA.softwareVersion, Literal(__version__)))
    if commit:
        graph.add((agent, DCTERMS.identifier, Literal(f"git:{commit}")))
    if source_date_epoch is not None:
        graph.add((activity, PROV.endedAtTime, timestamp(source_date_epoch)))
    for iri, name in used:
        graph.add((activity, PROV.used, iri))
        graph.add((iri, RDF.type, PROV.Entity))
        graph.add((iri, RDFS.label, Literal(name)))
    for name in sorted(outputs):
        output = pub.download_url(name)
        graph.add((activity, PROV.generated, output))
        graph.add((output, RDF.type, PROV.Entity))
        graph.add((output, PROV.wasGeneratedBy, activity))
    graph.add((pub.dataset, PROV.wasGeneratedBy, activity))
    graph.add((pub.dataset, PROV.wasDerivedFrom, URIRef(pub.config.source_page)))
    return graph
