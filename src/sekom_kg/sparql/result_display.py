"""Query results for people: terms shortened to CURIEs, rows in the reader's language, tables."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from sekom_kg.sparql.results import QueryResult, Row, display

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
