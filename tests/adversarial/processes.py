"""Looking at processes through /proc (Linux): children, whether one is gone, waiting for it."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path


def children(pid: int) -> list[int]:
    """The pids of ``pid``'s direct children (empty if it has none or is gone)."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def gone(pid: int) -> bool:
    """True if ``pid`` no longer runs (absent, or a zombie waiting to be reaped)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return True
    state = next(line for line in status.splitlines() if line.startswith("State:"))
    return state.split()[1] in ("Z", "X")


def eventually(predicate: Callable[[], object], limit: float) -> bool:
    """True as soon as ``predicate()`` is true, polling for at most ``limit`` seconds."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return bool(predicate())
