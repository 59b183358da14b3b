"""The browser views of the site in headless Chromium: SPARQL, map, search, network, charts.

Same set-up as ``test_site_browser.py`` (its fixtures: the bundled data built and served on
127.0.0.1, no request to another host, no console error). Expected answers come from
elsewhere: the same query run by pyoxigraph in Python, and the source data's own names.
"""

from __future__ import annotations

import functools
import json
import threading
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

import pyoxigraph
import pytest
from oxigraph_server import running_oxigraph
from playwright.sync_api import BrowserContext, Page
from rdflib import URIRef
from test_site_browser import Served, browser, chromium, page, served

from sekom_kg.core.namespaces import ORG, RDF, SCHEMA
from sekom_kg.publish.site_dist import build_site

__all__ = ["browser", "chromium", "page", "served"]

TYPED = """PREFIX schema: <https://schema.org/>
SELECT ?event ?name WHERE {
?event a schema:Event ; schema:startDate ?date ; schema:name ?name .
FILTER (YEAR(?date) = 2010 && LANG(?name) = "en")
} ORDER BY ?event"""


def oracle(served: Served, text: str) -> list[dict[str, str]]:
    """The rows pyoxigraph gives for ``text`` over the published N-Triples."""
    store = pyoxigraph.Store()
    store.load((served.root.parent / "sekom.nt").read_bytes(), pyoxigraph.RdfFormat.N_TRIPLES)
    solutions = store.query(text)
    variables = [v.value for v in solutions.variables]
    return [
        {name: solution[name].value for name in variables if solution[name] is not None}
        for solution in solutions
    ]


def data_url(page: Page, selector: str) -> str:
    href = page.get_attribute(selector, "href") or ""
    assert href.startswith("data:"), href
    return unquote(href.split(",", 1)[1])


def open_sparql(page: Page, served: Served) -> None:
    page.goto(served.url + "sparql.html")
    page.wait_for_function(
        "document.getElementById('status').textContent.includes('loaded')", timeout=60_000
    )


def test_typed_query_runs_offline_in_the_browser(page: Page, served: Served) -> None:
    open_sparql(page, served)
    page.click(".CodeMirror")
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    for line in TYPED.splitlines():  # the editor may close brackets: type each line, then check
        page.keyboard.type(line)
        page.keyboard.press("Enter")
    typed = page.evaluate("window.sekomSparql.yasqe.getValue()")
    assert " ".join(typed.split()) == " ".join(TYPED.split())
    page.keyboard.press("Control+Enter")
    page.wait_for_function("/rows? \\(/.test(document.getElementById('status').textContent)")
    expected = oracle(served, TYPED)
    assert len(expected) >= 3
    assert page.locator("#results tbody tr").count() == len(expected)
    answer = json.loads(data_url(page, "#dl-json"))
    got = [{k: v["value"] for k, v in b.items()} for b in answer["results"]["bindings"]]
    assert got == expected
    csv_lines = data_url(page, "#dl-csv").split("\r\n")
    assert csv_lines[0] == "event,name" and len(csv_lines) == len(expected) + 2
    first = page.locator("#results tbody tr").first
    assert expected[0]["name"] in first.inner_text()  # the event's label, not only its IRI
    first.locator("a").first.click()
    assert page.url.endswith(".html") and "/id/event/" in page.url


def test_catalogue_query_with_an_edited_parameter(page: Page, served: Served) -> None:
    open_sparql(page, served)
    page.select_option("#q-name", "12_collaborations_in_year")
    page.fill("#param-year", "2016")
    page.click("#q-load")
    page.wait_for_function("/rows? \\(/.test(document.getElementById('status').textContent)")
    text = page.evaluate("window.sekomSparql.yasqe.getValue()")
    assert "VALUES ?year" in text and '"2016"' in text
    answer = json.loads(data_url(page, "#dl-json"))
    got = [{k: v["value"] for k, v in b.items()} for b in answer["results"]["bindings"]]
    assert got == oracle(served, text)
    assert got


