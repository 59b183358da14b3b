"""Helpers for the query tests: canonical forms of results, expected files, example values.

Normalisation between engines (documented here, used by every local-vs-remote comparison):
numeric literals (xsd:integer, decimal, nonNegativeInteger …) compare by value, because
engines may type an aggregate differently (e.g. xsd:integer vs xsd:decimal); every other
term compares by its N-Triples form. Rows compare as multisets (sorted lists).
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal
from rdflib.compare import to_isomorphic
from rdflib.term import Node

from sekom_kg.sparql.results import QueryResult

EXPECTED = Path(__file__).parent / "expected"
XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {
    XSD + name
    for name in [
        "integer",
        "decimal",
        "double",
        "float",
        "nonNegativeInteger",
        "positiveInteger",
        "long",
        "int",
        "short",
        "unsignedInt",
        "unsignedLong",
        "nonPositiveInteger",
        "negativeInteger",
        "byte",
    ]
}

#: One non-default value per parameter, for the "with a non-default value" runs.
EXAMPLE_VALUES: dict[str, dict[str, str]] = {
    "06_collaboration_events": {"collaboration": "https://w3id.org/sekom/id/collaboration/kenya"},
    "10_country_timeline": {"country": "CL"},
    "12_collaborations_in_year": {"year": "2017"},
    "15_network_neighbours": {"organisation": "https://w3id.org/sekom/id/org/sekom"},
    "19_activity_in_year": {"year": "2010"},
    "20_event_card": {"event": "https://w3id.org/sekom/id/event/2010-joint-declaration-signing"},
    "21_events_matching": {"text": "ethiopia"},
}


def term_key(term: Node | None) -> str:
    """A comparison key: numbers by value, anything else by N-Triples form, None as ''."""
    if term is None:
        return ""
    if isinstance(term, Literal) and term.datatype is not None and str(term.datatype) in NUMERIC:
        try:
            value = Decimal(str(term))
            text = (
                str(int(value)) if value == value.to_integral_value() else f"{value.normalize():f}"
            )
            return f"number:{text}"
        except InvalidOperation:
            pass
    return term.n3()


def canonical(result: QueryResult) -> Any:
    """A JSON-able, engine-independent form of a result (rows sorted as a multiset)."""
    if result.form == "ASK":
        return {"boolean": bool(result.boolean)}
    if result.graph is not None:
        return {"triples": graph_lines(result.graph)}
    rows = sorted([[term_key(t) for t in row] for row in result.terms])
    return {"variables": list(result.variables), "rows": rows}


def exact(result: QueryResult) -> Any:
    """Like :func:`canonical`, but every term by its N-Triples form (numbers too)."""
    if result.form == "ASK" or result.graph is not None:
        return canonical(result)
    rows = sorted([["" if t is None else t.n3() for t in row] for row in result.terms])
    return {"variables": list(result.variables), "rows": rows}


def graph_lines(graph: Graph) -> list[str]:
    """Sorted N-Triples lines of a (canonicalised) graph."""
    text = to_isomorphic(graph).serialize(format="nt")
    return sorted(line for line in text.splitlines() if line.strip())


def expected_path(name: str) -> Path:
    return EXPECTED / f"{name}.json"


def read_expected(name: str) -> Any:
    return json.loads(expected_path(name).read_text(encoding="utf-8"))


def write_expected(name: str, value: Any) -> None:
    EXPECTED.mkdir(exist_ok=True)
    lines = [
        f"  {json.dumps(key)}: "
        + (
            "[\n" + ",\n".join(f"    {json.dumps(v, ensure_ascii=False)}" for v in item) + "\n  ]"
            if key in ("rows", "triples") and item
            else json.dumps(item, ensure_ascii=False)
        )
        for key, item in value.items()
    ]
    text = "{\n" + ",\n".join(lines) + "\n}\n"
    expected_path(name).write_text(text, encoding="utf-8")
