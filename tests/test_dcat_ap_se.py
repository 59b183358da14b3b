"""The catalogue against DCAT-AP-SE 3.0.1, checked by the profile's own RDForms templates.

``tests/data/dcat-ap-se-3.0.1/bundle.json`` is the formal profile dataportal.se validates with
(for each class its properties: cardinality ``min``/``pref``/``max`` – pref = recommended –,
node type, datatype, allowed values, patterns and the classes a value must have). The checker
below is a small reading of those templates, written as test code so the profile stays data:

* each value of a property is bound to the first template item for that property whose node
  type, datatype, pattern, choices and (non-automatic) constraints it satisfies; a value no
  item accepts is an error (wrong value form, datatype or value);
* an item bound fewer than ``min`` or more than ``max`` times is an error, fewer than ``pref``
  times a warning (unless another item already gives the property a value); a ``cardgroup``
  counts its children together; groups with a property are checked on each value node.

Errors must be nil, except the one written harvesting rule the catalogue uses instead of a
template (see the README): ``dcterms:format`` as an EU file-type IRI, the DCAT-AP form
(DCAT-AP 3.0.1 allows only an IRI there), which dataportal.se's harvester accepts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from sekom_kg.core.config import load_config
from sekom_kg.core.namespaces import DCAT, DCTERMS, FOAF, OWL, RDF, VCARD, XSD
from sekom_kg.metadata.iris import SPDX
from sekom_kg.publish.build import build

BUNDLE = Path(__file__).parent / "data" / "dcat-ap-se-3.0.1" / "bundle.json"
ENDPOINT = "https://query.example.org/sekom/sparql"
PREFIXES = {
    "adms": "http://www.w3.org/ns/adms#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "dcatap": "http://data.europa.eu/r5r/",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "locn": "http://www.w3.org/ns/locn#",
    "odrs": "http://schema.theodi.org/odrs#",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "schema": "http://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "spdx": "http://spdx.org/rdf/terms#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
#: The class each root template describes.
ROOTS = {
    "dcat:Catalog": DCAT.Catalog,
    "dcat:Dataset": DCAT.Dataset,
    "dcat:Distribution": DCAT.Distribution,
    "dcat:DataService": DCAT.DataService,
}
#: The one deviation, a written rule of dataportal.se (changes.md, "Tidigare beskrivna
#: avvikelser" 1): the DCAT-AP form of dcterms:format is harvested too.
FORMAT_GROUPS = {"dcat:format-group_di", "dcat:format-group_ds"}


def expand(name: str) -> URIRef:
    """A template's property or class name (a CURIE or a full IRI) as an IRI."""
    if "://" in name:
        return URIRef(name)
    prefix, local = name.split(":", 1)
    return URIRef(PREFIXES[prefix] + local)


@cache
def templates() -> dict[str, dict[str, Any]]:
    document = json.loads(BUNDLE.read_text(encoding="utf-8"))
    return {template["id"]: template for template in document["templates"]}


def resolve(item: str | dict[str, Any]) -> dict[str, Any]:
    """An item with its ``extends`` chain merged in (the item's own keys win)."""
    found = templates()[item] if isinstance(item, str) else item
    if "extends" in found:
        base = resolve(found["extends"])
        return {**base, **{k: v for k, v in found.items() if k != "extends"}}
    return found


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


@dataclass
class Report:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: template ids of the errors, for the expected deviation
    error_items: list[str] = field(default_factory=list)


