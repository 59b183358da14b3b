from pathlib import Path

import pytest
from conftest import BROKEN

from sekom_kg.assembly.load import data_files, load_sources, parse_turtle
from sekom_kg.core.errors import InputError, TurtleSyntaxError
from sekom_kg.core.namespaces import SH


def test_broken_turtle_names_file_line_and_column() -> None:
    with pytest.raises(TurtleSyntaxError) as info:
        parse_turtle(BROKEN)
    error = info.value
    assert (error.line, error.column) == (4, 26)
    assert str(error).startswith(f"{BROKEN}:4:26: ")


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ('@prefix ex: <http://ex.org/> .\nex:a ex:b "åäö" ex:c .\n', 2, 17),
        ("ex:a ex:b ex:c .\n", 1, 1),
        ('@prefix ex: <http://ex.org/> .\n\n\nex:a ex:b "open ;\n', 4, 11),
    ],
    ids=["non-ascii-before-error", "unbound-prefix", "newline-in-string"],
)
def test_syntax_error_positions(tmp_path: Path, text: str, line: int, column: int) -> None:
    path = tmp_path / "broken.ttl"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TurtleSyntaxError) as info:
        parse_turtle(path)
    assert (info.value.line, info.value.column) == (line, column)


def test_non_utf8_file_is_input_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.ttl"
    path.write_bytes('<urn:a> <urn:b> "båt" .\n'.encode("latin-1"))
    with pytest.raises(InputError, match=r"latin1\.ttl"):
        parse_turtle(path)


def test_missing_file_is_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        parse_turtle(tmp_path / "nope.ttl")


def test_bundle_keeps_shapes_out_of_data(mini_bundle: Path) -> None:
    sources = load_sources()
    assert len(sources.shapes) > 0
    assert not sources.data.mentions(str(SH))
    assert (None, SH.targetClass, None) in sources.shapes


def test_data_files_are_sorted_and_recursive(mini_bundle: Path) -> None:
    names = [p.relative_to(mini_bundle / "data").as_posix() for p in data_files()]
    assert names == sorted(names)
    assert "events/2007.ttl" in names


def test_extra_paths_are_merged(mini_bundle: Path, tmp_path: Path) -> None:
    extra = tmp_path / "extra.ttl"
    extra.write_text("<urn:x:a> <urn:x:b> <urn:x:c> .\n", encoding="utf-8")
    plain, merged = load_sources(), load_sources([extra])
    assert len(merged.data) == len(plain.data) + 1


def test_unknown_extra_path(mini_bundle: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_sources([tmp_path / "missing.ttl"])
