"""Evidence references are data: nothing opens, fetches or runs them.

* Statically: no module imports a network or browser library; only the git
  helpers start processes (``git``, never a shell); no ``eval``/``exec``,
  ``os.system``, ``os.popen``, ``os.startfile``; ``App.open_url`` is the only
  sanctioned way to open a link and is not called on evidence.
* Behaviourally: evidence pointing at a FIFO (which blocks whoever opens it)
  and at URLs goes through every command and through the TUI's evidence list
  (enter, edit, escape) without anything being opened.
"""

from __future__ import annotations

import ast
import asyncio
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from gpai_tui.cli import LazyGroup
from gpai_tui.workbook import save_workbook
from tests.reliability.conftest import make_workbook

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "gpai_tui"

FORBIDDEN_IMPORTS = {
    "webbrowser",
    "urllib.request",
    "http.client",
    "requests",
    "httpx",
    "aiohttp",
    "ftplib",
    "smtplib",
    "telnetlib",
    "pickle",
    "shelve",
    "marshal",
}
SOCKET_ALLOWED = {"workbook/lock.py", "workbook/journal.py"}  # socket.gethostname() only
SUBPROCESS_ALLOWED = {"gitutil.py", "report/export/provenance.py"}  # git only
OPENER = "tui/opener.py"
"""The one module that starts something other than git: the system opener or $PAGER on one
local evidence file, on the user's explicit ``enter`` (issue 19); never a URL, never a shell."""
FORBIDDEN_CALLS = {"eval", "exec", "system", "popen", "startfile", "execv", "execvp", "spawnv"}


def _modules() -> list[tuple[str, ast.Module]]:
    return [
        (str(path.relative_to(SRC)), ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted(SRC.rglob("*.py"))
    ]


def test_no_network_browser_or_deserialisation_imports() -> None:
    found: list[str] = []
    for name, tree in _modules():
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            for imported in names:
                if imported in FORBIDDEN_IMPORTS:
                    found.append(f"{name}: {imported}")
                if imported == "socket" and name not in SOCKET_ALLOWED:
                    found.append(f"{name}: socket")
                if imported == "subprocess" and name not in {*SUBPROCESS_ALLOWED, OPENER}:
                    found.append(f"{name}: subprocess")
    assert found == []


def test_no_shell_eval_or_exec() -> None:
    found: list[str] = []
    for name, tree in _modules():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called in FORBIDDEN_CALLS:
                found.append(f"{name}:{node.lineno}: {called}()")
            for keyword in node.keywords:
                if keyword.arg == "shell" and not (
                    isinstance(keyword.value, ast.Constant) and keyword.value.value is False
                ):
                    found.append(f"{name}:{node.lineno}: shell=")
    assert found == []


def test_processes_are_git_only() -> None:
    for name in SUBPROCESS_ALLOWED:
        text = (SRC / name).read_text(encoding="utf-8")
        assert '"git"' in text, f"{name} starts something other than git?"


def test_the_opener_is_only_reached_from_the_evidence_actions() -> None:
    """Only ``tui/evidence_actions.py`` imports the opener, and it checks the row first."""
    users = [
        name
        for name, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and (node.module == "gpai_tui.tui.opener"
             or (node.module == "gpai_tui.tui" and any(a.name == "opener" for a in node.names)))
    ]  # fmt: skip
    assert users == ["tui/evidence_actions.py"]
    text = (SRC / "tui/evidence_actions.py").read_text(encoding="utf-8")
    assert 'row.state not in ("ok", "unhashed", "changed")' in text


def test_open_url_is_never_given_evidence() -> None:
    calls = [
        f"{name}:{node.lineno}"
        for name, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "open_url"
        and "evidence" in ast.unparse(node).lower()
    ]
    assert calls == []


@pytest.fixture
def trap(tmp_path: Path) -> Path:
    """A workbook whose evidence points at a FIFO (opening it would block) and at URLs."""
    fifo = tmp_path / "trap.fifo"
    os.mkfifo(fifo)
    workbook = make_workbook()
    for item_id in ("CR-1.1", "TR-1.1", "SS-1.1"):
        workbook.entry(item_id).evidence = [
            str(fifo),
            "http://127.0.0.1:9/never-fetched",
            "file:///etc/shadow",
            "$(touch pwned)",
            "`touch pwned`",
        ]
    path = tmp_path / "trap.toml"
    save_workbook(workbook, path)
    return path


def test_commands_never_open_evidence(trap: Path, tmp_path: Path) -> None:
    runs = [
        ["validate", str(trap)],
        ["status", str(trap)],
        ["status", str(trap), "--json"],
        ["check", str(trap)],
        ["set", str(trap), "CR-1.1", "--status", "in-progress"],
        ["textconv", str(trap)],
    ]
    if LazyGroup._available("export"):
        runs += [
            ["export", str(trap), "--format", fmt, "--audience", audience]
            for fmt in ("md", "html", "json", "csv")
            for audience in ("internal", "public")
        ]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    for args in runs:
        if not LazyGroup._available(args[0]):
            continue
        proc = subprocess.run(
            [sys.executable, "-m", "gpai_tui", *args],
            capture_output=True,
            text=True,
            timeout=60,  # opening the FIFO would block until this kills it
            cwd=tmp_path,
            env=env,
        )
        assert proc.returncode in (0, 1), (args, proc.stderr)
    assert not (tmp_path / "pwned").exists()


def test_tui_evidence_list_never_opens_anything(
    trap: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import webbrowser

    from textual.screen import ModalScreen

    from gpai_tui.tui.app import make_app

    def refuse(*args: object, **kwargs: object) -> bool:
        raise AssertionError(f"something tried to open {args}")

    monkeypatch.setattr(webbrowser, "open", refuse)
    app = make_app(trap, as_of=date(2026, 6, 1), watch_interval=None)
    opened: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, **kw: opened.append(url))

    async def scenario() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("slash", *"CR-1.1", "enter")
            await pilot.pause()
            app.screen.query_one("#evidence").focus()
            for key in ("enter", "down", "enter", "space", "e"):
                await pilot.press(key)
                await pilot.pause()
                if isinstance(app.screen, ModalScreen):
                    await pilot.press("escape")
                    await pilot.pause()
            await pilot.click("#evidence")
            await pilot.pause()

    asyncio.run(scenario())
    assert opened == []
    assert app._exception is None
