"""The URL layout of the website: which IRI is written at which path, and relative links.

A resource IRI ``<base>id/event/x`` is described by the sibling files ``id/event/x.html``,
``.ttl``, ``.jsonld``, ``.rdf`` and ``.nt``; ontology terms (hash IRIs) are anchors on
``ontology.html``; the dataset IRI and the base itself are the landing page ``index.html``.

>>> layout = Layout("https://w3id.org/sekom/")
>>> layout.page("https://w3id.org/sekom/id/event/2007-a")
'id/event/2007-a.html'
>>> layout.page("https://w3id.org/sekom/ontology#Activity")
'ontology.html#Activity'
>>> relative("id/event/2007-a.html", "id/org/sekom.html")
'../org/sekom.html'
>>> relative("index.html", "ontology.html#Activity")
'ontology.html#Activity'
>>> relative("id/event/a.html", "id/event/javascript:alert(1).html")
'./javascript:alert(1).html'
>>> relative("index.html", "id/org/a?b%20c.html")
'id/org/a%3Fb%2520c.html'
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote

from sekom_kg.core.namespaces import ONTOLOGY_PREFIX

#: Top-level IRI folders whose resources get a page of their own.
RESOURCE_FOLDERS = ("id/", "vocab/")
LANDING = "index.html"
ONTOLOGY_PAGE = "ontology.html"
TIMELINE_PAGE = "timeline.html"
MAP_PAGE = "map.html"
QUERIES_PAGE = "queries.html"
BROWSE_PAGE = "resources.html"
DOWNLOAD_DIR = "download/"
#: Characters a relative link keeps as they are (RFC 3986 pchar and "/", without "%").
PATH_SAFE = "/:@!$&'()*+,;=-._~"


@dataclass(frozen=True)
class Layout:
    """Maps IRIs minted under ``base`` to site paths (relative to the site root)."""

    base: str

    def stem(self, iri: str) -> str | None:
        """The path without extension of a resource that has its own files, else None."""
        if not iri.startswith(self.base) or "#" in iri:
            return None
        local = iri[len(self.base) :]
        if local.startswith(RESOURCE_FOLDERS) and "." not in local and not local.endswith("/"):
            return local
        return None

    def page(self, iri: str) -> str | None:
        """The HTML path (maybe with a fragment) that describes ``iri``, or None."""
        if iri.startswith(ONTOLOGY_PREFIX):
            fragment = iri.partition("#")[2]
            return ONTOLOGY_PAGE + (f"#{fragment}" if fragment else "")
        if iri in (self.base, self.base + "dataset"):
            return LANDING
        stem = self.stem(iri)
        return f"{stem}.html" if stem else None


@lru_cache(maxsize=65536)
def relative(from_page: str, to_path: str) -> str:
    """A relative URL from the page ``from_page`` to ``to_path`` (both site-root relative)."""
    path, hash_, fragment = to_path.partition("#")
    here = posixpath.dirname(from_page) or "."
    url = posixpath.relpath(path, here) if path else ""
    if path and path.endswith("/") and not url.endswith("/"):
        url += "/"
    url = quote(url, safe=PATH_SAFE)  # ``?`` and ``%`` of a file name are not a query or escape
    if ":" in url.split("/", 1)[0]:  # would read as a scheme (``javascript:…``): RFC 3986 4.2
        url = "./" + url
    return url + hash_ + fragment


def root_prefix(page: str) -> str:
    """The relative prefix from ``page`` back to the site root ('' or '../../').

    >>> root_prefix("id/event/x.html")
    '../../'
    """
    depth = page.count("/")
    return "../" * depth
