"""The website in a real browser: headless Chromium (Debian package) driven by Playwright.

The site is built from the bundled data and served by ``http.server`` on 127.0.0.1; every
request the pages make must go to that server, and no page may log a console error.
Without Chromium the tests skip with the command that installs it; `.ci/run` installs it and
sets ``SEKOM_KG_REQUIRE_BROWSER=1``, which turns that skip into a failure.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import require_chromium
from playwright.sync_api import BrowserContext, Page, sync_playwright
from rdflib import Graph

from sekom_kg.core.namespaces import SCHEMA
from sekom_kg.publish.build import build

ARTIFACTS = Path(__file__).parent / "artifacts"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
EVENT = "id/event/2007-robertsfors-machakos-visit"
CHILE_EVENTS = """
PREFIX schema: <https://schema.org/>
PREFIX sekom: <https://w3id.org/sekom/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT DISTINCT ?e WHERE {
  ?e a schema:Event ; schema:startDate ?date .
  { ?e schema:location/schema:containedInPlace* <https://w3id.org/sekom/id/place/chile> }
  UNION { ?e sekom:participation/(prov:agent|sekom:onBehalfOf)/sekom:country
            <https://w3id.org/sekom/id/place/chile> }
  UNION { ?e sekom:participation/sekom:fromCountry <https://w3id.org/sekom/id/place/chile> }
  UNION { ?e sekom:partOfCollaboration <https://w3id.org/sekom/id/collaboration/chile> }
}
"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        # Chromium asks every host for /favicon.ico when it shows a file that is not a page
        # (a download); pages declare their own icon, so that request is the browser's alone.
        if self.path == "/favicon.ico":
            self.send_response(204)
            self.end_headers()
            return
        super().do_GET()


@dataclass
class Served:
    """The built site, its URL and what the browser did."""

    root: Path
    url: str
    graph: Graph
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def chromium() -> Path:
    return require_chromium()


@pytest.fixture(scope="module")
def served(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    dist = tmp_path_factory.mktemp("browser") / "dist"
    build(dist)
    handler = functools.partial(_Quiet, directory=str(dist / "site"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    graph = Graph().parse(dist / "sekom.nt", format="nt")
    try:
        yield Served(dist / "site", f"http://127.0.0.1:{server.server_address[1]}/", graph)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser(
    chromium: Path, served: Served, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[BrowserContext]:
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(chromium),
            headless=True,
            args=FLAGS,
            viewport={"width": 1200, "height": 900},
        )
        context.on("request", lambda request: served.requests.append(request.url))
        yield context
        context.close()


@pytest.fixture
def page(browser: BrowserContext, served: Served) -> Iterator[Page]:
    page = browser.new_page()
    page.on("console", lambda m: served.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: served.errors.append(str(error)))
    served.requests.clear()
    served.errors.clear()
    yield page
    own = urlsplit(served.url).netloc
    outside = [u for u in served.requests if urlsplit(u).scheme != "data"]
    outside = [u for u in outside if urlsplit(u).netloc != own]
    assert not outside, f"requests to other hosts: {outside}"
    assert not served.errors, f"console errors: {served.errors}"
    page.close()


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def set_lang(page: Page, lang: str) -> None:
    page.click(f"button[data-set-lang={lang}]")
    assert page.get_attribute("html", "lang") == lang


def test_landing_page(page: Page, served: Served) -> None:
    page.goto(served.url + "index.html")
    h1 = page.locator("h1")
    assert "International collaborations" in h1.inner_text()
    set_lang(page, "sv")
    assert "internationella samarbeten" in h1.inner_text()
    assert "International collaborations" not in h1.inner_text()
    shot(page, "landing-sv")
    set_lang(page, "en")
    page.click("text=sekom.ttl")
    assert page.url.endswith("download/sekom.ttl")
    assert len(served.requests) >= 2


def test_event_page(page: Page, served: Served) -> None:
    page.goto(served.url + f"{EVENT}.html")
    h1 = page.locator("h1")
    assert h1.inner_text() == "Sekom and Robertsfors visit Machakos in Kenya"
    assert page.locator("blockquote[lang=sv]").inner_text().startswith("Representanter")
    set_lang(page, "sv")
    assert "Machakos" in h1.inner_text() and "visit" not in h1.inner_text()
    shot(page, "event-sv")
    set_lang(page, "en")
    shot(page, "event-en")
    alternates = page.locator("link[rel=alternate]").evaluate_all("links => links.map(l => l.type)")
    assert set(alternates) >= {"text/turtle", "application/ld+json"}
    page.locator("a[href$='2007-p2.html']").first.click()
    assert page.url.endswith("id/source/internationella-samarbeten/2007-p2.html")
    page.go_back()
    page.locator("section:has(h2:has-text('Participants')) a").first.click()
    assert "/id/org/" in page.url


def test_timeline_chile_filter(page: Page, served: Served) -> None:
    page.goto(served.url + "timeline.html")
    total = page.locator("li.event").count()
    assert page.locator("#count").inner_text() == f"{total} activities shown"
    assert page.locator("#y2003 p.none").is_visible()
    page.select_option("#f-country", "chile")
    expected = {str(row[0]).rsplit("/", 1)[1] for row in served.graph.query(CHILE_EVENTS)}
    assert expected
    visible = page.locator("li.event:visible a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert {href.rsplit("/", 1)[1].removesuffix(".html") for href in visible} == expected
    assert page.locator("#count").inner_text() == f"{len(expected)} activities shown"
    assert "country = Chile" in page.locator("#state").inner_text()
    set_lang(page, "sv")
    assert page.locator("#count").inner_text() == f"{len(expected)} aktiviteter visas"
    assert "land = Chile" in page.locator("#state").inner_text()
    shot(page, "timeline-chile-sv")


def test_map(page: Page, served: Served) -> None:
    page.goto(served.url + "map.html")
    rows = page.locator("#places tbody tr").count()
    with_coordinates = len(set(served.graph.subjects(SCHEMA.latitude)))
    assert rows == with_coordinates > 0
    shot(page, "map")
    page.locator("svg a.pt").first.click()
    assert "/id/place/" in page.url
    assert page.locator("h1").inner_text()
