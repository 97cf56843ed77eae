"""The git workflow modules and commands never import Textual, and start fast."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "workbooks" / "example.toml"

MODULES = [
    "gpai_tui.gitutil",
    "gpai_tui.engine.diff",
    "gpai_tui.engine.merge",
    "gpai_tui.engine.history",
    "gpai_tui.engine.paths",
    "gpai_tui.engine.conflicts",
    "gpai_tui.report.diff",
    "gpai_tui.report.textconv",
    "gpai_tui.report.history",
    "gpai_tui.cli.commands.diff",
    "gpai_tui.cli.commands.textconv",
    "gpai_tui.cli.commands.merge",
    "gpai_tui.cli.commands.git_setup",
    "gpai_tui.cli.commands.history",
]


@pytest.mark.parametrize("module", MODULES)
def test_no_textual(module: str) -> None:
    code = (
        "import importlib, sys\n"
        f"importlib.import_module({module!r})\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] == 'textual')))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "", f"{module} imports {proc.stdout.strip()}"


def test_textconv_run_does_not_import_textual() -> None:
    code = (
        "import sys\n"
        f"sys.argv = ['gpai', 'textconv', {str(EXAMPLE)!r}]\n"
        "from gpai_tui.cli import cli\n"
        "try:\n"
        "    cli.main(args=sys.argv[1:], standalone_mode=False)\n"
        "finally:\n"
        "    leaked = [m for m in sys.modules if m.split('.')[0] == 'textual']\n"
        "    sys.stderr.write('LEAKED:' + ','.join(leaked))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.endswith("LEAKED:")
