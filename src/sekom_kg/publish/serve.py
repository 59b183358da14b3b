"""A local, read-only SPARQL 1.1 endpoint over the built graph, run by the ``oxigraph`` server.

``dist/sekom.nt`` is loaded into a temporary store (``oxigraph load``), then served with
``oxigraph serve-read-only`` on a private port of 127.0.0.1. In front of it, on the
address the user asked for, a small proxy refuses queries with a ``SERVICE`` clause (the
oxigraph server would send them to any URL; it has no option to stop that) unless
``allow_service``. The proxy also makes the endpoint usable from a web page on another
origin (CORS: ``Access-Control-Allow-Origin: *`` on every answer, preflight ``OPTIONS``
answered itself), answers ``GET /query`` without a query with a SPARQL service description
(Turtle) that links the dataset and its VoID, and serves that VoID (``dist/void.ttl``) at
``/.well-known/void``. The address is bound first, so a busy port or a bad host fails at
once; the server dies with this process (Linux), and a store left behind by a process
that was killed is removed by the next ``serve``.

>>> LocalEndpoint(Path("dist"), "127.0.0.1", 7878).query_url
'http://127.0.0.1:7878/query'
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from types import TracebackType

from sekom_kg.core.errors import InputError, RemoteError
from sekom_kg.publish.serve_proxy import ProxyServer, address_of, bind_listener, free_local_port
from sekom_kg.publish.service_description import service_description
from sekom_kg.sparql.worker import die_with_parent

DUMP_FILE = "sekom.nt"
VOID_FILE = "void.ttl"
#: Where the VoID description is served (RFC 8615 well-known URI, VoID's discovery path).
VOID_PATH = "/.well-known/void"
READY_TIMEOUT_S = 60.0
STOP_GRACE_S = 1.0
DEFAULT_TIMEOUT_S = 60  # per query, enforced by the oxigraph server
MAX_TIMEOUT_S = 86400
TEMP_PREFIX = "sekom-kg-serve-"
OWNER_FILE = "owner.pid"


def oxigraph_binary() -> str:
    """The ``oxigraph`` executable (PATH, or beside this Python); InputError if missing."""
    found = shutil.which("oxigraph") or shutil.which(
        "oxigraph", path=str(Path(sys.executable).parent)
    )
    if not found:
        raise InputError("the `oxigraph` server is not installed: pip install oxigraph")
    return found


def remove_stale_stores(folder: Path | None = None) -> list[Path]:
    """Remove temp stores whose ``serve`` process is gone (killed before it could clean up)."""
    removed: list[Path] = []
    for root in Path(folder or tempfile.gettempdir()).glob(TEMP_PREFIX + "*"):
        try:
            owner = int((root / OWNER_FILE).read_text(encoding="ascii"))
        except (OSError, ValueError):
            continue  # not (yet) ours to judge
        if owner == os.getpid() or _alive(owner):
            continue
        shutil.rmtree(root, ignore_errors=True)
        removed.append(root)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class LocalEndpoint:
    """Context manager: load the dump into a temp store and serve it read-only."""

    def __init__(
        self,
        dist: Path,
        host: str = "127.0.0.1",
        port: int = 7878,
        allow_service: bool = False,
        timeout: int | None = DEFAULT_TIMEOUT_S,
    ) -> None:
        self.dump = Path(dist) / DUMP_FILE
        self.host, self.port = host, port
        self.allow_service = allow_service
        self.timeout = timeout
        self.root: Path | None = None
        self.process: subprocess.Popen[bytes] | None = None
        self._proxy: ProxyServer | None = None
        self._proxy_thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    @property
    def query_url(self) -> str:
        return self.url + "query"

    def __enter__(self) -> LocalEndpoint:
        address_of(self.host, self.port)  # options first: a bad host is named as such
        if self.timeout is not None and not 0 < self.timeout <= MAX_TIMEOUT_S:
            raise InputError(f"--timeout {self.timeout}: not a whole number of seconds 1–86400")
        if not self.dump.is_file():
            raise InputError(f"{self.dump}: no such file (run `sekom-kg build` first)")
        binary = oxigraph_binary()
        listener = bind_listener(self.host, self.port)  # a busy port or bad host: fail first
        self.port = int(listener.getsockname()[1])  # the real one when asked for port 0
        try:
            documents = self._documents()  # a bad void.ttl fails before any work
            remove_stale_stores()
            self.root = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX))
            (self.root / OWNER_FILE).write_text(str(os.getpid()), encoding="ascii")
            self._load(binary)
            backend_port = self._start(binary)
            self._proxy = ProxyServer(listener, backend_port, self.allow_service, documents)
            self._proxy_thread = threading.Thread(
                target=self._proxy.serve_forever, name="sekom-kg-serve", daemon=True
            )
            self._proxy_thread.start()
        except BaseException:
            listener.close()
            self.stop()
            raise
        return self

    def _documents(self) -> dict[str, bytes]:
        """The service description at ``/query`` and the VoID, if built, at ``VOID_PATH``."""
        path = self.dump.with_name(VOID_FILE)
        try:
            void = path.read_bytes() if path.is_file() else None
        except OSError as error:
            raise InputError(f"{path}: cannot read: {error.strerror}") from error
        void_url = self.url.rstrip("/") + VOID_PATH
        try:
            description = service_description(self.query_url, void, void_url, self.allow_service)
        except SyntaxError as error:  # pyoxigraph's, one line with the position
            raise InputError(f"{path}: not Turtle: {error}") from error
        documents = {"/query": description}
        if void is not None:
            documents[VOID_PATH] = void
        return documents

    def _load(self, binary: str) -> None:
        assert self.root is not None
        command = [binary, "load", "--location", str(self.root / "store"), "--file", str(self.dump)]
        done = subprocess.run(command, capture_output=True, check=False, env=_quiet_env())
        if done.returncode != 0:
            detail = _first_error(done.stderr)
            raise InputError(f"{self.dump}: oxigraph could not load it: {detail}")

    def _start(self, binary: str) -> int:
        """Start ``oxigraph serve-read-only`` on a free local port; return the port."""
        assert self.root is not None
        for _attempt in range(3):  # the free port may be taken before the server binds it
            port = free_local_port()
            command = [binary, "serve-read-only", "--location", str(self.root / "store")]
            if self.timeout is not None:
                command += ["--timeout-s", str(self.timeout)]
            with (self.root / "oxigraph.log").open("wb") as log:
                self.process = subprocess.Popen(
                    [*command, "--bind", f"127.0.0.1:{port}"],
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # Ctrl-C reaches us; we stop it
                    preexec_fn=die_with_parent,  # one prctl call: the server dies with us
                    env=_quiet_env(),
                )
            if self._wait_ready(port):
                return port
        raise RemoteError(f"http://127.0.0.1:{port}/", "oxigraph could not bind a local port")

    def _wait_ready(self, port: int) -> bool:
        """Poll the server (bounded) until it answers; False if it lost its port."""
        assert self.process is not None and self.root is not None
        url = f"http://127.0.0.1:{port}/query?query=ASK%7B%7D"
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                detail = _first_error((self.root / "oxigraph.log").read_bytes())
                if "in use" in detail.lower():
                    return False
                raise RemoteError(self.url, f"oxigraph exited: {detail}")
            try:
                with urllib.request.urlopen(url, timeout=2):
                    return True
            except (urllib.error.URLError, OSError):
                time.sleep(0.05)
        raise RemoteError(self.url, f"not ready after {READY_TIMEOUT_S:.0f} s")

    def wait(self) -> int:
        """Block until the server exits; returns its exit code.

        Waits in short steps: a signal may reach a proxy thread, and its Python handler
        runs only when the main thread wakes up.
        """
        assert self.process is not None
        while True:
            try:
                return self.process.wait(timeout=0.1)
            except subprocess.TimeoutExpired:
                continue

    def stop(self, sig: int = signal.SIGTERM) -> None:
        """Stop the proxy, send ``sig`` to the server (SIGKILL after a short grace), clean up."""
        proxy, self._proxy = self._proxy, None
        if proxy is not None:
            proxy.shutdown()
            proxy.server_close()
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.send_signal(sig)
            try:
                process.wait(timeout=STOP_GRACE_S)
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


def _quiet_env() -> dict[str, str]:
    """The environment for the oxigraph binary: no Rust backtraces in its messages."""
    return {**os.environ, "RUST_BACKTRACE": "0", "RUST_LIB_BACKTRACE": "0"}


def _first_error(output: bytes) -> str:
    """The line of the oxigraph binary's output that says what went wrong (no backtrace)."""
    lines = [line.strip() for line in output.decode("utf-8", "replace").splitlines()]
    lines = [line for line in lines if line and not line.startswith(("Stack backtrace", "0:"))]
    for line in lines:
        if line.lower().startswith("error"):
            return line[:300]
    return (lines[0] if lines else "no message")[:300]


__all__ = ["LocalEndpoint", "remove_stale_stores", "service_description"]
