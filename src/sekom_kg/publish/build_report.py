"""What ``sekom-kg build`` tells its user: the stages as they run, then a summary."""

from __future__ import annotations

import shlex
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.status import Status

    from sekom_kg.publish.build import BuildResult
    from sekom_kg.validation.validate import ValidationReport


def results_by_shape(report: ValidationReport, severity: str) -> list[tuple[str, int]]:
    """``(shape name, count)`` of the results of one severity, most frequent first."""
    counts = Counter(r.shape_name for r in report.results if r.severity == severity)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def site_pages(out_dir: Path) -> int:
    """The number of HTML pages under ``out_dir/site`` (0 without a website)."""
    site = out_dir / "site"
    return sum(1 for _ in site.rglob("*.html")) if site.is_dir() else 0


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_lines(result: BuildResult) -> list[str]:
    """The summary after a successful build: files, triples, warnings, site, next commands."""
    out = shlex.quote(str(result.out_dir))
    lines = [f"built {_plural(len(result.files), 'file')}, {_plural(result.triples, 'triple')}"]
    counts = result.report.counts()
    for severity in ("warning", "info"):
        groups = results_by_shape(result.report, severity)
        if groups:
            label = "warning" if severity == "warning" else "info result"
            lines.append(f"{_plural(counts[severity], label)} (listed by `sekom-kg validate`):")
            lines.extend(f"  {count:>4}  {shape}" for shape, count in groups)
    pages = site_pages(result.out_dir)
    if pages:
        lines.append(f"website: {_plural(pages, 'page')} in {result.out_dir / 'site'}")
    lines.append(f"output: {result.out_dir.resolve()}")
    lines.append("next:")
    lines.append(f"  sekom-kg serve --dir {out}   # a local SPARQL endpoint")
    lines.append(f"  sekom-kg load --endpoint URL --dir {out}   # into a triple store")
    return lines


class StageProgress:
    """A ``progress`` callback for :func:`sekom_kg.publish.build.build` that shows each stage.

    On a terminal the running stage is a rich status line and each finished stage is
    printed with its time; elsewhere (a pipe, a CI log) it prints nothing.
    """

    def __init__(self, console: Console, clock: Callable[[], float] = time.monotonic) -> None:
        self.console = console
        self.clock = clock
        self.status: Status | None = None
        self.stage: str | None = None
        self.started = 0.0

    def __enter__(self) -> StageProgress:
        if self.console.is_terminal:
            self.status = self.console.status("building")
            self.status.start()
        return self

    def _finish_stage(self) -> None:
        from rich.markup import escape

        if self.stage is not None and self.status is not None:
            elapsed = self.clock() - self.started
            self.console.print(
                f"[green]✓[/green] {escape(self.stage)} [dim]({elapsed:.1f} s)[/dim]",
                highlight=False,
            )
        self.stage = None

    def __call__(self, stage: str) -> None:
        from rich.markup import escape

        self._finish_stage()
        self.stage, self.started = stage, self.clock()
        if self.status is not None:
            self.status.update(escape(stage))

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        if kind is None:
            self._finish_stage()
        if self.status is not None:
            self.status.stop()
