"""Upload the built graph to a triple store (SPARQL 1.1 Graph Store Protocol) and verify it.

A load never touches the target graph until the new graph is complete and verified:

1. stage: ``PUT {store}?graph={staging}`` into a staging graph named after the target
   (:func:`staging_graph`); a store may leave a half-written graph there (Virtuoso's PUT is
   not atomic), never in the target;
2. verify: count the staging graph through the query endpoint;
3. switch: one SPARQL Update request drops the target and copies the staging graph into it.
   Oxigraph and Fuseki run an update request as one transaction, so readers see the old
   graph until it commits. For Virtuoso (recognised by its ``Server`` header) the update is
   prefixed with ``DEFINE sql:log-enable 1``, which makes it one transaction that rolls back
   on failure (by default Virtuoso commits row by row); its readers may still see a partial
   graph while the switch runs (measured: a count of 18,810 during a 2,000 → 20,000 switch);
4. count the target again, then delete the staging graph (also after any failure).

Credentials (see :mod:`sekom_kg.sparql.remote`) never appear in messages: URLs are shown with their
user-info redacted.

>>> redact("http://ann:secret@localhost:7878/store")
'http://***@localhost:7878/store'
>>> derive_query_endpoint("http://localhost:3030/ds/data")
'http://localhost:3030/ds/sparql'
>>> derive_update_endpoint("http://localhost:8890/sparql-graph-crud")
'http://localhost:8890/sparql'
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from sekom_kg.core.errors import RemoteError
from sekom_kg.core.urls import redact
from sekom_kg.publish.load_plan import (
    DEFAULT_GRAPH,
    DEFAULT_TIMEOUT,
    LoadPlan,
    plan_load,
)
from sekom_kg.publish.store_urls import (
    derive_query_endpoint,
    derive_update_endpoint,
    staging_graph,
)
from sekom_kg.sparql.remote import (
    ENV_AUTH,
    ENV_PASSWORD,
    ENV_TOKEN,
    ENV_USER,
    Credentials,
    request,
    sparql_query,
)

__all__ = [
    "DEFAULT_GRAPH",
    "DEFAULT_TIMEOUT",
    "ENV_AUTH",
    "ENV_PASSWORD",
    "ENV_TOKEN",
    "ENV_USER",
    "Credentials",
    "LoadPlan",
    "LoadResult",
    "count_remote",
    "derive_query_endpoint",
    "derive_update_endpoint",
    "load",
    "plan_load",
    "put_graph",
    "redact",
    "staging_graph",
]

#: The longest the clean-up of the staging graph may take after a timeout, in seconds
#: (after other failures it may take ``--timeout``: Virtuoso first rolls back).
CLEANUP_TIMEOUT = 30.0
#: Virtuoso errors after which its switch transaction was rolled back: timed out, deadlock.
VIRTUOSO_ROLLED_BACK = ("SR171", "SR172")
NTRIPLES = "application/n-triples"
COUNT_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { VALUES ?g { %s } GRAPH ?g { ?s ?p ?o } }"


@dataclass(frozen=True)
class Staged:
    """The answer to the staging PUT: its status and the store's ``Server`` header."""

    status: int
    server: str
    #: The bulk loader that staged the graph ("" for the Graph Store PUT).
    via: str = ""
    #: The bulk path's own switch (None: the SPARQL Update of :func:`switch`).
    switch: Callable[[], None] | None = field(default=None, compare=False)

    @property
    def virtuoso(self) -> bool:
        return self.server.lower().startswith("virtuoso")


def put_graph(plan: LoadPlan) -> Staged:
    """PUT the file into the staging graph (streamed); RemoteError on failure."""
    with plan.path.open("rb") as body:
        response = request(
            "PUT",
            plan.put_url(),
            body=body,
            headers={"Content-Type": NTRIPLES, "Content-Length": str(plan.bytes)},
            credentials=plan.credentials,
            timeout=plan.timeout,
        )
    return Staged(response.status, response.server)


def _count(plan: LoadPlan, graph: str) -> int:
    text = COUNT_QUERY % f"<{graph}>"  # plan_load checked it is a valid IRI
    answer = sparql_query(
        plan.query_url,
        text,
        "application/sparql-results+json",
        plan.query_credentials or plan.credentials,
        plan.timeout,
    )
    try:
        return int(json.loads(answer)["results"]["bindings"][0]["n"]["value"])
    except (KeyError, IndexError, TypeError, ValueError) as error:
        raise RemoteError(plan.query_url, "unexpected count result") from error