def test_map_draws_countries_and_the_place_of_a_known_activity(page: Page, served: Served) -> None:
    event = URIRef("https://w3id.org/sekom/id/event/2007-robertsfors-machakos-visit")
    place = served.graph.value(event, SCHEMA.location)
    country = served.graph.value(place, SCHEMA.containedInPlace)
    assert place is not None and country is not None
    page.goto(served.url + "map.html")
    page.wait_for_selector("html[data-map=drawn]")
    assert page.locator("figure.map").first.locator("path.land").count() > 100  # Natural Earth
    stem = str(place).rsplit("/", 1)[1]
    point = page.locator(f"figure.map >> nth=0 >> a.pt[href$='/{stem}.html'] circle")
    shape = page.locator(
        f"figure.map >> nth=0 >> a.country[href$='/{country.rsplit('/', 1)[1]}.html'] path"
    )
    dot, land = point.bounding_box(), shape.first.bounding_box()
    assert dot and land
    centre = (dot["x"] + dot["width"] / 2, dot["y"] + dot["height"] / 2)
    assert land["x"] <= centre[0] <= land["x"] + land["width"]
    assert land["y"] <= centre[1] <= land["y"] + land["height"]
    assert page.locator(f"#places a[href$='/{stem}.html']").count() == 1
    page.locator("figure.map").first.locator("button[data-zoom=in]").click()
    page.wait_for_function(
        "document.querySelector('figure.map g.zoomed').getAttribute('transform') !== null"
    )
    page.locator("figure.map").first.locator(
        f"a.country[href$='/{country.rsplit('/', 1)[1]}.html']"
    ).focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{country.rsplit('/', 1)[1]}.html")


def test_search_finds_a_name(page: Page, served: Served) -> None:
    person = URIRef("https://w3id.org/sekom/id/person/lars-thunberg")
    names = {str(n) for n in served.graph.objects(person, SCHEMA.name)}
    assert names
    page.goto(served.url + "id/event/2007-robertsfors-machakos-visit.html")
    page.fill("#site-q", "Thunberg")
    page.press("#site-q", "Enter")
    page.wait_for_selector("#search-results li")
    first = page.locator("#search-results li a").first
    assert first.inner_text().strip() in names
    first.click()
    assert page.url.endswith("/id/person/lars-thunberg.html")
    page.goto(served.url + "search.html?q=" + "samarbetet med chile")  # Swedish words
    page.wait_for_selector("#search-results li")
    assert page.locator("#search-results a[href$='/collaboration/chile.html']").count() == 1


def test_network_shows_a_known_link_and_filters_by_period(page: Page, served: Served) -> None:
    chair = URIRef("https://w3id.org/sekom/id/membership/lars-thunberg-sekom-chair-2010")
    member = served.graph.value(chair, ORG.member)
    org = served.graph.value(chair, ORG.organization)
    page.goto(served.url + "network.html")
    page.wait_for_selector("html[data-network]")
    pair = sorted((str(member), str(org)))
    edge = f"e => e.source === '{pair[0]}' && e.target === '{pair[1]}'"
    visible = page.evaluate(
        f"window.sekomNetwork.edges().filter(x => !x.hasClass('hidden')).map(x => x.data())"
        f".some(d => ({edge})({{source: d.source, target: d.target}}))"
    )
    assert visible
    row = page.locator(
        "#links tbody tr", has=page.locator(f"a[href$='/{member.rsplit('/', 1)[1]}.html']")
    )
    assert row.filter(has=page.locator(f"a[href$='/{org.rsplit('/', 1)[1]}.html']")).count() >= 1
    page.select_option("#from", "2012")
    page.wait_for_selector("html[data-network='2012-2021']")
    hidden = page.evaluate(
        f"window.sekomNetwork.edges().filter(x => !x.hasClass('hidden')).map(x => x.data())"
        f".some(d => ({edge})({{source: d.source, target: d.target}}))"
    )
    assert not hidden  # the post is attested in 2010 only
    node = page.evaluate(f"window.sekomNetwork.getElementById('{org}').data('href')")
    assert node.endswith(f"{org.rsplit('/', 1)[1]}.html")


def test_charts_draw_every_activity(page: Page, served: Served) -> None:
    page.goto(served.url + "charts.html")
    page.wait_for_selector("html[data-charts]")
    events = {
        e
        for e in served.graph.subjects(RDF.type, SCHEMA.Event)
        if (e, SCHEMA.startDate, None) in served.graph
    }
    cells = page.locator("#per-year tbody td.num").all_inner_texts()
    assert sum(int(c) for c in cells) == len(events)
    assert page.locator("#chart-type svg rect").count() > 10
    assert page.locator("#chart-lanes svg a").count() > 5


