"""Read the bundled ontology, shapes and data (plus user files) with pyoxigraph.

Ontology and data become :class:`~sekom_kg.assembly.ntriples.NTriples`; the shapes an rdflib
graph (what pyshacl reads). A syntax error is a TurtleSyntaxError at FILE:LINE:COL, from
pyoxigraph's own line and column.
"""

from __future__ import annotations

import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from sekom_kg.assembly.ntriples import NTriples, parse_verbatim, split_lines
from sekom_kg.core import resources
from sekom_kg.core.errors import InputError, TurtleSyntaxError
from sekom_kg.core.namespaces import new_graph

#: Characters XML 1.0 cannot carry, so neither can RDF/XML nor the HTML pages: the C0
#: controls except tab, LF and CR, the surrogates, U+FFFE and U+FFFF.
_NOT_XML = "\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"
_HEX = "[0-9A-Fa-f]"
#: A raw character XML cannot carry, or an escape: ``\\u``/``\\U`` with its digits, ``\\b``,
#: ``\\f``, or any other (``\\\\``, ``\\"`` …), so that the scan never starts inside one.
_CANDIDATE = re.compile(rf"[{_NOT_XML}]|\\(?:u({_HEX}{{4}})|U({_HEX}{{8}})|([bf])|.)", re.DOTALL)
_RAW = re.compile(f"[{_NOT_XML}]")
_ECHAR = {"b": 0x08, "f": 0x0C}
#: Turtle's strings, IRIs and comments (where a character of a literal or IRI can be).
_TOKEN = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n\r]|\\.)*"|\'(?:[^\'\\\n\r]|\\.)*\'|<[^<>\s]*>|#[^\n\r]*',
    re.DOTALL,
)


def _not_xml(code: int) -> bool:
    """True for a code point XML 1.0 does not allow."""
    return (code < 0x20 and code not in (0x09, 0x0A, 0x0D)) or (
        0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF)
    )


def _escaped_code(match: re.Match[str]) -> int | None:
    """The code point a candidate stands for; None for an escape of an allowed character."""
    if not match[0].startswith("\\"):
        return ord(match[0])
    hexa = match[1] or match[2]
    if hexa:
        return int(hexa, 16)
    return _ECHAR[match[3]] if match[3] else None


def not_xml_position(text: str) -> tuple[int, int, int] | None:
    """(line, column, code point) of the first character, raw or escaped, XML cannot carry.

    Text without a backslash is searched for raw characters only (one character class,
    several times faster than the full scan on a large graph).

    >>> not_xml_position('<urn:a> <urn:p> "ok\\\\\\\\b",\\n  "x\\\\u0000" .')
    (2, 5, 0)
    """
    found = _RAW.finditer(text) if "\\" not in text else _CANDIDATE.finditer(text)
    for match in found:
        code = _escaped_code(match)
        if code is not None and _not_xml(code):
            start = match.start()
            line_start = text.rfind("\n", 0, start) + 1
            return text.count("\n", 0, start) + 1, start - line_start + 1, code
    return None


def source_position(turtle: str) -> tuple[int, int, int] | None:
    """:func:`not_xml_position` in Turtle text, looking in strings and IRIs (not comments).

    >>> source_position('# not here: \\u0000\\n<urn:a> <urn:p> "x\\fy" .')
    (2, 19, 12)
    """
    for token in _TOKEN.finditer(turtle):
        if token[0].startswith("#"):
            continue
        found = not_xml_position(token[0])
        if found:
            line, column, code = found
            before = turtle.count("\n", 0, token.start())
            if line == 1:
                column += token.start() - (turtle.rfind("\n", 0, token.start()) + 1)
            return before + line, column, code
    return not_xml_position(turtle)


def _check_xml_chars(path: Path, data: bytes, parsed: str) -> None:
    """InputError at FILE:LINE:COL if the parsed graph holds a character XML cannot carry.

    ``parsed`` is the graph as pyoxigraph's N-Triples text, which escapes every such
    character (``\\u0000``, ``\\b``, ``\\uFFFF`` …), so text without a backslash has none;
    the position is found in the Turtle ``data``.
    """
    if "\\" not in parsed or not not_xml_position(parsed):
        return
    found = source_position(data.decode("utf-8", "replace"))
    where = (
        f"{path}:{found[0]}:{found[1]}: character U+{found[2]:04X}"
        if found
        else f"{path}: a character"
    )
    raise InputError(
        f"{where} cannot be published (RDF/XML and HTML allow no control characters "
        "except tab, LF and CR, no U+FFFE, U+FFFF or surrogates)"
    )


