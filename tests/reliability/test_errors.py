"""Errors: every expected failure is one short message and the documented exit code;
an unexpected one is a short message naming a crash log (with the traceback) in
the user's state folder. Never a traceback on the terminal.

All runs go through the real entry point (``gpai_tui.cli.main`` -> ``run_guarded``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import pytest

from gpai_tui.cli import COMMANDS, LazyGroup
from gpai_tui.cli.exit_codes import ExitCode
from gpai_tui.workbook import save_workbook
from gpai_tui.workbook.lock import acquire
from tests.reliability.conftest import Outcome, gpai, make_workbook
from tests.reliability.payloads import terminal_unsafe

SCREEN_LINES = 24


def assert_one_screen(outcome: Outcome, code: int) -> None:
    assert outcome.exit_code == code, (outcome.exit_code, outcome.output)
    assert "Traceback" not in outcome.output, outcome.output
    assert outcome.stderr.strip(), "a failure says why"
    lines = outcome.stderr.splitlines()
    assert len(lines) <= SCREEN_LINES and max(map(len, lines)) <= 1_000, outcome.stderr
    assert terminal_unsafe(outcome.output) == []


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.toml"
    save_workbook(make_workbook(), path)
    return path


def _bad_files(tmp_path: Path) -> dict[str, Path]:
    files = {
        "missing": tmp_path / "missing.toml",
        "folder": tmp_path / "folder.toml",
        "empty": tmp_path / "empty.toml",
        "binary": tmp_path / "binary.toml",
        "not-utf8": tmp_path / "latin1.toml",
        "bom": tmp_path / "bom.toml",
        "crlf": tmp_path / "crlf.toml",
        "invalid-toml": tmp_path / "invalid.toml",
        "newer-format": tmp_path / "newer.toml",
        "unknown-key": tmp_path / "unknown-key.toml",
        "wrong-type": tmp_path / "wrong-type.toml",
        "unknown-measure": tmp_path / "unknown-measure.toml",
        "unknown-code": tmp_path / "unknown-code.toml",
        "fifo": tmp_path / "fifo.toml",
    }
    head = 'format = 1\ncode = "2025-07-10"\n\n[model]\nprovider = "P"\nname = "M"\n'
    files["folder"].mkdir()
    files["empty"].write_bytes(b"")
    files["binary"].write_bytes(b"\x00\x01\x02gpai\xff")
    files["not-utf8"].write_bytes(head.encode() + b"\n# caf\xe9\n")
    files["bom"].write_bytes(b"\xef\xbb\xbf" + head.encode())
    files["crlf"].write_bytes(head.replace("\n", "\r\n").encode())
    files["invalid-toml"].write_text(head + "[measures\n", encoding="utf-8")
    files["newer-format"].write_text(head.replace("format = 1", "format = 99"), encoding="utf-8")
    files["unknown-key"].write_text(head + "colour = 'red'\n", encoding="utf-8")
    files["wrong-type"].write_text(head + "open_source = 'yes'\n", encoding="utf-8")
    files["unknown-measure"].write_text(head + '[measures."XX-9.9"]\n', encoding="utf-8")
    files["unknown-code"].write_text(head.replace("2025-07-10", "1999-01-01"), encoding="utf-8")
    os.mkfifo(files["fifo"])
    return files


BAD = [
    "missing",
    "folder",
    "empty",
    "binary",
    "not-utf8",
    "bom",
    "crlf",
    "invalid-toml",
    "newer-format",
    "unknown-key",
    "wrong-type",
    "unknown-measure",
    "unknown-code",
    "fifo",
]


def _commands_on_a_file(path: Path, tmp_path: Path) -> dict[str, list[str]]:
    other = tmp_path / "other.toml"
    save_workbook(make_workbook(), other)
    runs = {
        "validate": ["validate", str(path)],
        "status": ["status", str(path)],
        "status --json": ["status", str(path), "--json"],
        "check": ["check", str(path)],
        "plan": ["plan", str(path)],
        "plan csv": ["plan", str(path), "--format", "csv"],
        "set": ["set", str(path), "CR-1.1", "--status", "in-progress"],
        "diff": ["diff", str(path), str(other)],
        "textconv": ["textconv", str(path)],
        "export": ["export", str(path), "--format", "md"],
        "history": ["history", str(path)],
        "open": ["open", str(path)],
    }
    return {name: args for name, args in runs.items() if LazyGroup._available(args[0])}


@pytest.mark.parametrize("bad", BAD)
def test_bad_files_give_one_message_and_exit_2(bad: str, tmp_path: Path) -> None:
    path = _bad_files(tmp_path)[bad]
    for name, args in _commands_on_a_file(path, tmp_path).items():
        if name == "history" and bad not in ("missing", "folder"):
            continue  # history reads git, not the working file
        if name == "textconv" and bad not in ("missing", "folder", "fifo"):
            continue  # by design it passes content through for git (escaped), exit 0
        outcome = gpai(*args)
        assert_one_screen(outcome, ExitCode.BAD_INPUT)
        if name != "history":
            assert path.name in outcome.stderr, (name, outcome.stderr)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["no-such-command"], "No such command"),
        (["status", "--no-such-option", "x"], "No such option"),
        (["status", "{good}", "--as-of", "tomorrow"], "YYYY-MM-DD"),
        (["check", "{good}", "--min-completeness", "200"], "200"),
        (["set", "{good}", "XX-1.1", "--status", "done"], "unknown measure or obligation"),
        (["set", "{good}", "CR-1.1", "--check", "nope"], "no checkpoint"),
        (["set", "{good}", "CR-1.1", "--status", "not-applicable"], "justification"),
        (["set", "{good}", "CR-1.1"], "nothing to change"),
        (["set", "{good}", "CR-1.1", "--owner", "o" * 5_000], "limit"),
        (["new", "{good}", "--provider", "P", "--model", "M"], "never overwrites"),
        (["new", "{tmp}/no/such/folder/x.toml", "--provider", "P", "--model", "M"], "folder"),
        (["new", "{tmp}/fresh.toml"], "required"),
        (["new", "{tmp}/fresh.toml", "--provider", "P", "--model", "M", "--compute", "-1"], "FLOP"),
        (["status", "{tmp}/empty-folder"], "no *.toml"),
        (["catalogue", "--code", "1999-01-01"], "1999-01-01"),
        (["diff", "{good}"], "two workbook files"),
        (["merge", "{good}", "{tmp}/missing.toml", "{good}"], "missing.toml"),
        (["check", "{good}", "{tmp}/missing.toml"], "missing.toml"),
        (["mdf", "set", "{good}", "input-max-sise", "x"], "did you mean 'input-max-size'"),
        (["fmt", "{tmp}/missing.toml"], "missing.toml"),
        (["serve", "{tmp}/missing.toml"], "missing.toml"),
    ],
)
def test_usage_errors_give_one_message_and_exit_2(
    args: list[str], says: str, good: Path, tmp_path: Path
) -> None:
    if args[0] in COMMANDS and not LazyGroup._available(args[0]):
        pytest.skip(f"gpai {args[0]} does not exist yet")
    (tmp_path / "empty-folder").mkdir()
    argv = [a.replace("{good}", str(good)).replace("{tmp}", str(tmp_path)) for a in args]
    before = good.read_bytes()
    outcome = gpai(*argv)
    assert_one_screen(outcome, ExitCode.BAD_INPUT)
    assert says in outcome.stderr
    assert good.read_bytes() == before, "a refused command changed the file"


def test_save_failure_is_a_message_and_exit_2(good: Path, tmp_path: Path) -> None:
    # The workbook is a symlink into a folder that vanished after it was read.
    target_dir = tmp_path / "gone"
    target_dir.mkdir()
    real = target_dir / "wb.toml"
    real.write_bytes(good.read_bytes())
    link = tmp_path / "link.toml"
    link.symlink_to(real)
    outcome = gpai("validate", str(link))
    assert outcome.exit_code == 0
    real.chmod(0o444)
    (target_dir / ".wb.toml.gpai-lock").mkdir()  # the lock file cannot be created
    outcome = gpai("set", str(link), "CR-1.1", "--status", "in-progress")
    assert_one_screen(outcome, ExitCode.BAD_INPUT)
    assert "lock" in outcome.stderr


def test_locked_file_is_exit_2(good: Path) -> None:
    with acquire(good, purpose="gpai open"):
        outcome = gpai("set", str(good), "CR-1.1", "--status", "in-progress")
    assert_one_screen(outcome, ExitCode.BAD_INPUT)
    assert "being edited by gpai open" in outcome.stderr


def _boom(message: str) -> Callable[..., Any]:
    def callback(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError(message)

    return callback


def _patch_command(
    monkeypatch: pytest.MonkeyPatch, name: str, callback: Callable[..., Any]
) -> None:
    command = LazyGroup().get_command(click.Context(click.Command("gpai")), name)
    assert command is not None
    monkeypatch.setattr(command, "callback", callback)


@pytest.mark.parametrize("name", ["status", "validate", "check", "set", "new", "catalogue"])
def test_unexpected_error_writes_a_crash_log_and_names_it(
    name: str, good: Path, isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _patch_command(monkeypatch, name, _boom("kaboom \x1b]52;c;ZXZpbA==\x07 [bold]x[/]"))
    args = {
        "status": ["status", str(good)],
        "validate": ["validate", str(good)],
        "check": ["check", str(good)],
        "set": ["set", str(good), "CR-1.1", "--status", "done"],
        "new": ["new", str(good.with_name("n.toml")), "--provider", "P", "--model", "M"],
        "catalogue": ["catalogue"],
    }[name]
    outcome = gpai(*args)
    assert outcome.exit_code == ExitCode.INTERNAL
    assert "Traceback" not in outcome.output
    assert terminal_unsafe(outcome.output) == []
    assert len(outcome.stderr.splitlines()) <= 3
    assert "RuntimeError" in outcome.stderr and "kaboom" in outcome.stderr
    logs = sorted((isolated_dirs / "gpai-tui" / "logs").glob("crash-*.log"))
    assert len(logs) == 1
    assert str(logs[0]) in outcome.stderr, "the message names the log file"
    text = logs[0].read_text(encoding="utf-8")
    assert "Traceback" in text and "RuntimeError: kaboom" in text and "callback" in text


def test_crash_log_that_cannot_be_written_still_gives_a_message(
    good: Path, isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    isolated_dirs.parent.mkdir(parents=True, exist_ok=True)
    isolated_dirs.write_text("not a folder")  # the state folder cannot be created
    _patch_command(monkeypatch, "status", _boom("kaboom"))
    outcome = gpai("status", str(good))
    assert outcome.exit_code == ExitCode.INTERNAL
    assert "Traceback" not in outcome.output and "kaboom" in outcome.stderr


def test_interrupt_and_broken_pipe(good: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt

    _patch_command(monkeypatch, "status", interrupted)
    outcome = gpai("status", str(good))
    assert outcome.exit_code == 130 and "interrupted" in outcome.stderr
    assert "Traceback" not in outcome.output

    def broken(*args: Any, **kwargs: Any) -> None:
        raise BrokenPipeError

    _patch_command(monkeypatch, "status", broken)
    outcome = gpai("status", str(good))
    assert outcome.exit_code == 0 and "Traceback" not in outcome.output


def test_real_process_prints_no_traceback_for_bad_input(tmp_path: Path) -> None:
    """The installed entry point, as a shell user runs it."""
    import subprocess

    bad = tmp_path / "bad.toml"
    bad.write_text("format = [", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "gpai_tui", "validate", str(bad)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "bad.toml" in proc.stderr


def test_help_documents_the_exit_codes() -> None:
    outcome = gpai("--help")
    assert outcome.exit_code == 0
    flat = " ".join(outcome.stdout.split())
    for text in ("0 ok", "1 check failed", "2 usage or bad input", "3 unexpected error"):
        assert text in flat
