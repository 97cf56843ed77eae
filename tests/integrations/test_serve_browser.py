"""``gpai serve``: the UI in a real browser (Debian's chromium driven by Playwright).

The server listens on 127.0.0.1 only. The page draws the terminal on a canvas, so
the test reads what the app sends over the page's websocket (the terminal output,
escape sequences stripped) to know when the dashboard or a dialog is on screen.
Screenshots are written to the test's tmp folder (``GPAI_SHOTS`` names another).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from gpai_tui.workbook import load_workbook

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "workbooks" / "example.toml"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ANSI = re.compile(
    r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][A-Z0-9]"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """``gpai serve`` on a copy of the example, on a free loopback port."""
    pytest.importorskip("textual_serve", reason="the web extra is not installed")
    workbook = tmp_path / "aurora.toml"
    shutil.copyfile(EXAMPLE, workbook)
    port = _free_port()
    env = {
        **os.environ,
        "HOME": str(tmp_path / "home"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "gpai_tui", "serve", str(workbook), "--port", str(port),
         "--as-of", "2026-06-01"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip
    try:
        for _ in range(150):
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/", workbook
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # the server and the apps it started
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


class Tab:
    """A browser tab on the served app, and the text the app has sent it."""

    def __init__(self, browser: Any, url: str) -> None:
        self.page = browser.new_page(viewport={"width": 1280, "height": 800})
        self.frames: list[bytes] = []
        self.page.on("websocket", self._watch)
        self.page.goto(url)

    def _watch(self, ws: Any) -> None:
        def received(frame: bytes | str) -> None:
            self.frames.append(frame if isinstance(frame, bytes) else frame.encode())

        ws.on("framereceived", received)

    def text(self) -> str:
        return ANSI.sub("", b"".join(self.frames).decode("utf-8", "replace"))

    def wait_for(self, words: str, seconds: float = 60) -> None:
        start = len(self.text())
        deadline = time.monotonic() + seconds
        while words not in self.text()[max(0, start - 200) :]:
            assert time.monotonic() < deadline, f"{words!r} never appeared"
            self.page.wait_for_timeout(100)
        self.page.locator(".xterm-helper-textarea").focus()  # keys go to the terminal

    def press(self, *keys: str, pause: int = 300) -> None:
        for key in keys:
            self.page.keyboard.press(key)
            self.page.wait_for_timeout(pause)


def _until(check: Callable[[], bool], seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


@pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason="chromium is not installed (apt-get install chromium; .ci/run installs it in CI)",
)
def test_edit_and_save_in_a_browser_and_a_second_tab_is_read_only(
    server: tuple[str, Path], tmp_path: Path
) -> None:
    playwright = pytest.importorskip("playwright.sync_api")
    url, workbook = server
    shots = Path(os.environ.get("GPAI_SHOTS", tmp_path))
    ticked_before = load_workbook(workbook).get_entry("CR-1.3").checks
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            tab = Tab(browser, url)
            tab.wait_for("Outstanding")  # the dashboard
            tab.page.screenshot(path=str(shots / "serve-dashboard.png"))
            tab.press("c", "/")
            tab.page.keyboard.type("CR-1.3", delay=50)
            tab.press("Enter", pause=800)
            tab.press("Space", "Control+s", pause=500)
            _until(lambda: load_workbook(workbook).get_entry("CR-1.3").checks != ticked_before)
            tab.page.screenshot(path=str(shots / "serve-saved.png"))
            after = load_workbook(workbook).get_entry("CR-1.3").checks
            changed = [cp for cp in after if after[cp] != ticked_before.get(cp, False)]
            assert len(changed) == 1  # the first checkpoint of CR-1.3, toggled by space
            saved = workbook.read_bytes()

            second = Tab(browser, url)
            second.wait_for("Open read-only")  # the lock: the first tab is editing
            second.page.screenshot(path=str(shots / "serve-second-tab.png"))
            second.press("Enter", pause=800)
            second.press("c", "Space", "Control+s", pause=400)
            # The header's READ-ONLY badge (issue 14) says why nothing was saved.
            _until(lambda: "READ-ONLY" in second.text(), 30)
            assert workbook.read_bytes() == saved  # the read-only tab wrote nothing
        finally:
            browser.close()


def test_serve_binds_loopback_by_default_and_warns_for_other_hosts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No socket is opened: the server class is replaced by a recorder."""
    server_module = pytest.importorskip("textual_serve.server")
    from gpai_tui.cli import cli

    started: list[tuple[str, str, int]] = []

    class Recorder:
        def __init__(self, command: str, host: str, port: int, title: str) -> None:
            started.append((command, host, port))

        def serve(self) -> None:
            pass

    monkeypatch.setattr(server_module, "Server", Recorder)
    runner = CliRunner()
    quiet = runner.invoke(cli, ["serve", str(EXAMPLE)])
    assert quiet.exit_code == 0, quiet.output
    assert started[-1][1:] == ("127.0.0.1", 8000)
    assert "WARNING" not in quiet.output
    assert started[-1][0].endswith(f"open {EXAMPLE.resolve()}")
    loud = runner.invoke(cli, ["serve", str(EXAMPLE), "--host", "0.0.0.0", "--port", "9001"])
    assert loud.exit_code == 0
    assert started[-1][1:] == ("0.0.0.0", 9001)
    assert "no authentication" in loud.output
    bad = tmp_path / "bad.toml"
    bad.write_text("format = 1\n")
    refused = runner.invoke(cli, ["serve", str(bad)])
    assert refused.exit_code != 0 and len(started) == 2  # a bad file never gets served
