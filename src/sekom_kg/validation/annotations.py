"""Validation results for CI: GitHub Actions workflow commands and JUnit XML, with locations.

pyoxigraph and rdflib do not report where a triple was written, so :func:`locate_subjects`
finds the line where each resource is first used as a subject: a line of a Turtle file that
begins (in column 1, outside a ``\"\"\"``/``'''`` string) with its ``<IRI>`` or a CURIE of a
prefix declared above it. Its limits: a subject written indented, after another term on the
same line, or only inside ``[ … ]`` or as an object, and blank nodes, are not found; such a
result keeps its file (the first one given) without a line.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from sekom_kg.validation.validate import Severity, ValidationReport, ValidationResult

_PREFIX = re.compile(r"^\s*(?:@prefix\s+|PREFIX\s+)([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE)
_BASE = re.compile(r"^\s*(?:@base|BASE)\s+<([^>]*)>", re.IGNORECASE)
_IRI_SUBJECT = re.compile(r"^<([^>\s]*)>")
_CURIE_SUBJECT = re.compile(r"^([A-Za-z][\w.-]*)?:((?:[\w:%-]|\\.|\.(?=[\w:%\\-]))*)")
_LONG_QUOTE = re.compile(r'"""|\'\'\'')


@dataclass(frozen=True)
class Location:
    """Where a focus node is written: a file, and its line and column (1-based) if found."""

    path: Path
    line: int | None = None
    column: int | None = None


def _subject_lines(path: Path) -> Iterable[tuple[str, int]]:
    """``(IRI, line)`` for each line of ``path`` that begins with a subject IRI or CURIE."""
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    base = path.resolve().as_uri()
    prefixes: dict[str, str] = {}
    open_quote: str | None = None
    for number, line in enumerate(text.splitlines(), 1):
        starts_inside = open_quote is not None
        for match in _LONG_QUOTE.finditer(line):  # track multi-line strings
            if open_quote is None:
                open_quote = match.group()
            elif match.group() == open_quote:
                open_quote = None
        if starts_inside:
            continue
        if found := _BASE.match(line):
            base = urljoin(base, found.group(1))
        elif found := _PREFIX.match(line):
            prefixes[found.group(1) or ""] = urljoin(base, found.group(2))
        elif found := _IRI_SUBJECT.match(line):
            yield urljoin(base, found.group(1)), number
        elif (found := _CURIE_SUBJECT.match(line)) and (found.group(1) or "") in prefixes:
            local = re.sub(r"\\(.)", r"\1", found.group(2))
            yield prefixes[found.group(1) or ""] + local, number


def locate_subjects(paths: Sequence[Path]) -> dict[str, Location]:
    """The first place in ``paths`` (in order) where each IRI begins a line as a subject."""
    found: dict[str, Location] = {}
    for path in paths:
        for iri, line in _subject_lines(path):
            found.setdefault(iri, Location(path, line, 1))
    return found


def locate(report: ValidationReport, paths: Sequence[Path]) -> list[Location | None]:
    """A location for each result of ``report``: its focus node's line, else the first file."""
    where = locate_subjects(paths)
    fallback = Location(paths[0]) if paths else None
    return [where.get(r.focus_node, fallback) for r in report.results]


def _display_path(path: Path) -> str:
    """``path`` relative to the current folder if it lies in it (as GitHub expects), else as is."""
    try:
        return Path(os.path.relpath(path.resolve(), Path.cwd().resolve())).as_posix()
    except ValueError:
        return str(path)


def escape_data(text: str) -> str:
    """A workflow command's message, escaped as GitHub's runner reads it (``%``, CR, LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value: :func:`escape_data` plus ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _subject(result: ValidationResult) -> str:
    path = f" {result.result_path}" if result.result_path else ""
    value = f" (value {result.value})" if result.value is not None else ""
    return f"{result.focus_node}{path}{value}"


def _describe(result: ValidationResult) -> str:
    return f"{_subject(result)}: {result.message}"


def _failing(report: ValidationReport, result: ValidationResult) -> bool:
    return Severity(result.severity).rank <= report.fail_on.rank


_COMMAND = {"violation": "error", "warning": "warning", "info": "notice"}


def github_lines(report: ValidationReport, paths: Sequence[Path]) -> list[str]:
    """One GitHub Actions workflow command per result (``::warning file=…,line=…::…``)."""
    lines = []
    for result, where in zip(report.results, locate(report, paths), strict=True):
        props = []
        if where is not None:
            props.append(f"file={escape_property(_display_path(where.path))}")
            if where.line is not None:
                props.append(f"line={where.line},col={where.column}")
        props.append(f"title={escape_property(f'{result.severity}: {result.shape_name}')}")
        command = _COMMAND.get(result.severity, "notice")
        lines.append(f"::{command} {','.join(props)}::{escape_data(_describe(result))}")
    return lines


def junit_xml(report: ValidationReport, paths: Sequence[Path]) -> str:
    """A JUnit XML report: one test case per result (a failure at or above ``--fail-on``)."""
    cases = ET.Element("testsuite", name="sekom-kg validate")
    failures = 0
    for result, where in zip(report.results, locate(report, paths), strict=True):
        case = ET.SubElement(cases, "testcase", classname=result.shape_name, name=_subject(result))
        if where is not None:
            case.set("file", _display_path(where.path))
            if where.line is not None:
                case.set("line", str(where.line))
        if _failing(report, result):
            failures += 1
            failure = ET.SubElement(case, "failure", message=result.message, type=result.severity)
            failure.text = _describe(result)
        else:
            ET.SubElement(case, "system-out").text = f"{result.severity}: {_describe(result)}"
    if not report.results:
        ET.SubElement(cases, "testcase", classname="sekom-kg validate", name=report.summary())
    cases.set("tests", str(max(1, len(report.results))))
    cases.set("failures", str(failures))
    cases.set("errors", "0")
    cases.set("skipped", "0")
    suites = ET.Element("testsuites", name="sekom-kg", tests=cases.get("tests", "0"))
    suites.set("failures", str(failures))
    suites.append(cases)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode")
