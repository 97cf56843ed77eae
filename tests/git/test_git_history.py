"""``gpai history`` over real commits: figures per commit, renames, ``--at``."""

from __future__ import annotations

import json
from datetime import date

from gpai_tui.catalogue import load_catalogue
from gpai_tui.engine import evaluate, pct
from gpai_tui.workbook import load_workbook
from tests.git.gitrepo import WORKBOOK, Repo

RENAMED = "workbooks/aurora-2.toml"


def required(item_id: str) -> list[str]:
    measure = load_catalogue().measure(item_id)
    assert measure is not None
    # Checkpoints that exist for every model (the legacy-only ones do not count here).
    return [
        cp.id for cp in measure.checkpoints if cp.required and not cp.derived and not cp.only_if
    ]


def build_history(repo: Repo) -> list[tuple[str, date, dict[str, object]]]:
    """Seven commits (one a rename); returns (commit, date, expected figures) oldest first."""
    steps: list[tuple[str, date, dict[str, object]]] = []

    def snap(commit: str, day: date, path: str) -> None:
        ev = evaluate(load_workbook(repo.root / path), day)
        steps.append(
            (
                commit,
                day,
                {
                    "overall": pct(ev.overall.completeness),
                    "chapters": {c.id: pct(c.completeness) for c in ev.chapters},
                    "outstanding": len(ev.outstanding),
                    "overdue": ev.overdue_count,
                },
            )
        )

    first = repo.git("rev-parse", "HEAD").stdout.strip()
    snap(first, date(2026, 1, 1), WORKBOOK)
    checks = [a for cp in required("CR-1.1") for a in ("--check", cp)]
    repo.set("CR-1.1", "--status", "done", "--evidence", "policy.pdf", *checks)
    snap(repo.commit("Copyright policy done", "2026-02-01"), date(2026, 2, 1), WORKBOOK)
    repo.set("CR-1.3", "--status", "in-progress", "--check", required("CR-1.3")[0])
    snap(repo.commit("Crawler: robots.txt", "2026-03-01"), date(2026, 3, 1), WORKBOOK)
    checks = [a for cp in required("TR-1.2") for a in ("--check", cp)]
    repo.set("TR-1.2", "--status", "done", "--evidence", "contact.md", *checks)
    snap(repo.commit("Transparency contact point", "2026-04-15"), date(2026, 4, 15), WORKBOOK)
    repo.git("mv", WORKBOOK, RENAMED)
    snap(repo.commit("Rename the workbook", "2026-05-01"), date(2026, 5, 1), RENAMED)
    repo.gpai("set", RENAMED, "CR-1.1", "--uncheck", required("CR-1.1")[0])
    snap(repo.commit("Policy under review again", "2026-06-01"), date(2026, 6, 1), RENAMED)
    repo.gpai("set", RENAMED, "CR-1.5", "--status", "in-progress")
    snap(repo.commit("Complaints channel started", "2026-10-01"), date(2026, 10, 1), RENAMED)
    return steps


