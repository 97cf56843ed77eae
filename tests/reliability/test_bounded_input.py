"""Bounded input: oversized, deep, long and numerous inputs get a clear limit, fast.

Each hostile file is loaded in its own process (``bounded_probe.py``) that
reports the outcome, the time taken and the peak memory growth. Every one must
end in one ``WorkbookError`` (exit 2 from ``gpai validate``) within a few seconds
and a modest amount of memory; the largest *legitimate* workbook must load.
Before ``workbook/limits.py`` some of these took over five minutes (a 6 MB
dotted key) or 2 GB of memory (10 MB of distinct dotted keys).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from gpai_tui.catalogue import load_catalogue
from gpai_tui.workbook import Incident, WorkbookError, load_workbook, parse_workbook, save_workbook
from gpai_tui.workbook.limits import MAX_DEPTH, MAX_ITEMS, MAX_KEY_PARTS, MAX_TABLES
from gpai_tui.workbook.model import MAX_LIST, MAX_SHORT, MAX_TEXT
from tests.reliability.conftest import gpai, make_workbook

ROOT = Path(__file__).resolve().parents[2]
PROBE = Path(__file__).with_name("bounded_probe.py")
MB = 1024 * 1024
HEAD = 'format = 1\ncode = "2025-07-10"\n\n[model]\nprovider = "P"\nname = "M"\n'
SECONDS = 15.0
"""Budget for any single load: they take well under one second here; the margin is for
loaded CI machines (before workbook/limits.py some took minutes)."""
MEMORY_MB = 300
"""Budget for the peak memory growth of any single load."""


def probe(path: Path) -> dict[str, object]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    proc = subprocess.run(
        [sys.executable, str(PROBE), str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    result: dict[str, object] = json.loads(proc.stdout)
    return result


def _fill(unit: str, size: int = 10 * MB - 4096) -> str:
    return unit * (size // len(unit))


HOSTILE: dict[str, Callable[[], str]] = {
    "deep-arrays": lambda: HEAD + "x = " + "[" * 100_000 + "]" * 100_000 + "\n",
    "deep-inline-tables": lambda: HEAD + "x = " + "{a = " * 50_000 + "1" + "}" * 50_000 + "\n",
    "deep-header": lambda: HEAD + "[conflicts.x.ours" + ".a" * 3_000_000 + "]\n",
    "long-dotted-key": lambda: HEAD + "x" + ".a" * 30_000 + " = 1\n",
    "many-deep-keys": lambda: HEAD + "".join(f"k{i}" + ".a" * 7 + " = 1\n" for i in range(400_000)),
    "nested-just-too-deep": lambda: (
        HEAD + "[conflicts.x]\nours = " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n"
    ),
    "interleaved-deep-nesting": lambda: (
        HEAD + "[conflicts.x]\nours = " + "[[], " * 40 + "1" + "]" * 40 + "\n"
    ),
    "empty-inline-tables": lambda: HEAD + "x = [" + _fill("{},") + "]\n",
    "array-of-tables": lambda: HEAD + _fill("[[x]]\n"),
    "many-measure-tables": lambda: HEAD + "".join(f"[measures.m{i}]\n" for i in range(550_000)),
    "many-conflicts": lambda: (
        HEAD + "".join(f'[conflicts."c{i}"]\nours = 1\n' for i in range(60_000))
    ),
    "many-incidents": lambda: (
        HEAD
        + "".join(
            f'[incidents.I{i}]\nclass = "death"\ntitle = "t"\naware = 2026-01-01\n'
            for i in range(MAX_LIST + 1)
        )
    ),
    "many-ints": lambda: HEAD + "x = [" + _fill("1,") + "]\n",
    "many-evidence": lambda: HEAD + '[measures."CR-1.1"]\nevidence = [' + _fill('"e",') + "]\n",
    "evidence-over-list-limit": lambda: (
        HEAD + '[measures."CR-1.1"]\nevidence = [' + '"e",' * (MAX_LIST + 1) + "]\n"
    ),
    "huge-note": lambda: HEAD + '[measures."CR-1.1"]\nnotes = "' + "n" * (MAX_TEXT + 1) + '"\n',
    "9mb-note": lambda: HEAD + '[measures."CR-1.1"]\nnotes = """' + _fill("note line\n") + '"""\n',
    "huge-owner": lambda: HEAD + '[measures."CR-1.1"]\nowner = "' + "o" * (MAX_SHORT + 1) + '"\n',
    "huge-key": lambda: HEAD + '[measures."CR-1.1"]\n' + "k" * 5_000_000 + " = 1\n",
    "huge-measure-id": lambda: HEAD + '[measures."' + "M" * 5_000_000 + '"]\n',
    "huge-status": lambda: HEAD + '[measures."CR-1.1"]\nstatus = "' + "s" * 5_000_000 + '"\n',
    "unterminated-ml-strings": lambda: HEAD + "x = " + _fill('"""\\"'),
    "long-line-of-dots-in-a-string": lambda: (
        HEAD + '[measures."CR-1.1"]\nnotes = \'' + "." * 9_000_000 + "'\n"
    ),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_file_is_refused_quickly_with_one_message(case: str, tmp_path: Path) -> None:
    path = tmp_path / f"{case}.toml"
    path.write_text(HOSTILE[case](), encoding="utf-8")
    assert path.stat().st_size <= 10 * MB
    result = probe(path)
    assert result["outcome"] == "WorkbookError", result
    message = str(result["message"])
    assert len(message) < 1_000 and len(message.splitlines()) <= 4, message
    assert float(result["seconds"]) < SECONDS, result  # type: ignore[arg-type]
    assert float(result["mb"]) < MEMORY_MB, result  # type: ignore[arg-type]
    # and the command says it in one message, exit 2
    outcome = gpai("validate", str(path))
    assert outcome.exit_code == 2
    assert "Traceback" not in outcome.output and len(outcome.stderr) < 1_000


