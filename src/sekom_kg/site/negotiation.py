"""HTTP content negotiation as an ordered list of regular expressions over ``Accept``.

The same list is written into the Apache ``.htaccess``, the nginx server block and the
w3id.org redirect file (each server tries the expressions in order; the first that matches
the ``Accept`` header picks the extension), and :func:`choose` runs it in Python.

Semantics (RFC 9110, section 12.5.1): media types and parameter names match in any case;
a type's weight is its own ``q`` if it is listed (``q=0`` means never), else that of
``major/*``, else that of ``*/*``. The highest weight wins, weights compared to their first
decimal (``0.85`` ties with ``0.8``); a tie goes to a type listed by name (RDF before HTML)
before one reached by a wildcard (HTML first). ``application/json`` counts as JSON-LD,
``application/xhtml+xml`` as HTML. Anything else, and no ``Accept`` at all, gets HTML.

>>> choose("text/turtle")
'.ttl'
>>> choose("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
'.html'
>>> choose("text/turtle;q=0, application/ld+json;q=0.5")
'.jsonld'
>>> choose("Application/JSON")
'.jsonld'
>>> choose(None), choose("text/turtle;q=0")
('.html', '.html')
"""

from __future__ import annotations

import re
from functools import lru_cache

#: (extension, media types as a regex, the major type its ``major/*`` stands for).
FORMATS: tuple[tuple[str, str, str], ...] = (
    (".ttl", r"text/turtle", "text"),
    (".jsonld", r"application/(?:ld\+)?json", "application"),
    (".rdf", r"application/rdf\+xml", "application"),
    (".nt", r"application/n-triples", "application"),
    (".html", r"(?:text/html|application/xhtml\+xml)", "text"),
)
DEFAULT = ".html"
#: The media type each extension is served with.
MEDIA_TYPE = {
    ".ttl": "text/turtle",
    ".jsonld": "application/ld+json",
    ".rdf": "application/rdf+xml",
    ".nt": "application/n-triples",
    ".html": "text/html",
}
#: The order in which wildcards (``*/*``, ``text/*``) hand out a tie: HTML first.
WILDCARD_ORDER = (".html", ".ttl", ".jsonld", ".rdf", ".nt")

_WS = r"[\t\x20]*"
#: A media-type parameter other than ``q``.
_PARAM = rf";{_WS}(?!q{_WS}=)[^;,]*"
_Q = rf";{_WS}q{_WS}={_WS}"
_ANY = r"\*/\*"
#: Weights from 10 (``q=1`` or none) down to 1 (``0.1…``) and 0 (``0.001``–``0.099``).
LEVELS = tuple(range(10, -1, -1))


def _weight(level: int | None) -> str:
    """The weight part of an Accept item at ``level`` (None: any weight, also ``q=0``)."""
    if level is None:
        return r"(?:;[^,]*)?"
    if level == 10:
        value = r"1(?:\.0{0,3})?"
        return rf"(?:{_Q}{value}{_WS}(?:{_PARAM})*)?"
    value = rf"0\.{level}[0-9]{{0,2}}" if level else r"0\.0(?:[1-9][0-9]?|0[1-9])"
    return rf"{_Q}{value}{_WS}(?:{_PARAM})*"


def _item(media: str, level: int | None) -> str:
    """A lookahead body: ``media`` is an item of the header with the weight ``level``."""
    return rf"(?:^|.*,){_WS}{media}{_WS}(?:{_PARAM})*{_weight(level)}{_WS}(?:,|$)"


def _explicit(media: str, level: int) -> str:
    return rf"^(?={_item(media, level)})"


def _wildcard(media: str, major: str, level: int) -> str:
    """``media`` is not listed and ``major/*`` (or, if that is not listed, ``*/*``) is."""
    group = major + r"/\*"
    listed, by_group, by_any = _item(media, None), _item(group, level), _item(_ANY, level)
    return rf"^(?!{listed})(?:(?={by_group})|(?!{_item(group, None)})(?={by_any}))"


@lru_cache(maxsize=1)
def rules() -> tuple[tuple[str, str], ...]:
    """(regex over ``Accept``, extension) in the order a server must try them."""
    by_ext = {ext: (media, major) for ext, media, major in FORMATS}
    found: list[tuple[str, str]] = []
    for level in LEVELS:
        found += [(_explicit(media, level), ext) for ext, media, _ in FORMATS]
        for ext in WILDCARD_ORDER:
            media, major = by_ext[ext]
            found.append((_wildcard(media, major, level), ext))
    return tuple(found)


@lru_cache(maxsize=1)
def _compiled() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(regex, re.IGNORECASE), ext) for regex, ext in rules())


def choose(accept: str | None) -> str:
    """The extension of the document a server answers for the ``Accept`` header ``accept``."""
    for pattern, ext in _compiled():
        if accept and pattern.search(accept):
            return ext
    return DEFAULT
