"""The published Turtle read with plain rdflib and schema.org terms only (no ontology)."""

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from sekom_kg.publish.build import build

SCHEMA = "https://schema.org/"
YEARS = [2002, *range(2004, 2022)]


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    out = tmp_path_factory.mktemp("published") / "dist"
    build(out)
    return Graph().parse(out / "sekom.ttl", format="turtle")


def names(graph: Graph, node: URIRef) -> set[str]:
    return {
        o.language
        for o in graph.objects(node, URIRef(SCHEMA + "name"))
        if isinstance(o, Literal) and o.language
    }


def instances(graph: Graph, cls: str) -> set[URIRef]:
    return set(graph.subjects(RDF.type, URIRef(SCHEMA + cls)))


def test_events_per_year_through_schema_org(published: Graph) -> None:
    rows = published.query(
        """
        PREFIX schema: <https://schema.org/>
        SELECT ?year (COUNT(DISTINCT ?e) AS ?n) WHERE {
            ?e a schema:Event ; schema:startDate ?d .
            BIND (SUBSTR(STR(?d), 1, 4) AS ?year)
        } GROUP BY ?year
        """
    )
    per_year = {int(row.year): int(row.n) for row in rows}
    assert sorted(per_year) == YEARS  # every heading but 2003, which has no text
    assert sum(per_year.values()) >= 44


def test_every_event_has_a_date_names_and_a_source(published: Graph) -> None:
    events = instances(published, "Event")
    assert len(events) >= 44
    for event in events:
        assert names(published, event) == {"sv", "en"}, event
        assert len(list(published.objects(event, URIRef(SCHEMA + "startDate")))) == 1, event
        assert list(published.objects(event, URIRef(SCHEMA + "subjectOf"))), event


@pytest.mark.parametrize("cls", ["Organization", "Place", "Country", "Person"])
def test_every_agent_and_place_is_named_in_both_languages(published: Graph, cls: str) -> None:
    members = instances(published, cls)
    assert members, cls
    for node in members:
        assert names(published, node) == {"sv", "en"}, node


def test_countries_are_places(published: Graph) -> None:
    assert instances(published, "Country") <= instances(published, "Place")
