"""The README is checked against the code: commands, options, the query table, exit codes."""

from __future__ import annotations

import re
from pathlib import Path

import click

from sekom_kg.cli import cli
from sekom_kg.core import errors
from sekom_kg.sparql.queries import catalogue

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
#: Options the README names that belong to other tools (pytest's, in the query section).
OTHER_TOOLS = {"--update-expected"}


def _named(option: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(option)}\b", README) is not None


def _options(command: click.Command) -> list[click.Option]:
    return [p for p in command.params if isinstance(p, click.Option) and p.name != "help"]


def test_every_command_is_documented_and_every_documented_command_exists() -> None:
    mentioned = set(re.findall(r"sekom-kg ([a-z][a-z-]*)\b(?![.\w])", README))
    assert mentioned == set(cli.commands)


def test_every_option_is_documented() -> None:
    missing = [
        f"{name} {option.opts[0]}"
        for name, command in sorted(cli.commands.items())
        for option in _options(command)
        if not any(re.search(rf"(?<![\w-]){re.escape(o)}\b", README) for o in option.opts)
        and not any(
            re.search(rf"(?<![\w-]){re.escape(o)}\b", README) for o in option.secondary_opts
        )
    ]
    assert missing == []


def test_every_documented_option_exists() -> None:
    known = {"--help", "--version", "--debug"}
    for command in cli.commands.values():
        for option in _options(command):
            known.update(option.opts)
            known.update(option.secondary_opts)
    mentioned = set(re.findall(r"(?<![\w-])(--[a-z][a-z0-9-]*)", README))
    assert sorted(mentioned - known - OTHER_TOOLS) == []


def test_query_table_matches_the_catalogue() -> None:
    rows = re.findall(r"(?m)^\| (\d\d) \| (.+?) \|\s*(.*?)\s*\|$", README)
    documented = {
        number: (title, re.findall(r"`([a-z_]+)`", params)) for number, title, params in rows
    }
    actual = {
        q.name.split("_", 1)[0]: (
            q.title if q.form == "SELECT" else f"{q.title} ({q.form})",
            [p.name for p in q.parameters],
        )
        for q in catalogue()
    }
    assert documented == actual


def test_exit_code_table_matches_the_code() -> None:
    table = set(map(int, re.findall(r"(?m)^\| (\d+) \| ", README.split("### Exit codes", 1)[1])))
    from sekom_kg.cli import app as cli_module

    constants = {v for k, v in vars(cli_module).items() if k.startswith("EXIT_")}
    raised = {
        cls.exit_code
        for cls in vars(errors).values()
        if isinstance(cls, type) and issubclass(cls, errors.SekomError)
    }
    assert table == constants | raised