def count_remote(plan: LoadPlan) -> int:
    """The number of triples in the plan's target graph, asked through the query endpoint."""
    return _count(plan, plan.graph)


def switch(plan: LoadPlan, virtuoso: bool = False) -> None:
    """Replace the target graph with the staging graph in one SPARQL Update request."""
    request(
        "POST",
        plan.update_url,
        body=urlencode({"update": plan.switch_update(virtuoso)}).encode("utf-8"),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        credentials=plan.update_credentials or plan.credentials,
        timeout=plan.timeout,
    )


def drop_staging(plan: LoadPlan, timeout: float | None = None) -> None:
    """Delete the staging graph (Graph Store ``DELETE``); a missing graph (404) is fine."""
    try:
        request(
            "DELETE",
            plan.put_url(),
            credentials=plan.credentials,
            timeout=plan.timeout if timeout is None else timeout,
        )
    except RemoteError as error:
        if error.status != 404:
            raise


@dataclass(frozen=True)
class LoadResult:
    """The outcome of a verified load."""

    plan: LoadPlan
    status: int
    remote_triples: int
    #: The store's ``Server`` header, as the staging PUT answered it.
    server: str = ""
    #: The bulk loader that staged the graph ("" for the Graph Store PUT).
    via: str = ""

    @property
    def virtuoso(self) -> bool:
        return self.server.lower().startswith("virtuoso")


@dataclass
class _Progress:
    """How far a load got: the target graph is untouched until the switch is sent."""

    before_switch: bool = True


def _stage_and_switch(
    plan: LoadPlan, stage: Callable[[LoadPlan], Staged], progress: _Progress
) -> tuple[Staged, int]:
    """Fill and count the staging graph, switch, count the target; RemoteError if wrong."""
    staged = stage(plan)
    staged_count = _count(plan, plan.staging)
    if staged_count != plan.triples:
        raise RemoteError(
            plan.query_url,
            f"staging graph <{plan.staging}> holds {staged_count} triples after upload, "
            f"expected {plan.triples}",
        )
    progress.before_switch = False
    try:
        staged.switch() if staged.switch else switch(plan, staged.virtuoso)
    except RemoteError as error:
        if staged.virtuoso and any(code in error.message for code in VIRTUOSO_ROLLED_BACK):
            progress.before_switch = True  # Virtuoso rolled the transaction back (measured)
            raise RemoteError(
                error.url,
                f"{error.message}; the switch was rolled back (for graphs this large on "
                "Virtuoso, use its bulk loader, see the README)",
                error.status,
            ) from None
        raise
    remote = count_remote(plan)
    if remote != plan.triples:
        raise RemoteError(
            plan.query_url,
            f"graph <{plan.graph}> holds {remote} triples after the switch, "
            f"expected {plan.triples}",
        )
    return staged, remote


def _explained(plan: LoadPlan, error: RemoteError, before_switch: bool, kept: bool) -> RemoteError:
    """``error``, saying whether the target is unchanged and if the staging graph is left."""
    notes = [f"graph <{plan.graph}> is unchanged"] if before_switch else []
    if kept:
        notes.append(f"the staging graph <{plan.staging}> could not be removed")
    if not notes:
        return error
    return RemoteError(error.url, f"{error.message}; {'; '.join(notes)}", error.status)


def load(plan: LoadPlan, stage: Callable[[LoadPlan], Staged] | None = None) -> LoadResult:
    """Stage, verify, switch, verify; RemoteError (exit 3) on any failure or mismatch.

    ``stage`` fills the staging graph (default :func:`put_graph`; a bulk loader, see
    :mod:`sekom_kg.publish.bulk_load`). Until the switch is sent the target graph is never touched;
    after any failure the staging graph is deleted (best effort; after a timeout within
    :data:`CLEANUP_TIMEOUT`).
    """
    progress = _Progress()
    try:
        staged, remote = _stage_and_switch(plan, stage or put_graph, progress)
    except BaseException as error:  # also an interrupt: never leave the staging graph
        kept = False
        failure = error if isinstance(error, RemoteError) else None
        unreached = failure is not None and failure.message.startswith("cannot connect")
        timed_out = failure is not None and failure.message.startswith("timed out")
        try:
            if not unreached:  # nothing was staged if the store was never reached
                drop_staging(plan, min(plan.timeout, CLEANUP_TIMEOUT) if timed_out else None)
        except RemoteError:
            kept = True
        if isinstance(error, RemoteError):
            raise _explained(plan, error, progress.before_switch, kept) from None
        raise
    drop_staging(plan)
    return LoadResult(plan, staged.status, remote, staged.server, staged.via)
