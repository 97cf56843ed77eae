"""Helper process for the kill-during-save test (not a test module).

Run as ``python kill_saver.py A B TARGET``. It imports the writer once, then
serves forks: for each ``go`` line on stdin it forks a child that saves the bytes
of file A and file B to TARGET alternately, forever, with the real
:func:`gpai_tui.workbook.atomic_write`, and prints the child's pid. The test
kills that pid with SIGKILL at a random moment and sends ``reap``; this process
reaps it, prints ``dead SIGNAL``, and waits for the next ``go``. Forking keeps
a few hundred kills well under the time budget (no interpreter start per kill).

``time`` prints the mean time of one save, measured in this process.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def main() -> None:
    from gpai_tui.workbook import atomic_write

    versions = [Path(sys.argv[1]).read_bytes(), Path(sys.argv[2]).read_bytes()]
    target = Path(sys.argv[3])
    out = sys.stdout
    out.write("ready\n")
    out.flush()
    for line in sys.stdin:
        command = line.strip()
        if command == "time":
            start = time.perf_counter()
            for i in range(6):
                atomic_write(target, versions[i % 2])
            out.write(f"{(time.perf_counter() - start) / 6:.6f}\n")
            out.flush()
        elif command.startswith("go"):
            first = int(command.split()[1]) if " " in command else 0
            pid = os.fork()
            if pid == 0:  # the child: save forever until killed
                try:
                    i = first
                    while True:
                        atomic_write(target, versions[i % 2])
                        i += 1
                finally:
                    os._exit(1)
            out.write(f"{pid}\n")
            out.flush()
        elif command == "reap":
            # Reaped only when told, after the kill: until then an early exit
            # leaves a zombie, so the pid cannot be reused by another process.
            _, status = os.waitpid(pid, 0)
            code = os.waitstatus_to_exitcode(status)
            out.write(f"dead {-code if code < 0 else 'exit ' + str(code)}\n")
            out.flush()
        elif command == "quit":
            break


if __name__ == "__main__":
    main()
