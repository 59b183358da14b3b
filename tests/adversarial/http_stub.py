"""A tiny local HTTP server (stdlib ``http.server`` in a thread) that records what it got.

It answers like a SPARQL endpoint and Graph Store just enough for ``query`` and ``load``:
``PUT`` → 201, ``DELETE`` → 200, ``POST`` → a SPARQL JSON result with one count, and it can
misbehave on purpose (``mode``): ``trickle`` sends its answer one byte per 0.2 s, ``silent``
never answers, ``redirect`` answers 302 to ``location``. With ``tls`` it speaks HTTPS.
"""

from __future__ import annotations

import json
import ssl
import subprocess
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from socket import AF_INET6
from types import TracebackType

TRICKLE_DELAY_S = 0.2


@dataclass(frozen=True)
class Seen:
    """One request as the server got it."""

    method: str
    path: str
    authorization: str | None
    body: bytes
    proxy_authorization: str | None = None


@dataclass
class Behaviour:
    mode: str = "ok"  # ok | trickle | silent | redirect
    count: int = 0
    location: str = ""
    trickle_bytes: int = 150  # 150 bytes at 0.2 s each: 30 s
    seen: list[Seen] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    behaviour: Behaviour


class _Server6(_Server):
    address_family = AF_INET6


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _answer(self) -> None:
        behaviour = self.server.behaviour
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        behaviour.seen.append(
            Seen(
                self.command,
                self.path,
                self.headers.get("Authorization"),
                body,
                self.headers.get("Proxy-Authorization"),
            )
        )
        if behaviour.mode == "silent":
            behaviour.stop.wait(60)
            return
        if behaviour.mode == "redirect":
            self.send_response(302)
            self.send_header("Location", behaviour.location)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.command == "PUT":
            payload, kind, status = b"", "text/plain", 201
        elif self.command == "DELETE":
            payload, kind, status = b"", "text/plain", 200
        else:
            result = {
                "head": {"vars": ["n"]},
                "results": {
                    "bindings": [
                        {
                            "n": {
                                "type": "literal",
                                "datatype": "http://www.w3.org/2001/XMLSchema#integer",
                                "value": str(behaviour.count),
                            }
                        }
                    ]
                },
            }
            payload, kind, status = json.dumps(result).encode(), "application/json", 200
        if behaviour.mode == "trickle":
            payload = payload.ljust(behaviour.trickle_bytes)
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if behaviour.mode != "trickle":
            self.wfile.write(payload)
            return
        for byte in payload:
            if behaviour.stop.is_set():
                return
            try:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
            except OSError:  # the client gave up
                return
            time.sleep(TRICKLE_DELAY_S)

    do_GET = do_POST = do_PUT = do_DELETE = _answer


@dataclass(frozen=True)
class TlsFiles:
    """A self-signed certificate for 127.0.0.1 and its key (PEM files)."""

    cert: Path
    key: Path

    @classmethod
    def make(cls, folder: Path) -> TlsFiles:
        """Create them with the ``openssl`` command line tool."""
        cert, key = folder / "cert.pem", folder / "key.pem"
        subprocess.run(
            [
                *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
                *("-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1"),
                *("-addext", "subjectAltName=IP:127.0.0.1"),
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )
        return cls(cert, key)


class StubServer:
    """``with StubServer(mode=...) as stub:`` a server on a free port of 127.0.0.1 (or ::1)."""

    def __init__(
        self,
        mode: str = "ok",
        count: int = 0,
        location: str = "",
        ipv6: bool = False,
        tls: TlsFiles | None = None,
    ) -> None:
        self.behaviour = Behaviour(mode=mode, count=count, location=location)
        server_class = _Server6 if ipv6 else _Server
        self.server = server_class(("::1" if ipv6 else "127.0.0.1", 0), _Handler)
        self.server.behaviour = self.behaviour
        if tls is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(tls.cert, tls.key)
            self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        host = "[::1]" if ipv6 else "127.0.0.1"
        scheme = "https" if tls is not None else "http"
        self.url = f"{scheme}://{host}:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def seen(self) -> list[Seen]:
        return self.behaviour.seen

    def __enter__(self) -> StubServer:
        self.thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.behaviour.stop.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


class CountingServer:
    """An HTTP server on 127.0.0.1 that answers 500 to everything and counts requests."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        paths = self.paths

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                paths.append(self.path)
                self.send_response(500)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_POST = do_GET

            def log_message(self, *_args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> CountingServer:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)
