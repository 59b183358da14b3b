"""Query 10 finds a country's events along every path its text names, on a graph built for it.

The oracle is the data below: which events reach Finland, and how, is written out by hand.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sekom_kg import run_query

ID = "https://w3id.org/sekom/id/"
QUERY = Path(__file__).parents[1] / "queries" / "10_country_timeline.rq"
EVENTS = """@base <https://w3id.org/sekom/id/> .
@prefix schema: <https://schema.org/> .
@prefix sekom: <https://w3id.org/sekom/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<place/finland> a schema:Country ; sekom:countryCode "FI" .
<place/norway> a schema:Country ; sekom:countryCode "NO" .
<place/uusimaa> a schema:AdministrativeArea ; schema:containedInPlace <place/finland> .
<place/helsinki> a schema:City ; schema:containedInPlace <place/uusimaa> .
<place/oslo> a schema:City ; schema:containedInPlace <place/norway> .
<collaboration/finland> sekom:partnerCountry <place/finland> .

<event/in-the-country> a schema:Event ; schema:location <place/finland> .
<event/in-a-city-of-a-region> a schema:Event ; schema:location <place/helsinki> .
<event/of-a-collaboration> a schema:Event ; sekom:partOfCollaboration <collaboration/finland> .
<event/elsewhere> a schema:Event ; schema:location <place/oslo> .

<event/in-the-country> prov:wasDerivedFrom <source/p1> ; schema:startDate "2011-05-02"^^xsd:date .
<event/in-a-city-of-a-region> prov:wasDerivedFrom <source/p1> ;
    schema:startDate "2012-06-01"^^xsd:date .
<event/of-a-collaboration> prov:wasDerivedFrom <source/p1> ;
    schema:startDate "2013-01-15"^^xsd:date .
<event/elsewhere> prov:wasDerivedFrom <source/p1> ; schema:startDate "2014-03-03"^^xsd:date .
"""


def with_finland(root: Path) -> None:
    """The bundled query 10 and the data above in a copy of the fixture bundle."""
    shutil.copy(QUERY, root / "queries" / QUERY.name)
    (root / "data" / "finland.ttl").write_text(EVENTS, encoding="utf-8")


def test_events_reached_through_places_and_collaborations(mini_bundle: Path) -> None:
    with_finland(mini_bundle)
    rows = run_query("10_country_timeline", {"country": "fi"}).rows
    found = [(row["year"], str(row["event"]).removeprefix(ID)) for row in rows]
    assert found == [
        (2011, "event/in-the-country"),
        (2012, "event/in-a-city-of-a-region"),
        (2013, "event/of-a-collaboration"),
    ]
    norway = run_query("10_country_timeline", {"country": "no"}).rows
    assert [str(row["event"]).removeprefix(ID) for row in norway] == ["event/elsewhere"]


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_both_engines_follow_the_paths(
    mini_bundle: Path, monkeypatch: pytest.MonkeyPatch, engine: str
) -> None:
    monkeypatch.setenv("SEKOM_KG_QUERY_ENGINE", engine)
    with_finland(mini_bundle)
    rows = run_query("10_country_timeline", {"country": "FI"}).rows
    assert len(rows) == 3
