"""The claims ledger: every atomic claim of the source's 43 paragraphs, as an ASK over the graph.

Each ``tests/claims/YYYY.toml`` holds ``[[claim]]`` tables, written from the text paragraph by
paragraph: ``paragraph`` (the paragraph id of ``data/sources.ttl``, e.g. ``"2007-p2"``, or the
year for a heading without paragraphs), ``sv`` (the claim as the text says it), ``en`` (a gloss)
and ``ask``, a SPARQL ASK over the published graph that holds exactly when the graph states the
claim. ``expect = false`` marks a negative claim: something the text does not say, which the graph
must not state. The common prefixes below are prepended to every ASK.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Namespace

from sekom_kg.sparql.api import run_text

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
SEKOM = Namespace("https://w3id.org/sekom/ontology#")
SOURCE = "https://w3id.org/sekom/id/source/internationella-samarbeten/"

PREFIXES = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
PREFIX sekom: <https://w3id.org/sekom/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX ev: <https://w3id.org/sekom/id/event/>
PREFIX agr: <https://w3id.org/sekom/id/agreement/>
PREFIX fund: <https://w3id.org/sekom/id/funding/>
PREFIX o: <https://w3id.org/sekom/id/org/>
PREFIX p: <https://w3id.org/sekom/id/person/>
PREFIX pl: <https://w3id.org/sekom/id/place/>
PREFIX col: <https://w3id.org/sekom/id/collaboration/>
PREFIX proj: <https://w3id.org/sekom/id/project/>
PREFIX par: <https://w3id.org/sekom/id/source/internationella-samarbeten/>
PREFIX at: <https://w3id.org/sekom/vocab/activity-type/>
PREFIX role: <https://w3id.org/sekom/vocab/role/>
PREFIX post: <https://w3id.org/sekom/vocab/post/>
PREFIX q: <https://w3id.org/sekom/vocab/quantifier/>
PREFIX unit: <https://w3id.org/sekom/vocab/unit/>
PREFIX dir: <https://w3id.org/sekom/vocab/direction/>
PREFIX pst: <https://w3id.org/sekom/vocab/project-status/>
PREFIX agt: <https://w3id.org/sekom/vocab/agreement-type/>
PREFIX qual: <https://w3id.org/sekom/vocab/qualifier/>
PREFIX cause: <https://w3id.org/sekom/vocab/cause/>
"""


@dataclass(frozen=True)
class Claim:
    file: str
    number: int
    paragraph: str
    sv: str
    en: str
    ask: str
    expect: bool

    @property
    def id(self) -> str:
        return f"{self.paragraph}#{self.number}{'' if self.expect else '-not'}"


def ledger() -> list[Claim]:
    claims = []
    for path in sorted(HERE.glob("*.toml")):
        with path.open("rb") as handle:
            tables = tomllib.load(handle).get("claim", [])
        for number, table in enumerate(tables, start=1):
            claims.append(
                Claim(
                    path.name,
                    number,
                    str(table["paragraph"]),
                    str(table["sv"]),
                    str(table["en"]),
                    str(table["ask"]),
                    bool(table.get("expect", True)),
                )
            )
    return claims


CLAIMS = ledger()


def source_ids() -> tuple[set[str], set[str]]:
    """Paragraph ids and section (year) ids of data/sources.ttl."""
    sources = Graph().parse(ROOT / "data" / "sources.ttl")
    paragraphs = {
        str(s).removeprefix(SOURCE) for s in sources.subjects(RDF.type, SEKOM.SourceParagraph)
    }
    sections = {
        str(s).removeprefix(SOURCE) for s in sources.subjects(RDF.type, SEKOM.SourceSection)
    }
    return paragraphs, sections


@pytest.mark.parametrize("claim", CLAIMS, ids=[c.id for c in CLAIMS])
def test_claim(claim: Claim) -> None:
    result = run_text(PREFIXES + claim.ask)
    assert result.boolean is not None, f"{claim.file} claim {claim.number} is not an ASK"
    verb = "does not state" if claim.expect else "states what the text does not say:"
    assert result.boolean is claim.expect, (
        f"{claim.file} [{claim.paragraph}] claim {claim.number}: the graph {verb} "
        f"{claim.sv!r} ({claim.en})"
    )


def test_every_paragraph_has_claims() -> None:
    paragraphs, _ = source_ids()
    covered = {c.paragraph for c in CLAIMS if c.expect}
    missing = sorted(paragraphs - covered)
    assert not missing, f"paragraphs without claims: {missing}"


def test_every_year_heading_has_a_ledger_file() -> None:
    _, sections = source_ids()
    years = {path.stem for path in HERE.glob("*.toml")}
    missing, extra = sorted(sections - years), sorted(years - sections)
    assert not missing and not extra, f"missing {missing}, extra {extra}"


def test_claims_cite_paragraphs_of_the_source() -> None:
    paragraphs, sections = source_ids()
    unknown = sorted({c.id for c in CLAIMS if c.paragraph not in paragraphs | sections})
    assert not unknown, f"claims citing no paragraph or heading of data/sources.ttl: {unknown}"


def test_claims_are_filed_under_their_year() -> None:
    wrong = sorted(c.id for c in CLAIMS if not c.paragraph.startswith(c.file.removesuffix(".toml")))
    assert not wrong, f"claims in the wrong year's file: {wrong}"


def test_ledger_has_negative_claims() -> None:
    assert sum(not c.expect for c in CLAIMS) >= 5
