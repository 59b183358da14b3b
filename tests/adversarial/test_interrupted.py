"""Interrupted builds: real `sekom-kg build` processes, real SIGTERM, SIGINT and SIGKILL.

A signal while the files are written ends the build and leaves the previous output intact and
no temp folder; a signal once the swap has begun lets it finish (exit 0, no debris); what a
SIGKILL leaves behind is removed by the next build.

To hit a given point for sure, a small wrapper pauses the build there (in ``os.rename``,
``shutil.rmtree`` or a file write, the calls the swap is made of) until the test has sent its
signal; the pause ends on its own after a generous limit, so nothing hangs.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURE_BUNDLE = Path(__file__).parents[1] / "data" / "bundle"
LIMIT = 60.0  # seconds: "does not hang", never a speed requirement

# Runs the real CLI; if PAUSE_AT is set, the first call of that kind waits for the test.
WRAPPER = r"""
import os, shutil, sys, time, pathlib
point, flag = os.environ.get("PAUSE_AT"), os.environ.get("PAUSE_FLAG", "")

def pause():
    global point
    point = None
    pathlib.Path(flag + ".ready").touch()
    deadline = time.monotonic() + 60
    while not os.path.exists(flag + ".go") and time.monotonic() < deadline:
        time.sleep(0.01)

real_rename, real_rmtree, real_write = os.rename, shutil.rmtree, pathlib.Path.write_bytes

def rename(src, dst, *a, **k):
    if point == "between-renames" and ".old-" in str(dst):
        real_rename(src, dst, *a, **k)
        return pause()
    return real_rename(src, dst, *a, **k)

def rmtree(path, *a, **k):
    if point == "removing-old" and ".old-" in str(path):
        pause()
    return real_rmtree(path, *a, **k)

def write_bytes(self, data):
    written = real_write(self, data)
    if point == "writing" and ".new-" in str(self) and self.name == "sekom.nt":
        pause()
    return written

os.rename, shutil.rmtree, pathlib.Path.write_bytes = rename, rmtree, write_bytes
from sekom_kg.cli import main
sys.argv = ["sekom-kg", *sys.argv[1:]]
main()
"""


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def debris(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".new-" in p.name or ".old-" in p.name)


def env(**extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "SEKOM_KG_BUNDLE_ROOT": str(FIXTURE_BUNDLE),
        "SEKOM_KG_CACHE_DIR": "off",
        **extra,
    }


def start(tmp_path: Path, *args: str, **extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", WRAPPER, "build", *args],
        cwd=tmp_path,
        env=env(**extra),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def finish(process: subprocess.Popen[bytes]) -> tuple[int, str]:
    try:
        _, err = process.communicate(timeout=LIMIT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise
    return process.returncode, err.decode()


def wait_for(condition: Callable[[], bool], process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + LIMIT
    while not condition():
        if process.poll() is not None:
            raise AssertionError(f"build ended first: {finish(process)[1]}")
        if time.monotonic() > deadline:
            process.kill()
            raise AssertionError("the build never reached the point")
        time.sleep(0.005)


@pytest.fixture
def previous(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """A finished build in tmp/dist (the output a new build would replace)."""
    code, err = finish(start(tmp_path, "--out", "dist", "--no-site"))
    assert code == 0, err
    (tmp_path / "dist" / "extra.txt").write_text("left by the previous build\n")
    return tmp_path / "dist", tree(tmp_path / "dist")


def paused_build(tmp_path: Path, point: str) -> tuple[subprocess.Popen[bytes], Path]:
    flag = tmp_path / f"pause-{point}"
    process = start(tmp_path, "--out", "dist", PAUSE_AT=point, PAUSE_FLAG=str(flag))
    wait_for(lambda: Path(f"{flag}.ready").exists(), process)
    return process, flag


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["TERM", "INT"])
def test_signal_while_writing_removes_the_temp_folder(
    tmp_path: Path, previous: tuple[Path, dict[str, bytes]], signum: int
) -> None:
    out, before = previous
    process, _ = paused_build(tmp_path, "writing")
    assert debris(tmp_path), "the temp folder exists while the build writes"
    process.send_signal(signum)
    code, err = finish(process)
    assert code != 0, err
    if signum == signal.SIGTERM:
        assert code == -signal.SIGTERM  # the signal still ends the process, after clean-up
    else:
        assert (code, err.splitlines()[-1]) == (
            130,
            "error: interrupted",
        )  # not 1, "not conforming"
    assert "Traceback" not in err
    assert tree(out) == before
    assert debris(tmp_path) == []


@pytest.mark.parametrize("point", ["between-renames", "removing-old"])
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["TERM", "INT"])
def test_signal_during_the_swap_completes_it(
    tmp_path: Path, previous: tuple[Path, dict[str, bytes]], point: str, signum: int
) -> None:
    out, before = previous
    process, flag = paused_build(tmp_path, point)
    process.send_signal(signum)
    time.sleep(0.05)  # let the signal arrive while paused; the result must not depend on it
    Path(f"{flag}.go").touch()
    code, err = finish(process)
    assert code == 0, err
    assert "built 13 files" in err
    after = tree(out)
    assert "extra.txt" not in after and after != before
    assert (out / "site" / "index.html").is_file() and (out / ".sekom-kg-output").is_file()
    assert debris(tmp_path) == []


def test_sigterm_at_a_random_moment_leaves_one_whole_output(
    tmp_path: Path, previous: tuple[Path, dict[str, bytes]]
) -> None:
    """No pause: signal as soon as the temp folder shows; either outcome must be clean."""
    out, before = previous
    process = start(tmp_path, "--out", "dist")
    deadline = time.monotonic() + LIMIT
    while not debris(tmp_path) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.001)
    if process.poll() is None:  # a small build may end before the temp folder is seen
        process.send_signal(signal.SIGTERM)
    code, err = finish(process)
    assert debris(tmp_path) == []
    assert code in (0, -signal.SIGTERM), err
    after = tree(out)
    whole = (out / "site" / "index.html").is_file() and "extra.txt" not in after
    # 0: the swap had begun. -SIGTERM: stopped while writing, so the old output stands (or,
    # in the instant between the end of the swap and the exit, the new one, complete).
    assert whole if code == 0 else (after == before or whole)


def test_leftovers_of_a_sigkilled_build_are_cleaned_by_the_next(
    tmp_path: Path, previous: tuple[Path, dict[str, bytes]]
) -> None:
    out, _ = previous
    process, _ = paused_build(tmp_path, "between-renames")
    process.kill()
    finish(process)
    left = debris(tmp_path)
    assert any(".new-" in name for name in left) and any(".old-" in name for name in left)
    code, err = finish(start(tmp_path, "--out", "dist", "--no-site"))
    assert code == 0, err
    assert debris(tmp_path) == []
    assert (out / "sekom.nt").is_file() and "extra.txt" not in tree(out)
