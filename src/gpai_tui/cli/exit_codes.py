"""Documented exit codes of every ``gpai`` command."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes.

    * ``OK`` (0): success; for ``diff``, no changes.
    * ``CHECK_FAILED`` (1): ``check`` found failures; ``diff`` found changes;
      ``merge`` left conflicts.
    * ``BAD_INPUT`` (2): usage error or bad input (unreadable or invalid file,
      bad argument, locked file, git missing).
    * ``INTERNAL`` (3): an unexpected error; the traceback is written to a log file.
    """

    OK = 0
    CHECK_FAILED = 1
    BAD_INPUT = 2
    INTERNAL = 3
