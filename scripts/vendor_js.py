"""Copy the JavaScript libraries the website needs from ``node_modules`` into the package.

``npm ci && python3 scripts/vendor_js.py`` copies exactly the files listed in ``PACKAGES``
(and each package's licence files) into ``src/sekom_kg/site/vendor/`` (``axe-core``, a test
asset, into ``tests/data/vendor/``) and writes ``vendor.json`` beside them: per package its
version and the lockfile's ``integrity``, per file its SHA-256. The copies are committed, so
the site builds with Python alone. ``--check`` changes nothing and exits 1 if a copy differs
from ``node_modules``, a version from ``package-lock.json`` or a file from the manifest.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE_VENDOR = ROOT / "src" / "sekom_kg" / "site" / "vendor"
TEST_VENDOR = ROOT / "tests" / "data" / "vendor"
MANIFEST = "vendor.json"
#: Licence texts of packages whose npm tarball has none (copied from their repositories).
EXTRA_LICENCES = ROOT / "scripts" / "licences"

#: npm package → (folder under the vendor root, files the site uses, licence files).
#: Bundled dependencies' licences are listed with their package path.
PACKAGES: dict[str, tuple[str, list[str], list[str]]] = {
    "@zazuko/yasqe": (
        "yasqe",
        ["build/yasqe.min.js", "build/yasqe.min.css"],
        [
            "licences:yasqe/LICENSE",
            "codemirror/LICENSE",
            "lodash-es/LICENSE",
            "query-string/license",
            "decode-uri-component/license",
            "split-on-first/license",
            "strict-uri-encode/license",
            "filter-obj/license",
            "store/LICENSE",
            "dompurify/LICENSE",
        ],
    ),
    "oxigraph": (
        "oxigraph",
        ["web.js", "web_bg.wasm"],
        ["licences:oxigraph/LICENSE-MIT", "licences:oxigraph/LICENSE-APACHE"],
    ),
    "world-atlas": ("world-atlas", ["countries-50m.json"], ["world-atlas/LICENSE"]),
    "topojson-client": (
        "topojson-client",
        ["dist/topojson-client.min.js"],
        ["topojson-client/LICENSE"],
    ),
    "minisearch": ("minisearch", ["dist/umd/index.js"], ["minisearch/LICENSE.txt"]),
    "cytoscape": ("cytoscape", ["dist/cytoscape.min.js"], ["cytoscape/LICENSE"]),
    "d3": ("d3", ["dist/d3.min.js"], ["d3/LICENSE"]),
    "@observablehq/plot": ("plot", ["dist/plot.umd.min.js"], ["@observablehq/plot/LICENSE"]),
    "axe-core": ("axe-core", ["axe.min.js"], ["axe-core/LICENSE"]),
}
TEST_ONLY = frozenset({"axe-core"})


def sha256(data: bytes) -> str:
    """The hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def vendor_root(package: str) -> Path:
    """Where a package's copies go: the site's vendor folder, or the tests' for test assets."""
    return TEST_VENDOR if package in TEST_ONLY else SITE_VENDOR


def licence_source(modules: Path, spec: str) -> Path:
    """The file a licence entry names (``licences:…`` under scripts/licences)."""
    if spec.startswith("licences:"):
        return EXTRA_LICENCES / spec.removeprefix("licences:")
    return modules / spec


def licence_name(spec: str) -> str:
    """The copy's name: ``LICENSES/<package>-<file>`` (scope and folders flattened)."""
    path = spec.removeprefix("licences:")
    return "LICENSES/" + path.replace("@", "").replace("/", "-")


def planned(modules: Path, lock: dict[str, dict[str, str]]) -> dict[Path, dict[str, object]]:
    """Per vendor root its manifest, and the (copy path → bytes) to write, from node_modules."""
    roots: dict[Path, dict[str, object]] = {}
    for package, (folder, files, licences) in sorted(PACKAGES.items()):
        entry = lock[f"node_modules/{package}"]
        installed = json.loads((modules / package / "package.json").read_text(encoding="utf-8"))
        if installed["version"] != entry["version"]:
            raise SystemExit(
                f"error: {package} {installed['version']} is installed, the "
                f"lockfile has {entry['version']} (run npm ci)"
            )
        root = vendor_root(package)
        manifest = roots.setdefault(root, {"packages": {}, "copies": {}})
        copies: dict[str, bytes] = manifest["copies"]  # type: ignore[assignment]
        listed: dict[str, str] = {}
        sources = [(modules / package / f, f"{folder}/{Path(f).name}") for f in files]
        sources += [(licence_source(modules, s), f"{folder}/{licence_name(s)}") for s in licences]
        for source, target in sources:
            data = source.read_bytes()
            copies[target] = data
            listed[target] = sha256(data)
        packages: dict[str, object] = manifest["packages"]  # type: ignore[assignment]
        packages[package] = {
            "version": entry["version"],
            "integrity": entry["integrity"],
            "license": entry.get("license", ""),
            "files": listed,
        }
    return roots


def manifest_bytes(packages: object) -> bytes:
    """The manifest file (sorted keys, two-space indent, final newline)."""
    return (json.dumps({"packages": packages}, indent=2, sort_keys=True) + "\n").encode()


def differences(root: Path, plan: dict[str, object]) -> list[str]:
    """What differs between ``root`` and the planned copies (empty when equal)."""
    copies: dict[str, bytes] = plan["copies"]  # type: ignore[assignment]
    wanted = {**copies, MANIFEST: manifest_bytes(plan["packages"])}
    present = {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}
    problems = [f"{root / name}: not from the lockfile" for name in sorted(present - set(wanted))]
    for name, data in sorted(wanted.items()):
        path = root / name
        if not path.is_file() or path.read_bytes() != data:
            problems.append(f"{path}: differs from node_modules (run scripts/vendor_js.py)")
    return problems


def main(argv: list[str] | None = None) -> int:
    """Copy (or with ``--check`` compare) the vendored files; 0 when they are as planned."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare only, write nothing")
    parser.add_argument("--node-modules", type=Path, default=ROOT / "node_modules")
    args = parser.parse_args(argv)
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    plans = planned(args.node_modules, lock)
    if args.check:
        problems = [p for root, plan in plans.items() for p in differences(root, plan)]
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        return 1 if problems else 0
    for root, plan in plans.items():
        copies: dict[str, bytes] = plan["copies"]  # type: ignore[assignment]
        for path in sorted(root.rglob("*"), reverse=True):
            if path.is_file():
                path.unlink()
        for name, data in {**copies, MANIFEST: manifest_bytes(plan["packages"])}.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
