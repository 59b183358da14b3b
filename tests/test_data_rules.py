"""Rules that keep the graph to what the source text says, checked on the bundled data.

The SHACL shapes check the form (a direction needs ``sekom:travelEvidence``, ``sekom:followedBy``
needs ``sekom:orderEvidence``, both quoted from the paragraph). These tests check the words
themselves, reading the files directly: the travel evidence states travel (an invitation does
not), the order evidence states an order, and every qualifier the text states (a private trip, an
invitation as speaker, a pause and its cause, a doubtful restart, "again", "well received") is a
structured statement on an activity of that paragraph, not only prose.
"""

from __future__ import annotations

import re

import pytest
from rdflib import Literal, Namespace, URIRef
from test_data_integrity import data

SEKOM = Namespace("https://w3id.org/sekom/ontology#")
PROV = Namespace("http://www.w3.org/ns/prov#")
DIR = Namespace("https://w3id.org/sekom/vocab/direction/")

PREFIXES = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
PREFIX sekom: <https://w3id.org/sekom/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX role: <https://w3id.org/sekom/vocab/role/>
PREFIX qual: <https://w3id.org/sekom/vocab/qualifier/>
PREFIX cause: <https://w3id.org/sekom/vocab/cause/>
"""

# Words that state a trip or a visit (stems, matched case-insensitively as whole-word prefixes).
TRAVEL_WORDS = (
    "besök",
    "deltar",
    "deltog",
    "träffar",
    "medverkar",
    "resa",
    "med på touren",
    "praktiserar",
    "föreläser",
    "presenterar",
)
# Words that only invite: on their own they are no evidence of travel.
INVITATION_ONLY = re.compile(r"(?i)\bbjud(s|er)\b")
# Words that state an order between two things told in one paragraph.
ORDER_WORDS = ("senare", "därefter", "sedan", "efter", "först", "till följd")


def has_word(text: str, words: tuple[str, ...]) -> bool:
    return any(re.search(r"(?i)\b" + re.escape(word), text) for word in words)


def test_travel_evidence_states_travel() -> None:
    wrong = sorted(
        f"{s}: {str(o)!r}"
        for s, o in data().subject_objects(SEKOM.travelEvidence)
        if not has_word(str(o), TRAVEL_WORDS)
    )
    assert not wrong, "travel evidence that states no trip or visit:\n" + "\n".join(wrong)


def test_invitation_words_alone_are_no_travel() -> None:
    wrong = sorted(
        f"{s}: {str(o)!r}"
        for s, o in data().subject_objects(SEKOM.travelEvidence)
        if INVITATION_ONLY.search(str(o))
        and not has_word(INVITATION_ONLY.sub("", str(o)), TRAVEL_WORDS)
    )
    assert not wrong, "an invitation given as evidence of travel:\n" + "\n".join(wrong)


def test_directions_to_or_from_sweden_have_travel_evidence() -> None:
    g = data()
    missing = sorted(
        str(s)
        for direction in (DIR.inbound, DIR.outbound)
        for s in g.subjects(SEKOM.direction, direction)
        if g.value(s, SEKOM.travelEvidence) is None
    )
    assert not missing, "inbound/outbound without sekom:travelEvidence:\n" + "\n".join(missing)


def test_followed_by_only_with_evidence_of_order() -> None:
    g = data()
    wrong = []
    for s, _ in g.subject_objects(SEKOM.followedBy):
        words = [str(w) for w in g.objects(s, SEKOM.orderEvidence)]
        texts = [
            str(t)
            for p in g.objects(s, PROV.wasDerivedFrom)
            for t in g.objects(p, SEKOM.paragraphText)
        ]
        if not any(has_word(w, ORDER_WORDS) and any(w in t for t in texts) for w in words):
            wrong.append(f"{s}: {words}")
    assert not wrong, "sekom:followedBy without quoted words of order:\n" + "\n".join(sorted(wrong))


# A phrase of the source that states a qualifier, and the structured statement that must carry it
# on some resource (?r: an activity, or a membership) derived from the paragraph.
QUALIFIERS = [
    ("privat resa", "?r sekom:qualifier qual:private-trip ."),
    ("bjuds in som talare", "?r sekom:participation/sekom:invitedAs role:speaker ."),
    ("pausas", "?r sekom:cause ?cause ."),
    ("pandemi", "?r sekom:cause cause:pandemic ."),
    ("tveksamt om det kommer igång igen", "?r sekom:qualifier qual:restart-doubtful ."),
    ("stridigheter", "?r sekom:restartDoubtCause cause:armed-conflict ."),
    ("återigen", "?r sekom:qualifier qual:again ."),
    ("uppskattade", "?r sekom:qualifier qual:well-received ."),
    ("tidigare kontakt", "?r org:role <https://w3id.org/sekom/vocab/post/former-contact-person> ."),
]


def paragraphs_saying(phrase: str) -> list[URIRef]:
    g = data()
    return sorted(
        p
        for p, text in g.subject_objects(SEKOM.paragraphText)
        if isinstance(p, URIRef) and isinstance(text, Literal) and phrase in str(text)
    )


@pytest.mark.parametrize(("phrase", "pattern"), QUALIFIERS, ids=[q[0] for q in QUALIFIERS])
def test_stated_qualifier_is_structured(phrase: str, pattern: str) -> None:
    found = paragraphs_saying(phrase)
    assert found, f"no paragraph says {phrase!r}"
    query = (
        PREFIXES
        + "PREFIX org: <http://www.w3.org/ns/org#>\n"
        + "ASK { ?r prov:wasDerivedFrom ?paragraph . "
        + pattern
        + " }"
    )
    missing = [
        str(p) for p in found if not data().query(query, initBindings={"paragraph": p}).askAnswer
    ]
    assert not missing, f"{phrase!r} is stated but not structured in: {missing}"
