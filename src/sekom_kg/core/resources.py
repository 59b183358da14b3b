"""Where the bundled ontology, data and queries live.

In an installed wheel they are package data under ``sekom_kg/_bundled/``; in a checkout
or editable install they are the repository's top-level folders.

>>> (ontology_dir() / "sekom.ttl").name
'sekom.ttl'
"""

from __future__ import annotations

import os
import stat
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from sekom_kg.core.errors import InputError

_BUNDLED = "_bundled"


#: Environment variable naming another bundle root (used by the benchmarks).
BUNDLE_ENV = "SEKOM_KG_BUNDLE_ROOT"


def bundle_root() -> Path:
    """The folder holding ``ontology/``, ``data/`` and ``queries/`` (a real filesystem path).

    ``$SEKOM_KG_BUNDLE_ROOT``, if set, overrides it (e.g. a generated benchmark bundle).
    """
    return _resolved_root(os.environ.get(BUNDLE_ENV) or None)


def package_root() -> Path:
    """The package's own bundle folder, whatever ``$SEKOM_KG_BUNDLE_ROOT`` says."""
    return _resolved_root(None)


@lru_cache(maxsize=8)
def _resolved_root(override: str | None) -> Path:
    if override:
        return Path(override).resolve()
    bundled = files("sekom_kg") / _BUNDLED
    if bundled.is_dir():
        return Path(str(bundled)).resolve()
    return Path(__file__).resolve().parents[3]


def ontology_dir() -> Path:
    """The folder with ``sekom.ttl``, ``shapes.ttl`` and ``context.jsonld``."""
    return bundle_root() / "ontology"


def data_dir() -> Path:
    """The folder with the data Turtle files (``*.ttl`` and ``events/*.ttl``)."""
    return bundle_root() / "data"


def queries_dir() -> Path:
    """The folder with the bundled SPARQL queries (``NN_slug.rq``)."""
    return bundle_root() / "queries"


def ontology_path() -> Path:
    """The OWL ontology, ``ontology/sekom.ttl``."""
    return ontology_dir() / "sekom.ttl"


def shapes_path() -> Path:
    """The SHACL shapes, ``ontology/shapes.ttl``."""
    return ontology_dir() / "shapes.ttl"


def context_path() -> Path:
    """The JSON-LD context published with the data, ``ontology/context.jsonld``."""
    return ontology_dir() / "context.jsonld"


def files_in(folder: Path, suffix: str) -> list[Path]:
    """The ``*suffix`` entries directly in ``folder``, sorted; InputError if it cannot be listed."""
    try:
        names = os.listdir(folder)
    except OSError as error:
        raise InputError(f"{folder}: cannot read folder: {error.strerror}") from error
    return sorted(folder / name for name in names if name.endswith(suffix))


def turtle_files(folder: Path) -> list[Path]:
    """Every ``*.ttl`` file under ``folder``, recursively, sorted; InputError naming the first
    entry that cannot be read.

    The folder holds Turtle files and folders only (hidden ones, ``.name``, are skipped: editor
    and version-control files): a folder that cannot be listed, a broken symbolic link, a FIFO
    or device, or any other file is an error, so that no part of the data goes missing
    unnoticed. Symbolic links to folders are followed (a loop is an error).
    """
    found: list[Path] = []
    _walk(folder, found, frozenset())
    return sorted(found)


def _walk(folder: Path, found: list[Path], above: frozenset[Path]) -> None:
    real = folder.resolve()
    if real in above:
        raise InputError(f"{folder}: symbolic link loop")
    try:
        with os.scandir(folder) as listing:
            names = sorted(entry.name for entry in listing)
    except NotADirectoryError as error:
        raise InputError(f"{folder}: not a folder") from error
    except FileNotFoundError as error:
        raise InputError(f"{folder}: no such folder") from error
    except OSError as error:
        raise InputError(f"{folder}: cannot read folder: {error.strerror}") from error
    for name in names:
        if name.startswith("."):
            continue
        path = folder / name
        try:
            mode = os.stat(path).st_mode  # follows symbolic links
        except FileNotFoundError as error:
            raise InputError(f"{path}: broken symbolic link") from error
        except OSError as error:
            raise InputError(f"{path}: cannot read: {error.strerror}") from error
        if stat.S_ISDIR(mode):
            _walk(path, found, above | {real})
        elif not stat.S_ISREG(mode):
            raise InputError(f"{path}: not a regular file or folder")
        elif name.endswith(".ttl"):
            found.append(path)
        else:
            raise InputError(f"{path}: not a Turtle file (*.ttl); the data folder holds only those")
