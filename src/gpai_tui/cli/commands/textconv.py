"""``gpai textconv FILE``: the canonical line view of a workbook, for ``git diff``.

git calls it (once ``gpai git-setup`` configured ``diff.gpai.textconv``) on each
side of a diff. It must never make ``git diff`` fail on content, so a file that
is not a workbook is printed unchanged, and an invalid workbook is printed
unchanged below one ``# gpai: ...`` line naming the problem; both exit 0. A
file over the workbook size limit is shown as one ``# gpai: ...`` line (exit 0):
it is never read whole nor parsed. Recognising and parsing a workbook goes
through the loader's bounded pre-scan (``workbook.limits``), so no file can make
``git diff`` use unbounded time or memory. Only an unreadable file exits 2.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
def textconv(file: Path) -> None:
    """Print workbook FILE as one fact per line (status, ticks, evidence, MDF...).

    Set up for git by `gpai git-setup`; then git diff, git log -p and git show
    read semantically.
    """
    try:
        _show(file)
    finally:
        sys.stdout.flush()  # what was written is shown even when captured (tests, pipes)


def _show(file: Path) -> None:
    from gpai_tui.engine.merge import looks_like_workbook
    from gpai_tui.report.textconv import textconv as render
    from gpai_tui.text import one_line, safe
    from gpai_tui.workbook import WorkbookError, parse_workbook, read_bytes
    from gpai_tui.workbook.io import MAX_FILE_BYTES

    out = sys.stdout
    try:
        size = file.stat().st_size
    except OSError:
        size = 0  # read_bytes names the problem
    if size > MAX_FILE_BYTES:
        out.write(
            f"# gpai: file of {size:,} bytes, over the {MAX_FILE_BYTES // 1_048_576} MB "
            "workbook limit; not shown\n"
        )
        return
    try:
        data = read_bytes(file)
    except WorkbookError as exc:
        if "limited to" not in exc.problem:
            raise
        out.write(f"# gpai: {one_line(exc.problem, 200)}; not shown\n")  # grew meanwhile
        return
    # Passed-through text still goes to a terminal (git's pager shows ESC raw):
    # control and bidi characters are escaped, visibly; lines and tabs are kept.
    if not looks_like_workbook(data):
        out.write(safe(data.decode("utf-8", "replace")))
        return
    try:
        workbook = parse_workbook(data, str(file))
    except WorkbookError as exc:
        problem = one_line(exc.problem + (f" (line {exc.line})" if exc.line else ""), 200)
        out.write(f"# gpai: not a valid workbook: {problem}\n")
        out.write(safe(data.decode("utf-8", "replace")))
        return
    out.write(render(workbook))
