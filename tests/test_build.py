import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BROKEN, FIXTURE_BUNDLE, INVALID, tree_bytes
from graphs import expected_published, rdflib_sources
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from sekom_kg.core.errors import NotConformingError, TurtleSyntaxError
from sekom_kg.core.namespaces import DCTERMS, VOID
from sekom_kg.metadata.document import METADATA_FILES
from sekom_kg.publish.build import build, graph_iri
from sekom_kg.rdfio.formats import RdfFormat

BASE = "https://w3id.org/sekom/"
SINGLE = [RdfFormat.TURTLE, RdfFormat.NTRIPLES, RdfFormat.JSONLD, RdfFormat.RDFXML]


def test_writes_every_format_and_manifest(mini_bundle: Path, tmp_path: Path) -> None:
    result = build(tmp_path / "dist")
    names = {p.name for p in (tmp_path / "dist").iterdir()}
    assert names == {f"sekom{f.extension}" for f in RdfFormat} | {
        "shapes.ttl",
        "manifest.json",
        "queries.ttl",
        *METADATA_FILES,
        "site",
        ".sekom-kg-output",  # marks a folder that the next build may replace
    }
    assert result.triples == len(expected_published("fixture"))


@pytest.mark.parametrize("fmt", SINGLE, ids=lambda f: f.cli_name)
def test_single_graph_round_trip(mini_bundle: Path, tmp_path: Path, fmt: RdfFormat) -> None:
    build(tmp_path / "dist")
    expected = expected_published("fixture")
    parsed = Graph().parse(tmp_path / "dist" / f"sekom{fmt.extension}", format=fmt.rdflib_name)
    assert isomorphic(parsed, expected)


def test_trig_named_graphs(mini_bundle: Path, tmp_path: Path) -> None:
    build(tmp_path / "dist")
    ontology = rdflib_sources().ontology
    dataset = Dataset()
    dataset.parse(tmp_path / "dist" / "sekom.trig", format="trig")
    graphs = {str(g.identifier): g for g in dataset.graphs() if len(g)}
    assert set(graphs) == {str(graph_iri(BASE, n)) for n in ("ontology", "data", "metadata")}
    assert isomorphic(graphs[str(graph_iri(BASE, "ontology"))], ontology)
    union = Graph()
    union += graphs[str(graph_iri(BASE, "ontology"))]
    union += graphs[str(graph_iri(BASE, "data"))]
    assert isomorphic(union, expected_published("fixture"))
    metadata = graphs[str(graph_iri(BASE, "metadata"))]
    dataset_iri = URIRef(BASE + "dataset")
    assert metadata.value(dataset_iri, VOID.triples).toPython() == len(union)
    assert {t.language for t in metadata.objects(dataset_iri, DCTERMS.title)} == {"sv", "en"}
    assert (dataset_iri, DCTERMS.modified, None) not in metadata


def test_source_date_epoch_sets_modified(mini_bundle: Path, tmp_path: Path) -> None:
    build(tmp_path / "dist", source_date_epoch=1_600_000_000)
    text = (tmp_path / "dist" / "sekom.trig").read_text(encoding="utf-8")
    assert '"2020-09-13T12:26:40Z"^^xsd:dateTime' in text


def test_manifest_matches_files(mini_bundle: Path, tmp_path: Path) -> None:
    build(tmp_path / "dist")
    manifest = json.loads((tmp_path / "dist" / "manifest.json").read_text())["files"]
    assert list(manifest) == sorted(manifest)
    for name, entry in manifest.items():
        content = (tmp_path / "dist" / name).read_bytes()
        assert entry["bytes"] == len(content)
        assert entry["sha256"] == hashlib.sha256(content).hexdigest()
    assert manifest["sekom.jsonld"]["media_type"] == "application/ld+json"
    assert (tmp_path / "dist" / "shapes.ttl").read_bytes() == (
        mini_bundle / "ontology" / "shapes.ttl"
    ).read_bytes()


BUILD_SCRIPT = """
import sys
from pathlib import Path
from sekom_kg.core import resources
resources.bundle_root = lambda: Path(sys.argv[1])
from sekom_kg.publish.build import build
build(sys.argv[2])
"""


def test_builds_are_byte_identical_across_hash_seeds(tmp_path: Path) -> None:
    """Two builds in processes with different hash seeds give the same bytes."""
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-c", BUILD_SCRIPT, str(FIXTURE_BUNDLE), str(tmp_path / seed)],
            check=True,
            env=env,
        )
    assert tree_bytes(tmp_path / "1") == tree_bytes(tmp_path / "2")


def _previous_build(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    out = tmp_path / "dist"
    build(out)
    (out / "extra-file.txt").write_text("left by a previous run\n")
    return out, tree_bytes(out)


def _leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


def test_broken_turtle_leaves_out_dir_untouched(mini_bundle: Path, tmp_path: Path) -> None:
    out, before = _previous_build(tmp_path)
    shutil.copy(BROKEN, mini_bundle / "data" / "broken.ttl")
    with pytest.raises(TurtleSyntaxError):
        build(out)
    assert tree_bytes(out) == before
    assert _leftovers(out) == []


def test_not_conforming_leaves_out_dir_untouched(mini_bundle: Path, tmp_path: Path) -> None:
    out, before = _previous_build(tmp_path)
    shutil.copy(INVALID / "event-without-start-date.ttl", mini_bundle / "data" / "events")
    with pytest.raises(NotConformingError) as info:
        build(out)
    assert not info.value.report.conforms
    assert tree_bytes(out) == before
    assert _leftovers(out) == []


def test_failure_while_writing_restores_nothing_changed(
    mini_bundle: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, before = _previous_build(tmp_path)
    real_rename = os.rename
    failed: list[Path] = []

    def failing_rename(src: str | Path, dst: str | Path) -> None:
        if Path(dst) == out.absolute() and not failed:  # the swap fails, the restore works
            failed.append(Path(src))
            raise OSError("disk full")
        real_rename(src, dst)

    monkeypatch.setattr(os, "rename", failing_rename)
    with pytest.raises(OSError, match="disk full"):
        build(out)
    assert tree_bytes(out) == before
    assert _leftovers(out) == []


def test_rebuild_replaces_out_dir(mini_bundle: Path, tmp_path: Path) -> None:
    out, _ = _previous_build(tmp_path)
    build(out)
    assert not (out / "extra-file.txt").exists()
    assert _leftovers(out) == []


def test_base_remints(mini_bundle: Path, tmp_path: Path) -> None:
    new = "https://example.org/kg/"
    build(tmp_path / "dist", base=new)
    for fmt in SINGLE:
        parsed = Graph().parse(tmp_path / "dist" / f"sekom{fmt.extension}", format=fmt.rdflib_name)
        iris = {str(t) for triple in parsed for t in triple if isinstance(t, URIRef)}
        assert not any(i.startswith("https://w3id.org/sekom/id/") for i in iris), fmt
        assert "https://w3id.org/sekom/ontology#Visit" in iris
    nt = (tmp_path / "dist" / "sekom.nt").read_text(encoding="utf-8")
    assert "<https://example.org/kg/id/event/2007-conference>" in nt
    assert "<https://w3id.org/sekom/ontology#Visit>" in nt
    trig = (tmp_path / "dist" / "sekom.trig").read_text(encoding="utf-8")
    assert "<https://example.org/kg/dataset/graph/data>" in trig
    assert "w3id.org/sekom/id/" not in trig
