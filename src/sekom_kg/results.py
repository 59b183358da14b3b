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
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Any, cast
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from sekom_kg.namespaces import XSD, curie
from sekom_kg.ntriples import split_lines

Row = tuple[Node | None, ...]
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


def _python(term: Node | None) -> Any:
    """A term as a Python value (``toPython()``); None for an unbound value."""
    return None if term is None else cast("URIRef | Literal | BNode", term).toPython()


@dataclass
class QueryResult:
    """The answer to one query: rows of terms (SELECT), a boolean (ASK) or a graph.

    ``rows`` holds Python values (``term.toPython()``) unless ``python_values`` is False,
    then rdflib terms; ``terms`` always holds the terms. Unbound values are None.
    """

    form: str
    variables: list[str]
    terms: list[Row] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None
    python_values: bool = True

    @property
    def rows(self) -> list[tuple[Any, ...]]:
        """The rows as Python values (or as terms, see the class docstring)."""
        if not self.python_values:
            return list(self.terms)
        return [tuple(_python(t) for t in row) for row in self.terms]

    def to_dataframe(self) -> Any:
        """A pandas DataFrame of ``rows`` (needs the optional ``pandas`` extra)."""
        try:
            import pandas  # type: ignore[import-untyped]
        except ImportError as error:  # pragma: no cover - depends on the environment
            raise ImportError(
                "to_dataframe() needs pandas: pip install 'sekom-kg[pandas]'"
            ) from error
        return pandas.DataFrame(self.rows, columns=self.variables)


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
