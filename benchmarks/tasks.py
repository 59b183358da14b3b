"""One measurement in a fresh process: ``python -m benchmarks.tasks TASK`` prints JSON.

The bundle is ``$SEKOM_KG_BUNDLE_ROOT``. Setup (imports, loading the input) is not timed
unless the task is about it; the JSON holds ``seconds`` (the timed part) and ``peak_mb``
(the process's maximum resident set size, setup included). A query takes milliseconds, so
its ``seconds`` is the median of repeated calls on the warm store (see :func:`timed`), and
every engine hands back every value of its answer as Python objects. ``pair-query:NAME``
alternates sekom-kg's and bare pyoxigraph's calls in one process, so that both see the same
machine load; it adds ``anchor_seconds``. Tasks:

``ours-load``, ``ours-validate``, ``ours-write:FMT``, ``ours-build``, ``ours-query:NAME``;
``rdflib-load``, ``pyshacl-validate``, ``rdflib-write:FMT``, ``rdflib-query:NAME``,
``plain-build`` (rdflib + pyshacl end to end); ``ox-load``, ``turbo-validate``,
``ox-write:FMT``, ``ox-query:NAME`` (bare pyoxigraph / pyshacl-turbo); ``pair-query:NAME``.
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

FORMATS = ("ttl", "nt", "jsonld", "rdf", "trig")
RDFLIB_NAMES = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "rdf": "xml", "trig": "trig"}


def sources() -> list[Path]:
    from sekom_kg.assembly.load import data_files
    from sekom_kg.core import resources

    return [resources.ontology_path(), *data_files()]


def combined() -> Any:
    """Ontology + data + materialised triples, built by sekom-kg (setup for anchors)."""
    from sekom_kg.assembly.load import load_sources
    from sekom_kg.assembly.published import published_triples

    sources = load_sources()
    return published_triples(sources).to_rdflib(), sources.shapes


def published() -> Any:
    """Ontology + data + materialised triples as sekom-kg's build holds them (N-Triples)."""
    from sekom_kg.assembly.load import load_sources
    from sekom_kg.assembly.published import published_triples

    sources = load_sources()
    return published_triples(sources), sources.shapes


def ours(task: str, arg: str) -> Callable[[], object]:
    if task == "load":
        from sekom_kg.assembly.load import load_sources
        from sekom_kg.assembly.published import published_triples

        return lambda: published_triples(load_sources())
    if task == "validate":
        from sekom_kg.validation.validate import validate_graph

        graph, shapes = published()
        return lambda: validate_graph(graph, shapes)
    if task == "write":
        from sekom_kg.core.namespaces import BASE
        from sekom_kg.publish.build import graph_iri
        from sekom_kg.rdfio.context import load_context
        from sekom_kg.rdfio.formats import RdfFormat, write, write_trig

        full, _ = published()
        context = load_context()
        if arg == "trig":
            return lambda: write_trig({str(graph_iri(BASE, "data")): full}, BASE)
        return lambda: write(full, RdfFormat.from_extension("." + arg), context)
    if task == "build":
        from sekom_kg.publish.build import build

        out = tempfile.mkdtemp()
        return lambda: build(Path(out) / "dist", site=False)
    if task == "query":
        from sekom_kg.sparql.api import published_store, run_query
        from sekom_kg.sparql.queries import find_query

        published_store()
        query = find_query(arg)  # reading the file is setup, as for the anchors
        return lambda: run_query(query)
    raise ValueError(task)


def plain(task: str, arg: str) -> Callable[[], object]:
    from rdflib import Dataset, Graph

    if task == "load":
        paths = sources()
        return lambda: [Graph().parse(p, format="turtle") for p in paths]
    if task == "validate":
        import pyshacl

        graph, shapes = combined()
        options = {"inference": "none", "advanced": True, "allow_warnings": True}
        return lambda: pyshacl.validate(graph, shacl_graph=shapes, **options)
    if task == "write":
        graph, _ = combined()
        if arg == "trig":
            dataset = Dataset()
            named = dataset.graph("https://w3id.org/sekom/dataset/graph/data")
            for triple in graph:
                named.add(triple)
            return lambda: dataset.serialize(format="trig")
        return lambda: graph.serialize(format=RDFLIB_NAMES[arg])
    if task == "query":
        from sekom_kg.sparql.api import bind_parameters, published_graph
        from sekom_kg.sparql.execute import run_on_rdflib as _local
        from sekom_kg.sparql.queries import find_query

        graph, query = published_graph(), find_query(arg)
        return lambda: _local(graph, query, bind_parameters(query, {}))
    raise ValueError(task)


