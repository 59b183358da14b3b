"""An on-disk, read-only pyoxigraph store of the published graph, so a query process starts fast.

Reading 1M triples back from the N-Triples cache (:mod:`sekom_kg.sparql.published_cache`) costs
seconds in every process; opening a RocksDB store on disk takes milliseconds. The store is
the folder ``store-KEY`` in the cache folder, where KEY is a SHA-256 over the N-Triples
cache key (package version, the code that assembles the graph, every source's path and
bytes), the pyoxigraph version (its on-disk format) and this module's and
:mod:`sekom_kg.sparql.oxigraph_engine`'s code, so a change to any of them gives a new folder.

* **Atomic**: a store is built in a temp folder beside it (bulk load, optimise, close), its
  file list with sizes and CRC-32s written into ``sekom-kg-manifest.json``, and only then
  renamed into place. Concurrent builders each build their own; the first rename wins,
  the others drop theirs. A store is never written after that (opened read-only only).
* **Damage**: every file is checked against the manifest before the store is opened (a
  missing, extra, truncated, emptied or altered file fails); a damaged store is moved
  aside and built again, never answered from.
* **Faithful**: a store keeps typed literals in canonical form; if it would change any
  published triple, ``store-KEY.unfaithful`` records that and queries go to rdflib.
* **Fork-safe**: the store is built in a new process (``python -m sekom_kg.sparql.store_cache``),
  never in a fork, and no process writes it after that; a read-only handle is opened in
  each process that queries (:meth:`DiskStore.open`), so a forked query worker
  (:mod:`sekom_kg.sparql.worker`) opens its own and never uses its parent's.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path
from typing import Any

from sekom_kg.sparql import published_cache

MANIFEST = "sekom-kg-manifest.json"
UNFAITHFUL = "unfaithful"
#: The modules whose code shapes the store (beside those of the N-Triples cache key).
_CODE = ("oxigraph_engine.py", "store_cache.py")
_KEEP = 4  # stores kept per cache folder; older ones are removed
_STALE = 3600.0  # seconds after which a builder's temp folder counts as abandoned


class DiskStore:
    """A verified on-disk store, opened read-only once in each process that queries it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handles: dict[int, Any] = {}  # by process id: a forked child opens its own

    def open(self) -> Any:
        """This process's read-only pyoxigraph Store of the folder."""
        import pyoxigraph as ox

        pid = os.getpid()
        if pid not in self._handles:  # the parent's handle is kept, never closed in a child
            self._handles[pid] = ox.Store.read_only(str(self.path))
        return self._handles[pid]


def store_key(root: Path) -> str:
    """SHA-256 (hex) over the N-Triples cache key, pyoxigraph's version and this code."""
    import pyoxigraph as ox

    head = f"{published_cache.cache_key(root)}\npyoxigraph {ox.__version__}\n"
    digest = hashlib.sha256(head.encode())
    here = Path(__file__).parent
    for name in _CODE:
        digest.update(name.encode() + b"\0" + (here / name).read_bytes() + b"\0")
    return digest.hexdigest()


def store_path(root: Path) -> Path | None:
    """Where the store of the graph built from ``root`` is (or would be); None: caching off."""
    folder = published_cache.cache_dir()
    return None if folder is None else folder / f"store-{store_key(root)}"


def _unfaithful_marker(path: Path) -> Path:
    return path.with_name(path.name + "." + UNFAITHFUL)


def _crc(path: Path) -> int:
    value = 0
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            value = zlib.crc32(block, value)
    return value


def _listing(folder: Path) -> dict[str, list[int]]:
    """Every file in ``folder`` (but the manifest) with its size and CRC-32."""
    return {
        entry.name: [entry.stat().st_size, _crc(entry)]
        for entry in sorted(folder.iterdir())
        if entry.name != MANIFEST
    }


