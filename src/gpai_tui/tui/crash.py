"""Report an unexpected crash inside the TUI in one line, never a traceback.

Textual prints a full traceback when a handler raises. The apps override
``App._fatal_error`` (Textual 8.2's hook for that) with :func:`report_crash`:
the traceback goes to a log file in the user's state folder, the terminal gets
one line naming it, and the exit code is 3, as for the rest of the CLI.
"""

from __future__ import annotations

import sys
from typing import Any

from rich.text import Text


def report_crash(app: Any) -> None:
    """Close ``app`` after an unhandled exception, leaving a one-line message (exit 3)."""
    from gpai_tui.state import write_crash_log
    from gpai_tui.text import one_line

    error = sys.exc_info()[1] or app._exception
    log = write_crash_log(error) if error is not None else None
    where = f"; the details are in {log}" if log else ""
    message = f"gpai: unexpected error ({type(error).__name__}: {one_line(str(error), 200)}){where}"
    app._exit_renderables.append(Text(message))
    app._return_code = 3
    app._close_messages_no_wait()
