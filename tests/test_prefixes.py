"""One prefix per namespace everywhere: the data, the ontology, the bundled queries, the
JSON-LD context and every published file use the names of ``sekom_kg.core.namespaces``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sekom_kg.core.namespaces import prefixes

ROOT = Path(__file__).resolve().parents[1]
TABLE = prefixes()
BY_NAMESPACE = {namespace: name for name, namespace in TABLE.items()}
DECLARATION = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.M | re.I)
SOURCES = sorted(
    [
        *ROOT.glob("data/**/*.ttl"),
        *ROOT.glob("ontology/*.ttl"),
        *ROOT.glob("queries/*.rq"),
        *ROOT.glob("tests/data/bundle/**/*.ttl"),
        *ROOT.glob("tests/data/invalid/*.ttl"),
    ]
)


def disagreements(text: str) -> list[str]:
    """Each declaration that names a known namespace otherwise, or a known name otherwise."""
    found = []
    for name, namespace in DECLARATION.findall(text):
        if namespace in BY_NAMESPACE and BY_NAMESPACE[namespace] != name:
            found.append(f"{name}: <{namespace}> should be {BY_NAMESPACE[namespace]}:")
        elif name in TABLE and TABLE[name] != namespace:
            found.append(f"{name}: <{namespace}> is not <{TABLE[name]}>")
    return found


def test_one_name_per_namespace_in_the_table() -> None:
    assert len(BY_NAMESPACE) == len(TABLE)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_sources_use_the_table(path: Path) -> None:
    assert disagreements(path.read_text(encoding="utf-8")) == []


def test_the_check_sees_another_name() -> None:
    text = "@prefix o: <https://w3id.org/sekom/id/org/> .\nPREFIX schema: <http://schema.org/>"
    assert len(disagreements(text)) == 2


def test_the_jsonld_context_is_the_table() -> None:
    context = json.loads((ROOT / "ontology" / "context.jsonld").read_text(encoding="utf-8"))
    assert context["@context"] == TABLE


@pytest.mark.parametrize(
    "name", ["sekom.ttl", "sekom.trig", "queries.ttl", "catalog.ttl", "void.ttl"]
)
def test_published_files_use_the_table(published_dist: Path, name: str) -> None:
    text = (published_dist / name).read_text(encoding="utf-8")
    assert DECLARATION.findall(text), "the file declares prefixes"
    assert disagreements(text) == []