def oxigraph(task: str, arg: str) -> Callable[[], object]:
    import pyoxigraph as ox

    formats = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}
    formats |= {"jsonld": ox.RdfFormat.JSON_LD, "rdf": ox.RdfFormat.RDF_XML}
    if task == "load":
        paths = sources()

        def load() -> object:
            store = ox.Store()
            for path in paths:
                store.bulk_load(path=path, format=ox.RdfFormat.TURTLE)
            return store

        return load
    if task == "validate":
        import pyshacl_turbo

        graph, shapes = combined()
        options = {"inference": "none", "advanced": True, "allow_warnings": True}
        return lambda: pyshacl_turbo.validate(graph, shacl_graph=shapes, **options)
    from sekom_kg.sparql.api import published_store

    store = published_store()
    if task == "write":
        if arg == "trig":
            g = ox.NamedNode("https://w3id.org/sekom/dataset/graph/data")
            quads = [ox.Quad(q.subject, q.predicate, q.object, g) for q in store]
            return lambda: ox.serialize(quads, format=ox.RdfFormat.TRIG)
        return lambda: ox.serialize(store, format=formats[arg])
    if task == "query":
        from sekom_kg.sparql.api import bind_parameters
        from sekom_kg.sparql.queries import find_query, inject_values

        query = find_query(arg)
        text = inject_values(query.text, bind_parameters(query, {}))
        return lambda: read_answer(store.query(text))
    raise ValueError(task)


def read_answer(answer: Any) -> object:
    """Every value of a pyoxigraph answer as Python objects, as a caller would read it."""
    import pyoxigraph as ox

    if isinstance(answer, ox.QueryBoolean):
        return bool(answer)
    if isinstance(answer, ox.QueryTriples):
        return [(t.subject, t.predicate, t.object) for t in answer]
    width = range(len(answer.variables))
    return [tuple(solution[i] for i in width) for solution in answer]


def plain_build() -> None:
    """The plain pipeline: rdflib parse + materialise, pyshacl, rdflib writes every format."""
    import pyshacl
    from rdflib import Graph

    from benchmarks.plain_rules import materialise
    from sekom_kg.assembly.load import data_files
    from sekom_kg.core import resources

    ontology = Graph().parse(resources.ontology_path(), format="turtle")
    data = Graph()
    for path in data_files():
        data.parse(path, format="turtle")
    data += materialise(data, ontology)
    graph = ontology + data
    shapes = Graph().parse(resources.shapes_path(), format="turtle")
    pyshacl.validate(graph, shacl_graph=shapes, inference="none", advanced=True)
    for fmt in FORMATS:
        if fmt != "trig":
            graph.serialize(format=RDFLIB_NAMES[fmt], encoding="utf-8")


def timed(*runs: Callable[[], object], budget: float = 0.5, calls: int = 3) -> list[float]:
    """Median seconds of each of ``runs``, called in turn at least ``calls`` times and more
    while their total stays within ``budget`` (at most 100 rounds)."""
    times: list[list[float]] = [[] for _ in runs]
    while len(times[0]) < calls or (sum(map(sum, times)) < budget and len(times[0]) < 100):
        for run, spent in zip(runs, times, strict=True):
            start = time.perf_counter()
            run()
            spent.append(time.perf_counter() - start)
    return [statistics.median(spent) for spent in times]


def main(task: str) -> None:
    """Run ``task`` and print ``{"seconds": …, "peak_mb": …}`` (and ``anchor_seconds``)."""
    name, _, arg = task.partition(":")
    family, _, step = name.partition("-")
    factory = {"ours": ours, "rdflib": plain, "pyshacl": plain, "plain": plain}
    factory |= {"ox": oxigraph, "turbo": oxigraph, "pair": ours}
    run = plain_build if name == "plain-build" else factory[family](step, arg)
    if name == "pair-query":
        seconds, anchor = timed(run, oxigraph(step, arg), budget=1.0)
        figures = {"seconds": seconds, "anchor_seconds": anchor}
    else:  # a query takes milliseconds: the median of repeated calls; other tasks run once
        figures = {"seconds": (timed(run) if step == "query" else timed(run, calls=1, budget=0))[0]}
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({**figures, "peak_mb": round(peak, 1)}))


if __name__ == "__main__":
    main(sys.argv[1])
