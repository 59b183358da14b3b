"""The cache key's per-file SHA-256 memo: reused while a file's stat holds, never after a write.

The oracle is the key computed with caching off (every file hashed afresh).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from sekom_kg.sparql import published_cache, source_digests

FIXTURE_BUNDLE = Path(__file__).parent / "data" / "bundle"


@pytest.fixture
def bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the fixture bundle, its cache in a temp folder."""
    root = tmp_path / "bundle"
    shutil.copytree(FIXTURE_BUNDLE, root)
    monkeypatch.setenv(published_cache.CACHE_ENV, str(tmp_path / "cache"))
    return root


def fresh_key(root: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The key with every file hashed again (caching off: no memo)."""
    with monkeypatch.context() as patch:
        patch.setenv(published_cache.CACHE_ENV, "off")
        return published_cache.cache_key(root)


def memo(root: Path) -> dict[str, list[int | str]]:
    folder = published_cache.cache_dir()
    assert folder is not None
    found = json.loads((folder / source_digests.MEMO).read_text(encoding="utf-8"))
    assert isinstance(found, dict)
    return found


def a_data_file(root: Path) -> Path:
    return sorted((root / "data").rglob("*.ttl"))[0]


def test_a_rewrite_keeping_size_and_mtime_changes_the_key(
    bundle: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Size, mtime, inode and device stay; the change time moves, so the file is hashed again."""
    monkeypatch.setattr(source_digests, "_RACY_NS", 0)  # remember even just-written files
    before = published_cache.cache_key(bundle)
    path = a_data_file(bundle)
    assert str(path) in memo(bundle)
    stat = path.stat()
    data = path.read_bytes()
    path.write_bytes(data.replace(b"a", b"b", 1))  # same length, in place
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (stat.st_size, stat.st_mtime_ns)
    after = published_cache.cache_key(bundle)
    assert after != before
    assert after == fresh_key(bundle, monkeypatch)


def test_the_memo_is_used_while_the_stat_holds(
    bundle: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A remembered digest is trusted for an unchanged file; a touch makes it hashed again."""
    monkeypatch.setattr(source_digests, "_RACY_NS", 0)
    true_key = published_cache.cache_key(bundle)
    path = a_data_file(bundle)
    entries = memo(bundle)
    entries[str(path)][-1] = "0" * 64
    folder = published_cache.cache_dir()
    assert folder is not None
    (folder / source_digests.MEMO).write_text(json.dumps(entries), encoding="utf-8")
    assert published_cache.cache_key(bundle) != true_key  # the memo was read, not the file
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1))
    assert published_cache.cache_key(bundle) == true_key


def test_a_just_written_file_is_not_remembered(bundle: Path) -> None:
    """Within the racy window a second write could keep every stat field: hash it next time."""
    published_cache.cache_key(bundle)
    folder = published_cache.cache_dir()
    assert folder is not None
    assert not (folder / source_digests.MEMO).exists()  # every file was copied just now


@pytest.mark.parametrize(
    "damage",
    [
        lambda memo: memo.write_text("not json", encoding="utf-8"),
        lambda memo: memo.write_text("[1, 2]", encoding="utf-8"),
        lambda memo: memo.write_bytes(b"\xff\xfe"),
        lambda memo: memo.write_text('{"x": 1}', encoding="utf-8"),
    ],
    ids=["not-json", "not-an-object", "not-text", "foreign-entry"],
)
def test_a_damaged_memo_only_means_hashing_again(
    bundle: Path, monkeypatch: pytest.MonkeyPatch, damage: Callable[[Path], object]
) -> None:
    monkeypatch.setattr(source_digests, "_RACY_NS", 0)
    published_cache.cache_key(bundle)
    folder = published_cache.cache_dir()
    assert folder is not None
    damage(folder / source_digests.MEMO)
    assert published_cache.cache_key(bundle) == fresh_key(bundle, monkeypatch)
