"""Query results: rows of rdflib terms, a boolean or a graph, as Python values or a table.

Their serialisations are :mod:`sekom_kg.sparql.result_formats`; their display in a terminal
:mod:`sekom_kg.sparql.result_display`.
"""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from sekom_kg.core.namespaces import XSD, curie


class LangString(str):
    """A language-tagged string: equal to its text, with the tag in ``language``.

    >>> name = LangString("Sverige", "sv")
    >>> name == "Sverige", name.language
    (True, 'sv')
    """

    language: str

    def __new__(cls, text: str, language: str) -> LangString:
        """A string ``text`` tagged ``language`` (e.g. ``"sv"``)."""
        value = super().__new__(cls, text)
        value.language = language
        return value

    def __getnewargs__(self) -> tuple[str, str]:  # type: ignore[override]
        """Keep the language when copied or pickled."""
        return str(self), self.language

    def __repr__(self) -> str:
        return f"LangString({str(self)!r}, {self.language!r})"


_GYEAR = re.compile(r"-?\d{4,}")


def python_value(term: Node | None) -> Any:
    """A term as a Python value where its datatype maps; None for an unbound value.

    ``xsd:gYear`` and the integer types → int, ``xsd:decimal`` → Decimal, ``xsd:double``
    → float, ``xsd:boolean`` → bool, ``xsd:date`` → date, plain strings → str,
    language-tagged strings → :class:`LangString`, IRIs → plain ``str`` (rdflib's ``URIRef``
    is never equal to a ``str``; the term stays in ``QueryResult.terms``). Blank nodes stay
    ``BNode``, and a literal of another or an ill-formed datatype stays a ``Literal``.

    >>> from rdflib import Literal, URIRef
    >>> python_value(Literal("2003", datatype=XSD.gYear))
    2003
    >>> python_value(Literal("1.50", datatype=XSD.decimal))
    Decimal('1.50')
    >>> python_value(Literal("Chile", lang="en")).language, python_value(URIRef("http://a/b"))
    ('en', 'http://a/b')
    """
    if term is None:
        return None
    if isinstance(term, Literal):
        if term.language:
            return LangString(str(term), term.language)
        if term.datatype == XSD.gYear:
            return int(term) if _GYEAR.fullmatch(str(term)) else term
        value = term.toPython()
        return str(value) if type(value) is Literal and term.datatype is None else value
    if isinstance(term, URIRef):
        return str(term)
    return term


Row = tuple[Node | None, ...]


#: At most this many rows (or triples) are shown by ``_repr_html_``.
HTML_ROWS = 50


@dataclass(repr=False)
class QueryResult:
    """The answer to one query: rows (SELECT), a boolean (ASK) or a graph (CONSTRUCT).

    A SELECT result is a sequence of rows: ``len(result)`` rows, ``for row in result``
    yields each row as a dict keyed by variable name (see :attr:`rows`); ``terms`` keeps
    every row as a tuple of rdflib terms in ``variables`` order. A CONSTRUCT/DESCRIBE
    result iterates and counts the triples of ``graph``. An ASK result is true or false
    (``bool(result)``, ``boolean``) and has no length. Unbound values are None.

    >>> from rdflib import Literal
    >>> r = QueryResult("SELECT", ["year"], [(Literal(2003),), (None,)])
    >>> len(r), r.rows, r.terms[0][0].datatype
    (2, [{'year': 2003}, {'year': None}], rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
    """

    form: str
    variables: list[str]
    terms: list[Row] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None
    python_values: bool = True

    @property
    def rows(self) -> list[dict[str, Any]]:
        """The rows as dicts ``{variable: value}``, values as :func:`python_value` makes them.

        With ``python_values=False`` the values are the rdflib terms.
        """
        convert = python_value if self.python_values else _term
        return [dict(zip(self.variables, map(convert, row), strict=True)) for row in self.terms]

    def _no_rows(self) -> TypeError:
        return TypeError("an ASK result has no rows: use bool(result) or result.boolean")

    def __len__(self) -> int:
        """The number of rows (SELECT) or triples (CONSTRUCT, DESCRIBE)."""
        if self.graph is not None:
            return len(self.graph)
        if self.form == "ASK":
            raise self._no_rows()
        return len(self.terms)

    def __iter__(self) -> Iterator[Any]:
        """The rows as dicts (SELECT) or the triples (CONSTRUCT, DESCRIBE)."""
        if self.graph is not None:
            return iter(self.graph)
        if self.form == "ASK":
            raise self._no_rows()
        return iter(self.rows)

    def __bool__(self) -> bool:
        """An ASK result's answer; otherwise whether there is any row or triple."""
        if self.form == "ASK" and self.graph is None:
            return bool(self.boolean)
        return len(self) > 0

    def __repr__(self) -> str:
        if self.form == "ASK" and self.graph is None:
            return f"<QueryResult ASK: {bool(self.boolean)}>"
        if self.graph is not None:
            return f"<QueryResult {self.form}: {_count(len(self), 'triple')}>"
        return f"<QueryResult SELECT: {rows_phrase(len(self))} of {', '.join(self.variables)}>"

    def to_dataframe(self) -> Any:
        """A pandas DataFrame of a SELECT result, one column per variable.

        Column dtypes follow the values: whole numbers (counts, years) ``Int64``, other
        numbers (decimals, doubles) ``Float64`` (exact ``Decimal`` values stay in
        :attr:`rows`), booleans ``boolean``, dates ``datetime64``, IRIs and text ``string``
        (a label's language is in :attr:`terms`); mixed columns ``object``. Unbound
        values are missing (``<NA>``).

        :raises ImportError: if pandas is not installed (``pip install 'sekom-kg[pandas]'``).
        :raises TypeError: for an ASK, CONSTRUCT or DESCRIBE result.

        >>> from rdflib import Literal
        >>> row = (Literal(2003), Literal("1.5", datatype=XSD.decimal))
        >>> r = QueryResult("SELECT", ["year", "n"], [row])
        >>> r.to_dataframe().dtypes.astype(str).to_dict()
        {'year': 'Int64', 'n': 'Float64'}
        """
        if self.form != "SELECT" or self.graph is not None:
            raise TypeError(f"a {self.form} result has no table: to_dataframe() needs SELECT")
        try:
            import pandas  # type: ignore[import-untyped]
        except ImportError as error:  # pragma: no cover - depends on the environment
            raise ImportError(
                "to_dataframe() needs pandas: pip install 'sekom-kg[pandas]'"
            ) from error
        values = [[python_value(term) for term in row] for row in self.terms]
        columns = {
            variable: _series(pandas, [row[index] for row in values])
            for index, variable in enumerate(self.variables)
        }
        return pandas.DataFrame(columns, columns=self.variables)

    def _repr_html_(self) -> str:
        """An HTML table for notebooks (every value escaped; the first HTML_ROWS rows)."""
        if self.form == "ASK" and self.graph is None:
            return f"<p><strong>ASK</strong>: {'true' if self.boolean else 'false'}</p>"
        if self.graph is not None:
            header = ["subject", "predicate", "object"]
            body: list[Row] = sorted(self.graph)
            summary = _count(len(body), "triple")
        else:
            header, body, summary = self.variables, list(self.terms), rows_phrase(len(self))
        shown = body[:HTML_ROWS]
        if len(body) > len(shown):
            summary += f", the first {len(shown)} shown"
        head = "".join(f"<th>{html.escape(name)}</th>" for name in header)
        lines = [
            "<tr>" + "".join(f"<td>{_html_term(term)}</td>" for term in row) + "</tr>"
            for row in shown
        ]
        return (
            f'<table class="sekom-kg-result"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(lines)}</tbody></table><p>{html.escape(summary)}</p>"
        )


