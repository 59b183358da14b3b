"""Query results serialised in the W3C SPARQL 1.1 CSV, TSV, JSON and XML results formats.

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
from enum import Enum
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from sekom_kg.assembly.ntriples import split_lines
from sekom_kg.core.namespaces import XSD
from sekom_kg.sparql.results import QueryResult, literal_body

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


def tsv_term(term: Node | None) -> str:
    """One TSV field: IRIs in <>, literals in N-Triples syntax, blank nodes as _:label."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        return literal_body(term)
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
