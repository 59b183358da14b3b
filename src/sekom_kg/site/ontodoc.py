"""The ontology documentation (classes, properties, shapes) and the query catalogue."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from sekom_kg.core.namespaces import BASE, OWL, RDF, RDFS, SH, SKOS
from sekom_kg.site.pages import Linker, Ref
from sekom_kg.site.text import curie, labels, local_name, n3, texts

TERM_KINDS = (
    (OWL.Class, "classes"),
    (OWL.ObjectProperty, "object"),
    (OWL.DatatypeProperty, "datatype"),
)


@dataclass
class Term:
    """One ontology term and its documentation."""

    anchor: str
    iri: str
    label: dict[str, str]
    comment: dict[str, str]
    parents: list[Ref]
    domain: list[Ref]
    range: list[Ref]


@dataclass
class Shape:
    """One SHACL node shape with its property shapes' names and messages."""

    name: str
    iri: str
    targets: list[Ref]
    properties: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    message: dict[str, str] = field(default_factory=dict)


def terms(graph: Graph, linker: Linker, kind: URIRef) -> list[Term]:
    """The documented terms of one OWL kind, sorted by local name."""
    found = []
    for term in sorted(graph.subjects(RDF.type, kind), key=local_name):
        if not str(term).startswith("https://w3id.org/sekom/ontology#"):
            continue
        parent_prop = RDFS.subClassOf if kind == OWL.Class else RDFS.subPropertyOf
        found.append(
            Term(
                anchor=local_name(term),
                iri=str(term),
                label=labels(graph, term),
                comment=texts(graph, term, RDFS.comment),
                parents=[linker.term(p) for p in sorted(graph.objects(term, parent_prop), key=n3)],
                domain=[linker.term(d) for d in sorted(graph.objects(term, RDFS.domain), key=n3)],
                range=[linker.term(r) for r in sorted(graph.objects(term, RDFS.range), key=n3)],
            )
        )
    return found


def _lang_texts(graph: Graph, node: Node, prop: URIRef) -> dict[str, str]:
    found = texts(graph, node, prop)
    plain = [str(v) for v in graph.objects(node, prop) if isinstance(v, Literal)]
    return found or ({"en": plain[0]} if plain else {})


def shapes(shapes_graph: Graph | None, linker: Linker) -> list[Shape]:
    """Named node shapes with their property shapes' ``sh:name`` and ``sh:message``."""
    if shapes_graph is None:
        return []
    found = []
    for shape in sorted(set(shapes_graph.subjects(RDF.type, SH.NodeShape)), key=n3):
        if not isinstance(shape, URIRef):
            continue
        props = []
        for prop in shapes_graph.objects(shape, SH.property):
            path = shapes_graph.value(prop, SH.path)
            named = texts(shapes_graph, prop, SH.name) or _lang_texts(shapes_graph, prop, SH.name)
            fallback = curie(path) if isinstance(path, URIRef) else "(path)"
            name = named.get("en") or next(iter(named.values()), fallback)
            props.append((name, _lang_texts(shapes_graph, prop, SH.message)))
        targets = sorted(shapes_graph.objects(shape, SH.targetClass), key=n3)
        found.append(
            Shape(
                name=labels(shapes_graph, shape)["en"],
                iri=str(shape),
                targets=[linker.term(t) for t in targets],
                properties=sorted(props, key=lambda p: (p[0], sorted(p[1].items()))),
                message=_lang_texts(shapes_graph, shape, SH.message),
            )
        )
    return found


def schemes(graph: Graph, linker: Linker) -> list[Ref]:
    """The SKOS concept schemes, linked."""
    return [linker.term(s) for s in sorted(graph.subjects(RDF.type, SKOS.ConceptScheme), key=str)]


@dataclass
class QueryDoc:
    """One catalogue query: header, text and its current result (or the error)."""

    name: str
    title: dict[str, str]
    description: dict[str, str]
    text: str
    columns: list[str] = field(default_factory=list)
    rows: list[list[Ref]] = field(default_factory=list)
    error: str | None = None
    bindings: dict[str, str] = field(default_factory=dict)


_HEADER = re.compile(r"^#\s*(title|description)(?:@(sv|en))?\s*:\s*(.*)$")


