"""The bulk path of ``load`` for large graphs: the store's own bulk loader stages the graph.

Above ``--bulk-above`` triples (default :data:`BULK_ABOVE`) only the staging step changes;
verify, switch and clean-up stay those of :func:`sekom_kg.publish.graph_store.load`, so the target
graph is still untouched until the staged copy is complete and counted.

* **Oxigraph** (recognised by its ``Server`` header): the staging ``PUT`` carries
  ``no_transaction``, which makes ``oxigraph serve`` use its bulk loader (the one behind
  ``oxigraph load``) while it keeps serving; a failed bulk load may leave part of the
  staging graph, which is counted, so it is never switched in, and then deleted.
* **Virtuoso** (``--virtuoso-isql HOST:PORT`` and ``--virtuoso-dir DIR``): the file is copied
  into DIR, a folder in Virtuoso's ``DirsAllowed`` that the server reads at the same path,
  registered with ``ld_dir`` for the staging graph and loaded by ``rdf_loader_run()``
  through ``isql-vt`` (``$SEKOM_KG_ISQL``), as ``$SEKOM_KG_ISQL_USER`` (default ``dba``) with
  ``$SEKOM_KG_ISQL_PASSWORD``; its ``load_list`` entry must end without error. The copy
  and the entry are removed afterwards. The switch is one SQL procedure call through isql
  (:func:`switch_virtuoso`). isql takes the password on its command line.
* Any other store, or Virtuoso without those options: the Graph Store ``PUT`` as below it.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from sekom_kg.core.errors import InputError, RemoteError
from sekom_kg.publish.graph_store import LoadPlan, Staged, put_graph
from sekom_kg.sparql.remote import request, sparql_request

#: Above this many triples ``load`` uses the store's bulk loader (where it has one).
BULK_ABOVE = 250_000
ENV_ISQL = "SEKOM_KG_ISQL"
ENV_ISQL_USER = "SEKOM_KG_ISQL_USER"
ENV_ISQL_PASSWORD = "SEKOM_KG_ISQL_PASSWORD"
_ADDRESS = re.compile(r"(?P<host>[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):(?P<port>[0-9]{1,5})")
#: What an isql run prints when a statement failed.
_ISQL_ERROR = re.compile(r"^\*\*\* Error (?P<code>\S+): (?P<text>.*)$", re.MULTILINE)
Stager = Callable[[LoadPlan], Staged]


@dataclass(frozen=True)
class VirtuosoBulk:
    """How to reach Virtuoso's bulk loader: isql, its SQL address and the staging folder."""

    isql: str
    address: str
    folder: Path
    user: str
    password: str

    def __repr__(self) -> str:  # never show the password, also not in --debug tracebacks
        return f"VirtuosoBulk({self.isql!r}, {self.address!r}, {str(self.folder)!r})"


def virtuoso_bulk(
    address: str | None, folder: Path | None, env: Mapping[str, str] | None = None
) -> VirtuosoBulk | None:
    """Check ``--virtuoso-isql`` and ``--virtuoso-dir`` (both or neither); InputError if bad."""
    env = os.environ if env is None else env
    if address is None and folder is None:
        return None
    if address is None or folder is None:
        raise InputError("--virtuoso-isql and --virtuoso-dir go together (Virtuoso's bulk loader)")
    found = _ADDRESS.fullmatch(address)
    if found is None or not 0 < int(found.group("port")) < 65536:
        raise InputError(f"--virtuoso-isql: expected HOST:PORT (SQL port), got {address!r}")
    if not folder.is_dir():
        raise InputError(f"--virtuoso-dir: {folder}: not a folder")
    isql = env.get(ENV_ISQL) or shutil.which("isql-vt") or shutil.which("isql")
    if not isql or not shutil.which(isql):
        raise InputError(f"isql-vt not found (install Virtuoso's client or set ${ENV_ISQL})")
    password = env.get(ENV_ISQL_PASSWORD)
    if not password:
        raise InputError(f"${ENV_ISQL_PASSWORD} must hold the password of the isql user")
    user = env.get(ENV_ISQL_USER) or "dba"
    return VirtuosoBulk(isql, address, folder.resolve(), user, password)


def probe_server(plan: LoadPlan) -> str:
    """The store's ``Server`` header, from an ``ASK {}`` to its query endpoint."""
    answer = sparql_request(
        plan.query_url,
        "ASK {}",
        "application/sparql-results+json",
        plan.query_credentials or plan.credentials,
        plan.timeout,
    )
    return answer.server


def choose_stager(
    plan: LoadPlan, above: int, virtuoso: VirtuosoBulk | None
) -> tuple[Stager, str | None]:
    """How to stage ``plan`` and why (None: the Graph Store PUT, the graph is small)."""
    if plan.triples <= above:
        return put_graph, None
    if virtuoso is not None:
        return (lambda p: stage_virtuoso(p, virtuoso)), "Virtuoso's bulk loader"
    if probe_server(plan).lower().startswith("oxigraph"):
        return stage_oxigraph, "Oxigraph's bulk loader"
    note = "no bulk loader known for this store (Virtuoso: --virtuoso-isql, --virtuoso-dir)"
    return put_graph, note


