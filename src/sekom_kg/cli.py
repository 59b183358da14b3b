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
from click.core import ParameterSource

from sekom_kg import __version__
from sekom_kg.errors import NotConformingError, SekomError

if TYPE_CHECKING:
    from sekom_kg.validate import ValidationReport

T = TypeVar("T")

EXIT_OK, EXIT_NOT_CONFORMING, EXIT_INPUT, EXIT_REMOTE = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it


def _fail(ctx: click.Context, error: BaseException, code: int) -> NoReturn:
    """Print ``error: ...`` (and the traceback with --debug) to stderr and exit."""
    if ctx.find_root().params.get("debug"):
        traceback.print_exception(error, file=sys.stderr)
    if isinstance(error, NotConformingError):
        for line in render_text(error.report)[:-1]:
            click.echo(line, err=True)
    click.echo(f"error: {error}", err=True)
    ctx.exit(code)


def _run(ctx: click.Context, func: Callable[[], T], interrupted: str = "interrupted") -> T:
    """Call library code, turning its exceptions (and Ctrl-C) into messages and exit codes."""
    try:
        return func()
    except SekomError as error:
        _fail(ctx, error, error.exit_code)
    except OSError as error:
        _fail(ctx, error, EXIT_INPUT)
    except KeyboardInterrupt:
        _fail(ctx, InterruptedError(interrupted), EXIT_INTERRUPTED)
    except Exception as error:
        _fail(ctx, RuntimeError(f"internal error: {error!r} (rerun with --debug)"), 1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.version_option(__version__, "--version", prog_name="sekom-kg")
def cli(debug: bool) -> None:
    """Build, check and publish the Sekom international collaborations knowledge graph.

    Exit codes: 0 ok, 1 data does not conform, 2 bad input or usage, 3 remote failure.
    """


VALIDATOR_OPTION = click.option(
    "--validator",
    type=click.Choice(["fast", "pyshacl"]),
    default=None,
    help="SHACL engine: fast (pyshacl-turbo, proven equal; falls back to pyshacl) or pyshacl "
    "(the reference). Default: $SEKOM_KG_VALIDATOR, else fast.",
)


def _source_date_epoch(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    """A Unix time in the years 1–9999; errors name ``$SOURCE_DATE_EPOCH`` if it came from there."""
    from sekom_kg.build import check_source_date_epoch

    if value is None:
        return None
    from_env = param.name and ctx.get_parameter_source(param.name) is ParameterSource.ENVIRONMENT
    given = f"$SOURCE_DATE_EPOCH is {value!r}, which" if from_env else repr(value)
    try:
        return check_source_date_epoch(int(value.strip()))
    except ValueError:
        raise click.BadParameter(f"{given} is not an integer (seconds since 1970)") from None
    except SekomError:
        raise click.BadParameter(f"{given} is not a Unix time in the years 1-9999") from None


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
) -> None:
    """Validate the graph and write every format, metadata, shapes and manifest to DIR."""
    from rich.console import Console

    from sekom_kg.build import build as run_build
    from sekom_kg.build_report import StageProgress, summary_lines
    from sekom_kg.config import find_config, load_config

    if base is not None:
        from sekom_kg.remint import check_base

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
            ),
        )
    for built in result.files:
        click.echo(f"{result.out_dir / built.name}\t{built.bytes}", err=True)
    for line in summary_lines(result):
        click.echo(line, err=True)


