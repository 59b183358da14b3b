import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BROKEN, INVALID

from sekom_kg.cli import cli


def test_import_cli_is_light() -> None:
    code = (
        "import sys, sekom_kg.cli\n"
        "heavy = [m for m in ('rdflib', 'pyshacl', 'rich.table') if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_version_and_help(runner: CliRunner) -> None:
    assert runner.invoke(cli, ["--version"]).exit_code == 0
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0
    for verb in ("build", "validate", "stats"):
        assert verb in result.output


def test_usage_error_exits_2(runner: CliRunner) -> None:
    assert runner.invoke(cli, ["validate", "--format", "yaml"]).exit_code == 2
    assert runner.invoke(cli, ["no-such-verb"]).exit_code == 2


def test_validate_ok(runner: CliRunner, mini_bundle: Path) -> None:
    result = runner.invoke(cli, ["validate"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().startswith("conforms")


def test_validate_violation_exits_1(runner: CliRunner, mini_bundle: Path) -> None:
    result = runner.invoke(cli, ["validate", str(INVALID / "event-without-start-date.ttl")])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert "https://w3id.org/sekom/id/event/2009-undated" in lines
    assert any(
        "[Event schema:startDate]" in line and "An event needs a start date." in line
        for line in lines
    )
    assert lines[-1].startswith("does not conform: 2 violations")


def test_validate_json(runner: CliRunner, mini_bundle: Path) -> None:
    result = runner.invoke(
        cli, ["validate", "--format", "json", str(INVALID / "event-without-start-date.ttl")]
    )
    assert result.exit_code == 1
    rows = json.loads(result.stdout)
    assert {r["result_path"] for r in rows} == {"schema:startDate", "sekom:visitor"}
    assert "does not conform" in result.stderr


def test_validate_turtle(runner: CliRunner, mini_bundle: Path) -> None:
    result = runner.invoke(
        cli, ["validate", "--format", "turtle", str(INVALID / "event-without-start-date.ttl")]
    )
    assert result.exit_code == 1
    assert "sh:ValidationReport" in result.stdout


@pytest.mark.parametrize(("fail_on", "code"), [("violation", 0), ("warning", 1), ("info", 1)])
def test_validate_fail_on(runner: CliRunner, mini_bundle: Path, fail_on: str, code: int) -> None:
    path = str(INVALID / "event-without-description.ttl")
    assert runner.invoke(cli, ["validate", "--fail-on", fail_on, path]).exit_code == code


def test_validate_missing_file_exits_2(
    runner: CliRunner, mini_bundle: Path, tmp_path: Path
) -> None:
    result = runner.invoke(cli, ["validate", str(tmp_path / "nope.ttl")])
    assert result.exit_code == 2
    assert result.stderr == f"error: {tmp_path / 'nope.ttl'}: no such file\n"
    assert result.stdout == ""


def test_validate_broken_turtle_exits_2(runner: CliRunner, mini_bundle: Path) -> None:
    result = runner.invoke(cli, ["validate", str(BROKEN)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {BROKEN}:4:26: ")
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_debug_shows_traceback(runner: CliRunner, mini_bundle: Path) -> None:
    result = runner.invoke(cli, ["--debug", "validate", str(BROKEN)])
    assert result.exit_code == 2
    assert "Traceback" in result.stderr


def test_build_with_broken_data_dir(runner: CliRunner, mini_bundle: Path, tmp_path: Path) -> None:
    (mini_bundle / "data" / "broken.ttl").write_bytes(BROKEN.read_bytes())
    result = runner.invoke(cli, ["build", "--out", str(tmp_path / "dist")])
    assert result.exit_code == 2
    assert "broken.ttl:4:26:" in result.stderr
    assert not (tmp_path / "dist").exists()


def test_build_not_conforming_exits_1(runner: CliRunner, mini_bundle: Path, tmp_path: Path) -> None:
    (mini_bundle / "data" / "bad.ttl").write_bytes(
        (INVALID / "event-without-start-date.ttl").read_bytes()
    )
    result = runner.invoke(cli, ["build", "--out", str(tmp_path / "dist")])
    assert result.exit_code == 1
    assert "An event needs a start date." in result.stderr
    assert not (tmp_path / "dist").exists()


def test_build_and_base(runner: CliRunner, mini_bundle: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        cli, ["build", "--out", str(tmp_path / "dist"), "--base", "https://example.org/x/"]
    )
    assert result.exit_code == 0, result.output
    assert "https://w3id.org/sekom/id/" not in (tmp_path / "dist" / "sekom.nt").read_text()
    bad = runner.invoke(cli, ["build", "--out", str(tmp_path / "d2"), "--base", "not-an-iri"])
    assert bad.exit_code == 2
    assert bad.stderr.startswith("error: base IRI")


def test_stats_json_and_table(runner: CliRunner, mini_bundle: Path) -> None:
    result = runner.invoke(cli, ["stats", "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["events_per_year"] == {"2007": 2, "2020": 1}
    table = runner.invoke(cli, ["stats"])
    assert table.exit_code == 0
    assert "Events per year" in table.stdout
