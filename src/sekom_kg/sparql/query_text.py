"""Lexical facts about SPARQL text: where the top-level WHERE opens, SERVICE, VALUES."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from rdflib.term import Identifier

from sekom_kg.core.errors import InputError

IRI_AT = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")


_WORD_AT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)


#: ``SERVICE`` as a keyword: not part of a name, variable, prefixed name or language tag.
_SERVICE_KEYWORD = re.compile(r"(?<![\w:?$@-])SERVICE(?![\w:-])", re.IGNORECASE)


#: SPARQL 1.1 §19.2: ``\uXXXX`` and ``\UXXXXXXXX`` are replaced before the query is parsed.
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


@lru_cache(maxsize=64)
def top_level_brace(text: str) -> int:
    """Offset of the ``{`` opening the top-level WHERE group, or -1.

    Skips comments, strings and IRIs; prefers the brace after a ``WHERE`` at depth 0, else
    (SELECT/ASK without the keyword) the first ``{`` at depth 0.
    """
    depth, i, first, after_where = 0, 0, -1, False
    while i < len(text):
        char = text[i]
        if char == "#":
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
            continue
        if char in "\"'":
            i = _skip_string(text, i)
            continue
        if char == "<" and (iri := IRI_AT.match(text, i)):
            i = iri.end()
            continue
        if char == "{":
            if depth == 0:
                if after_where:
                    return i
                first = i if first < 0 else first
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0 and (word := _WORD_AT.match(text, i)):
            after_where = after_where or word.group().upper() == "WHERE"
            i = word.end()
            continue
        i += 1
    return first


def _skip_string(text: str, i: int) -> int:
    """The offset just past the string literal starting at ``i``."""
    quote = text[i] * 3 if text.startswith(text[i] * 3, i) else text[i]
    j = i + len(quote)
    while j < len(text):
        if text[j] == "\\":
            j += 2
            continue
        if text.startswith(quote, j):
            return j + len(quote)
        j += 1
    return len(text)


def _code_only(text: str) -> str:
    """``text`` without its comments, strings and IRIs (each replaced by a space)."""
    kept: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "#":
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
            kept.append(" ")
            continue
        if char in "\"'":
            i = _skip_string(text, i)
            kept.append(" ")
            continue
        if char == "<" and (iri := IRI_AT.match(text, i)):
            i = iri.end()
            kept.append(" ")
            continue
        kept.append(char)
        i += 1
    return "".join(kept)


def _unescape_codepoints(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        code = int(match[1] or match[2], 16)
        return chr(code) if code <= 0x10FFFF else match[0]

    return _CODEPOINT.sub(replace, text)


def uses_service(text: str) -> bool:
    """True if the query may hold a ``SERVICE`` clause (a request to another endpoint).

    Errs on the side of yes: the keyword counts wherever it stands outside comments,
    strings and IRIs, read both as written and with ``\\u`` escapes replaced (rdflib
    replaces them, pyoxigraph does not).

    >>> uses_service("SELECT * { SERVICE SILENT <http://x/> { ?s ?p ?o } }")
    True
    >>> uses_service("SELECT * { \\u0053ERVICE <http://x/> { ?s ?p ?o } }")
    True
    >>> uses_service('SELECT ?service { ?service ex:SERVICE "SERVICE" } # SERVICE')
    False
    """
    if not SERVICE.search(_unescape_codepoints(text)):
        return False
    return any(
        _SERVICE_KEYWORD.search(_code_only(variant))
        for variant in (text, _unescape_codepoints(text))
    )


def inject_values(text: str, bindings: Mapping[str, Identifier]) -> str:
    """``text`` with one ``VALUES ?name { term }`` block per binding at the top-level WHERE.

    Terms are written with ``.n3()`` so a value is always one RDF term, never query text.
    """
    if not bindings:
        return text
    brace = top_level_brace(text)
    if brace < 0:
        raise InputError("cannot bind parameters: the query has no WHERE clause")
    blocks = "".join(
        f"\n  VALUES ?{name} {{ {term.n3()} }}" for name, term in sorted(bindings.items())
    )
    return f"{text[: brace + 1]}{blocks}\n{text[brace + 1 :]}"
