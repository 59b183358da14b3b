"""The pages as a researcher reads them (no browser): labels, not slugs or folder paths; no
duplicate rows or empty columns; a country page lists every activity involving the country;
posts with labels and dates; Swedish titles. Built from the bundled data."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from rdflib import Graph, Literal

from sekom_kg.core.namespaces import ORG, SEKOM, SKOS
from sekom_kg.publish.build import build

BASE = "https://w3id.org/sekom/"
#: The activities involving a country, as the timeline's country filter defines it.
COUNTRY_EVENTS = """
PREFIX schema: <https://schema.org/>
PREFIX sekom: <https://w3id.org/sekom/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT DISTINCT ?e WHERE {
  ?e a schema:Event ; schema:startDate ?date .
  { ?e schema:location/schema:containedInPlace* ?country }
  UNION { ?e sekom:participation/(prov:agent|sekom:onBehalfOf)/sekom:country ?country }
  UNION { ?e sekom:participation/sekom:fromCountry ?country }
  UNION { ?e sekom:partOfCollaboration/sekom:partnerCountry ?country }
}
"""


class Page(HTMLParser):
    """Links with their text, tables as rows of cell texts, the titles."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.tables: list[list[list[str]]] = []
        self.meta: dict[str, str] = {}
        self._href: str | None = None
        self._text: list[str] = []
        self._cell: list[str] | None = None
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and found.get("href"):
            self._href, self._text = str(found["href"]), []
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "meta" and found.get("name"):
            self.meta[str(found["name"])] = str(found.get("content"))
        if tag == "span" and found.get("lang") == "sv" and "t" in (found.get("class") or ""):
            self._skip += 1  # read the English side of a bilingual text

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((self._href, " ".join("".join(self._text).split())))
            self._href = None
        elif tag in ("td", "th") and self._cell is not None and self.tables:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "span" and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._href is not None:
            self._text.append(data)
        if self._cell is not None:
            self._cell.append(data)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pages") / "dist"
    build(out)
    return out / "site"


@pytest.fixture(scope="module")
def graph(site: Path) -> Graph:
    return Graph().parse(site.parent / "sekom.nt", format="nt")


def read(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_links_show_labels_not_slugs_or_paths(site: Path) -> None:
    for path in sorted(site.rglob("*.html")):
        for href, text in read(path).links:
            target = urlsplit(href).path
            if not target.endswith(".html") or urlsplit(href).scheme:
                continue
            slug = target.rsplit("/", 1)[-1].removesuffix(".html")
            assert text != slug or not re.search(r"[-_]", slug), f"{path}: slug {text!r}"
            assert not re.fullmatch(r"(id|vocab)/[\w-]+/?", text), f"{path}: path {text!r}"


def test_no_duplicate_rows_and_no_empty_columns(site: Path) -> None:
    for path in sorted((site / "id").rglob("*.html")):
        for table in read(path).tables:
            body = table[1:] if table and table[0] else table
            assert len(body) == len({tuple(r) for r in body}), f"{path}: a row repeats"
            if table and len(table) > 1 and all(len(r) == len(table[0]) for r in table):
                header = table[0]
                assert all(header), f"{path}: an unlabelled column {header}"
                for i, name in enumerate(header):
                    assert any(row[i] for row in table[1:]), f"{path}: column {name} is empty"


def test_a_country_page_lists_every_activity_involving_it(site: Path, graph: Graph) -> None:
    countries = sorted(graph.subjects(SEKOM.countryCode, None))
    assert len(countries) > 5
    for country in countries:
        rows = graph.query(COUNTRY_EVENTS, initBindings={"country": country})
        expected = {str(row[0])[len(BASE) :] + ".html" for row in rows}  # type: ignore[index]
        page = site / (str(country)[len(BASE) :] + ".html")
        html = page.read_text(encoding="utf-8")
        section = html.split('id="country-activities"', 1)[1].split("</section>", 1)[0]
        listed = {"id/" + h.removeprefix("../") for h in re.findall(r'href="([^"]+)"', section)}
        assert listed == expected, country


def test_a_person_page_shows_posts_with_labels_and_years(site: Path, graph: Graph) -> None:
    memberships = sorted(graph.subjects(ORG.member, None))
    assert memberships
    for membership in memberships:
        person = graph.value(membership, ORG.member)
        role = graph.value(membership, ORG.role)
        year = str(graph.value(membership, SEKOM.attestedIn))[:4]
        names = [n for n in graph.objects(role, SKOS.prefLabel) if isinstance(n, Literal)]
        role_en = next(str(n) for n in names if n.language == "en")
        page = read(site / (str(person)[len(BASE) :] + ".html"))
        rows = [r for t in page.tables for r in t]
        assert any(r[0] == year and r[1] == role_en for r in rows), (person, rows)


def test_titles_have_a_swedish_version(site: Path) -> None:
    landing = read(site / "index.html")
    assert "internationella samarbeten" in landing.meta["title-sv"]
    event = read(site / "id/event/2007-robertsfors-machakos-visit.html").meta["title-sv"]
    assert "Machakos" in event and "visit" not in event
    based = read(site / "id/agreement/2010-joint-declaration.html")
    assert "is based on" in [text for _, text in based.links]


def test_query_catalogue_numbers_are_plain_and_each_query_opens_in_the_editor(site: Path) -> None:
    html = (site / "queries.html").read_text(encoding="utf-8")
    assert '<small class="dt">xsd:integer</small>' not in html
    names = re.findall(r'<section class="query" id="([^"]+)"', html)
    assert names
    for name in names:
        assert f'href="sparql.html#query={name}"' in html
