"""One file replaced atomically: a reader holding it open keeps the old bytes; a failure leaves
nothing beside it."""

from __future__ import annotations

from pathlib import Path

import pytest

from sekom_kg.core.atomic_file import replace_file


def test_a_reader_of_the_old_file_keeps_reading_it_whole(tmp_path: Path) -> None:
    path = tmp_path / "cache.nt"
    old = b"<urn:a> <urn:p> <urn:o> .\n" * 1000
    path.write_bytes(old)
    with path.open("rb") as reader:
        replace_file(path, b"new\n")
        assert reader.read() == old  # not rewritten in place
    assert path.read_bytes() == b"new\n"
    assert [p.name for p in tmp_path.iterdir()] == ["cache.nt"]


def test_a_failed_replace_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "taken"
    (target / "inside").mkdir(parents=True)  # a folder cannot be replaced by a file
    with pytest.raises(OSError):
        replace_file(target, b"content")
    assert [p.name for p in tmp_path.iterdir()] == ["taken"]
    assert [p.name for p in target.iterdir()] == ["inside"]
