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

import contextlib
import errno
import http.client
import http.server
import os
import re
import shutil
import signal
import socket
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
from sekom_kg.sparql.worker import die_with_parent

DUMP_FILE = "sekom.nt"
VOID_FILE = "void.ttl"
#: Where the VoID description is served (RFC 8615 well-known URI, VoID's discovery path).
VOID_PATH = "/.well-known/void"
TURTLE = "text/turtle; charset=utf-8"
#: CORS: what a page on another origin may send (the endpoint is read-only).
CORS_METHODS = "GET, HEAD, POST, OPTIONS"
CORS_HEADERS = "Accept, Content-Type"
CORS_MAX_AGE_S = 600
#: A list of header names as a preflight's ``Access-Control-Request-Headers`` holds it.
_HEADER_LIST = re.compile(
    r"[A-Za-z0-9!#$%&'*+.^_`|~-]+(?:[ \t]*,[ \t]*[A-Za-z0-9!#$%&'*+.^_`|~-]+)*"
)
READY_TIMEOUT_S = 60.0
STOP_GRACE_S = 1.0
DEFAULT_TIMEOUT_S = 60  # per query, enforced by the oxigraph server
MAX_TIMEOUT_S = 86400
TEMP_PREFIX = "sekom-kg-serve-"
OWNER_FILE = "owner.pid"
MAX_BODY = 64 << 20
#: Headers that describe one connection, not the message: never forwarded.
_HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
}
SERVICE_REFUSED = (
    "SERVICE is disabled on this endpoint: it sends no request to other endpoints "
    "(`sekom-kg serve --allow-service` enables it)\n"
)


def oxigraph_binary() -> str:
    """The ``oxigraph`` executable (PATH, or beside this Python); InputError if missing."""
    found = shutil.which("oxigraph") or shutil.which(
        "oxigraph", path=str(Path(sys.executable).parent)
    )
    if not found:
        raise InputError("the `oxigraph` server is not installed: pip install oxigraph")
    return found


def _address(host: str, port: int) -> tuple[socket.AddressFamily, str]:
    """The family and address to bind for ``host``; InputError unless an IP or known name."""
    if not 0 <= port <= 65535:
        raise InputError(f"--port {port}: not a port from 0 to 65535")
    if not host or host != host.strip() or any(ord(c) < 0x21 for c in host):
        raise InputError(f"--host {host!r}: not an IP address or host name")
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        why = getattr(error, "strerror", None) or str(error)
        message = f"--host {host!r}: not an IP address or a name that resolves ({why})"
        raise InputError(message) from None
    family, _, _, _, address = found[0]
    return family, str(address[0])


