"""``sekom-kg site``: the website rendered from an already built ``dist/`` folder."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path, PurePosixPath, PureWindowsPath

from rdflib import Graph, URIRef

from sekom_kg.assembly.ntriples import NTriples
from sekom_kg.core.errors import InputError
from sekom_kg.core.namespaces import BASE, DCAT, RDF
from sekom_kg.core.urls import check_base, check_url
from sekom_kg.publish.outdir import check_output_dir, write_atomically
from sekom_kg.publish.publishing import check_dist_downloads
from sekom_kg.site import SITE_DIR, site_files
from sekom_kg.site.render import MANIFEST


def _manifest_names(manifest: Path) -> list[str]:
    """The file names listed in ``manifest.json``; InputError if it is not a manifest."""
    try:
        document = json.loads(manifest.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"{manifest}: not a JSON manifest ({error})") from error
    files = document.get("files") if isinstance(document, dict) else None
    if not isinstance(files, dict):
        raise InputError(f"{manifest}: expected a JSON object with a 'files' object")
    return list(files)


def dist_file(dist: Path, name: str, manifest: Path) -> Path:
    """The file ``name`` of a manifest, which must lie inside ``dist``; InputError otherwise.

    Absolute names, ``..`` and symbolic links that lead out of ``dist`` are refused, so a
    crafted manifest cannot make the site read (and publish) any other file.
    """
    parts = PurePosixPath(name).parts
    if (
        not name
        or "\\" in name
        or PurePosixPath(name).is_absolute()
        or PureWindowsPath(name).drive
        or ".." in parts
    ):
        raise InputError(f"{manifest}: entry {name!r} is not a path inside {dist}")
    path = dist / name
    root = dist.resolve()
    try:
        resolved = path.resolve(strict=True)
    except (OSError, RuntimeError) as error:
        raise InputError(f"{manifest}: entry {name!r}: no such file in {dist}") from error
    if not resolved.is_relative_to(root) or not resolved.is_file():
        raise InputError(f"{manifest}: entry {name!r} is not a file inside {dist}")
    return path


def _read_dist(dist: Path) -> tuple[NTriples, dict[str, bytes], Graph | None]:
    manifest = dist / MANIFEST
    if not manifest.is_file():
        raise InputError(f"{manifest}: no such file (run `sekom-kg build` first)")
    paths = {name: dist_file(dist, name, manifest) for name in _manifest_names(manifest)}
    files = {name: path.read_bytes() for name, path in paths.items()}
    files[MANIFEST] = manifest.read_bytes()
    if "sekom.nt" not in files:
        raise InputError(f"{dist}: no sekom.nt in manifest.json")
    graph = NTriples.from_bytes(files["sekom.nt"])
    shapes = (
        Graph().parse(data=files["shapes.ttl"], format="turtle") if "shapes.ttl" in files else None
    )
    return graph, files, shapes


def _check_urls(base: str, base_url: str | None, sparql_endpoint: str | None) -> None:
    """InputError unless the base, the deployment URL and the endpoint are valid http(s) URLs."""
    check_base(base, "base IRI (--base)")
    if base_url is not None:
        check_base(base_url, "--base-url")
    if sparql_endpoint:
        check_url(sparql_endpoint, "--sparql-endpoint")


def built_base(files: Mapping[str, bytes]) -> str:
    """The base a dist was built with: its catalogue's IRI less ``catalog`` (else the default)."""
    if "catalog.ttl" not in files:
        return BASE
    graph = Graph().parse(data=bytes(files["catalog.ttl"]), format="turtle")
    catalogs = sorted(
        str(c) for c in graph.subjects(RDF.type, DCAT.Catalog) if isinstance(c, URIRef)
    )
    for catalog in catalogs:
        if catalog.endswith("/catalog"):
            return catalog[: -len("catalog")]
    return BASE


def build_site(
    dist: str | Path = "dist",
    out_dir: str | Path | None = None,
    base: str | None = None,
    base_url: str | None = None,
    sparql_endpoint: str | None = None,
) -> dict[str, int]:
    """Write the website for the built files in ``dist`` to ``out_dir`` (default dist/site).

    ``out_dir`` must be new, empty or written by sekom-kg, and may not hold ``dist``;
    ``base`` is the one the dist was built with (default: read from its catalogue).

    Returns the written paths with their sizes.
    """
    _check_urls(BASE if base is None else base, base_url, sparql_endpoint)  # before any work
    out = Path(out_dir) if out_dir else Path(dist) / SITE_DIR
    check_output_dir(out, [dist])  # never the dist itself or a folder holding it
    graph, files, shapes = _read_dist(Path(dist))
    base = base if base is not None else built_base(files)
    if "catalog.ttl" in files:
        check_dist_downloads(bytes(files["catalog.ttl"]), base, base_url or base)
    written = site_files(graph, files, base, base_url, shapes, sparql_endpoint)
    write_atomically(out, written, [dist])
    return {name: len(content) for name, content in written.items()}
