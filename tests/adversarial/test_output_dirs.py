"""Output folders: `build --out` and `site --out` replace only a folder sekom-kg wrote.

Every refusal is exit 2 with one `error:` line, and leaves what was there byte for byte.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from sekom_kg.cli import cli
from sekom_kg.core.errors import InputError
from sekom_kg.publish.build import build

MARKER = ".sekom-kg-output"
FIXTURE_BUNDLE = Path(__file__).parents[1] / "data" / "bundle"
LIMIT = 120.0  # seconds: "does not hang", never a speed requirement


def snapshot(root: Path) -> dict[str, bytes | str]:
    """Every entry under ``root``: file bytes, link targets, folders."""
    found: dict[str, bytes | str] = {}
    for path in sorted(root.rglob("*")):
        key = str(path.relative_to(root))
        if path.is_symlink():
            found[key] = "-> " + os.readlink(path)
        elif path.is_dir():
            found[key] = "dir"
        else:
            found[key] = path.read_bytes()
    return found


def debris(folder: Path) -> list[str]:
    """Temp folders of a build left in ``folder``."""
    return sorted(p.name for p in folder.iterdir() if ".new-" in p.name or ".old-" in p.name)


def refused(result: Result, *words: str) -> None:
    assert result.exit_code == 2, result.output
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("error: "), result.stderr
    assert "Traceback" not in result.output and "internal error" not in result.output
    for word in words:
        assert word in last, last


@pytest.fixture
def work(tmp_path: Path, mini_bundle: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder holding a user's notes and sources, as the current directory."""
    folder = tmp_path / "work"
    (folder / "src").mkdir(parents=True)
    (folder / "notes.txt").write_text("my notes\n")
    (folder / "src" / "main.py").write_text("print('mine')\n")
    monkeypatch.chdir(folder)
    return folder