@dataclass
class Checker:
    graph: Graph
    report: Report = field(default_factory=Report)

    def accepts(self, item: dict[str, Any], value: Node) -> bool:
        """Whether ``value`` fits ``item``: node type, datatype, pattern, choices, constraints."""
        kind = item.get("nodetype") or ("LITERAL" if item.get("type") == "text" else "RESOURCE")
        literal = isinstance(value, Literal)
        fits = {
            "URI": isinstance(value, URIRef),
            "RESOURCE": isinstance(value, (URIRef, BNode)),
            "BLANK": isinstance(value, BNode),
            "LITERAL": literal,
            "ONLY_LITERAL": literal and not getattr(value, "language", None),
            "LANGUAGE_LITERAL": literal and getattr(value, "datatype", None) is None,
            "DATATYPE_LITERAL": literal and getattr(value, "datatype", None) is not None,
        }[kind]
        if not fits:
            return False
        if kind == "DATATYPE_LITERAL" and "datatype" in item:
            assert isinstance(value, Literal)
            if value.datatype not in {expand(d) for d in as_list(item["datatype"])}:
                return False
        text = str(value)
        template = item.get("valueTemplate")
        if isinstance(template, str) and template.endswith("$1"):
            text = text.removeprefix(template[:-2])
        if "pattern" in item and not re.search(item["pattern"], text):
            return False
        choices = {choice["value"] for choice in item.get("choices", [])}
        if item.get("type") == "choice" and choices and text not in choices:
            return False
        if not item.get("automatic"):
            for prop, wanted in item.get("constraints", {}).items():
                have = set(self.graph.objects(value, expand(prop)))  # type: ignore[arg-type]
                if not have & {expand(w) for w in as_list(wanted)}:
                    return False
        return True

    def leaves(self, items: list[Any]) -> Iterator[tuple[dict[str, Any], dict[str, Any] | None]]:
        """Items with a property, each with its enclosing property-less group (if any)."""
        for raw in items:
            item = resolve(raw)
            if "property" in item:
                yield item, None
            elif item.get("type") == "group":
                for child, _ in self.leaves(item.get("items", [])):
                    yield child, item

    def check(self, node: Node, template: dict[str, Any], where: str) -> None:
        items = [
            (item, group)
            for item, group in self.leaves(template.get("items", []))
            if self.applies(node, item)
        ]
        bound: dict[int, int] = {}  # values an item accepts
        present: dict[int, int] = {}  # ... plus the wrong values of its property
        by_property: dict[URIRef, list[tuple[dict[str, Any], dict[str, Any] | None]]] = {}
        for item, group in items:
            by_property.setdefault(expand(item["property"]), []).append((item, group))
        for prop, candidates in sorted(by_property.items()):
            for value in sorted(self.graph.objects(node, prop)):  # type: ignore[arg-type]
                match = next((c for c in candidates if self.accepts(c[0], value)), None)
                if match is None:  # one error; the value still counts as given (min, pref)
                    item, group = candidates[0]
                    name = (group or item).get("id", item["property"])
                    self.error(name, f"{where} {prop}: {value.n3()} fits no template item")
                    for key in (id(item), id(group)):
                        present[key] = present.get(key, 0) + 1
                    continue
                item, group = match
                for key in (id(item), id(group)):
                    bound[key] = bound.get(key, 0) + 1
                    present[key] = present.get(key, 0) + 1
                if item.get("type") == "group" and item.get("items"):
                    self.check(value, item, f"{where} {prop} {value.n3()}")
        groups = {id(g): g for _, g in items if g is not None and "cardgroup" in g.get("cls", [])}
        for item, group in items:
            in_cardgroup = group is not None and id(group) in groups
            given = any(present.get(id(i), 0) for i, _ in by_property[expand(item["property"])])
            counts = (present.get(id(item), 0), bound.get(id(item), 0))
            self.cardinality(item, counts, where, given, in_cardgroup)
        for group in groups.values():
            counts = (present.get(id(group), 0), bound.get(id(group), 0))
            self.cardinality(group, counts, where, False, False)

    def applies(self, node: Node, item: dict[str, Any]) -> bool:
        """``deps``: an item only counts when the node has the given property value."""
        if "deps" not in item:
            return True
        prop, value = item["deps"]
        return (node, expand(prop), URIRef(value)) in self.graph

    def cardinality(
        self,
        item: dict[str, Any],
        counts: tuple[int, int],
        where: str,
        given: bool,
        in_cardgroup: bool,
    ) -> None:
        """``counts``: (values given, values accepted); min and pref count the first."""
        card = item.get("cardinality", {})
        name = item.get("id") or item.get("property", "?")
        present, accepted = counts
        if not in_cardgroup and present < card.get("min", 0):
            self.error(name, f"{where}: {name} needs at least {card['min']}, has {present}")
        if not in_cardgroup and "max" in card and accepted > card["max"]:
            self.error(name, f"{where}: {name} allows at most {card['max']}, has {accepted}")
        if present < card.get("pref", 0) and not given:
            self.report.warnings.append(f"{where}: {name} recommended")

    def error(self, item: str, message: str) -> None:
        self.report.errors.append(message)
        self.report.error_items.append(item)


def check_catalogue(graph: Graph) -> Report:
    """Every catalogue, dataset, distribution and data service, their publisher and contact."""
    checker = Checker(graph)
    for template_id, cls in ROOTS.items():
        for node in sorted(graph.subjects(RDF.type, cls)):
            checker.check(node, resolve(template_id), f"{template_id} <{node}>")
    agents = set(graph.objects(None, DCTERMS.publisher))
    for agent in sorted(agents):
        checker.check(agent, resolve("dcat:foaf:Agent"), f"publisher <{agent}>")
    for contact in sorted(set(graph.objects(None, DCAT.contactPoint))):
        checker.check(contact, resolve("dcat:contactPoint"), f"contact <{contact}>")
    return checker.report


def unexpected(report: Report) -> list[str]:
    """The errors other than the documented dcterms:format form."""
    pairs = zip(report.errors, report.error_items, strict=True)
    return [error for error, item in pairs if item not in FORMAT_GROUPS]


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dcat-ap-se") / "dist"
    build(out, config=replace(load_config(), sparql_endpoint=ENDPOINT), site=False)
    return out


def catalogue(dist: Path) -> Graph:
    return Graph().parse(dist / "catalog.rdf")  # the RDF/XML dataportal.se harvests


