"""The GitHub Action (``action.yml``): its check step run as a script, as a runner runs it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "workbooks" / "example.toml"
ANNOTATION = re.compile(r"^::error file=([^,:]+)(?:,line=(\d+))?,title=gpai check::(.*)$")


def _check_step() -> dict[str, object]:
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    steps = [s for s in action["runs"]["steps"] if "action/check.sh" in s.get("run", "")]
    assert len(steps) == 1
    step: dict[str, object] = steps[0]
    return step


def run_action(repo: Path, inputs: dict[str, str]) -> tuple[subprocess.CompletedProcess[str], str]:
    """Run the check step with the env a runner gives it (``${{ inputs.X }}`` filled in)."""
    step = _check_step()
    env_spec = step["env"]
    assert isinstance(env_spec, dict)
    summary = repo / "summary.md"
    env = {
        **os.environ,
        "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""),
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_ACTIONS": "true",
    }
    for name, expr in env_spec.items():
        key = re.fullmatch(r"\$\{\{ inputs\.([a-z-]+) \}\}", str(expr))
        assert key, expr
        env[name] = inputs.get(key.group(1), "")
    run = str(step["run"]).replace("${{ github.action_path }}", str(ROOT))
    proc = subprocess.run(
        ["bash", "-c", run], cwd=repo, env=env, capture_output=True, text=True, timeout=120
    )
    return proc, summary.read_text() if summary.exists() else ""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "workbooks").mkdir()
    shutil.copy(EXAMPLE, tmp_path / "workbooks" / "aurora.toml")
    return tmp_path


def _overall() -> str:
    """The example's overall completeness as of the action's date, as the engine gives it."""
    from datetime import date

    from gpai_tui.engine import evaluate, pct
    from gpai_tui.workbook import load_workbook

    ev = evaluate(load_workbook(EXAMPLE), date(2026, 9, 1))
    return f"{pct(ev.overall.completeness):.1f}%"


def _line_of(text: str, header: str) -> int:
    return text.split("\n").index(header) + 1


def test_failures_are_annotated_at_the_measure_line_and_summary_renders(repo: Path) -> None:
    proc, summary = run_action(
        repo,
        {
            "path": "workbooks/aurora.toml",
            "flags": "--no-overdue --no-inconsistent",
            "as-of": "2026-09-01",
        },
    )
    assert proc.returncode == 1, proc.stderr
    text = (repo / "workbooks" / "aurora.toml").read_text()
    notes = [ANNOTATION.match(line) for line in proc.stdout.splitlines() if line.startswith("::")]
    assert notes and all(notes)
    found = {m.group(3): (m.group(1), m.group(2)) for m in notes if m}
    assert found["TR-1.1 is overdue (legal date 2026-03-01)"] == (
        "workbooks/aurora.toml",
        str(_line_of(text, '[measures."TR-1.1"]')),
    )
    overdue_obligation = "art-53-1-d-training-summary is overdue (legal date 2026-03-01)"
    assert found[overdue_obligation][1] == str(
        _line_of(text, "[obligations.art-53-1-d-training-summary]")
    )
    # The summary: valid CommonMark/GFM with the status tables, and the verdict.
    tokens = MarkdownIt("commonmark").enable("table").parse(summary)
    assert sum(t.type == "table_open" for t in tokens) == 2  # chapters, outstanding
    cells = [t.content for t in tokens if t.type == "inline"]
    assert "TR-1.1" in cells and "Copyright" in cells
    assert "gpai status: workbooks/aurora.toml" in cells
    assert "**gpai check failed:**" in summary
    html = MarkdownIt("commonmark").enable("table").render(summary)
    assert f"<strong>{_overall()}</strong>" in html


def test_a_passing_check_and_an_unreadable_workbook(repo: Path) -> None:
    proc, summary = run_action(repo, {"path": "workbooks", "as-of": "2026-09-01"})
    assert proc.returncode == 0, proc.stderr
    assert "::error" not in proc.stdout
    assert "**gpai check passed.**" in summary
    tokens = MarkdownIt("commonmark").enable("table").parse(summary)  # a folder: one row each
    assert sum(t.type == "table_open" for t in tokens) == 1
    cells = [t.content for t in tokens if t.type == "inline"]
    assert "workbooks/aurora.toml" in cells and _overall() in cells
    bad = repo / "workbooks" / "broken.toml"
    bad.write_text('format = 1\ncode = "2025-07-10"\n[model]\nprovider = 3\n')
    proc, summary = run_action(repo, {"path": "workbooks/broken.toml workbooks/aurora.toml"})
    assert proc.returncode == 2
    match = ANNOTATION.match(proc.stdout.strip().splitlines()[0])
    assert match and match.group(1) == "workbooks/broken.toml" and match.group(2) == "4"
    assert "could not read a workbook" in summary
