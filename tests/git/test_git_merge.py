"""The merge driver through real ``git merge``: clean merges, conflicts, resolution."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from gpai_tui.catalogue import load_catalogue
from gpai_tui.workbook import dumps_workbook, load_workbook, save_workbook
from tests.git.gitrepo import WORKBOOK, Repo, base_workbook, clean_env


def checkpoints(item_id: str) -> list[str]:
    measure = load_catalogue().measure(item_id)
    assert measure is not None
    return [cp.id for cp in measure.checkpoints if not cp.derived]


def branch_pair(
    repo: Repo, ours: Callable[[], None], theirs: Callable[[], None]
) -> tuple[str, str]:
    """Make ``theirs`` on branch ``other`` and ``ours`` on ``main``; both from HEAD."""
    repo.git("checkout", "-q", "-b", "other")
    theirs()
    other = repo.commit("their edit")
    repo.git("checkout", "-q", "main")
    ours()
    main = repo.commit("our edit")
    return main, other


def assert_canonical(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert dumps_workbook(load_workbook(path)) == text


def test_different_measures_merge_cleanly(repo: Repo) -> None:
    cp = checkpoints("CR-1.3")[0]
    branch_pair(
        repo,
        ours=lambda: repo.set("CR-1.1", "--status", "done", "--evidence", "policy.pdf"),
        theirs=lambda: repo.set("CR-1.3", "--status", "in-progress", "--check", cp),
    )
    merged = repo.git("merge", "-q", "--no-edit", "other", check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert repo.git("status", "--porcelain").stdout == ""  # committed, nothing unmerged
    workbook = load_workbook(repo.path)
    assert workbook.get_entry("CR-1.1").status == "done"
    assert workbook.get_entry("CR-1.1").evidence == ["policy.pdf"]
    assert workbook.get_entry("CR-1.3").status == "in-progress"
    assert workbook.get_entry("CR-1.3").checks[cp] is True
    assert not workbook.conflicts
    assert_canonical(repo.path)
    assert repo.gpai("validate", WORKBOOK).returncode == 0


def test_identical_changes_merge(repo: Repo) -> None:
    branch_pair(
        repo,
        ours=lambda: repo.set("CR-1.2", "--status", "done", "--owner", "m.rossi"),
        theirs=lambda: repo.set("CR-1.2", "--status", "done", "--owner", "m.rossi"),
    )
    assert repo.git("merge", "-q", "--no-edit", "other", check=False).returncode == 0
    entry = load_workbook(repo.path).get_entry("CR-1.2")
    assert (entry.status, entry.owner) == ("done", "m.rossi")


def test_evidence_added_on_both_sides_is_the_union(repo: Repo) -> None:
    repo.set("CR-1.3", "--evidence", "base-a.md", "--evidence", "base-b.md")
    repo.commit("base evidence")
    branch_pair(
        repo,
        ours=lambda: repo.set(
            "CR-1.3",
            "--evidence",
            "ours-1.md",
            "--evidence",
            "shared.md",
            "--remove-evidence",
            "base-a.md",
        ),
        theirs=lambda: repo.set("CR-1.3", "--evidence", "theirs-1.md", "--evidence", "shared.md"),
    )
    merged = repo.git("merge", "-q", "--no-edit", "other", check=False)
    assert merged.returncode == 0, merged.stderr
    evidence = load_workbook(repo.path).get_entry("CR-1.3").evidence
    # Base order, then ours' additions, then theirs'; our removal is honoured.
    assert evidence == ["base-b.md", "ours-1.md", "shared.md", "theirs-1.md"]
    assert_canonical(repo.path)


def test_same_status_set_differently_is_a_conflict_resolved_by_gpai_set(repo: Repo) -> None:
    repo.set("CR-1.3", "--status", "in-progress")
    repo.commit("CR-1.3 started")
    branch_pair(
        repo,
        ours=lambda: repo.set("CR-1.3", "--status", "done", "--evidence", "ours.md"),
        theirs=lambda: repo.set("CR-1.3", "--status", "todo", "--evidence", "theirs.md"),
    )
    merged = repo.git("merge", "--no-edit", "other", check=False)
    assert merged.returncode != 0  # git merge stops
    assert "CONFLICT" in merged.stdout
    assert "measures.CR-1.3.status" in merged.stderr  # the driver says where
    assert repo.git("diff", "--name-only", "--diff-filter=U").stdout.strip() == WORKBOOK
    text = repo.read()
    assert '[conflicts."measures.CR-1.3.status"]' in text
    assert "<<<<<<<" not in text  # a valid TOML record, not conflict markers
    workbook = load_workbook(repo.path)
    record = workbook.conflicts["measures.CR-1.3.status"]
    assert (record.ours, record.theirs, record.base) == ("done", "todo", "in-progress")
    assert workbook.get_entry("CR-1.3").status == "done"  # kept at ours meanwhile
    assert workbook.get_entry("CR-1.3").evidence == ["ours.md", "theirs.md"]
    assert_canonical(repo.path)

    validate = repo.gpai("validate", WORKBOOK)
    assert validate.returncode == 2
    assert "measures.CR-1.3.status" in validate.stderr
    check = repo.gpai("check", WORKBOOK)
    assert check.returncode == 1
    assert "unresolved merge conflict at measures.CR-1.3.status" in check.stdout

    resolved = repo.gpai("set", WORKBOOK, "CR-1.3", "--status", "todo")
    assert resolved.returncode == 0, resolved.stderr
    assert "1 conflict resolved" in resolved.stderr
    assert repo.gpai("validate", WORKBOOK).returncode == 0
    assert repo.gpai("check", WORKBOOK).returncode == 0
    assert load_workbook(repo.path).get_entry("CR-1.3").status == "todo"
    repo.git("add", WORKBOOK)
    repo.git("commit", "-q", "--no-edit")
    assert repo.git("status", "--porcelain").stdout == ""


def test_keeping_our_side_with_gpai_set_resolves_too(repo: Repo) -> None:
    branch_pair(
        repo,
        ours=lambda: repo.set("CR-1.4", "--owner", "ana"),
        theirs=lambda: repo.set("CR-1.4", "--owner", "bob"),
    )
    assert repo.git("merge", "--no-edit", "other", check=False).returncode != 0
    assert "measures.CR-1.4.owner" in load_workbook(repo.path).conflicts
    kept = repo.gpai("set", WORKBOOK, "CR-1.4", "--owner", "ana")  # the value already there
    assert kept.returncode == 0, kept.stderr
    assert repo.gpai("validate", WORKBOOK).returncode == 0


def test_notes_changed_differently_keep_both_texts(repo: Repo) -> None:
    branch_pair(
        repo,
        ours=lambda: repo.set("CR-1.5", "--note", "Ours:\nline two"),
        theirs=lambda: repo.set("CR-1.5", "--note", 'Theirs with """ quotes\nand \\ slash'),
    )
    assert repo.git("merge", "--no-edit", "other", check=False).returncode != 0
    record = load_workbook(repo.path).conflicts["measures.CR-1.5.notes"]
    assert record.ours == "Ours:\nline two"
    assert record.theirs == 'Theirs with """ quotes\nand \\ slash'
    assert record.base is None
    assert "base" not in repo.read().split('[conflicts."measures.CR-1.5.notes"]')[1]