def parse_header(text: str) -> tuple[dict[str, str], dict[str, str]]:
    """Title and description (by language) from a query's ``# key@lang: value`` comments.

    >>> parse_header("# title: Events\\n# title@sv: Händelser\\nSELECT")[0]
    {'en': 'Events', 'sv': 'Händelser'}
    """
    found: dict[str, dict[str, str]] = {"title": {}, "description": {}}
    for line in text.splitlines():
        if match := _HEADER.match(line.strip()):
            found[match[1]][match[2] or "en"] = match[3].strip()
    return found["title"], found["description"]


def _entries(folder: Path, base: str) -> list[tuple[QueryDoc, dict[str, Node]]]:
    """The catalogue via ``sekom_kg.sparql.queries`` (defaults bound), else the ``.rq`` files.

    Texts and defaults move to ``base``, and so do the IRIs a country code is looked up as
    (the lookup reads the bundled graph, whose IRIs the site's graph re-mints).
    """
    try:
        from sekom_kg.sparql.api import bind_parameters
        from sekom_kg.sparql.queries import catalogue
        from sekom_kg.sparql.rebase import rebase_query, rebase_text

        entries = []
        for bundled in catalogue():
            query = rebase_query(bundled, base)
            title = {"en": query.title or query.name} | (
                {"sv": query.title_sv} if query.title_sv else {}
            )
            about = {"en": query.description} if query.description else {}
            about |= {"sv": query.description_sv} if query.description_sv else {}
            bindings: dict[str, Node] = {
                name: URIRef(rebase_text(str(term), base)) if isinstance(term, URIRef) else term
                for name, term in bind_parameters(query, None).items()
            }
            entries.append((QueryDoc(query.name, title, about, query.text), bindings))
        return entries
    except Exception:  # the catalogue module is missing or broken: read the files directly
        entries = []
        for path in sorted(folder.glob("*.rq")):
            text = path.read_text(encoding="utf-8")
            title, description = parse_header(text)
            entries.append((QueryDoc(path.stem, title or {"en": path.stem}, description, text), {}))
        return entries


if TYPE_CHECKING:
    from sekom_kg.sparql.results import QueryResult


def _evaluate(graph: Graph, doc: QueryDoc, bindings: dict[str, Node], store: Any) -> QueryResult:
    """Run one query on the pyoxigraph ``store`` (proven equal), else with rdflib."""
    from sekom_kg.sparql.execute import run_on_rdflib as _local
    from sekom_kg.sparql.queries import Query, query_form

    query = Query(doc.name, doc.text, query_form(doc.text, doc.name), doc.name)
    if store is not None:
        from sekom_kg.sparql.oxigraph_engine import run_on_store

        try:
            return run_on_store(store, query, bindings)  # type: ignore[arg-type]
        except Exception:  # a query pyoxigraph rejects: the reference engine decides
            pass
    return _local(graph, query, bindings)  # type: ignore[arg-type]


def _store_of(graph: Graph) -> Any:
    """``graph`` in a pyoxigraph Store, or None where pyoxigraph is missing."""
    try:
        from sekom_kg.sparql.oxigraph_engine import store_from_ntriples
    except ImportError:
        return None
    return store_from_ntriples(graph.serialize(format="nt", encoding="utf-8"))


def run_catalogue(graph: Graph, folder: Path, linker: Linker, base: str = BASE) -> list[QueryDoc]:
    """Every catalogue query run on ``graph``, minted under ``base`` (errors kept on the page)."""
    store = _store_of(graph)
    docs = []
    for doc, bindings in _entries(folder, base):
        doc.bindings = {name: str(value) for name, value in sorted(bindings.items())}
        try:
            result = _evaluate(graph, doc, bindings, store)
            if result.form == "ASK":
                doc.columns, doc.rows = ["ask"], [[Ref(str(bool(result.boolean)).lower())]]
            elif result.graph is not None:
                doc.columns = ["subject", "predicate", "object"]
                doc.rows = [
                    [linker.term(t) for t in triple]
                    for triple in sorted(result.graph, key=lambda t: [n3(x) for x in t])
                ]
            else:
                doc.columns = list(result.variables)
                doc.rows = [
                    [linker.term(v) if v is not None else Ref("") for v in row]
                    for row in result.terms
                ]
        except Exception as error:  # a broken query is shown on the page, not fatal
            doc.error = f"{type(error).__name__}: {error}"
        docs.append(doc)
    return docs
