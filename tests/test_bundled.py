"""The real bundled ontology and data: they load, conform and build (content-independent)."""

from pathlib import Path

from graphs import expected_published
from rdflib import Graph
from rdflib.compare import isomorphic

from sekom_kg.assembly.load import load_sources
from sekom_kg.core import resources
from sekom_kg.publish.build import build
from sekom_kg.rdfio.formats import RdfFormat
from sekom_kg.validation.validate import validate_sources


def test_bundled_files_exist() -> None:
    for path in (resources.ontology_path(), resources.shapes_path(), resources.context_path()):
        assert path.is_file(), path


def test_bundled_graph_conforms() -> None:
    report = validate_sources(load_sources())
    assert report.conforms, "\n".join(
        f"{r.focus_node} [{r.shape_name}] {r.result_path}: {r.message}" for r in report.results
    )


def test_bundled_graph_builds_and_round_trips(tmp_path: Path) -> None:
    build(tmp_path / "dist")
    expected = expected_published("real")
    for fmt in (RdfFormat.TURTLE, RdfFormat.JSONLD):
        parsed = Graph().parse(tmp_path / "dist" / f"sekom{fmt.extension}", format=fmt.rdflib_name)
        assert isomorphic(parsed, expected), fmt
