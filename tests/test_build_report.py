"""`sekom-kg build` reports its stages on a terminal and ends with a summary."""

from __future__ import annotations

import json
import os
import re
import select
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from sekom_kg.cli import cli

STAGES = (
    "loading ontology, shapes and data",
    "validating against SHACL shapes",
    "serialising",
    "rendering the website",
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A real build with the website through CliRunner (stderr is not a terminal)."""
    out = tmp_path_factory.mktemp("report") / "dist"
    result = CliRunner().invoke(cli, ["build", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out, result.stderr


def _validate_warnings() -> Counter[str]:
    result = CliRunner().invoke(cli, ["validate", "--format", "json"])
    assert result.exit_code == 0, result.output
    return Counter(r["shape_name"] for r in json.loads(result.stdout) if r["severity"] == "warning")


def test_no_progress_noise_when_stderr_is_not_a_terminal(built: tuple[Path, str]) -> None:
    _, err = built
    assert "✓" not in err and "\r" not in err and "\x1b" not in err
    for stage in STAGES:
        assert stage not in err


def test_summary_counts_match_the_real_build(built: tuple[Path, str]) -> None:
    out, err = built
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]
    triples = sum(1 for line in (out / "sekom.nt").read_text(encoding="utf-8").splitlines() if line)
    assert f"built {len(manifest)} files, {triples} triples" in err
    warnings = _validate_warnings()
    assert warnings, "the bundled data has deliberate warnings"
    assert f"{sum(warnings.values())} warnings (listed by `sekom-kg validate`):" in err
    for shape, count in warnings.items():
        assert f"{count:>6}  {shape}\n" in err
    pages = sum(1 for _ in (out / "site").rglob("*.html"))
    assert pages > 100
    assert f"website: {pages} pages in {out / 'site'}" in err
    assert f"output: {out.resolve()}" in err
    assert f"sekom-kg serve --dir {out}" in err
    assert f"sekom-kg load --endpoint URL --dir {out}" in err


def test_no_site_build_names_no_website(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["build", "--no-site", "--out", str(tmp_path / "d")])
    assert result.exit_code == 0, result.output
    assert "website:" not in result.stderr
    assert "sekom-kg serve --dir" in result.stderr


def _run_on_a_terminal(args: list[str], cwd: Path, limit_s: float = 300) -> tuple[int, str]:
    """Run ``sekom-kg ARGS`` with stderr on a pseudo-terminal; its exit code and that output."""
    import pty

    main, secondary = pty.openpty()
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "100"}
    env.pop("NO_COLOR", None)
    exe = shutil.which("sekom-kg") or str(Path(sys.executable).with_name("sekom-kg"))
    process = subprocess.Popen(
        [exe, *args],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=secondary,
        env=env,
    )
    os.close(secondary)
    chunks: list[bytes] = []
    deadline = time.monotonic() + limit_s
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([main], [], [], 1.0)
            if ready:
                try:
                    chunk = os.read(main, 65536)
                except OSError:  # EIO: the terminal's other side is closed
                    break
                if not chunk:
                    break
                chunks.append(chunk)
            elif process.poll() is not None:
                break
        code = process.wait(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(main)
    return code, b"".join(chunks).decode("utf-8", "replace")


def test_progress_appears_on_a_terminal(tmp_path: Path) -> None:
    code, err = _run_on_a_terminal(["build", "--out", str(tmp_path / "dist")], tmp_path)
    assert code == 0, err
    assert "\x1b[" in err  # rich drew on the terminal
    err = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", err)
    for stage in STAGES:
        assert f"✓ {stage}" in err, err
    assert err.index("✓ loading") < err.index("✓ validating") < err.index("✓ rendering")
    assert "built 13 files" in err and "next:" in err


def test_stage_names_are_not_read_as_markup(tmp_path: Path) -> None:
    out = tmp_path / "out[bold]x"  # rich markup: the stage must show the folder as written
    base = "http://[::1]/kg/"
    code, err = _run_on_a_terminal(
        ["build", "--no-site", "--base", base, "--out", str(out)], tmp_path
    )
    assert code == 0, err
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", err)
    assert f"✓ re-minting under {base}" in plain
    assert f"✓ writing {out} (" in plain
