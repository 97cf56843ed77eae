"""Helper process for the bounded-input tests (not a test module).

``python bounded_probe.py FILE`` loads FILE with the real loader and prints one
JSON line: the outcome (``ok``, ``WorkbookError`` or another exception type),
the message, the seconds taken and the peak memory growth in MB. Run in its own
process so that the memory figure is this load's alone.
"""

from __future__ import annotations

import json
import resource
import sys
import time


def main() -> None:
    from gpai_tui.workbook import WorkbookError, load_workbook

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    try:
        load_workbook(sys.argv[1])
        outcome, message = "ok", ""
    except WorkbookError as exc:
        outcome, message = "WorkbookError", str(exc)
    except BaseException as exc:  # reported, so the test can fail with it
        outcome, message = type(exc).__name__, str(exc)[:500]
    seconds = time.perf_counter() - started
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    print(json.dumps({"outcome": outcome, "message": message, "seconds": seconds, "mb": grown}))


if __name__ == "__main__":
    main()
