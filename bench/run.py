"""Benchmark the site build against plain Pelican on the same articles.

For each size the script generates a deterministic collection (and its Markdown twin),
then measures, each build in its own child process:

- plain Pelican from the Markdown twin, default theme, no typogrify (the yardstick);
- our full build with an empty content cache;
- our rebuild with nothing changed (content cache warm);
- our rebuild after one article changed;

with wall time, peak memory of the whole process tree (the search indexer runs as a
child of the build) and the share of each build stage. Collections, outputs and caches
live on tmpfs: disk writes into just-deleted folders are slow and noisy on small VMs.

With ``--rounds N`` plain Pelican and our full build run N times in turn, each pair back to
back; the table shows the pair with the median ratio (of an even number, the higher of the two
in the middle), and the ratio of every pair is listed under it. On a machine whose speed
drifts (a shared VM), one pair can be off by a third.

Usage: python bench/run.py [--sizes 1000 10000] [--rounds N] [--settings production|local]
                           [--workdir /dev/shm/artikelarchiv-bench] [--profile DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from generate import generate_collection  # noqa: E402

SETTINGS_FILES = {"production": ROOT / "publishconf.py", "local": ROOT / "pelicanconf.py"}
DEFAULT_WORKDIR = Path("/dev/shm/artikelarchiv-bench")
SEED = 1
# Reading a large process's proportional set size walks its page tables: at 100,000 articles
# polling every 50 ms took a third of a core from the build it measures. Peaks last seconds.
POLL_SECONDS = 0.5
# Appended to one article's lead for the one-change rebuild; it changes the text, the
# word count and the page, as a real correction would.
EDIT = " Nachtrag der Redaktion: Die Angaben wurden am Abend noch einmal überprüft."
# Stage boundaries, in build order: (signal that ends the stage, stage name).
STAGES = (
    ("article_generator_pretaxonomy", "reading"),
    ("get_writer", "metadata"),
    ("finalized", "rendering"),
    ("end", "search+report"),
)
PLAIN_SETTINGS = """\
PATH = {path!r}
OUTPUT_PATH = {output!r}
SITENAME = "Plain Pelican"
TIMEZONE = "Europe/Berlin"
DEFAULT_LANG = "de"
TYPOGRIFY = False
DELETE_OUTPUT_DIRECTORY = True
"""


@dataclass
class Measurement:
    seconds: float
    cpu_seconds: float  # user + system of the whole tree: less sensitive to a busy machine
    peak_bytes: int
    stages: dict[str, float] = field(default_factory=dict)
    # Our builds only: CPU of the build process (all its threads) and of the programs it ran
    # and waited for (reading workers, Pagefind, record writers, page copiers).
    cpu_main: float = 0.0
    cpu_helpers: float = 0.0


# --- Child side: one build with stage timestamps ----------------------------


def child_build(args: argparse.Namespace) -> None:
    """Run one build in this process and write timings to ``args.result``."""
    sys.path.insert(0, str(ROOT))
    import resource

    from pelican import signals

    marks: dict[str, float] = {}

    def marker(name: str):
        def mark(*_args: object, **_kwargs: object) -> None:
            marks.setdefault(name, time.perf_counter())

        return mark

    # Connected before Pelican registers the plugins, so each mark fires first in its signal.
    handlers = {name: marker(name) for name, _ in STAGES if name != "end"}
    for name, handler in handlers.items():
        getattr(signals, name).connect(handler)

    from tasks import build_site, leave_objects_to_exit

    start = time.perf_counter()
    if args.profile:
        import cProfile

        with cProfile.Profile() as profiler:
            build_site(Path(args.settings), PATH=args.content, **_paths(args))
        profiler.dump_stats(args.profile)
    else:
        build_site(Path(args.settings), PATH=args.content, **_paths(args))
    marks["end"] = time.perf_counter()
    leave_objects_to_exit()  # as `invoke build` does: the process ends with the build

    stages, previous = {}, start
    for signal_name, stage in STAGES:
        at = marks.get(signal_name, previous)
        stages[stage] = at - previous
        previous = at
    own = resource.getrusage(resource.RUSAGE_SELF)
    helpers = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = {
        "stages": stages,
        "peak": own.ru_maxrss * 1024,
        "cpu_main": own.ru_utime + own.ru_stime,
        "cpu_helpers": helpers.ru_utime + helpers.ru_stime,
    }
    Path(args.result).write_text(json.dumps(result))


def _paths(args: argparse.Namespace) -> dict[str, str]:
    return {"OUTPUT_PATH": args.output, "CACHE_PATH": args.cache}


# --- Parent side: run and measure children ----------------------------------


def memory_of(pid: int) -> tuple[int, int]:
    """(resident, proportional) set size of one process, in KiB."""
    with open(f"/proc/{pid}/smaps_rollup") as rollup:
        sizes = dict(line.split()[:2] for line in rollup if line.startswith(("Rss:", "Pss:")))
    return int(sizes["Rss:"]), int(sizes["Pss:"])


def tree_pss(pid: int) -> int:
    """Memory of a process and all its descendants, in bytes: the sum of their proportional
    set sizes, so pages that forked workers share with the build count once, not per process.

    A program the build starts (Pagefind, cp) is forked with vfork: until it execs, the child
    *is* the build's memory, shown again under its own pid. Such a child (resident size within
    1 % of the root's) is left out: counting it would double the peak. (So, for a moment, is a
    reading worker just forked, which shares nearly all its pages with the build anyway.)"""
    root_rss, total = 0, 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            rss, pss = memory_of(current)
            if current == pid:
                root_rss = rss
            elif rss > 2**16 and abs(rss - root_rss) <= root_rss // 100:
                continue  # the build's own memory, under a child's pid for a moment
            total += pss
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    pending.extend(int(c) for c in children.read().split())
        except (FileNotFoundError, ProcessLookupError, ValueError, KeyError):
            continue
    return total * 1024


def measure(command: list[str], log: Path) -> tuple[float, float, int]:
    """Wall time, CPU time and peak memory (tree-wide, polled, and the kernel's maximum)."""
    start = time.perf_counter()
    with log.open("w") as log_file:
        process = subprocess.Popen(command, cwd=ROOT, stdout=log_file, stderr=subprocess.STDOUT)
    peak = 0
    done = threading.Event()

    def poll() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_pss(process.pid))
            time.sleep(POLL_SECONDS)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    done.set()
    poller.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"build failed ({process.returncode}), see {log}: {' '.join(command)}")
    return seconds, usage.ru_utime + usage.ru_stime, max(peak, usage.ru_maxrss * 1024)


