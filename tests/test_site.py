"""The static website (no browser): files, links, per-resource RDF and conneg rules."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from sekom_kg.assembly.ntriples import NTriples
from sekom_kg.cli import cli
from sekom_kg.publish.build import build
from sekom_kg.site import conneg, negotiation
from sekom_kg.site.describe import by_subject, description
from sekom_kg.site.layout import Layout

BASE = "https://w3id.org/sekom/"
EVENT = "id/event/2007-robertsfors-machakos-visit"


@pytest.fixture
def site(mini_bundle: Path, tmp_path: Path) -> Path:
    build(tmp_path / "dist")
    return tmp_path / "dist" / "site"


class Links(HTMLParser):
    """Collects href/src values and whether every text-bearing element has a lang."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.ld: list[str] = []
        self._in_ld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for key in ("href", "src"):
            if found.get(key):
                self.urls.append(str(found[key]))
        self._in_ld = tag == "script" and found.get("type") == "application/ld+json"

    def handle_data(self, data: str) -> None:
        if self._in_ld and data.strip():
            self.ld.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_ld = False


def parse(page: Path) -> Links:
    links = Links()
    links.feed(page.read_text(encoding="utf-8"))
    return links


def test_every_internal_link_resolves(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        for url in parse(page).urls:
            parts = urlsplit(url)
            if parts.scheme in ("http", "https", "mailto", "data") or not parts.path:
                assert parts.scheme != "" or parts.fragment, (page, url)
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            assert target.is_file(), f"{page.relative_to(site)}: broken link {url}"
            assert site.resolve() in target.parents


def test_resource_page_and_files(site: Path) -> None:
    page = site / f"{EVENT}.html"
    html = page.read_text(encoding="utf-8")
    for ext in (".ttl", ".jsonld", ".rdf", ".nt"):
        assert (site / f"{EVENT}{ext}").is_file()
        assert f'href="2007-robertsfors-machakos-visit{ext}"' in html
    assert 'lang="sv"' in html and 'lang="en"' in html
    assert "https://www.sekom.se/Internationella-samarbeten" in html
    (island,) = parse(page).ld
    embedded = Graph().parse(data=island, format="json-ld")
    published = NTriples.from_bytes((site.parent / "sekom.nt").read_bytes())
    expected = description(by_subject(published), URIRef(BASE + EVENT)).to_rdflib()
    assert isomorphic(embedded, expected)
    for ext, fmt in ((".ttl", "turtle"), (".nt", "nt"), (".rdf", "xml"), (".jsonld", "json-ld")):
        assert isomorphic(Graph().parse(site / f"{EVENT}{ext}", format=fmt), expected), ext


def combined_graph_of(site: Path) -> Graph:
    return Graph().parse(site.parent / "sekom.nt", format="nt")


def test_jsonld_uses_local_context(site: Path) -> None:
    document = json.loads((site / f"{EVENT}.jsonld").read_text(encoding="utf-8"))
    assert isinstance(document["@context"], dict)


def test_landing_lists_downloads(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    manifest = json.loads((site.parent / "manifest.json").read_text(encoding="utf-8"))["files"]
    for name, entry in manifest.items():
        assert f'href="download/{name}"' in html
        assert entry["sha256"] in html
        assert (site / "download" / name).read_bytes() == (site.parent / name).read_bytes()
    (island,) = parse(site / "index.html").ld
    assert json.loads(island)["@type"] == "Dataset"
    assert "CC BY 4.0" in html


def test_timeline_and_map_pages(site: Path) -> None:
    html = (site / "timeline.html").read_text(encoding="utf-8")
    assert 'data-year="2007"' in html and f'href="{EVENT}.html"' in html
    assert (site / "map.html").is_file() and "<svg" in (site / "map.html").read_text()


def test_conneg_rules_map_to_existing_files(site: Path) -> None:
    layout = Layout(BASE)
    stems = [layout.stem(str(s)) for s in combined_graph_of(site).subjects()]
    stems = sorted({s for s in stems if s})
    assert EVENT in stems
    for media_type, _ext in conneg.MEDIA_TYPES:
        for stem in stems:
            assert (site / conneg.target(stem, media_type)).is_file(), (stem, media_type)
        for path in ("dataset", "ontology", "", "catalog", "query/prefixes", "shapes"):
            assert (site / conneg.target(path, media_type)).is_file(), (path, media_type)
    apache = (site / ".htaccess").read_text(encoding="utf-8")
    accept = re.findall(r"^RewriteCond %\{HTTP_ACCEPT\} (\S+) \[NC\]$", apache, re.MULTILINE)
    assert accept == [regex for regex, _ext in negotiation.rules()]
    for name in re.findall(r"^RewriteRule \S+ (\S+) \[R=303,L\]$", apache, re.MULTILINE):
        assert "$1" in name or (site / name).is_file(), name
    nginx = (site / "conneg.nginx.conf").read_text(encoding="utf-8")
    mapped = re.findall(r'^    "~\*(\S+)" (\.\w+);$', nginx, re.MULTILINE)
    assert mapped == list(negotiation.rules())
    assert "return 303" in nginx
    # Served at the base itself, nothing redirects: no w3id file (it would point at itself).
    assert not (site / "w3id").exists()


def test_site_command_with_base_url(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "other"
    result = CliRunner().invoke(
        cli,
        ["site", "--dist", str(site.parent), "--out", str(out), "--base-url", "https://ex.org/kg/"],
    )
    assert result.exit_code == 0, result.output
    assert 'RewriteBase "/kg/"' in (out / ".htaccess").read_text(encoding="utf-8")
    w3id = (out / "w3id" / ".htaccess").read_text(encoding="utf-8")
    assert '"https://ex.org/kg/$1.ttl" [R=303,L]' in w3id
    missing = CliRunner().invoke(cli, ["site", "--dist", str(tmp_path / "nope")])
    assert missing.exit_code == 2
