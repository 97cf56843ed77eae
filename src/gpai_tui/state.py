"""The user's state folder and crash logs, shared by the CLI and the TUI (no Textual, no click).

Logs, recovery journals and the lock fall-back live under the platformdirs state
folder of ``gpai-tui``. :func:`write_crash_log` keeps the traceback of an
unexpected error there, so that the terminal only ever gets one line.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

APP_NAME = "gpai-tui"
"""The platformdirs application name."""


def state_dir() -> Path:
    """The user's state folder for logs, journals and locks (created on demand)."""
    import platformdirs

    path = Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def write_crash_log(exc: BaseException) -> Path | None:
    """Write the traceback of ``exc`` to a new log file; return its path (or None)."""
    import traceback  # only for a crash: it pulls in tokenize, linecache and more

    try:
        logs = state_dir() / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        path = logs / f"crash-{stamp}.log"
        path.write_text(
            "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)),
            encoding="utf-8",
        )
        return path
    except OSError:
        return None
