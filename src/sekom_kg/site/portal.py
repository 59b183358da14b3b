"""The browser views of the site: SPARQL editor, search, network and charts, and their assets.

Everything runs in the browser from files of the site itself: the JavaScript libraries
vendored from npm (``vendor/``, see ``scripts/vendor_js.py``) are written under
``static/vendor/``, the data the views read as JSON beside the pages.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sekom_kg.site import portal_data
from sekom_kg.site.layout import DOWNLOAD_DIR

if TYPE_CHECKING:
    from sekom_kg.site.render import Renderer

HERE = Path(__file__).parent
VENDOR = HERE / "vendor"
SPARQL_PAGE = "sparql.html"
SEARCH_PAGE = "search.html"
NETWORK_PAGE = "network.html"
CHARTS_PAGE = "charts.html"
SEARCH_INDEX = "search-index.json"
#: The site's own scripts beside ``site.js`` (``static/``).
SCRIPTS = ("sparql.js", "search.js", "network.js", "charts.js", "worldmap.js")


def vendor_files() -> dict[str, bytes]:
    """The vendored libraries as listed in ``vendor/vendor.json`` (with their licences)."""
    manifest = json.loads((VENDOR / "vendor.json").read_text(encoding="utf-8"))
    out = {"static/vendor/vendor.json": (VENDOR / "vendor.json").read_bytes()}
    for entry in manifest["packages"].values():
        for name in entry["files"]:
            out[f"static/vendor/{name}"] = (VENDOR / name).read_bytes()
    return out


def compact(value: Any) -> bytes:
    """JSON for a data file: compact, sorted as given, UTF-8, final newline."""
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def render_portal(r: Renderer) -> None:
    """Add the SPARQL, search, network and chart pages, their data and assets to ``r.out``."""
    graph, layout = r.source.graph, r.layout
    r.out.update(vendor_files())
    for name in SCRIPTS:
        r.out[f"static/{name}"] = (HERE / "static" / name).read_bytes()
    r.out[SEARCH_INDEX] = compact(portal_data.resource_index(graph, layout))
    endpoint = r.source.sparql_endpoint
    r.page(
        SPARQL_PAGE,
        "sparql.html.j2",
        config={
            "data": f"{DOWNLOAD_DIR}sekom.nt",
            "index": SEARCH_INDEX,
            "endpoint": endpoint or "",
            "base": r.source.base,
            "countries": portal_data.country_codes(graph),
            "queries": portal_data.query_catalogue(),
        },
        endpoint=endpoint,
    )
    r.page(SEARCH_PAGE, "search.html.j2", config={"index": SEARCH_INDEX})
    net = portal_data.network(graph, layout)
    years = sorted({y for e in net["edges"] for y in e["years"]})
    r.page(NETWORK_PAGE, "network.html.j2", config=net, years=years)
    r.page(CHARTS_PAGE, "charts.html.j2", config=portal_data.chart_data(graph, layout))
