"""sekom-kg: the knowledge graph of Sveriges Ekokommuner's international collaborations.

Importing the package is cheap: heavy libraries (rdflib, pyshacl) load only in the
modules that need them.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("sekom-kg")
except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