def test_no_errors_but_the_documented_format_form(dist: Path) -> None:
    report = check_catalogue(catalogue(dist))
    unexpected = [
        e
        for e, item in zip(report.errors, report.error_items, strict=True)
        if item not in FORMAT_GROUPS
    ]
    assert unexpected == []
    # the deviation: a dcterms:format IRI on each distribution (5) and the data service
    assert len(report.errors) == 6
    assert all(f"{DCTERMS['format']}: " in e for e in report.errors), report.errors


def test_warnings_are_the_documented_ones(dist: Path) -> None:
    """Recommended values neither the data nor the settings truthfully give (README)."""
    warnings = check_catalogue(catalogue(dist)).warnings
    names = sorted(w.rsplit(": ", 1)[1].removesuffix(" recommended") for w in warnings)
    assert names == sorted(
        [
            "dcat:dcterms:issued_ca",  # dataset.issued is empty by default
            "dcat:dcterms:modified_ca",  # only with SOURCE_DATE_EPOCH
            "dcat:dcterms:issued_da",
            "dcat:endpointDescription",  # the endpoint has no description document
            *["dcatap:availability"] * 5,  # publishing.availability is empty by default
            "org:classification",  # only "fee-financed", which Sekom's data is not
            "dcterms:identifier_agent",  # publisher.organisation_number is empty
            "vc:hasTelephone",  # contact.telephone is empty
            "vc:hasAddress",  # contact address is empty
        ]
    )


def test_all_settings_leave_only_what_cannot_be_true(tmp_path: Path) -> None:
    config = replace(
        load_config(),
        issued="2021-12-31",
        availability="STABLE",
        organisation_number="1234567890",
        contact_telephone="+46 (0)8-123 45 67",
        contact_address={
            "street_address": "Gatan 1",
            "postal_code": "123 45",
            "locality": "Staden",
            "country_name": "Sverige",
        },
    )
    build(tmp_path / "dist", config=config, source_date_epoch=1_600_000_000, site=False)
    report = check_catalogue(catalogue(tmp_path / "dist"))
    assert set(report.error_items) <= FORMAT_GROUPS
    names = {w.rsplit(": ", 1)[1] for w in report.warnings}
    assert names == {"org:classification recommended"}
    graph = catalogue(tmp_path / "dist")
    contact = graph.value(URIRef("https://w3id.org/sekom/dataset"), DCAT.contactPoint)
    phone = graph.value(contact, VCARD.hasTelephone)
    assert graph.value(phone, VCARD.hasValue) == URIRef("tel:+46-(0)8-123-45-67")
    address = graph.value(contact, VCARD.hasAddress)
    assert str(graph.value(address, VCARD["postal-code"])) == "123 45"
    publisher = graph.value(URIRef("https://w3id.org/sekom/dataset"), DCTERMS.publisher)
    assert graph.value(publisher, OWL.sameAs) == URIRef(
        "http://dataportal.se/organisation/SE1234567890"
    )


def test_the_checker_finds_what_the_profile_forbids(dist: Path) -> None:
    """The faults of the catalogue before DCAT-AP-SE 3.0.1, put back by hand."""
    graph = catalogue(dist)
    distribution = next(iter(graph.subjects(RDF.type, DCAT.Distribution)))
    size = graph.value(distribution, DCAT.byteSize)
    graph.set((distribution, DCAT.byteSize, Literal(f"{size}.0", datatype=XSD.decimal)))
    checksum = graph.value(distribution, SPDX.checksum)
    graph.set((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    contact = next(iter(graph.objects(None, DCAT.contactPoint)))
    graph.add((contact, RDF.type, VCARD.Kind))
    publisher = next(iter(graph.objects(None, DCTERMS.publisher)))
    graph.remove((publisher, DCTERMS.type, None))
    graph.remove((publisher, FOAF.name, None))
    report = check_catalogue(graph)
    faults = [
        e for e, i in zip(report.errors, report.error_items, strict=True) if i not in FORMAT_GROUPS
    ]
    assert len(faults) == 5, faults
    text = "\n".join(faults)
    for expected in ("byteSize", "algorithm", "ns#Kind", "adms:publishertype", "foaf:name"):
        assert expected in text, text


def test_written_harvesting_rules(dist: Path) -> None:
    """harvesting.md: absolute IRIs, no blank nodes, the publisher described once and kept
    apart from the contact point, the catalogue's publisher the datasets' publisher."""
    graph = catalogue(dist)
    for term in {t for triple in graph for t in triple}:
        assert not isinstance(term, BNode)
        if isinstance(term, URIRef):
            assert re.match(r"^(https?://[^/\s]+|mailto:|tel:)", str(term)), term
    publishers = set(graph.objects(None, DCTERMS.publisher))
    assert len(publishers) == 1  # one publisher for catalogue, dataset and service
    (publisher,) = publishers
    assert sorted(n.language for n in graph.objects(publisher, FOAF.name)) == ["en", "sv"]
    contacts = set(graph.objects(None, DCAT.contactPoint))
    assert contacts and publisher not in contacts
