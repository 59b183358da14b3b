"""The proxy in front of ``oxigraph serve-read-only``: refuses ``SERVICE``, adds CORS, and
serves the service description and VoID itself (see :mod:`sekom_kg.publish.serve`)."""

from __future__ import annotations

import contextlib
import errno
import http.client
import http.server
import re
import socket
import urllib.parse

from sekom_kg.core.errors import InputError
from sekom_kg.sparql.queries import uses_service

TURTLE = "text/turtle; charset=utf-8"
#: CORS: what a page on another origin may send (the endpoint is read-only).
CORS_METHODS = "GET, HEAD, POST, OPTIONS"
CORS_HEADERS = "Accept, Content-Type"
CORS_MAX_AGE_S = 600
#: A list of header names as a preflight's ``Access-Control-Request-Headers`` holds it.
_HEADER_LIST = re.compile(
    r"[A-Za-z0-9!#$%&'*+.^_`|~-]+(?:[ \t]*,[ \t]*[A-Za-z0-9!#$%&'*+.^_`|~-]+)*"
)
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


class Proxy(http.server.BaseHTTPRequestHandler):
    """Forwards one request to the oxigraph server, unless it asks for ``SERVICE``."""

    server: ProxyServer

    def log_message(self, *_args: object) -> None:  # quiet, like the oxigraph server
        pass

    def _forward(self) -> None:
        if self.command == "OPTIONS":
            self._preflight()
            return
        if self.command in ("GET", "HEAD") and self._document():
            return
        body = self._body()
        if body is None:
            return
        texts = _query_texts(self.path, body)
        if not self.server.allow_service and any(uses_service(text) for text in texts):
            self._answer(403, SERVICE_REFUSED)
            return
        self._relay(body)

    def _body(self) -> bytes | None:
        """The request's body; None (after answering 4xx) if it has no usable length."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self._answer(411, "send a Content-Length\n")
            return None
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_BODY:
            self._answer(413 if length > MAX_BODY else 400, "bad Content-Length\n")
            return None
        return self.rfile.read(length) if length else b""

    def _relay(self, body: bytes) -> None:
        """Send the request to the oxigraph server and its answer back, with CORS."""
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


class ProxyServer(http.server.ThreadingHTTPServer):
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
        super().__init__(listener.getsockname()[:2], Proxy, bind_and_activate=False)
        self.socket.close()
        self.socket = listener
        self.backend_port = backend_port
        self.allow_service = allow_service
        self.documents = documents  # path (no query) → Turtle served as is


def address_of(host: str, port: int) -> tuple[socket.AddressFamily, str]:
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


def bind_listener(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port``; InputError naming the address if it is taken."""
    family, address = address_of(host, port)
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


def free_local_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