_OXIGRAPH_LOCATION = re.compile(
    r"^Parser error at line \d+ (?:column \d+|between columns \d+ and \d+): "
)


def _located(path: Path, error: SyntaxError) -> InputError:
    """pyoxigraph's SyntaxError (its own 1-based line and column) as FILE:LINE:COL."""
    message = _OXIGRAPH_LOCATION.sub("", error.msg or str(error))
    if message == "Unexpected end":
        message = "unexpected end of file: the last statement is unfinished (a missing '.'?)"
    if error.lineno is None:
        return InputError(f"{path}: cannot parse Turtle: {message}")
    return TurtleSyntaxError(path, error.lineno, error.offset or 1, message)


def data_files(data_dir: Path | None = None) -> list[Path]:
    """Every ``*.ttl`` under the data folder, recursively, in sorted order.

    Anything in it that cannot be read is an InputError naming it (see
    :func:`sekom_kg.core.resources.turtle_files`): no data file is skipped silently.
    """
    return resources.turtle_files(data_dir or resources.data_dir())


def _check_file(path: Path) -> None:
    """InputError naming ``path`` unless it is a regular file (one that can be looked at)."""
    try:
        mode = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError) as error:
        raise InputError(f"{path}: no such file") from error
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror}") from error
    if not stat.S_ISREG(mode):
        raise InputError(f"{path}: no such file" if stat.S_ISDIR(mode) else f"{path}: not a file")


def _read_bytes(path: Path) -> bytes:
    """The bytes of a Turtle file; InputError naming it if it is missing or unreadable."""
    _check_file(path)
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror}") from error


def parse_turtle(path: str | Path) -> NTriples:
    """Parse one Turtle file with pyoxigraph.

    >>> parse_turtle("missing.ttl")
    Traceback (most recent call last):
    sekom_kg.core.errors.InputError: missing.ttl: no such file
    """
    return NTriples.from_lines(turtle_lines(path))


def load_shapes(path: str | Path) -> Graph:
    """The SHACL shapes as an rdflib graph (for pyshacl), parsed by pyoxigraph."""
    lines = NTriples.from_lines(turtle_lines(path), canonical=False)
    return parse_verbatim(new_graph(), lines.to_bytes())


def turtle_lines(path: str | Path) -> list[str]:
    """One Turtle file as N-Triples lines (unsorted; blank-node labels unique to this parse)."""
    import pyoxigraph as ox

    path = Path(path)
    data = _read_bytes(path)
    try:
        quads = ox.parse(data, format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri())
        text = ox.serialize(quads, format=ox.RdfFormat.N_TRIPLES) or b""  # Turtle: default graph
    except SyntaxError as error:
        raise _located(path, error) from None
    except ValueError as error:
        raise InputError(f"{path}: cannot parse Turtle: {error}") from None
    ntriples = text.decode("utf-8")
    _check_xml_chars(path, data, ntriples)
    return split_lines(ntriples)


def existing_files(paths: Sequence[str | Path]) -> list[Path]:
    """``paths`` as Paths; InputError naming the first that is not a file."""
    found = [Path(p) for p in paths]
    for path in found:
        if not path.is_file():
            raise InputError(f"{path}: no such file")
    return found


@dataclass
class Sources:
    """Ontology and data as N-Triples, and the shapes as an rdflib graph."""

    ontology: NTriples
    data: NTriples
    shapes: Graph


def load_sources(extra_paths: Sequence[str | Path] = ()) -> Sources:
    """Ontology, shapes and every data file, with ``extra_paths`` merged into the data.

    Raises InputError for a missing file and TurtleSyntaxError for a broken one.
    """
    extras = existing_files(extra_paths)
    ontology = parse_turtle(resources.ontology_path())
    shapes = load_shapes(resources.shapes_path())
    paths = [*data_files(), *extras]
    data = NTriples.from_lines(line for path in paths for line in turtle_lines(path))
    return Sources(ontology=ontology, data=data, shapes=shapes)
