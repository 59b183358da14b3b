"""The published site on real Debian Apache and nginx, and the w3id file on an Apache for w3id.

One build under a base and a site URL that are not the defaults: the base is served by an
Apache that stands in for w3id.org (the generated ``w3id/.htaccess`` at the base's path),
the site by an Apache (its ``.htaccess``) and by nginx (the generated server file, with only
``listen`` and ``root`` set). Every IRI under the base found in any published file is
requested with several ``Accept`` headers, and a sample with every kind.
"""

from __future__ import annotations

import html
import http.client
import re
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from click.testing import CliRunner
from oxigraph_server import free_port
from rdflib import Dataset, Graph, URIRef
from web_servers import (
    REQUIRE_ENV,
    readable,
    require_binary,
    running_apache,
    running_nginx,
)

from sekom_kg.cli import cli
from sekom_kg.site.documents import document

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
#: Accept kind → (header or None, the extension served, the media type served).
KINDS: dict[str, tuple[str | None, str, str]] = {
    "turtle": ("text/turtle", ".ttl", "text/turtle"),
    "json-ld": ("application/ld+json", ".jsonld", "application/ld+json"),
    "rdf-xml": ("application/rdf+xml", ".rdf", "application/rdf+xml"),
    "n-triples": ("application/n-triples", ".nt", "application/n-triples"),
    "json": ("application/json", ".jsonld", "application/ld+json"),
    "html": ("text/html", ".html", "text/html"),
    "browser": (BROWSER, ".html", "text/html"),
    "none": (None, ".html", "text/html"),
    "q0": ("text/turtle;q=0, application/rdf+xml;q=0.5, */*;q=0.1", ".rdf", "application/rdf+xml"),
    "mixed-case": ("Application/N-Triples;Q=0.9, TEXT/HTML;q=0.2", ".nt", "application/n-triples"),
}
EVERY_IRI_KINDS = ("turtle", "json", "browser")
RDF_FORMATS = {".ttl": "turtle", ".jsonld": "json-ld", ".rdf": "xml", ".nt": "nt"}
PARSED = {".ttl": "turtle", ".nt": "nt", ".rdf": "xml", ".jsonld": "json-ld", ".trig": "trig"}
NOT_PUBLISHED = (".htaccess", "conneg.nginx.conf", ".sekom-kg-output")


@dataclass
class Deployment:
    """The build and the three servers."""

    base: str
    site: str
    dist: Path
    w3id: str  # http://127.0.0.1:PORT of the w3id stand-in (the base's host)
    apache: str
    nginx: str
    iris: list[str] = field(default_factory=list)


def _published_iris(dist: Path, base: str) -> list[str]:
    """Every IRI under ``base`` in a published file (RDF parsed; pages and JSON by text)."""
    found: set[str] = set()
    pattern = re.compile(re.escape(base) + r"[^\s\"'<>\\]*")
    for path in sorted(p for p in dist.rglob("*") if p.is_file()):
        if path.name in NOT_PUBLISHED or "/site/w3id/" in path.as_posix():
            continue
        in_resource_folder = re.search(r"/site/(id|vocab)/", path.as_posix())
        if path.suffix in PARSED and not in_resource_folder:
            graph = Dataset()
            graph.parse(path, format=PARSED[path.suffix])
            found |= {str(t) for q in graph.quads() for t in q if isinstance(t, URIRef)}
        elif path.suffix in (".html", ".json", ".js"):
            found |= set(pattern.findall(html.unescape(path.read_text("utf-8"))))
    return sorted(iri for iri in found if iri.startswith(base))


