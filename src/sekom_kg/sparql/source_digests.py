"""The SHA-256 of each source file, remembered by its stat, so a query process need not reread them.

The cache key (:func:`sekom_kg.sparql.published_cache.cache_key`) covers every byte of the
sources: 64 MB, about 40 ms, at 1M triples. As in git's index, a file's digest is reused while
its size, modification time, change time, inode and device are what they were when it was
hashed; any write changes the change time, which no tool can set back. A file written less
than :data:`_RACY_NS` before it was hashed is not remembered (git's "racily clean" case: a
second write within the file system's time resolution could keep every stat field), so it is
hashed again next time.

The memo is ``source-digests.json`` in the cache folder, replaced atomically; a missing,
damaged or unwritable memo only means hashing again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
from pathlib import Path

from sekom_kg.core.atomic_file import replace_file

MEMO = "source-digests.json"
_RACY_NS = 2_000_000_000  # files written this recently are hashed, not remembered
_MAX_ENTRIES = 10_000  # beyond this the memo keeps only the files of the latest call


def _stat_key(path: Path) -> list[int]:
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_dev]


def _sha256(path: Path) -> str:
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def _read(memo: Path) -> dict[str, list[int | str]]:
    try:
        found = json.loads(memo.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _write(memo: Path, entries: dict[str, list[int | str]]) -> None:
    """Replace the memo atomically; silent if that fails (it only saves time)."""
    with contextlib.suppress(OSError):
        memo.parent.mkdir(parents=True, exist_ok=True)
        replace_file(memo, json.dumps(entries).encode("utf-8"))


def digests(paths: list[Path], folder: Path | None) -> list[str]:
    """The SHA-256 (hex) of each file in ``paths``, remembered in ``folder`` (None: not at all).

    Raises OSError if a file cannot be read.
    """
    memo = folder / MEMO if folder is not None else None
    entries = _read(memo) if memo is not None else {}
    found: list[str] = []
    fresh: dict[str, list[int | str]] = {}
    now = time.time_ns()
    for path in paths:
        key = _stat_key(path)
        entry = entries.get(str(path))
        if isinstance(entry, list) and entry[:-1] == key and isinstance(entry[-1], str):
            found.append(entry[-1])
            continue
        digest = _sha256(path)
        found.append(digest)
        if now - max(key[1], key[2]) > _RACY_NS:
            fresh[str(path)] = [*key, digest]
    if memo is not None and fresh:
        kept = entries if len(entries) + len(fresh) <= _MAX_ENTRIES else {}
        _write(memo, {**kept, **fresh})
    return found