def _print_report(report: ValidationReport, fmt: str, paths: tuple[Path, ...] = ()) -> None:
    if fmt in ("github", "junit"):
        from sekom_kg.annotations import github_lines, junit_xml
        from sekom_kg.load import data_files

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
    from sekom_kg.load import load_sources
    from sekom_kg.validate import Severity, validate_sources

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
    from sekom_kg.stats import bundle_stats

    result = _run(ctx, bundle_stats)
    if fmt == "json":
        click.echo(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
        return
    _print_stats_tables(result.to_json())


def _print_stats_tables(data: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    from sekom_kg.namespaces import curie

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


@cli.command()
@click.option(
    "--endpoint",
    required=True,
    metavar="URL",
    help="Graph Store URL (Oxigraph: http://HOST:7878/store, Fuseki: http://HOST:3030/DS/data, "
    "Virtuoso: http://HOST:8890/sparql-graph-crud).",
)
@click.option(
    "--query-endpoint",
    metavar="URL",
    help="SPARQL query URL for the counts (default: …/store → …/query, …/data → …/sparql, "
    "…/sparql-graph-crud → …/sparql).",
)
@click.option(
    "--update-endpoint",
    metavar="URL",
    help="SPARQL Update URL for the switch (default: …/store → …/update, …/data → …/update, "
    "…/sparql-graph-crud → …/sparql).",
)
@click.option(
    "--graph",
    "graph",
    default="https://w3id.org/sekom/dataset/graph/all",
    show_default=True,
    metavar="IRI",
    help="The named graph to replace (no other graph is touched).",
)
@click.option("--dir", "dist", default="dist", show_default=True, type=click.Path(path_type=Path))
@click.option(
    "--timeout",
    default="300",
    show_default=True,
    metavar="SECONDS",
    help="Longest time each request (upload, counts, switch) may take, at most 86400.",
)
@click.option(
    "--bulk-above",
    default=250_000,
    show_default=True,
    type=click.IntRange(min=0),
    metavar="TRIPLES",
    help="Above this many triples, stage through the store's bulk loader (Oxigraph: its "
    "bulk PUT; Virtuoso: ld_dir + rdf_loader_run() with --virtuoso-isql/--virtuoso-dir).",
)
@click.option(
    "--virtuoso-isql",
    metavar="HOST:PORT",
    help="Virtuoso's SQL port for its bulk loader (isql-vt; $SEKOM_KG_ISQL_USER, default dba, "
    "and $SEKOM_KG_ISQL_PASSWORD).",
)
@click.option(
    "--virtuoso-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    metavar="DIR",
    help="A folder in Virtuoso's DirsAllowed, at the same path for the server, to stage the "
    "file in for its bulk loader.",
)
@click.option("--dry-run", is_flag=True, help="Show the exact requests; send nothing.")
@click.pass_context
def load(
    ctx: click.Context,
    endpoint: str,
    query_endpoint: str | None,
    update_endpoint: str | None,
    graph: str,
    dist: Path,
    timeout: str,
    bulk_above: int,
    virtuoso_isql: str | None,
    virtuoso_dir: Path | None,
    dry_run: bool,
) -> None:
    """Load DIR/sekom.nt into one named graph: stage, verify, switch in one transaction, verify.

    Credentials: $SEKOM_KG_ENDPOINT_TOKEN (Bearer) or $SEKOM_KG_ENDPOINT_USER and
    $SEKOM_KG_ENDPOINT_PASSWORD (Basic; Digest with $SEKOM_KG_ENDPOINT_AUTH=digest), else
    user-info in --endpoint; never printed.
    """
    from sekom_kg.graph_store import load as run_load
    from sekom_kg.graph_store import plan_load, put_graph
    from sekom_kg.remote import check_timeout

    seconds = _run(ctx, lambda: check_timeout(timeout))
    plan = _run(
        ctx,
        lambda: plan_load(
            dist, endpoint, graph, query_endpoint, timeout=seconds, update_endpoint=update_endpoint
        ),
    )
    from sekom_kg.bulk_load import virtuoso_bulk

    bulk = _run(ctx, lambda: virtuoso_bulk(virtuoso_isql, virtuoso_dir))
    store = plan.put_url()  # no user-info: plan_load split it off
    if dry_run and plan.triples > bulk_above:
        loader = "Virtuoso's bulk loader" if bulk else "the store's bulk loader, if it has one"
        click.echo(f"{plan.triples} triples > --bulk-above {bulk_above}: staged by {loader}")
        click.echo("  instead of this PUT (then the same count, switch and clean-up):")
    if dry_run:
        click.echo(f"would PUT {store}")
        click.echo(f"  body {plan.path} ({plan.bytes} bytes, {plan.triples} triples)")
        click.echo(
            f"  into the staging graph <{plan.staging}> (credentials: {plan.credentials.kind()})"
        )
        click.echo(f"then POST {plan.query_url} to count the staging graph's triples")
        click.echo(f"then POST {plan.update_url} to replace graph <{plan.graph}> in one update:")
        for line in plan.switch_update().splitlines():
            click.echo(f"  {line}")
        click.echo(
            "  (Virtuoso: prefixed with DEFINE sql:log-enable 1, one transaction that rolls back "
            "on failure; its readers may see a partial graph while it runs)"
        )
        click.echo(f"then POST {plan.query_url} to count the graph's triples")
        click.echo(f"then DELETE {store} (the staging graph)")
        click.echo(f"  each request times out after {plan.timeout:g} s")
        return
    from sekom_kg.bulk_load import choose_stager

    stager, why = _run(ctx, lambda: choose_stager(plan, bulk_above, bulk))
    if why is not None and stager is put_graph:
        click.echo(f"{plan.triples} triples > --bulk-above {bulk_above}, but {why}", err=True)
    result = _run(ctx, lambda: run_load(plan, stager))
    if result.via:
        click.echo(f"staged by {result.via} (staging graph <{plan.staging}>)", err=True)
    else:
        click.echo(f"PUT {store}: HTTP {result.status} (staging graph <{plan.staging}>)", err=True)
    where = plan.update_url
    if result.via == "Virtuoso's bulk loader":
        where = f"isql {virtuoso_isql}"
        how = (
            "one SQL transaction (a procedure call): a failed switch rolls back, "
            "but Virtuoso's readers may see a partial graph while the switch runs"
        )
    elif result.virtuoso:
        how = (
            "one transaction (Virtuoso, DEFINE sql:log-enable 1): a failed switch rolls back, "
            "but Virtuoso's readers may see a partial graph while the switch runs"
        )
    else:
        how = (
            "one SPARQL Update request (one transaction on Oxigraph and Fuseki: readers see "
            "the old graph until it commits)"
        )
    click.echo(f"switched <{plan.graph}> through {where} in {how}", err=True)
    click.echo(
        f"loaded {result.remote_triples} triples into <{plan.graph}> "
        f"(verified through {plan.query_url})",
        err=True,
    )


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


@cli.command()
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="IP address or host name to listen on."
)
@click.option(
    "--port",
    default=7878,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="TCP port (0: any free port, printed when ready).",
)
@click.option("--dir", "dist", default="dist", show_default=True, type=click.Path(path_type=Path))
@click.option(
    "--allow-service",
    is_flag=True,
    help="Let queries' SERVICE clauses call other endpoints (refused by default).",
)
@click.option(
    "--timeout",
    default=60,
    show_default=True,
    type=click.IntRange(1, 86400),
    metavar="SECONDS",
    help="Cancel a query that runs longer than this (whole seconds).",
)
@click.pass_context
def serve(
    ctx: click.Context, host: str, port: int, dist: Path, allow_service: bool, timeout: int
) -> None:
    """Serve DIR/sekom.nt as a local read-only SPARQL endpoint (needs `pip install oxigraph`).

    Stops cleanly on Ctrl-C, SIGTERM or SIGHUP and removes its temporary store.
    """
    import signal

    from sekom_kg.serve import LocalEndpoint

    endpoint = LocalEndpoint(dist, host, port, allow_service, timeout)
    stops = (signal.SIGTERM, signal.SIGHUP)
    previous = {sig: signal.signal(sig, _interrupt) for sig in stops}
    code = 0
    try:
        _run(ctx, endpoint.__enter__)
        click.echo(f"SPARQL endpoint: {endpoint.query_url}")
        click.echo(f"query UI: {endpoint.url}")
        click.echo("serving (read-only); press Ctrl-C to stop", err=True)
        code = endpoint.wait()
    except KeyboardInterrupt:
        code = 0
    finally:
        endpoint.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if code != 0:
        _fail(ctx, RuntimeError(f"oxigraph server exited with status {code}"), EXIT_REMOTE)
    click.echo("stopped", err=True)


@cli.command("queries")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.pass_context
def queries_command(ctx: click.Context, fmt: str) -> None:
    """List the bundled SPARQL queries: name, title and parameters."""
    from sekom_kg.queries import catalogue

    entries = _run(ctx, catalogue)
    if fmt == "json":
        document = [
            {
                "name": q.name,
                "title": q.title,
                "form": q.form,
                "parameters": [
                    {"name": p.name, "type": p.type.value, "default": p.default}
                    for p in q.parameters
                ],
            }
            for q in entries
        ]
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Bundled queries")
    for heading in ("name", "title", "parameters"):
        table.add_column(heading, overflow="fold")
    for q in entries:
        table.add_row(q.name, q.title, "\n".join(p.describe() for p in q.parameters))
    Console().print(table)


QUERY_FORMATS = ["table", "csv", "tsv", "json", "xml", "turtle", "json-ld", "nt"]


def _parse_params(ctx: click.Context, pairs: tuple[str, ...]) -> dict[str, str]:
    values: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            _fail(ctx, click.UsageError(f"--param expects NAME=VALUE, got {pair!r}"), EXIT_INPUT)
        values[name.strip()] = value
    return values


@cli.command()
@click.argument("name_or_file", metavar="NAME|FILE")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE")
@click.option(
    "--format", "fmt", type=click.Choice(QUERY_FORMATS), default="table", show_default=True
)
@click.option(
    "--endpoint",
    metavar="URL",
    help="Run on this SPARQL 1.1 endpoint (http or https; credentials as for `load`).",
)
@click.option(
    "--graph",
    "graph",
    metavar="IRI",
    help="With --endpoint: the graph the query reads (sent as default-graph-uri), e.g. the "
    "graph `load` wrote; without it the store decides (Virtuoso reads every graph).",
)
@click.option(
    "--timeout",
    default="60",
    show_default=True,
    metavar="SECONDS",
    help="Stop the query after this long (embedded or on the endpoint), at most 86400.",
)
@click.option(
    "--allow-service",
    is_flag=True,
    help="Let an embedded query's SERVICE clauses call other endpoints (refused by default).",
)
@click.option(
    "--lang",
    type=click.Choice(["sv", "en"], case_sensitive=False),
    default=None,
    help="Labels in this language: bundled queries ask for it; a table keeps it where a "
    "query returns several (default: table from $LC_ALL/$LANG, else en).",
)
@click.option(
    "--curies/--no-curies",
    default=True,
    show_default=True,
    help="Table: IRIs as CURIEs with the published prefixes, or in full.",
)
@click.option(
    "--show", is_flag=True, help="Print the query text with its parameters bound; run nothing."
)
@click.pass_context
def query(
    ctx: click.Context,
    name_or_file: str,
    params: tuple[str, ...],
    fmt: str,
    endpoint: str | None,
    graph: str | None,
    timeout: str,
    allow_service: bool,
    lang: str | None,
    curies: bool,
    show: bool,
) -> None:
    """Run a bundled query (see `sekom-kg queries`) or a .rq FILE on the graph or ENDPOINT.

    Credentials for ENDPOINT: $SEKOM_KG_ENDPOINT_TOKEN (Bearer) or $SEKOM_KG_ENDPOINT_USER and
    $SEKOM_KG_ENDPOINT_PASSWORD (Basic), else user-info in the URL; never printed.
    """
    from sekom_kg.api import run_query
    from sekom_kg.remote import check_timeout
    from sekom_kg.results import ResultFormat, rows_phrase, serialise_result

    values = _parse_params(ctx, params)
    seconds = _run(ctx, lambda: check_timeout(timeout))
    if endpoint is not None:
        from sekom_kg.urls import check_endpoint

        given = endpoint
        _run(ctx, lambda: check_endpoint(given, "--endpoint"))
    if graph is not None:
        chosen_graph, plain = graph, endpoint
        endpoint = _run(ctx, lambda: _with_graph(plain, chosen_graph))
    labels = _label_language(lang, fmt)
    if show:
        _show_query(ctx, name_or_file, values, endpoint, labels)
        return
    result = _run(
        ctx,
        lambda: run_query(
            name_or_file,
            values,
            endpoint=endpoint,
            timeout=seconds,
            allow_service=allow_service,
            lang=labels,
        ),
        interrupted="interrupted; the query was stopped",
    )
    chosen = ResultFormat.from_name(fmt)
    if chosen is ResultFormat.TABLE and result.graph is None:
        _print_result_table(result, labels, curies)
        return
    if chosen is ResultFormat.TABLE:
        chosen = ResultFormat.TURTLE
    try:
        text = serialise_result(result, chosen)
    except ValueError as error:
        _fail(ctx, error, EXIT_INPUT)
    click.echo(text, nl=False)
    if result.form == "SELECT":
        click.echo(rows_phrase(len(result.terms)), err=True)


def _with_graph(endpoint: str | None, graph: str) -> str:
    """``endpoint`` with ``default-graph-uri=graph`` added to its query; InputError if bad."""
    from urllib.parse import urlencode, urlsplit, urlunsplit

    from sekom_kg.errors import InputError
    from sekom_kg.urls import check_iri

    if endpoint is None:
        raise InputError("--graph: needs --endpoint (the embedded graph is one graph)")
    check_iri(graph, "--graph")
    parts = urlsplit(endpoint)
    name = urlencode({"default-graph-uri": graph})
    return urlunsplit(parts._replace(query=f"{parts.query}&{name}" if parts.query else name))


def _label_language(lang: str | None, fmt: str) -> str:
    """``--lang``; else, for a table (read by people), the locale's language; else en."""
    import os

    from sekom_kg.results import locale_language

    if lang is not None:
        return lang.lower()
    return locale_language(os.environ) if fmt == "table" else "en"


def _show_query(
    ctx: click.Context,
    name_or_file: str,
    values: dict[str, str],
    endpoint: str | None,
    lang: str,
) -> None:
    """Print the query as it would be sent, parameters bound; nothing runs or is sent."""
    from sekom_kg.api import bound_query_text, load
    from sekom_kg.params import ParamType

    query = _run(ctx, lambda: load(name_or_file))
    text = _run(ctx, lambda: bound_query_text(query, values, lang))
    click.echo(text, nl=not text.endswith("\n"))
    countries = [p.name for p in query.parameters if p.type is ParamType.COUNTRY_CODE]
    if endpoint is not None and countries:
        click.echo(
            f"note: {', '.join(countries)}: the country's IRI is looked up on the endpoint "
            "when the query runs; shown as in the published graph",
            err=True,
        )


def _print_result_table(result: Any, lang: str, curies: bool) -> None:
    from rich.console import Console

    from sekom_kg.results import prefer_language, result_table, rows_phrase

    console = Console()
    if result.form == "ASK":
        console.print("yes" if result.boolean else "no")
        return
    shown = prefer_language(result, lang)
    console.print(result_table(shown, curies))
    click.echo(rows_phrase(len(shown.terms)), err=True)


@cli.command("site")
@click.option("--dist", "dist", default="dist", show_default=True, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    help="Default: DIST/site. New, empty, or written by sekom-kg; never DIST or a folder above it.",
)
@click.option("--base-url", metavar="URL", help="Where the site is deployed (default: the base).")
@click.option("--base", metavar="IRI", default=None, help="The base the dist was built with.")
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
    from sekom_kg.namespaces import BASE
    from sekom_kg.site import build_site

    def run() -> dict[str, int]:
        return build_site(dist, out_dir, BASE if base is None else base, base_url, sparql_endpoint)

    written = _run(ctx, run)
    click.echo(f"wrote {len(written)} files to {out_dir or dist / 'site'}", err=True)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="sekom-kg")
