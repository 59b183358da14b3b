"""Build the wheel and install it into a fresh venv: the bundled files must ship inside it.

Works offline (``--no-isolation`` uses the installed hatchling); deselect with ``-m 'not wheel'``.
"""

import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from sekom_kg.core import resources

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.wheel


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("build")
    pytest.importorskip("hatchling")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("sekom_kg-*.whl")
    return built


def test_wheel_contains_bundle(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "sekom_kg/_bundled/ontology/sekom.ttl" in names
    for folder in ("ontology", "data", "queries"):
        for path in sorted((REPO / folder).rglob("*")):
            if path.is_file():
                assert f"sekom_kg/_bundled/{path.relative_to(REPO).as_posix()}" in names
    assert any(n.startswith("sekom_kg/_bundled/data/") for n in names)
    # package data the build reads: settings and the schema.org domains of the schema.org view
    assert {"sekom_kg/default_config.toml", "sekom_kg/assembly/schemaorg-domains.json"} <= names


def test_installed_wheel_finds_bundle(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", "--system-site-packages", str(venv)],
        check=True,
    )
    python = venv / "bin" / "python"
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    # The current environment's dependencies, without its editable sekom_kg (no .pth processing).
    (site / "_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-index",
            "--quiet",
            str(wheel),
        ],
        check=True,
    )
    code = (
        "from sekom_kg.core import resources\n"
        "print(resources.data_dir()); print(resources.ontology_path().is_file())"
    )
    out = subprocess.run(
        [str(python), "-c", code], check=True, capture_output=True, text=True, cwd=tmp_path
    ).stdout.splitlines()
    assert Path(out[0]).is_relative_to(site / "sekom_kg" / "_bundled")
    assert out[1] == "True"
    assert not Path(out[0]).is_relative_to(resources.bundle_root())
