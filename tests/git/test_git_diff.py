"""gpai git-setup, textconv through real ``git diff``, and ``gpai diff`` on files and revisions."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

from gpai_tui.catalogue import load_catalogue
from gpai_tui.workbook import load_workbook, save_workbook
from tests.git.gitrepo import WORKBOOK, Repo, base_workbook, clean_env


def first_checkpoint(item_id: str) -> str:
    measure = load_catalogue().measure(item_id)
    assert measure is not None
    return next(cp.id for cp in measure.checkpoints if not cp.derived)


def test_git_setup_writes_attributes_and_local_config(make_repo: Callable[..., Repo]) -> None:
    repo: Repo = make_repo(setup=False)
    proc = repo.gpai("git-setup")
    assert proc.returncode == 0, proc.stderr
    assert "workbooks/**/*.toml diff=gpai merge=gpai" in (repo.root / ".gitattributes").read_text()
    assert "added" in proc.stdout and "diff.gpai.textconv" in proc.stdout
    textconv = repo.git("config", "--local", "diff.gpai.textconv").stdout.strip()
    driver = repo.git("config", "--local", "merge.gpai.driver").stdout.strip()
    assert textconv.endswith("-m gpai_tui textconv")
    assert sys.executable in textconv
    assert driver.endswith("-m gpai_tui merge %O %A %B %P")
    assert repo.git("config", "--local", "merge.gpai.name").stdout.strip()
    # Idempotent: a second run changes nothing and says so.
    attributes = (repo.root / ".gitattributes").read_bytes()
    again = repo.gpai("git-setup")
    assert again.returncode == 0
    assert "nothing changed" in again.stdout
    assert (repo.root / ".gitattributes").read_bytes() == attributes
    # The attribute applies to the workbook.
    check = repo.git("check-attr", "diff", "merge", "--", WORKBOOK).stdout
    assert "diff: gpai" in check and "merge: gpai" in check


def test_git_setup_keeps_other_attributes_and_custom_pattern(
    make_repo: Callable[..., Repo],
) -> None:
    repo: Repo = make_repo(setup=False)
    (repo.root / ".gitattributes").write_text("*.toml text eol=lf diff=toml\n*.png binary\n")
    proc = repo.gpai("git-setup", "--pattern", "*.toml", "--command", "gpai")
    assert proc.returncode == 0, proc.stderr
    text = (repo.root / ".gitattributes").read_text()
    assert text.splitlines()[0] == "*.toml text eol=lf diff=gpai merge=gpai"
    assert "*.png binary" in text
    assert "updated" in proc.stdout
    assert repo.git("config", "diff.gpai.textconv").stdout.strip() == "gpai textconv"


def test_git_diff_shows_semantic_lines(repo: Repo) -> None:
    cp = first_checkpoint("CR-1.3")
    repo.set("CR-1.3", "--status", "done", "--check", cp, "--evidence", "policies/crawler.md")
    out = repo.git("diff").stdout
    assert "-measure CR-1.3 status = todo" in out
    assert "+measure CR-1.3 status = done" in out
    assert f"+measure CR-1.3 check {cp} = yes" in out
    assert "+measure CR-1.3 evidence + policies/crawler.md" in out
    assert "+# completeness: overall" in out
    # No raw TOML lines leak into the semantic view.
    assert 'status = "done"' not in out
    repo.commit("CR-1.3 done")
    shown = repo.git("show", "HEAD").stdout
    assert "+measure CR-1.3 status = done" in shown
    log = repo.git("log", "-p").stdout
    assert "+measure CR-1.3 status = done" in log


def test_textconv_escapes_newlines_and_never_fails(repo: Repo, tmp_path: Path) -> None:
    repo.set("CR-1.1", "--note", "line one\nline two [bold]x[/] \x1b[31mred")
    out = repo.gpai("textconv", WORKBOOK)
    assert out.returncode == 0
    line = next(ln for ln in out.stdout.splitlines() if ln.startswith("measure CR-1.1 notes"))
    assert line == "measure CR-1.1 notes = line one\\nline two [bold]x[/] \\x1b[31mred"
    assert "\x1b" not in out.stdout
    other = tmp_path / "pyproject.toml"
    other.write_text('[project]\nname = "x"\n')
    plain = repo.gpai("textconv", str(other))
    assert plain.returncode == 0 and plain.stdout == '[project]\nname = "x"\n'
    broken = tmp_path / "broken.toml"
    broken.write_text(repo.read().replace('status = "todo"', 'status = "finished"', 1))
    shown = repo.gpai("textconv", str(broken))
    assert shown.returncode == 0
    assert shown.stdout.startswith("# gpai: not a valid workbook:")
    assert 'status = "finished"' in shown.stdout


def test_textconv_is_stable_and_one_fact_per_line(repo: Repo) -> None:
    first = repo.gpai("textconv", WORKBOOK).stdout
    second = repo.gpai("textconv", WORKBOOK).stdout
    assert first == second
    lines = first.splitlines()
    assert len(lines) == len(set(lines))  # every fact is its own line
    catalogue = load_catalogue()
    statuses = [ln.split()[1] for ln in lines if ln.startswith("measure ") and " status = " in ln]
    assert statuses == [m.id for m in catalogue.measures()]


def test_gpai_diff_two_files_exit_codes_and_regressions(tmp_path: Path) -> None:
    old, new = tmp_path / "old.toml", tmp_path / "new.toml"
    workbook = base_workbook()
    cp = first_checkpoint("CR-1.1")
    entry = workbook.entry("CR-1.1")
    entry.status = "done"  # really done: every required checkpoint ticked, with evidence
    entry.checks = {c.id: True for c in load_catalogue().measure("CR-1.1").checkpoints}
    entry.evidence = ["policy.pdf", "board-minutes.pdf"]
    save_workbook(workbook, old)
    save_workbook(workbook, new)
    env = clean_env(tmp_path)
    repo = Repo(tmp_path, env)
    same = repo.gpai("diff", str(old), str(new), "--as-of", "2026-03-01")
    assert same.returncode == 0, same.stderr
    assert "No changes." in same.stdout

    changed = load_workbook(new)
    entry = changed.entry("CR-1.1")
    entry.status = "in-progress"
    entry.checks = {**entry.checks, cp: False}
    entry.evidence = ["policy.pdf"]
    save_workbook(changed, new)
    proc = repo.gpai("diff", str(old), str(new), "--as-of", "2026-03-01")
    assert proc.returncode == 1, proc.stderr
    out = proc.stdout
    assert "status: done → in progress" in out
    assert "REGRESSION: CR-1.1 is no longer done (done → in progress)" in out
    assert f"REGRESSION: CR-1.1 checkpoint {cp} unticked" in out
    assert "REGRESSION: CR-1.1 evidence removed: board-minutes.pdf" in out
    assert "Copyright" in out and "→" in out
    # As of a date after the market deadline, CR-1.1 not being done is a new overdue.
    late = repo.gpai("diff", str(old), str(new), "--as-of", "2026-10-01")
    assert "REGRESSION: CR-1.1 is now overdue (legal date 2026-09-01)" in late.stdout

    js = repo.gpai("diff", str(old), str(new), "--json", "--as-of", "2026-03-01")
    assert js.returncode == 1
    data = json.loads(js.stdout)
    assert data["changed"] is True
    item = data["items"][0]
    assert item["id"] == "CR-1.1"
    assert item["changes"][0] == {
        "path": "measures.CR-1.1.status",
        "field": "status",
        "old": "done",
        "new": "in-progress",
    }
    assert item["unticked"] == [cp]
    assert item["evidence_removed"] == ["board-minutes.pdf"]
    chapters = {c["id"]: c for c in data["completeness"]["chapters"]}
    assert chapters["copyright"]["before"] > chapters["copyright"]["after"]
    assert len(data["regressions"]) == 3


def test_gpai_diff_rev_forms(repo: Repo) -> None:
    first = repo.git("rev-parse", "HEAD").stdout.strip()
    repo.set("CR-1.3", "--status", "in-progress")
    second = repo.commit("CR-1.3 started")
    repo.set("TR-1.2", "--owner", "bob")

    working = repo.gpai("diff", WORKBOOK, "--rev", "HEAD")
    assert working.returncode == 1, working.stderr
    assert 'owner: (none) → "bob"' in working.stdout
    assert (
        "CR-1.3" not in working.stdout.split("Measures and obligations")[1].split("Completeness")[0]
    )

    span = repo.gpai("diff", WORKBOOK, "--rev", f"{first}..{second}", "--json")
    assert span.returncode == 1
    data = json.loads(span.stdout)
    assert [i["id"] for i in data["items"]] == ["CR-1.3"]
    assert data["old"] == f"{first}:{WORKBOOK}"

    none = repo.gpai("diff", WORKBOOK, "--rev", f"{second}..HEAD")
    assert none.returncode == 0, none.stderr

    repo.git("checkout", "-q", "--", WORKBOOK)  # drop the uncommitted owner change
    repo.git("checkout", "-q", "-b", "feature", first)
    repo.set("CR-1.5", "--status", "done")
    repo.commit("CR-1.5 done on a branch")
    pr = repo.gpai("diff", WORKBOOK, "--rev", "main...feature", "--json")
    assert pr.returncode == 1, pr.stderr
    assert [i["id"] for i in json.loads(pr.stdout)["items"]] == ["CR-1.5"]


def test_gpai_diff_bad_revision_and_usage(repo: Repo) -> None:
    bad = repo.gpai("diff", WORKBOOK, "--rev", "no-such-branch")
    assert bad.returncode == 2
    assert "unknown revision 'no-such-branch'" in bad.stderr
    assert "Traceback" not in bad.stderr
    missing = repo.gpai("diff", "workbooks/other.toml", "--rev", "HEAD")
    assert missing.returncode == 2
    assert "does not exist at" in missing.stderr
    usage = repo.gpai("diff", WORKBOOK)
    assert usage.returncode == 2
    assert "give two workbook files" in usage.stderr


def test_gpai_diff_shows_user_text_literally(tmp_path: Path) -> None:
    old, new = tmp_path / "old.toml", tmp_path / "new.toml"
    workbook = base_workbook()
    save_workbook(workbook, old)
    workbook.entry("CR-1.1").notes = "[bold]loud[/] \x1b[2J"
    workbook.entry("CR-1.1").evidence = ["[link=http://x]y[/link]"]
    save_workbook(workbook, new)
    proc = Repo(tmp_path, clean_env(tmp_path)).gpai("diff", str(old), str(new))
    assert proc.returncode == 1, proc.stderr
    assert "[bold]loud[/]" in proc.stdout
    assert "[link=http://x]y[/link]" in proc.stdout
    assert "\x1b" not in proc.stdout
