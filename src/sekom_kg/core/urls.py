"""Validate the IRIs and URLs a user gives (bases, endpoints, graph names) before they are used.

Every check parses the value with a real IRI parser (pyoxigraph's, RFC 3987) and with
``urllib.parse``, and raises :class:`~sekom_kg.core.errors.InputError` (or the ``error`` class the
caller passes) whose message names the option, the reason and the value with any user-info
replaced by ``***``, so a password never reaches a message or a traceback.

>>> check_base("https://example.org/kg/", "--base")
'https://example.org/kg/'
>>> check_base("https://example.org/kg/?x=1/", "--base")
Traceback (most recent call last):
sekom_kg.core.errors.InputError: --base: must not have a query ('?…'), got 'https://example.org/kg/?x=1/'
>>> redact("http://ann:pw@localhost:7878/store")
'http://***@localhost:7878/store'
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import SplitResult, quote, unquote, urlsplit, urlunsplit

from sekom_kg.core.errors import InputError

#: Characters RFC 3987 never allows in an IRI (besides spaces and control characters).
_NOT_IN_IRI = frozenset('<>"{}|\\^`')
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_USERINFO = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://)([^/?#]*@)")
#: Characters kept as they are when an IRI becomes an ASCII URI (reserved, unreserved, '%').
_URI_SAFE = "!#$%&'()*+,/:;=?@[]~-._"


def redact(url: str) -> str:
    """``url`` with any user-info replaced by ``***`` (also for values that do not parse)."""
    return _USERINFO.sub(r"\1***@", url)


def _shown(value: str) -> str:
    return repr(redact(value))


def _characters(value: str) -> str | None:
    """Why ``value`` has characters no IRI may hold, or None."""
    for position, char in enumerate(value, 1):
        category = unicodedata.category(char)
        if char.isspace() or category[0] in "CZ":
            return f"contains a space or control character (U+{ord(char):04X}) at {position}"
        if char in _NOT_IN_IRI:
            return f"contains {char!r}, which is not allowed in an IRI, at {position}"
    if _BAD_ESCAPE.search(value):
        return "contains an invalid percent-escape ('%' must be followed by two hex digits)"
    return None


def _host(hostname: str, netloc: str) -> str | None:
    """Why the host is not valid, or None (IPv6 literals, IPv4, DNS and IDN names)."""
    if not hostname:
        return "has no host"
    if "[" in netloc:
        try:
            ipaddress.IPv6Address(hostname)
        except ValueError:
            return f"has an invalid IPv6 address [{hostname}]"
        return None
    try:  # the IDNA codec refuses empty labels and labels over 63 characters
        ascii_host = unquote(hostname).encode("idna").decode("ascii")
    except UnicodeError:
        return f"has an invalid host name {hostname!r}"
    if len(ascii_host.removesuffix(".")) > 253:
        return "has a host name longer than 253 characters"
    return None


def _problem(value: str, *, base: bool, userinfo: bool, query: bool, fragment: bool) -> str | None:
    """Why ``value`` is not an acceptable absolute http(s) URL, or None."""
    if not value:
        return "must not be empty"
    scheme = value.split(":", 1)[0].lower() if ":" in value else ""
    if scheme not in ("http", "https") or not value[len(scheme) :].startswith("://"):
        return "must be an absolute http(s) URL"
    reason = _characters(value)
    if reason:
        return reason
    try:
        parts = urlsplit(value)
        port = parts.port
        hostname = parts.hostname or ""
    except ValueError as error:  # a malformed IPv6 literal or port
        return f"has a malformed host or port ({str(error).lower()})"
    reason = _host(hostname, parts.netloc.rpartition("@")[2])
    if reason:
        return reason
    if port == 0 or parts.netloc.endswith(":"):
        return "has an invalid port"
    return _iri_problem(value, parts, base=base, userinfo=userinfo, query=query, fragment=fragment)


def _iri_problem(
    value: str, parts: SplitResult, *, base: bool, userinfo: bool, query: bool, fragment: bool
) -> str | None:
    """The checks of :func:`_problem` once scheme, characters, host and port are fine."""
    import pyoxigraph as ox

    try:
        ox.NamedNode(value)
    except ValueError as error:
        return f"is not a valid IRI ({error})"
    if "@" in parts.netloc and not userinfo:
        return "must not contain user-info (user:password@)"
    if "#" in value and not fragment:
        return "must not have a fragment ('#…')"
    if "?" in value and not query:
        return "must not have a query ('?…')"
    segments = [unquote(segment) for segment in parts.path.split("/")]
    if "." in segments or ".." in segments:
        return "must not contain '.' or '..' path segments"
    if base and not value.endswith("/"):
        return "must end with '/'"
    authority = value[: len(parts.scheme) + 3 + len(parts.netloc)]  # scheme://host:port
    if base and authority != authority.lower():
        return "must write the scheme and host in lower case (IRIs compare character by character)"
    return None


def check_url(
    value: str,
    what: str,
    *,
    base: bool = False,
    userinfo: bool = False,
    query: bool = True,
    fragment: bool = False,
    error: type[InputError] = InputError,
) -> str:
    """Return ``value`` if it is an absolute http(s) URL with a valid host and port.

    Never allowed: whitespace or control characters, invalid percent-escapes, ``.``/``..``
    segments. ``base``: no query or fragment and a final ``/``; ``userinfo`` allows
    ``user:password@``; ``query`` allows ``?…``; ``fragment`` allows ``#…``.
    """
    reason = _problem(
        value,
        base=base,
        userinfo=userinfo,
        query=query and not base,
        fragment=fragment and not base,
    )
    if reason:
        raise error(f"{what}: {reason}, got {_shown(value)}")
    return value


def check_base(value: str, what: str = "base IRI", error: type[InputError] = InputError) -> str:
    """``value`` if it is a base: absolute http(s), host, no user-info/query/fragment, ends '/'."""
    return check_url(value, what, base=True, error=error)


def check_iri(value: str, what: str, error: type[InputError] = InputError) -> str:
    """``value`` if it is an absolute IRI (any scheme) without spaces or control characters."""
    import pyoxigraph as ox

    reason = _characters(value)
    if not reason:
        try:
            ox.NamedNode(value)
        except ValueError as parse_error:
            reason = f"is not a valid IRI ({parse_error})"
    if not reason and not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", value):
        reason = "must be an absolute IRI"
    if reason:
        raise error(f"{what}: expected an absolute IRI: {reason}, got {_shown(value)}")
    return value


@dataclass(frozen=True)
class Endpoint:
    """A checked endpoint URL: ``url`` (ASCII, no user-info) and the user-info it held."""

    url: str
    user: str | None = None
    password: str | None = None

    def __repr__(self) -> str:  # never show secrets, also not in --debug tracebacks
        return f"Endpoint({self.url!r}, ***)"


def _to_uri(url: str) -> str:
    """An IRI as the ASCII URI that goes on the wire (IDNA host, UTF-8 percent-escapes)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if "[" in parts.netloc:
        netloc = f"[{host}]"
    else:
        netloc = unquote(host).encode("idna").decode("ascii").lower()
    if parts.port is not None:
        netloc += f":{parts.port}"
    path, query = (quote(part, safe=_URI_SAFE) for part in (parts.path, parts.query))
    return urlunsplit((parts.scheme.lower(), netloc, path or "/", query, ""))


def check_endpoint(value: str, what: str = "--endpoint") -> Endpoint:
    """Check a remote endpoint URL; split off its user-info; InputError (exit 2) if bad.

    >>> check_endpoint("http://ann:p%40ss@räksmörgås.se:8080/store?x=1")
    Endpoint('http://xn--rksmrgs-5wao1o.se:8080/store?x=1', ***)
    """
    check_url(value, what, userinfo=True)
    parts = urlsplit(value)
    user = password = None
    if "@" in parts.netloc:
        userinfo = parts.netloc.rpartition("@")[0]
        raw_user, has_password, raw_password = userinfo.partition(":")
        user, password = unquote(raw_user), unquote(raw_password) if has_password else None
    return Endpoint(_to_uri(value), user, password)
