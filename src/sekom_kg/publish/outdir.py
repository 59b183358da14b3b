"""Replace an output folder safely: only one sekom-kg wrote, never one that holds an input.

``write_atomically`` writes into a temp folder beside the output (``.NAME.new-*``), then swaps
it in with two renames; the old output (``.NAME.old-*`` for a moment) is removed afterwards.
Each folder it writes carries the marker file ``.sekom-kg-output``; an existing folder is
replaced only if it holds that marker or is empty. The output may not be, contain or lie
inside an input folder, the current folder, or be a symbolic link.

Builds into the same parent folder take turns (a lock on that folder), so a temp folder that
is there while the lock is held was left by a killed build and is removed. SIGINT and SIGTERM
while the files are written remove the temp folder and then take their usual effect; once the
swap has begun it is completed, and a signal that arrives then is ignored (the output is whole).
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from types import FrameType, TracebackType

from sekom_kg.core import resources
from sekom_kg.core.errors import InputError

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: builds into one folder do not take turns
    fcntl = None  # type: ignore[assignment]

#: The file in every folder sekom-kg writes; only such a folder (or an empty one) is replaced.
MARKER = ".sekom-kg-output"
MARKER_TEXT = b"Written by sekom-kg: `sekom-kg build` and `sekom-kg site` replace this folder.\n"
_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _bundle_trees() -> list[Path]:
    """Folders read recursively as input: the bundle's, and a checkout's in the current folder."""
    roots = [resources.bundle_root()]
    cwd = Path.cwd()
    with contextlib.suppress(OSError):
        if (cwd / "ontology" / "sekom.ttl").is_file():
            roots.append(cwd)
    return [root / name for root in roots for name in ("ontology", "data", "queries")]


def check_output_dir(out_dir: str | Path, inputs: Iterable[str | Path] = ()) -> Path:
    """``out_dir`` as an absolute path if it may be (re)placed; InputError saying why not.

    ``inputs`` are files or folders the caller reads; the output may not be or contain any of
    them, nor the bundle root or the current folder, nor lie inside an input folder.
    """
    out = Path(os.path.abspath(out_dir))
    if out.parent == out:
        raise InputError(f"{out_dir}: cannot replace the root folder; give a new or empty folder")
    if out.is_symlink():
        raise InputError(f"{out_dir}: is a symbolic link; give the folder it points to")
    real = _real(out)
    trees = _bundle_trees()
    protected = [resources.bundle_root(), Path.cwd(), *(Path(p) for p in inputs), *trees]
    for path in protected:
        if _within(_real(path), real):
            what = "the current folder" if path == Path.cwd() else f"the input {path}"
            raise InputError(f"{out_dir}: is or contains {what}; choose another output folder")
    for tree in trees:
        if _within(real, _real(tree)):
            raise InputError(f"{out_dir}: is inside the input folder {tree}")
    if out.exists():
        if not out.is_dir():
            raise InputError(f"{out_dir}: exists and is not a folder")
        try:
            owned = (out / MARKER).is_file() or not any(out.iterdir())
        except OSError as error:
            raise InputError(f"{out_dir}: cannot read folder: {error.strerror}") from error
        if not owned:
            raise InputError(
                f"{out_dir}: not empty and not written by sekom-kg (no {MARKER}); "
                "give a new or empty folder"
            )
    return out


class _Interrupted(BaseException):
    """SIGINT or SIGTERM arrived while the output was written."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class _SignalGuard:
    """SIGINT/SIGTERM raise ``_Interrupted``, or wait while ``holding``; restored on exit.

    After an interruption the signal is delivered again to the previous handler (so SIGTERM
    still ends the process, SIGINT still raises KeyboardInterrupt). A signal held until the
    end of a completed write is dropped: its work is done.
    """

    def __init__(self) -> None:
        self.holding = False
        self.pending: int | None = None
        self.previous: dict[int, signal.Handlers | int | object] = {}

    def __enter__(self) -> _SignalGuard:
        if threading.current_thread() is threading.main_thread():
            for signum in _SIGNALS:
                if signal.getsignal(signum) is not signal.SIG_IGN:
                    self.previous[signum] = signal.signal(signum, self._handle)
        return self

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        if self.holding:
            self.pending = self.pending or signum
            return
        self.holding = True  # the clean-up that follows is not interrupted
        raise _Interrupted(signum)

    def hold(self) -> None:
        self.holding = True

    def release(self) -> None:
        """Stop holding; a signal that arrived meanwhile interrupts now."""
        self.holding = False
        if self.pending is not None:
            signum, self.pending = self.pending, None
            self.holding = True
            raise _Interrupted(signum)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        _tb: TracebackType | None,
    ) -> None:
        for signum, handler in self.previous.items():
            signal.signal(signum, handler)  # type: ignore[arg-type]
        if isinstance(error, _Interrupted):
            if error.signum in self.previous:
                signal.raise_signal(error.signum)
            raise KeyboardInterrupt from None