def test_messages_name_the_limits(tmp_path: Path) -> None:
    def message(text: str) -> str:
        with pytest.raises(WorkbookError) as info:
            parse_workbook(text.encode("utf-8"), "w.toml")
        return str(info.value)

    assert "nested too deeply" in message(HEAD + "x = " + "[" * 50 + "]" * 50)
    assert f"more than {MAX_KEY_PARTS} dotted parts" in message(HEAD + "a" + ".b" * 20 + " = 1")
    assert f"limited to {MAX_TABLES:,}" in message(HEAD + "[[x]]\n" * (MAX_TABLES + 1))
    assert f"limited to {MAX_ITEMS:,}" in message(HEAD + "x = [" + "1," * MAX_ITEMS + "]")
    assert "at most 5,000" in message(
        HEAD + '[measures."CR-1.1"]\nevidence = [' + '"e",' * (MAX_LIST + 1) + "]"
    ) or "5000" in message(HEAD + '[measures."CR-1.1"]\nevidence = [' + '"e",' * 5001 + "]")


def test_oversized_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    with path.open("wb") as fh:  # sparse: 2 GB on paper, nothing on disk
        fh.truncate(2 * 1024 * MB)
    result = probe(path)
    assert result["outcome"] == "WorkbookError"
    assert "limited to 10 MB" in str(result["message"])
    assert float(result["seconds"]) < 2 and float(result["mb"]) < 50  # type: ignore[arg-type]


def test_just_over_10_mb_of_valid_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    path.write_text(HEAD + "# " + "x" * (10 * MB) + "\n", encoding="utf-8")
    with pytest.raises(WorkbookError, match="limited to 10 MB"):
        load_workbook(path)


@pytest.mark.parametrize("special", ["fifo", "/dev/zero", "/dev/urandom"])
def test_pipes_and_devices_are_refused_not_waited_on(special: str, tmp_path: Path) -> None:
    if special == "fifo":
        path = tmp_path / "pipe.toml"
        os.mkfifo(path)  # nobody writes: opening it for reading would block forever
    else:
        path = Path(special)
        if not path.exists():
            pytest.skip(f"no {special}")
    result = probe(path)
    assert result["outcome"] == "WorkbookError", result
    assert "not a regular file" in str(result["message"])


def test_largest_legitimate_workbook_loads(tmp_path: Path) -> None:
    """Every item with 5,000 evidence references and 5,000 incidents: loads, in bounds."""
    workbook = make_workbook()
    for item_id in load_catalogue().item_ids():
        workbook.entry(item_id).evidence = [f"docs/{item_id}/{n}.md" for n in range(MAX_LIST)]
    workbook.incidents = {
        f"INC-{n}": Incident(incident_class="death", title=f"t{n}", aware=date(2026, 1, 1))
        for n in range(MAX_LIST)
    }
    path = tmp_path / "max.toml"
    save_workbook(workbook, path)
    assert path.stat().st_size < 10 * MB
    result = probe(path)
    assert result["outcome"] == "ok", result
    assert float(result["seconds"]) < 2 * SECONDS, result  # type: ignore[arg-type]
    assert float(result["mb"]) < 2 * MEMORY_MB, result  # type: ignore[arg-type]


def test_thousands_of_evidence_entries_in_the_cli(tmp_path: Path) -> None:
    path = tmp_path / "w.toml"
    workbook = make_workbook()
    workbook.entry("CR-1.1").evidence = [f"e{n}" for n in range(MAX_LIST)]
    save_workbook(workbook, path)
    assert gpai("validate", str(path)).exit_code == 0
    assert gpai("status", str(path), "--as-of", "2026-11-25").exit_code == 0
    over = gpai("set", str(path), "CR-1.1", "--evidence", "one-too-many")
    assert over.exit_code == 2
    assert f"more than {MAX_LIST}" in over.stderr
    assert len(load_workbook(path).measures["CR-1.1"].evidence) == MAX_LIST
