"""The map: places with coordinates drawn as inline SVG (equirectangular), no tiles.

>>> project(0.0, 0.0, WORLD)
(500.0, 250.0)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from sekom_kg.core.namespaces import SCHEMA
from sekom_kg.site.layout import Layout, relative
from sekom_kg.site.text import labels

WIDTH = 1000.0


@dataclass(frozen=True)
class Frame:
    """A longitude/latitude window drawn into a ``WIDTH``-wide SVG."""

    west: float
    east: float
    south: float
    north: float
    step: int

    @property
    def height(self) -> float:
        """The SVG height keeping degrees square."""
        return WIDTH * (self.north - self.south) / (self.east - self.west)


WORLD = Frame(-180.0, 180.0, -90.0, 90.0, 30)
NORDIC = Frame(4.0, 32.0, 54.0, 70.0, 2)


@dataclass
class Point:
    """One place on the map."""

    href: str
    label: dict[str, str]
    lat: float
    lon: float
    x: float = 0.0
    y: float = 0.0
    labelled: bool = True
    dx: float = 8.0
    dy: float = 4.0
    anchor: str = "start"


@dataclass
class MapView:
    """One frame with its graticule lines and points."""

    frame: Frame
    meridians: list[tuple[float, int]]
    parallels: list[tuple[float, int]]
    points: list[Point]
    inset: tuple[float, float, float, float] | None = None


def project(lat: float, lon: float, frame: Frame) -> tuple[float, float]:
    """SVG coordinates of a latitude/longitude in ``frame``."""
    scale = WIDTH / (frame.east - frame.west)
    return round((lon - frame.west) * scale, 1), round((frame.north - lat) * scale, 1)


def _degrees(value: Node | None, limit: float) -> float | None:
    """A coordinate literal as a number within ±``limit``, else None (the place is not drawn).

    >>> _degrees(Literal("59.33"), 90), _degrees(Literal("abc"), 90), _degrees(Literal("NaN"), 90)
    (59.33, None, None)
    """
    if not isinstance(value, Literal):
        return None
    try:
        number = float(str(value))
    except ValueError:
        return None
    return number if math.isfinite(number) and abs(number) <= limit else None


def places(graph: Graph, layout: Layout, here: str) -> list[Point]:
    """Every place with a page and both coordinates, sorted by English label."""
    points = []
    for place, lat in graph.subject_objects(SCHEMA.latitude):
        lon = graph.value(place, SCHEMA.longitude)
        page = layout.page(str(place)) if isinstance(place, URIRef) else None
        y, x = _degrees(lat, 90), _degrees(lon, 180)
        if page and y is not None and x is not None:
            label = labels(graph, place)
            points.append(Point(relative(here, page), label, round(y, 4), round(x, 4)))
    return sorted(points, key=lambda p: (p.label["en"], p.href))


#: Where a label may go beside its point: (dx, dy of the text's baseline, text-anchor).
LABEL_SPOTS = (
    (8.0, 4.0, "start"),
    (-8.0, 4.0, "end"),
    (0.0, -9.0, "middle"),
    (0.0, 17.0, "middle"),
)
Box = tuple[float, float, float, float]


def _box(p: Point, spot: tuple[float, float, str]) -> Box:
    """The label's box (x0, y0, x1, y1) at ``spot``: 7 px a character, 14 px high."""
    width = 7.0 * max(len(p.label["en"]), len(p.label["sv"]))
    dx, dy, anchor = spot
    x0 = p.x + dx - (width if anchor == "end" else width / 2 if anchor == "middle" else 0.0)
    return (x0, p.y + dy - 11.0, x0 + width, p.y + dy + 3.0)


def _hits(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_labels(points: list[Point], inset: Frame | None) -> None:
    """Give each point the first label spot that collides with no label or point placed
    before it; a point inside ``inset`` (shown enlarged there) or with no free spot gets none."""
    taken: list[Box] = [(p.x - 6, p.y - 6, p.x + 6, p.y + 6) for p in points]
    for p in points:
        p.labelled = False
        if inset is not None and _inside(p, inset):
            continue
        own = (p.x - 6, p.y - 6, p.x + 6, p.y + 6)
        for spot in LABEL_SPOTS:
            box = _box(p, spot)
            if not any(_hits(box, other) for other in taken if other != own):
                p.labelled, (p.dx, p.dy, p.anchor) = True, spot
                taken.append(box)
                break


def _inside(p: Point, frame: Frame) -> bool:
    return frame.west <= p.lon <= frame.east and frame.south <= p.lat <= frame.north


def view(points: list[Point], frame: Frame, inset: Frame | None = None) -> MapView:
    """The points inside ``frame``, projected; labels dropped where they would collide
    or where ``inset`` (drawn as a box) shows them enlarged."""
    inside = []
    for p in points:
        if _inside(p, frame):
            x, y = project(p.lat, p.lon, frame)
            inside.append(Point(p.href, p.label, p.lat, p.lon, x, y))
    place_labels(inside, inset)
    meridians = [
        (project(0.0, float(lon), frame)[0], lon)
        for lon in range(int(frame.west), int(frame.east) + 1)
        if lon % frame.step == 0
    ]
    parallels = [
        (project(float(lat), frame.west, frame)[1], lat)
        for lat in range(int(frame.south), int(frame.north) + 1)
        if lat % frame.step == 0 and frame.south < lat < frame.north
    ]
    box = None
    if inset is not None:
        x0, y0 = project(inset.north, inset.west, frame)
        x1, y1 = project(inset.south, inset.east, frame)
        box = (x0, y0, round(x1 - x0, 1), round(y1 - y0, 1))
    return MapView(frame, meridians, parallels, inside, box)