def ours(
    settings: Path, content: Path, output: Path, cache: Path, profile: Path | None
) -> Measurement:
    with tempfile.NamedTemporaryFile(suffix=".json") as result:
        command = [sys.executable, __file__, "_build", "--settings", str(settings)]
        command += ["--content", str(content), "--output", str(output), "--cache", str(cache)]
        command += ["--result", result.name]
        if profile:
            command += ["--profile", str(profile)]
        seconds, cpu, peak = measure(command, output.with_name("build.log"))
        reported = json.loads(Path(result.name).read_text())
    return Measurement(
        seconds,
        cpu,
        max(peak, reported["peak"]),
        reported["stages"],
        reported["cpu_main"],
        reported["cpu_helpers"],
    )


def plain_pelican(markdown: Path, output: Path, workdir: Path) -> Measurement:
    settings = workdir / "plainconf.py"
    settings.write_text(PLAIN_SETTINGS.format(path=str(markdown), output=str(output)))
    command = [sys.executable, "-m", "pelican", "-s", str(settings)]
    seconds, cpu, peak = measure(command, workdir / "plain.log")
    sources = list(markdown.glob("*.md"))
    expected = len(sources)
    written = sum(1 for source in sources if (output / f"{source.stem}.html").exists())
    if written < expected:
        raise SystemExit(
            f"plain Pelican wrote {written} of {expected} articles (is Markdown installed? "
            f"pip install -r requirements-test.txt); see {workdir / 'plain.log'}"
        )
    return Measurement(seconds, cpu, peak)


def collection(workdir: Path, size: int) -> tuple[Path, Path]:
    """The generated collection for ``size``: reused while generate.py is unchanged."""
    base = workdir / f"n{size}"
    stamp = base / "stamp"
    expected = f"{size} {SEED} {(BENCH / 'generate.py').stat().st_mtime_ns}"
    content, markdown = base / "content", base / "markdown"
    if not stamp.exists() or stamp.read_text() != expected:
        shutil.rmtree(base, ignore_errors=True)
        print(f"generating {size} articles …", file=sys.stderr)
        generate_collection(content / "articles", size, SEED, markdown)
        stamp.write_text(expected)
    return content, markdown