def _bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port``; InputError naming the address if it is taken."""
    family, address = _address(host, port)
    listener = socket.socket(family, socket.SOCK_STREAM)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((address, port))
        listener.listen(socket.SOMAXCONN)
    except OSError as error:
        listener.close()
        shown = f"[{address}]:{port}" if family == socket.AF_INET6 else f"{address}:{port}"
        if error.errno == errno.EADDRINUSE:
            raise InputError(f"{shown}: the port is already in use") from error
        raise InputError(f"{shown}: cannot listen there ({error.strerror or error})") from error
    return listener


def _free_local_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


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


def _query_texts(target: str, body: bytes) -> list[str]:
    """Every text in a request that the server could read as a query.

    The URL's parameters, and the body both as it is and form-decoded, whatever its media
    type says: the server may accept more than the standard forms.
    """
    texts = [v for _, v in urllib.parse.parse_qsl(urllib.parse.urlsplit(target).query)]
    if body:
        raw = body.decode("utf-8", "replace")
        texts.append(raw)
        texts.extend(v for _, v in urllib.parse.parse_qsl(raw, keep_blank_values=True))
    return texts


class _Proxy(http.server.BaseHTTPRequestHandler):
    """Forwards one request to the oxigraph server, unless it asks for ``SERVICE``."""

    server: _ProxyServer

    def log_message(self, *_args: object) -> None:  # quiet, like the oxigraph server
        pass

    def _forward(self) -> None:
        from sekom_kg.sparql.queries import uses_service

        if self.command == "OPTIONS":
            self._preflight()
            return
        if self.command in ("GET", "HEAD") and self._document():
            return
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self._answer(411, "send a Content-Length\n")
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_BODY:
            self._answer(413 if length > MAX_BODY else 400, "bad Content-Length\n")
            return
        body = self.rfile.read(length) if length else b""
        texts = _query_texts(self.path, body)
        if not self.server.allow_service and any(uses_service(text) for text in texts):
            self._answer(403, SERVICE_REFUSED)
            return
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
        backend = http.client.HTTPConnection("127.0.0.1", self.server.backend_port)
        try:
            backend.request(self.command, self.path, body or None, headers)
            answer = backend.getresponse()
            self.send_response_only(answer.status, answer.reason)
            for key, value in answer.getheaders():
                if key.lower() not in _HOP_BY_HOP:
                    self.send_header(key, value)
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD":
                while chunk := answer.read1(1 << 16):
                    self.wfile.write(chunk)
        except (ConnectionError, http.client.HTTPException, OSError):
            with contextlib.suppress(OSError):
                self._answer(502, "the oxigraph server did not answer\n")
        finally:
            backend.close()

    def _answer(
        self, status: int, text: str | bytes, media_type: str = "text/plain; charset=utf-8"
    ) -> None:
        data = text.encode("utf-8") if isinstance(text, str) else text
        self.send_response(status)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _preflight(self) -> None:
        """Answer ``OPTIONS`` (a CORS preflight or not): what may be sent, nothing forwarded."""
        asked = self.headers.get("Access-Control-Request-Headers", "").strip()
        allowed = asked if _HEADER_LIST.fullmatch(asked) else CORS_HEADERS
        self.send_response(204)
        self.send_header("Allow", CORS_METHODS)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", CORS_METHODS)
        self.send_header("Access-Control-Allow-Headers", allowed)
        self.send_header("Access-Control-Max-Age", str(CORS_MAX_AGE_S))
        self.send_header("Content-Length", "0")
        self.send_header("Connection", "close")
        self.end_headers()

    def _document(self) -> bool:
        """Answer with a document the proxy serves itself, if the request asks for one."""
        parts = urllib.parse.urlsplit(self.path)
        found = self.server.documents.get(parts.path if not parts.query else "")
        if found is None:
            return False
        self._answer(200, found, TURTLE)
        return True

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_OPTIONS = do_PATCH = _forward


class _ProxyServer(http.server.ThreadingHTTPServer):
    """A threading HTTP server on an already bound, listening socket."""

    daemon_threads = True
    block_on_close = False  # an idle client connection must not hold up the stop

    def __init__(
        self,
        listener: socket.socket,
        backend_port: int,
        allow_service: bool,
        documents: dict[str, bytes],
    ) -> None:
        self.address_family = listener.family
        super().__init__(listener.getsockname()[:2], _Proxy, bind_and_activate=False)
        self.socket.close()
        self.socket = listener
        self.backend_port = backend_port
        self.allow_service = allow_service
        self.documents = documents  # path (no query) → Turtle served as is


def service_description(
    endpoint: str, void: bytes | None, void_url: str, allow_service: bool
) -> bytes:
    """SPARQL 1.1 Service Description of ``endpoint`` (Turtle), linking the dataset and VoID.

    The dataset is the subject of ``void:dataDump`` in ``void`` (the built ``void.ttl``);
    without ``void`` the description names no dataset. SyntaxError if it is not Turtle.
    """
    from rdflib import Graph, Namespace, URIRef
    from rdflib.namespace import DCTERMS, RDF, RDFS, VOID

    sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
    formats = Namespace("http://www.w3.org/ns/formats/")
    graph = Graph()
    graph.bind("sd", sd)
    graph.bind("formats", formats)
    graph.bind("void", VOID)
    service = URIRef(endpoint)
    dataset, default = URIRef(endpoint + "#dataset"), URIRef(endpoint + "#default-graph")
    graph.add((service, RDF.type, sd.Service))
    graph.add((service, sd.endpoint, service))
    graph.add((service, sd.supportedLanguage, sd.SPARQL11Query))
    if allow_service:
        graph.add((service, sd.feature, sd.BasicFederatedQuery))
    for name in (
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "RDF_XML",
    ):
        graph.add((service, sd.resultFormat, formats[name]))
    graph.add((service, sd.defaultDataset, dataset))
    graph.add((dataset, RDF.type, sd.Dataset))
    graph.add((dataset, sd.defaultGraph, default))
    graph.add((default, RDF.type, sd.Graph))
    if void is not None:
        import pyoxigraph as ox

        dump = str(VOID.dataDump)
        dumped = {
            t.subject.value
            for t in ox.parse(void, format=ox.RdfFormat.TURTLE, base_iri=void_url)
            if t.predicate.value == dump and isinstance(t.subject, ox.NamedNode)
        }
        for published in map(URIRef, sorted(dumped)):
            graph.add((default, DCTERMS.source, published))
            graph.add((published, RDF.type, VOID.Dataset))
            graph.add((published, VOID.sparqlEndpoint, service))
            graph.add((published, RDFS.seeAlso, URIRef(void_url)))
    return graph.serialize(format="turtle").encode("utf-8")


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
        self._proxy: _ProxyServer | None = None
        self._proxy_thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    @property
    def query_url(self) -> str:
        return self.url + "query"

    def __enter__(self) -> LocalEndpoint:
        _address(self.host, self.port)  # options first: a bad host is named as such
        if self.timeout is not None and not 0 < self.timeout <= MAX_TIMEOUT_S:
            raise InputError(f"--timeout {self.timeout}: not a whole number of seconds 1–86400")
        if not self.dump.is_file():
            raise InputError(f"{self.dump}: no such file (run `sekom-kg build` first)")
        binary = oxigraph_binary()
        listener = _bind(self.host, self.port)  # a busy port or bad host fails before any work
        self.port = int(listener.getsockname()[1])  # the real one when asked for port 0
        try:
            documents = self._documents()  # a bad void.ttl fails before any work
            remove_stale_stores()
            self.root = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX))
            (self.root / OWNER_FILE).write_text(str(os.getpid()), encoding="ascii")
            self._load(binary)
            backend_port = self._start(binary)
            self._proxy = _ProxyServer(listener, backend_port, self.allow_service, documents)
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
            port = _free_local_port()
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
