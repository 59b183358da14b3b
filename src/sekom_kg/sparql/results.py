"""Query results and their serialisations (W3C SPARQL 1.1 CSV, TSV, JSON and XML formats).

>>> from rdflib import Literal, URIRef
>>> row = (URIRef("http://a/b"), Literal('say "hi"\\tnow', lang="en"))
>>> r = QueryResult("SELECT", ["s", "o"], [row])
>>> to_tsv(r).split("\\n")[1]
'<http://a/b>\\t"say \\\\"hi\\\\"\\\\tnow"@en'
>>> to_csv(r).splitlines()[1]
'http://a/b,"say ""hi""\\tnow"'
"""

from __future__ import annotations

import csv
import datetime
import html
import io
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from sekom_kg.assembly.ntriples import split_lines
from sekom_kg.core.namespaces import XSD, curie

SPARQL_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"


class ResultFormat(Enum):
    """An output format of ``sekom-kg query`` (value: the CLI name)."""

    TABLE = ("table", "text/plain", ".txt")
    CSV = ("csv", "text/csv", ".csv")
    TSV = ("tsv", "text/tab-separated-values", ".tsv")
    JSON = ("json", "application/sparql-results+json", ".srj")
    XML = ("xml", "application/sparql-results+xml", ".srx")
    TURTLE = ("turtle", "text/turtle", ".ttl")
    JSONLD = ("json-ld", "application/ld+json", ".jsonld")
    NTRIPLES = ("nt", "application/n-triples", ".nt")

    def __init__(self, cli_name: str, media_type: str, extension: str) -> None:
        self.cli_name = cli_name
        self.media_type = media_type
        self.extension = extension

    @property
    def is_graph(self) -> bool:
        """True for the formats of CONSTRUCT/DESCRIBE results."""
        return self in (ResultFormat.TURTLE, ResultFormat.JSONLD, ResultFormat.NTRIPLES)

    @classmethod
    def from_name(cls, name: str) -> ResultFormat:
        """The format for a CLI name; ValueError if unknown."""
        for fmt in cls:
            if fmt.cli_name == name:
                return fmt
        raise ValueError(f"unknown result format {name!r}")


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


def _literal_body(literal: Literal) -> str:
    """A literal in N-Triples syntax: quoted, escaped, with language tag or datatype."""
    text = str(literal)
    for raw, escaped in (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t")):
        text = text.replace(raw, escaped)
    if literal.language:
        return f'"{text}"@{literal.language}'
    if literal.datatype is not None and literal.datatype != XSD.string:
        return f'"{text}"^^<{literal.datatype}>'
    return f'"{text}"'


def tsv_term(term: Node | None) -> str:
    """One TSV field: IRIs in <>, literals in N-Triples syntax, blank nodes as _:label."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        return _literal_body(term)
    raise TypeError(f"not an RDF term: {term!r}")


def to_tsv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results TSV."""
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join(tsv_term(t) for t in row) for row in result.terms]
    return "\n".join(lines) + "\n"


def csv_term(term: Node | None) -> str:
    """One CSV field: the IRI, the literal's lexical form, or _:label (no type information)."""
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def to_csv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results CSV (RFC 4180, CRLF line ends)."""
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.terms:
        writer.writerow([csv_term(t) for t in row])
    return stream.getvalue()


def json_term(term: Node) -> dict[str, str]:
    """One binding in SPARQL 1.1 Query Results JSON."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        value: dict[str, str] = {"type": "literal", "value": str(term)}
        if term.language:
            value["xml:lang"] = term.language
        elif term.datatype is not None and term.datatype != XSD.string:
            value["datatype"] = str(term.datatype)
        return value
    raise TypeError(f"not an RDF term: {term!r}")


def to_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON (ASK: ``{"head": {}, "boolean": …}``)."""
    if result.form == "ASK":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)}) + "\n"
    bindings = [
        {var: json_term(t) for var, t in zip(result.variables, row, strict=True) if t is not None}
        for row in result.terms
    ]
    document = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _text(value: str) -> str:
    """XML character data; ``\r`` as a character reference so parsers keep it."""
    return escape(value, {"\r": "&#13;"})


def _xml_term(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{_text(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{_text(str(term))}</bnode>"
    assert isinstance(term, Literal)
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{_text(str(term))}</literal>"
    if term.datatype is not None and term.datatype != XSD.string:
        return f"<literal datatype={quoteattr(str(term.datatype))}>{_text(str(term))}</literal>"
    return f"<literal>{_text(str(term))}</literal>"


def to_xml(result: QueryResult) -> str:
    """SPARQL Query Results XML."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<sparql xmlns="{SPARQL_RESULTS_NS}">']
    if result.form == "ASK":
        lines += ["  <head/>", f"  <boolean>{'true' if result.boolean else 'false'}</boolean>"]
    else:
        lines.append("  <head>")
        lines += [f"    <variable name={quoteattr(v)}/>" for v in result.variables]
        lines += ["  </head>", "  <results>"]
        for row in result.terms:
            lines.append("    <result>")
            for var, term in zip(result.variables, row, strict=True):
                if term is not None:
                    lines.append(
                        f"      <binding name={quoteattr(var)}>{_xml_term(term)}</binding>"
                    )
            lines.append("    </result>")
        lines.append("  </results>")
    lines.append("</sparql>")
    return "\n".join(lines) + "\n"


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