def test_merge_driver_refuses_an_invalid_side(repo: Repo, tmp_path: Path) -> None:
    base, ours, theirs = tmp_path / "O", tmp_path / "A", tmp_path / "B"
    data = repo.path.read_bytes()
    base.write_bytes(data)
    ours.write_bytes(data.replace(b'status = "todo"', b'status = "done"', 1))
    theirs.write_bytes(data.replace(b'status = "todo"', b'status = "finished"', 1))
    before = ours.read_bytes()
    proc = repo.gpai("merge", str(base), str(ours), str(theirs), WORKBOOK)
    assert proc.returncode == 2
    assert "the theirs version is not a valid workbook" in proc.stderr
    assert "finished" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert ours.read_bytes() == before


def test_merge_driver_without_common_ancestor(tmp_path: Path) -> None:
    """Both sides added the file (git passes an empty base): the base is an empty
    workbook, so a value set on one side merges and values set differently conflict."""
    base, ours, theirs = tmp_path / "O", tmp_path / "A", tmp_path / "B"
    base.write_bytes(b"")
    workbook = base_workbook()
    workbook.entry("SS-1.1").owner = "ana"
    save_workbook(workbook, ours)
    workbook.entry("SS-1.1").owner = "bob"
    workbook.entry("SS-1.1").status = "done"
    save_workbook(workbook, theirs)
    proc = Repo(tmp_path, clean_env(tmp_path)).gpai("merge", str(base), str(ours), str(theirs))
    assert proc.returncode == 1, proc.stderr
    merged = load_workbook(ours)
    assert merged.get_entry("SS-1.1").status == "done"
    record = merged.conflicts["measures.SS-1.1.owner"]
    assert (record.ours, record.theirs, record.base) == ("ana", "bob", None)
    # Profile answers both sides wrote the same way merge; nothing else conflicts.
    assert list(merged.conflicts) == ["measures.SS-1.1.owner"]


def test_files_that_are_not_workbooks_get_a_line_merge(make_repo: Callable[..., Repo]) -> None:
    repo = make_repo(setup=False)
    assert repo.gpai("git-setup", "--pattern", "*.toml").returncode == 0
    (repo.root / "pyproject.toml").write_text("[a]\nx = 1\n\n\n\n[b]\ny = 1\n")
    repo.commit("add pyproject")
    repo.git("checkout", "-q", "-b", "other")
    (repo.root / "pyproject.toml").write_text("[a]\nx = 2\n\n\n\n[b]\ny = 1\n")
    repo.commit("x")
    repo.git("checkout", "-q", "main")
    (repo.root / "pyproject.toml").write_text("[a]\nx = 1\n\n\n\n[b]\ny = 2\n")
    repo.commit("y")
    merged = repo.git("merge", "-q", "--no-edit", "other", check=False)
    assert merged.returncode == 0, merged.stderr
    assert (repo.root / "pyproject.toml").read_text() == "[a]\nx = 2\n\n\n\n[b]\ny = 2\n"
