"""The static linked-data website: a page per resource, a timeline, a map, ontology and queries.

``site_files`` renders it into memory; ``build`` adds it under ``site/`` and
:func:`sekom_kg.publish.site_dist.build_site` renders it from a built ``dist/`` folder.
"""

from __future__ import annotations

from collections.abc import Mapping

from rdflib import Graph

from sekom_kg.assembly.ntriples import NTriples
from sekom_kg.core.namespaces import BASE
from sekom_kg.rdfio.context import load_context
from sekom_kg.site.conneg import config_value
from sekom_kg.site.render import SiteInput, render_site

__all__ = ["SITE_DIR", "SiteInput", "render_site", "site_files", "site_tree"]

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
    from sekom_kg.sparql.rebase import rebase_context

    config_value(base, "base IRI")  # both go into the server configs: fail before rendering
    if base_url is not None:
        config_value(base_url)
    source = SiteInput(
        triples=graph,
        files=files,
        base=base,
        context=rebase_context(load_context(), base),
        base_url=base_url,
        shapes=shapes,
        sparql_endpoint=sparql_endpoint or None,
    )
    return render_site(source)


def site_tree(
    graph: NTriples,
    files: Mapping[str, bytes],
    base: str,
    shapes: Graph | None,
    sparql_endpoint: str | None,
    base_url: str | None = None,
) -> dict[str, bytes]:
    """The website's files under ``site/``, for ``build`` to write beside the RDF files."""
    written = site_files(graph, files, base, base_url, shapes, sparql_endpoint)
    return {f"{SITE_DIR}/{name}": content for name, content in written.items()}
