"""The headless core and the CLI entry point never import Textual.

Each module is imported in a fresh interpreter, so modules already loaded by
other tests cannot hide an import.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

HEADLESS_MODULES = [
    "gpai_tui.catalogue",
    "gpai_tui.cli",
    "gpai_tui.workbook",
    "gpai_tui.engine",
    "gpai_tui.report",
    "gpai_tui.report.status",
    "gpai_tui.cli.commands.validate",
]


@pytest.mark.parametrize("module", HEADLESS_MODULES)
def test_module_does_not_import_textual(module: str) -> None:
    code = (
        "import importlib, sys\n"
        f"importlib.import_module({module!r})\n"
        "leaked = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(leaked))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "", f"{module} imports {proc.stdout.strip()}"
