"""In-process measurements, each run by ``run.py`` in a fresh interpreter.

    python benchmarks/probes.py roundtrip FILE ROUNDS
    python benchmarks/probes.py pool DIR ROUNDS [SIZE,SIZE...]
    python benchmarks/probes.py sweep DIR ROUNDS
    python benchmarks/probes.py keys FILE MOVES TOGGLES
    python benchmarks/probes.py walk FILE ANSWERS
    python benchmarks/probes.py rss -- gpai ARGS...

Each probe prints one JSON object on its last line of stdout (``rss`` on stderr,
since the command it runs owns stdout).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

AS_OF = date(2026, 6, 1)
"""A fixed as-of date, so every run computes the same clocks."""


def _ms(seconds: float) -> float:
    return round(seconds * 1000.0, 4)


def roundtrip(path: Path, rounds: int) -> dict[str, Any]:
    """Item 3: load + validate + compute + save of one workbook, against a floor.

    The floor reads the same bytes, parses them with the standard library's
    ``tomllib``, dumps the same document with ``tomli_w`` and writes it with the same
    durability (temp file, fsync, rename, fsync of the folder). Rounds alternate
    floor and subject. The first round of each is a warm-up and not counted.
    """
    import tomllib

    import tomli_w

    from gpai_tui.engine import evaluate
    from gpai_tui.workbook import atomic_write, parse_workbook, read_bytes, save_workbook
    from gpai_tui.workbook.io import _parse_toml

    out_dir = Path(tempfile.mkdtemp(prefix="gpai-bench-rt-"))
    subject_out = out_dir / "subject.toml"
    floor_out = out_dir / "floor.toml"
    phases: dict[str, list[float]] = {
        "read+parse": [],
        "validate": [],
        "compute": [],
        "save": [],
        "total": [],
        "floor": [],
    }
    for n in range(rounds + 1):
        # Floor.
        t0 = time.perf_counter()
        raw = tomllib.loads(path.read_bytes().decode("utf-8"))
        atomic_write(floor_out, tomli_w.dumps(raw, multiline_strings=True).encode("utf-8"))
        t1 = time.perf_counter()
        # Subject: the public API, exactly as the CLI and the TUI use it.
        data = read_bytes(path)
        t2 = time.perf_counter()
        workbook = parse_workbook(data, str(path))
        t3 = time.perf_counter()
        evaluation = evaluate(workbook, AS_OF)
        t4 = time.perf_counter()
        save_workbook(workbook, subject_out)
        t5 = time.perf_counter()
        # The TOML share of parse_workbook, timed apart on the same text.
        t6 = time.perf_counter()
        _parse_toml(data.decode("utf-8"), str(path))
        toml = time.perf_counter() - t6
        assert evaluation.items
        if n == 0:
            continue
        phases["floor"].append(_ms(t1 - t0))
        phases["read+parse"].append(_ms(t2 - t1 + toml))
        phases["validate"].append(_ms(max(t3 - t2 - toml, 0.0)))
        phases["compute"].append(_ms(t4 - t3))
        phases["save"].append(_ms(t5 - t4))
        phases["total"].append(_ms(t5 - t1))
    for leftover in out_dir.iterdir():
        leftover.unlink()
    out_dir.rmdir()
    return phases


def pool(folder: Path, rounds: int, sizes: list[int] | None = None) -> dict[str, Any]:
    """Item 4: the portfolio engine in one process against the process pool.

    Times what ``gpai status DIR`` computes (load, validate, evaluate, summarise)
    with ``workers=1`` and with the pool, alternating, on the first ``size`` files
    of ``folder`` for each size.
    """
    from gpai_tui.catalogue import load_catalogue
    from gpai_tui.engine.portfolio import PARALLEL_MIN, find_workbooks, summaries, worker_count

    load_catalogue()
    every = find_workbooks(folder)
    cores = worker_count(every)
    out: dict[str, Any] = {"parallel_min": PARALLEL_MIN, "cpus": cores, "sizes": {}}
    for size in sizes or [len(every)]:
        paths = every[:size]
        times: dict[str, list[float]] = {"serial": [], "pool": []}
        for n in range(rounds + 1):
            for name, workers in (("serial", 1), ("pool", max(2, cores))):
                t0 = time.perf_counter()
                rows = list(summaries(paths, AS_OF, workers=workers))
                elapsed = time.perf_counter() - t0
                assert len(rows) == len(paths)
                if n:
                    times[name].append(_ms(elapsed))
        out["sizes"][str(size)] = times
    return out


def sweep(folder: Path, rounds: int) -> dict[str, Any]:
    """Item 4's tuning data: one process against the pool with 1, 2, 4 and 8 chunks
    per worker, for 25 to 1000 workbooks (``run.py --sweep``)."""
    from gpai_tui.catalogue import load_catalogue
    from gpai_tui.engine import portfolio

    load_catalogue()
    every = portfolio.find_workbooks(folder)
    cores = max(2, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 2)
    variants: list[tuple[str, int, int]] = [("serial", 1, 4)]
    variants += [(f"pool/{c}", cores, c) for c in (1, 2, 4, 8)]
    out: dict[str, Any] = {"cpus": cores, "sizes": {}}
    for size in (25, 50, 100, 200, 1000):
        paths = every[:size]
        times: dict[str, list[float]] = {name: [] for name, _, _ in variants}
        for n in range(rounds + 1):
            for name, workers, chunks in variants if n % 2 else variants[::-1]:
                portfolio.CHUNKS_PER_WORKER = chunks
                t0 = time.perf_counter()
                list(portfolio.summaries(paths, AS_OF, workers=workers))
                if n:
                    times[name].append(_ms(time.perf_counter() - t0))
        out["sizes"][str(size)] = times
    return out


def keys(path: Path, moves: int, toggles: int) -> dict[str, Any]:
    """Item 5: per-key latency in the TUI, from the key press to the repainted screen.

    Drives the real app (``make_app``) at 120x40 on a copy of ``path``: ``j``
    ``moves`` times down the Code tree (back to the top when it reaches the end),
    then ``space`` on ``toggles`` checkpoints of successive measures. First, 100
    presses of ``f24`` (bound to nothing) measure what the measurement itself costs:
    dispatching a key, waiting for the app to be idle, a repaint check.

    Each key is sent the way Pilot sends it, then the probe waits until every
    widget has handled its messages and paints the screen, without Pilot's idle
    polling (it sleeps 20 ms at a time, which would be measured instead of the app).
    Both wall and CPU time are kept; on a busy machine the CPU time is the better
    estimate of what an idle core would show.
    """
    import asyncio
    import gc
    import shutil

    from textual import events
    from textual.widgets import Tree

    from gpai_tui.tui.app import make_app
    from gpai_tui.tui.widgets.checkpoint_list import CheckpointList

    folder = Path(tempfile.mkdtemp(prefix="gpai-bench-keys-"))
    copy = folder / path.name
    shutil.copyfile(path, copy)
    app = make_app(copy, as_of=AS_OF, watch_interval=None)
    gc.freeze()  # as tui.launch does before running the app
    out: dict[str, list[float]] = {
        "j": [],
        "j_wall": [],
        "space": [],
        "space_wall": [],
        "f24": [],
        "f24_wall": [],
    }

    async def settle(pilot: Any) -> None:
        """Until every message (and any message it posts) is handled and no worker runs."""
        for _ in range(50):
            await pilot._wait_for_screen()
            await app.animator.wait_until_complete()
            await asyncio.sleep(0)
            nodes = [app, *app.screen.walk_children(with_self=True)]
            busy = any(node._message_queue.qsize() for node in nodes)
            if not busy and not any(w.is_running for w in app.workers):
                return

    async def timed(pilot: Any, key: str, char: str) -> None:
        c0, w0 = time.process_time(), time.perf_counter()
        event = events.Key(key, char)
        event.set_sender(app)
        app.post_message(event)
        await settle(pilot)
        app.screen._on_timer_update()  # paint now
        out[key].append(_ms(time.process_time() - c0))
        out[f"{key}_wall"].append(_ms(time.perf_counter() - w0))

    async def scenario() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("c")
            await pilot.pause()
            tree = app.screen.query_one(Tree)
            tree.focus()
            await pilot.pause()
            for _ in range(100):  # the floor: a key nothing is bound to, same measurement
                await timed(pilot, "f24", "")
            for _ in range(moves):
                before = tree.cursor_line
                await timed(pilot, "j", "j")
                if tree.cursor_line == before:  # the end: back to the top, untimed
                    tree.move_cursor_to_line(0)
                    await pilot.pause()
            items = [m.id for m in app.evaluation.items if m.required > 1 and m.applicable]
            for n in range(toggles):
                app.screen.show_item(items[n % len(items)], focus_checkpoints=True)  # type: ignore[attr-defined]
                await pilot.pause()
                app.screen.query_one(CheckpointList).highlighted = n % 2
                await settle(pilot)  # the setup's own repaint is not the key's
                app.screen._on_timer_update()
                await timed(pilot, "space", " ")
            await pilot.pause()

    asyncio.run(scenario())
    shutil.rmtree(folder, ignore_errors=True)
    return out


def walk(path: Path, answers: int) -> dict[str, Any]:
    """Item 8: the walk, from an answer key to the next question on screen.

    Drives the real app at 120x40 on a copy of ``path`` through the walk of the whole
    Code: ``s`` (skip: the next question is drawn) and ``y`` then ``enter`` (yes with an
    evidence reference: one change applied, the workbook re-evaluated, saved in a
    worker, the next question drawn); ``enter`` is timed, and the save is included
    (the probe waits for every worker). Recaps and chapter summaries are passed
    untimed. Timed like item 5 (``keys``), with the same no-op baseline, until the next
    question is painted; the save that follows (in a worker) is timed apart (``save``).
    """
    import asyncio
    import gc
    import shutil

    from textual import events

    from gpai_tui.tui.app import make_app

    folder = Path(tempfile.mkdtemp(prefix="gpai-bench-walk-"))
    copy = folder / path.name
    shutil.copyfile(path, copy)
    os.environ.setdefault("XDG_STATE_HOME", str(folder / "state"))
    app = make_app(copy, as_of=AS_OF, watch_interval=None)
    gc.freeze()
    out: dict[str, list[float]] = {
        "s": [],
        "s_wall": [],
        "enter": [],
        "enter_wall": [],
        "f24": [],
        "f24_wall": [],
        "save": [],
    }

    async def settle(pilot: Any) -> None:
        for _ in range(50):
            await pilot._wait_for_screen()
            await app.animator.wait_until_complete()
            await asyncio.sleep(0)
            nodes = [app, *app.screen.walk_children(with_self=True)]
            busy = any(node._message_queue.qsize() for node in nodes)
            if not busy and not any(w.is_running for w in app.workers):
                return

    async def drained(pilot: Any) -> None:
        """Until every message is handled (a save worker may still be running)."""
        for _ in range(50):
            await pilot._wait_for_screen()
            await asyncio.sleep(0)
            nodes = [app, *app.screen.walk_children(with_self=True)]
            if not any(node._message_queue.qsize() for node in nodes):
                return

    async def press(pilot: Any, key: str, char: str, name: str | None = None) -> None:
        c0, w0 = time.process_time(), time.perf_counter()
        event = events.Key(key, char)
        event.set_sender(app)
        app.post_message(event)
        await drained(pilot)
        app.screen._on_timer_update()  # paint now: the next question is on screen
        if name is not None:
            out[name].append(_ms(time.process_time() - c0))
            out[f"{name}_wall"].append(_ms(time.perf_counter() - w0))
        c1 = time.process_time()
        await settle(pilot)  # the save after an answer, timed apart
        if name == "enter":
            out["save"].append(_ms(time.process_time() - c1))

    async def scenario() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await app.action_walk(None, fresh=True)
            await settle(pilot)
            screen: Any = app.screen
            for _ in range(100):
                await press(pilot, "f24", "", "f24")
            for n in range(answers):
                step = screen.step
                while step is None or step.kind != "question":
                    if step is None:
                        await app.action_walk(None, fresh=True)
                    else:
                        key = ("s", "s") if step.kind == "recap" else ("enter", "\r")
                        await press(pilot, *key)
                    await settle(pilot)
                    step = screen.step
                if n % 2:
                    await press(pilot, "s", "s", "s")
                else:
                    await press(pilot, "y", "y")
                    for char in "ev.pdf":
                        await press(pilot, char, char)
                    await press(pilot, "enter", "\r", "enter")
            await pilot.pause()

    asyncio.run(scenario())
    shutil.rmtree(folder, ignore_errors=True)
    return out


def _press_once_shown(keys: list[str]) -> None:
    """``gpai open`` presses ``keys`` once the workbook is shown (not at the loading
    frame, where ``TEXTUAL_PRESS`` would press them and every key is dropped)."""
    from textual.pilot import Pilot

    from gpai_tui.tui.loading import LoadingApp

    settled = LoadingApp.lock_settled

    async def press_after(self: LoadingApp) -> None:
        await settled(self)

        async def press() -> None:
            await Pilot(self).press(*keys)

        self.call_after_refresh(lambda: self.run_worker(press()))

    LoadingApp.lock_settled = press_after  # type: ignore[method-assign]


def rss(argv: list[str]) -> dict[str, Any]:
    """Item 6: run ``gpai ARGV`` in this process; report the peak RSS (MB) of this
    process and of the largest child (a pool worker), from ``getrusage``, and
    whether Textual was imported."""
    import resource

    keys = os.environ.get("GPAI_BENCH_KEYS")
    if keys:
        _press_once_shown(keys.split(","))
    sys.argv = ["gpai", *argv]
    from gpai_tui.cli import main

    code: Any = 0
    try:
        main()
    except SystemExit as exc:
        code = exc.code
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
    textual = any(m == "textual" or m.startswith("textual.") for m in sys.modules)
    return {
        "exit": code,
        "self_mb": round(me, 1),
        "children_mb": round(kids, 1),
        "textual": textual,
    }


def main() -> None:
    kind = sys.argv[1]
    if kind == "roundtrip":
        result = roundtrip(Path(sys.argv[2]), int(sys.argv[3]))
    elif kind == "pool":
        sizes = [int(n) for n in sys.argv[4].split(",")] if len(sys.argv) > 4 else None
        result = pool(Path(sys.argv[2]), int(sys.argv[3]), sizes)
    elif kind == "sweep":
        result = sweep(Path(sys.argv[2]), int(sys.argv[3]))
    elif kind == "keys":
        result = keys(Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
    elif kind == "walk":
        result = walk(Path(sys.argv[2]), int(sys.argv[3]))
    elif kind == "rss":
        result = rss(sys.argv[3:] if sys.argv[2] == "--" else sys.argv[2:])
        sys.stdout.flush()
        print(json.dumps(result), file=sys.stderr)
        return
    else:
        raise SystemExit(f"unknown probe {kind!r}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
