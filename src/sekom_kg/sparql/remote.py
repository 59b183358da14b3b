"""HTTP requests to remote endpoints: one credential path, a total deadline, no redirects.

Every remote command (``query --endpoint``, ``load``) sends its requests through
:func:`request`:

* credentials come from ``$SEKOM_KG_ENDPOINT_TOKEN`` (Bearer) or ``$SEKOM_KG_ENDPOINT_USER``
  and ``$SEKOM_KG_ENDPOINT_PASSWORD`` (Basic, or HTTP Digest when ``$SEKOM_KG_ENDPOINT_AUTH``
  is ``digest``), else from user-info in the endpoint URL; they are sent only in the
  ``Authorization`` header and never appear in a message or ``repr``;
* with Digest the request goes out without credentials; the server's ``401`` challenge is
  answered once with the digest of the password (the password itself is never sent);
* the timeout bounds the whole request (connect, upload, headers and body, and the Digest
  round trip), not each read;
* redirects are not followed (so credentials never go to another host): a 3xx is an error
  naming where the server points;
* proxies are taken from the environment as urllib does (``$http_proxy``, ``$no_proxy``…).

>>> check_timeout("2.5")
2.5
>>> check_timeout("nan")  # doctest: +ELLIPSIS
Traceback (most recent call last):
sekom_kg.core.errors.InputError: --timeout: must be a number of seconds above 0 ..., got 'nan'
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import math
import socket
import ssl
import threading
import time
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import BinaryIO
from urllib.parse import SplitResult, unquote, urlsplit, urlunsplit

from sekom_kg import __version__
from sekom_kg.core.errors import InputError, RemoteError
from sekom_kg.core.urls import redact
from sekom_kg.sparql.credentials import (
    AUTH_SCHEMES,
    ENV_AUTH,
    ENV_PASSWORD,
    ENV_TOKEN,
    ENV_USER,
    Credentials,
    printable,
)
from sekom_kg.sparql.server_message import MESSAGE_LIMIT, server_message

#: Re-exported: the environment variables and credentials every remote command uses.
__all__ = [
    "AUTH_SCHEMES",
    "ENV_AUTH",
    "ENV_PASSWORD",
    "ENV_TOKEN",
    "ENV_USER",
    "MESSAGE_LIMIT",
    "Credentials",
    "Response",
    "check_timeout",
    "request",
    "server_message",
    "sparql_query",
    "sparql_request",
]

#: The longest timeout accepted, in seconds (one day).
MAX_TIMEOUT = 86400.0


def check_timeout(value: float | str, what: str = "--timeout") -> float:
    """``value`` as seconds if it is a finite number above 0 and at most a day; else InputError."""
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        seconds = math.nan
    if not (math.isfinite(seconds) and 0 < seconds <= MAX_TIMEOUT):
        raise InputError(
            f"{what}: must be a number of seconds above 0 and at most {MAX_TIMEOUT:g}, "
            f"got {str(value)!r}"
        )
    return seconds


@dataclass(frozen=True)
class Response:
    """A successful (2xx) answer."""

    status: int
    content_type: str
    body: bytes
    #: The answer's headers, names in lower case (the last value of a repeated header).
    headers: Mapping[str, str] = field(default_factory=dict)

    @property
    def server(self) -> str:
        """The ``Server`` header ("" if none), e.g. ``Virtuoso/07.20.3229 (Linux) …``."""
        return self.headers.get("server", "")


def _failure(url: str, error: BaseException) -> RemoteError:
    if isinstance(error, ConnectionRefusedError | socket.gaierror):
        return RemoteError(url, f"cannot connect: {printable(str(error))}")
    return RemoteError(url, f"request failed: {printable(str(error)) or type(error).__name__}")


#: The longest server message kept in an error, in characters.
def _status_error(url: str, response: http.client.HTTPResponse, body: bytes) -> RemoteError:
    status = response.status
    if 300 <= status < 400:
        location = printable(redact(response.getheader("Location") or "nowhere"))
        return RemoteError(url, f"redirects to {location} (not followed; use that URL)", status)
    reason = printable(response.reason or "") or "request failed"
    detail = server_message(body, response.getheader("Content-Type") or "")
    if detail.lower().startswith(reason.lower()):
        return RemoteError(url, detail, status)
    return RemoteError(url, f"{reason}: {detail}" if detail else reason, status)


def _proxy_authorization(proxy: SplitResult) -> dict[str, str]:
    if proxy.username is None:
        return {}
    pair = f"{unquote(proxy.username)}:{unquote(proxy.password or '')}".encode()
    return {"Proxy-Authorization": "Basic " + base64.b64encode(pair).decode("ascii")}


def _connection(url: str, timeout: float) -> tuple[http.client.HTTPConnection, str, dict[str, str]]:
    """A connection for ``url``, the request target and proxy headers.

    Proxies come from the environment as urllib reads them (``$http_proxy``, ``$https_proxy``,
    ``$no_proxy``): plain HTTP goes to the proxy with the absolute URL, HTTPS through a
    ``CONNECT`` tunnel.
    """
    parts = urlsplit(url)
    host, port = parts.hostname or "", parts.port
    target = urlunsplit(("", "", parts.path or "/", parts.query, ""))
    context = ssl.create_default_context() if parts.scheme == "https" else None
    proxy_url = urllib.request.getproxies().get(parts.scheme)
    if proxy_url and urllib.request.proxy_bypass(host):
        proxy_url = None
    if not proxy_url:
        if context is not None:
            return (
                http.client.HTTPSConnection(host, port, timeout=timeout, context=context),
                target,
                {},
            )
        return http.client.HTTPConnection(host, port, timeout=timeout), target, {}
    try:
        proxy = urlsplit(proxy_url if "://" in proxy_url else f"http://{proxy_url}")
        proxy_host, proxy_port = proxy.hostname or "", proxy.port or 80
    except ValueError:
        proxy_host = ""
    if not proxy_host:
        raise InputError(f"the {parts.scheme} proxy in the environment is not a valid URL")
    if context is None:
        connection = http.client.HTTPConnection(proxy_host, proxy_port, timeout=timeout)
        return connection, urlunsplit(parts._replace(fragment="")), _proxy_authorization(proxy)
    tunnel = http.client.HTTPSConnection(proxy_host, proxy_port, timeout=timeout, context=context)
    tunnel.set_tunnel(host, port, headers=_proxy_authorization(proxy))
    return tunnel, target, {}


def _exchange(
    method: str,
    url: str,
    body: bytes | BinaryIO | None,
    headers: Mapping[str, str],
    seconds: float,
) -> tuple[http.client.HTTPResponse, bytes] | None:
    """One request and its whole answer within ``seconds``; None if the deadline passed."""
    connection, target, proxy_headers = _connection(url, seconds)
    expired = threading.Event()
    sockets: list[socket.socket] = []  # http.client drops connection.sock once it reads

    def expire() -> None:  # end a blocked read or write at the deadline
        expired.set()
        for sock in [*sockets, connection.sock]:
            if sock is not None:
                with contextlib.suppress(OSError):
                    socket.socket.shutdown(sock, socket.SHUT_RDWR)

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        connection.connect()
        sockets.append(connection.sock)
        if expired.is_set():
            return None
        connection.request(method, target, body=body, headers={**proxy_headers, **headers})
        response = connection.getresponse()
        data = response.read()
    except (OSError, http.client.HTTPException, ValueError) as error:
        if expired.is_set() or isinstance(error, TimeoutError):
            return None
        raise _failure(url, error) from None
    finally:
        timer.cancel()
        connection.close()
    if expired.is_set():  # the deadline cut a body that had no length
        return None
    return response, data


def request(
    method: str,
    url: str,
    *,
    body: bytes | BinaryIO | None = None,
    headers: Mapping[str, str] | None = None,
    credentials: Credentials | None = None,
    timeout: float = 60.0,
) -> Response:
    """Send one request to a checked ASCII ``url`` (see :func:`sekom_kg.core.urls.check_endpoint`).

    Returns the 2xx answer; RemoteError naming the URL (and status) otherwise, also when the
    whole exchange (with a Digest challenge: both round trips) takes longer than ``timeout``
    seconds.
    """
    timeout = check_timeout(timeout)
    deadline = time.monotonic() + timeout
    all_headers = {"User-Agent": f"sekom-kg/{__version__}", **(headers or {})}
    header = credentials.header() if credentials else None
    if header:
        all_headers["Authorization"] = header
    start = body.tell() if body is not None and not isinstance(body, bytes) else 0
    answer = _exchange(method, url, body, all_headers, timeout)
    challenge = answer[0].getheader("WWW-Authenticate") if answer else None
    if answer and answer[0].status == 401 and credentials and credentials.digest and challenge:
        digest = credentials.digest_header(method, url, challenge)
        if digest is None:
            raise RemoteError(url, f"unsupported authentication challenge: {challenge[:80]}", 401)
        if body is not None and not isinstance(body, bytes):
            body.seek(start)  # send the same body again, now with the digest
        left = deadline - time.monotonic()
        retry = {**all_headers, "Authorization": digest}
        answer = _exchange(method, url, body, retry, left) if left > 0 else None
    if answer is None:
        raise RemoteError(url, f"timed out after {timeout:g} s")
    response, data = answer
    if not 200 <= response.status < 300:
        raise _status_error(url, response, data)
    found = {name.lower(): value for name, value in response.getheaders()}
    return Response(response.status, response.getheader("Content-Type") or "", data, found)


def sparql_request(
    url: str,
    text: str,
    accept: str,
    credentials: Credentials | None = None,
    timeout: float = 60.0,
    graphs: Sequence[tuple[str, str]] = (),
) -> Response:
    """POST ``text`` to a SPARQL 1.1 endpoint (form-encoded) with ``graphs`` (protocol
    parameters such as ``default-graph-uri``) in the body; the whole answer."""
    from urllib.parse import urlencode

    return request(
        "POST",
        url,
        body=urlencode([("query", text), *graphs]).encode("utf-8"),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
        credentials=credentials,
        timeout=timeout,
    )


def sparql_query(
    url: str,
    text: str,
    accept: str,
    credentials: Credentials | None = None,
    timeout: float = 60.0,
) -> bytes:
    """POST ``text`` to a SPARQL 1.1 endpoint (form-encoded); the answer's bytes."""
    return sparql_request(url, text, accept, credentials, timeout).body
