"""End to end: gpai new -> gpai set -> gpai status --json, and every bad argument."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


def gpai(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gpai_tui", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
    )


def gpai_here(*args: str) -> subprocess.CompletedProcess[str]:
    """:func:`gpai` run in this process through the real entry point (``run_guarded``).

    For the long tables of bad input: a subprocess each cost ~0.4 s of CPU, and the
    real process is exercised by the other tests here.
    """
    from tests.reliability.conftest import gpai as run

    out = run(*args)
    return subprocess.CompletedProcess(["gpai", *args], out.exit_code, out.stdout, out.stderr)


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    path = tmp_path / "model.toml"
    result = gpai(
        "new", str(path), "--provider", "Acme AI", "--model", "Acme-1", "--compute", "3e25",
        "--non-eu", "--placed-on-market", "2026-06-01", "--threshold-known", "2026-01-10",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return path


def test_new_set_status_end_to_end(workbook: Path) -> None:
    steps = [
        ["CR-1.3", "--status", "in-progress", "--owner", "m.rossi", "--target", "2026-05-01"],
        ["CR-1.3", "--check", "robots-txt", "--check", "other-protocols",
         "--evidence", "policies/crawler.md"],
        ["CR-1.1", "--status", "done", "--evidence", "policy.pdf", "--check", "policy-document"],
        ["SS-10.2", "--status", "not-applicable", "--justification", "similarly safe model"],
        ["art-52-notification", "--status", "done", "--last-done", "2026-01-20",
         "--check", "compute-tracking", "--check", "threshold-date",
         "--check", "notification-sent", "--check", "compute-estimate",
         "--check", "estimate-method", "--evidence", "aio-receipt.pdf"],
    ]  # fmt: skip
    for step in steps:
        result = gpai("set", str(workbook), *step)
        assert result.returncode == 0, result.stderr
    result = gpai("status", str(workbook), "--json", "--as-of", "2026-04-01")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["as_of"] == "2026-04-01"
    measures = {m["id"]: m for m in data["measures"]}
    cr13 = measures["CR-1.3"]
    assert cr13["status"] == "in-progress"
    assert cr13["owner"] == "m.rossi"
    assert cr13["target"] == "2026-05-01"
    assert cr13["completeness"] == pytest.approx(100 * 2 / 4, abs=0.05)
    assert cr13["due"] == "2026-06-01"
    assert measures["CR-1.1"]["consistent"] is False  # done with unticked checkpoints
    assert measures["SS-10.2"]["applicable"] is False
    assert "similarly safe model" in measures["SS-10.2"]["reason"]
    obligations = {o["id"]: o for o in data["obligations"]}
    assert obligations["art-54-authorised-representative"]["applicable"] is True
    assert obligations["art-52-notification"]["status"] == "done"
    # SS-1.1: 4 weeks after the actual notification (2026-01-20).
    assert measures["SS-1.1"]["due"] == "2026-02-17"
    assert {c["id"] for c in data["chapters"]} == {
        "transparency",
        "copyright",
        "safety-and-security",
    }
    assert data["outstanding"][0]["id"] == "SS-1.1"
    assert all(set(o) >= {"id", "due", "overdue"} for o in data["outstanding"])


BAD_SETS = [
    ["XX-9.9", "--status", "done"],
    ["CR-1.3", "--status", "finished"],
    ["CR-1.3", "--target", "next week"],
    ["CR-1.3", "--target", "2026-02-30"],
    ["CR-1.3", "--check", "robot-txt"],
    ["TR-1.1", "--check", "mdf-completed"],
    ["CR-1.3", "--status", "not-applicable"],
    ["CR-1.3", "--status", "not-applicable", "--justification", "   "],
    ["CR-1.3"],
    ["CR-1.3", "--evidence", ""],
    ["CR-1.3", "--owner", "x" * 5000],
    ["CR-1.3", "--bogus-flag"],
    ["CR-1.3", "--alternative", "x" * 100_001],
]


@pytest.mark.parametrize("args", BAD_SETS, ids=[" ".join(a)[:40] for a in BAD_SETS])
def test_bad_set_exits_2_and_leaves_file(workbook: Path, args: list[str]) -> None:
    before = workbook.read_bytes()
    result = gpai_here("set", str(workbook), *args)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert result.stderr.strip()
    assert len(result.stderr.strip().splitlines()) <= 12
    assert workbook.read_bytes() == before


def test_did_you_mean_for_ids(workbook: Path) -> None:
    result = gpai("set", str(workbook), "CR-13", "--status", "done")
    assert "did you mean 'CR-1.3'" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["new", "{existing}", "--provider", "P", "--model", "M"],
        ["new", "{dir}/missing/x.toml", "--provider", "P", "--model", "M"],
        ["new", "{dir}/n.toml", "--provider", "P", "--model", "M", "--compute", "lots"],
        ["new", "{dir}/n.toml", "--provider", "P", "--model", "M", "--compute", "-1"],
        ["new", "{dir}/n.toml", "--provider", "P", "--model", "M", "--placed-on-market", "May"],
        ["new", "{dir}/n.toml", "--provider", "P", "--model", "M", "--generates", "smell"],
        ["new", "{dir}/n.toml", "--provider", "P"],
        ["new", "{dir}/n.toml"],
        ["status", "{dir}/nope.toml"],
        ["status", "{existing}", "--as-of", "yesterday"],
        ["check", "{existing}", "--min-completeness", "150"],
        ["check", "{dir}/nope"],
        ["set", "{dir}/nope.toml", "CR-1.1", "--status", "done"],
        ["frobnicate"],
    ],
)
def test_bad_arguments_exit_2(workbook: Path, args: list[str]) -> None:
    before = workbook.read_bytes()
    argv = [a.format(existing=workbook, dir=workbook.parent) for a in args]
    result = gpai_here(*argv)
    assert result.returncode == 2, (argv, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert workbook.read_bytes() == before
    assert not (workbook.parent / "n.toml").exists()


def test_status_dir_and_check_dir(tmp_path: Path, workbook: Path) -> None:
    second = tmp_path / "sub" / "other.toml"
    second.parent.mkdir()
    assert gpai("new", str(second), "--provider", "B", "--model", "B-1").returncode == 0
    (tmp_path / ".hidden.toml.123.abc.gpai-tmp").write_text("garbage")
    result = gpai("status", str(tmp_path), "--json", "--as-of", "2026-04-01")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [Path(w["path"]).name for w in data["workbooks"]] == ["model.toml", "other.toml"]
    text = gpai("status", str(tmp_path), "--as-of", "2026-04-01")
    assert "Total: 2" in text.stdout
    check = gpai("check", str(tmp_path), "--min-completeness", "50", "--as-of", "2026-04-01")
    assert check.returncode == 1
    assert "below the minimum 50%" in check.stdout


def test_status_never_imports_textual(workbook: Path) -> None:
    code = (
        "import sys\n"
        "from gpai_tui.cli import main\n"
        "try:\n"
        f"    main(['status', {str(workbook)!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "assert 'textual' not in sys.modules, 'textual imported'\n"
        "print('clean')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "clean" in result.stdout


def test_portfolio_total_is_one_figure_in_text_and_json(tmp_path: Path, workbook: Path) -> None:
    assert gpai("set", str(workbook), "CR-1.1", "--check", "policy-document").returncode == 0
    other = tmp_path / "other.toml"
    assert gpai("new", str(other), "--provider", "B", "--model", "B-1").returncode == 0
    as_of = ["--as-of", "2026-04-01"]
    data = json.loads(gpai("status", str(tmp_path), "--json", *as_of).stdout)
    ticked = sum(
        m["ticked_checkpoints"] for w in data["workbooks"] for m in w["measures"] if m["applicable"]
    )
    required = sum(
        m["required_checkpoints"]
        for w in data["workbooks"]
        for m in w["measures"]
        if m["applicable"]
    )
    assert data["overall"] == round(100 * ticked / required, 1)
    total = next(
        line
        for line in gpai("status", str(tmp_path), *as_of).stdout.splitlines()
        if line.startswith("Total")
    )
    assert f"{data['overall']:.1f}%" in total
    done = sum(w["done"] for w in data["workbooks"])
    applicable = sum(w["applicable"] for w in data["workbooks"])
    assert f"{done}/{applicable}" in total


def test_alternative_means_for_a_chapter_not_signed(tmp_path: Path) -> None:
    """A provider that did not sign Copyright records, per measure, the other adequate
    means it uses (Art. 53(4)); until it does, a done measure is flagged inconsistent.
    ``gpai set --alternative`` records it, and the internal exports show it."""
    path = tmp_path / "model.toml"
    made = gpai(
        "new", str(path), "--provider", "Acme AI", "--model", "Acme-1", "--compute", "3e24",
        "--placed-on-market", "2026-06-01", "--signed", "transparency",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    done = ["--status", "done", "--check", "robots-txt", "--check", "other-protocols"]
    assert gpai("set", str(path), "CR-1.3", *done, "--evidence", "crawler.md").returncode == 0

    def cr13() -> dict[str, object]:
        data = json.loads(gpai("status", str(path), "--json").stdout)
        return next(m for m in data["measures"] if m["id"] == "CR-1.3")

    assert any("no alternative" in issue for issue in cr13()["issues"])  # type: ignore[attr-defined]
    means = "Crawler reads ai.txt and a TDM reservation registry"
    result = gpai("set", str(path), "CR-1.3", "--alternative", means)
    assert result.returncode == 0, result.stderr
    assert f'alternative = "{means}"' in path.read_text()
    assert not any("alternative" in issue for issue in cr13()["issues"])  # type: ignore[attr-defined]
    out = tmp_path / "report.json"
    assert gpai("export", str(path), "--format", "json", "-o", str(out)).returncode == 0
    text = out.read_text()
    assert f'"alternative": "{means}"' in text
    soa = tmp_path / "soa.csv"
    assert gpai("export", str(path), "--format", "soa-csv", "-o", str(soa)).returncode == 0
    assert f"Alternative means recorded: {means}" in soa.read_text()
    assert gpai("set", str(path), "CR-1.3", "--alternative", "").returncode == 0
    assert "alternative" not in path.read_text()
