"""A syntax error in the user's Turtle is reported at the line and column where it is."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from sekom_kg.cli import cli

PREFIX = "@prefix ex: <http://example.org/> .\n"


@pytest.mark.parametrize(
    ("text", "location", "words"),
    [
        # the last statement lacks its final dot: the parser stops at the end of the file
        (PREFIX + "ex:a ex:b ex:c .\nex:d ex:e ex:f\n", "4:1", "missing '.'"),
        (PREFIX + "ex:a ex:b ex:c .\nex:d ex:e ex:f", "3:15", "missing '.'"),
        (PREFIX + 'ex:a ex:b "x" ;\n  ex:c <bad iri> .\n', "3:8", "Invalid IRI"),
        (PREFIX + "ex:a ex:b ex:c .\n\nnope:a ex:b ex:c .\n", "4:1", "nope:"),
        (PREFIX + 'ex:a ex:b "unterminated .\n', "2:11", ""),
    ],
)
def test_turtle_error_is_located(
    runner: CliRunner, tmp_path: Path, text: str, location: str, words: str
) -> None:
    path = tmp_path / "mine.ttl"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: {path}:{location}: "), result.stderr
    assert words in result.stderr
    assert "Parser error at" not in result.stderr  # the location is said once, in front


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SELECT * WHERE {\n  ?s nope:p ?o\n}\n", ":2:6: undeclared prefix nope:"),
        ("PREFIX ex: <http://e/>\nASK {\n  ?s ex:p ex:o .\n  ?s bad:q 1\n}\n", ":4:6: "),
    ],
)
def test_query_with_an_undeclared_prefix_is_located(
    runner: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    engine: str,
    text: str,
    expected: str,
) -> None:
    monkeypatch.setenv("SEKOM_KG_QUERY_ENGINE", engine)
    path = tmp_path / "mine.rq"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(cli, ["query", str(path)])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: {path}{expected}"), result.stderr
    assert result.stderr.count(str(path)) == 1, result.stderr
