"""Reader-facing names for the folders resources are grouped by (``id/org`` → Organisations).

>>> kind_label("id/org")
{'sv': 'Organisationer', 'en': 'Organisations'}
"""

from __future__ import annotations

from rdflib import Graph, URIRef

from sekom_kg.core.namespaces import SKOS
from sekom_kg.site.text import labels

KINDS: dict[str, tuple[str, str]] = {
    "id/agreement": ("Avtal", "Agreements"),
    "id/collaboration": ("Samarbeten", "Collaborations"),
    "id/event": ("Aktiviteter", "Activities"),
    "id/funding": ("Finansieringar", "Fundings"),
    "id/membership": ("Poster", "Posts"),
    "id/observation": ("Observationer", "Observations"),
    "id/org": ("Organisationer", "Organisations"),
    "id/participation": ("Deltaganden", "Participations"),
    "id/person": ("Personer", "People"),
    "id/place": ("Platser och länder", "Places and countries"),
    "id/project": ("Projekt", "Projects"),
    "id/source": ("Källan och dess stycken", "The source and its paragraphs"),
}


def kind_label(kind: str, graph: Graph | None = None, base: str = "") -> dict[str, str]:
    """The name of a group: known folders by name, a vocabulary by its concept scheme's
    label ("vocab/role" → the scheme's label), else the folder itself."""
    if kind in KINDS:
        sv, en = KINDS[kind]
        return {"sv": sv, "en": en}
    if graph is not None and kind.startswith("vocab/"):
        scheme = URIRef(base + kind)
        if (None, SKOS.inScheme, scheme) in graph or (scheme, None, None) in graph:
            found = labels(graph, scheme)
            if found["en"] != kind.rsplit("/", 1)[-1]:
                return found
    return {"sv": kind, "en": kind}
