"""The domains of schema.org properties and the schema.org class hierarchy, offline.

``schemaorg-domains.json`` is derived from the schema.org vocabulary (release 30.0, CC BY-SA 3.0,
schema.org): for every property its ``schema:domainIncludes``, for every class its direct
``rdfs:subClassOf`` parents, by local name. :func:`derive` rebuilds it from the vocabulary file;
``tests/test_schema_org_usage.py`` checks that the packaged file equals it.

>>> document()["domains"]["attendee"]
['Event']
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

SCHEMA = "https://schema.org/"
DOMAINS_FILE = "schemaorg-domains.json"
RELEASE = "30.0"


def derive(vocabulary: Path) -> dict[str, Any]:
    """The packaged document, from a schema.org vocabulary file in Turtle."""
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=str(vocabulary), format=ox.RdfFormat.TURTLE)

    def pairs(predicate: str) -> dict[str, list[str]]:
        found: dict[str, set[str]] = {}
        for quad in store.quads_for_pattern(None, ox.NamedNode(predicate), None):
            subject, obj = quad.subject, quad.object
            if not (isinstance(subject, ox.NamedNode) and isinstance(obj, ox.NamedNode)):
                continue
            if subject.value.startswith(SCHEMA) and obj.value.startswith(SCHEMA):
                key = subject.value[len(SCHEMA) :]
                found.setdefault(key, set()).add(obj.value[len(SCHEMA) :])
        return {key: sorted(values) for key, values in sorted(found.items())}

    return {
        "source": f"schema.org release {RELEASE}, https://schema.org/ (CC BY-SA 3.0)",
        "domains": pairs(SCHEMA + "domainIncludes"),
        "parents": pairs("http://www.w3.org/2000/01/rdf-schema#subClassOf"),
    }


def serialise(document: dict[str, Any]) -> str:
    """The file's text: sorted keys, one property or class per line."""
    lines = [f'  "source": {json.dumps(document["source"])},']
    for key in ("domains", "parents"):
        items = [f"    {json.dumps(k)}: {json.dumps(v)}" for k, v in document[key].items()]
        lines.append(f'  "{key}": {{\n' + ",\n".join(items) + "\n  }" + ("," * (key == "domains")))
    return "{\n" + "\n".join(lines) + "\n}\n"


@cache
def document() -> dict[str, Any]:
    text = files("sekom_kg.assembly").joinpath(DOMAINS_FILE).read_text(encoding="utf-8")
    return dict(json.loads(text))
