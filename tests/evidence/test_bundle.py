"""``gpai bundle``: identical bytes on two runs; tampering, adding and removing a member
are each caught by ``gpai bundle verify`` and by the README's ``sha256sum`` recipe."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.evidence.test_evidence_cli import EXAMPLE, gpai

RECIPE = """
set -e
sha256sum --quiet -c SHA256SUMS
{ cut -c67- SHA256SUMS; echo SHA256SUMS; } | sort > /tmp/listed.$$
find . -type f -printf '%P\\n' | sort | diff /tmp/listed.$$ -
"""
"""The README's check without gpai, run inside the unzipped bundle."""


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "policies").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    shutil.copy(EXAMPLE, root / "wb.toml")
    (root / "policies" / "crawler.md").write_text("crawler policy v1\n")
    assert (
        gpai("evidence", "add", str(root / "wb.toml"), "CR-1.3", "policies/crawler.md").exit_code
        == 0
    )
    out = tmp_path / "a.zip"
    result = gpai("bundle", str(root / "wb.toml"), "-o", str(out), "--as-of", "2026-06-01")
    assert result.exit_code == 0, result.output
    again = tmp_path / "b.zip"
    rerun = gpai("bundle", str(root / "wb.toml"), "-o", str(again), "--as-of", "2026-06-01")
    assert rerun.exit_code == 0
    assert out.read_bytes() == again.read_bytes()  # deterministic
    return out


def _rewrite(src: Path, dst: Path, change: dict[str, bytes | None]) -> None:
    """Copy zip ``src`` to ``dst``, replacing (bytes), removing (None) or adding members."""
    with zipfile.ZipFile(src) as old, zipfile.ZipFile(dst, "w") as new:
        for info in old.infolist():
            if info.filename in change:
                body = change.pop(info.filename)
                if body is not None:
                    new.writestr(info, body)
            else:
                new.writestr(info, old.read(info))
        for name, body in change.items():
            assert body is not None
            new.writestr(name, body)


def _recipe_passes(zip_path: Path, folder: Path) -> bool:
    folder.mkdir()
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(folder)
    done = subprocess.run(["bash", "-c", RECIPE], cwd=folder, capture_output=True, check=False)
    return done.returncode == 0


def test_a_bundle_holds_what_it_should_and_verifies(bundle: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        infos = archive.infolist()
        manifest = json.loads(archive.read("MANIFEST.json"))
    assert names == sorted(names)
    assert {
        "MANIFEST.json", "SHA256SUMS", "evidence/policies/crawler.md",
        "pack/wb.internal.html", "pack/wb.internal.json", "workbook/wb.toml",
        "soa/wb.soa.html", "soa/wb.soa.csv",
    } == set(names)  # fmt: skip
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}
    assert manifest["as_of"] == "2026-06-01" and manifest["catalogue"]["code_of_practice"]
    assert manifest["workbook"]["git"] is None  # no commit yet in the test repository
    crawler = next(e for e in manifest["evidence"] if e["ref"] == "policies/crawler.md")
    assert crawler["state"] == "ok" and crawler["sha256"] == crawler["recorded_sha256"]
    result = gpai("bundle", "verify", str(bundle))
    assert result.exit_code == 0 and "ok (7 members match SHA256SUMS)" in result.output
    assert manifest["statement_of_applicability"] == "included"
    assert _recipe_passes(bundle, tmp_path / "clean")


@pytest.mark.parametrize(
    ("change", "word"),
    [
        ({"evidence/policies/crawler.md": b"tampered\n"}, "MISMATCH  evidence/policies/crawler.md"),
        ({"pack/wb.internal.html": None}, "MISSING   pack/wb.internal.html"),
        ({"evidence/extra.pdf": b"smuggled"}, "EXTRA     evidence/extra.pdf"),
    ],
    ids=["tampered", "removed", "added"],
)
def test_changes_are_caught_by_verify_and_by_sha256sum(
    bundle: Path, tmp_path: Path, change: dict[str, bytes | None], word: str
) -> None:
    changed = tmp_path / "changed.zip"
    _rewrite(bundle, changed, dict(change))
    result = gpai("bundle", "verify", str(changed))
    assert result.exit_code == 1 and word in result.output, result.output
    assert not _recipe_passes(changed, tmp_path / "unzipped")


def test_the_manifest_names_the_commit_marked_modified_when_dirty(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    git = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    shutil.copy(EXAMPLE, root / "wb.toml")
    subprocess.run([*git, "add", "wb.toml"], check=True)
    subprocess.run([*git, "commit", "-qm", "wb"], check=True)
    head = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True).stdout
    with (root / "wb.toml").open("a") as fh:
        fh.write("\n")
    out = tmp_path / "dirty.zip"
    assert gpai("bundle", str(root / "wb.toml"), "-o", str(out)).exit_code == 0
    with zipfile.ZipFile(out) as archive:
        manifest = json.loads(archive.read("MANIFEST.json"))
    assert manifest["workbook"]["git"] == {"commit": head.strip(), "state": "modified"}


def test_bundle_usage_errors(tmp_path: Path) -> None:
    assert gpai("bundle", str(EXAMPLE)).exit_code == 2  # no -o
    assert gpai("bundle", "verify").exit_code == 2
    not_zip = tmp_path / "x.zip"
    not_zip.write_text("nope")
    result = gpai("bundle", "verify", str(not_zip))
    assert result.exit_code == 2 and "not a readable zip" in result.output
