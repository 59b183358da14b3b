"""The website's cost at scale: ``python -m benchmarks.site [--sizes real,10k,100k]``.

For each size, in a fresh process: build the data (``build --no-site``, not timed), then
time ``build_site`` (every page, the per-resource RDF files, the search index and the
assets), and in headless Chromium the time from opening ``sparql.html`` to the first answer
of catalogue query 01 (the dataset fetched and loaded into Oxigraph-wasm, the query run).
The table goes into ``benchmarks/README.md`` between the ``site`` markers, with the build's
microseconds per triple, which stay flat when the build grows linearly.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
README = HERE / "README.md"
CHROMIUM = Path("/usr/bin/chromium")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def first_answer_ms(site: Path) -> float | None:
    """Milliseconds from opening ``sparql.html`` to the rows of query 01 (None: no browser)."""
    if not CHROMIUM.is_file():
        return None
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox"]
            )
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/sparql.html")
            page.click("#q-load")
            page.wait_for_function(
                "/rows? \\(/.test(document.getElementById('status').textContent)",
                timeout=600_000,
            )
            elapsed = float(page.evaluate("performance.now()"))
            browser.close()
            return elapsed
    finally:
        server.shutdown()
        server.server_close()


def measure() -> dict[str, Any]:
    """One size (the bundle of ``$SEKOM_KG_BUNDLE_ROOT``): site build time, size, browser."""
    from sekom_kg.publish.build import build
    from sekom_kg.publish.site_dist import build_site

    with tempfile.TemporaryDirectory() as tmp:
        dist = Path(tmp) / "dist"
        build(dist, site=False)
        triples = (dist / "sekom.nt").read_bytes().count(b"\n")
        start = time.perf_counter()
        written = build_site(dist, Path(tmp) / "site")
        seconds = time.perf_counter() - start
        return {
            "triples": triples,
            "seconds": seconds,
            "pages": sum(1 for name in written if name.endswith(".html")),
            "files": len(written),
            "mb": sum(written.values()) / 1e6,
            "browser_ms": first_answer_ms(Path(tmp) / "site"),
        }


def run_size(size: str) -> dict[str, Any]:
    """``measure`` in a fresh process for ``size`` (``real`` or a generated bundle)."""
    env = dict(os.environ)
    if size != "real":
        subprocess.run([sys.executable, "-m", "benchmarks.generate", size], check=True)
        env["SEKOM_KG_BUNDLE_ROOT"] = str(HERE / "generated" / size)
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.site", "--one"],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=HERE.parent,
    )
    return {"size": size, **json.loads(result.stdout)}


def table(rows: list[dict[str, Any]]) -> str:
    """The markdown table of the measured sizes."""
    lines = [
        "| size | triples | pages | files | MB | site build s | µs / triple | "
        "browser: open → first answer ms |",
        "|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for r in rows:
        browser = f"{r['browser_ms']:.0f}" if r["browser_ms"] is not None else "–"
        lines.append(
            f"| {r['size']} | {r['triples']} | {r['pages']} | {r['files']} | {r['mb']:.1f} "
            f"| {r['seconds']:.2f} | {1e6 * r['seconds'] / r['triples']:.0f} | {browser} |"
        )
    return "\n".join(lines) + "\n"


def write_readme(text: str) -> None:
    """Replace the site table in ``benchmarks/README.md``."""
    readme = README.read_text(encoding="utf-8")
    block = f"<!-- site:begin -->\n{text}<!-- site:end -->"
    if "<!-- site:begin -->" in readme:
        readme = re.sub(r"<!-- site:begin -->.*?<!-- site:end -->", block, readme, flags=re.S)
    else:
        readme += f"\n## The website\n\n{block}\n"
    README.write_text(readme, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Measure every size and write the table (``--one``: measure this process's bundle)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="real,10k,100k")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure()))
        return 0
    rows = [run_size(size) for size in args.sizes.split(",")]
    text = table(rows)
    print(text, end="")
    write_readme(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
