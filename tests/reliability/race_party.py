"""One party of the race test (``test_race.py``): edits one workbook ROUNDS times.

    python race_party.py ROLE WORKBOOK ROUNDS KEY

ROLE is ``set`` (``gpai set WORKBOOK KEY --owner VALUE``), ``merge`` (a hand-run
``gpai merge`` whose other side sets KEY's owner) or ``outside`` (a writer that
ignores gpai's lock but replaces the file atomically, and only if it is still what
it read: the careful editor). Each writes its own key only, with a new value per
round. Prints one JSON line: the values acknowledged (in order) and how many
attempts were refused.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path


def _run_gpai(args: list[str]) -> int:
    from gpai_tui.cli import main

    try:
        main(args)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    return 0


def main() -> None:
    role, workbook, rounds, key = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    import contextlib
    import io

    from gpai_tui.workbook import dumps_workbook, parse_workbook, save_workbook
    from gpai_tui.workbook.writer import SaveError, atomic_write

    acked: list[str] = []
    refused = 0
    scratch = Path(tempfile.mkdtemp(prefix="race-"))
    for number in range(rounds):
        value = f"{role}-{key}-{number}"
        sink = io.StringIO()
        with contextlib.redirect_stderr(sink), contextlib.redirect_stdout(sink):
            if role == "set":
                code = _run_gpai(["set", str(workbook), key, "--owner", value])
            elif role == "merge":
                data = workbook.read_bytes()  # renames are atomic: always a whole file
                base = parse_workbook(data)
                (scratch / "base.toml").write_bytes(data)
                base.entry(key).owner = value
                save_workbook(base, scratch / "theirs.toml")
                code = _run_gpai(
                    [
                        "merge",
                        str(scratch / "base.toml"),
                        str(workbook),
                        str(scratch / "theirs.toml"),
                    ]
                )
            else:
                data = workbook.read_bytes()
                edited = parse_workbook(data)
                edited.entry(key).owner = value
                try:
                    atomic_write(workbook, dumps_workbook(edited).encode(), expect=data)
                    code = 0
                except SaveError:
                    code = 2
        if code == 0:
            acked.append(value)
        elif code == 2:
            refused += 1
        else:
            print(json.dumps({"error": code, "output": sink.getvalue()[-500:]}))
            sys.exit(1)
    print(json.dumps({"acked": acked, "refused": refused}))


if __name__ == "__main__":
    main()