LANGUAGES = ("en", "sv")
_TAGGED = object()  # stands for any language-tagged literal in a row's key


def locale_language(environ: Mapping[str, str]) -> str:
    """The label language of the locale (``LC_ALL``, else ``LANG``) if one of LANGUAGES, else en.

    >>> locale_language({"LANG": "sv_SE.UTF-8"}), locale_language({"LC_ALL": "C", "LANG": "sv"})
    ('sv', 'en')
    """
    setting = environ.get("LC_ALL") or environ.get("LANG") or ""
    language = setting.split(".", 1)[0].split("@", 1)[0].replace("-", "_").split("_", 1)[0]
    return language.lower() if language.lower() in LANGUAGES else "en"


def _in_language(term: Node | None, lang: str) -> bool:
    if not isinstance(term, Literal) or not term.language:
        return False
    return term.language.lower().split("-", 1)[0] == lang


def prefer_language(result: QueryResult, lang: str) -> QueryResult:
    """``result`` without the rows that only repeat another row in a less wanted language.

    Rows that differ only in language-tagged literals form a set; of each set the rows with
    the most literals in ``lang`` (then in English) are kept, so a label a query returns in
    several languages is shown in one. Non-SELECT results are returned as they are.

    >>> en, sv = Literal("Sweden", lang="en"), Literal("Sverige", lang="sv")
    >>> r = QueryResult("SELECT", ["c", "name"], [(URIRef("urn:se"), en), (URIRef("urn:se"), sv)])
    >>> [str(row[1]) for row in prefer_language(r, "sv").terms]
    ['Sverige']
    """
    if result.form != "SELECT" or not result.terms:
        return result
    groups: dict[tuple[object, ...], list[Row]] = {}
    for row in result.terms:
        key = tuple(_TAGGED if isinstance(t, Literal) and t.language else t for t in row)
        groups.setdefault(key, []).append(row)
    if len(groups) == len(result.terms):
        return result

    def score(row: Row) -> tuple[int, int]:
        return sum(_in_language(t, lang) for t in row), sum(_in_language(t, "en") for t in row)

    kept: list[Row] = []
    for rows in groups.values():
        best = max(map(score, rows))
        kept += [row for row in rows if score(row) == best]
    order = {id(row): index for index, row in enumerate(result.terms)}
    kept.sort(key=lambda row: order[id(row)])
    return QueryResult(
        result.form, result.variables, kept, result.boolean, result.graph, result.python_values
    )


def _is_number(term: Node | None) -> bool:
    return isinstance(term, Literal) and isinstance(term.toPython(), int | float | Decimal)


def result_table(result: QueryResult, curies: bool = True) -> Any:
    """A rich Table of a SELECT result: every value whole (long ones fold, never "…").

    IRIs are cyan, numbers right-aligned; colour is left to the console (NO_COLOR, no terminal).
    """
    from rich.table import Table
    from rich.text import Text

    table = Table(show_lines=False, safe_box=True)
    for index, variable in enumerate(result.variables):
        bound = [row[index] for row in result.terms if row[index] is not None]
        numeric = bool(bound) and all(_is_number(t) for t in bound)
        table.add_column(variable, overflow="fold", justify="right" if numeric else "left")
    for row in result.terms:
        table.add_row(
            *(
                Text(display(term, curies), style="cyan" if isinstance(term, URIRef) else "")
                for term in row
            )
        )
    return table


def serialise_result(result: QueryResult, fmt: ResultFormat) -> str:
    """``result`` in a machine format (not TABLE); ValueError if the form does not fit."""
    if result.graph is not None:
        if not fmt.is_graph:
            raise ValueError(f"a {result.form} result needs --format turtle, json-ld or nt")
        if fmt is ResultFormat.NTRIPLES:
            lines = sorted(set(split_lines(result.graph.serialize(format="nt"))) - {""})
            return "".join(line + "\n" for line in lines)
        return result.graph.serialize(format=fmt.cli_name)
    if fmt.is_graph:
        raise ValueError(f"a {result.form} result needs --format table, csv, tsv, json or xml")
    if result.form == "ASK" and fmt in (ResultFormat.CSV, ResultFormat.TSV):
        return ("true" if result.boolean else "false") + "\n"
    writers = {
        ResultFormat.CSV: to_csv,
        ResultFormat.TSV: to_tsv,
        ResultFormat.JSON: to_json,
        ResultFormat.XML: to_xml,
    }
    return writers[fmt](result)
