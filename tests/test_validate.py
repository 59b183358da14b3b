from pathlib import Path

import pytest
from conftest import INVALID

from sekom_kg.assembly.load import load_sources
from sekom_kg.validation.validate import Severity, validate_sources

SHAPES = "https://w3id.org/sekom/ontology/shapes#"
UNDATED = "https://w3id.org/sekom/id/event/2009-undated"


def test_fixture_bundle_conforms(mini_bundle: Path) -> None:
    report = validate_sources(load_sources())
    assert report.conforms, report.results
    assert report.results == []


def test_violations_name_shapes_not_blank_nodes(mini_bundle: Path) -> None:
    report = validate_sources(load_sources([INVALID / "event-without-start-date.ttl"]))
    assert not report.conforms
    by_path = {r.result_path: r for r in report.results}
    start = by_path["schema:startDate"]
    assert start.focus_node == UNDATED
    assert start.shape_name == "Event schema:startDate"  # anonymous: parent name + path
    assert start.message == "An event needs a start date."  # @en preferred
    assert start.severity == "violation"
    assert start.constraint_component == "sh:MinCountConstraintComponent"
    visitor = by_path["sekom:visitor"]
    assert visitor.source_shape == SHAPES + "EventAttendeeShape"
    assert visitor.shape_name == SHAPES + "EventAttendeeShape"  # named shape without sh:name
    assert visitor.value == "https://w3id.org/sekom/id/place/machakos"
    assert not any(r.shape_name.startswith(("_:", "N")) for r in report.results)


def test_results_are_sorted(mini_bundle: Path) -> None:
    report = validate_sources(load_sources([INVALID / "event-without-start-date.ttl"]))
    keys = [(r.focus_node, r.shape_name) for r in report.results]
    assert keys == sorted(keys)


@pytest.mark.parametrize(
    ("fail_on", "conforms"),
    [(Severity.VIOLATION, True), (Severity.WARNING, False), (Severity.INFO, False)],
)
def test_fail_on_levels(mini_bundle: Path, fail_on: Severity, conforms: bool) -> None:
    report = validate_sources(load_sources([INVALID / "event-without-description.ttl"]), fail_on)
    assert report.conforms is conforms
    assert [r.severity for r in report.results] == ["warning"]
    assert report.counts() == {"violation": 0, "warning": 1, "info": 0}


def test_report_graph_and_json(mini_bundle: Path) -> None:
    report = validate_sources(load_sources([INVALID / "event-without-start-date.ttl"]))
    assert len(report.graph) > 0
    rows = report.to_json()
    assert {"focus_node", "shape_name", "result_path", "message"} <= set(rows[0])


def test_messages_of_sparql_constraints_are_english() -> None:
    """pyshacl drops the language tags of SPARQL-constraint messages; the shape's own wins."""
    fixture = Path(__file__).parent / "data" / "invalid" / "Activity__evidence-not-in-paragraph.ttl"
    report = validate_sources(load_sources([fixture]))
    messages = {r.message for r in report.results if r.source_shape.endswith("evidenceInParagraph")}
    assert messages == {
        "The evidence must be a verbatim substring of the cited paragraph's sekom:paragraphText."
    }