def edit_one(content: Path) -> tuple[Path, bytes]:
    """Change the middle article's lead; return it and its original bytes."""
    files = sorted((content / "articles").glob("*.txt"))
    target = files[len(files) // 2]
    original = target.read_bytes()
    text = original.decode("utf-8")
    lead_end = text.find("\n\n") if "\n\n" in text else len(text)
    target.write_bytes((text[:lead_end] + EDIT + text[lead_end:]).encode("utf-8"))
    return target, original


@dataclass
class Row:
    size: int
    plain: Measurement  # of the round with the median ratio
    full: Measurement
    unchanged: Measurement
    one_changed: Measurement
    ratios: list[float]  # full build / plain Pelican, round by round


def bench_size(args: argparse.Namespace, size: int) -> Row:
    content, markdown = collection(args.workdir, size)
    base = args.workdir / f"n{size}"
    output, cache = base / "output", base / "cache"
    profile = args.profile / f"full-{size}.prof" if args.profile else None
    if args.profile:
        args.profile.mkdir(parents=True, exist_ok=True)

    rounds = []
    for number in range(1, args.rounds + 1):
        print(f"{size}: plain Pelican (round {number}) …", file=sys.stderr)
        plain = plain_pelican(markdown, base / "plain-output", base)
        shutil.rmtree(cache, ignore_errors=True)
        print(f"{size}: full build (round {number}) …", file=sys.stderr)
        rounds.append((plain, ours(args.settings, content, output, cache, profile)))
        profile = None  # the first round's is enough
    ratios = [full.seconds / plain.seconds for plain, full in rounds]
    plain, full = rounds[sorted(range(len(rounds)), key=ratios.__getitem__)[len(rounds) // 2]]
    # The rebuilds start from the last full build's cache.
    print(f"{size}: rebuild, nothing changed …", file=sys.stderr)
    unchanged = ours(args.settings, content, output, cache, None)
    target, original = edit_one(content)
    try:
        print(f"{size}: rebuild, one article changed …", file=sys.stderr)
        one_changed = ours(args.settings, content, output, cache, None)
    finally:
        target.write_bytes(original)
    return Row(size, plain, full, unchanged, one_changed, ratios)


# --- Report -------------------------------------------------------------------


def mib(value: int) -> str:
    return f"{value / 2**20:,.0f} MiB"


def table(rows: list[Row]) -> str:
    lines = [
        "| articles | plain Pelican | full build | ratio | CPU ratio | peak memory (plain / ours) "
        "| no-change rebuild | one changed | one changed / full |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {row.size:,} | {row.plain.seconds:.1f} s | {row.full.seconds:.1f} s "
            f"| **{row.full.seconds / row.plain.seconds:.2f}×** "
            f"| {row.full.cpu_seconds / row.plain.cpu_seconds:.2f}× "
            f"| {mib(row.plain.peak_bytes)} / {mib(row.full.peak_bytes)} "
            f"| {row.unchanged.seconds:.1f} s | {row.one_changed.seconds:.1f} s "
            f"| **{row.one_changed.seconds / row.full.seconds:.2f}×** |"
        )
    if any(len(row.ratios) > 1 for row in rows):
        lines += [
            "",
            "Ratio of each round (plain Pelican, then our full build; the table shows the median):",
            "",
        ]
        lines += [
            f"- {row.size:,}: " + ", ".join(f"{ratio:.2f}×" for ratio in row.ratios) for row in rows
        ]
    lines += ["", "Share of each stage (full build / one changed):", ""]
    names = [stage for _, stage in STAGES]
    lines.append("| articles | " + " | ".join(names) + " |")
    lines.append("| ---: |" + " ---: |" * len(names))
    for row in rows:
        cells = []
        for name in names:
            full_share = row.full.stages[name] / sum(row.full.stages.values())
            changed_share = row.one_changed.stages[name] / sum(row.one_changed.stages.values())
            cells.append(
                f"{row.full.stages[name]:.1f} s ({full_share:.0%}) / "
                f"{row.one_changed.stages[name]:.1f} s ({changed_share:.0%})"
            )
        lines.append(f"| {row.size:,} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "CPU time of our builds: the build process (all its threads) / the programs it ran",
        "(reading workers, Pagefind, record writers, page copiers):",
        "",
        "| articles | full build | no-change rebuild | one changed |",
        "| ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        cells = [
            f"{m.cpu_main:.1f} s / {m.cpu_helpers:.1f} s"
            for m in (row.full, row.unchanged, row.one_changed)
        ]
        lines.append(f"| {row.size:,} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def machine() -> str:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "unknown CPU",
    )
    memory_kib = int(Path("/proc/meminfo").read_text().split()[1])
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return textwrap.dedent(f"""\
        - date: {time.strftime("%Y-%m-%d %H:%M %Z")}
        - machine: {os.cpu_count()} cores, {model}, {memory_kib / 2**20:.1f} GiB RAM
        - commit: {commit}{" (with uncommitted changes)" if dirty else ""}
        - Python {sys.version.split()[0]}""")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command")
    child = sub.add_parser("_build", help=argparse.SUPPRESS)
    for name in ("settings", "content", "output", "cache", "result"):
        child.add_argument(f"--{name}", required=True)
    child.add_argument("--profile")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="plain Pelican and the full build this many times in turn (median shown)",
    )
    parser.add_argument("--settings", choices=SETTINGS_FILES, default="production")
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR)
    parser.add_argument(
        "--profile", type=Path, metavar="DIR", help="save a cProfile of each full build here"
    )
    parser.add_argument("--keep", action="store_true", help="keep collections and outputs")
    args = parser.parse_args(argv)
    if args.command == "_build":
        child_build(args)
        return 0

    args.settings = SETTINGS_FILES[args.settings]
    args.workdir.mkdir(parents=True, exist_ok=True)
    rows = []
    try:
        for size in args.sizes:
            rows.append(bench_size(args, size))
    finally:
        if not args.keep:
            for size in args.sizes:
                for leftover in ("output", "plain-output", "cache"):
                    shutil.rmtree(args.workdir / f"n{size}" / leftover, ignore_errors=True)
    print(machine())
    print(f"- settings: {args.settings.name}; outputs and caches on {args.workdir}\n")
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