def run(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(cli, list(args))


def test_build_out_dot_keeps_the_current_folder(runner: CliRunner, work: Path) -> None:
    before = snapshot(work)
    refused(run(runner, "build", "--no-site", "--out", "."), "current folder")
    assert snapshot(work) == before


@pytest.mark.parametrize("target", ["src", "{work}", "{work}/src"])
def test_build_refuses_a_folder_it_did_not_write(
    runner: CliRunner, work: Path, target: str
) -> None:
    before = snapshot(work)
    refused(run(runner, "build", "--no-site", "--out", target.format(work=work)))
    assert snapshot(work) == before
    assert debris(work) == [] and debris(work.parent) == []


def test_build_refuses_a_foreign_folder_elsewhere(runner: CliRunner, work: Path) -> None:
    other = work.parent / "other"
    other.mkdir()
    (other / "keep.txt").write_text("keep\n")
    refused(run(runner, "build", "--no-site", "--out", str(other)), MARKER)
    assert snapshot(other) == {"keep.txt": b"keep\n"}


def test_library_refuses_before_any_work(work: Path) -> None:
    with pytest.raises(InputError, match="not written by sekom-kg"):
        build(work / "src", site=False)
    assert (work / "src" / "main.py").read_text() == "print('mine')\n"


def test_empty_folder_and_own_output_are_replaced(runner: CliRunner, work: Path) -> None:
    (work / "empty").mkdir()
    first = run(runner, "build", "--no-site", "--out", "empty")
    assert first.exit_code == 0, first.output
    assert (work / "empty" / MARKER).is_file() and (work / "empty" / "sekom.nt").is_file()
    (work / "empty" / "stale.txt").write_text("from before\n")
    again = run(runner, "build", "--no-site", "--out", "empty")
    assert again.exit_code == 0, again.output
    assert not (work / "empty" / "stale.txt").exists()
    assert debris(work) == []


@pytest.fixture
def dist(runner: CliRunner, work: Path) -> Path:
    out = work / "dist"
    result = run(runner, "build", "--out", str(out))
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("target", ["{dist}", "{dist}/..", "{work}/.."])
def test_site_never_replaces_its_dist(
    runner: CliRunner, work: Path, dist: Path, target: str
) -> None:
    before = snapshot(work)
    out = target.format(dist=dist, work=work)
    refused(run(runner, "site", "--dist", str(dist), "--out", out))
    assert snapshot(work) == before
    assert (dist / "sekom.nt").is_file() and (dist / "manifest.json").is_file()


def test_site_replaces_the_site_build_wrote(runner: CliRunner, work: Path, dist: Path) -> None:
    (dist / "site" / "old.html").write_text("old\n")
    result = run(runner, "site", "--dist", str(dist))
    assert result.exit_code == 0, result.output
    assert not (dist / "site" / "old.html").exists()
    assert (dist / "site" / "index.html").is_file() and (dist / "site" / MARKER).is_file()
    assert (dist / "sekom.nt").is_file() and debris(dist) == []


def test_site_refuses_a_foreign_folder(runner: CliRunner, work: Path, dist: Path) -> None:
    before = snapshot(work)
    refused(run(runner, "site", "--dist", str(dist), "--out", "src"), MARKER)
    assert snapshot(work) == before


def test_build_never_writes_into_or_over_its_input(
    runner: CliRunner, work: Path, mini_bundle: Path
) -> None:
    before = snapshot(mini_bundle)
    for target in (
        mini_bundle,
        mini_bundle.parent,
        mini_bundle / "data",
        mini_bundle / "data" / "new",
        mini_bundle / "ontology" / "x" / "y",
        mini_bundle / "queries" / "new",
    ):
        refused(run(runner, "build", "--no-site", "--out", str(target)))
    assert snapshot(mini_bundle) == before


def test_build_never_writes_into_the_checkout_in_the_current_folder(
    runner: CliRunner, tmp_path: Path, mini_bundle: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checkout = tmp_path / "checkout"
    shutil.copytree(FIXTURE_BUNDLE, checkout)
    monkeypatch.chdir(checkout)
    before = snapshot(checkout)
    for target in ("data/new", "data", "ontology/new", "..", "."):
        refused(run(runner, "build", "--no-site", "--out", target))
    assert snapshot(checkout) == before
    ok = run(runner, "build", "--no-site", "--out", "dist")  # beside the data is fine
    assert ok.exit_code == 0, ok.output


def test_build_refuses_an_output_holding_its_config(runner: CliRunner, work: Path) -> None:
    first = run(runner, "build", "--no-site", "--out", "out")
    assert first.exit_code == 0, first.output
    config = Path(__file__).parents[2] / "src" / "sekom_kg" / "default_config.toml"
    shutil.copy(config, work / "out" / "sekom-kg.toml")
    refused(
        run(runner, "build", "--no-site", "--config", "out/sekom-kg.toml", "--out", "out"),
        "sekom-kg.toml",
    )
    assert (work / "out" / "sekom-kg.toml").read_bytes() == config.read_bytes()


@pytest.mark.parametrize("make", ["dir", "dangling"])
def test_symlink_out_is_refused_without_debris(
    runner: CliRunner, work: Path, dist: Path, make: str
) -> None:
    link = work / "link"
    link.symlink_to(dist if make == "dir" else work / "nowhere")
    before = snapshot(work)
    refused(run(runner, "build", "--no-site", "--out", "link"), "symbolic link")
    refused(run(runner, "site", "--dist", str(dist), "--out", "link"), "symbolic link")
    assert snapshot(work) == before
    assert debris(work) == []


def test_a_symlinked_parent_is_followed(runner: CliRunner, work: Path) -> None:
    (work / "real").mkdir()
    (work / "via").symlink_to(work / "real")
    result = run(runner, "build", "--no-site", "--out", "via/dist")
    assert result.exit_code == 0, result.output
    assert (work / "real" / "dist" / "sekom.nt").is_file()
    assert debris(work / "real") == []


def test_odd_targets_are_refused(
    runner: CliRunner, work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = work.parent / "home"
    (home / ".config").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    before, home_before = snapshot(work), snapshot(home)
    refused(run(runner, "build", "--no-site", "--out", "notes.txt"), "not a folder")
    refused(run(runner, "build", "--no-site", "--out", "notes.txt/dist"), "notes.txt")
    refused(run(runner, "build", "--no-site", "--out", "/"), "root folder")
    refused(run(runner, "build", "--no-site", "--out", str(Path.home())))
    refused(run(runner, "build", "--no-site", "--out", ""))
    refused(run(runner, "site", "--dist", "src", "--out", "/"), "root folder")
    assert snapshot(work) == before and snapshot(home) == home_before


def test_unwritable_parent_is_exit_2(runner: CliRunner, work: Path) -> None:
    if os.geteuid() == 0:  # root writes anywhere but in sysfs
        if not Path("/sys/kernel").is_dir():
            pytest.skip("no sysfs to stand for an unwritable folder")
        target = "/sys/sekom-kg-test-out"
    else:
        locked = work / "locked"
        locked.mkdir()
        locked.chmod(0o555)
        target = str(locked / "dist")
    refused(run(runner, "build", "--no-site", "--out", target), "cannot")


@pytest.mark.parametrize("kind", ["new", "old"])
def test_leftovers_of_a_killed_build_are_removed(
    runner: CliRunner, work: Path, dist: Path, kind: str
) -> None:
    stale = work / f".dist.{kind}-abc123"
    shutil.copytree(dist, stale, symlinks=True)  # a whole output, as a killed build leaves it
    foreign = work / f".dist.{kind}-mine"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("not sekom-kg's\n")
    result = run(runner, "build", "--no-site", "--out", "dist")
    assert result.exit_code == 0, result.output
    assert not stale.exists()
    assert (foreign / "keep.txt").read_text() == "not sekom-kg's\n"  # only its own are removed
    assert debris(work) == [foreign.name]


def test_out_with_glob_characters(runner: CliRunner, work: Path) -> None:
    result = run(runner, "build", "--no-site", "--out", "d[1]*")
    assert result.exit_code == 0, result.output
    again = run(runner, "build", "--no-site", "--out", "d[1]*")
    assert again.exit_code == 0, again.output
    assert (work / "d[1]*" / "sekom.nt").is_file() and debris(work) == []


@pytest.mark.parametrize("value", ["100000000000000000000", "-100000000000000000000", "1e3", "x"])
@pytest.mark.parametrize("source", ["option", "env"])
def test_bad_source_date_epoch_is_exit_2_and_writes_nothing(
    runner: CliRunner, work: Path, value: str, source: str
) -> None:
    args = ["build", "--no-site", "--out", "dist"]
    if source == "option":
        result = runner.invoke(cli, [*args, f"--source-date-epoch={value}"])
    else:
        result = runner.invoke(cli, args, env={"SOURCE_DATE_EPOCH": value})
    assert result.exit_code == 2, result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
    assert "source-date-epoch" in result.stderr and value in result.stderr
    if source == "env":
        assert "$SOURCE_DATE_EPOCH" in result.stderr
    assert not (work / "dist").exists()


def test_library_checks_the_source_date_epoch(work: Path) -> None:
    with pytest.raises(InputError, match="source date epoch"):
        build(work / "dist", source_date_epoch=10**20, site=False)
    assert not (work / "dist").exists()
    edge = build(work / "dist", source_date_epoch=253402300799, site=False)  # 9999-12-31
    assert "9999-12-31T23:59:59Z" in (edge.out_dir / "prov.ttl").read_text()


def test_concurrent_builds_into_one_folder_take_turns(tmp_path: Path) -> None:
    """Four real processes build into the same folder: each exits 0, one whole output stays."""
    env = {**os.environ, "SEKOM_KG_BUNDLE_ROOT": str(FIXTURE_BUNDLE), "SEKOM_KG_CACHE_DIR": "off"}
    command = [sys.executable, "-c", "from sekom_kg.cli import main; main()", "build"]
    alone = subprocess.run(
        [*command, "--out", "alone"], cwd=tmp_path, env=env, capture_output=True, timeout=LIMIT
    )
    assert alone.returncode == 0, alone.stderr
    processes = [
        subprocess.Popen(
            [*command, "--out", "shared"], cwd=tmp_path, env=env, stderr=subprocess.PIPE
        )
        for _ in range(4)
    ]
    for process in processes:
        _, err = process.communicate(timeout=LIMIT)
        assert process.returncode == 0, err.decode()
    assert snapshot(tmp_path / "shared") == snapshot(tmp_path / "alone")
    assert debris(tmp_path) == []


@pytest.mark.parametrize("name", ["../outside.txt", "{abs}", "a/../../outside.txt", ""])
def test_nothing_is_written_outside_the_output_folder(work: Path, name: str) -> None:
    from sekom_kg.publish.outdir import write_atomically

    name = name.format(abs=work / "outside.txt")
    with pytest.raises(InputError, match="not a path inside"):
        write_atomically(work / "out", {"ok.txt": b"ok\n", name: b"escaped\n"})
    assert not (work / "out").exists() and not (work / "outside.txt").exists()
    assert debris(work) == []