def stage_oxigraph(plan: LoadPlan) -> Staged:
    """PUT into the staging graph through Oxigraph's bulk loader (``no_transaction``)."""
    with plan.path.open("rb") as body:
        response = request(
            "PUT",
            plan.put_url() + "&no_transaction",
            body=body,
            headers={"Content-Type": "application/n-triples", "Content-Length": str(plan.bytes)},
            credentials=plan.credentials,
            timeout=plan.timeout,
        )
    return Staged(response.status, response.server, "Oxigraph's bulk loader")


def _sql_text(value: str) -> str:
    """``value`` as an SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def isql(bulk: VirtuosoBulk, script: str, timeout: float) -> str:
    """Run ``script`` through isql; its output, RemoteError naming the first error."""
    command = [bulk.isql, bulk.address, bulk.user, bulk.password, "VERBOSE=OFF", "BANNER=OFF"]
    where = f"isql {bulk.address}"
    try:
        done = subprocess.run(
            command, input=script.encode("utf-8"), capture_output=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        raise RemoteError(where, f"timed out after {timeout:g} s") from None
    except OSError as error:
        raise RemoteError(where, f"cannot run {bulk.isql}: {error.strerror}") from None
    output = (done.stdout + done.stderr).decode("utf-8", "replace")
    failed = _ISQL_ERROR.search(output)
    if failed is not None or done.returncode != 0:
        text = failed.group(0) if failed else output.strip().splitlines()[-1:] or ["no output"]
        message = text if isinstance(text, str) else text[0]
        raise RemoteError(where, message.strip()[:300])
    return output


def stage_virtuoso(plan: LoadPlan, bulk: VirtuosoBulk) -> Staged:
    """Copy the file into the staging folder and bulk-load it into the staging graph."""
    name = f"sekom-kg-{uuid.uuid4().hex}.nt"
    copy = bulk.folder / name
    try:
        shutil.copyfile(plan.path, copy)
    except OSError as error:
        raise InputError(f"--virtuoso-dir: cannot write {copy}: {error.strerror}") from None
    folder, file = _sql_text(str(bulk.folder)), _sql_text(str(copy))
    try:
        isql(
            bulk,
            f"SPARQL CLEAR GRAPH <{plan.staging}>;\n"
            f"ld_dir({folder}, {_sql_text(name)}, {_sql_text(plan.staging)});\n"
            "rdf_loader_run();\n",
            plan.timeout,
        )
        state = isql(
            bulk,
            "SELECT 'state', ll_state, 'error', ll_error FROM DB.DBA.load_list "
            f"WHERE ll_file = {file};\n",
            plan.timeout,
        )
        if not re.search(r"state\s+2\s+error\s+NULL", state):
            found = re.search(r"error\s+(.+)", state)
            why = found.group(1).strip() if found else "not loaded"
            raise RemoteError(f"isql {bulk.address}", f"bulk load of {copy} failed: {why[:200]}")
    finally:
        with contextlib.suppress(OSError):
            copy.unlink()
        with contextlib.suppress(RemoteError):
            isql(bulk, f"DELETE FROM DB.DBA.load_list WHERE ll_file = {file};\n", plan.timeout)
    return Staged(200, "Virtuoso", "Virtuoso's bulk loader", lambda: switch_virtuoso(plan, bulk))


#: The switch as one SQL procedure call: one transaction, rolled back if it fails.
SWITCH_PROCEDURE = """CREATE PROCEDURE DB.DBA.SEKOM_KG_SWITCH
  (IN target VARCHAR, IN staging VARCHAR)
{
  DELETE FROM DB.DBA.RDF_QUAD WHERE G = iri_to_id (target);
  INSERT SOFT DB.DBA.RDF_QUAD (G, S, P, O)
    SELECT iri_to_id (target), S, P, O FROM DB.DBA.RDF_QUAD WHERE G = iri_to_id (staging);
}
;
"""


def switch_virtuoso(plan: LoadPlan, bulk: VirtuosoBulk) -> None:
    """Replace the target with the staging graph in one SQL transaction (through isql).

    A SPARQL Update of a million triples times out on Virtuoso (``SR171``, measured); the
    same copy in SQL took 7 s. The procedure is dropped again afterwards.
    """
    call = f"DB.DBA.SEKOM_KG_SWITCH ({_sql_text(plan.graph)}, {_sql_text(plan.staging)});\n"
    try:
        isql(bulk, SWITCH_PROCEDURE + call, plan.timeout)
    finally:
        with contextlib.suppress(RemoteError):
            isql(bulk, "DROP PROCEDURE DB.DBA.SEKOM_KG_SWITCH;\n", plan.timeout)
