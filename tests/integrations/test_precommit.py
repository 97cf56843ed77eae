"""The pre-commit hooks in ``.pre-commit-hooks.yaml``, run as pre-commit runs them.

The normal run loads the manifest with pre-commit's own schema, picks the files
with pre-commit's own include/exclude and type filters, builds the command line
with pre-commit's ``hook_cmd`` and runs it: everything ``pre-commit try-repo``
does except building a fresh virtualenv for the hook (a network install of
gpai-tui and its dependencies, a minute of CPU). That full ``try-repo`` run is
the ``--soak`` test at the end.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pre_commit.clientlib import load_manifest
from pre_commit.commands.run import Classifier, filter_by_include_exclude
from pre_commit.lang_base import hook_cmd

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "workbooks" / "example.toml"


def _hooks() -> dict[str, dict[str, Any]]:
    return {hook["id"]: hook for hook in load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))}


def _env() -> dict[str, str]:
    bin_dir = str(Path(sys.executable).parent)
    return {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}


def run_hook(hook_id: str, files: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run hook ``hook_id`` on staged ``files`` (relative to ``cwd``) as pre-commit would."""
    hook = _hooks()[hook_id]
    with_cwd = [str(cwd / f) for f in files]
    assert all(Path(f).exists() for f in with_cwd)
    with contextlib.chdir(cwd):  # pre-commit classifies paths relative to the repository
        chosen = list(
            Classifier(files).by_types(
                filter_by_include_exclude(files, hook["files"], hook["exclude"]),
                hook["types"],
                hook["types_or"],
                hook["exclude_types"],
            )
        )
    cmd = list(hook_cmd(hook["entry"], hook["args"]))
    if hook["pass_filenames"]:
        if not chosen:
            return subprocess.CompletedProcess(cmd, 0, "(no files to check)", "")
        cmd += chosen
    elif not chosen and not hook["always_run"]:
        return subprocess.CompletedProcess(cmd, 0, "(no files to check)", "")
    return subprocess.run(cmd, cwd=cwd, env=_env(), capture_output=True, text=True, timeout=60)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A user's repository: two workbooks, a pyproject.toml and a README."""
    (tmp_path / "workbooks").mkdir()
    shutil.copy(EXAMPLE, tmp_path / "workbooks" / "aurora.toml")
    shutil.copy(EXAMPLE, tmp_path / "workbooks" / "borealis.toml")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    (tmp_path / "README.md").write_text("hello\n")
    return tmp_path


def test_manifest_is_valid_and_has_both_hooks() -> None:
    hooks = _hooks()
    assert set(hooks) == {"gpai-validate", "gpai-check"}
    assert hooks["gpai-check"]["pass_filenames"] is False


def test_validate_hook_passes_good_workbooks_and_skips_other_toml(repo: Path) -> None:
    files = ["workbooks/aurora.toml", "workbooks/borealis.toml", "pyproject.toml", "README.md"]
    result = run_hook("gpai-validate", files, repo)
    assert result.returncode == 0, result.stderr
    assert "pyproject.toml" not in " ".join(result.args)  # not a workbook: never passed


def test_validate_hook_fails_on_a_broken_workbook_with_the_message(repo: Path) -> None:
    bad = repo / "workbooks" / "borealis.toml"
    text = bad.read_text()
    bad.write_text(text.replace('status = "done"', 'status = "finished"', 1))
    line = text[: text.index('status = "done"')].count("\n") + 1
    result = run_hook("gpai-validate", ["workbooks/aurora.toml", "workbooks/borealis.toml"], repo)
    assert result.returncode == 2
    assert f"workbooks/borealis.toml:{line}:" in result.stderr
    assert "got 'finished'" in result.stderr
    assert "aurora" not in result.stderr


def test_check_hook_runs_on_the_folder_with_configured_gates(repo: Path) -> None:
    ok = run_hook("gpai-check", ["workbooks/aurora.toml"], repo)
    assert ok.returncode == 0, ok.stderr
    assert "workbooks/aurora.toml: ok" in ok.stdout and "borealis.toml: ok" in ok.stdout
    # The user's `args:` replace the default: a gate both workbooks miss.
    hook = _hooks()["gpai-check"]
    cmd = [*hook_cmd(hook["entry"], ["--min-completeness", "99", "workbooks"])]
    failed = subprocess.run(cmd, cwd=repo, env=_env(), capture_output=True, text=True, timeout=60)
    assert failed.returncode == 1
    assert failed.stdout.count("FAILED") == 2


@pytest.mark.slow
def test_pre_commit_try_repo_for_real(tmp_path: Path) -> None:
    """``pre-commit try-repo`` on a clone: builds the hook's virtualenv (network)."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    user = tmp_path / "user"
    (user / "workbooks").mkdir(parents=True)
    shutil.copy(EXAMPLE, user / "workbooks" / "a.toml")
    env = {**_env(), "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    subprocess.run(["git", "init", "-q"], cwd=user, check=True)
    subprocess.run(["git", "add", "-A"], cwd=user, check=True)
    pre_commit = [sys.executable, "-m", "pre_commit", "try-repo", str(clone), "gpai-validate"]
    good = subprocess.run(
        [*pre_commit, "--files", "workbooks/a.toml"], cwd=user, env=env, text=True,
        capture_output=True, timeout=600,
    )  # fmt: skip
    assert good.returncode == 0, good.stdout + good.stderr
    (user / "workbooks" / "a.toml").write_text("format = 1\n")
    bad = subprocess.run(
        [*pre_commit, "--files", "workbooks/a.toml"], cwd=user, env=env, text=True,
        capture_output=True, timeout=600,
    )  # fmt: skip
    assert bad.returncode == 1
    assert "missing or invalid `code`" in bad.stdout
