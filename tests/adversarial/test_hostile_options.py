"""Every option of every command, fed hostile values: exit 2 with an ``error:`` line.

The table below names, for each command and each of its parameters (options, arguments and
flags), values that must be refused before any work is done. A test reads the parameters from
the click command tree itself, so a new option without hostile cases fails
``test_every_parameter_has_hostile_cases``.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from sekom_kg.cli import cli

BAD_URLS = [
    "not a url",
    "file:///etc/passwd",
    "ftp://127.0.0.1/store",
    "javascript:alert(1)",
    "http://[::1/store",
    "http://127.0.0.1:99999/store",
    "http://127.0.0.1:1/store\nX-Injected: 1",
    "",
]
BAD_BASES = [
    "not a url",
    "javascript:alert(1)/",
    "https://example.org/kg",
    "https://example.org/kg/?x=1/",
    "https://ann:secret@example.org/kg/",
    "https://example.org:99999/kg/",
    "https://example.org/a/../kg/",
    "https://example.org/kg/#/",
    "https://example.org/%zz/",
    "https://[::1/kg/",
    "https://example.org/kg/\nRewriteRule ^ http://evil.example/ [R=302,L]",
    "https://example.org/k g/",
    "",
]
VIRTUOSO_LOAD = ["--endpoint", "http://127.0.0.1:1/sparql-graph-crud", "--dir", "{dist}"]
BAD_TIMEOUTS = ["0", "-5", "nan", "inf", "-inf", "1e300", "abc", ""]

# (command, parameter) -> argument lists; "{tmp}", "{dist}", "{file}", "{fifo}" and "{dir}"
# are replaced by paths the fixture prepares. Each list is one invocation after the command.
Case = list[str]
HOSTILE: dict[tuple[str, str], list[Case]] = {
    ("", "--debug"): [["--debug=yes", "stats"]],
    ("build", "--out"): [
        ["--out", "{file}"],
        ["--out", "{dir}"],
        ["--out", "{tmp}"],
        ["--out", ""],
        ["--out", "{dist}/sekom.nt"],
    ],
    ("build", "--base"): [["--base", value] for value in BAD_BASES],
    ("build", "--site-url"): [
        *(["--site-url", value] for value in BAD_BASES),
        ["--site-url", "https://w3id.org/sekom/site/"],  # inside the base: a redirect loop
        ["--base", "https://example.org/kg/site/", "--site-url", "https://example.org/kg/"],
    ],
    ("build", "--config"): [
        ["--config", "{tmp}/missing.toml"],
        ["--config", "{dir}"],
        ["--config", "{fifo}"],
        ["--config", "{latin1}"],
        ["--config", "{typo_toml}"],
        ["--config", "{broken_toml}"],
        ["--config", ""],
    ],
    ("build", "--source-date-epoch"): [
        ["--source-date-epoch", value]
        for value in ["abc", "1e3", "", "99999999999999999999", "-99999999999999999999"]
    ],
    ("build", "--validator"): [["--validator", "nope"], ["--validator", ""]],
    ("build", "--site/--no-site"): [["--site=yes"]],
    ("validate", "paths"): [
        ["{tmp}/missing.ttl"],
        ["{dir}"],
        ["{fifo}"],
        ["{broken_ttl}"],
        ["{nul_ttl}"],
    ],
    ("validate", "--format"): [
        ["--format", "yaml"],
        ["--format", ""],
        ["--format", "GitHub"],
        ["--format", "junit,github"],
        ["--format", "github", "{broken_ttl}"],
        ["--format", "junit", "{fifo}"],
        ["--format", "junit", "{nul_ttl}"],
        ["--format", "github", "{dir}"],
    ],
    ("validate", "--fail-on"): [["--fail-on", "fatal"]],
    ("validate", "--validator"): [["--validator", "nope"]],
    ("stats", "--format"): [["--format", "xml"]],
    ("load", "--endpoint"): [
        *(["--endpoint", url, "--dir", "{dist}", "--dry-run"] for url in BAD_URLS),
        ["--endpoint", "http://127.0.0.1:1/store#frag", "--dir", "{dist}", "--dry-run"],
        ["--endpoint", "http://127.0.0.1:1/store#frag", "--dir", "{dist}"],
    ],
    ("load", "--query-endpoint"): [
        ["--endpoint", "http://127.0.0.1:1/store", "--query-endpoint", url, "--dir", "{dist}"]
        for url in BAD_URLS
    ],
    ("load", "--update-endpoint"): [
        ["--endpoint", "http://127.0.0.1:1/store", "--update-endpoint", url, "--dir", "{dist}"]
        for url in BAD_URLS
    ],
    ("load", "--timeout"): [
        ["--endpoint", "http://127.0.0.1:1/store", "--timeout", value, "--dir", "{dist}"]
        for value in BAD_TIMEOUTS
    ],
    ("load", "--graph"): [
        ["--endpoint", "http://127.0.0.1:1/store", "--graph", value, "--dir", "{dist}"]
        for value in ["not an iri", "", "relative/graph", "https://example.org/g h", "_:b0"]
    ],
    ("load", "--dir"): [
        ["--endpoint", "http://127.0.0.1:1/store", "--dir", value, "--dry-run"]
        for value in ["{tmp}/missing", "{file}", "{dir}"]
    ],
    ("load", "--dry-run"): [["--endpoint", "http://127.0.0.1:1/store", "--dry-run=1"]],
    ("load", "--bulk-above"): [
        ["--endpoint", "http://127.0.0.1:1/store", "--bulk-above", value, "--dir", "{dist}"]
        for value in ["-1", "abc", "", "1e3", "1.5", "99999999999999999999999x"]
    ],
    ("load", "--virtuoso-isql"): [
        *(
            [*VIRTUOSO_LOAD, "--virtuoso-isql", value, "--virtuoso-dir", "{dir}"]
            for value in [
                "localhost",
                "127.0.0.1:0",
                "127.0.0.1:99999",
                "a b:1111",
                "127.0.0.1:1111\n",
                ":1111",
                "",
            ]
        ),
        [
            *("--endpoint", "http://127.0.0.1:1/sparql-graph-crud", "--dir", "{dist}"),
            *("--virtuoso-isql", "127.0.0.1:1111"),
        ],
    ],
    ("load", "--virtuoso-dir"): [
        *(
            [*VIRTUOSO_LOAD, "--virtuoso-isql", "127.0.0.1:1111", "--virtuoso-dir", value]
            for value in ["{tmp}/missing", "{file}", ""]
        ),
        [
            *("--endpoint", "http://127.0.0.1:1/sparql-graph-crud", "--dir", "{dist}"),
            *("--virtuoso-dir", "{dir}"),
        ],
    ],
    ("serve", "--host"): [
        ["--host", value, "--dir", "{dist}"]
        for value in ["not a host!", "999.1.1.1", "", "-h", "127.0.0.1\n"]
    ],
    ("serve", "--port"): [
        ["--port", value, "--dir", "{dist}"] for value in ["-1", "65536", "abc", "", "1e3"]
    ],
    ("serve", "--allow-service"): [["--allow-service=yes", "--dir", "{dist}"]],
    ("serve", "--timeout"): [
        ["--timeout", value, "--dir", "{dist}"] for value in [*BAD_TIMEOUTS, "1.5", "86401"]
    ],
    ("serve", "--dir"): [["--dir", value] for value in ["{tmp}/missing", "{file}", "{dir}"]],
    ("queries", "--format"): [["--format", "xml"]],
    ("query", "name_or_file"): [
        ["no-such-query"],
        ["99"],
        [""],
        ["{tmp}/missing.rq"],
        ["{dir}"],
        ["{bad_rq}"],
        ["{prefix_rq}"],
        ["{update_rq}"],
    ],
    ("query", "--param"): [
        ["12", "--param", "noequals"],
        ["12", "--param", "=2017"],
        ["12", "--param", "year=abc"],
        ["12", "--param", "year="],
        ["12", "--param", "year=2017 } ; DROP ALL"],
        ["12", "--param", "unknown=1"],
        ["10", "--param", "country=ZZZ"],
        ["10", "--param", "country=zz"],
        ["10", "--param", "country=\u0131s"],
        ["10", "--param", "country=\uff23\uff2c"],
        ["06", "--param", "collaboration=javascript:alert(1)"],
        ["06", "--param", "collaboration=<http://x>"],
    ],
    ("query", "--format"): [["01", "--format", "pdf"], ["20", "--format", "csv"]],
    ("query", "--endpoint"): [["01", "--endpoint", url] for url in BAD_URLS],
    ("query", "--allow-service"): [["01", "--allow-service=1"]],
    ("query", "--graph"): [
        ["01", "--graph", "https://example.org/g"],  # without --endpoint
        *(
            ["01", "--endpoint", "http://127.0.0.1:1/sparql", "--graph", value]
            for value in ["not an iri", "", "relative/g", "https://e.org/g h", "<https://e.org/g>"]
        ),
    ],
    ("query", "--timeout"): [["01", "--timeout", value] for value in BAD_TIMEOUTS],
    ("query", "--base"): [
        *(["01", "--endpoint", "http://127.0.0.1:1/q", "--base", value] for value in BAD_BASES),
        ["01", "--base", "https://example.org/kg/"],  # the embedded graph has the default base
    ],
    ("query", "--lang"): [
        ["01", "--lang", value] for value in ["de", "", "sv\n", "sv_SE", "s", "\u0455v"]
    ],
    ("query", "--curies/--no-curies"): [["01", "--curies=yes"], ["01", "--no-curies=0"]],
    ("query", "--show"): [
        ["01", "--show=1"],
        ["12", "--show", "--param", "year=2017 } ; DROP ALL"],
        ["12", "--show", "--param", "yr=2017"],
        ["10", "--show", "--param", "country=\u0131s"],
        ["no-such-query", "--show"],
        ["{bad_rq}", "--show"],
        ["01", "--show", "--endpoint", "javascript:alert(1)"],
    ],
    ("site", "--dist"): [
        ["--dist", value, "--out", "{tmp}/site"]
        for value in ["{tmp}/missing", "{file}", "{dir}", "{evil_dist}"]
    ],
    ("site", "--out"): [
        ["--dist", "{dist}", "--out", "{dist}"],
        ["--dist", "{dist}", "--out", "{file}"],
        ["--dist", "{dist}", "--out", "{dir}"],
    ],
    ("site", "--base-url"): [
        ["--dist", "{dist}", "--out", "{tmp}/site", "--base-url", value] for value in BAD_BASES
    ],
    ("site", "--base"): [
        ["--dist", "{dist}", "--out", "{tmp}/site", "--base", value] for value in BAD_BASES
    ],
    ("site", "--sparql-endpoint"): [
        ["--dist", "{dist}", "--out", "{tmp}/site", "--sparql-endpoint", url]
        for url in BAD_URLS
        if url
    ],
}

# Environment variables read by the commands: a bad value is exit 2 naming the variable.
HOSTILE_ENV: list[tuple[dict[str, str], Case, str]] = [
    ({"SEKOM_KG_VALIDATOR": "nope"}, ["validate"], "SEKOM_KG_VALIDATOR"),
    ({"SEKOM_KG_QUERY_ENGINE": "nope"}, ["query", "01"], "SEKOM_KG_QUERY_ENGINE"),
    (
        {"SEKOM_KG_ENDPOINT_AUTH": "ntlm"},
        ["load", "--endpoint", "http://127.0.0.1:1/store", "--dir", "{dist}"],
        "SEKOM_KG_ENDPOINT_AUTH",
    ),
    *(
        (
            env,
            [
                *("load", "--endpoint", "http://127.0.0.1:1/sparql-graph-crud", "--dir", "{dist}"),
                *("--virtuoso-isql", "127.0.0.1:1111", "--virtuoso-dir", "{dir}"),
            ],
            variable,
        )
        for env, variable in [
            ({"SEKOM_KG_ISQL_PASSWORD": ""}, "SEKOM_KG_ISQL_PASSWORD"),
            ({"SEKOM_KG_ISQL": "/no/such/isql", "SEKOM_KG_ISQL_PASSWORD": "x"}, "SEKOM_KG_ISQL"),
        ]
    ),
    ({"SOURCE_DATE_EPOCH": "abc"}, ["build", "--out", "{tmp}/out"], "SOURCE_DATE_EPOCH"),
    ({"SOURCE_DATE_EPOCH": "1" + "0" * 30}, ["build", "--out", "{tmp}/out"], "SOURCE_DATE_EPOCH"),
]


def _parameters() -> Iterator[tuple[str, str]]:
    """(command, parameter) for every parameter of the group and of each command."""
    for param in cli.params:
        if isinstance(param, click.Option) and param.name not in ("help", "version"):
            yield "", _display(param)
    for name, command in sorted(cli.commands.items()):
        for param in command.params:
            if param.name != "help":
                yield name, _display(param)


def _display(param: click.Parameter) -> str:
    if isinstance(param, click.Option):
        if param.secondary_opts:
            return f"{param.opts[0]}/{param.secondary_opts[0]}"
        return param.opts[0]
    return str(param.name)


def test_every_parameter_has_hostile_cases() -> None:
    missing = [key for key in _parameters() if not HOSTILE.get(key)]
    assert missing == [], f"parameters without hostile cases: {missing}"
    unknown = sorted(set(HOSTILE) - set(_parameters()))
    assert unknown == [], f"hostile cases for parameters that do not exist: {unknown}"


@pytest.fixture(scope="module")
def built_dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real build (no site), the input of `load`, `serve` and `site`."""
    out = tmp_path_factory.mktemp("hostile") / "dist"
    result = CliRunner().invoke(cli, ["build", "--no-site", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def places(tmp_path: Path, built_dist: Path) -> dict[str, str]:
    """Files and folders the placeholders in the table stand for (a private copy of the dist)."""
    dist = tmp_path / "dist"
    shutil.copytree(built_dist, dist)
    file = tmp_path / "a-file.txt"
    file.write_text("not a folder\n")
    folder = tmp_path / "a-folder"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me\n")
    fifo = tmp_path / "a-fifo"
    os.mkfifo(fifo)
    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes('[publisher]\nname_sv = "Sveriges Ekokommuner \xe5"\n'.encode("latin-1"))
    typo = tmp_path / "typo.toml"
    default = (Path(__file__).parents[2] / "sekom-kg.toml").read_text(encoding="utf-8")
    assert "sparql_endpoint" in default
    typo.write_text(default.replace("sparql_endpoint", "sparql_endpont"), encoding="utf-8")
    broken_toml = tmp_path / "broken.toml"
    broken_toml.write_text("[publishing\nbase_iri = 1\n")
    broken_ttl = tmp_path / "broken.ttl"
    broken_ttl.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c\n")
    nul_ttl = tmp_path / "nul.ttl"
    nul_ttl.write_text(
        '@prefix ex: <http://example.org/> .\nex:a ex:b "x\\u0000y" .\n', encoding="utf-8"
    )
    bad_rq = tmp_path / "bad.rq"
    bad_rq.write_text("SELECT * WHERE { ?s ?p }\n")
    prefix_rq = tmp_path / "prefix.rq"
    prefix_rq.write_text("SELECT * WHERE {\n  ?s nope:p ?o\n}\n")
    update_rq = tmp_path / "update.rq"
    update_rq.write_text("DELETE WHERE { ?s ?p ?o }\n")
    evil_dist = tmp_path / "evil-dist"
    evil_dist.mkdir()
    (evil_dist / "sekom.nt").write_bytes((built_dist / "sekom.nt").read_bytes())
    (evil_dist / "manifest.json").write_text(
        '{"files": [{"name": "../../../../etc/hostname", "bytes": 1, "sha256": "0",'
        ' "media_type": "text/plain"}]}'
    )
    return {
        "tmp": str(tmp_path),
        "dist": str(dist),
        "file": str(file),
        "dir": str(folder),
        "fifo": str(fifo),
        "latin1": str(latin1),
        "typo_toml": str(typo),
        "broken_toml": str(broken_toml),
        "broken_ttl": str(broken_ttl),
        "nul_ttl": str(nul_ttl),
        "bad_rq": str(bad_rq),
        "prefix_rq": str(prefix_rq),
        "update_rq": str(update_rq),
        "evil_dist": str(evil_dist),
    }


HANG_LIMIT_S = 60


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    """Fail (instead of blocking the suite) if a refusal takes over a minute: it is a hang."""

    def hang(_signum: int, _frame: object) -> None:
        raise TimeoutError(f"no answer within {HANG_LIMIT_S} s: the command blocks")

    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(HANG_LIMIT_S)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _cases() -> Iterator[object]:
    for (command, option), cases in HOSTILE.items():
        for number, args in enumerate(cases):
            yield pytest.param(command, args, id=f"{command or 'sekom-kg'} {option} #{number}")


def _fill(args: Case, places: dict[str, str]) -> list[str]:
    return [re.sub(r"\{(\w+)\}", lambda m: places[m.group(1)], arg) for arg in args]


def _assert_refused(result: object, args: list[str]) -> None:
    exit_code = result.exit_code  # type: ignore[attr-defined]
    stderr: str = result.stderr  # type: ignore[attr-defined]
    shown = f"args={args!r}\nexit={exit_code}\nstderr={stderr}\nstdout={result.stdout}"  # type: ignore[attr-defined]
    assert exit_code == 2, shown
    assert re.search(r"(?m)^(error: |Error: |Usage: )", stderr), shown
    assert "internal error" not in stderr, shown
    assert "Traceback" not in stderr, shown


@pytest.mark.parametrize(("command", "args"), list(_cases()))
def test_hostile_value_is_refused(
    command: str,
    args: Case,
    places: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    filled = _fill(args, places)
    argv = filled if not command else [command, *filled]
    result = CliRunner().invoke(cli, argv)
    _assert_refused(result, argv)
    assert (tmp_path / "a-folder" / "notes.txt").read_text() == "keep me\n"
    assert (tmp_path / "a-file.txt").read_text() == "not a folder\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == before, "left files behind"


@pytest.mark.parametrize(("env", "args", "variable"), HOSTILE_ENV)
def test_hostile_environment_is_refused(
    env: dict[str, str],
    args: Case,
    variable: str,
    places: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    argv = _fill(args, places)
    result = CliRunner().invoke(cli, argv, env=env)
    _assert_refused(result, argv)
    assert variable in result.stderr