def is_whole(folder: Path) -> bool:
    """True if ``folder`` holds exactly the files of its manifest, with their sizes and CRCs."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return isinstance(manifest, dict) and manifest.get("files") == _listing(folder)
    except (OSError, ValueError):
        return False


def find(path: Path) -> DiskStore | str | None:
    """The whole store at ``path``, :data:`UNFAITHFUL`, or None (missing or damaged)."""
    if _unfaithful_marker(path).is_file():
        return UNFAITHFUL
    if not path.exists():
        return None
    if is_whole(path):
        return DiskStore(path)
    discard(path)
    return None


def discard(path: Path) -> None:
    """Move the store at ``path`` aside (atomically) and remove it; silent if it is gone."""
    trash = path.with_name(f".trash-{path.name}-{os.getpid()}-{time.monotonic_ns()}")
    with contextlib.suppress(OSError):
        os.rename(path, trash)
        shutil.rmtree(trash, ignore_errors=True)


def build(path: Path, ntriples: Path) -> DiskStore | str | None:
    """Build the store at ``path`` from the N-Triples file ``ntriples`` in a new process.

    Never in a fork: a RocksDB that writes waits for background threads that a forked child
    of a process that used RocksDB before does not have. Ctrl-C stops the builder too.

    :returns: the store, :data:`UNFAITHFUL`, or None if it could not be written.
    """
    package_parent = str(Path(__file__).resolve().parents[2])
    paths = [package_parent, *filter(None, [os.environ.get("PYTHONPATH")])]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    command = [sys.executable, "-m", "sekom_kg.sparql.store_cache", str(path), str(ntriples)]
    try:
        subprocess.run(command, env=env, check=True, capture_output=True)
    except (OSError, subprocess.SubprocessError):  # the cache only saves time: load in memory
        return None
    return find(path)


def _build_here(path: Path, ntriples: Path) -> bool:
    """Build into a temp folder beside ``path``, then rename it into place; False on failure.

    An unfaithful store is not kept: the marker beside ``path`` records it instead.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = Path(tempfile.mkdtemp(prefix=f".build-{path.name}-", dir=path.parent))
    except OSError:
        return False
    try:
        if not _fill(temp, ntriples):
            _unfaithful_marker(path).touch()
            return True
        _write_manifest(temp)
        _publish(temp, path)
        _prune(path.parent)
        return True
    except OSError:
        return False
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def _fill(folder: Path, ntriples: Path) -> bool:
    """Bulk-load ``ntriples`` into a store in ``folder`` and close it; False if unfaithful."""
    import pyoxigraph as ox

    from sekom_kg.assembly.ntriples import NTriples

    store = ox.Store(str(folder))
    store.bulk_load(path=str(ntriples), format=ox.RdfFormat.N_TRIPLES)
    store.flush()
    store.optimize()
    kept = NTriples.from_triples(store, canonical=False).lines
    del store  # the last reference: RocksDB closes and its files are complete
    return kept == NTriples.from_bytes(ntriples.read_bytes(), canonical=False).lines


def _write_manifest(folder: Path) -> None:
    """Write the manifest (after syncing every file) and sync the folder."""
    for entry in folder.iterdir():
        with entry.open("rb") as stream:
            os.fsync(stream.fileno())
    manifest = {"files": _listing(folder)}
    with (folder / MANIFEST).open("w", encoding="utf-8") as stream:
        json.dump(manifest, stream, indent=1, sort_keys=True)
        stream.flush()
        os.fsync(stream.fileno())
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _publish(temp: Path, path: Path) -> None:
    """Rename ``temp`` to ``path``; if another builder got there first, keep theirs."""
    try:
        os.rename(temp, path)
    except OSError:
        if not path.is_dir():
            raise


def _prune(folder: Path) -> None:
    """Keep the newest stores; remove older ones and abandoned builders' temp folders."""
    stores = sorted(
        (p for p in folder.glob("store-*") if p.is_dir()),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in stores[_KEEP:]:
        discard(old)
    markers = sorted(folder.glob(f"store-*.{UNFAITHFUL}"), key=lambda p: p.stat().st_mtime)
    for marker in markers[:-_KEEP]:
        marker.unlink(missing_ok=True)
    now = time.time()
    for temp in [*folder.glob(".build-store-*"), *folder.glob(".trash-store-*")]:
        with contextlib.suppress(OSError):
            if now - temp.stat().st_mtime > _STALE:
                shutil.rmtree(temp, ignore_errors=True)


def main(argv: list[str]) -> int:
    """``python -m sekom_kg.sparql.store_cache STORE NTRIPLES``: build one store (1 if not)."""
    path, ntriples = (Path(arg) for arg in argv)
    return 0 if _build_here(path, ntriples) else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
