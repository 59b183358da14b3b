"""`validate --format github|junit`: results for CI, located at their file and line."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from sekom_kg.cli import cli

#: A user's Turtle: subjects as a CURIE and as an <IRI>, one CURIE hidden in a long string.
USER_TTL = (
    "@prefix sekom: <https://w3id.org/sekom/ontology#> .\n"
    "@prefix schema: <https://schema.org/> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
    "@prefix ex: <http://example.org/e/> .\n"
    "# a comment\n"
    "ex:first a sekom:Conference ;\n"
    '    sekom:evidence """a long\n'
    "ex:second is not a subject here\n"
    '""" .\n'
    "\n"
    "<http://example.org/e/third> a sekom:Conference ;\n"
    '  schema:startDate "20%\\n08,x:y"^^xsd:gYear .\n'
    "ex:second a sekom:Conference .\n"
    "ex:first a sekom:Conference .\n"  # used again: the first use is the location
    "<https://w3id.org/sekom/id/event/2008-american-planning-association-talk>\n"
    "    a sekom:Conference .\n"  # a bundled node the user writes too: their file wins
)
LINES = {"http://example.org/e/first": 6, "http://example.org/e/third": 11}
LINES["http://example.org/e/second"] = 13
LINES["https://w3id.org/sekom/id/event/2008-american-planning-association-talk"] = 15
NAME = "my,data:1.ttl"  # ',' and ':' must be escaped in the file property


@pytest.fixture
def user_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / NAME).write_text(USER_TTL, encoding="utf-8")
    return tmp_path / NAME


def _unescape(text: str) -> str:
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, char)
    return text


def _parse_command(line: str) -> tuple[str, dict[str, str], str]:
    """A workflow command as GitHub's runner splits it: command, properties, message."""
    found = re.fullmatch(r"::(\w+) ([^:]*)::(.*)", line)
    assert found, line
    props = dict(p.split("=", 1) for p in found.group(2).split(","))
    return found.group(1), {k: _unescape(v) for k, v in props.items()}, _unescape(found.group(3))


def _json_results(*args: str) -> list[dict[str, str]]:
    result = CliRunner().invoke(cli, ["validate", *args, "--format", "json"])
    results: list[dict[str, str]] = json.loads(result.stdout)
    return results


def test_github_annotations_locate_each_result(user_file: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", NAME, "--format", "github"])
    assert result.exit_code == 1, result.output
    assert "does not conform" in result.stderr
    expected = _json_results(NAME)
    lines = result.stdout.splitlines()
    assert len(lines) == len(expected)
    ours = 0
    for line, want in zip(lines, expected, strict=True):
        command, props, message = _parse_command(line)
        assert (
            command
            == {"violation": "error", "warning": "warning", "info": "notice"}[want["severity"]]
        )
        assert message.startswith(want["focus_node"]) and message.endswith(want["message"])
        assert props["title"] == f"{want['severity']}: {want['shape_name']}"
        if want["focus_node"] in LINES:
            ours += 1
            assert props["file"] == NAME
            assert (props["line"], props["col"]) == (str(LINES[want["focus_node"]]), "1")
        else:  # the bundled data, relative to the current folder or absolute
            assert props["file"].endswith(".ttl") and int(props["line"]) > 0
    assert ours >= 3
    value_line = next(line for line in lines if "startDate (value" in line)
    assert "%25%0A08%2C" not in value_line  # the message part escapes only %, CR, LF
    assert '"""20%25%0A08,x:y"""' in value_line
    assert _parse_command(value_line)[2].count("\n") == 1


def test_bundled_warnings_are_located_in_the_data(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", "--format", "github"])
    assert result.exit_code == 0, result.output
    data = Path(__file__).parents[1] / "data"
    lines = result.stdout.splitlines()
    assert len(lines) == len(_json_results()) > 0
    for line, want in zip(lines, _json_results(), strict=True):
        command, props, _ = _parse_command(line)
        assert command == "warning"
        path = Path(props["file"])
        source = (path if path.is_absolute() else Path.cwd() / path).read_text(encoding="utf-8")
        written = source.splitlines()[int(props["line"]) - 1]
        token = written.split()[0]
        if token.startswith("<"):
            assert token == f"<{want['focus_node']}>"
        else:
            assert want["focus_node"].endswith(token.partition(":")[2]), written
        assert path.resolve().is_relative_to(data.resolve())


def test_junit_report_reads_in_real_parsers(user_file: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", NAME, "--format", "junit"])
    assert result.exit_code == 1, result.output
    expected = _json_results(NAME)
    violations = sum(1 for r in expected if r["severity"] == "violation")
    root = ET.fromstring(result.stdout.encode("utf-8"))
    assert root.tag == "testsuites"
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == len(expected)
    assert len(root.findall("./testsuite/testcase/failure")) == violations
    by_line = {c.get("name", "").split(" ")[0]: c for c in cases}
    for iri, line in LINES.items():
        assert by_line[iri].get("file") == NAME and by_line[iri].get("line") == str(line)
    junitparser = pytest.importorskip("junitparser")
    (user_file.parent / "report.xml").write_text(result.stdout, encoding="utf-8")
    xml = junitparser.JUnitXml.fromfile(str(user_file.parent / "report.xml"))
    suites = list(xml) if isinstance(xml, junitparser.JUnitXml) else [xml]
    parsed = [case for suite in suites for case in suite]
    assert len(parsed) == len(expected)
    failed = [c for c in parsed if any(isinstance(r, junitparser.Failure) for r in c.result)]
    assert len(failed) == violations


def test_junit_fail_on_warning_makes_warnings_failures() -> None:
    result = CliRunner().invoke(cli, ["validate", "--format", "junit", "--fail-on", "warning"])
    assert result.exit_code == 1
    root = ET.fromstring(result.stdout.encode("utf-8"))
    warnings = sum(1 for r in _json_results() if r["severity"] == "warning")
    assert root.get("failures") == str(warnings) == str(len(root.findall(".//failure")))
    ok = CliRunner().invoke(cli, ["validate", "--format", "junit"])
    assert ok.exit_code == 0 and ET.fromstring(ok.stdout).get("failures") == "0"


def test_pre_commit_hook_runs_validate(user_file: Path) -> None:
    yaml = pytest.importorskip("yaml")
    hooks = yaml.safe_load((Path(__file__).parents[1] / ".pre-commit-hooks.yaml").read_text())
    (hook,) = hooks
    assert hook["id"] == "sekom-kg-validate" and re.search(hook["files"], NAME)
    program, *args = hook["entry"].split()
    assert program == "sekom-kg"
    bad = CliRunner().invoke(cli, [*args, NAME])  # pre-commit appends the staged files
    assert bad.exit_code == 1 and "does not conform" in bad.output
    good = Path("good.ttl")
    good.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\n", encoding="utf-8")
    assert CliRunner().invoke(cli, [*args, str(good)]).exit_code == 0
