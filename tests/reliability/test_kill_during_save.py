"""Crash-safe saves: SIGKILL a process at random moments while it saves, many times.

A helper process (``kill_saver.py``) forks children that save two large
workbooks (about 2 MB each) alternately with the real atomic writer. Each child
is killed with SIGKILL after a random delay spread over a few save durations, so
kills land in every phase: creating the temp file, writing, fsync, rename, folder
fsync, stale-temp cleanup. After every kill the workbook must equal one of the
two versions byte for byte (and so load); temp files left by killed savers must
be cleaned by the next save, never match ``*.toml``, and never be read by
``gpai status DIR`` or ``gpai check DIR``.

Bounded form (``make test``): up to 500 kills in a 20 s budget (about 4 s
here). ``--soak``: 20,000 kills (15 minute budget). The figures are printed (run with ``-s``).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from gpai_tui.catalogue import load_catalogue
from gpai_tui.cli import cli
from gpai_tui.workbook import TEMP_SUFFIX, atomic_write, dumps_workbook, load_workbook
from tests.reliability.conftest import make_workbook

SAVER = Path(__file__).with_name("kill_saver.py")


def _big_version(tag: str, lines: int, evidence: int) -> bytes:
    """A large, valid workbook: long multi-line notes and many evidence entries."""
    workbook = make_workbook(provider=f"{tag} Labs", name=f"{tag}-model")
    for item_id in load_catalogue().item_ids():
        entry = workbook.entry(item_id)
        entry.owner = f"{tag}.owner"
        entry.notes = "\n".join(f"{tag} line {j} of {item_id}: " + "x" * 60 for j in range(lines))
        entry.evidence = [f"docs/{tag}/{item_id}/evidence-{j}.md" for j in range(evidence)]
    return dumps_workbook(workbook).encode("utf-8")


def _temps(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.endswith(TEMP_SUFFIX))


class Saver:
    """The helper process that forks savers; talks line by line."""

    def __init__(self, a: Path, b: Path, target: Path) -> None:
        env = dict(os.environ)
        root = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
        self.proc = subprocess.Popen(
            [sys.executable, str(SAVER), str(a), str(b), str(target)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
            env=env,
        )
        assert self.ask(None) == "ready"

    def ask(self, line: str | None) -> str:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        if line is not None:
            self.proc.stdin.write(line + "\n")
            self.proc.stdin.flush()
        answer = self.proc.stdout.readline().strip()
        assert answer, f"saver helper died (exit {self.proc.poll()})"
        return answer

    def close(self) -> None:
        if self.proc.poll() is None:
            assert self.proc.stdin is not None
            self.proc.stdin.write("quit\n")
            self.proc.stdin.flush()
            self.proc.wait(timeout=10)


def run_kills(folder: Path, kills: int, budget: float, seed: int) -> dict[str, float]:
    """Kill ``kills`` savers (or as many as fit in ``budget`` seconds); check each."""
    versions = (_big_version("alpha", 400, 300), _big_version("beta", 300, 500))
    assert versions[0] != versions[1] and len(versions[0]) != len(versions[1])
    sources = folder / "sources"
    sources.mkdir()
    (sources / "a.toml.src").write_bytes(versions[0])
    (sources / "b.toml.src").write_bytes(versions[1])
    work = folder / "portfolio"
    work.mkdir()
    target = work / "model.toml"
    atomic_write(target, versions[0])

    rng = random.Random(seed)
    saver = Saver(sources / "a.toml.src", sources / "b.toml.src", target)
    stats = {"kills": 0, "mid_save": 0, "flips": 0, "max_leftovers": 0, "seed": seed}
    try:
        save_time = float(saver.ask("time"))
        spread = max(3 * save_time, 0.003)
        stats["save_ms"] = round(save_time * 1000, 2)
        started = time.monotonic()
        previous = target.read_bytes()
        for n in range(kills):
            if time.monotonic() - started > budget:
                break
            pid = int(saver.ask(f"go {rng.randrange(2)}"))
            time.sleep(rng.uniform(0, spread))
            os.kill(pid, signal.SIGKILL)
            status = saver.ask("reap")
            assert status == f"dead {signal.SIGKILL}", f"saver ended by itself: {status}"
            stats["kills"] += 1
            data = target.read_bytes()
            assert data in versions, (
                f"after kill {n + 1} the workbook is neither version "
                f"({len(data)} bytes; seed {seed})"
            )
            stats["flips"] += data != previous
            previous = data
            leftovers = _temps(work)
            stats["mid_save"] += bool(leftovers)
            stats["max_leftovers"] = max(stats["max_leftovers"], len(leftovers))
            for leftover in leftovers:
                assert not leftover.match("*.toml")
                assert leftover.name.startswith(".")
        stats["seconds"] = round(time.monotonic() - started, 1)
    finally:
        saver.close()

    # Whatever is on disk loads, and equals a version that loads.
    load_workbook(target)
    # Temp files of dead savers are ignored by folder commands...
    if not _temps(work):
        (work / f".model.toml.999999999.deadbeef{TEMP_SUFFIX}").write_bytes(b"garbage [[[")
    assert sorted(p.name for p in work.glob("*.toml")) == ["model.toml"]
    runner = CliRunner()
    result = runner.invoke(cli, ["status", str(work), "--json", "--as-of", "2026-11-25"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["workbooks"]
    assert [Path(r["path"]).name for r in rows] == ["model.toml"]
    result = runner.invoke(cli, ["check", str(work), "--as-of", "2026-11-25"])
    assert result.exit_code in (0, 1) and "gpai-tmp" not in result.output
    # ...and cleaned by the next save.
    atomic_write(target, versions[1])
    assert _temps(work) == []
    assert target.read_bytes() == versions[1]
    return stats


def test_kill_during_save_bounded(tmp_path: Path, soak: bool) -> None:
    kills, budget = (20_000, 900.0) if soak else (500, 20.0)
    seed = int(os.environ.get("GPAI_KILL_SEED", random.randrange(1 << 30)))
    stats = run_kills(tmp_path, kills, budget, seed)
    print(f"\nkill-during-save: {stats}")
    assert stats["kills"] >= 50, stats
    # The kills did land inside saves, and the file did change between kills.
    assert stats["mid_save"] > 0, stats
    assert stats["flips"] > 0, stats