def test_history_figures_per_commit(repo: Repo) -> None:
    steps = build_history(repo)
    proc = repo.gpai("history", RENAMED, "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    rows = data["commits"]
    assert [r["commit"] for r in rows] == [s[0] for s in steps]  # renames followed
    assert rows[0]["path"] == WORKBOOK and rows[-1]["path"] == RENAMED
    for row, (_, day, expected) in zip(rows, steps, strict=True):
        assert row["as_of"] == day.isoformat()
        assert row["error"] is None
        assert row["overall"] == expected["overall"]
        assert {c["id"]: c["completeness"] for c in row["chapters"]} == expected["chapters"]
        assert row["outstanding"] == expected["outstanding"]
        assert row["overdue"] == expected["overdue"]
    # Figures worked out by hand: CR-1.1 fully ticked is its share of Copyright.
    copyright_required = sum(len(required(m.id)) for m in load_catalogue().measures()
                             if m.id.startswith("CR-"))  # fmt: skip
    share = pct(100 * len(required("CR-1.1")) / copyright_required)
    assert {c["id"]: c["completeness"] for c in rows[1]["chapters"]}["copyright"] == share
    assert rows[0]["overall"] == 0.0
    assert rows[1]["outstanding"] == rows[0]["outstanding"] - 1  # CR-1.1 done
    # Evaluated as of each commit date: overdue only after the 2026-09-01 market date.
    assert rows[6]["overdue"] > rows[5]["overdue"]
    assert rows[6]["author"] == "Ana Officer"
    assert rows[6]["subject"] == "Complaints channel started"
    assert len(data["sparkline"]) == len(steps)
    assert data["sparkline"][0] == "▁"

    table = repo.gpai("history", RENAMED)
    assert table.returncode == 0, table.stderr
    out = table.stdout
    assert "Overall completeness: " + data["sparkline"] in out
    for commit, day, expected in steps:
        line = next(ln for ln in out.splitlines() if commit[:7] in ln)
        assert line.startswith(day.isoformat())
        assert f"{expected['overall']:.1f}%" in line


def test_history_at_picks_the_last_commit_on_or_before(repo: Repo) -> None:
    steps = build_history(repo)
    by_date = {day: commit for commit, day, _ in steps}

    def at(day: str) -> dict[str, object]:
        proc = repo.gpai("history", RENAMED, "--at", day, "--json")
        assert proc.returncode == 0, proc.stderr
        data: dict[str, object] = json.loads(proc.stdout)
        return data

    mid = at("2026-03-15")
    assert mid["commit"]["commit"] == by_date[date(2026, 3, 1)]  # type: ignore[index]
    status = mid["status"]
    assert status["as_of"] == "2026-03-15"  # type: ignore[index]
    on_day = at("2026-04-15")
    assert on_day["commit"]["commit"] == by_date[date(2026, 4, 15)]  # type: ignore[index]
    before_rename = at("2026-04-30")
    assert before_rename["commit"]["path"] == WORKBOOK  # type: ignore[index]
    latest = at("2027-01-01")
    assert latest["commit"]["commit"] == steps[-1][0]  # type: ignore[index]

    text = repo.gpai("history", RENAMED, "--at", "2026-03-15")
    assert text.returncode == 0, text.stderr
    assert "stood on 2026-03-15" in text.stdout
    assert by_date[date(2026, 3, 1)][:10] in text.stdout
    assert "Crawler: robots.txt" in text.stdout

    early = repo.gpai("history", RENAMED, "--at", "2025-12-31")
    assert early.returncode == 2
    assert "no commit on or before 2025-12-31" in early.stderr
    assert "first commit" in early.stderr


def test_history_marks_unreadable_versions(repo: Repo) -> None:
    repo.path.write_text(repo.read().replace('status = "todo"', 'status = "finished"', 1))
    broken = repo.commit("Oops", "2026-02-01")
    repo.path.write_text(repo.read().replace('status = "finished"', 'status = "todo"', 1))
    repo.commit("Fixed", "2026-02-02")
    proc = repo.gpai("history", WORKBOOK, "--json")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)["commits"]
    assert len(rows) == 3
    bad = rows[1]
    assert bad["commit"] == broken
    assert bad["overall"] is None
    assert "finished" in bad["error"]
    assert json.loads(proc.stdout)["sparkline"][1] == "?"
    table = repo.gpai("history", WORKBOOK)
    assert "UNREADABLE" in table.stdout
    at = repo.gpai("history", WORKBOOK, "--at", "2026-02-01")
    assert at.returncode == 2
    assert "cannot be read" in at.stderr


def test_history_of_an_uncommitted_file(repo: Repo) -> None:
    (repo.root / "workbooks" / "new.toml").write_bytes(repo.path.read_bytes())
    proc = repo.gpai("history", "workbooks/new.toml")
    assert proc.returncode == 2
    assert "has no commits" in proc.stderr


def test_history_marks_a_deleted_version(repo: Repo) -> None:
    data = repo.path.read_bytes()
    repo.path.unlink()
    repo.commit("Remove by mistake", "2026-02-01")
    repo.path.write_bytes(data)
    repo.commit("Restore", "2026-02-02")
    proc = repo.gpai("history", WORKBOOK, "--json")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)["commits"]
    assert [r["subject"] for r in rows] == ["Start the workbook", "Remove by mistake", "Restore"]
    assert rows[1]["overall"] is None and "does not exist" in rows[1]["error"]
    assert rows[2]["overall"] == rows[0]["overall"]