def _term(term: Node | None) -> Node | None:
    return term


def _count(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _series(pandas: Any, values: list[Any]) -> Any:
    """A column with the dtype that fits all its bound values."""
    bound = [v for v in values if v is not None]
    kinds = {type(v) for v in bound}
    if not bound:
        return pandas.Series(values, dtype="object")
    if kinds == {bool}:
        return pandas.Series(values, dtype="boolean")
    if all(isinstance(v, int) and not isinstance(v, bool) for v in bound):
        return pandas.Series(values, dtype="Int64")
    if all(isinstance(v, int | float | Decimal) and not isinstance(v, bool) for v in bound):
        return pandas.Series([None if v is None else float(v) for v in values], dtype="Float64")
    if all(isinstance(v, datetime.date) for v in bound):
        return pandas.Series(pandas.to_datetime(values))
    if all(isinstance(v, str) for v in bound):
        return pandas.Series([None if v is None else str(v) for v in values], dtype="string")
    return pandas.Series(values, dtype="object")


_LINKED_SCHEMES = ("http://", "https://")


def _html_term(term: Node | None) -> str:
    """A term in HTML: http(s) IRIs as links with their CURIE, literals with a language tag."""
    if term is None:
        return ""
    shown = html.escape(display(term))
    if isinstance(term, URIRef):
        if str(term).startswith(_LINKED_SCHEMES):
            return (
                f'<a href="{html.escape(str(term))}" title="{html.escape(str(term))}">{shown}</a>'
            )
        return f'<span title="{html.escape(str(term))}">{shown}</span>'
    if isinstance(term, Literal) and term.language:
        return f'<span lang="{html.escape(term.language)}">{shown}</span>'
    return shown


def literal_body(literal: Literal) -> str:
    """A literal in N-Triples syntax: quoted, escaped, with language tag or datatype."""
    text = str(literal)
    for raw, escaped in (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t")):
        text = text.replace(raw, escaped)
    if literal.language:
        return f'"{text}"@{literal.language}'
    if literal.datatype is not None and literal.datatype != XSD.string:
        return f'"{text}"^^<{literal.datatype}>'
    return f'"{text}"'


def display(term: Node | None, curies: bool = True) -> str:
    """A term for people: IRIs as CURIEs of the published prefixes (or whole), literal text."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        shown = curie(str(term)) if curies else str(term)
        return str(term) if shown.endswith(":") else shown
    return str(term)


def rows_phrase(count: int) -> str:
    """``1 row`` or ``N rows``.

    >>> rows_phrase(1), rows_phrase(0), rows_phrase(20)
    ('1 row', '0 rows', '20 rows')
    """
    return f"{count} row" if count == 1 else f"{count} rows"
