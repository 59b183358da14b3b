"""Query parameters: declared in a query's header, validated, turned into RDF terms.

Parameters are data, never query text: a value becomes an rdflib term here and is bound
by the runner (``initBindings`` locally, an injected ``VALUES`` block remotely).

>>> Parameter.parse("year year 2012 -- the year").term("2010").n3()
'"2010"^^<http://www.w3.org/2001/XMLSchema#integer>'
>>> org = Parameter.parse("org iri https://w3id.org/sekom/id/org/sekom")
>>> org.term("<x> } DROP ALL {")  # doctest: +ELLIPSIS
Traceback (most recent call last):
sekom_kg.core.errors.InputError: parameter 'org': not an absolute http(s) IRI ...'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from rdflib import Literal, URIRef
from rdflib.term import Identifier

from sekom_kg.core.errors import InputError
from sekom_kg.core.namespaces import XSD

FIRST_YEAR, LAST_YEAR = 2002, 2021
_IRI = re.compile(r"^https?://[^\s<>\"{}|^`\\]+$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_INTEGER = re.compile(r"^[+-]?[0-9]{1,18}$")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_DECLARATION = re.compile(
    r"^(?P<name>\S+)\s+(?P<type>\S+)(?:\s+(?P<default>\S+))?(?:\s+--\s*(?P<doc>.*))?$"
)


class ParamType(Enum):
    """The type of a query parameter (value: the name used in query headers)."""

    IRI = "iri"
    YEAR = "year"
    STRING = "string"
    INTEGER = "integer"
    COUNTRY_CODE = "country-code"


@dataclass(frozen=True)
class Parameter:
    """One declared parameter: ``# param: NAME TYPE DEFAULT -- description``.

    The query uses it as the variable ``?NAME``. A ``country-code`` value is validated
    here and mapped to the country's IRI by a lookup in the graph (see ``api``).
    """

    name: str
    type: ParamType
    default: str | None
    description: str = ""

    @classmethod
    def parse(cls, declaration: str) -> Parameter:
        """Parse the text after ``# param:``; ValueError if it is malformed."""
        match = _DECLARATION.match(declaration.strip())
        if not match or not _NAME.match(match["name"]):
            raise ValueError(f"malformed parameter declaration {declaration!r}")
        try:
            kind = ParamType(match["type"])
        except ValueError:
            known = ", ".join(t.value for t in ParamType)
            raise ValueError(f"unknown parameter type {match['type']!r} (known: {known})") from None
        param = cls(match["name"], kind, match["default"], (match["doc"] or "").strip())
        if param.default is not None:
            param.term(param.default)  # a bad default is a bug in the query file
        return param

    def term(self, value: str) -> Identifier:
        """Validate ``value`` and return the RDF term to bind; InputError if invalid."""
        text = str(value)
        if self.type is ParamType.IRI:
            if not _IRI.match(text):
                self._reject(
                    'not an absolute http(s) IRI without spaces or <>"{}|^`\\ characters', text
                )
            return URIRef(text)
        if self.type is ParamType.YEAR:
            if not (text.isascii() and text.isdigit() and FIRST_YEAR <= int(text) <= LAST_YEAR):
                self._reject(f"not a year from {FIRST_YEAR} to {LAST_YEAR}", text)
            return Literal(int(text), datatype=XSD.integer)
        if self.type is ParamType.INTEGER:
            if not _INTEGER.match(text):
                self._reject("not an integer", text)
            return Literal(int(text), datatype=XSD.integer)
        if self.type is ParamType.COUNTRY_CODE:
            code = text.upper() if text.isascii() else text  # "\u0131".upper() is "I"
            if not _COUNTRY.match(code):
                self._reject("not an ISO 3166-1 alpha-2 code (two letters A-Z, any case)", text)
            return Literal(code)
        return Literal(text)

    def _reject(self, why: str, value: str) -> None:
        raise InputError(f"parameter {self.name!r}: {why}: {value!r}")

    def describe(self) -> str:
        """``name (type, default X)`` for listings."""
        default = f", default {self.default}" if self.default is not None else ""
        return f"{self.name} ({self.type.value}{default})"
