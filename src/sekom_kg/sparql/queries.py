"""The bundled SPARQL catalogue: ``queries/NN_slug.rq`` files with a comment header.

A header is a block of ``# key: value`` lines before the query::

    # title: Collaborations active in one year
    # title@sv: Samarbeten som var aktiva ett visst år
    # description: …
    # description@sv: …
    # param: year year 2012 -- the year (2002–2021)
    # keywords: collaborations, year

>>> header = parse_header("# title: T\\n# param: year year 2012 -- y\\nSELECT * {}")
>>> header["title"], header["param"]
('T', ['year year 2012 -- y'])
>>> from rdflib import URIRef
>>> inject_values("SELECT ?x WHERE { ?x ?p ?o }", {"p": URIRef("http://a/b")})
'SELECT ?x WHERE {\\n  VALUES ?p { <http://a/b> }\\n ?x ?p ?o }'
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from sekom_kg.core import resources
from sekom_kg.core.errors import InputError, QuerySyntaxError
from sekom_kg.core.suggest import did_you_mean, suggest
from sekom_kg.sparql.params import Parameter
from sekom_kg.sparql.query_text import IRI_AT, SERVICE, inject_values, top_level_brace, uses_service

_HEADER_LINE = re.compile(r"^#\s*(?P<key>[A-Za-z]+(?:@[a-z]{2})?)\s*:\s*(?P<value>.*)$")
_QUERY_NAME = re.compile(r"^(?P<number>\d{2})_(?P<slug>[a-z0-9_]+)$")
_GRAPH_FORM = re.compile(r"\b(CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT"}
FORMS["DescribeQuery"] = "DESCRIBE"


@dataclass(frozen=True)
class Query:
    """One SPARQL query with its header metadata."""

    name: str
    text: str
    form: str
    source: str
    title: str = ""
    title_sv: str = ""
    description: str = ""
    description_sv: str = ""
    keywords: tuple[str, ...] = ()
    parameters: tuple[Parameter, ...] = field(default=())

    def parameter(self, name: str) -> Parameter:
        """The declared parameter ``name``; InputError listing the valid ones otherwise."""
        for param in self.parameters:
            if param.name == name:
                return param
        valid = ", ".join(p.describe() for p in self.parameters) or "none"
        hint = did_you_mean(name, [p.name for p in self.parameters])
        raise InputError(f"query {self.name}: unknown parameter {name!r}{hint} (valid: {valid})")


def parse_header(text: str) -> dict[str, str | list[str]]:
    """The ``# key: value`` lines at the top of ``text`` (``param`` may repeat)."""
    header: dict[str, str | list[str]] = {"param": []}
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        match = _HEADER_LINE.match(stripped)
        if not match:
            continue
        key, value = match["key"], match["value"].strip()
        if key == "param":
            params = header["param"]
            assert isinstance(params, list)
            params.append(value)
        else:
            header[key] = value
    return header


def _fast_form(text: str) -> str | None:
    """The form via pyoxigraph's parser (much faster to load than rdflib's), else None.

    The query runs on an empty store: nothing is read, and queries with ``SERVICE`` are
    left to rdflib so that no request is ever sent. Any doubt returns None.
    """
    if SERVICE.search(text):
        return None
    try:
        import pyoxigraph as ox

        answer = ox.Store().query(text)
    except Exception:  # not installed, or a syntax pyoxigraph rejects: rdflib decides
        return None
    if isinstance(answer, ox.QueryBoolean):
        return "ASK"
    if isinstance(answer, ox.QuerySolutions):
        return "SELECT"
    no_iris = IRI_AT.sub(" ", text)
    bare = "\n".join(line.split("#", 1)[0] for line in no_iris.splitlines())
    keyword = _GRAPH_FORM.search(bare)
    return keyword.group(1).upper() if keyword else None


