"""``build``, ``validate``, ``stats`` and ``site``: the graph and its publication."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from sekom_kg.publish.build import BuildResult
    from sekom_kg.validation.validate import ValidationReport

from sekom_kg.cli.app import (
    EXIT_NOT_CONFORMING,
    EXIT_OK,
    VALIDATOR_OPTION,
    _run,
    _source_date_epoch,
    cli,
    render_text,
)


@cli.command()
@click.option(
    "--out",
    "out_dir",
    default="dist",
    show_default=True,
    type=click.Path(path_type=Path),
    help="Output folder: new, empty, or written by an earlier build (holds .sekom-kg-output).",
)
@click.option("--base", metavar="IRI", help="Mint resource IRIs under this base (ends with '/').")
@click.option(
    "--site-url",
    metavar="URL",
    help="Where dist/site is served (ends with '/'; default: publishing.site_url, else the base).",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path),
    help="Publisher settings (default: ./sekom-kg.toml if present, else the package default).",
)
@click.option(
    "--source-date-epoch",
    metavar="INTEGER",
    callback=_source_date_epoch,
    envvar="SOURCE_DATE_EPOCH",
    help="Unix time recorded as dcterms:modified (default: $SOURCE_DATE_EPOCH, else none).",
)
@VALIDATOR_OPTION
@click.option(
    "--site/--no-site",
    default=True,
    show_default=True,
    help="Also render the static website under DIR/site (one page per resource).",
)
@click.pass_context
def build(
    ctx: click.Context,
    out_dir: Path,
    base: str | None,
    config_path: Path | None,
    source_date_epoch: int | None,
    validator: str | None,
    site: bool,
    site_url: str | None,
) -> None:
    """Validate the graph and write every format, metadata, shapes and manifest to DIR."""
    from rich.console import Console

    from sekom_kg.core.config import find_config, load_config
    from sekom_kg.publish.build import build as run_build
    from sekom_kg.publish.build_report import StageProgress

    if base is not None:
        from sekom_kg.assembly.remint import check_base

        _run(ctx, lambda: check_base(base, "base IRI (--base)"))
    config = _run(ctx, lambda: load_config(find_config(config_path)))
    console = Console(stderr=True)
    with StageProgress(console) as progress:
        result = _run(
            ctx,
            lambda: run_build(
                out_dir,
                base,
                source_date_epoch,
                progress=progress,
                config=config,
                site=site,
                validator=validator,
                site_url=site_url,
            ),
        )
    _print_built(result)


def _print_built(result: BuildResult) -> None:
    """Each written file with its size, then the summary (on stderr)."""
    from sekom_kg.publish.build_report import summary_lines

    for built in result.files:
        click.echo(f"{result.out_dir / built.name}\t{built.bytes}", err=True)
    for line in summary_lines(result):
        click.echo(line, err=True)


def _print_report(report: ValidationReport, fmt: str, paths: tuple[Path, ...] = ()) -> None:
    if fmt in ("github", "junit"):
        from sekom_kg.assembly.load import data_files
        from sekom_kg.validation.annotations import github_lines, junit_xml

        located = [*paths, *data_files()]  # the user's files first: their lines matter most
        if fmt == "github":
            for line in github_lines(report, located):
                click.echo(line)
        else:
            click.echo(junit_xml(report, located))
    elif fmt == "json":
        click.echo(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    elif fmt == "turtle":
        click.echo(report.graph.serialize(format="turtle"), nl=False)
    else:
        for line in render_text(report):
            click.echo(line)
        return
    click.echo(report.summary(), err=True)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "turtle", "json", "github", "junit"]),
    default="text",
    show_default=True,
    help="github: GitHub Actions annotations; junit: JUnit XML (results at their file and line).",
)
@click.option(
    "--fail-on",
    type=click.Choice(["violation", "warning", "info"]),
    default="violation",
    show_default=True,
    help="Lowest severity that makes the graph non-conforming.",
)
@VALIDATOR_OPTION
@click.pass_context
def validate(
    ctx: click.Context, paths: tuple[Path, ...], fmt: str, fail_on: str, validator: str | None
) -> None:
    """Check the bundled data, plus any Turtle PATHS merged into it, against the shapes."""
    from sekom_kg.assembly.load import load_sources
    from sekom_kg.validation.validate import Severity, validate_sources

    report = _run(ctx, lambda: validate_sources(load_sources(paths), Severity(fail_on), validator))
    _run(ctx, lambda: _print_report(report, fmt, paths))
    ctx.exit(EXIT_OK if report.conforms else EXIT_NOT_CONFORMING)


@cli.command()
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.pass_context
def stats(ctx: click.Context, fmt: str) -> None:
    """Count triples, resources per class and events per year."""
    from sekom_kg.sparql.stats import bundle_stats

    result = _run(ctx, bundle_stats)
    if fmt == "json":
        click.echo(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
        return
    _print_stats_tables(result.to_json())


def _print_stats_tables(data: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    from sekom_kg.core.namespaces import curie

    console = Console()
    console.print(f"triples: {data['triples']}   events: {data['events']}")
    for title, rows, heading in (
        ("Resources per class", data["classes"], "class"),
        ("Events per year", data["events_per_year"], "year"),
    ):
        table = Table(title=title)
        table.add_column(heading, overflow="fold")
        table.add_column("count", justify="right", overflow="fold")
        for key, count in rows.items():
            table.add_row(curie(str(key)), str(count))
        console.print(table)
    if data["events_undated"]:
        console.print(f"undated events: {data['events_undated']}")


@cli.command("site")
@click.option("--dist", "dist", default="dist", show_default=True, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    help="Default: DIST/site. New, empty, or written by sekom-kg; never DIST or a folder above it.",
)
@click.option("--base-url", metavar="URL", help="Where the site is deployed (default: the base).")
@click.option(
    "--base",
    metavar="IRI",
    default=None,
    help="The base the dist was built with (default: read from its catalog.ttl).",
)
@click.option("--sparql-endpoint", metavar="URL", help="A public SPARQL endpoint to show.")
@click.pass_context
def site_command(
    ctx: click.Context,
    dist: Path,
    out_dir: Path | None,
    base_url: str | None,
    base: str | None,
    sparql_endpoint: str | None,
) -> None:
    """Write the static linked-data website for the files built in DIST."""
    from sekom_kg.publish.site_dist import build_site

    def run() -> dict[str, int]:
        return build_site(dist, out_dir, base, base_url, sparql_endpoint)

    written = _run(ctx, run)
    click.echo(f"wrote {len(written)} files to {out_dir or dist / 'site'}", err=True)
