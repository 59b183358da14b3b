"""The ``sekom-kg`` command line: parse options, call one library function, render, exit.

Heavy libraries (rdflib, pyshacl, rich tables) are imported inside the commands so that
``sekom-kg --help`` stays fast.
"""

from __future__ import annotations

from sekom_kg.cli import graph_commands, query_commands, store_commands
from sekom_kg.cli.app import cli

__all__ = ["cli", "graph_commands", "main", "query_commands", "store_commands"]


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="sekom-kg")
