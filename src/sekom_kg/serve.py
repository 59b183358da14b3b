"""A local, read-only SPARQL 1.1 endpoint over the built graph, run by the ``oxigraph`` server.

``dist/sekom.nt`` is loaded into a temporary store (``oxigraph load``), then served with
``oxigraph serve-read-only``; the store is removed when the server stops.

>>> LocalEndpoint(Path("dist"), "127.0.0.1", 7878).query_url
'http://127.0.0.1:7878/query'
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType

from sekom_kg.errors import InputError, RemoteError

DUMP_FILE = "sekom.nt"
READY_TIMEOUT_S = 60.0
TEMP_PREFIX = "sekom-kg-serve-"


def oxigraph_binary() -> str:
    """The ``oxigraph`` executable (PATH, or beside this Python); InputError if missing."""
    found = shutil.which("oxigraph") or shutil.which(
        "oxigraph", path=str(Path(sys.executable).parent)
    )
    if not found:
        raise InputError("the `oxigraph` server is not installed: pip install oxigraph")
    return found


class LocalEndpoint:
    """Context manager: load the dump into a temp store and serve it read-only."""

    def __init__(self, dist: Path, host: str = "127.0.0.1", port: int = 7878) -> None:
        self.dump = Path(dist) / DUMP_FILE
        self.host, self.port = host, port
        self.root: Path | None = None
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    @property
    def query_url(self) -> str:
        return self.url + "query"

    def __enter__(self) -> LocalEndpoint:
        if not self.dump.is_file():
            raise InputError(f"{self.dump}: no such file (run `sekom-kg build` first)")
        binary = oxigraph_binary()
        self.root = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX))
        try:
            self._load(binary)
            command = [binary, "serve-read-only", "--location", str(self.root / "store")]
            with (self.root / "oxigraph.log").open("wb") as log:
                self.process = subprocess.Popen(
                    [*command, "--bind", f"{self.host}:{self.port}"],
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # Ctrl-C reaches us; we forward it
                )
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _load(self, binary: str) -> None:
        done = subprocess.run(
            [binary, "load", "--location", str(self.root / "store"), "--file", str(self.dump)],
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
            raise InputError(f"{self.dump}: oxigraph load failed: {' '.join(detail)}")

    def _wait_ready(self) -> None:
        """Poll the query endpoint (bounded) until it answers."""
        assert self.process is not None
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = (self.root / "oxigraph.log").read_bytes() if self.root else b""
                detail = log.decode("utf-8", "replace").strip().splitlines()[-1:]
                raise RemoteError(self.url, f"oxigraph exited: {' '.join(detail)}")
            try:
                with urllib.request.urlopen(self.query_url + "?query=ASK%7B%7D", timeout=2):
                    return
            except (urllib.error.URLError, OSError):
                time.sleep(0.1)
        raise RemoteError(self.url, f"not ready after {READY_TIMEOUT_S:.0f} s")

    def wait(self) -> int:
        """Block until the server exits; returns its exit code."""
        assert self.process is not None
        return self.process.wait()

    def stop(self, sig: int = signal.SIGINT) -> None:
        """Forward ``sig`` to the server, wait (kill after 10 s), remove the temp store."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.send_signal(sig)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
