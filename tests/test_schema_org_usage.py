"""schema.org used as schema.org defines it, in every published file and page.

Reads the schema.org vocabulary (release 30.0, ``tests/data/schemaorg-30.0/``) and fails on any
schema.org property whose subject has no type within its ``schema:domainIncludes`` (subclasses
counted) or whose value lies outside its ``schema:rangeIncludes``; for the published graph, the
Dataset JSON-LD and the JSON-LD of every page of the site.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from sekom_kg.assembly import schema_vocab

VOCAB_DIR = Path(__file__).parent / "data" / "schemaorg-30.0"
SCHEMA = "https://schema.org/"
ISLAND = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
#: The schema.org data type of each literal datatype.
DATATYPES = {
    None: "Text",
    RDF.langString: "Text",
    XSD.string: "Text",
    XSD.anyURI: "URL",
    XSD.date: "Date",
    XSD.gYear: "Date",
    XSD.gYearMonth: "Date",
    XSD.dateTime: "DateTime",
    XSD.time: "Time",
    XSD.boolean: "Boolean",
    XSD.integer: "Integer",
    XSD.nonNegativeInteger: "Integer",
    XSD.positiveInteger: "Integer",
    XSD.int: "Integer",
    XSD.decimal: "Number",
    XSD.double: "Number",
    XSD.float: "Float",
}


@dataclass(frozen=True)
class Vocabulary:
    domains: dict[str, set[str]]
    ranges: dict[str, set[str]]
    parents: dict[str, set[str]]
    types: dict[str, set[str]]  # rdf:type of vocabulary terms (enumeration members …)

    def ancestors(self, classes: set[str]) -> set[str]:
        seen, stack = set(classes), list(classes)
        while stack:
            for parent in self.parents.get(stack.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    stack.append(parent)
        return seen


@cache
def vocabulary() -> Vocabulary:
    store = ox.Store()
    store.load(path=str(VOCAB_DIR / "schemaorg-current-https.ttl"), format=ox.RdfFormat.TURTLE)

    def pairs(predicate: str) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for quad in store.quads_for_pattern(None, ox.NamedNode(predicate), None):
            s, o = quad.subject, quad.object
            if not (isinstance(s, ox.NamedNode) and isinstance(o, ox.NamedNode)):
                continue
            if s.value.startswith(SCHEMA) and o.value.startswith(SCHEMA):
                found.setdefault(s.value[len(SCHEMA) :], set()).add(o.value[len(SCHEMA) :])
        return found

    return Vocabulary(
        domains=pairs(SCHEMA + "domainIncludes"),
        ranges=pairs(SCHEMA + "rangeIncludes"),
        parents=pairs("http://www.w3.org/2000/01/rdf-schema#subClassOf"),
        types=pairs(str(RDF.type)),
    )


def local(term: Node) -> str | None:
    text = str(term)
    return text[len(SCHEMA) :] if isinstance(term, URIRef) and text.startswith(SCHEMA) else None


def schema_types(node: Node, *graphs: Graph) -> set[str]:
    found = {t for g in graphs for o in g.objects(node, RDF.type) if (t := local(o))}  # type: ignore[arg-type]
    name = local(node)
    if name is not None:
        found |= vocabulary().types.get(name, set())
    return found


def value_types(value: Node, *graphs: Graph) -> set[str]:
    vocab = vocabulary()
    if isinstance(value, Literal):
        datatype = value.datatype if value.language is None else RDF.langString
        return vocab.ancestors({DATATYPES.get(datatype, "?")})
    found = vocab.ancestors(schema_types(value, *graphs))
    return found | ({"URL", "Text"} if isinstance(value, URIRef) else set())


def misuses(graph: Graph, *context: Graph) -> list[str]:
    """Every schema.org term of ``graph`` used outside its domain or range.

    Types of subjects and values are looked up in ``graph`` and the ``context`` graphs.
    """
    vocab, graphs, problems = vocabulary(), (graph, *context), []
    for s, p, o in sorted(graph):
        if p == RDF.type and (cls := local(o)) is not None:
            if cls not in vocab.parents and cls != "Thing":
                problems.append(f"{s} a schema:{cls}: not a schema.org class")
            continue
        prop = local(p)
        if prop is None:
            continue
        if prop not in vocab.domains and prop not in vocab.ranges:
            problems.append(f"{s} schema:{prop}: not a schema.org property")
            continue
        subject = vocab.ancestors(schema_types(s, *graphs))
        if vocab.domains.get(prop) and not subject & vocab.domains[prop]:
            kinds = sorted(subject) or "untyped"
            problems.append(f"{s} schema:{prop}: subject {kinds} not in domain")
        values = value_types(o, *graphs)
        if vocab.ranges.get(prop) and not values & vocab.ranges[prop]:
            problems.append(f"{s} schema:{prop} {o.n3()}: value {sorted(values)} not in range")
    return problems


@cache
def schema_context() -> dict[str, Any]:
    """schema.org's own JSON-LD context, for the https://schema.org/ vocabulary."""
    text = (VOCAB_DIR / "schemaorgcontext.jsonld").read_text(encoding="utf-8")
    return dict(json.loads(text.replace('"http://schema.org/"', '"https://schema.org/"')))


def read_jsonld(document: dict[str, Any]) -> Graph:
    """A JSON-LD document as RDF; ``"@context": "https://schema.org/"`` read offline."""
    if document.get("@context") in ("https://schema.org/", "https://schema.org"):
        document = {**document, "@context": schema_context()["@context"]}
    return Graph().parse(data=json.dumps(document), format="json-ld")


