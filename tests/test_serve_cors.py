"""`sekom-kg serve` for browsers on other origins (CORS) and its service description.

A real ``sekom-kg serve`` subprocess (with the real ``oxigraph`` server) over a real build:
every answer carries ``Access-Control-Allow-Origin: *``, a CORS preflight for a POST with
``Content-Type`` is answered, ``GET /query`` without a query gives a SPARQL service
description that links the dataset and its VoID, served at ``/.well-known/void``. With
Chromium, a page on another 127.0.0.1 port runs ``fetch()`` against the endpoint.
"""

from __future__ import annotations

import functools
import json
import os
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import require_chromium
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, VOID

from sekom_kg.cli import cli

SEKOM_KG = [sys.executable, "-c", "from sekom_kg.cli import main; main()"]
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
DATASET = URIRef("https://w3id.org/sekom/dataset")
ASK = "ASK { ?s ?p ?o }"
ORIGIN = "http://127.0.0.1:9"  # any other origin: the endpoint answers every one
#: A generous bound for "does not hang".
WITHIN_S = 60.0


@dataclass
class Serving:
    process: subprocess.Popen[str]
    url: str  # http://127.0.0.1:PORT/

    @property
    def query_url(self) -> str:
        return self.url + "query"


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("serve-cors") / "dist"
    result = CliRunner().invoke(cli, ["build", "--out", str(out), "--no-site"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def serving(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Serving]:
    tmp = tmp_path_factory.mktemp("serve-cors-tmp")
    process = subprocess.Popen(
        [*SEKOM_KG, "serve", "--dir", str(dist), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(tmp)},
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()  # serve bounds its own wait for the server
        assert first.startswith("SPARQL endpoint: "), first
        url = first.removeprefix("SPARQL endpoint: ").strip().removesuffix("query")
        yield Serving(process, url)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.communicate(timeout=WITHIN_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
    assert process.returncode == 0


def send(
    url: str, method: str = "GET", data: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    """The status, headers (lower-case names) and body of one request."""
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=WITHIN_S) as response:
            head = {k.lower(): v for k, v in response.headers.items()}
            return response.status, head, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def test_get_and_post_answers_carry_cors(serving: Serving) -> None:
    accept = {"Accept": "application/sparql-results+json", "Origin": ORIGIN}
    get = send(serving.query_url + "?" + urllib.parse.urlencode({"query": ASK}), headers=accept)
    form = send(
        serving.query_url,
        "POST",
        urllib.parse.urlencode({"query": ASK}).encode(),
        {**accept, "Content-Type": "application/x-www-form-urlencoded"},
    )
    direct = send(
        serving.query_url,
        "POST",
        ASK.encode(),
        {**accept, "Content-Type": "application/sparql-query"},
    )
    for status, headers, body in (get, form, direct):
        assert status == 200
        assert json.loads(body)["boolean"] is True
        assert headers["access-control-allow-origin"] == "*"


def test_refusals_carry_cors_too(serving: Serving) -> None:
    """A page must be able to read why: the proxy's own 403 for SERVICE is readable."""
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    status, headers, _ = send(
        serving.query_url + "?" + urllib.parse.urlencode({"query": query}),
        headers={"Origin": ORIGIN},
    )
    assert status == 403
    assert headers["access-control-allow-origin"] == "*"


def test_preflight_for_a_post_with_content_type(serving: Serving) -> None:
    status, headers, body = send(
        serving.query_url,
        "OPTIONS",
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert status in (200, 204)
    assert body == b""
    assert headers["access-control-allow-origin"] == "*"
    assert "POST" in [m.strip() for m in headers["access-control-allow-methods"].split(",")]
    allowed = [h.strip().lower() for h in headers["access-control-allow-headers"].split(",")]
    assert "content-type" in allowed


def test_preflight_with_odd_headers_allows_the_usual_ones(serving: Serving) -> None:
    status, headers, _ = send(
        serving.query_url,
        "OPTIONS",
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "a b",
        },
    )
    assert status in (200, 204)
    allowed = [h.strip().lower() for h in headers["access-control-allow-headers"].split(",")]
    assert allowed == ["accept", "content-type"]


def test_service_description_links_the_dataset_and_its_void(serving: Serving, dist: Path) -> None:
    status, headers, body = send(
        serving.query_url, headers={"Accept": "text/turtle", "Origin": ORIGIN}
    )
    assert status == 200
    assert headers["content-type"].startswith("text/turtle")
    assert headers["access-control-allow-origin"] == "*"
    sd = Graph().parse(data=body, format="turtle")
    service = URIRef(serving.query_url)
    assert (service, RDF.type, SD.Service) in sd
    assert (service, SD.endpoint, service) in sd
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in sd
    assert (DATASET, VOID.sparqlEndpoint, service) in sd
    default_dataset = sd.value(service, SD.defaultDataset)
    default_graph = sd.value(default_dataset, SD.defaultGraph)
    assert default_graph is not None and (default_graph, None, DATASET) in sd
    (void_url,) = sd.objects(DATASET, RDFS.seeAlso)
    status, headers, served = send(str(void_url), headers={"Origin": ORIGIN})
    assert status == 200
    assert headers["access-control-allow-origin"] == "*"
    assert headers["content-type"].startswith("text/turtle")
    assert served == (dist / "void.ttl").read_bytes()
    void = Graph().parse(data=served, format="turtle")
    assert (DATASET, RDF.type, VOID.Dataset) in void


def test_a_query_with_parameters_but_no_query_is_not_the_description(serving: Serving) -> None:
    _, _, body = send(serving.query_url + "?default-graph-uri=urn:x")
    assert b"sd:Service" not in body


class _Page(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def test_a_page_on_another_origin_can_query(serving: Serving, tmp_path: Path) -> None:
    chromium = require_chromium()
    from playwright.sync_api import sync_playwright

    (tmp_path / "index.html").write_text("<!doctype html><title>client</title>", "utf-8")
    handler = functools.partial(_Page, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    script = """async (url) => {
        const post = await fetch(url, {method: "POST", body: "ASK { ?s ?p ?o }",
            headers: {"Content-Type": "application/sparql-query",
                      "Accept": "application/sparql-results+json"}});
        const get = await fetch(url + "?query=" + encodeURIComponent("ASK { ?s ?p ?o }"),
            {headers: {"Accept": "application/sparql-results+json"}});
        return [post.status, (await post.json()).boolean, get.status, (await get.json()).boolean];
    }"""
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(chromium),
                headless=True,
                args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
            )
            try:
                page = browser.new_page()
                page.goto(f"http://127.0.0.1:{server.server_address[1]}/index.html")
                assert page.evaluate(script, serving.query_url) == [200, True, 200, True]
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    "void",
    [b'<urn:a> <urn:b> "unterminated .\n', b"\xff\xfe<urn:a> <urn:b> <urn:c> .\n"],
    ids=["syntax", "encoding"],
)
def test_a_void_that_is_not_turtle_exits_2(tmp_path: Path, void: bytes) -> None:
    (tmp_path / "sekom.nt").write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    (tmp_path / "void.ttl").write_bytes(void)
    result = CliRunner().invoke(cli, ["serve", "--dir", str(tmp_path), "--port", "0"])
    assert result.exit_code == 2, result.output
    (line,) = result.output.splitlines()
    assert line.startswith(f"error: {tmp_path / 'void.ttl'}: not Turtle: ")
    assert "internal error" not in line
