"""Every published JSON-LD document reads the same in JSON-LD 1.0 and 1.1, offline.

pyld reads each ``.jsonld`` file of a build (``sekom.jsonld``, the catalogue, the schema.org
Dataset and the per-resource files of the site) and the JSON-LD embedded in every page, in
both processing modes, with a document loader that refuses every URL: a document that
needs a remote context, or declares a 1.1 feature a 1.0 processor rejects, fails here.
The graph read must be the one the build publishes as N-Triples or Turtle beside it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pyld import jsonld  # type: ignore[import-untyped]
from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from sekom_kg.cli import cli

MODES = ("json-ld-1.0", "json-ld-1.1")
OTHER_BASE = "https://data.example.org/kg/"
ISLAND = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
METADATA_GRAPH = "dataset/graph/metadata"


def refuse(url: str, options: dict[str, Any] | None = None) -> Any:
    """A document loader that loads nothing: every remote context is an error."""
    raise jsonld.JsonLdError(
        f"remote document refused: {url}",
        "jsonld.LoadDocumentError",
        {"url": url},
        code="loading document failed",
    )


def read(document: Any, mode: str) -> Graph:
    """The RDF of ``document`` as pyld reads it in ``mode``, offline."""
    options = {"format": "application/n-quads", "processingMode": mode, "documentLoader": refuse}
    quads = jsonld.to_rdf(document, options)
    return Graph().parse(data=quads, format="nt")


@pytest.fixture(scope="module", params=["default", "other"])
def dist(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build of the bundled data, under the default base and under another one."""
    out = tmp_path_factory.mktemp(f"jsonld-{request.param}") / "dist"
    args = ["build", "--out", str(out)]
    if request.param == "other":
        args += ["--base", OTHER_BASE]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return out


def metadata_graph(dist: Path) -> Graph:
    """The TriG's metadata named graph: what ``dataset.schema.jsonld`` must say."""
    dataset = Dataset().parse(dist / "sekom.trig", format="trig")
    (name,) = (c for c in dataset.graphs() if str(c.identifier).endswith(METADATA_GRAPH))
    graph = Graph()
    for triple in name:
        graph.add(triple)
    return graph


def reference(path: Path, dist: Path) -> Graph:
    """The graph the build publishes for ``path`` in another syntax."""
    for suffix, syntax in ((".nt", "nt"), (".ttl", "turtle")):
        twin = path.with_suffix(suffix)
        if twin.is_file():
            return Graph().parse(twin, format=syntax)
    assert path.name == "dataset.schema.jsonld", f"{path}: nothing to compare with"
    # The schema.org Dataset: its statements are in the metadata graph (those with blank
    # nodes, such as the citation, are compared by isomorphism in the next test).
    return metadata_graph(dist)


def jsonld_files(dist: Path) -> Iterator[Path]:
    yield from sorted(dist.rglob("*.jsonld"))


def test_every_jsonld_file_reads_to_its_graph_in_both_modes(dist: Path) -> None:
    files = list(jsonld_files(dist))
    names = {p.name for p in files}
    assert {"sekom.jsonld", "catalog.jsonld", "dataset.schema.jsonld"} <= names
    assert sum(1 for p in files if "/id/" in p.as_posix()) > 300  # the resources' files
    problems: list[str] = []
    for path in files:
        document = json.loads(path.read_text(encoding="utf-8"))
        expected = reference(path, dist)
        for mode in MODES:
            try:
                graph = read(document, mode)
            except jsonld.JsonLdError as error:
                problems.append(f"{path.relative_to(dist)} ({mode}): {str(error)[:200]}")
                continue
            if path.name == "dataset.schema.jsonld":
                missing = [
                    t
                    for t in graph
                    if not any(isinstance(term, BNode) for term in t) and t not in expected
                ]
                if missing or not len(graph):
                    problems.append(f"{path.relative_to(dist)} ({mode}): not published {missing}")
            elif not isomorphic(graph, expected):
                problems.append(f"{path.relative_to(dist)} ({mode}): another graph")
    assert not problems, f"{len(problems)} problems, first: " + "\n".join(problems[:5])


def test_the_schema_org_dataset_is_its_metadata_graph_in_both_modes(dist: Path) -> None:
    """Blank nodes included: the Dataset document's graph, as the TriG holds it."""
    path = dist / "dataset.schema.jsonld"
    document = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(document["@context"], dict), "the context must be inline"
    expected = Graph().parse(path, format="json-ld")
    assert len(expected) > 50
    for mode in MODES:
        graph = read(document, mode)
        assert isomorphic(graph, expected), mode
        (dataset,) = graph.subjects(
            URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            URIRef("https://schema.org/Dataset"),
        )
        assert str(dataset).endswith("/dataset")


def test_every_page_jsonld_reads_offline_in_both_modes(dist: Path) -> None:
    problems: list[str] = []
    count = 0
    for page in sorted((dist / "site").rglob("*.html")):
        for text in ISLAND.findall(page.read_text(encoding="utf-8")):
            count += 1
            for mode in MODES:
                try:
                    graph = read(json.loads(text), mode)
                except jsonld.JsonLdError as error:
                    problems.append(f"{page.relative_to(dist)} ({mode}): {str(error)[:200]}")
                    continue
                if not len(graph):
                    problems.append(f"{page.relative_to(dist)} ({mode}): no statements")
    assert count > 300
    assert not problems, f"{len(problems)} problems, first: " + "\n".join(problems[:5])


def test_one_schema_org_namespace_everywhere(dist: Path) -> None:
    """No published file, page or context names ``http://schema.org/``.

    The site's copies of npm packages (``site/static/vendor/``, equal to what the lockfile
    gives) are not ours: the SPARQL editor's prefix table lists ``http://schema.org/``.
    """
    vendor = dist / "site" / "static" / "vendor"
    found = [
        str(p.relative_to(dist))
        for p in sorted(dist.rglob("*"))
        if p.is_file() and not p.is_relative_to(vendor) and b"http://schema.org" in p.read_bytes()
    ]
    assert not found


def test_the_landing_page_dataset_without_a_built_description(tmp_path: Path) -> None:
    """``site`` over a dist without ``dataset.schema.jsonld`` still embeds offline JSON-LD."""
    dist, site = tmp_path / "dist", tmp_path / "site"
    runner = CliRunner()
    result = runner.invoke(cli, ["build", "--out", str(dist), "--no-site"])
    assert result.exit_code == 0, result.output
    manifest = json.loads((dist / "manifest.json").read_text(encoding="utf-8"))
    del manifest["files"]["dataset.schema.jsonld"]
    (dist / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (dist / "dataset.schema.jsonld").unlink()
    args = ["site", "--dist", str(dist), "--out", str(site), "--base-url", "https://x.org/kg/"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    scripts = ISLAND.findall((site / "index.html").read_text(encoding="utf-8"))
    datasets = [json.loads(s) for s in scripts if '"Dataset"' in s]
    assert datasets
    for mode in MODES:
        graph = read(datasets[0], mode)
        types = set(graph.objects(None, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")))
        assert URIRef("https://schema.org/Dataset") in types, mode
