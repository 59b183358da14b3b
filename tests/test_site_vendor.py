"""The JavaScript libraries the site ships are the npm packages the lockfile pins.

``src/sekom_kg/site/vendor/vendor.json`` (and ``tests/data/vendor/vendor.json`` for test
assets) records per package the version and integrity of ``package-lock.json`` and per copied
file its SHA-256. Always checked: the manifest against the lockfile and ``package.json``, the
files against the manifest, a licence for every package. With ``node_modules`` present
(``npm ci``; `.ci/run` does it and sets ``SEKOM_KG_REQUIRE_NPM=1``) the copies are compared
with it byte for byte by ``scripts/vendor_js.py --check``.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from test_wheel import wheel

ROOT = Path(__file__).resolve().parent.parent
__all__ = ["wheel"]
ROOTS = [ROOT / "src" / "sekom_kg" / "site" / "vendor", ROOT / "tests" / "data" / "vendor"]


def manifests() -> dict[str, tuple[Path, dict[str, object]]]:
    found: dict[str, tuple[Path, dict[str, object]]] = {}
    for root in ROOTS:
        document = json.loads((root / "vendor.json").read_text(encoding="utf-8"))
        for name, entry in document["packages"].items():
            found[name] = (root, entry)
    return found


def test_manifest_matches_the_lockfile() -> None:
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    declared = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    wanted = {**declared["dependencies"], **declared["devDependencies"]}
    found = manifests()
    assert set(found) == set(wanted)
    for name, (_root, entry) in found.items():
        assert entry["version"] == wanted[name] == lock[f"node_modules/{name}"]["version"], name
        assert entry["integrity"] == lock[f"node_modules/{name}"]["integrity"], name


def test_copies_match_the_manifest() -> None:
    listed: set[Path] = set()
    for name, (root, entry) in manifests().items():
        files: dict[str, str] = entry["files"]  # type: ignore[assignment]
        assert any("/LICENSES/" in f for f in files), f"{name}: no licence file"
        for path, digest in files.items():
            assert hashlib.sha256((root / path).read_bytes()).hexdigest() == digest, path
            listed.add(root / path)
    present = {p for root in ROOTS for p in root.rglob("*") if p.is_file()}
    assert present - listed == {root / "vendor.json" for root in ROOTS}


def test_copies_equal_node_modules() -> None:
    if not (ROOT / "node_modules").is_dir():
        if os.environ.get("SEKOM_KG_REQUIRE_NPM") == "1":
            pytest.fail("node_modules missing: run `npm ci` first")
        pytest.skip("no node_modules (run `npm ci` to compare the copies with the lockfile)")
    script = ROOT / "scripts" / "vendor_js.py"
    result = subprocess.run(
        [sys.executable, str(script), "--check"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.wheel
def test_the_wheel_ships_the_site_copies(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    root = ROOTS[0]
    files = [p for p in root.rglob("*") if p.is_file()]
    expected = {f"sekom_kg/site/vendor/{p.relative_to(root).as_posix()}" for p in files}
    assert len(expected) > 10 and expected - names == set()
