"""A content-addressed N-Triples cache of the published graph, so a query starts fast.

Building the published graph (parse Turtle, materialise) costs far more than reading it
back as N-Triples. The cache file's name is a SHA-256 over everything the graph depends
on: the package version, the code that builds it, and the path and bytes of the ontology
and every data file. Any change gives a new name, so a stale cache is never read. The
SHA-256 of its content is stored beside it and checked on every read, so a damaged copy
(truncated, altered, emptied) is never answered from: it is built and saved again.

The folder is ``$SEKOM_KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/sekom-kg``, else
``~/.cache/sekom-kg``; ``SEKOM_KG_CACHE_DIR=off`` disables the cache. Failing to write it
is silent: the cache only ever saves time. Queries read the on-disk store built from this
file (:mod:`sekom_kg.sparql.store_cache`); rdflib and :func:`sekom_kg.graph` read the file.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from sekom_kg import __version__
from sekom_kg.core.atomic_file import replace_file
from sekom_kg.sparql.source_digests import digests

CACHE_ENV = "SEKOM_KG_CACHE_DIR"
#: The modules whose code shapes the published graph (part of the cache key).
_CODE = (
    "assembly/load.py",
    "assembly/rules.py",
    "core/namespaces.py",
    "assembly/ntriples.py",
    "sparql/published_cache.py",
)
_KEEP = 8  # cache files kept per folder; older ones are removed


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is off."""
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        return None if configured.strip().lower() in ("", "off", "0", "no") else Path(configured)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "sekom-kg"


def source_files(root: Path) -> list[Path]:
    """The files the published graph is built from: the ontology and every data file."""
    from sekom_kg.core.resources import turtle_files

    return [root / "ontology" / "sekom.ttl", *turtle_files(root / "data")]


def cache_key(root: Path) -> str:
    """SHA-256 (hex) over version, code and the relative path and SHA-256 of every source.

    A source's SHA-256 is remembered by its stat (:mod:`sekom_kg.sparql.source_digests`).
    """
    digest = hashlib.sha256(f"sekom-kg {__version__}\n".encode())
    here = Path(__file__).parents[1]  # the package folder
    for name in _CODE:
        digest.update(name.encode() + b"\0" + (here / name).read_bytes() + b"\0")
    paths = source_files(root)
    for path, content in zip(paths, digests(paths, cache_dir()), strict=True):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + content.encode() + b"\0")
    return digest.hexdigest()


def cached_path(root: Path) -> Path | None:
    """Where the N-Triples of the graph built from ``root`` are (or would be) cached."""
    folder = cache_dir()
    return None if folder is None else folder / f"published-{cache_key(root)}.nt"


def _digest(path: Path) -> Path:
    """Beside each cache file, the SHA-256 of its bytes, written after it."""
    return path.with_suffix(".sha256")


def lookup(root: Path) -> Path | None:
    """The cached N-Triples file for ``root`` if it is there and whole, else None.

    Its bytes must match the SHA-256 stored beside it; a damaged copy (truncated, altered,
    empty, or without its checksum) is not used: the caller rebuilds and saves it again.
    """
    path = cached_path(root)
    if path is None:
        return None
    try:
        expected = _digest(path).read_text(encoding="ascii").strip()
        with path.open("rb") as stream:
            actual = hashlib.file_digest(stream, "sha256").hexdigest()
    except (OSError, UnicodeDecodeError):
        return None
    return path if actual == expected else None


def save(root: Path, ntriples: bytes) -> Path | None:
    """Store ``ntriples`` as the cache for ``root`` (atomically); None if that failed."""
    path = cached_path(root)
    if path is None:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_file(path, ntriples)
        replace_file(_digest(path), (hashlib.sha256(ntriples).hexdigest() + "\n").encode("ascii"))
        _prune(path.parent)
    except OSError:
        return None
    return path


def _prune(folder: Path) -> None:
    """Keep only the most recently written cache files (and their checksums)."""
    found = sorted(folder.glob("published-*.nt"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in found[_KEEP:]:
        for stale in (old, _digest(old)):
            stale.unlink(missing_ok=True)