AXE = Path(__file__).parent / "data" / "vendor" / "axe-core" / "axe.min.js"
PAGE_TYPES = [
    "index.html",
    "resources.html",
    "timeline.html",
    "map.html",
    "ontology.html",
    "queries.html",
    "sparql.html",
    "search.html?q=chile",
    "network.html",
    "charts.html",
    "id/event/2007-robertsfors-machakos-visit.html",
    "id/org/sekom.html",
    "id/person/lars-thunberg.html",
    "id/place/chile.html",
    "id/collaboration/chile.html",
    "id/source/internationella-samarbeten/2007-p2.html",
    "vocab/direction/inbound.html",
]


@pytest.mark.parametrize("path", PAGE_TYPES)
@pytest.mark.parametrize("width", [390, 1280])
def test_no_overflow_and_no_serious_axe_violation(
    page: Page, served: Served, path: str, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(served.url + path)
    page.wait_for_load_state("networkidle")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} is {overflow} px wider than {width} px"
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [
        (v["id"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, serious
    assert page.locator("a.skip[href='#main']").count() == 1


class _Proxy(SimpleHTTPRequestHandler):
    """The site, and ``POST /sparql`` passed on to an Oxigraph server (same origin)."""

    upstream = ""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        request = urllib.request.Request(
            self.upstream,
            data=body,
            headers={
                "Content-Type": self.headers.get("Content-Type", ""),
                "Accept": self.headers.get("Accept", ""),
            },
        )
        with urllib.request.urlopen(request, timeout=30) as answer:
            data = answer.read()
            self.send_response(answer.status)
            self.send_header("Content-Type", answer.headers.get("Content-Type", ""))
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)


def test_the_endpoint_switch_runs_the_query_there(
    browser: BrowserContext, served: Served, tmp_path: Path
) -> None:
    with running_oxigraph(tmp_path / "store") as oxigraph:
        oxigraph.post_default((served.root.parent / "sekom.nt").read_bytes())
        handler = type("Handler", (_Proxy,), {"upstream": oxigraph.query_url})
        site = tmp_path / "site"
        server = ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(handler, directory=str(site))
        )
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        build_site(served.root.parent, site, sparql_endpoint=url + "sparql")
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        page = browser.new_page()
        posted: list[str] = []
        page.on("request", lambda r: posted.append(r.url) if r.method == "POST" else None)
        try:
            page.goto(url + "sparql.html")
            page.wait_for_function(
                "document.getElementById('status').textContent.includes('loaded')"
            )
            page.evaluate(f"window.sekomSparql.yasqe.setValue({json.dumps(TYPED)})")
            page.check("input[name=where][value=endpoint]")
            page.click("#run")
            page.wait_for_function(
                "/rows? \\(/.test(document.getElementById('status').textContent)"
            )
            answer = json.loads(data_url(page, "#dl-json"))
            got = [{k: v["value"] for k, v in b.items()} for b in answer["results"]["bindings"]]
            assert got == oracle(served, TYPED)
            assert posted == [url + "sparql"]
        finally:
            page.close()
            server.shutdown()
            server.server_close()


def test_the_editor_does_not_trap_the_keyboard(page: Page, served: Served) -> None:
    open_sparql(page, served)
    page.click(".CodeMirror")
    for _ in range(3):  # past the editor's scrolled text, to the Run button
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "run":
            break
    assert page.evaluate("document.activeElement.id") == "run"
    assert page.evaluate("window.sekomSparql.yasqe.getValue()").startswith("# title")


def test_titles_and_timeline_options_follow_the_language(page: Page, served: Served) -> None:
    page.goto(served.url + "timeline.html")
    option = page.locator("#f-type option").nth(1)
    english = option.inner_text()
    page.click("button[data-set-lang=sv]")
    assert page.title().startswith("Tidslinje")
    swedish = option.inner_text()
    assert swedish == option.get_attribute("data-sv") and swedish != english
    page.click("button[data-set-lang=en]")
    assert page.title().startswith("Timeline") and option.inner_text() == english
