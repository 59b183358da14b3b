"""Shared fixtures: a small fixture bundle (tests/data/bundle) swapped in for the real one."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from sekom_kg import resources

DATA = Path(__file__).parent / "data"
FIXTURE_BUNDLE = DATA / "bundle"
INVALID = DATA / "bundle-invalid"
BROKEN = DATA / "broken.ttl"


@pytest.fixture
def use_bundle(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], Path]:
    """Point the package at another bundle root (ontology/, data/, queries/)."""

    def use(root: Path) -> Path:
        monkeypatch.setattr(resources, "bundle_root", lambda: root)
        return root

    return use


@pytest.fixture
def mini_bundle(tmp_path: Path, use_bundle: Callable[[Path], Path]) -> Path:
    """A private copy of the fixture bundle, active for the test; returns its root."""
    root = tmp_path / "bundle"
    shutil.copytree(FIXTURE_BUNDLE, root)
    return use_bundle(root)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def tree_bytes(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` by relative path, for byte-for-byte comparisons."""
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }
