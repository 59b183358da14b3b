"""Run one call in a child process that can be stopped: a time limit, and Ctrl-C, hold.

pyoxigraph evaluates a query in Rust, where Python can neither interrupt nor time it
out; a forked child can be killed, and its memory goes with it. The child is a copy of
this process (nothing is loaded again) and sends its answer back pickled. Where
``os.fork`` is missing the call runs in a thread that is abandoned on timeout.

>>> call_with_deadline(lambda: 6 * 7, 10.0, "<doc>")
42
"""

from __future__ import annotations

import contextlib
import ctypes
import math
import os
import pickle
import select
import signal
import sys
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from sekom_kg.core.errors import InputError, QueryError, QueryTimeoutError

T = TypeVar("T")
_PR_SET_PDEATHSIG = 1


#: The C library, opened at import so that a forked child need not load anything.
_LIBC = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None


def die_with_parent(sig: int = signal.SIGKILL) -> None:
    """Ask Linux to send ``sig`` to this process when its parent dies (no-op elsewhere).

    Safe between fork and exec (``preexec_fn``): one system call, nothing is loaded.
    """
    if _LIBC is not None:
        with contextlib.suppress(OSError, AttributeError):
            _LIBC.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0)


def call_with_deadline(func: Callable[[], T], timeout: float | None, source: str) -> T:
    """``func()``, stopped after ``timeout`` seconds (QueryTimeoutError); None: no limit.

    ``func``'s result and exceptions must pickle. KeyboardInterrupt stops the call at once.
    """
    if timeout is None or timeout == math.inf:
        return func()
    if not timeout > 0:  # also NaN
        raise InputError(f"timeout must be a positive number of seconds, got {timeout!r}")
    if not hasattr(os, "fork"):
        return _in_thread(func, timeout, source)
    read_end, write_end = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child (coverage does not follow it)
        os.close(read_end)
        _child(func, write_end, parent)
    os.close(write_end)
    try:
        data = _read_all(read_end, time.monotonic() + timeout)
    except BaseException:
        _kill(pid)
        raise
    finally:
        os.close(read_end)
    if data is None:
        _kill(pid)
        raise QueryTimeoutError(source, timeout)
    _, status = os.waitpid(pid, 0)
    if not data:
        why = f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else "no answer"
        raise QueryError(f"{source}: query failed: the query worker stopped ({why})")
    ok, value = pickle.loads(data)
    if ok:
        return value  # type: ignore[no-any-return]
    assert isinstance(value, BaseException)
    raise value


def _child(func: Callable[[], object], write_end: int, parent: int) -> None:  # pragma: no cover
    """Run ``func`` in the forked child, write ``(ok, value)`` pickled, and exit."""
    code = 0
    try:
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_DFL)  # stop at once, even inside Rust
        die_with_parent()
        if os.getppid() != parent:  # the parent died before the line above
            os._exit(1)
        try:
            outcome: tuple[bool, object] = (True, func())
        except BaseException as error:
            outcome = (False, error)
        try:
            data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as error:
            data = pickle.dumps((False, QueryError(f"query failed: {outcome[1]!r} ({error})")))
        view = memoryview(data)
        while view:
            view = view[os.write(write_end, view) :]
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _read_all(fd: int, deadline: float) -> bytes | None:
    """Everything written to ``fd`` until EOF, or None if ``deadline`` passes first."""
    chunks: list[bytes] = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        ready, _, _ = select.select([fd], [], [], min(left, 0.5))  # short steps: signals
        if not ready:
            continue
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _kill(pid: int) -> None:
    """Kill the child and reap it."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def _in_thread(func: Callable[[], T], timeout: float, source: str) -> T:
    """``func()`` in a daemon thread; on timeout the thread is left to finish alone."""
    outcome: list[tuple[bool, object]] = []

    def run() -> None:
        try:
            outcome.append((True, func()))
        except BaseException as error:
            outcome.append((False, error))

    worker = threading.Thread(target=run, name="sekom-kg-query", daemon=True)
    worker.start()
    worker.join(timeout)
    if not outcome:
        raise QueryTimeoutError(source, timeout)
    ok, value = outcome[0]
    if ok:
        return value  # type: ignore[return-value]
    assert isinstance(value, BaseException)
    raise value
