"""A real Virtuoso Open Source (Debian's ``virtuoso-opensource``) on 127.0.0.1, for store tests.

``running_virtuoso(folder)`` writes a private copy of Debian's ``virtuoso.ini`` into ``folder``
(database there, SQL and HTTP ports free ports of 127.0.0.1, no VAD packages, no plugins),
starts ``virtuoso-t +foreground``, grants SPARQL updates to the anonymous ``SPARQL`` user with
``isql-vt`` and stops the process (SIGTERM, then SIGKILL) afterwards; the folder holds
everything it wrote. Without the binaries the tests skip, or fail when
``$SEKOM_KG_REQUIRE_VIRTUOSO`` is ``1`` (as ``.ci/run`` sets it).
"""

from __future__ import annotations

import configparser
import json
import os
import shutil
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from oxigraph_server import free_port

REQUIRE_ENV = "SEKOM_KG_REQUIRE_VIRTUOSO"
DEBIAN_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
READY_TIMEOUT_S = 120.0
#: Virtuoso's default administrator (a fresh database); used for isql and HTTP Digest.
DBA_USER = DBA_PASSWORD = "dba"


def require_virtuoso() -> tuple[str, str]:
    """``virtuoso-t`` and ``isql-vt``, or skip (a failure when $SEKOM_KG_REQUIRE_VIRTUOSO=1)."""
    server, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if server and isql and DEBIAN_INI.is_file():
        return server, isql
    reason = (
        "Virtuoso is missing: install it with `sudo apt-get install virtuoso-opensource` (Debian)"
    )
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{reason}; ${REQUIRE_ENV}=1 makes this a failure")
    pytest.skip(reason)


def write_ini(folder: Path, sql_port: int, http_port: int) -> Path:
    """A private ``virtuoso.ini``: Debian's, with every path in ``folder`` and local ports."""
    ini = configparser.ConfigParser(
        strict=False, inline_comment_prefixes=(";",), interpolation=None
    )
    ini.optionxform = str  # type: ignore[assignment,method-assign]  # keep Virtuoso's key case
    ini.read(DEBIAN_INI)
    db = folder / "db"
    db.mkdir(parents=True, exist_ok=True)
    ini["Database"].update(
        DatabaseFile=f"{db}/virtuoso.db",
        ErrorLogFile=f"{db}/virtuoso.log",
        LockFile=f"{db}/virtuoso.lck",
        TransactionFile=f"{db}/virtuoso.trx",
        xa_persistent_file=f"{db}/virtuoso.pxa",
    )
    ini["TempDatabase"].update(
        DatabaseFile=f"{db}/virtuoso-temp.db", TransactionFile=f"{db}/virtuoso-temp.trx"
    )
    ini["Parameters"].update(
        ServerPort=f"127.0.0.1:{sql_port}", VADInstallDir="", DirsAllowed=f"., {folder}"
    )
    ini["HTTPServer"].update(ServerPort=f"127.0.0.1:{http_port}", ServerRoot=str(db))
    ini["URIQA"]["DefaultHost"] = f"127.0.0.1:{http_port}"
    ini.remove_section("Plugins")
    path = folder / "virtuoso.ini"
    with path.open("w", encoding="utf-8") as stream:
        ini.write(stream)
    return path


@dataclass(frozen=True)
class VirtuosoServer:
    """A running Virtuoso: Graph Store (``/sparql-graph-crud``) and query (``/sparql``) URLs."""

    url: str
    sql_port: int
    isql: str
    folder: Path
    process: subprocess.Popen[bytes]

    name = "virtuoso"

    @property
    def store_url(self) -> str:
        return self.url + "/sparql-graph-crud"

    @property
    def query_url(self) -> str:
        return self.url + "/sparql"

    @property
    def update_url(self) -> str:
        return self.url + "/sparql"

    def sql(self, statement: str) -> str:
        """Run one SQL statement through ``isql-vt`` as dba; its output."""
        done = subprocess.run(
            [self.isql, f"127.0.0.1:{self.sql_port}", DBA_USER, DBA_PASSWORD, f"exec={statement}"],
            capture_output=True,
            check=True,
            timeout=120,
        )
        return done.stdout.decode("utf-8", "replace")

    def select(self, query: str) -> list[dict[str, str]]:
        """Run a SELECT through the query endpoint; rows as {var: value}."""
        body = urllib.parse.urlencode({"query": query}).encode()
        request = urllib.request.Request(
            self.query_url, data=body, headers={"Accept": "application/sparql-results+json"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            result = json.load(response)
        return [{k: v["value"] for k, v in row.items()} for row in result["results"]["bindings"]]

    def count(self, graph: str) -> int:
        """Triples in one named graph."""
        rows = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        return int(rows[0]["n"])

    def put(self, graph: str, ntriples: bytes) -> None:
        """Replace one named graph (setup helper)."""
        url = f"{self.store_url}?graph={urllib.parse.quote(graph, safe='')}"
        request = urllib.request.Request(
            url, data=ntriples, method="PUT", headers={"Content-Type": "application/n-triples"}
        )
        with urllib.request.urlopen(request, timeout=120):
            pass


def _ready(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"virtuoso-t exited with {process.returncode}: see {log}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise RuntimeError(f"{url} not ready after {READY_TIMEOUT_S} s: see {log}")


@contextmanager
def running_virtuoso(folder: Path) -> Iterator[VirtuosoServer]:
    """Start a fresh Virtuoso with its database in ``folder``; stop its process after."""
    binary, isql = require_virtuoso()
    sql_port, http_port = free_port(), free_port()
    while http_port == sql_port:
        http_port = free_port()
    ini = write_ini(folder, sql_port, http_port)
    log = folder / "virtuoso-t.out"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [binary, "+foreground", "+configfile", str(ini)],
            cwd=folder,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{http_port}"
    try:
        _ready(url + "/sparql?query=ASK%7B%7D", process, log)
        server = VirtuosoServer(url, sql_port, isql, folder, process)
        server.sql('GRANT SPARQL_UPDATE TO "SPARQL";')
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
