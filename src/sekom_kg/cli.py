"""The ``sekom-kg`` command line: parse options, call one library function, render, exit.

Heavy libraries (rdflib, pyshacl, rich tables) are imported inside the commands so that
``sekom-kg --help`` stays fast.
"""

from __future__ import annotations

import json
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from sekom_kg import __version__
from sekom_kg.errors import NotConformingError, SekomError

if TYPE_CHECKING:
    from sekom_kg.validate import ValidationReport

T = TypeVar("T")

EXIT_OK, EXIT_NOT_CONFORMING, EXIT_INPUT, EXIT_REMOTE = 0, 1, 2, 3


def _fail(ctx: click.Context, error: BaseException, code: int) -> NoReturn:
    """Print ``error: ...`` (and the traceback with --debug) to stderr and exit."""
    if ctx.find_root().params.get("debug"):
        traceback.print_exception(error, file=sys.stderr)
    if isinstance(error, NotConformingError):
        for line in render_text(error.report)[:-1]:
            click.echo(line, err=True)
    click.echo(f"error: {error}", err=True)
    ctx.exit(code)


def _run(ctx: click.Context, func: Callable[[], T]) -> T:
    """Call library code, turning its exceptions into messages and exit codes."""
    try:
        return func()
    except SekomError as error:
        _fail(ctx, error, error.exit_code)
    except OSError as error:
        _fail(ctx, error, EXIT_INPUT)
    except Exception as error:
        _fail(ctx, RuntimeError(f"internal error: {error!r} (rerun with --debug)"), 1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.version_option(__version__, "--version", prog_name="sekom-kg")
def cli(debug: bool) -> None:
    """Build, check and publish the Sekom international collaborations knowledge graph.

    Exit codes: 0 ok, 1 data does not conform, 2 bad input or usage, 3 remote failure.
    """


@cli.command()
@click.option(
    "--out", "out_dir", default="dist", show_default=True, type=click.Path(path_type=Path)
)
@click.option("--base", metavar="IRI", help="Mint resource IRIs under this base (ends with '/').")
@click.option(
    "--source-date-epoch",
    type=int,
    envvar="SOURCE_DATE_EPOCH",
    help="Unix time recorded as dcterms:modified (default: $SOURCE_DATE_EPOCH, else none).",
)
@click.pass_context
def build(
    ctx: click.Context, out_dir: Path, base: str | None, source_date_epoch: int | None
) -> None:
    """Validate the graph and write every format, shapes and manifest to DIR."""
    from rich.console import Console

    from sekom_kg.build import build as run_build

    console = Console(stderr=True)
    with console.status("building") as status:
        result = _run(
            ctx, lambda: run_build(out_dir, base, source_date_epoch, progress=status.update)
        )
    for built in result.files:
        click.echo(f"{result.out_dir / built.name}\t{built.bytes}", err=True)
    click.echo(f"built {len(result.files)} files, {result.triples} triples", err=True)


def _print_report(report: ValidationReport, fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    elif fmt == "turtle":
        click.echo(report.graph.serialize(format="turtle"), nl=False)
    else:
        for line in render_text(report):
            click.echo(line)
        return
    click.echo(report.summary(), err=True)


def render_text(report: ValidationReport) -> list[str]:
    """Results grouped by focus node, then a summary line."""
    lines: list[str] = []
    focus = None
    for r in report.results:
        if r.focus_node != focus:
            focus = r.focus_node
            lines.append(focus)
        value = f" value={r.value}" if r.value is not None else ""
        path = f" path={r.result_path}" if r.result_path else ""
        lines.append(f"  {r.severity}: [{r.shape_name}]{path}{value}: {r.message}")
    lines.append(report.summary())
    return lines


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "turtle", "json"]),
    default="text",
    show_default=True,
)
@click.option(
    "--fail-on",
    type=click.Choice(["violation", "warning", "info"]),
    default="violation",
    show_default=True,
    help="Lowest severity that makes the graph non-conforming.",
)
@click.pass_context
def validate(ctx: click.Context, paths: tuple[Path, ...], fmt: str, fail_on: str) -> None:
    """Check the bundled data, plus any Turtle PATHS merged into it, against the shapes."""
    from sekom_kg.load import load_bundle
    from sekom_kg.validate import Severity, validate_bundle

    report = _run(ctx, lambda: validate_bundle(load_bundle(paths), Severity(fail_on)))
    _print_report(report, fmt)
    ctx.exit(EXIT_OK if report.conforms else EXIT_NOT_CONFORMING)


@cli.command()
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.pass_context
def stats(ctx: click.Context, fmt: str) -> None:
    """Count triples, resources per class and events per year."""
    from sekom_kg.stats import bundle_stats

    result = _run(ctx, bundle_stats)
    if fmt == "json":
        click.echo(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
        return
    _print_stats_tables(result.to_json())


def _print_stats_tables(data: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    console.print(f"triples: {data['triples']}   events: {data['events']}")
    for title, rows, heading in (
        ("Resources per class", data["classes"], "class"),
        ("Events per year", data["events_per_year"], "year"),
    ):
        table = Table(title=title)
        table.add_column(heading)
        table.add_column("count", justify="right")
        for key, count in rows.items():
            table.add_row(str(key), str(count))
        console.print(table)
    if data["events_undated"]:
        console.print(f"undated events: {data['events_undated']}")


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="sekom-kg")
