"""``load`` and ``serve``: the graph in a triple store."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from sekom_kg.publish.graph_store import LoadPlan, LoadResult

    pass

from sekom_kg.cli.app import (
    EXIT_REMOTE,
    _fail,
    _run,
    cli,
)


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
    from sekom_kg.publish.graph_store import load as run_load
    from sekom_kg.publish.graph_store import plan_load, put_graph
    from sekom_kg.sparql.remote import check_timeout

    seconds = _run(ctx, lambda: check_timeout(timeout))
    plan = _run(
        ctx,
        lambda: plan_load(
            dist, endpoint, graph, query_endpoint, timeout=seconds, update_endpoint=update_endpoint
        ),
    )
    from sekom_kg.publish.bulk_load import virtuoso_bulk

    bulk = _run(ctx, lambda: virtuoso_bulk(virtuoso_isql, virtuoso_dir))
    if dry_run:
        _print_dry_run(plan, bulk_above, bulk)
        return
    from sekom_kg.publish.bulk_load import choose_stager

    stager, why = _run(ctx, lambda: choose_stager(plan, bulk_above, bulk))
    if why is not None and stager is put_graph:
        click.echo(f"{plan.triples} triples > --bulk-above {bulk_above}, but {why}", err=True)
    result = _run(ctx, lambda: run_load(plan, stager))
    _print_loaded(plan, result, virtuoso_isql)


def _print_dry_run(plan: LoadPlan, bulk_above: int, bulk: object) -> None:
    """Every request ``load`` would send, in order (stdout)."""
    store = plan.put_url()  # no user-info: plan_load split it off
    if plan.triples > bulk_above:
        loader = "Virtuoso's bulk loader" if bulk else "the store's bulk loader, if it has one"
        click.echo(f"{plan.triples} triples > --bulk-above {bulk_above}: staged by {loader}")
        click.echo("  instead of this PUT (then the same count, switch and clean-up):")
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


def _print_loaded(plan: LoadPlan, result: LoadResult, virtuoso_isql: str | None) -> None:
    """How the graph was staged and switched, and the verified count (stderr)."""
    if result.via:
        click.echo(f"staged by {result.via} (staging graph <{plan.staging}>)", err=True)
    else:
        click.echo(
            f"PUT {plan.put_url()}: HTTP {result.status} (staging graph <{plan.staging}>)",
            err=True,
        )
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

    from sekom_kg.publish.serve import LocalEndpoint

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