def query_form(text: str, source: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE; QuerySyntaxError with line and column if invalid.

    >>> query_form("PREFIX s: <http://a/CONSTRUCT#> ASK { ?x s:p 1 }", "<doc>")
    'ASK'
    >>> query_form("CONSTRUCT WHERE { ?s ?p ?o }", "<doc>")
    'CONSTRUCT'
    """
    form = _fast_form(text)
    if form is not None:
        return form
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parsed = parseQuery(text)
    except ParseException as error:
        if _is_update(text):
            raise InputError(
                f"{source}: a SPARQL update (INSERT, DELETE, LOAD, CLEAR, DROP, …), not a "
                "query; only SELECT, ASK, CONSTRUCT and DESCRIBE are run"
            ) from error
        raise QuerySyntaxError(source, error.lineno, error.col, error.msg) from error
    except Exception as error:  # rdflib raises several types for malformed queries
        raise QuerySyntaxError(source, 1, 1, str(error)) from error
    return FORMS.get(parsed[1].name, "SELECT")


def _is_update(text: str) -> bool:
    """True if ``text`` parses as a SPARQL 1.1 update (it is only parsed, never run)."""
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
    except Exception:  # not an update either: the query's syntax error is reported
        return False
    return True


def parse_query(text: str, name: str, source: str) -> Query:
    """A Query from file text: header, form and declared parameters."""
    header = parse_header(text)
    params: list[Parameter] = []
    declared = header.get("param", [])
    for declaration in declared if isinstance(declared, list) else []:
        try:
            params.append(Parameter.parse(declaration))
        except (ValueError, InputError) as error:
            raise InputError(f"{source}: {error}") from error
    if params and top_level_brace(text) < 0:  # where inject_values puts the VALUES blocks
        raise InputError(f"{source}: declares parameters but has no WHERE clause")

    def get(key: str) -> str:
        value = header.get(key, "")
        return value if isinstance(value, str) else ""

    keywords = tuple(k.strip() for k in get("keywords").split(",") if k.strip())
    return Query(
        name=name,
        text=text,
        form=query_form(text, source),
        source=source,
        title=get("title") or name,
        title_sv=get("title@sv"),
        description=get("description"),
        description_sv=get("description@sv"),
        keywords=keywords,
        parameters=tuple(params),
    )


def load_query(path: Path, name: str | None = None) -> Query:
    """Read and parse one ``.rq`` file (parsed once per file version)."""
    try:
        stat = path.stat()
    except FileNotFoundError as error:
        raise InputError(f"{path}: no such file") from error
    return _parsed(path, name or path.stem, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=256)
def _parsed(path: Path, name: str, _mtime_ns: int, _size: int) -> Query:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise InputError(f"{path}: no such file") from error
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 text ({error.reason})") from error
    return parse_query(text, name, str(path))


def catalogue_paths() -> list[Path]:
    """The bundled ``NN_slug.rq`` files in name order (listed once per folder version)."""
    return list(_catalogue_index()[0])


def _catalogue_index() -> tuple[tuple[Path, ...], dict[str, Path]]:
    folder = resources.queries_dir()
    if not folder.is_dir():
        return (), {}
    return _listing(folder, folder.stat().st_mtime_ns)


@lru_cache(maxsize=8)
def _listing(folder: Path, _mtime_ns: int) -> tuple[tuple[Path, ...], dict[str, Path]]:
    """The query files and every name each answers to (stem, number, slug)."""
    paths = tuple(p for p in resources.files_in(folder, ".rq") if _QUERY_NAME.match(p.stem))
    names: dict[str, Path] = {}
    for path in reversed(paths):  # the first file in name order wins a shared name
        match = _QUERY_NAME.match(path.stem)
        assert match is not None
        names.update({path.stem: path, match["number"]: path, match["slug"]: path})
    return paths, names


def catalogue() -> list[Query]:
    """Every bundled query, parsed, in name order."""
    return [load_query(path) for path in catalogue_paths()]


def find_query(name_or_file: str | Path) -> Query:
    """A bundled query by name (``12_collaborations_in_year``, ``12`` or the slug), or a file.

    An unknown name raises InputError listing the valid ones.
    """
    text = str(name_or_file)
    path = Path(text)
    if text.endswith(".rq") or path.is_file():
        if path.is_file():
            return load_query(path)
        raise InputError(f"{path}: no such file")
    paths, names = _catalogue_index()
    found = names.get(text)
    if found is None and text.isdigit():
        found = names.get(f"{int(text):02d}")
    if found is not None:
        return load_query(found)
    valid = ", ".join(p.stem for p in paths) or "none"
    stems = {name: path.stem for name, path in names.items() if not name.isdigit()}
    close = difflib.get_close_matches(text.lower(), list(stems), n=6, cutoff=0.6)
    hint = suggest(list(dict.fromkeys(stems[c] for c in close))[:3])
    raise InputError(f"unknown query {text!r}{hint} (valid: {valid})")


#: How a bundled query asks for a label: the whole filter, so a filter on a label's text stays.
_LABEL_FILTER = re.compile(r'FILTER \(LANGMATCHES\(LANG\((\?\w+)\), "en"\)\)')
LABEL_LANGUAGES = ("en", "sv")


def in_language(query: Query, lang: str) -> Query:
    """A bundled query asking for its labels in ``lang`` (en or sv) instead of English.

    Each ``FILTER (LANGMATCHES(LANG(?x), "en"))`` of a catalogue query names ``lang``
    (every bundled resource has both); other filters, and queries from other files, are
    left as they are. InputError for another language.

    >>> print(in_language(find_query("12"), "sv").text.splitlines()[-3])
      OPTIONAL { ?collaboration schema:name ?name FILTER (LANGMATCHES(LANG(?name), "sv")) }
    """
    if lang not in LABEL_LANGUAGES:
        raise InputError(f"unknown label language {lang!r} (valid: {', '.join(LABEL_LANGUAGES)})")
    if lang == "en" or query.source not in {str(p) for p in catalogue_paths()}:
        return query
    text = _LABEL_FILTER.sub(rf'FILTER (LANGMATCHES(LANG(\1), "{lang}"))', query.text)
    return replace(query, text=text)


__all__ = [
    "FORMS",
    "Query",
    "catalogue",
    "find_query",
    "in_language",
    "inject_values",
    "load_query",
    "uses_service",
]
