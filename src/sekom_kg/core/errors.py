"""Exceptions raised by the library; only ``cli.py`` turns them into messages and exit codes.

>>> str(TurtleSyntaxError("data/x.ttl", 3, 7, "expected '.'"))
"data/x.ttl:3:7: expected '.'"
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sekom_kg.validation.validate import ValidationReport


class SekomError(Exception):
    """Base class of every error sekom-kg raises on purpose."""

    exit_code: int = 1


class InputError(SekomError):
    """Bad input: a missing file, an unreadable graph, a malformed option (exit 2)."""

    exit_code = 2


class ConfigError(InputError):
    """A bad configuration value, e.g. a base IRI that is not absolute (exit 2)."""


class TurtleSyntaxError(InputError):
    """A Turtle file that does not parse; ``str()`` is ``FILE:LINE:COL: message`` (1-based)."""

    def __init__(self, path: str | Path, line: int, column: int, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.column = column
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"

    def __reduce__(self) -> tuple[type, tuple[str, int, int, str]]:  # picklable across processes
        return type(self), (self.path, self.line, self.column, self.message)


class NotConformingError(SekomError):
    """The graph does not conform to the SHACL shapes (exit 1); carries the report."""

    exit_code = 1

    def __init__(self, report: ValidationReport, message: str | None = None) -> None:
        self.report = report
        super().__init__(message or report.summary())


class RemoteError(SekomError):
    """A remote SPARQL endpoint or Graph Store failed (exit 3)."""

    exit_code = 3

    def __init__(self, url: str, message: str, status: int | None = None) -> None:
        self.url = url
        self.status = status
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        status = f" (HTTP {self.status})" if self.status is not None else ""
        return f"{self.url}{status}: {self.message}"

    def __reduce__(self) -> tuple[type, tuple[str, str, int | None]]:  # picklable
        return type(self), (self.url, self.message, self.status)


class QuerySyntaxError(InputError):
    """A SPARQL query that does not parse; ``str()`` is ``FILE:LINE:COL: message`` (exit 2)."""

    def __init__(self, source: str, line: int, column: int, message: str) -> None:
        self.source = source
        self.line = line
        self.column = column
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.source}:{self.line}:{self.column}: {self.message}"

    def __reduce__(self) -> tuple[type, tuple[str, int, int, str]]:  # picklable across processes
        return type(self), (self.source, self.line, self.column, self.message)


class QueryError(SekomError):
    """A query that parses but fails while it is evaluated locally (exit 1)."""

    exit_code = 1


class QueryTimeoutError(QueryError):
    """A local query that did not finish within its time limit; it was stopped (exit 1)."""

    def __init__(self, source: str, seconds: float) -> None:
        self.source = source
        self.seconds = seconds
        super().__init__(str(self))

    def __reduce__(self) -> tuple[type[QueryTimeoutError], tuple[str, float]]:
        return type(self), (self.source, self.seconds)

    def __str__(self) -> str:
        return f"{self.source}: query timed out after {self.seconds:g} s (see --timeout)"
