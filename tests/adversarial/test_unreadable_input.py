"""Input that cannot be read: bundled files and folders, the query cache, config files.

Nothing is skipped silently: an unreadable part of the bundle is exit 2 naming it, a damaged
cache is never answered from, and a config file that is not UTF-8 TOML of known keys (or not
a regular file at all) is exit 2 naming the file.

Tests run as root in CI, where chmod does not deny reads; there a dangling symbolic link, a
file in place of a folder or a FIFO stands for the unreadable folder, and the chmod cases run
in a process without the capabilities that let root read anything (``setpriv``).
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

FIXTURE_BUNDLE = Path(__file__).parents[1] / "data" / "bundle"
DEFAULT_CONFIG = Path(__file__).parents[2] / "src" / "sekom_kg" / "default_config.toml"
LIMIT = 120.0  # seconds: "does not hang", never a speed requirement
CLI = [sys.executable, "-c", "from sekom_kg.cli import main; main()"]


def refused(result: Result, *words: str) -> str:
    assert result.exit_code == 2, result.output
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("error: ") and "internal error" not in last, result.stderr
    assert "Traceback" not in result.output
    for word in words:
        assert word in last, last
    return last


def invoke(runner: CliRunner, tmp_path: Path, command: str) -> Result:
    args = {
        "build": ["build", "--no-site", "--out", str(tmp_path / "out")],
        "validate": ["validate"],
        "stats": ["stats"],
        "query": ["query", "01"],
    }[command]
    return runner.invoke(cli, args)


COMMANDS = ["build", "validate", "stats", "query"]


# ---------------------------------------------------------------- the bundled data


@pytest.mark.parametrize("command", COMMANDS)
def test_events_folder_a_dangling_symlink(
    runner: CliRunner, mini_bundle: Path, tmp_path: Path, command: str
) -> None:
    events = mini_bundle / "data" / "events"
    shutil.rmtree(events)
    events.symlink_to(tmp_path / "gone")
    refused(invoke(runner, tmp_path, command), str(events), "broken symbolic link")
    assert not (tmp_path / "out").exists()


def test_events_folder_replaced_by_a_file(
    runner: CliRunner, mini_bundle: Path, tmp_path: Path
) -> None:
    events = mini_bundle / "data" / "events"
    shutil.rmtree(events)
    events.write_text("not a folder\n")
    refused(invoke(runner, tmp_path, "build"), str(events))


def test_a_fifo_data_file_is_refused_without_blocking(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    shutil.copytree(FIXTURE_BUNDLE, bundle)
    fifo = bundle / "data" / "events" / "fifo.ttl"
    os.mkfifo(fifo)
    env = {**os.environ, "SEKOM_KG_BUNDLE_ROOT": str(bundle), "SEKOM_KG_CACHE_DIR": "off"}
    done = subprocess.run(
        [*CLI, "build", "--no-site", "--out", str(tmp_path / "out")],
        env=env,
        capture_output=True,
        text=True,
        timeout=LIMIT,  # opening the FIFO would block for ever
    )
    assert done.returncode == 2, done.stderr
    assert f"error: {fifo}: not a regular file" in done.stderr


@pytest.mark.parametrize("name", ["broken.ttl", "notes.txt"])
def test_a_dangling_or_foreign_data_file(
    runner: CliRunner, mini_bundle: Path, tmp_path: Path, name: str
) -> None:
    path = mini_bundle / "data" / "events" / name
    if name.endswith(".ttl"):
        path.symlink_to(tmp_path / "nowhere.ttl")
    else:
        path.write_text("a note\n")
    refused(invoke(runner, tmp_path, "validate"), str(path))


def test_hidden_files_and_linked_folders(
    runner: CliRunner, mini_bundle: Path, tmp_path: Path
) -> None:
    """Editor and VCS files are skipped; a linked folder is read; a link loop is an error."""
    events = mini_bundle / "data" / "events"
    baseline = runner.invoke(cli, ["stats", "--format", "json"])
    assert baseline.exit_code == 0, baseline.output
    (mini_bundle / "data" / ".gitkeep").write_text("")
    (events / ".#2007.ttl").symlink_to("ann@host.4711")  # an editor's lock file
    (events / ".git").mkdir()
    (events / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    elsewhere = tmp_path / "events-elsewhere"
    shutil.move(events, elsewhere)
    events.symlink_to(elsewhere)
    linked = runner.invoke(cli, ["stats", "--format", "json"])
    assert linked.exit_code == 0, linked.output
    assert linked.stdout == baseline.stdout  # the same triples, read through the link
    (elsewhere / "loop").symlink_to(elsewhere)
    refused(runner.invoke(cli, ["stats"]), "loop")


def _without_read_override() -> list[str]:
    """A command prefix that runs the CLI unable to read what its permissions deny."""
    if os.geteuid() != 0:
        return CLI
    setpriv = shutil.which("setpriv")
    drop = [setpriv or "setpriv", "--bounding-set", "-dac_override,-dac_read_search"]
    if setpriv is None or subprocess.run([*drop, "true"], capture_output=True).returncode:
        pytest.skip("running as root and cannot drop the capability to read anything")
    return [*drop, *CLI]


@pytest.mark.parametrize(
    "target", ["data/events", "data/agents.ttl", "ontology", "ontology/context.jsonld", "queries"]
)
def test_chmod_000_is_exit_2_naming_it(tmp_path: Path, target: str) -> None:
    bundle = tmp_path / "bundle"
    shutil.copytree(FIXTURE_BUNDLE, bundle)
    locked = bundle / target
    locked.chmod(0o000)
    try:
        env = {**os.environ, "SEKOM_KG_BUNDLE_ROOT": str(bundle), "SEKOM_KG_CACHE_DIR": "off"}
        done = subprocess.run(
            [*_without_read_override(), "build", "--no-site", "--out", str(tmp_path / "out")],
            env=env,
            capture_output=True,
            text=True,
            timeout=LIMIT,
        )
    finally:
        locked.chmod(0o755)
    assert done.returncode == 2, done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("error: ") and str(locked) in last and "Permission denied" in last
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------- the query cache


def _query(cache: Path | str, engine: str = "oxigraph") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SEKOM_KG_CACHE_DIR": str(cache), "SEKOM_KG_QUERY_ENGINE": engine}
    env.pop("SEKOM_KG_BUNDLE_ROOT", None)  # the real data: 20 years of activity
    return subprocess.run(
        [*CLI, "query", "01", "--format", "csv"],
        env=env,
        capture_output=True,
        text=True,
        timeout=LIMIT,
    )


@pytest.fixture(scope="module")
def truth() -> str:
    """Query 01 on the bundled data without any cache."""
    done = _query("off")
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("\n") == 21  # header and 20 rows
    return done.stdout


def _damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    digest = path.with_suffix(".sha256")
    if how == "truncated":
        path.write_bytes(data[: len(data) // 3])
    elif how == "cut-mid-line":
        path.write_bytes(data[: data.index(b"\n", len(data) // 2) - 7])
    elif how == "emptied":
        path.write_bytes(b"")
    elif how == "altered":  # same length, one triple's object changed
        start = data.index(b'"', len(data) // 2) + 1
        path.write_bytes(data[:start] + b"X" + data[start + 1 :])
    elif how == "no-checksum":
        path.write_bytes(data[: len(data) // 2])
        digest.unlink()
    elif how == "bad-checksum":
        digest.write_text("0" * 64 + "\n")
    elif how == "checksum-not-text":
        digest.write_bytes(b"\xff\xfe")
    else:
        raise AssertionError(how)


@pytest.mark.parametrize(
    "how",
    [
        "truncated",
        "cut-mid-line",
        "emptied",
        "altered",
        "no-checksum",
        "bad-checksum",
        "checksum-not-text",
    ],
)
@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_damaged_cache_is_never_answered_from(
    tmp_path: Path, truth: str, how: str, engine: str
) -> None:
    """The N-Triples cache; for oxigraph the store built from it is gone too, so it is read."""
    cache = tmp_path / "cache"
    first = _query(cache, engine)
    assert first.returncode == 0 and first.stdout == truth, first.stderr
    (cached,) = cache.glob("published-*.nt")
    whole = cached.read_bytes()
    _damage(cached, how)
    for store in cache.glob("store-*"):
        shutil.rmtree(store)
    again = _query(cache, engine)
    assert again.returncode == 0, again.stderr
    assert again.stdout == truth
    assert cached.read_bytes() == whole  # rebuilt and saved whole
    after = _query(cache, engine)  # and answered from again
    assert after.returncode == 0 and after.stdout == truth


def _damage_store(folder: Path, how: str) -> Path:
    """Damage one file of an on-disk store; the file (or folder) that was damaged."""
    tables = sorted(folder.glob("*.sst"), key=lambda p: p.stat().st_size)
    largest, manifest = tables[-1], folder / "sekom-kg-manifest.json"
    data = largest.read_bytes()
    if how == "table-truncated":
        largest.write_bytes(data[: len(data) // 2])
    elif how == "table-emptied":
        largest.write_bytes(b"")
    elif how == "table-bit-flipped":  # same size, one bit in the middle
        middle = len(data) // 2
        largest.write_bytes(data[:middle] + bytes([data[middle] ^ 0x10]) + data[middle + 1 :])
    elif how == "rocksdb-manifest-bit-flipped":
        (log,) = folder.glob("MANIFEST-*")
        raw = log.read_bytes()
        log.write_bytes(raw[:20] + bytes([raw[20] ^ 0x01]) + raw[21:])
        return log
    elif how == "current-emptied":
        (folder / "CURRENT").write_bytes(b"")
        return folder / "CURRENT"
    elif how == "table-removed":
        largest.unlink()
    elif how == "file-added":
        (folder / "000999.sst").write_bytes(data)
        return folder / "000999.sst"
    elif how == "manifest-removed":
        manifest.unlink()
        return manifest
    elif how == "manifest-not-json":
        manifest.write_bytes(b"\xff{")
        return manifest
    else:
        raise AssertionError(how)
    return largest


STORE_DAMAGE = [
    "table-truncated",
    "table-emptied",
    "table-bit-flipped",
    "rocksdb-manifest-bit-flipped",
    "current-emptied",
    "table-removed",
    "file-added",
    "manifest-removed",
    "manifest-not-json",
]


@pytest.mark.parametrize("how", STORE_DAMAGE)
def test_damaged_store_is_never_answered_from(tmp_path: Path, truth: str, how: str) -> None:
    """A damaged file of the on-disk store: detected, the store built again, answered right."""
    cache = tmp_path / "cache"
    first = _query(cache)
    assert first.returncode == 0 and first.stdout == truth, first.stderr
    (store,) = cache.glob("store-*")
    identity = (store / "IDENTITY").read_bytes()
    damaged = _damage_store(store, how)
    left = damaged.read_bytes() if damaged.is_file() else None
    again = _query(cache)
    assert again.returncode == 0, again.stderr
    assert again.stdout == truth
    assert (store / "IDENTITY").read_bytes() != identity  # a new store, built again
    assert not damaged.is_file() or damaged.read_bytes() != left
    assert not list(cache.glob(".build-*")) and not list(cache.glob(".trash-*"))
    after = _query(cache)  # and answered from again
    assert after.returncode == 0 and after.stdout == truth


# ---------------------------------------------------------------- config files


def _config(tmp_path: Path, text: str | None = None, data: bytes | None = None) -> Path:
    path = tmp_path / "sekom-kg.toml"
    if data is None:
        data = (text or DEFAULT_CONFIG.read_text(encoding="utf-8")).encode("utf-8")
    path.write_bytes(data)
    return path


def _build(runner: CliRunner, tmp_path: Path, config: Path | str) -> Result:
    out = str(tmp_path / "out")
    return runner.invoke(cli, ["build", "--no-site", "--out", out, "--config", str(config)])


@pytest.mark.parametrize(
    ("change", "key", "closest"),
    [
        (("sparql_endpoint =", "sparql_endpont ="), "publishing.sparql_endpont", "sparql_endpoint"),
        (("title_en =", "title_eng ="), "dataset.title_eng", "dataset.title_en"),
        (("[publishing]", "[publising]"), "publising", "publishing"),
        (("[contact]", "[contact]\nbase_iri = 'x'"), "contact.base_iri", "publishing.base_iri"),
        (("[publishing]", "licence = 'x'\n[publishing]"), "licence", "publishing.licence"),
        (("[dataset]", "[dataset]\nzzzz = 1"), "dataset.zzzz", "themes, languages"),
    ],
)
def test_unknown_keys_name_file_key_and_closest(
    runner: CliRunner,
    mini_bundle: Path,
    tmp_path: Path,
    change: tuple[str, str],
    key: str,
    closest: str,
) -> None:
    text = DEFAULT_CONFIG.read_text(encoding="utf-8")
    assert change[0] in text
    path = _config(tmp_path, text.replace(change[0], change[1], 1))
    refused(_build(runner, tmp_path, path), str(path), key, closest)
    assert not (tmp_path / "out").exists()


def test_latin1_config_is_exit_2_naming_the_file(
    runner: CliRunner, mini_bundle: Path, tmp_path: Path
) -> None:
    text = DEFAULT_CONFIG.read_text(encoding="utf-8").replace("–", "-")
    path = _config(tmp_path, data=text.encode("latin-1"))
    refused(_build(runner, tmp_path, path), str(path), "not UTF-8")


def test_utf8_bom_config_is_accepted(runner: CliRunner, mini_bundle: Path, tmp_path: Path) -> None:
    path = _config(tmp_path, data=b"\xef\xbb\xbf" + DEFAULT_CONFIG.read_bytes())
    result = _build(runner, tmp_path, path)
    assert result.exit_code == 0, result.output
    plain = tmp_path / "plain"
    again = runner.invoke(
        cli, ["build", "--no-site", "--out", str(plain), "--config", str(DEFAULT_CONFIG)]
    )
    assert again.exit_code == 0
    assert (tmp_path / "out" / "catalog.ttl").read_bytes() == (plain / "catalog.ttl").read_bytes()


def test_fifo_config_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    done = subprocess.run(
        [*CLI, "build", "--no-site", "--out", str(tmp_path / "out"), "--config", str(fifo)],
        capture_output=True,
        text=True,
        timeout=LIMIT,  # before the fix this blocked forever
    )
    assert done.returncode == 2, done.stderr
    assert str(fifo) in done.stderr and "not a regular file" in done.stderr


@pytest.mark.parametrize("kind", ["folder", "device", "dangling", "local-fifo"])
def test_other_non_files_as_config(
    runner: CliRunner,
    mini_bundle: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
) -> None:
    if kind == "folder":
        target: Path | str = tmp_path
    elif kind == "device":
        target = "/dev/null"
    elif kind == "dangling":
        target = tmp_path / "link.toml"
        target.symlink_to(tmp_path / "nowhere.toml")
    else:  # ./sekom-kg.toml picked up from the current folder
        monkeypatch.chdir(tmp_path)
        os.mkfifo(tmp_path / "sekom-kg.toml")
        result = runner.invoke(cli, ["build", "--no-site", "--out", str(tmp_path / "out")])
        refused(result, "sekom-kg.toml", "not a regular file")
        return
    what = {"folder": "is a folder", "device": "not a regular file", "dangling": "no such file"}
    refused(_build(runner, tmp_path, target), str(target), what[kind])


def test_unreadable_config(tmp_path: Path) -> None:
    path = _config(tmp_path)
    path.chmod(0o000)
    done = subprocess.run(
        [*_without_read_override(), "build", "--out", str(tmp_path / "o"), "--config", str(path)],
        capture_output=True,
        text=True,
        timeout=LIMIT,
    )
    assert done.returncode == 2, done.stderr
    assert str(path) in done.stderr  # click's own check may answer first: "is not readable"
    assert "Permission denied" in done.stderr or "not readable" in done.stderr
