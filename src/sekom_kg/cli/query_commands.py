"""``queries`` and ``query``: the bundled catalogue and running queries."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    pass

from sekom_kg.cli.app import (
    EXIT_INPUT,
    _fail,
    _run,
    cli,
)


@cli.command("queries")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.pass_context
def queries_command(ctx: click.Context, fmt: str) -> None:
    """List the bundled SPARQL queries: name, title and parameters."""
    from sekom_kg.sparql.queries import catalogue

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
    "--base",
    metavar="IRI",
    help="With --endpoint: the base the graph was built with (`build --base`); the query's "
    "IRIs and defaults move there.",
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
    base: str | None,
    show: bool,
) -> None:
    """Run a bundled query (see `sekom-kg queries`) or a .rq FILE on the graph or ENDPOINT.

    Credentials for ENDPOINT: $SEKOM_KG_ENDPOINT_TOKEN (Bearer) or $SEKOM_KG_ENDPOINT_USER and
    $SEKOM_KG_ENDPOINT_PASSWORD (Basic), else user-info in the URL; never printed.
    """
    from sekom_kg.sparql.api import run_query
    from sekom_kg.sparql.remote import check_timeout

    values = _parse_params(ctx, params)
    seconds = _run(ctx, lambda: check_timeout(timeout))
    endpoint = _checked_endpoint(ctx, endpoint, graph)
    labels = _label_language(lang, fmt)
    _check_base(ctx, name_or_file, base, endpoint)
    if show:
        _show_query(ctx, name_or_file, values, endpoint, labels, base)
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
            base=base,
        ),
        interrupted="interrupted; the query was stopped",
    )
    _print_result(ctx, result, fmt, labels, curies)


def _check_base(
    ctx: click.Context, name_or_file: str, base: str | None, endpoint: str | None
) -> None:
    """Exit 2 unless ``--base`` is a base IRI that the query can move to (with ``--endpoint``)."""
    if base is not None:
        from sekom_kg.sparql.api import load, on_base

        _run(ctx, lambda: on_base(load(name_or_file), base, endpoint))


def _checked_endpoint(ctx: click.Context, endpoint: str | None, graph: str | None) -> str | None:
    """``--endpoint`` checked, with ``--graph`` as its ``default-graph-uri``."""
    if endpoint is not None:
        from sekom_kg.core.urls import check_endpoint

        given = endpoint
        _run(ctx, lambda: check_endpoint(given, "--endpoint"))
    if graph is not None:
        chosen_graph, plain = graph, endpoint
        endpoint = _run(ctx, lambda: _with_graph(plain, chosen_graph))
    return endpoint


def _print_result(ctx: click.Context, result: Any, fmt: str, labels: str, curies: bool) -> None:
    """The result on stdout in ``fmt`` (a table for rows), the row count on stderr."""
    from sekom_kg.sparql.result_formats import ResultFormat, serialise_result
    from sekom_kg.sparql.results import rows_phrase

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

    from sekom_kg.core.errors import InputError
    from sekom_kg.core.urls import check_iri

    if endpoint is None:
        raise InputError("--graph: needs --endpoint (the embedded graph is one graph)")
    check_iri(graph, "--graph")
    parts = urlsplit(endpoint)
    name = urlencode({"default-graph-uri": graph})
    return urlunsplit(parts._replace(query=f"{parts.query}&{name}" if parts.query else name))


def _label_language(lang: str | None, fmt: str) -> str:
    """``--lang``; else, for a table (read by people), the locale's language; else en."""
    import os

    from sekom_kg.sparql.result_display import locale_language

    if lang is not None:
        return lang.lower()
    return locale_language(os.environ) if fmt == "table" else "en"


def _show_query(
    ctx: click.Context,
    name_or_file: str,
    values: dict[str, str],
    endpoint: str | None,
    lang: str,
    base: str | None = None,
) -> None:
    """Print the query as it would be sent, parameters bound; nothing runs or is sent."""
    from sekom_kg.sparql.api import bound_query_text, load
    from sekom_kg.sparql.params import ParamType

    query = _run(ctx, lambda: load(name_or_file))
    text = _run(ctx, lambda: bound_query_text(query, values, lang, base))
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

    from sekom_kg.sparql.result_display import prefer_language, result_table
    from sekom_kg.sparql.results import rows_phrase

    console = Console()
    if result.form == "ASK":
        console.print("yes" if result.boolean else "no")
        return
    shown = prefer_language(result, lang)
    console.print(result_table(shown, curies))
    click.echo(rows_phrase(len(shown.terms)), err=True)
