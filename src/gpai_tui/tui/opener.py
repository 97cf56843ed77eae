"""Open a local evidence file on an explicit request: the system opener, or ``$PAGER``.

Only ever called with a regular file inside the workbook's repository (see
:mod:`gpai_tui.tui.evidence_state`); never with a URL (those are copied to the
clipboard), never through a shell. In a graphical session the system opener
(``xdg-open`` on Linux and BSD, ``open`` on macOS) is started detached; otherwise the
file is shown in ``$PAGER`` (default ``less``) in the suspended terminal.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path


def system_opener() -> list[str] | None:
    """The desktop's opener command, when there is a desktop to open on."""
    if sys.platform == "darwin":
        found = shutil.which("open")
        return [found] if found else None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        found = shutil.which("xdg-open")
        return [found] if found else None
    return None


def pager() -> list[str] | None:
    """``$PAGER`` split like a shell would (never run by one), else ``less``/``more``."""
    configured = shlex.split(os.environ.get("PAGER", "")) if os.environ.get("PAGER") else []
    if configured and shutil.which(configured[0]):
        return configured
    for name in ("less", "more"):
        found = shutil.which(name)
        if found:
            return [found]
    return None


def start_detached(command: list[str], path: Path) -> None:
    """Start ``command path`` without waiting and without a terminal."""
    subprocess.Popen(
        [*command, str(path)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        shell=False,
    )


def run_in_terminal(command: list[str], path: Path) -> int:
    """Run ``command path`` in the (suspended) terminal and wait for it."""
    return subprocess.call([*command, str(path)], shell=False)
