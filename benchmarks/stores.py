"""Time ``sekom-kg load`` on real stores: the Graph Store PUT and the bulk path, both stores.

``python -m benchmarks.stores [--sizes 100k,1m] [--stores oxigraph,virtuoso] [--paths gsp,bulk]
[--limit SECONDS] [--out FILE]`` starts a
fresh ``oxigraph serve`` and a fresh Virtuoso (``tests/oxigraph_server.py``,
``tests/virtuoso_server.py``) in a temp folder, loads the published graph of each generated
bundle (``benchmarks/generate.py``) into an empty named graph with ``--bulk-above`` set so
that each path runs (``0``: bulk; above the size: GSP), and writes the wall time of each
whole ``load`` process (stage, verify, switch, verify, clean-up) into ``benchmarks/README.md``
between the ``stores:begin``/``stores:end`` markers (replacing the rows it measured, keeping
the others). A load that fails is shown with the
first words of its error; one that runs longer than ``--limit`` is stopped (``> LIMIT``).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from benchmarks.generate import ROOT, generate, parse_size

README = Path(__file__).resolve().parent / "README.md"
BEGIN, END = "<!-- stores:begin -->", "<!-- stores:end -->"
CLI = str(Path(sys.executable).parent / "sekom-kg")


def published_dist(size: str, folder: Path) -> Path:
    """A folder with ``sekom.nt``: the published graph of the generated bundle ``size``."""
    root = generate(size)
    dist = folder / f"dist-{size}"
    dist.mkdir(parents=True, exist_ok=True)
    script = (
        "import sys; from pathlib import Path; from sekom_kg.core import resources; "
        "from sekom_kg.sparql import embedded; "
        "Path(sys.argv[1]).write_bytes(embedded.ntriples_at(resources.bundle_root()))"
    )
    env = {**os.environ, "SEKOM_KG_BUNDLE_ROOT": str(root), "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", script, str(dist / "sekom.nt")], env=env, check=True)
    return dist


@contextmanager
def servers(folder: Path) -> Iterator[list[Any]]:
    """A fresh Oxigraph and a fresh Virtuoso, stopped afterwards."""
    sys.path.insert(0, str(ROOT / "tests"))
    from oxigraph_server import running_oxigraph  # type: ignore[import-not-found]
    from virtuoso_server import running_virtuoso  # type: ignore[import-not-found]

    with ExitStack() as stack:
        oxigraph = stack.enter_context(running_oxigraph(folder / "oxigraph"))
        (folder / "virtuoso").mkdir()
        virtuoso = stack.enter_context(running_virtuoso(folder / "virtuoso"))
        yield [oxigraph, virtuoso]


def load_args(server: Any, dist: Path, graph: str, bulk: bool, triples: int) -> list[str]:
    """The ``sekom-kg load`` command for one path on one store."""
    args = [CLI, "load", "--endpoint", server.store_url, "--graph", graph, "--dir", str(dist)]
    args += ["--timeout", "3600", "--bulk-above", "0" if bulk else str(triples)]
    if bulk and server.name == "virtuoso":
        args += ["--virtuoso-isql", f"127.0.0.1:{server.sql_port}"]
        args += ["--virtuoso-dir", str(server.folder)]
    return args


def timed_load(command: list[str], limit: float) -> str:
    """Wall seconds of one load, or why it failed."""
    env = {**os.environ, "SEKOM_KG_ISQL_PASSWORD": "dba", "SEKOM_KG_ENDPOINT_TOKEN": ""}
    start = time.perf_counter()
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return f"> {limit:.0f}"
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        return f"failed after {seconds:.1f} s: {last[:160]}"
    return f"{seconds:.1f}"


def rows(sizes: list[str], limit: float, only: set[str], paths: set[str]) -> list[str]:
    """One table row per size, store (of ``only``) and path (of ``paths``: gsp, bulk)."""
    out = []
    with (
        tempfile.TemporaryDirectory(prefix="sekom-bench-stores-") as temp,
        servers(Path(temp)) as stores,
    ):
        for size in sizes:
            dist = published_dist(size, Path(temp))
            with (dist / "sekom.nt").open("rb") as stream:
                triples = sum(1 for line in stream if line.strip())
            for server in (s for s in stores if s.name in only):
                for bulk in [b for b in (False, True) if ("bulk" if b else "gsp") in paths]:
                    graph = f"https://example.org/bench/{size}/{'bulk' if bulk else 'gsp'}"
                    figure = timed_load(load_args(server, dist, graph, bulk, triples), limit)
                    path = "bulk" if bulk else "Graph Store PUT"
                    out.append(f"| {size} | {triples} | {server.name} | {path} | {figure} |")
    return out


def table(lines: list[str], old: str = "") -> str:
    """The block: ``lines`` replace the rows of the same size, store and path in ``old``."""
    fresh = {tuple(line.split(" | ")[:4]): line for line in lines}
    kept = [r for r in old.splitlines() if r.startswith("| ") and r[2].isdigit()]
    kept = [fresh.pop(tuple(r.split(" | ")[:4]), r) for r in kept]
    lines = kept + list(fresh.values())
    meta = f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}, one load each"
    command = " ".join(["python -m benchmarks.stores", *sys.argv[1:]])
    note = "; rows it did not measure are kept from an earlier run" if old else ""
    head = "| size | triples | store | staged by | whole `load` s |\n|---|--:|---|---|--:|"
    body = "\n".join(lines)
    return f"{BEGIN}\n_{meta}; command: `{command}`{note}_\n\n{head}\n{body}\n{END}"


def write(text: str, out: Path) -> None:
    """Replace the stores block in ``out`` (or append it)."""
    old = out.read_text(encoding="utf-8")
    if BEGIN not in old:
        out.write_text(old.rstrip("\n") + "\n\n" + text + "\n", encoding="utf-8")
        return
    head, _, rest = old.partition(BEGIN)
    _, _, tail = rest.partition(END)
    out.write_text(head + text + tail, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100k,1m")
    parser.add_argument("--limit", type=float, default=900.0)
    parser.add_argument("--stores", default="oxigraph,virtuoso")
    parser.add_argument("--paths", default="gsp,bulk")
    parser.add_argument("--out", type=Path, default=README)
    args = parser.parse_args(argv)
    sizes = [s.strip() for s in args.sizes.split(",")]
    for size in sizes:
        parse_size(size)
    only = {s.strip() for s in args.stores.split(",")}
    old = args.out.read_text(encoding="utf-8").partition(BEGIN)[2].partition(END)[0]
    paths = {p.strip() for p in args.paths.split(",")}
    write(table(rows(sizes, args.limit, only, paths), old), args.out)


if __name__ == "__main__":
    main()
