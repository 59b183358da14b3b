"""Scale the real graph up, deterministically, for the benchmarks.

``python -m benchmarks.generate 100k`` writes ``benchmarks/generated/100k/``, a bundle root
(``ontology/``, ``data/``, ``queries/``) that ``SEKOM_KG_BUNDLE_ROOT`` points sekom-kg at:

* ``data/`` holds the real data files unchanged, plus copies of every resource under
  ``https://w3id.org/sekom/id/`` (activities, participations, organisations, people, places,
  collaborations, sources …) with suffixed IRIs (``…-b7``). Sources are copied too, so every
  evidence substring still occurs in its paragraph and every start year still matches its
  heading; vocabularies and the ontology are shared. Agents of participations are re-linked,
  with a seeded RNG, to the same agent in a random earlier copy, so the graph is one network.
  It conforms to the shapes (the real data's warnings and infos are copied too).
* ``violations.ttl`` holds three broken fixtures from ``tests/data/invalid/`` (for
  ``sekom-kg validate violations.ttl``: a report with violations).

Same size in, same bytes out.
"""

from __future__ import annotations

import hashlib
import random
import shutil
import sys
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
OUT = Path(__file__).resolve().parent / "generated"
ID = "https://w3id.org/sekom/id/"
AGENT = "http://www.w3.org/ns/prov#agent"
SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
VIOLATIONS = ["Activity__no-start-date", "Place__latitude-out-of-range", "Participation__no-role"]
PREFIXES = {
    "schema": "https://schema.org/",
    "sekom": "https://w3id.org/sekom/ontology#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "id": ID,
}
CHUNK = 40  # copies per data file
SEED = 20020521


def parse_size(text: str) -> int:
    """``10k``/``100k``/``1m`` or a plain number of triples."""
    return SIZES.get(text.lower()) or int(text.lower().replace("k", "000").replace("m", "000000"))


def real_triples() -> list[ox.Triple]:
    """Every triple of the real data files, in a stable order."""
    triples: set[ox.Triple] = set()
    for path in sorted((ROOT / "data").rglob("*.ttl")):
        triples.update(q.triple for q in ox.parse(path=path, format=ox.RdfFormat.TURTLE))
    return sorted(triples, key=str)


def clone(triples: list[ox.Triple], copy: int, rng: random.Random) -> list[ox.Triple]:
    """Copy ``copy`` of ``triples``: instance IRIs suffixed, agents re-linked at random."""
    cache: dict[tuple[str, int], ox.NamedNode] = {}

    def rename(term: object, target: int) -> object:
        if isinstance(term, ox.NamedNode) and term.value.startswith(ID) and target > 0:
            key = (term.value, target)
            if key not in cache:
                cache[key] = ox.NamedNode(f"{term.value}-b{target}")
            return cache[key]
        return term

    out = []
    for t in triples:
        target = rng.randint(0, copy) if t.predicate.value == AGENT else copy
        out.append(ox.Triple(rename(t.subject, copy), t.predicate, rename(t.object, target)))
    return out


def fingerprint(size: str) -> str:
    """SHA-256 over the size, this generator and every bundled source it copies."""
    digest = hashlib.sha256(f"{size}\n".encode())
    sources = [Path(__file__), *sorted((ROOT / "ontology").rglob("*"))]
    sources += [*sorted((ROOT / "data").rglob("*")), *sorted((ROOT / "queries").rglob("*"))]
    sources += sorted((ROOT / "tests" / "data" / "invalid").glob("*.ttl"))
    for path in sources:
        if path.is_file():
            digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def generate(size: str, out: Path | None = None) -> Path:
    """Write the bundle for ``size`` (skipped if complete for the same sources); its root."""
    root = out or OUT / size
    done = root / ".complete"
    key = fingerprint(size)
    if done.is_file() and key in done.read_text(encoding="utf-8"):
        return root
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(ROOT / "ontology", root / "ontology")
    shutil.copytree(ROOT / "queries", root / "queries")
    shutil.copytree(ROOT / "data", root / "data" / "real")
    base = real_triples()
    copies = max(0, round(parse_size(size) / len(base)) - 1)
    rng = random.Random(SEED)
    for start in range(1, copies + 1, CHUNK):
        chunk: list[ox.Triple] = []
        for copy in range(start, min(start + CHUNK, copies + 1)):
            chunk.extend(clone(base, copy, rng))
        target = root / "data" / f"copies-{start:05d}.ttl"
        ox.serialize(chunk, target, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    invalid = ROOT / "tests" / "data" / "invalid"
    (root / "violations.ttl").write_bytes(
        b"\n".join((invalid / f"{name}.ttl").read_bytes() for name in VIOLATIONS)
    )
    done.write_text(f"{(copies + 1) * len(base)} data triples\n{key}\n", encoding="utf-8")
    return root


def main(argv: list[str]) -> None:
    """``python -m benchmarks.generate SIZE…``"""
    for size in argv or ["10k"]:
        print(generate(size))


if __name__ == "__main__":
    main(sys.argv[1:])
