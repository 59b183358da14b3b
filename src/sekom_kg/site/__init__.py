"""The static linked-data website: a page per resource, a timeline, a map, ontology and queries.

``site_files`` renders it into memory (``build`` adds it under ``site/``); ``build_site``
renders it from a built ``dist/`` folder (``sekom-kg site``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from rdflib import Graph

from sekom_kg.errors import InputError
from sekom_kg.namespaces import BASE
from sekom_kg.ntriples import NTriples
from sekom_kg.site.render import MANIFEST, SiteInput, render_site

__all__ = ["SiteInput", "build_site", "render_site", "site_files", "site_tree"]

SITE_DIR = "site"


def site_files(
    graph: NTriples,
    files: Mapping[str, bytes],
    base: str = BASE,
    base_url: str | None = None,
    shapes: Graph | None = None,
    sparql_endpoint: str | None = None,
) -> dict[str, bytes]:
    """Every file of the website (paths relative to the site root) from the built graph/files."""
    from sekom_kg.build import load_context

    source = SiteInput(
        triples=graph,
        files=files,
        base=base,
        context=load_context(),
        base_url=base_url,
        shapes=shapes,
        sparql_endpoint=sparql_endpoint or None,
    )
    return render_site(source)


def _read_dist(dist: Path) -> tuple[NTriples, dict[str, bytes], Graph | None]:
    manifest = dist / MANIFEST
    if not manifest.is_file():
        raise InputError(f"{manifest}: no such file (run `sekom-kg build` first)")
    names = list(json.loads(manifest.read_text(encoding="utf-8"))["files"])
    files = {name: (dist / name).read_bytes() for name in names}
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
    from sekom_kg.urls import check_base, check_url

    check_base(base, "base IRI (--base)")
    if base_url is not None:
        check_base(base_url, "--base-url")
    if sparql_endpoint:
        check_url(sparql_endpoint, "--sparql-endpoint")


def build_site(
    dist: str | Path = "dist",
    out_dir: str | Path | None = None,
    base: str = BASE,
    base_url: str | None = None,
    sparql_endpoint: str | None = None,
) -> dict[str, int]:
    """Write the website for the built files in ``dist`` to ``out_dir`` (default dist/site).

    ``out_dir`` must be new, empty or written by sekom-kg, and may not hold ``dist``.

    Returns the written paths with their sizes.
    """
    from sekom_kg.outdir import check_output_dir, write_atomically

    _check_urls(base, base_url, sparql_endpoint)
    out = Path(out_dir) if out_dir else Path(dist) / SITE_DIR
    check_output_dir(out, [dist])  # never the dist itself or a folder holding it
    graph, files, shapes = _read_dist(Path(dist))
    written = site_files(graph, files, base, base_url, shapes, sparql_endpoint)
    write_atomically(out, written, [dist])
    return {name: len(content) for name, content in written.items()}


def site_tree(
    graph: NTriples,
    files: Mapping[str, bytes],
    base: str,
    shapes: Graph | None,
    sparql_endpoint: str | None,
) -> dict[str, bytes]:
    """The website's files under ``site/``, for ``build`` to write beside the RDF files."""
    written = site_files(graph, files, base, None, shapes, sparql_endpoint)
    return {f"{SITE_DIR}/{name}": content for name, content in written.items()}
