"""Benchmark sekom-kg against its anchors; write the Markdown table into benchmarks/README.md.

``python -m benchmarks.run [--quick] [--sizes real,10k,100k,1m] [--repeat N] [--repeat-large N]
[--query-repeat N] [--slow-up-to SIZE] [--plain-build-up-to SIZE] [--plain-build-limit SECONDS]
[--queries-only] [--out FILE]``

Every figure is the median of ``--repeat`` fresh processes (``benchmarks/tasks.py``), shown
next to (a) plain rdflib + pyshacl and (b) bare pyoxigraph / pyshacl-turbo doing the same
work, measured in the same run. ``--quick`` (10k, one repeat, two queries, no pyshacl) is a
smoke test. ``--slow-up-to SIZE`` skips the slow plain anchors above SIZE, except the whole
plain build, which runs up to ``--plain-build-up-to SIZE`` (default: the same size);
``--plain-build-limit SECONDS`` stops a plain build that runs longer and reports the limit
as a lower bound (``> 900``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

from benchmarks.generate import ROOT, generate, parse_size
from benchmarks.tasks import FORMATS

README = Path(__file__).resolve().parent / "README.md"
BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"


class Measure(NamedTuple):
    """Median seconds and peak MB of a task; ``finished`` is False if it hit its time limit
    (``seconds`` is then the limit, a lower bound)."""

    seconds: float
    peak_mb: float
    finished: bool = True


def _environment(root: Path, cache: str) -> dict[str, str]:
    """The children's environment: the bundle and cache folders, and bytecode kept.

    An installed package runs from compiled bytecode; ``PYTHONDONTWRITEBYTECODE`` (set on
    some machines) would make every child compile each changed module again.
    """
    env = {**os.environ, "SEKOM_KG_BUNDLE_ROOT": str(root), "SEKOM_KG_CACHE_DIR": cache}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def queries() -> list[str]:
    return sorted(p.stem for p in (ROOT / "queries").glob("[0-9][0-9]_*.rq"))


def _child(
    command: list[str], env: dict[str, str], limit: float | None = None
) -> tuple[float, float, str] | None:
    """Run ``command``; wall seconds, peak RSS (MB) of that process, stdout.

    None if it ran longer than ``limit`` seconds (it is then killed).
    """
    with tempfile.TemporaryFile() as sink:
        start = time.perf_counter()
        child = subprocess.Popen(command, env=env, stdout=sink, stderr=subprocess.DEVNULL)
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG if limit else 0)
            if pid:
                break
            if time.perf_counter() - start > limit:  # type: ignore[operator]
                child.kill()
                os.wait4(child.pid, 0)
                return None
            time.sleep(0.2)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        sink.seek(0)
        out = sink.read().decode()
    if child.returncode not in (0, 1):
        raise RuntimeError(f"{command} failed with {child.returncode}")
    return wall, usage.ru_maxrss / 1024, out


def _runs(
    name: str, env: dict[str, str], repeat: int, limit: float | None = None
) -> list[dict[str, float]] | None:
    """The JSON of ``repeat`` runs of ``benchmarks.tasks NAME``; None if one hit ``limit``."""
    runs = []
    for _ in range(repeat):
        done = _child([sys.executable, "-m", "benchmarks.tasks", name], env, limit)
        if done is None:
            return None
        runs.append(json.loads(done[2].strip().splitlines()[-1]))
    return runs


def _median(runs: list[dict[str, float]], key: str = "seconds") -> Measure:
    return Measure(statistics.median(r[key] for r in runs), max(r["peak_mb"] for r in runs))


def task(name: str, env: dict[str, str], repeat: int, limit: float | None = None) -> Measure:
    """Median seconds and max peak MB of ``benchmarks.tasks NAME`` over ``repeat`` runs.

    With ``limit``, a run longer than that many seconds is stopped and the figure is the
    limit, marked as a lower bound.
    """
    runs = _runs(name, env, repeat, limit)
    return Measure(float(limit or 0), 0.0, finished=False) if runs is None else _median(runs)


def paired_query(name: str, env: dict[str, str], repeat: int) -> tuple[Measure, Measure]:
    """sekom-kg's and bare pyoxigraph's median seconds for query ``name``, measured together."""
    runs = _runs(f"pair-query:{name}", env, repeat) or []
    return _median(runs), _median(runs, "anchor_seconds")


def process(command: list[str], env: dict[str, str], repeat: int) -> Measure:
    """Median wall seconds and peak MB of a whole process (imports included)."""
    runs = [_child(command, env) for _ in range(repeat)]
    done = [r for r in runs if r is not None]
    return Measure(statistics.median(r[0] for r in done), max(r[1] for r in done))


def _fmt(m: Measure | None) -> str:
    if m is None:
        return "skipped"
    if not m.finished:
        return f"> {m.seconds:.0f}"
    return f"{m.seconds:.3f}" if m.seconds >= 0.001 else f"{m.seconds:.5f}"  # sub-ms: not 0.000


def row(
    size: str, stage: str, ours: Measure | None, plain: Measure | None, fast: Measure | None
) -> str:
    """One table row: seconds, peak, and the ratios to both anchors."""
    speedup = "–"
    if ours and plain:
        bound = "" if plain.finished else "> "
        speedup = f"{bound}{plain.seconds / ours.seconds:.1f}x"
    versus = f"{ours.seconds / fast.seconds:.2f}" if ours and fast else "–"
    peak = f"{ours.peak_mb:.0f}" if ours else "–"
    cells = [size, stage, _fmt(ours), peak, _fmt(plain), speedup, _fmt(fast), versus]
    return "| " + " | ".join(cells) + " |"


def bench_size(size: str, args: argparse.Namespace) -> list[str]:
    """Every row for one graph size."""
    root = ROOT if size == "real" else generate(size)
    cache = tempfile.mkdtemp(prefix="sekom-bench-cache-")
    env = _environment(root, cache)
    env["PYTHONPATH"] = str(ROOT)
    slow = size == "real" or parse_size(size) <= parse_size(args.slow_up_to)
    large = size != "real" and parse_size(size) > parse_size("10k")
    r = min(args.repeat, args.repeat_large) if large else args.repeat

    def anchor(name: str, allowed: bool = True) -> Measure | None:
        return task(name, env, r) if allowed and slow else None

    rows = []
    stages = [("load + materialise", "ours-load", "rdflib-load", "ox-load")]
    stages.append(("validate", "ours-validate", "pyshacl-validate", "turbo-validate"))
    stages += [
        (f"write {f}", f"ours-write:{f}", f"rdflib-write:{f}", f"ox-write:{f}") for f in FORMATS
    ]
    sums = 0.0
    for stage, ours_name, plain_name, fast_name in stages:
        ours, fast = task(ours_name, env, r), task(fast_name, env, r)
        plain = anchor(plain_name, not (args.quick and stage == "validate"))
        sums += fast.seconds
        rows.append(row(size, stage, ours, plain, fast))
    build = task("ours-build", env, r)
    whole = size == "real" or parse_size(size) <= parse_size(args.plain_build_up_to)
    limit = args.plain_build_limit
    plain_build = task("plain-build", env, r, limit) if whole and not args.quick else None
    anchors = Measure(sums, 0.0)
    rows.append(row(size, "build, no site (Σ fastest anchors)", build, plain_build, anchors))
    task("ours-query:01_events_per_year", env, 1)  # fills the N-Triples cache
    names = queries()[:1] + queries()[-3:-2] if args.quick else queries()
    for name in names:
        ours, fast = paired_query(name, env, min(r, args.query_repeat or r))
        rows.append(row(size, f"query {name}", ours, anchor(f"rdflib-query:{name}"), fast))
    cli = [str(Path(sys.executable).parent / "sekom-kg")]
    query = process([*cli, "query", "01"], env, r)
    rows.append(row(size, "process: sekom-kg query 01", query, None, None))
    if size == "real":
        rows.append(
            row(size, "process: sekom-kg --help", process([*cli, "--help"], env, r), None, None)
        )
        plain_command = [sys.executable, "-m", "benchmarks.tasks", "plain-build"]
        plain_proc = None if args.quick else process(plain_command, env, r)
        out = Path(cache) / "dist"
        ours_proc = process([*cli, "build", "--out", str(out)], env, r)
        rows.append(row(size, "process: sekom-kg build (with site)", ours_proc, plain_proc, None))
        no_site = [*cli, "build", "--no-site", "--out", str(out)]
        rows.append(
            row(
                size,
                "process: sekom-kg build --no-site",
                process(no_site, env, r),
                plain_proc,
                None,
            )
        )
    return rows


def query_rows(size: str, args: argparse.Namespace) -> list[str]:
    """Only the query rows of one size: each bundled query (paired) and a whole process."""
    root = ROOT if size == "real" else generate(size)
    cache = tempfile.mkdtemp(prefix="sekom-bench-cache-")
    env = _environment(root, cache)
    env["PYTHONPATH"] = str(ROOT)
    task("ours-query:01_events_per_year", env, 1)  # builds the N-Triples cache and the store
    rows = []
    for name in queries():
        ours, fast = paired_query(name, env, args.query_repeat or 1)
        rows.append(row(size, f"query {name}", ours, None, fast))
    cli = [str(Path(sys.executable).parent / "sekom-kg")]
    query = process([*cli, "query", "01"], env, args.repeat)
    rows.append(row(size, "process: sekom-kg query 01", query, None, None))
    return rows


def merged(old: str, rows: list[str], note: str) -> str:
    """The results block ``old`` with each row of ``rows`` replacing the row of its size and
    stage (its plain-anchor cells kept), and ``note`` added to the description line."""
    fresh = {tuple(r.split(" | ")[:2]): r for r in rows}
    out = []
    for line in old.splitlines():
        key = tuple(line.split(" | ")[:2])
        if key in fresh:
            cells, kept = fresh.pop(key).split(" | "), line.split(" | ")
            if cells[4] == "skipped" and kept[4] != "skipped":  # the plain anchor, kept
                ours = float(cells[2])
                cells[4:6] = [kept[4], f"{float(kept[4]) / ours:.1f}x" if ours else "–"]
            line = " | ".join(cells)
        elif line.startswith("_") and line.endswith("_"):
            line = f"{line[:-1]}; {note}_"
        out.append(line)
    return "\n".join(out) + "\n"


def table(rows: list[str], args: argparse.Namespace) -> str:
    head = (
        "| size | stage | ours s | ours peak MB | rdflib+pyshacl s | plain ÷ ours "
        "| bare oxigraph/turbo s | ours ÷ bare |\n|---|---|--:|--:|--:|--:|--:|--:|"
    )
    repeats = f"median of {args.repeat}"
    if args.repeat_large != args.repeat:
        repeats += f" ({args.repeat_large} above 10k)"
    if args.query_repeat:
        repeats += f", queries {args.query_repeat}"
    meta = f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}, {repeats}"
    command = " ".join(["python -m benchmarks.run", *sys.argv[1:]])
    body = "\n".join(rows)
    return f"{BEGIN}\n_{meta}; command: `{command}`_\n\n{head}\n{body}\n{END}"


def write(text: str, out: Path) -> None:
    """Replace the results block in ``out`` (or create it)."""
    old = out.read_text(encoding="utf-8") if out.is_file() else f"# Benchmarks\n\n{BEGIN}\n{END}\n"
    head, _, rest = old.partition(BEGIN)
    _, _, tail = rest.partition(END)
    out.write_text(head + text + tail, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--sizes", default=None, help="comma-separated: real,10k,100k,1m")
    parser.add_argument("--repeat", type=int, default=None)
    parser.add_argument(
        "--repeat-large", type=int, default=None, help="repeats above 10k (default: --repeat)"
    )
    parser.add_argument(
        "--query-repeat",
        type=int,
        default=None,
        help="processes per query row (default: as for the other rows); each process already "
        "takes the median of repeated calls",
    )
    parser.add_argument("--slow-up-to", default="100k", help="skip plain anchors above this")
    parser.add_argument(
        "--plain-build-up-to",
        default=None,
        help="run the whole plain rdflib + pyshacl build up to this size (default: --slow-up-to)",
    )
    parser.add_argument(
        "--plain-build-limit",
        type=float,
        default=None,
        help="stop a plain build after this many seconds and report it as a lower bound",
    )
    parser.add_argument("--out", type=Path, default=README)
    parser.add_argument(
        "--queries-only",
        action="store_true",
        help="re-measure only the query rows of --sizes and merge them into the table",
    )
    args = parser.parse_args(argv)
    args.sizes = args.sizes or ("10k" if args.quick else "real,10k,100k")
    args.repeat = args.repeat or (1 if args.quick else 3)
    args.plain_build_up_to = args.plain_build_up_to or args.slow_up_to
    args.repeat_large = args.repeat_large or args.repeat
    if args.queries_only:
        rows = [line for size in args.sizes.split(",") for line in query_rows(size.strip(), args)]
        old = args.out.read_text(encoding="utf-8").partition(BEGIN)[2].partition(END)[0]
        command = " ".join(["python -m benchmarks.run", *sys.argv[1:]])
        note = f"query rows at {args.sizes} re-measured with `{command}` (rdflib anchors kept)"
        write(f"{BEGIN}{merged(old, rows, note)}{END}", args.out)
        return
    rows = [line for size in args.sizes.split(",") for line in bench_size(size.strip(), args)]
    write(table(rows, args), args.out)


if __name__ == "__main__":
    main()
