"""Build time grows linearly with the input: a long literal does not make the build quadratic.

A 2 MB literal took minutes before (rdflib's N-Triples reader re-scanned its buffer for
every 2 kB it read); now it is a few seconds. The bounds are generous safety limits.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

FIXTURE_BUNDLE = Path(__file__).parents[1] / "data" / "bundle"
ORG = "https://w3id.org/sekom/id/org/sekom"
PROPERTY = "https://schema.org/disambiguatingDescription"
MB = 1_000_000


def long_literal_bundle(root: Path, text: str) -> Path:
    shutil.copytree(FIXTURE_BUNDLE, root)
    graph = Graph()
    graph.add((URIRef(ORG), URIRef(PROPERTY), Literal(text, lang="en")))
    graph.serialize(root / "data" / "long.ttl", format="turtle", encoding="utf-8")
    return root


@pytest.mark.parametrize(
    "unit",
    [
        "abcdefghi ",  # plain text
        'a "quote" \\ back\nslash é\u2028 ',  # escapes in every format, a raw separator
    ],
)
def test_build_with_a_2_mb_literal_completes(tmp_path: Path, unit: str) -> None:
    text = unit * (2 * MB // len(unit))
    root = long_literal_bundle(tmp_path / "bundle", text)
    env = {**os.environ, "SEKOM_KG_BUNDLE_ROOT": str(root), "SEKOM_KG_CACHE_DIR": "off"}
    out = tmp_path / "dist"
    done = subprocess.run(
        [sys.executable, "-c", "from sekom_kg.cli import main; main()", "build", "--out", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    page = (out / "site" / "id" / "org" / "sekom.html").read_text(encoding="utf-8")
    assert text[:1000].replace("&", "&amp;").replace('"', "&#34;") in page
    # pyoxigraph reads it back: rdflib's own N-Triples reader is the quadratic one.
    nt = (out / "site" / "id" / "org" / "sekom.nt").read_bytes()
    values = [t.object.value for t in ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)]
    assert text in values
