"""The site-wide pages: landing, resource index, timeline, map, ontology and queries."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from rdflib import URIRef

from sekom_kg.core import resources as bundled
from sekom_kg.core.namespaces import DATA_LICENSE, ONTOLOGY_PREFIX, OWL
from sekom_kg.metadata.schema_org import LOCAL_CONTEXT
from sekom_kg.site import atlas, geo, ontodoc
from sekom_kg.site.describe import resources
from sekom_kg.site.kinds import kind_label
from sekom_kg.site.layout import (
    BROWSE_PAGE,
    DOWNLOAD_DIR,
    LANDING,
    MAP_PAGE,
    ONTOLOGY_PAGE,
    QUERIES_PAGE,
    TIMELINE_PAGE,
)
from sekom_kg.site.pages import Linker
from sekom_kg.site.text import labels
from sekom_kg.site.timeline import timeline

if TYPE_CHECKING:
    from sekom_kg.site.render import Renderer

TITLE = {
    "sv": "Sveriges Ekokommuners internationella samarbeten 2002–2021",
    "en": "International collaborations of Sveriges Ekokommuner 2002–2021",
}
SOURCE_URL = "https://www.sekom.se/Internationella-samarbeten"


def schema_dataset(r: Renderer) -> dict[str, Any]:
    """The schema.org Dataset: the built ``dataset.schema.jsonld`` if any, else a minimal one."""
    built = r.source.files.get("dataset.schema.jsonld")
    if built:
        return dict(json.loads(built))
    url = r.source.deploy_url
    return {
        "@context": LOCAL_CONTEXT,
        "@type": "Dataset",
        "@id": r.source.base + "dataset",
        "name": [{"@language": k, "@value": v} for k, v in TITLE.items()],
        "license": str(DATA_LICENSE),
        "isBasedOn": SOURCE_URL,
        "temporalCoverage": "2002/2021",
        "distribution": [
            {
                "@type": "DataDownload",
                "contentUrl": f"{url}{DOWNLOAD_DIR}{name}",
                "encodingFormat": entry["media_type"],
                "contentSize": str(entry["bytes"]),
            }
            for name, entry in r.source.manifest.items()
        ],
    }


def _kinds(r: Renderer) -> list[tuple[str, list[Any]]]:
    groups: dict[str, list[Any]] = {}
    linker = Linker(r.source.graph, r.layout, BROWSE_PAGE, r.label_cache)
    for iri in resources(r.source.graph, r.layout):
        stem = r.layout.stem(str(iri)) or ""
        kind = "/".join(stem.split("/")[:2])
        groups.setdefault(kind, []).append(linker.term(iri))
    for refs in groups.values():
        refs.sort(key=lambda ref: (ref.label or {}).get("en", ref.text).lower())
    return sorted(groups.items())


def render_sections(r: Renderer) -> None:
    """Add the landing, index, timeline, map, ontology and query pages to ``r.out``."""
    graph = r.source.graph
    kinds = _kinds(r)
    kind_labels = {kind: kind_label(kind, graph, r.source.base) for kind, _ in kinds}
    r.page(
        LANDING,
        "landing.html.j2",
        title=TITLE,
        source_url=SOURCE_URL,
        licence=str(DATA_LICENSE),
        manifest=r.source.manifest,
        download_dir=DOWNLOAD_DIR,
        endpoint=r.source.sparql_endpoint,
        dataset_jsonld=schema_dataset(r),
        counts=[(kind, len(refs)) for kind, refs in kinds],
        kind_labels=kind_labels,
        base=r.source.base,
    )
    r.page(BROWSE_PAGE, "browse.html.j2", kinds=kinds, kind_labels=kind_labels)
    r.page(TIMELINE_PAGE, "timeline.html.j2", tline=timeline(graph, r.layout, TIMELINE_PAGE))
    _map_page(r)
    _ontology_page(r)
    folder = r.source.queries_dir or bundled.queries_dir()
    queries_linker = Linker(graph, r.layout, QUERIES_PAGE, r.label_cache)
    docs = ontodoc.run_catalogue(graph, folder, queries_linker, r.source.base)
    r.page(QUERIES_PAGE, "queries.html.j2", queries=docs)


def _map_page(r: Renderer) -> None:
    """The map: places, country outlines shaded by activities, the Nordic inset."""
    graph = r.source.graph
    points = geo.places(graph, r.layout, MAP_PAGE)
    countries = atlas.countries(graph, r.layout, MAP_PAGE)
    r.page(
        MAP_PAGE,
        "map.html.j2",
        points=points,
        views=[geo.view(points, geo.WORLD, geo.NORDIC), geo.view(points, geo.NORDIC)],
        countries=countries,
        country_data=[asdict(c) for c in countries],
        place_counts=atlas.place_activities(graph, r.layout),
    )


def _ontology_page(r: Renderer) -> None:
    """The ontology: classes, properties, shapes and concept schemes."""
    graph = r.source.graph
    linker = Linker(graph, r.layout, ONTOLOGY_PAGE, r.label_cache)
    onto = ontodoc.terms
    r.page(
        ONTOLOGY_PAGE,
        "ontology.html.j2",
        ontology=labels(graph, URIRef(ONTOLOGY_PREFIX)),
        classes=onto(graph, linker, OWL.Class),
        object_properties=onto(graph, linker, OWL.ObjectProperty),
        datatype_properties=onto(graph, linker, OWL.DatatypeProperty),
        shapes=ontodoc.shapes(r.source.shapes, linker),
        schemes=ontodoc.schemes(graph, linker),
    )