@pytest.fixture(scope="module")
def deployed() -> Iterator[Deployment]:
    # Not under pytest's temp folder (0700): the servers' workers (nobody, as root) read it.
    tmp = Path(tempfile.mkdtemp(prefix="sekom-kg-web-"))
    try:
        yield from _deploy(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _deploy(tmp: Path) -> Iterator[Deployment]:
    w3id_port, apache_port = free_port(), free_port()
    base = f"http://127.0.0.1:{w3id_port}/w3/kg/"
    site = f"http://127.0.0.1:{apache_port}/pub/site/"
    dist = tmp / "dist"
    args = ["build", "--base", base, "--site-url", site, "--out", str(dist)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    www, w3id_root = tmp / "www", tmp / "w3id"
    shutil.copytree(dist / "site", www / "pub" / "site")
    (w3id_root / "w3" / "kg").mkdir(parents=True)
    shutil.copy(dist / "site" / "w3id" / ".htaccess", w3id_root / "w3" / "kg" / ".htaccess")
    for root in (tmp, www, w3id_root):
        readable(root)
    nginx_config = (dist / "site" / "conneg.nginx.conf").read_text(encoding="utf-8")
    with (
        running_apache(w3id_root, tmp / "apache-w3id", w3id_port) as w3id,
        running_apache(www, tmp / "apache-site", apache_port) as apache,
        running_nginx(nginx_config, www, tmp / "nginx") as nginx,
    ):
        deployment = Deployment(base, site, dist, w3id.url(""), apache.url(""), nginx.url(""), [])
        deployment.iris = _published_iris(dist, base)
        yield deployment


class Client:
    """GET without following redirects, one kept-alive connection per server."""

    def __init__(self) -> None:
        self.connections: dict[str, http.client.HTTPConnection] = {}

    def get(self, url: str, accept: str | None) -> http.client.HTTPResponse:
        parts = urlsplit(url)
        headers = {"Accept": accept} if accept is not None else {}
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        for attempt in (1, 2):
            connection = self.connections.get(parts.netloc)
            if connection is None:
                connection = http.client.HTTPConnection(parts.netloc, timeout=30)
                self.connections[parts.netloc] = connection
            try:
                connection.request("GET", target, headers=headers)
                response = connection.getresponse()
                response.body = response.read()  # type: ignore[attr-defined]
                return response
            except (http.client.HTTPException, OSError):
                connection.close()
                del self.connections[parts.netloc]
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    c = Client()
    yield c
    for connection in c.connections.values():
        connection.close()


_GRAPHS: dict[tuple[str, str], Graph] = {}


def _mentions(body: bytes, ext: str, url: str, iri: str) -> bool:
    """Whether the document (``ext``) has a triple with ``iri`` as subject or object."""
    key = (url, ext)
    if key not in _GRAPHS:
        _GRAPHS[key] = Graph().parse(data=body, format=RDF_FORMATS[ext], publicID=url)
    graph = _GRAPHS[key]
    node = URIRef(iri)
    return (node, None, None) in graph or (None, None, node) in graph


def _check_headers(response: http.client.HTTPResponse, what: str) -> None:
    assert "accept" in (response.getheader("Vary") or "").lower(), what
    assert response.getheader("Access-Control-Allow-Origin") == "*", what


def check_iri(
    client: Client,
    deployment: Deployment,
    server: str,
    iri: str,
    kind: str,
    also: Sequence[str] = (),
) -> None:
    """``iri`` asked for as ``kind`` at ``server``: 303, then 200 with the right document.

    ``also``: IRIs with the same request (other fragments) that document must describe too.
    """
    accept, ext, media_type = KINDS[kind]
    local = iri[len(deployment.base) :].partition("#")[0]
    expected = document(local, ext)
    assert expected is not None, iri
    request = server + urlsplit(deployment.base).path + local
    if server != deployment.w3id:
        request = server + urlsplit(deployment.site).path + local
    what = f"{iri} as {kind} at {request}"
    first = client.get(request, accept)
    assert first.status == 303, (what, first.status)
    _check_headers(first, what)
    location = urljoin(request, first.getheader("Location") or "")
    assert urlsplit(location).path == urlsplit(deployment.site).path + expected, (what, location)
    if server == deployment.w3id:
        assert location == deployment.site + expected, (what, location)
    else:
        location = server + urlsplit(location).path
    final = client.get(location, accept)
    assert final.status == 200, (what, location, final.status)
    _check_headers(final, what)
    content_type = (final.getheader("Content-Type") or "").lower().replace(" ", "")
    assert content_type.split(";")[0] == media_type, (what, content_type)
    if media_type.startswith("text/") or ext in (".ttl", ".nt", ".jsonld"):
        assert "charset=utf-8" in content_type, (what, content_type)
    body: bytes = final.body  # type: ignore[attr-defined]
    if ext in RDF_FORMATS:  # a namespace IRI (empty fragment) is about its document
        for about in (iri, *also):
            found = _mentions(body, ext, location, about.removesuffix("#"))
            assert found, (what, about, "no triple about the IRI")
    elif local.startswith(("id/", "vocab/")):
        assert iri in html.unescape(body.decode("utf-8")), (what, "the page does not name it")


def by_request(iris: list[str]) -> dict[str, list[str]]:
    """The IRIs grouped by what is requested for them (the IRI without its fragment)."""
    groups: dict[str, list[str]] = {}
    for iri in iris:
        groups.setdefault(iri.partition("#")[0], []).append(iri)
    return groups


def _servers(deployment: Deployment) -> dict[str, str]:
    return {"w3id": deployment.w3id, "apache": deployment.apache, "nginx": deployment.nginx}


def test_the_crawl_finds_every_kind_of_iri(deployed: Deployment) -> None:
    """Not vacuous: the published files name resources, concepts and every metadata IRI."""
    locals_ = {iri[len(deployed.base) :] for iri in deployed.iris}
    for expected in ("", "dataset", "catalog", "dataset/contact", "dataset/distribution/turtle"):
        assert expected in locals_, expected
    for prefix in ("id/event/", "vocab/", "query/", "dataset/void/class/", "download/"):
        assert any(local.startswith(prefix) for local in locals_), prefix
    assert any("#" in local for local in locals_)
    assert len(deployed.iris) > 400
    # Not negotiated: only the downloads (files) and namespaces (prefixes ending in '/').
    others = {local for local in locals_ if document(local, ".ttl") is None}
    assert others and all(o.startswith("download/") or o.endswith("/") for o in others), others


@pytest.mark.parametrize("server", ["w3id", "apache", "nginx"])
def test_every_iri_dereferences(deployed: Deployment, client: Client, server: str) -> None:
    url = _servers(deployed)[server]
    negotiated = [i for i in deployed.iris if document(i[len(deployed.base) :], ".ttl")]
    assert len(negotiated) > 400
    for first, *others in by_request(negotiated).values():
        for kind in EVERY_IRI_KINDS:
            check_iri(client, deployed, url, first, kind, others)


@pytest.mark.parametrize("server", ["w3id", "apache", "nginx"])
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_accept_kind(deployed: Deployment, client: Client, server: str, kind: str) -> None:
    """A sample of every kind of IRI with every kind of Accept header."""
    url = _servers(deployed)[server]
    sample: dict[str, str] = {}
    for iri in deployed.iris:
        local = iri[len(deployed.base) :]
        key = "/".join(local.split("/")[:2]).partition("#")[0]
        if document(local, ".ttl"):
            sample.setdefault(key, iri)
    assert len(sample) > 10
    for iri in sample.values():
        check_iri(client, deployed, url, iri, kind)


def _download_urls(dist: Path) -> set[str]:
    """The download URLs of the catalogue, VoID, schema.org Dataset and PROV."""
    dcat, void = "http://www.w3.org/ns/dcat#", "http://rdfs.org/ns/void#"
    wanted = {dcat + "downloadURL", dcat + "accessURL", void + "dataDump"}
    wanted |= {"https://schema.org/contentUrl", "http://www.w3.org/ns/prov#generated"}
    graph = Graph()
    for name in ("catalog.ttl", "void.ttl", "prov.ttl"):
        graph.parse(dist / name, format="turtle")
    graph.parse(dist / "dataset.schema.jsonld", format="json-ld")
    return {str(o) for _s, p, o in graph if str(p) in wanted and isinstance(o, URIRef)}


@pytest.mark.parametrize("server", ["w3id", "apache", "nginx"])
def test_download_urls_are_served(deployed: Deployment, client: Client, server: str) -> None:
    """Every download URL in the metadata gives that file (through w3id a 302 to the site)."""
    urls = _download_urls(deployed.dist)
    assert {u for u in urls if u.endswith("/sekom.ttl")}, urls
    assert all(u.startswith(deployed.base + "download/") for u in urls), urls
    assert urls == {i for i in deployed.iris if i.startswith(deployed.base + "download/")}
    for url in sorted(urls):
        name = url[len(deployed.base + "download/") :]
        local = urlsplit(deployed.site).path + "download/" + name
        if server == "w3id":
            first = client.get(url.replace(deployed.base, deployed.w3id + "/w3/kg/"), None)
            assert first.status == 302, (url, first.status)
            assert first.getheader("Location") == deployed.site + "download/" + name
            local_url = deployed.apache + local
        else:
            local_url = _servers(deployed)[server] + local
        final = client.get(local_url, None)
        assert final.status == 200, (url, final.status)
        _check_headers(final, url)
        assert final.body == (deployed.dist / name).read_bytes(), url  # type: ignore[attr-defined]


def test_a_missing_server_skips_unless_required(monkeypatch: pytest.MonkeyPatch) -> None:
    missing = Path("/nonexistent/sbin/apache2")
    monkeypatch.delenv(REQUIRE_ENV, raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install apache2"):
        require_binary(missing, "apache2")
    monkeypatch.setenv(REQUIRE_ENV, "1")
    with pytest.raises(pytest.fail.Exception, match=f"{REQUIRE_ENV}=1"):
        require_binary(missing, "apache2")


@pytest.fixture(scope="module")
def deployed_default() -> Iterator[Deployment]:
    """The default base (whose ontology and shapes IRIs are its own) with a site elsewhere."""
    tmp = Path(tempfile.mkdtemp(prefix="sekom-kg-web-"))
    try:
        w3id_port, apache_port = free_port(), free_port()
        base, site = "https://w3id.org/sekom/", f"http://127.0.0.1:{apache_port}/default/"
        dist = tmp / "dist"
        result = CliRunner().invoke(cli, ["build", "--site-url", site, "--out", str(dist)])
        assert result.exit_code == 0, result.output
        www, w3id_root = tmp / "www", tmp / "w3id"
        shutil.copytree(dist / "site", www / "default")
        (w3id_root / "sekom").mkdir(parents=True)
        shutil.copy(dist / "site" / "w3id" / ".htaccess", w3id_root / "sekom" / ".htaccess")
        for root in (tmp, www, w3id_root):
            readable(root)
        with (
            running_apache(w3id_root, tmp / "apache-w3id", w3id_port) as w3id,
            running_apache(www, tmp / "apache-site", apache_port) as apache,
        ):
            deployment = Deployment(base, site, dist, w3id.url(""), apache.url(""), "", [])
            deployment.iris = _published_iris(dist, base)
            yield deployment
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.mark.parametrize("server", ["w3id", "apache"])
def test_ontology_and_shapes_dereference(
    deployed_default: Deployment, client: Client, server: str
) -> None:
    """Under the default base the ontology, its version IRI, terms and the shapes resolve."""
    url = {"w3id": deployed_default.w3id, "apache": deployed_default.apache}[server]
    base = deployed_default.base
    own = [i for i in deployed_default.iris if i.startswith((base + "ontology", base + "shapes"))]
    for expected in ("ontology", "ontology/0.1.0", "shapes", "ontology#Activity"):
        assert base + expected in own, expected
    for first, *others in by_request(own).values():
        for kind in ("turtle", "browser"):
            check_iri(client, deployed_default, url, first, kind, others)
    for kind in KINDS:
        for iri in (base + "ontology", base + "shapes", base + "ontology/0.1.0"):
            check_iri(client, deployed_default, url, iri, kind)
