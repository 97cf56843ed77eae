"""In-process measurements, each run by ``run.py`` in a fresh interpreter.

    python benchmarks/probes.py roundtrip FILE ROUNDS
    python benchmarks/probes.py pool DIR ROUNDS [SIZE,SIZE...]
    python benchmarks/probes.py sweep DIR ROUNDS
    python benchmarks/probes.py keys FILE MOVES TOGGLES
    python benchmarks/probes.py walk FILE ANSWERS
    python benchmarks/probes.py switches FILE ROUNDS [PROFILE_OUT]
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


class PilotClock:
    """What items 5, 9 and 10 share: the real app at 120x40 on a copy of a workbook, and
    the CPU (and wall) time from sending a key until the screen is painted again.

    A key is sent the way Pilot sends it; then the clock waits until every widget has
    handled its messages and paints the screen, without Pilot's idle polling (it sleeps
    20 ms at a time, which would be measured instead of the app).
    """

    def __init__(self, path: Path, prefix: str, *, state: bool = False) -> None:
        import gc
        import shutil

        from gpai_tui.tui.app import make_app

        self.folder = Path(tempfile.mkdtemp(prefix=prefix))
        copy = self.folder / path.name
        shutil.copyfile(path, copy)
        if state:
            os.environ.setdefault("XDG_STATE_HOME", str(self.folder / "state"))
        self.app = make_app(copy, as_of=AS_OF, watch_interval=None)
        gc.freeze()  # as tui.launch does before running the app
        self.out: dict[str, list[float]] = {}
        self.pilot: Any = None

    def run(self, scenario: Any) -> dict[str, list[float]]:
        """Run ``scenario(clock)`` (a coroutine function) under Pilot at 120x40."""
        import asyncio
        import shutil

        async def main() -> None:
            async with self.app.run_test(size=(120, 40)) as pilot:
                self.pilot = pilot
                await scenario(self)
                await pilot.pause()

        try:
            asyncio.run(main())
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
        return self.out

    async def drained(self) -> None:
        """Until every message (and any message it posts) is handled."""
        import asyncio

        app = self.app
        for _ in range(50):
            await self.pilot._wait_for_screen()
            await asyncio.sleep(0)
            nodes = [app, *app.screen.walk_children(with_self=True)]
            if not any(node._message_queue.qsize() for node in nodes):
                return

    async def settle(self) -> None:
        """Until every message is handled, animations are over and no worker runs."""
        import asyncio

        app = self.app
        for _ in range(50):
            await self.pilot._wait_for_screen()
            await app.animator.wait_until_complete()
            await asyncio.sleep(0)
            nodes = [app, *app.screen.walk_children(with_self=True)]
            busy = any(node._message_queue.qsize() for node in nodes)
            if not busy and not any(w.is_running for w in app.workers):
                return

    def paint(self) -> None:
        """Paint the screen now (what the screen's update timer would do next)."""
        self.app.screen._on_timer_update()

    async def press(
        self, key: str, char: str | None, name: str | None = None, *, workers: bool = True
    ) -> None:
        """Send ``key``; time it under ``name`` (``cpu`` and ``name_wall``) until painted.

        ``workers=False``: painted once the messages are handled (a worker started by
        the key, such as a save, may still run; settle apart to time it).
        """
        from textual import events

        c0, w0 = time.process_time(), time.perf_counter()
        event = events.Key(key, char)
        event.set_sender(self.app)
        self.app.post_message(event)
        await (self.settle() if workers else self.drained())
        self.paint()
        if name is not None:
            self.out.setdefault(name, []).append(_ms(time.process_time() - c0))
            self.out.setdefault(f"{name}_wall", []).append(_ms(time.perf_counter() - w0))

    async def baseline(self, presses: int = 100) -> None:
        """The floor: a key nothing is bound to (``f24``), measured the same way."""
        for _ in range(presses):
            await self.press("f24", "", "f24")


def keys(path: Path, moves: int, toggles: int) -> dict[str, Any]:
    """Item 5: per-key latency in the TUI, from the key press to the repainted screen.

    Drives the real app (``make_app``) at 120x40 on a copy of ``path``: ``j``
    ``moves`` times down the Code tree (back to the top when it reaches the end),
    then ``space`` on ``toggles`` checkpoints of successive measures. First, 100
    presses of ``f24`` (bound to nothing) measure what the measurement itself costs:
    dispatching a key, waiting for the app to be idle, a repaint check.

    Each key is timed by :class:`PilotClock`. Both wall and CPU time are kept; on a
    busy machine the CPU time is the better estimate of what an idle core would show.
    """
    from textual.widgets import Tree

    from gpai_tui.tui.widgets.checkpoint_list import CheckpointList

    async def scenario(clock: PilotClock) -> None:
        app, pilot = clock.app, clock.pilot
        await pilot.press("c")
        await pilot.pause()
        tree = app.screen.query_one(Tree)
        tree.focus()
        await pilot.pause()
        await clock.baseline()
        for _ in range(moves):
            before = tree.cursor_line
            await clock.press("j", "j", "j")
            if tree.cursor_line == before:  # the end: back to the top, untimed
                tree.move_cursor_to_line(0)
                await pilot.pause()
        items = [m.id for m in app.evaluation.items if m.required > 1 and m.applicable]
        for n in range(toggles):
            app.screen.show_item(items[n % len(items)], focus_checkpoints=True)  # type: ignore[attr-defined]
            await pilot.pause()
            app.screen.query_one(CheckpointList).highlighted = n % 2
            await clock.settle()  # the setup's own repaint is not the key's
            clock.paint()
            await clock.press("space", " ", "space")

    return PilotClock(path, "gpai-bench-keys-").run(scenario)


def walk(path: Path, answers: int) -> dict[str, Any]:
    """Item 9: the walk, from an answer key to the next question on screen.

    Drives the real app at 120x40 on a copy of ``path`` through the walk of the whole
    Code: ``s`` (skip: the next question is drawn) and ``y`` then ``enter`` (yes with an
    evidence reference: one change applied, the workbook re-evaluated, saved in a
    worker, the next question drawn); ``enter`` is timed. Recaps and chapter summaries
    are passed untimed. Timed like item 5 (``keys``), with the same no-op baseline,
    until the next question is painted; the save that follows (in a worker) is timed
    apart (``save``).
    """

    async def press(clock: PilotClock, key: str, char: str, name: str | None = None) -> None:
        await clock.press(key, char, name, workers=False)
        c1 = time.process_time()
        await clock.settle()  # the save after an answer, timed apart
        if name == "enter":
            clock.out.setdefault("save", []).append(_ms(time.process_time() - c1))

    async def scenario(clock: PilotClock) -> None:
        app = clock.app
        await app.action_walk(None, fresh=True)
        await clock.settle()
        screen: Any = app.screen
        for _ in range(100):
            await press(clock, "f24", "", "f24")
        for n in range(answers):
            step = screen.step
            while step is None or step.kind != "question":
                if step is None:
                    await app.action_walk(None, fresh=True)
                else:
                    key = ("s", "s") if step.kind == "recap" else ("enter", "\r")
                    await press(clock, *key)
                await clock.settle()
                step = screen.step
            if n % 2:
                await press(clock, "s", "s", "s")
            else:
                await press(clock, "y", "y")
                for char in "ev.pdf":
                    await press(clock, char, char)
                await press(clock, "enter", "\r", "enter")

    return PilotClock(path, "gpai-bench-walk-", state=True).run(scenario)


SWITCH_KEYS = ("d", "c", "o", "p", "m", "t")
"""Item 10: the top-level screens, by their keys (registry.SCREENS), in the cycle's order."""


def switches(path: Path, rounds: int, profile: str | None = None) -> dict[str, Any]:
    """Item 10: screen switches, from the key to the other screen painted.

    The real app at 120x40 on a copy of ``path`` (it opens on the dashboard). First
    each screen's first visit (``first:KEY``: the screen is imported, composed, mounted
    and drawn), in :data:`SWITCH_KEYS` order; then ``rounds`` rounds of the same cycle
    between screens already visited (``KEY``: the steady state, the budget). Before
    every key the focus leaves any text field (untimed, as a user would press
    ``escape``), so the key reaches the app's binding. Timed by :class:`PilotClock`;
    100 presses of ``f24`` are the baseline, and 20 more on each screen after its first
    visit (``f24:KEY``: the wait for every widget costs more on a screen with more of
    them). Then ``rounds // 2`` rounds of: a checkpoint ticked on the Code screen
    (untimed), then the key of one of the other screens (``edited:KEY``: the screen
    draws the change it missed while hidden, then is painted). ``profile``: write a
    cProfile of the steady-state switches there.
    """
    from textual.widgets import Input, TextArea

    from gpai_tui.tui.registry import SCREENS

    modes = {spec.key: spec.name for spec in SCREENS}

    async def go(clock: PilotClock, key: str, name: str) -> None:
        app = clock.app
        if isinstance(app.focused, (Input, TextArea)):
            app.set_focus(None)
            await clock.settle()
            clock.paint()
        await clock.press(key, key, name)
        if app.current_mode != modes[key]:
            raise SystemExit(f"key {key!r} showed {app.current_mode!r}, not {modes[key]!r}")

    async def scenario(clock: PilotClock) -> None:
        await clock.settle()
        await clock.baseline()
        for key in SWITCH_KEYS[1:] + SWITCH_KEYS[:1]:
            await go(clock, key, f"first:{key}")
            # What the measurement costs on this screen: it waits for every widget
            # (the profile form has ~180, the dashboard ~20).
            for _ in range(20):
                await clock.press("f24", "", f"f24:{key}")
        profiler = None
        if profile:
            import cProfile

            profiler = cProfile.Profile()
        for _ in range(rounds):
            for key in SWITCH_KEYS:
                if profiler is not None:
                    profiler.enable()
                await go(clock, key, key)
                if profiler is not None:
                    profiler.disable()
        if profiler is not None and profile:
            profiler.dump_stats(profile)
        # After an edit elsewhere: a checkpoint ticked on the Code screen (untimed),
        # then the key of another screen, which draws the change before it is painted.
        app = clock.app
        items = [m.id for m in app.evaluation.items if m.required > 1 and m.applicable]
        ticks = 0
        for _ in range(max(1, rounds // 2)):
            for key in SWITCH_KEYS:
                if key == "c":
                    continue
                await go(clock, "c", "to-code")
                app.screen.show_item(items[ticks % len(items)], focus_checkpoints=True)  # type: ignore[attr-defined]
                await clock.settle()
                await clock.press("space", " ")
                ticks += 1
                await go(clock, key, f"edited:{key}")
        del clock.out["to-code"], clock.out["to-code_wall"]

    return PilotClock(path, "gpai-bench-switch-", state=True).run(scenario)


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
    elif kind == "switches":
        profile = sys.argv[4] if len(sys.argv) > 4 else None
        result = switches(Path(sys.argv[2]), int(sys.argv[3]), profile)
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
