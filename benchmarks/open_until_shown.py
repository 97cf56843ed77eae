"""``gpai open FILE`` until the workbook is on screen, then quit (item 2's second row).

``run.py`` runs it like ``gpai open`` (headless), without ``TEXTUAL_PRESS``: the app
quits once the dashboard has replaced the loading frame and been painted, i.e. once
the workbook is imported, loaded, validated and evaluated and its lock taken. That is
when an officer can start working; the first row (``TEXTUAL_PRESS=ctrl+q``) is when
the first frame is up.
"""

from __future__ import annotations

import sys

from gpai_tui.tui.loading import LoadingApp

_settled = LoadingApp.lock_settled


async def _quit_once_shown(self: LoadingApp) -> None:
    await _settled(self)
    self.call_after_refresh(self.exit)


LoadingApp.lock_settled = _quit_once_shown  # type: ignore[method-assign]

if __name__ == "__main__":
    from gpai_tui.cli import main

    sys.exit(main(["open", *sys.argv[1:]]))
