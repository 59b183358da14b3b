"""The publishing model: the base (where IRIs are minted) and the site URL (where it is served).

The site (``dist/site/``) is served at the site URL: it answers every IRI under the base
when the two are the same; else the base redirects to it (``dist/site/w3id/.htaccess``).
Download URLs must point at the files the site holds in ``download/``, directly or through
that redirect.

>>> check_publishing("https://w3id.org/x/", "https://ex.org/x/", "https://w3id.org/x/download/")
>>> check_publishing("https://w3id.org/x/", "https://w3id.org/x/", "https://ex.org/d/")
... # doctest: +ELLIPSIS
Traceback (most recent call last):
sekom_kg.core.errors.ConfigError: publishing.download_base https://ex.org/d/: the site does not ...
"""

from __future__ import annotations

from sekom_kg.core.config import Config
from sekom_kg.core.errors import ConfigError
from sekom_kg.site.conneg import check_redirect
from sekom_kg.site.layout import DOWNLOAD_DIR


def site_url(config: Config, base: str, override: str | None = None) -> str:
    """Where the site is served: ``override`` (``--site-url``), the config's, else the base."""
    from sekom_kg.metadata.iris import Publication

    if override:
        return override
    if config.site_url:
        return str(Publication(config, base).iri(config.site_url))
    return base


def download_bases(base: str, site: str) -> list[str]:
    """The download bases the site serves: its ``download/``, and the base's if it redirects."""
    served = [site + DOWNLOAD_DIR]
    return served if site == base else [*served, base + DOWNLOAD_DIR]


def check_publishing(base: str, site: str, download_base: str) -> None:
    """ConfigError (exit 2) if the base would redirect to itself or downloads are not served."""
    if site != base:
        check_redirect(base, site)
    served = download_bases(base, site)
    if download_base not in served:
        raise ConfigError(
            f"publishing.download_base {download_base}: the site does not serve it "
            f"(it holds the downloads at {' or '.join(served)})"
        )


def check_dist_downloads(catalog_ttl: bytes, base: str, site: str) -> None:
    """ConfigError unless the site at ``site`` serves the download URLs a built catalogue lists."""
    from rdflib import Graph

    from sekom_kg.core.namespaces import DCAT

    graph = Graph().parse(data=catalog_ttl, format="turtle")
    served = download_bases(base, site)
    for url in sorted(str(o) for o in graph.objects(None, DCAT.downloadURL)):
        if not any(url.startswith(prefix) for prefix in served):
            raise ConfigError(
                f"--base-url {site}: the dist's download URL {url} would not be served "
                f"(this site holds the downloads at {' or '.join(served)}); "
                "build again with --site-url"
            )
