"""Error types shared by the core and the CLI.

Every expected failure is a :class:`GpaiError` carrying a message written for
the user and the exit code the CLI should use.
"""

from __future__ import annotations


class GpaiError(Exception):
    """An expected failure with a user-facing message."""

    exit_code: int = 2
    """Exit code for the CLI (see :class:`gpai_tui.cli.exit_codes.ExitCode`)."""

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class UsageError(GpaiError):
    """A bad argument (unknown id, bad date, bad status...)."""