@pytest.fixture(scope="module")
def dist(published_dist: Path) -> Path:
    return published_dist


@pytest.fixture(scope="module")
def published(dist: Path) -> Graph:
    return Graph().parse(dist / "sekom.ttl", format="turtle")


def islands(page: Path) -> list[dict[str, Any]]:
    return [json.loads(text) for text in ISLAND.findall(page.read_text(encoding="utf-8"))]


def test_the_packaged_domains_are_the_vocabulary() -> None:
    derived = schema_vocab.derive(VOCAB_DIR / "schemaorg-current-https.ttl")
    packaged = Path(schema_vocab.__file__).with_name(schema_vocab.DOMAINS_FILE)
    assert packaged.read_text(encoding="utf-8") == schema_vocab.serialise(derived)


def test_the_check_can_fail() -> None:
    graph = Graph().parse(
        data="""
        @prefix schema: <https://schema.org/> .
        <urn:e> a schema:Event ; schema:isBasedOn <urn:p> ; schema:location "Kiruna" ;
            schema:attendee <urn:c> .
        <urn:c> a schema:Country .
        <urn:q> schema:value 1 .
        """,
        format="turtle",
    )
    found = "\n".join(misuses(graph))
    assert "urn:e schema:isBasedOn: subject" in found
    assert "urn:e schema:attendee <urn:c>: value" in found
    assert "urn:q schema:value: subject untyped not in domain" in found
    assert "schema:location" not in found  # Text is in its range


def test_published_graph(published: Graph) -> None:
    assert misuses(published) == []


def test_provenance_terms(published: Graph) -> None:
    """Sources as schema:subjectOf (a CreativeWork about the thing), isBasedOn only for works."""
    subject_of = set(published.subjects(URIRef(SCHEMA + "subjectOf"), None))
    based_on = set(published.subjects(URIRef(SCHEMA + "isBasedOn"), None))
    events = set(published.subjects(RDF.type, URIRef(SCHEMA + "Event")))
    assert events and events <= subject_of
    assert not events & based_on
    works = set(published.subjects(RDF.type, URIRef(SCHEMA + "CreativeWork")))
    assert based_on <= works


def test_participations_and_memberships_carry_no_schema_org(published: Graph) -> None:
    for cls in (
        "https://w3id.org/sekom/ontology#Participation",
        "http://www.w3.org/ns/org#Membership",
    ):
        nodes = set(published.subjects(RDF.type, URIRef(cls)))
        assert nodes, cls
        for node in nodes:
            assert not [p for p in published.predicates(node, None) if local(p)], node


@pytest.mark.parametrize("name", ["catalog.rdf", "void.ttl", "prov.ttl", "sekom.trig"])
def test_every_metadata_file(dist: Path, name: str) -> None:
    dataset = Dataset()
    dataset.parse(dist / name, format="trig" if name.endswith(".trig") else None)
    graphs = [g for g in dataset.graphs() if len(g)]
    assert graphs
    for graph in graphs:
        assert misuses(graph) == [], graph.identifier


def test_dataset_jsonld(dist: Path) -> None:
    document = json.loads((dist / "dataset.schema.jsonld").read_text(encoding="utf-8"))
    assert misuses(read_jsonld(document)) == []
    for key in ("citation", "includedInDataCatalog", "creator", "license", "isBasedOn"):
        assert key in document
    assert document["creator"]["url"] == "https://www.sekom.se/"
    assert document["includedInDataCatalog"]["@type"] == "DataCatalog"


def test_every_page_jsonld(dist: Path, published: Graph) -> None:
    pages = sorted((dist / "site").rglob("*.html"))
    checked = 0
    problems: list[str] = []
    for page in pages:
        for document in islands(page):
            problems += [f"{page.name}: {m}" for m in misuses(read_jsonld(document), published)]
            checked += 1
    assert checked > 100
    assert problems == []


def test_event_pages_have_a_location_where_the_data_has_one(dist: Path, published: Graph) -> None:
    """A Place with a name (and address parts), or a VirtualLocation; never an invented one."""
    seen: Counter[str] = Counter()
    events = sorted(published.subjects(RDF.type, URIRef(SCHEMA + "Event")))
    for event in events:
        slug = str(event).rsplit("/", 1)[1]
        (document,) = islands(dist / "site" / "id" / "event" / f"{slug}.html")
        page = read_jsonld(document)
        places = list(page.objects(event, URIRef(SCHEMA + "location")))
        if not list(published.objects(event, URIRef(SCHEMA + "location"))):
            assert places == [], event
            seen["none in the data"] += 1
            continue
        for place in places:
            kinds = vocabulary().ancestors(schema_types(place, page))
            assert isinstance(place, (URIRef, BNode))
            assert list(page.objects(place, URIRef(SCHEMA + "name"))), (event, place)
            assert kinds & {"Place", "VirtualLocation"}, (event, place)
            if "VirtualLocation" in kinds:
                seen["virtual"] += 1
            else:
                address = page.value(place, URIRef(SCHEMA + "address"))
                assert address is not None, (event, place)
                kind = "Country" if "Country" in kinds else "City" if "City" in kinds else "Area"
                seen[f"place ({kind})"] += 1
    print(dict(seen))  # bundled data: 16 countries, 12 cities, 4 areas, 1 virtual, 21 none
    assert sum(seen.values()) >= len(events) >= 54
