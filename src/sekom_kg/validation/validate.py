"""SHACL validation with pyshacl, reported with shape names instead of blank-node ids."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from sekom_kg.assembly.load import Sources
from sekom_kg.assembly.ntriples import NTriples
from sekom_kg.assembly.published import published_triples
from sekom_kg.core.namespaces import RDF, SH, new_graph


class Severity(Enum):
    """SHACL severities, ordered from most to least severe."""

    VIOLATION = "violation"
    WARNING = "warning"
    INFO = "info"

    @property
    def iri(self) -> URIRef:
        return SH[self.value.capitalize()]

    @property
    def rank(self) -> int:
        return list(Severity).index(self)

    @classmethod
    def from_iri(cls, iri: Node | None) -> Severity:
        return cls(str(iri).rsplit("#", 1)[-1].lower())


@dataclass(frozen=True)
class ValidationResult:
    """One SHACL result; nodes are rendered as strings (IRIs in full, paths as CURIEs)."""

    focus_node: str
    shape_name: str
    result_path: str | None
    value: str | None
    severity: str
    message: str
    source_shape: str
    constraint_component: str


@dataclass
class ValidationReport:
    """The outcome of validating a graph against the shapes."""

    conforms: bool
    results: list[ValidationResult] = field(default_factory=list)
    graph: Graph = field(default_factory=Graph, repr=False)
    fail_on: Severity = Severity.VIOLATION
    engine: str = "pyshacl"

    def counts(self) -> dict[str, int]:
        """Number of results per severity (``violation``, ``warning``, ``info``)."""
        counts = {s.value: 0 for s in Severity}
        for result in self.results:
            counts[result.severity] += 1
        return counts

    def summary(self) -> str:
        """One line, e.g. ``does not conform: 2 violations, 0 warnings, 1 info``."""
        c = self.counts()
        verdict = "conforms" if self.conforms else "does not conform"
        plural = "" if c["violation"] == 1 else "s"
        wplural = "" if c["warning"] == 1 else "s"
        return (
            f"{verdict}: {c['violation']} violation{plural}, "
            f"{c['warning']} warning{wplural}, {c['info']} info"
        )

    def to_json(self) -> list[dict[str, Any]]:
        """The results as a list of plain dicts (JSON-able)."""
        return [asdict(r) for r in self.results]


def _pick_text(graph: Graph, node: Node, predicate: URIRef) -> str | None:
    """The English value of ``predicate``, else an untagged one, else any (sorted)."""
    values = [v for v in graph.objects(node, predicate) if isinstance(v, Literal)]
    for wanted in ("en", None):
        matches = sorted(str(v) for v in values if v.language == wanted)
        if matches:
            return matches[0]
    return min((str(v) for v in values), default=None)


def render_path(graph: Graph, path: Node) -> str:
    """A SHACL property path as SPARQL-like text with CURIEs (``schema:location/^org:x``)."""
    if isinstance(path, URIRef):
        return path.n3(graph.namespace_manager)
    if (path, RDF.first, None) in graph:
        return "/".join(render_path(graph, p) for p in Collection(graph, path))
    for predicate, fmt in (
        (SH.inversePath, "^{}"),
        (SH.zeroOrMorePath, "{}*"),
        (SH.oneOrMorePath, "{}+"),
        (SH.zeroOrOnePath, "{}?"),
    ):
        inner = graph.value(path, predicate)
        if inner is not None:
            return fmt.format(render_path(graph, inner))
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(render_path(graph, p) for p in Collection(graph, alternatives)) + ")"
    return "?"


def shape_name(shapes: Graph, shape: Node) -> str:
    """A human name for a shape: its sh:name, or its IRI, or parent name + path; never a bnode."""
    name = _pick_text(shapes, shape, SH.name)
    if name:
        return name
    if isinstance(shape, URIRef):
        return str(shape)
    parents = sorted(shapes.subjects(SH.property, shape), key=lambda n: n.n3())
    parent = shape_name(shapes, parents[0]) if parents else "(anonymous shape)"
    path = shapes.value(shape, SH.path)
    return f"{parent} {render_path(shapes, path)}" if path is not None else parent


def _message(report: Graph, result: Node, shapes: Graph, shape: Node | None) -> str:
    """The result's English message; else the shape's own ``sh:message@en``; else any.

    pyshacl drops the language tags of messages from SPARQL-based constraints, so the
    shape's tagged message is the reliable English text there.
    """
    english = [
        str(v)
        for v in report.objects(result, SH.resultMessage)
        if isinstance(v, Literal) and v.language == "en"
    ]
    if not english and shape is not None:
        english = [
            str(v)
            for v in shapes.objects(shape, SH.message)
            if isinstance(v, Literal) and v.language == "en"
        ]
    return min(english, default=None) or _pick_text(report, result, SH.resultMessage) or ""


def _render(graph: Graph, node: Node | None) -> str | None:
    if node is None:
        return None
    if isinstance(node, URIRef):
        return str(node)
    return node.n3(graph.namespace_manager)


def _sort_key(r: ValidationResult) -> tuple[str, ...]:
    return (
        r.focus_node,
        r.shape_name,
        r.result_path or "",
        r.value or "",
        r.severity,
        r.message,
        r.constraint_component,
    )


def _results(report: Graph, shapes: Graph) -> list[ValidationResult]:
    results = []
    for r in report.objects(None, SH.result):
        path = report.value(r, SH.resultPath)
        shape = report.value(r, SH.sourceShape)
        component = report.value(r, SH.sourceConstraintComponent)
        results.append(
            ValidationResult(
                focus_node=_render(report, report.value(r, SH.focusNode)) or "",
                shape_name=shape_name(shapes, shape) if shape is not None else "",
                result_path=render_path(report, path) if path is not None else None,
                value=_render(report, report.value(r, SH.value)),
                severity=Severity.from_iri(report.value(r, SH.resultSeverity)).value,
                message=_message(report, r, shapes, shape),
                source_shape=str(shape) if isinstance(shape, URIRef) else "",
                constraint_component=component.n3(report.namespace_manager) if component else "",
            )
        )
    return sorted(results, key=_sort_key)


def validate_graph(
    graph: Graph | NTriples,
    shapes: Graph,
    fail_on: Severity = Severity.VIOLATION,
    validator: str | None = None,
) -> ValidationReport:
    """Validate ``graph`` (already holding ontology + data + materialised triples).

    ``validator`` is ``fast`` (pyshacl-turbo, falling back to pyshacl) or ``pyshacl``;
    default: see :mod:`sekom_kg.validation.shacl_engine`.
    """
    from sekom_kg.validation.shacl_engine import shacl_report

    report_graph, engine = shacl_report(graph, shapes, validator)
    pretty = merge(report_graph)
    results = _results(pretty, shapes)
    conforms = not any(Severity(r.severity).rank <= fail_on.rank for r in results)
    return ValidationReport(
        conforms=conforms, results=results, graph=pretty, fail_on=fail_on, engine=engine
    )


def merge(*graphs: Graph) -> Graph:
    """A new graph with the triples of all ``graphs`` and the standard prefixes."""
    merged = new_graph()
    for graph in graphs:
        for triple in graph:
            merged.add(triple)
    return merged


def validate_sources(
    sources: Sources, fail_on: Severity = Severity.VIOLATION, validator: str | None = None
) -> ValidationReport:
    """Validate the published graph of ``sources`` against their shapes."""
    return validate_graph(published_triples(sources), sources.shapes, fail_on, validator)
