"""The ten competency questions (DESIGN.md §8), answered by the bundled queries.

Each expectation is read off the source text (quoted in the comments), independently of the
committed snapshots in tests/expected/: a change to data or queries that contradicts the text
fails here even if someone regenerates the snapshots.
"""

from collections import Counter

from sekom_kg import run_query

ID = "https://w3id.org/sekom/id/"


def column(result, name: str) -> list:
    return [row[name] for row in result.rows]


def test_q1_activity_per_year_and_none_in_2003() -> None:
    per_year = dict(zip(*(column(run_query("01"), v) for v in ("year", "events")), strict=True))
    assert per_year[2003] == 0  # "2003 --"
    assert all(per_year[year] >= 1 for year in [2002, *range(2004, 2022)])
    assert per_year[2002] == 1  # one paragraph: Whistler's contact
    assert per_year[2021] == 1  # one paragraph: web meetings


def test_q2_funders_and_what_they_funded() -> None:
    result = run_query("02")
    pairs = set(zip(column(result, "funder"), column(result, "item"), strict=True))
    assert pairs == {
        # 2007: "ett SIDA-finansierat utvecklingsprojekt mellan Robertsfors och Machakos"
        (ID + "org/sida", ID + "project/robertsfors-machakos"),
        # 2009: "får stöd från Svenska Institutet för att besöka svenska ekokommuner"
        (ID + "org/swedish-institute", ID + "event/2009-kenyan-representative-support"),
        # 2019: "Etiopienprojektet får finansiering via SIDA och UN Habitat"
        (ID + "org/sida", ID + "project/ethiopia-eco-municipality-project"),
        (ID + "org/un-habitat", ID + "project/ethiopia-eco-municipality-project"),
    }


def test_q3_swedish_municipalities_that_took_part() -> None:
    result = run_query("03")
    assert set(zip(column(result, "municipality"), column(result, "year"), strict=True)) == {
        (ID + "org/gotland-municipality", 2007),  # "en representant från Gotland"
        (ID + "org/robertsfors-municipality", 2007),  # "Representanter från ... Robertsfors"
        (ID + "org/borgholm-municipality", 2012),  # "en representant från Borgholms kommun"
        (ID + "org/helsingborg-municipality", 2014),  # "delegation från Chile besöker Helsingborg"
        (ID + "org/harnosand-municipality", 2016),  # "en representant från Härnösand"
        (ID + "org/overtornea-municipality", 2020),  # "representant från Övertorneå"
    }


def test_q4_first_international_conference_in_helsingborg_2008() -> None:
    result = run_query("04")
    # "Den första internationella ekokommunkonferensen arrangeras i Helsingborg." (2008)
    assert column(result, "place") == [ID + "place/helsingborg"]
    assert [str(d) for d in column(result, "date")] == ["2008"]
    assert column(result, "country") == [ID + "place/sweden"]


def test_q5_country_by_year() -> None:
    result = run_query("05")
    table = {
        (code, year): n
        for code, year, n in zip(
            column(result, "countryCode"),
            column(result, "year"),
            column(result, "events"),
            strict=True,
        )
    }
    assert table[("CA", 2002)] == 1  # Whistler
    assert table[("JP", 2007)] == 1  # the visit to Japan
    assert table[("AR", 2017)] == 3  # delegation, RAMCC agreement, visit to Argentina
    assert ("CL", 2003) not in table and not any(year == 2003 for _, year in table)


def test_q6_events_of_the_chile_collaboration_in_order() -> None:
    result = run_query("06", {"collaboration": ID + "collaboration/chile"})
    events = list(dict.fromkeys(column(result, "event")))
    years = [int(str(e).removeprefix(ID + "event/")[:4]) for e in events]
    assert years == sorted(years)
    assert events[0] == ID + "event/2010-esam-chile-collaboration"  # Esam and the new network
    assert ID + "event/2012-chile-agreement-signing" in events  # signed in Helsingborg
    assert ID + "event/2016-arauco-province-visit" in events


def test_q7_partner_organisations_first_and_last_year() -> None:
    result = run_query("07")
    spans = {
        org: (first, last)
        for org, first, last in zip(
            column(result, "organisation"),
            column(result, "firstYear"),
            column(result, "lastYear"),
            strict=True,
        )
    }
    assert spans[ID + "org/whistler-municipality"] == (2002, 2002)
    assert spans[ID + "org/colgei"] == (2005, 2008)  # contact 2005, annual meeting 2008
    assert spans[ID + "org/ramcc"] == (2017, 2021)  # agreement 2017, web meetings 2021
    assert ID + "org/sekom" not in spans


def test_q8_online_events_and_platforms() -> None:
    result = run_query("08")
    online = dict(zip(column(result, "event"), column(result, "platform"), strict=True))
    assert online == {
        # 2014: "Ett webinarium hålls ... via Ecomuna."
        ID + "event/2014-arauco-webinar": ID + "project/ecomuna",
        # 2021: "fortsätter med webbmöten" — no platform named
        ID + "event/2021-web-meetings-argentina-united-states": None,
    }


def test_q9_people_with_their_posts() -> None:
    result = run_query("09")
    posts = set(
        zip(column(result, "name"), column(result, "post"), column(result, "year"), strict=True)
    )
    assert ("Lars Thunberg", "chair", 2010) in posts  # "Sekoms ordförande Lars Thunberg"
    assert ("Ellinor Avsan", "chair", 2016) in posts  # "Sekoms ordförande Ellinor Avsan"
    assert ("Matthew Barzun", "ambassador", 2010) in posts  # "USAs ambassadör Matthew Barzun"
    assert ("Sarah James", "coordinator", 2010) in posts
    assert ("Tommy Lindström", "former contact person", 2016) in posts
    people = {name for name, _, _ in posts}
    assert people == {
        "Lars Thunberg",
        "Ellinor Avsan",
        "Matthew Barzun",
        "Sarah James",
        "Tommy Lindström",
        "Cynthia Contie",
        "Manfred Max-Neef",
    }


def test_q10_timeline_of_kenya_inbound_and_outbound() -> None:
    result = run_query("10", {"country": "KE"})
    directions = Counter(column(result, "direction"))
    # 2007 Machakos visit (outbound); 2014 "En delegation från Kenya besöker ..." (inbound)
    assert directions["outbound"] == 1
    assert directions["inbound"] == 1
    assert column(result, "year") == sorted(column(result, "year"))
