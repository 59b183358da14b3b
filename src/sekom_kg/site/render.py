"""Render the whole website into memory: ``{site path: bytes}``, deterministic."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from rdflib import Graph, URIRef
from rdflib.term import Node

from sekom_kg.assembly.ntriples import NTriples
from sekom_kg.core.errors import InputError
from sekom_kg.core.namespaces import ONTOLOGY_PREFIX
from sekom_kg.rdfio.formats import write
from sekom_kg.site import conneg
from sekom_kg.site.describe import RESOURCE_FORMATS, by_subject, resource_files, resources
from sekom_kg.site.documents import site_documents
from sekom_kg.site.event_location import page_jsonld
from sekom_kg.site.layout import DOWNLOAD_DIR, Layout, relative, root_prefix
from sekom_kg.site.pages import linkable, resource_page

HERE = Path(__file__).parent
STATIC = ("site.css", "site.js", "timeline.js")
SCHEMA_JSONLD = "dataset.schema.jsonld"
MANIFEST = "manifest.json"
#: The longest file name (bytes) common file systems allow.
MAX_NAME = 255


@dataclass
class SiteInput:
    """What the site is made from: the built graph, the built files and settings."""

    triples: NTriples
    files: Mapping[str, bytes]
    base: str
    context: dict[str, Any]
    base_url: str | None = None
    shapes: Graph | None = None
    sparql_endpoint: str | None = None
    queries_dir: Path | None = None

    @cached_property
    def graph(self) -> Graph:
        """The published graph as an rdflib graph (read-only)."""
        return self.triples.to_rdflib(self.base)

    @cached_property
    def by_subject(self) -> dict[str, list[str]]:
        """The published N-Triples lines by subject (see :func:`describe.by_subject`)."""
        return by_subject(self.triples)

    @property
    def deploy_url(self) -> str:
        """Where the site is served (defaults to the IRI base)."""
        return self.base_url or self.base

    @cached_property
    def manifest(self) -> dict[str, dict[str, Any]]:
        """The ``files`` table of ``manifest.json`` (empty if there is none)."""
        if MANIFEST not in self.files:
            return {}
        return dict(json.loads(self.files[MANIFEST])["files"])


class JsonText(str):
    """JSON already written (indent 2, UTF-8), embedded by :func:`json_island` as it is."""


#: Characters JSON may hold (only inside strings) that the HTML parser or a script reader
#: would act on, as the JSON escapes that mean the same string.
_ISLAND_ESCAPES = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def json_island(value: Any) -> str:
    """JSON safe to embed in a ``<script>`` element: no ``<``, ``>`` or ``&`` in it.

    ``</script>``, ``<!--`` and ``<script`` inside a string would otherwise end the element
    or switch the HTML parser into a state where it does not end.

    >>> print(json_island("</script><!--<script>&"))
    "\\u003c/script\\u003e\\u003c!--\\u003cscript\\u003e\\u0026"
    """
    if isinstance(value, JsonText):
        text = value.rstrip("\n")
    else:
        text = json.dumps(value, indent=2, ensure_ascii=False, sort_keys=False)
    return text.translate(_ISLAND_ESCAPES)


def environment() -> Environment:
    """The Jinja2 environment over the bundled templates (autoescaping on)."""
    env = Environment(
        loader=FileSystemLoader(str(HERE / "templates")),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["relative"] = relative
    env.globals["linkable"] = linkable
    return env


class Renderer:
    """Renders pages of one site, adding each to ``self.out``."""

    def __init__(self, source: SiteInput) -> None:
        self.source = source
        self.layout = Layout(source.base)
        self.env = environment()
        self.out: dict[str, bytes] = {}
        self.label_cache: dict[Node, dict[str, str]] = {}

    def page(self, path: str, template: str, **context: Any) -> None:
        """Render ``template`` to ``path`` with the shared context."""
        html = self.env.get_template(template).render(
            root=root_prefix(path), here=path, json_island=json_island, **context
        )
        self.out[path] = html.encode("utf-8")

    def resource(self, iri: URIRef) -> None:
        """The page of one resource and its four RDF files."""
        stem = self.layout.stem(str(iri)) or ""
        longest = MAX_NAME - len(".jsonld")
        if max(len(part.encode("utf-8")) for part in stem.split("/")) > longest:
            shown = str(iri) if len(str(iri)) <= 100 else str(iri)[:100] + "…"
            raise InputError(
                f"{shown}: a segment of this IRI is too long for a file name of its page "
                f"(at most {longest} bytes; build with --no-site to skip the site)"
            )
        source = self.source
        rdf = resource_files(source.by_subject, iri, stem, source.base, source.context)
        self.out.update(rdf)
        model = resource_page(self.source.graph, self.layout, iri, self.label_cache)
        alternates = [
            (fmt.media_type, relative(model.path, f"{stem}{fmt.extension}"))
            for fmt in RESOURCE_FORMATS
        ]
        text = rdf[f"{stem}.jsonld"].decode("utf-8")
        jsonld = page_jsonld(text, self.source.graph, iri) or JsonText(text)
        self.page(model.path, "resource.html.j2", r=model, alternates=alternates, jsonld=jsonld)

    def ontology_files(self) -> None:
        """The ontology (the triples about terms under the ontology IRI) in every format."""
        terms = f"<{ONTOLOGY_PREFIX}"
        described = NTriples([line for line in self.source.triples.lines if line.startswith(terms)])
        for fmt in RESOURCE_FORMATS:
            self.out[f"ontology{fmt.extension}"] = write(
                described, fmt, self.source.context, self.source.base
            )

    def deployment(self) -> None:
        """Static assets, downloads and the server rules."""
        for name in STATIC:
            self.out[f"static/{name}"] = (HERE / "static" / name).read_bytes()
        for name in self.source.manifest:
            self.out[f"{DOWNLOAD_DIR}{name}"] = bytes(self.source.files[name])
        if MANIFEST in self.source.files:
            self.out[f"{DOWNLOAD_DIR}{MANIFEST}"] = bytes(self.source.files[MANIFEST])
        self.out.update(site_documents(self.source.files, self.source.base, self.source.context))
        url = self.source.deploy_url
        self.out[".htaccess"] = conneg.apache(url).encode("utf-8")
        self.out["conneg.nginx.conf"] = conneg.nginx(url).encode("utf-8")
        if url != self.source.base:  # served elsewhere: the base redirects there
            self.out["w3id/.htaccess"] = conneg.w3id(self.source.base, url).encode("utf-8")


def render_site(source: SiteInput) -> dict[str, bytes]:
    """Every file of the website, by path relative to the site root."""
    from sekom_kg.site.portal import render_portal
    from sekom_kg.site.sections import render_sections

    renderer = Renderer(source)
    for iri in resources(source.graph, renderer.layout):
        renderer.resource(iri)
    renderer.ontology_files()
    renderer.deployment()
    render_sections(renderer)
    render_portal(renderer)
    return dict(sorted(renderer.out.items()))