@contextlib.contextmanager
def _turn(folder: Path) -> Iterator[bool]:
    """Hold an exclusive lock on ``folder`` (builds into it take turns); False if none could
    be had (no locks on that file system, or a folder that can be written but not read)."""
    if fcntl is None:  # pragma: no cover
        yield False
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        yield False
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:
            yield False
        else:
            yield True
    finally:
        os.close(fd)


def _ours(folder: Path) -> bool:
    """A real folder that holds the marker or nothing."""
    try:
        return (
            folder.is_dir()
            and not folder.is_symlink()
            and ((folder / MARKER).is_file() or not any(folder.iterdir()))
        )
    except OSError:
        return False


def _remove_stale(parent: Path, name: str) -> None:
    """Remove temp folders of ``name`` that a killed build left (only ones it wrote)."""
    for kind in ("new", "old"):
        for leftover in parent.glob(f".{glob.escape(name)}.{kind}-*"):
            if _ours(leftover):
                shutil.rmtree(leftover, ignore_errors=True)


def _make_parent(out: Path) -> None:
    """Create the folder ``out`` goes into; InputError naming the part that is in the way."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        blocking = next((p for p in out.parents if p.exists()), out.parent)
        if not blocking.is_dir():
            raise InputError(f"{blocking}: is not a folder (for {out})") from error
        raise InputError(f"{out.parent}: cannot create folder: {error.strerror}") from error


def _fill(tmp: Path, files: Mapping[str, bytes]) -> None:
    """Write the marker and ``files`` into the new folder ``tmp`` (mode as the umask gives)."""
    umask = os.umask(0)
    os.umask(umask)
    tmp.chmod(0o777 & ~umask)
    (tmp / MARKER).write_bytes(MARKER_TEXT)
    for name, content in files.items():
        (tmp / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp / name).write_bytes(content)


def _swap(tmp: Path, out: Path, backup: Path) -> bool:
    """Rename ``tmp`` to ``out``, the old ``out`` to ``backup`` first; True if there was one.

    If the second rename fails the old output is put back.
    """
    had_old = out.exists()
    if had_old:
        os.rename(out, backup)
    try:
        os.rename(tmp, out)
    except BaseException:
        if had_old:
            os.rename(backup, out)
        raise
    return had_old


def write_atomically(
    out_dir: str | Path, files: Mapping[str, bytes], inputs: Iterable[str | Path] = ()
) -> None:
    """Write ``files`` into a temp folder beside ``out_dir``, then swap it into place.

    Raises InputError if ``out_dir`` may not be replaced (see :func:`check_output_dir`).
    """
    inputs = list(inputs)
    out = check_output_dir(out_dir, inputs)
    for name in files:
        parts = Path(name).parts
        if not parts or Path(name).is_absolute() or ".." in parts:
            raise InputError(f"{name!r}: not a path inside the output folder")
    _make_parent(out)
    with _SignalGuard() as guard, _turn(out.parent) as locked:
        check_output_dir(out_dir, inputs)  # again: another build may have taken its turn
        guard.hold()
        if locked:  # no other build is writing here: any temp folder is a killed one's
            _remove_stale(out.parent, out.name)
        try:
            tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
            backup = out.with_name(f".{out.name}.old-{tmp.name.rsplit('.new-', 1)[1]}")
        except OSError as error:
            raise InputError(f"{out.parent}: cannot write: {error.strerror}") from error
        try:
            guard.release()
            _fill(tmp, files)
            guard.hold()  # from here on the swap is completed whatever arrives
            had_old = _swap(tmp, out, backup)
        except BaseException:
            guard.hold()
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        if had_old:  # the new output is in place; a leftover is removed by the next build
            shutil.rmtree(backup, ignore_errors=True)
