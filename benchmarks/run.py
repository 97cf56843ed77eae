"""Run the gpai-tui benchmarks and print one table (``make bench``; see README.md here).

Every figure is the median of repeated runs. Each subject is measured against a
baseline in the same run, with subject and baseline runs interleaved, so that noise
from other work on the machine hits both alike; the ratio is the figure to read.

    .venv/bin/python benchmarks/run.py            # everything, about 2-3 minutes
    .venv/bin/python benchmarks/run.py --quick    # fewer rounds, for a smoke test
    .venv/bin/python benchmarks/run.py --only 1,3 # some items
    .venv/bin/python benchmarks/run.py --sweep    # item 4's tuning sweep (slow)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PY = sys.executable
EXAMPLE = ROOT / "workbooks" / "example.toml"
PROBES = HERE / "probes.py"
SIZES = (10, 100, 1000)
PARALLEL_MIN_SIZE = 100
"""Also compare pool and one process at the size where gpai starts using the pool
(``engine.portfolio.PARALLEL_MIN``; kept in step by hand, the probe reports it)."""


def precompile() -> None:
    """Write the bytecode of gpai_tui and of these scripts, as a wheel install does.

    An editable install compiles on first import, unless PYTHONDONTWRITEBYTECODE is
    set (as in some CI and sandboxes): then every run would compile ~10,000 lines
    again, a cost users do not pay (and the floor scripts, being tiny, hardly do).
    """
    import compileall

    import gpai_tui

    for folder in (Path(gpai_tui.__file__).parent, HERE):
        compileall.compile_dir(folder, quiet=1)


def gpai_command() -> list[str]:
    """The installed ``gpai`` console script (what users run), else ``python -m``."""
    script = Path(PY).parent / "gpai"
    return [str(script)] if script.exists() else [PY, "-m", "gpai_tui"]


@dataclass
class Row:
    """One line of the table."""

    item: str
    what: str
    value: str
    baseline: str = ""
    ratio: str = ""
    budget: str = ""
    met: bool | None = None
    """True/False against the budget; ``None`` for a figure without a budget."""


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def p95(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def run_timed(
    argv: list[str], ok: Sequence[int] = (0,), env: dict[str, str] | None = None
) -> float:
    """Wall time of one run of ``argv`` (stdout discarded), in seconds."""
    t0 = time.perf_counter()
    proc = subprocess.run(
        argv,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=env,
        timeout=300,
        check=False,
    )
    elapsed = time.perf_counter() - t0
    if proc.returncode not in ok:
        raise SystemExit(
            f"benchmark command failed ({proc.returncode}): {' '.join(argv)}\n"
            + proc.stderr.decode("utf-8", "replace")[-2000:]
        )
    return elapsed


def interleaved(
    commands: dict[str, Callable[[], float]], rounds: int, warmup: int = 1
) -> dict[str, list[float]]:
    """Run each command ``rounds`` times, alternating their order every round."""
    names = list(commands)
    times: dict[str, list[float]] = {name: [] for name in names}
    for n in range(warmup + rounds):
        order = names if n % 2 == 0 else names[::-1]
        for name in order:
            elapsed = commands[name]()
            if n >= warmup:
                times[name].append(elapsed)
    return times


def probe(*args: str) -> dict[str, object]:
    """Run a probe from probes.py in a fresh interpreter; return its JSON."""
    proc = subprocess.run(
        [PY, str(PROBES), *args], capture_output=True, text=True, timeout=600, check=False
    )
    if proc.returncode != 0:
        raise SystemExit(f"probe {args[0]} failed:\n{proc.stderr[-3000:]}")
    result: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def rss_probe(*argv: str, env: dict[str, str] | None = None) -> dict[str, object]:
    """Run ``gpai ARGV`` through the rss probe; return its JSON (printed on stderr)."""
    proc = subprocess.run(
        [PY, str(PROBES), "rss", "--", *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    try:
        result: dict[str, object] = json.loads(proc.stderr.strip().splitlines()[-1])
    except (ValueError, IndexError):
        raise SystemExit(f"rss probe failed:\n{proc.stderr[-3000:]}") from None
    return result


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def verdict(met: bool | None) -> str:
    return "" if met is None else ("met" if met else "NOT MET")


# --- the items ---------------------------------------------------------------------------


def item_headless_start(rounds: int) -> list[Row]:
    """1. ``gpai status workbooks/example.toml`` against the floor script."""
    gpai = [*gpai_command(), "status", str(EXAMPLE), "--as-of", "2026-06-01"]
    floor = [PY, str(HERE / "floor_status.py"), str(EXAMPLE)]
    times = interleaved(
        {"gpai": lambda: run_timed(gpai), "floor": lambda: run_timed(floor)}, rounds
    )
    subject, base = median(times["gpai"]), median(times["floor"])
    ratio = subject / base
    leaked = rss_probe("status", str(EXAMPLE))["textual"]
    return [
        Row(
            "1",
            "headless start: gpai status example.toml",
            ms(subject),
            f"{ms(base)} floor",
            f"{ratio:.2f}x",
            "<= 1.5x",
            ratio <= 1.5,
        ),
        Row(
            "1",
            "  gpai status never imports Textual",
            "textual imported" if leaked else "not imported",
            budget="not imported",
            met=not leaked,
        ),
    ]


HEADLESS = {
    "TEXTUAL_DRIVER": "textual.drivers.headless_driver:HeadlessDriver",
    "TEXTUAL_PRESS": "ctrl+q",
}
"""Run a Textual app without a terminal and quit as soon as it is ready (Textual 8.2
reads both variables: the driver class, and keys to press once the app is ready)."""


def item_first_paint(rounds: int) -> list[Row]:
    """2. ``gpai open example.toml`` headless until ready, against a minimal Textual app.

    The first row is the budget: the first frame (``gpai open`` draws it while the
    workbook loads, and quits at the first ``ctrl+q``). The second row runs until the
    workbook is on screen (loaded, validated, evaluated, locked; the dashboard
    painted), against the same bare-app runs: what an officer waits before working.
    """
    env = {**os.environ, **HEADLESS}
    shown_env = {k: v for k, v in env.items() if k != "TEXTUAL_PRESS"}
    gpai = [*gpai_command(), "open", str(EXAMPLE)]
    shown = [PY, str(HERE / "open_until_shown.py"), str(EXAMPLE)]
    floor = [PY, str(HERE / "floor_app.py")]
    times = interleaved(
        {
            "gpai": lambda: run_timed(gpai, env=env),
            "shown": lambda: run_timed(shown, env=shown_env),
            "floor": lambda: run_timed(floor, env=env),
        },
        rounds,
    )
    subject, base = median(times["gpai"]), median(times["floor"])
    ratio = subject / base
    whole = median(times["shown"])
    return [
        Row(
            "2",
            "TUI first paint: gpai open example.toml",
            ms(subject),
            f"{ms(base)} bare app",
            f"{ratio:.2f}x",
            "<= 1.3x",
            ratio <= 1.3,
        ),
        Row(
            "2",
            "  until the workbook is shown (loaded, locked, painted)",
            ms(whole),
            f"{ms(base)} bare app",
            f"{whole / base:.2f}x",
        ),
    ]


def item_keys(moves: int, toggles: int) -> list[Row]:
    """5. Keystroke latency in the TUI: ``j`` down the Code tree, ``space`` on checkpoints.

    The baseline is a key bound to nothing, measured the same way in the same run:
    what dispatching a key and waiting for the app to be idle costs by itself. The
    budget applies to the full figure (the baseline is not subtracted).
    """
    result = probe("keys", str(EXAMPLE), str(moves), str(toggles))
    floor: list[float] = result["f24"]  # type: ignore[assignment]
    base = median(floor)
    rows = []
    for key, what, count in (("j", "j (tree down)", moves), ("space", "space (tick)", toggles)):
        cpu: list[float] = result[key]  # type: ignore[assignment]
        wall: list[float] = result[f"{key}_wall"]  # type: ignore[assignment]
        mid = median(cpu)
        rows.append(
            Row(
                "5",
                f"key {what} x{count}: cpu median (p95 {p95(cpu):.0f}; wall {median(wall):.0f})",
                f"{mid:.1f} ms",
                f"{base:.1f} ms no-op key",
                f"{mid / base:.1f}x",
                budget="median < 16 ms",
                met=mid < 16.0,
            )
        )
    return rows


def item_walk(answers: int) -> list[Row]:
    """9. The walk: from an answer key to the next question (``s`` skip, ``enter`` yes).

    Measured like item 5 (CPU median, the no-op key as baseline); ``enter`` applies the
    answer, re-evaluates, saves in a worker and draws the next question.
    """
    result = probe("walk", str(EXAMPLE), str(answers))
    base = median(result["f24"])  # type: ignore[arg-type]
    rows = []
    for key, what in (("s", "s (skip)"), ("enter", "y + enter (yes: one change)")):
        cpu: list[float] = result[key]  # type: ignore[assignment]
        wall: list[float] = result[f"{key}_wall"]  # type: ignore[assignment]
        mid = median(cpu)
        rows.append(
            Row(
                "9",
                f"walk {what} x{len(cpu)}: cpu median (p95 {p95(cpu):.0f}; wall "
                f"{median(wall):.0f})",
                f"{mid:.1f} ms",
                f"{base:.1f} ms no-op key",
                f"{mid / base:.1f}x",
                budget="median < 16 ms",
                met=mid < 16.0,
            )
        )
    save: list[float] = result["save"]  # type: ignore[assignment]
    rows.append(Row("9", "  then the save, in a worker after the paint", f"{median(save):.1f} ms"))
    return rows


SWITCHES = (
    ("d", "dashboard"),
    ("c", "Code"),
    ("o", "outstanding"),
    ("p", "profile"),
    ("m", "MDF"),
    ("t", "training summary"),
)
"""Item 10: the keys of the top-level screens, in the order the probe cycles through them."""


def item_switches(rounds: int) -> list[Row]:
    """10. Screen switches: from ``d``/``c``/``o``/``p``/``m``/``t`` to the screen painted.

    Measured like item 5 (CPU median; the baseline is the no-op key pressed on the
    screen switched to, as the wait for its widgets is part of each figure). The budget applies
    to switches between screens already visited (``rounds`` rounds of the cycle); each
    screen's first visit (imported, composed, mounted, drawn) is reported apart.
    """
    result = probe("switches", str(EXAMPLE), str(rounds))
    rows = []
    for key, what in SWITCHES:
        base = median(result[f"f24:{key}"])  # type: ignore[arg-type]
        cpu: list[float] = result[key]  # type: ignore[assignment]
        wall: list[float] = result[f"{key}_wall"]  # type: ignore[assignment]
        mid = median(cpu)
        rows.append(
            Row(
                "10",
                f"switch to {what} ({key}) x{len(cpu)}: cpu median (p95 {p95(cpu):.0f}; "
                f"wall {median(wall):.0f})",
                f"{mid:.1f} ms",
                f"{base:.1f} ms no-op key",
                f"{mid / base:.1f}x",
                budget="median < 50 ms",
                met=mid < 50.0,
            )
        )
    edited = {key: result[f"edited:{key}"] for key, _ in SWITCHES if key != "c"}
    every: list[float] = [t for times in edited.values() for t in times]  # type: ignore[attr-defined]
    mid = median(every)
    rows.append(
        Row(
            "10",
            f"switch after a tick on the Code screen (d,o,p,m,t) x{len(every)}: cpu median "
            f"(p95 {p95(every):.0f})",
            f"{mid:.1f} ms",
            budget="median < 50 ms",
            met=mid < 50.0,
        )
    )
    per_key = ", ".join(f"{key} {median(times):.0f}" for key, times in edited.items())  # type: ignore[arg-type]
    rows.append(Row("10", f"  after a tick, cpu median ms per screen: {per_key}", ""))
    firsts = [f"{key} {result[f'first:{key}'][0]:.0f}" for key, _ in SWITCHES[1:]]  # type: ignore[index]
    rows.append(Row("10", "  first visit, cpu ms (builds the screen): " + ", ".join(firsts), ""))
    return rows


def item_memory_tui(maximal: Path) -> list[Row]:
    """6a. Peak RSS of the TUI on the maximal workbook (dashboard, Code tree, lists)."""
    # Pressed once the workbook is shown (probes.py), not at the loading frame.
    keys = "c,wait:300,j,j,j,j,j,o,wait:300,m,wait:300,ctrl+q"
    env = {**os.environ, **HEADLESS, "GPAI_BENCH_KEYS": keys}
    env.pop("TEXTUAL_PRESS")
    result = rss_probe("open", str(maximal), env=env)
    peak = float(result["self_mb"])  # type: ignore[arg-type]
    return [
        Row(
            "6",
            "peak RSS, TUI on the maximal workbook",
            f"{peak:.0f} MB",
            budget="< 150 MB",
            met=peak < 150,
        )
    ]


def item_roundtrip(maximal: Path, rounds: int) -> list[Row]:
    """3. Load + validate + compute + save of the maximal workbook, in process."""
    result = probe("roundtrip", str(maximal), str(rounds))
    phases = {k: median(v) for k, v in result.items() if isinstance(v, list)}
    total, floor = phases["total"], phases["floor"]
    size = maximal.stat().st_size // 1024
    rows = [
        Row(
            "3",
            f"load+validate+compute+save, maximal ({size} KB)",
            f"{total:.1f} ms",
            f"{floor:.1f} ms floor",
            f"{total / floor:.2f}x",
            "< 20 ms",
            total < 20.0,
        )
    ]
    for name in ("read+parse", "validate", "compute", "save"):
        rows.append(Row("3", f"  {name}", f"{phases[name]:.1f} ms"))
    return rows


def item_portfolio(dirs: dict[int, Path], rounds: int) -> list[Row]:
    """4. ``gpai status DIR`` and ``gpai check DIR`` over 10, 100 and 1000 workbooks."""
    gpai = gpai_command()
    rows: list[Row] = []
    medians: dict[tuple[str, int], float] = {}
    for size, folder in dirs.items():
        reps = rounds if size < 1000 else 3
        commands = {
            "status": lambda f=folder: run_timed(
                [*gpai, "status", str(f), "--as-of", "2026-06-01"]
            ),
            "check": lambda f=folder: run_timed([*gpai, "check", str(f), "--as-of", "2026-06-01"]),
            "floor": lambda f=folder: run_timed([PY, str(HERE / "floor_status.py"), str(f)]),
        }
        times = interleaved(commands, reps)
        base = median(times["floor"])
        for name in ("status", "check"):
            value = median(times[name])
            medians[(name, size)] = value
            per = value / size * 1000
            rows.append(
                Row(
                    "4",
                    f"gpai {name} DIR, {size} workbooks ({per:.2f} ms/wb)",
                    ms(value),
                    f"{ms(base)} floor",
                    f"{value / base:.2f}x",
                    "< 2 s" if size == 1000 else "",
                    value < 2.0 if size == 1000 else None,
                )
            )
    for name in ("status", "check"):
        low = (medians[(name, 100)] - medians[(name, 10)]) / 90 * 1000
        high = (medians[(name, 1000)] - medians[(name, 100)]) / 900 * 1000
        growth = high / low if low > 0 else float("inf")
        rows.append(
            Row(
                "4",
                f"  {name} scaling: marginal ms/wb 100->1000 vs 10->100",
                f"{high:.2f} vs {low:.2f}",
                ratio=f"{growth:.2f}x",
                budget="<= 1.25x",
                met=growth <= 1.25,
            )
        )
    sizes = sorted({50, 100, PARALLEL_MIN_SIZE, 1000})
    pool = probe("pool", str(dirs[1000]), str(max(2, rounds // 4)), ",".join(map(str, sizes)))
    per_size: dict[str, dict[str, list[float]]] = pool["sizes"]  # type: ignore[assignment]
    for size in sizes:
        serial = median(per_size[str(size)]["serial"])
        pooled = median(per_size[str(size)]["pool"])
        rows.append(
            Row(
                "4",
                f"  engine, {size} wb: {pool['cpus']}-process pool vs 1 process",
                f"{pooled:.0f} ms",
                f"{serial:.0f} ms serial",
                f"{pooled / serial:.2f}x",
                "< 1x (pays)" if size == 1000 else "",
                pooled < serial if size == 1000 else None,
            )
        )
    return rows


def item_inheriting(folder: Path, rounds: int) -> list[Row]:
    """8. ``gpai status DIR`` / ``check DIR``: one organisation and 1000 models inheriting it."""
    gpai = gpai_command()
    size = len(list(folder.glob("wb-*.toml")))
    commands = {
        "status": lambda: run_timed([*gpai, "status", str(folder), "--as-of", "2026-06-01"]),
        "check": lambda: run_timed([*gpai, "check", str(folder), "--as-of", "2026-06-01"]),
        "floor": lambda: run_timed([PY, str(HERE / "floor_status.py"), str(folder)]),
    }
    times = interleaved(commands, rounds)
    base = median(times["floor"])
    rows = []
    for name in ("status", "check"):
        value = median(times[name])
        rows.append(
            Row(
                "8",
                f"gpai {name} DIR, 1 organisation + {size} inheriting models",
                ms(value),
                f"{ms(base)} floor",
                f"{value / base:.2f}x",
                "< 2 s",
                value < 2.0,
            )
        )
    return rows


def item_memory_portfolio(folder: Path) -> list[Row]:
    """6b. Peak RSS of ``gpai status DIR`` over 1000 workbooks."""
    result = rss_probe("status", str(folder), "--as-of", "2026-06-01")
    main, worker = float(result["self_mb"]), float(result["children_mb"])  # type: ignore[arg-type]
    return [
        Row(
            "6",
            "peak RSS, gpai status over 1000 workbooks",
            f"{main:.0f} MB",
            f"{worker:.0f} MB largest worker" if worker else "",
            budget="< 150 MB",
            met=main < 150 and worker < 150,
        )
    ]


def item_summary_domains(work: Path, rounds: int) -> list[Row]:
    """7. ``gpai summary domains`` on a generated 100,000-row crawl CSV (whole command)."""
    import random

    rng = random.Random(13)
    csv_path = work / "crawl-100k.csv"
    lines = ["domain,bytes"]
    lines += [f"site{i}.example,{rng.randrange(1, 10**10)}" for i in range(100_000)]
    csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    workbook = work / "summary.toml"
    shutil.copyfile(EXAMPLE, workbook)
    gpai = gpai_command()
    times = interleaved(
        {
            "domains": lambda: run_timed(
                [*gpai, "summary", "domains", str(workbook), str(csv_path)]
            ),
            "validate": lambda: run_timed([*gpai, "validate", str(workbook)]),
        },
        rounds,
    )
    value, floor = median(times["domains"]), median(times["validate"])
    return [
        Row(
            "7",
            "gpai summary domains, 100,000-row CSV",
            ms(value),
            f"{ms(floor)} validate",
            f"{value / floor:.2f}x",
            "< 1 s",
            value < 1.0,
        )
    ]


def print_sweep(folder: Path, rounds: int) -> None:
    """``--sweep``: one process against the pool, by portfolio size and chunking."""
    result = probe("sweep", str(folder), str(rounds))
    sizes: dict[str, dict[str, list[float]]] = result["sizes"]  # type: ignore[assignment]
    names = list(next(iter(sizes.values())))
    print(f"median ms over {rounds} rounds; pool/N = {result['cpus']} workers, N chunks each")
    print("size  " + "".join(f"{n:>10}" for n in names))
    for size, times in sizes.items():
        print(f"{size:>4}  " + "".join(f"{median(times[n]):>10.0f}" for n in names))


# --- the table ---------------------------------------------------------------------------


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ""
    if hasattr(os, "getloadavg"):
        load = " · load {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    return (
        f"{os.cpu_count()} cpus · {model} · Python {platform.python_version()} · "
        f"{platform.system()} {platform.release()}{load}"
    )


def print_table(rows: list[Row], seconds: float) -> None:
    header = Row("#", "measure", "median", "baseline", "ratio", "budget", None)
    cells = [
        [r.item, r.what, r.value, r.baseline, r.ratio, r.budget, verdict(r.met)]
        for r in [header, *rows]
    ]
    cells[0][6] = "result"
    widths = [max(len(c[i]) for c in cells) for i in range(7)]
    right = {2, 3, 4}
    lines = []
    for n, c in enumerate(cells):
        parts = [c[i].rjust(widths[i]) if i in right else c[i].ljust(widths[i]) for i in range(7)]
        lines.append("  ".join(parts).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    print("\n".join(lines))
    failed = [r for r in rows if r.met is False]
    print(
        f"\n{machine()}\n{len(rows)} rows, {sum(r.met is True for r in rows)} budgets met, "
        f"{len(failed)} not met; {seconds:.0f} s"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds (noisier)")
    parser.add_argument("--only", default="1,2,3,4,5,6,7,8,9,10", help="comma-separated items")
    parser.add_argument("--rounds", type=int, default=None, help="rounds per figure")
    parser.add_argument("--sweep", action="store_true", help="pool tuning data (item 4)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a budget is not met")
    args = parser.parse_args(argv)
    only = set(args.only.split(","))
    rounds = args.rounds or (5 if args.quick else 11)
    started = time.perf_counter()

    sys.path.insert(0, str(HERE))
    precompile()
    from generate import write_inheriting_portfolio, write_maximal, write_portfolio

    work = Path(tempfile.mkdtemp(prefix="gpai-bench-"))
    rows: list[Row] = []
    try:
        maximal = write_maximal(work / "maximal.toml")
        dirs: dict[int, Path] = {}
        if args.sweep:
            print_sweep(Path(write_portfolio(work / "sweep", 1000)[0]).parent, rounds)
            return 0
        if {"4", "6"} & only:
            paths = write_portfolio(work / f"p{SIZES[-1]}", SIZES[-1])
            for size in SIZES[:-1]:
                folder = work / f"p{size}"
                folder.mkdir()
                for path in paths[:size]:
                    shutil.copyfile(path, folder / path.name)
            dirs = {size: work / f"p{size}" for size in SIZES}
        if "1" in only:
            rows += item_headless_start(rounds)
        if "2" in only:
            rows += item_first_paint(max(5, rounds * 2 // 3))
        if "3" in only:
            rows += item_roundtrip(maximal, max(rounds * 2, 10))
        if "4" in only:
            rows += item_portfolio(dirs, max(3, rounds * 2 // 3))
        if "5" in only:
            moves, toggles = (100, 20) if args.quick else (500, 100)
            rows += item_keys(moves, toggles)
        if "6" in only:
            rows += item_memory_tui(maximal)
            rows += item_memory_portfolio(dirs[SIZES[-1]])
        if "7" in only:
            rows += item_summary_domains(work, max(3, rounds // 2))
        if "8" in only:
            inheriting = work / "inheriting"
            write_inheriting_portfolio(inheriting, SIZES[-1])
            rows += item_inheriting(inheriting, 3)
        if "9" in only:
            rows += item_walk(60 if args.quick else 200)
        if "10" in only:
            rows += item_switches(8 if args.quick else 20)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print_table(rows, time.perf_counter() - started)
    return 1 if args.strict and any(r.met is False for r in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
