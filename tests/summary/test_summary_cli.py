"""``gpai summary check | set | domains`` from the command line."""

from __future__ import annotations

import hashlib
import random
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from gpai_tui.cli import main
from gpai_tui.engine.summary_check import check_summary
from gpai_tui.engine.summary_domains import select_domains
from gpai_tui.workbook import ModelProfile, load_workbook, new_workbook, save_workbook

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "workbooks" / "example.toml"
AS_OF = "2026-12-01"


@pytest.fixture
def wb_path(tmp_path: Path) -> Path:
    target = tmp_path / "example.toml"
    shutil.copyfile(EXAMPLE, target)
    return target


@pytest.fixture
def invoke(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str]]:
    """Run ``gpai`` in-process as the console script does (guarded: exit codes, one line)."""

    def run(*args: str) -> tuple[int, str]:
        code: object = 0
        try:
            main(list(args))
        except SystemExit as exc:
            code = exc.code or 0
        captured = capsys.readouterr()
        return int(code), captured.out + captured.err  # type: ignore[call-overload]

    return run


def csv_of(rows: list[tuple[str, int]], header: str = "domain,bytes\n") -> bytes:
    return (header + "".join(f"{d},{s}\n" for d, s in rows)).encode()


# -- check ------------------------------------------------------------------------------


def test_the_example_passes(wb_path: Path, invoke: Callable[..., tuple[int, str]]) -> None:
    code, out = invoke("summary", "check", str(wb_path), "--as-of", AS_OF)
    assert code == 0, out
    assert "complete and consistent (37/37 required fields filled)" in out


PLANTED: dict[str, dict[str, object]] = {
    # kind of finding -> the change to the example that should cause it
    "no-crawler": {"crawlers": None},
    "no-cadence": {"update-cadence": None},
    "no-size-band": {"modalities": ["text", "images", "audio"]},
    "undeclared-modality": {"synthetic-data-modalities": ["audio"]},
    "contradiction": {"third-party-data-description": "Broker data."},
    "wrong-model": {"model-name": "Zephyr 3"},
    "wrong-provider": {"provider-name": "Someone Else Ltd"},
    "after-update": {"latest-collection-date": "11/2026"},
    "current-as-earlier": {"earlier-version-links": {"1.1": "https://x.example"}},
    "no-method": {"top-domains-method": None},
    "future-date": {"last-updated": date(2027, 1, 1)},
    "missing": {"illegal-content-removal": None},
    "no-domains": {"top-domains": None},
}  # fmt: skip


@pytest.mark.parametrize("kind", list(PLANTED))
def test_each_planted_inconsistency_is_found(kind: str) -> None:
    wb = load_workbook(EXAMPLE)
    assert check_summary(wb, date(2026, 12, 1)) == []
    values = dict(wb.training_summary)
    for key, value in PLANTED[kind].items():
        if value is None:
            values.pop(key, None)
        else:
            values[key] = value  # type: ignore[assignment]
    wb.training_summary = values
    kinds = {f.kind for f in check_summary(wb, date(2026, 12, 1))}
    assert kind in kinds


def test_check_prints_findings_and_exits_1(
    wb_path: Path, invoke: Callable[..., tuple[int, str]]
) -> None:
    code, _ = invoke("summary", "set", str(wb_path), "crawlers", "")
    assert code == 0
    code, out = invoke("summary", "check", str(wb_path), "--as-of", AS_OF)
    assert code == 1
    assert "crawlers: web data declared but no crawler named" in out
    stale = check_summary(load_workbook(EXAMPLE), date(2027, 5, 1))
    assert "stale" in {f.kind for f in stale}  # six months after 2026-10-15, [unverified]


# -- set --------------------------------------------------------------------------------


def test_set_typed_values_and_stamps_last_updated(
    wb_path: Path, invoke: Callable[..., tuple[int, str]]
) -> None:
    code, out = invoke("summary", "set", str(wb_path), "modalities", "text, images, video")
    assert code == 0, out
    code, out = invoke("summary", "set", str(wb_path), "training-data-size",
                       "text=text-gt-10t;images=images-gt-1b;video=video-lt-10k-h")  # fmt: skip
    assert code == 0, out
    code, _ = invoke("summary", "set", str(wb_path), "other-data-used", "yes")
    assert code == 0
    values = load_workbook(wb_path).training_summary
    assert values["modalities"] == ["text", "images", "video"]
    assert values["training-data-size"] == {
        "text": "text-gt-10t", "images": "images-gt-1b", "video": "video-lt-10k-h",
    }  # fmt: skip
    assert values["other-data-used"] is True
    assert values["last-updated"] == date.today()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("modalites", "text", "did you mean 'modalities'?"),
        ("latest-collection-date", "2026-03", "MM/YYYY"),
        ("training-data-size", "text=huge", "not a size band for text"),
        ("crawled-data-used", "maybe", "takes yes or no"),
        ("top-domains", "not a domain", "is not a domain name"),
        ("modalities", "smell", "unknown modality 'smell'"),
    ],
)
def test_set_refuses_bad_input_and_leaves_the_file(
    wb_path: Path, field: str, value: str, message: str, invoke: Callable[..., tuple[int, str]]
) -> None:
    before = wb_path.read_bytes()
    code, out = invoke("summary", "set", str(wb_path), field, value)
    assert code == 2
    assert message in out
    assert "Traceback" not in out
    assert wb_path.read_bytes() == before


def test_export_to_file_and_unknown_format(
    wb_path: Path, tmp_path: Path, invoke: Callable[..., tuple[int, str]]
) -> None:
    out_file = tmp_path / "s.html"
    code, out = invoke("summary", str(wb_path), "--format", "html", "-o", str(out_file))
    assert code == 0, out
    assert out_file.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    code, out = invoke("summary", str(wb_path), "--format", "pdf")
    assert code == 2


# -- domains ----------------------------------------------------------------------------


def test_domains_top_ten_percent_recorded_with_hash(
    wb_path: Path, tmp_path: Path, invoke: Callable[..., tuple[int, str]]
) -> None:
    rows = [(f"d{i:03d}.example", 1000 - i) for i in range(100)]
    random.Random(1).shuffle(rows)
    data = csv_of(rows)
    csv_path = tmp_path / "crawl.csv"
    csv_path.write_bytes(data)
    code, out = invoke("summary", "domains", str(wb_path), str(csv_path))
    assert code == 0, out
    values = load_workbook(wb_path).training_summary
    assert values["top-domains"] == [f"d{i:03d}.example" for i in range(10)]
    method = values["top-domains-method"]
    assert isinstance(method, str)
    assert hashlib.sha256(data).hexdigest() in method
    assert "top 10% of domains by bytes" in method and "10 of 100 domains" in method


def test_sme_rule_five_percent_or_1000_whichever_lower() -> None:
    small = [(f"s{i}.example", i + 1) for i in range(100)]
    assert len(select_domains(csv_of(small), sme=True).domains) == 5
    assert len(select_domains(csv_of(small)).domains) == 10
    big = [(f"b{i}.example", i + 1) for i in range(30_000)]  # 5% = 1,500 > 1,000
    chosen = select_domains(csv_of(big), sme=True)
    assert len(chosen.domains) == 1000 and chosen.target == 1000
    assert chosen.domains[0] == "b29999.example"
    assert len(select_domains(csv_of(big[:19_000]), sme=True).domains) == 950  # 5% < 1,000


def test_ties_at_the_cut_are_all_kept_whatever_the_row_order() -> None:
    rows = [("big.example", 100)] + [(f"t{i}.example", 7) for i in range(18)] + [("z.example", 1)]
    first = select_domains(csv_of(rows))
    random.Random(3).shuffle(rows)
    again = select_domains(csv_of(rows))
    assert first.domains == again.domains
    assert first.target == 2 and first.tied == 17 and len(first.domains) == 19
    assert first.domains[0] == "big.example" and "z.example" not in first.domains
    assert "17 more tied" in first.method("x.csv")


def test_duplicate_rows_add_up_and_tokens_header_sets_the_unit() -> None:
    data = b"domain,tokens\nA.example,5\na.example,6\nb.example,10\n"
    chosen = select_domains(data)
    assert chosen.unit == "tokens" and chosen.domains == ("a.example",) and chosen.total == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "no data rows"),
        (b"domain,bytes\n", "no data rows"),
        (b"a.example,10\n\nb.example,3\n", "CSV line 2: empty row"),
        (b"a.example,10\nb.example\n", "CSV line 2: expected two columns"),
        (b"a.example,10\nb.example,-3\n", "CSV line 2: size '-3' is not a whole number"),
        (b"a.example,ten\n", "CSV line 1: size 'ten'"),
        (b"a.example,1\nnot a domain,3\n", "CSV line 2: 'not a domain' is not a domain name"),
        (b"a.example,1,2\n", "CSV line 1: expected two columns"),
        (b"\xff\xfe", "not UTF-8"),
    ],
)
def test_domains_bad_csv_exit_2_file_unchanged(
    wb_path: Path,
    tmp_path: Path,
    content: bytes,
    message: str,
    invoke: Callable[..., tuple[int, str]],
) -> None:
    csv_path = tmp_path / "bad.csv"
    csv_path.write_bytes(content)
    before = wb_path.read_bytes()
    code, out = invoke("summary", "domains", str(wb_path), str(csv_path))
    assert code == 2, out
    assert message in out and "Traceback" not in out
    assert wb_path.read_bytes() == before


def test_domains_100000_rows() -> None:
    rng = random.Random(7)
    rows = [(f"site{i}.example", rng.randrange(1, 10**9)) for i in range(100_000)]
    chosen = select_domains(csv_of(rows))
    assert len(chosen.domains) >= 10_000
    cut = sorted((s for _, s in rows), reverse=True)[9_999]
    sizes = dict(rows)
    assert all(sizes[d] >= cut for d in chosen.domains)


def test_old_workbooks_keep_their_hand_ticks_until_a_summary_is_kept(
    tmp_path: Path, invoke: Callable[..., tuple[int, str]]
) -> None:
    from gpai_tui.engine import evaluate

    path = tmp_path / "w.toml"
    save_workbook(new_workbook(ModelProfile(provider="P", name="M")), path)
    fresh = path.read_bytes()
    assert b"training_summary" not in fresh and b"header-filled = false" in fresh
    old = fresh.replace(b"header-filled = false", b"header-filled = true")
    path.write_bytes(old)
    # Without a summary the section checkpoints are ticked by hand, as before.
    wb = load_workbook(path)
    from gpai_tui.workbook import dumps_workbook

    assert dumps_workbook(wb).encode() == old  # byte-identical round trip
    item = evaluate(wb, date(2026, 12, 1)).item("art-53-1-d-training-summary")
    assert [c.ticked for c in item.checkpoints][:2] == [False, True]
    assert all(c.derived is None for c in item.checkpoints)
    code, out = invoke("set", str(path), "art-53-1-d-training-summary", "--check", "data-sources")
    assert code == 0, out
    # Once a summary is kept, they are computed: the hand ticks go, ticking is refused.
    code, out = invoke("summary", "set", str(path), "summary-version", "1.0")
    assert code == 0, out
    data = path.read_bytes()
    assert b"header-filled" not in data and b"data-sources =" not in data
    wb = load_workbook(path)
    assert "header-filled" not in wb.obligations["art-53-1-d-training-summary"].checks
    item = evaluate(wb, date(2026, 12, 1)).item("art-53-1-d-training-summary")
    header = item.checkpoints[1]
    assert header.derived == "summary-header" and header.ticked  # version + last-updated
    before = path.read_bytes()
    code, out = invoke("set", str(path), "art-53-1-d-training-summary", "--check", "data-sources")
    assert code == 2 and "is computed (summary-part-2)" in out
    assert path.read_bytes() == before


def test_recovery_journal_keeps_summary_value_types(tmp_path: Path) -> None:
    """A text that looks like a date stays text through the journal (JSON would not)."""
    from gpai_tui.workbook import dumps_workbook
    from gpai_tui.workbook.journal import Journal

    wb = load_workbook(EXAMPLE)
    wb.training_summary = {**wb.training_summary, "market-date": "2026-05-04"}
    (tmp_path / "journal").mkdir()
    journal = Journal(tmp_path / "w.toml", folder=tmp_path / "journal")
    assert journal.write(wb, "base")
    entry = journal.read()
    assert entry is not None
    restored = entry.load()
    assert restored.training_summary["market-date"] == "2026-05-04"
    assert dumps_workbook(restored) == dumps_workbook(wb)


def test_earlier_versions_and_last_change_come_from_git(
    tmp_path: Path, invoke: Callable[..., tuple[int, str]]
) -> None:
    import subprocess

    from gpai_tui.report.summary.versions import earlier_versions, last_change

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    git("config", "user.email", "t@example.org")
    git("config", "user.name", "T")
    path = tmp_path / "w.toml"
    wb = load_workbook(EXAMPLE)
    for version, day in (("1.0", date(2026, 4, 2)), ("1.1", date(2026, 10, 15))):
        wb.training_summary = {
            **wb.training_summary,
            "summary-version": version,
            "last-updated": day,
        }
        save_workbook(wb, path)
        git("add", "w.toml")
        git("commit", "-qm", f"summary {version}")
    assert earlier_versions(path) == [("1.0", date(2026, 4, 2)), ("1.1", date(2026, 10, 15))]
    assert earlier_versions(tmp_path / "nowhere" / "x.toml") is None
    # A hand edit committed without moving the date of last update is found.
    assert last_change(path) == date.today()  # the commits are of today
    wb.training_summary = {**wb.training_summary, "last-updated": date(2026, 10, 15)}
    code, out = invoke("summary", "check", str(path), "--as-of", AS_OF)
    assert code == 0, out  # only with --history
    code, out = invoke("summary", "check", str(path), "--as-of", AS_OF, "--history")
    assert code == 1 and "after its date of last update 2026-10-15" in out


def test_merge_and_textconv_follow_the_summary_value_by_value() -> None:
    from gpai_tui.engine.merge import merge_workbooks
    from gpai_tui.engine.summary import apply_summary_edit
    from gpai_tui.report.textconv import textconv_lines

    base = load_workbook(EXAMPLE)
    ours, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    apply_summary_edit(ours, "crawlers", ["AuroraBot/3.2", "AuroraBot-Img/1.0"])
    apply_summary_edit(theirs, "other-information", "Filtered with care.")
    apply_summary_edit(ours, "summary-version", "1.2")
    apply_summary_edit(theirs, "summary-version", "2.0")
    result = merge_workbooks(base, ours, theirs)
    merged = result.workbook
    assert merged.training_summary["crawlers"] == ["AuroraBot/3.2", "AuroraBot-Img/1.0"]
    assert merged.training_summary["other-information"] == "Filtered with care."
    assert result.conflicts == ("training_summary.summary-version",)
    changes = apply_summary_edit(merged, "summary-version", "2.0")
    assert "1 conflict(s) resolved" in changes and not merged.conflicts
    lines = textconv_lines(merged)
    assert "summary crawlers + AuroraBot-Img/1.0" in lines
    assert "summary summary-version = 2.0" in lines


def test_summary_set_keeps_hand_written_comments(
    wb_path: Path, invoke: Callable[..., tuple[int, str]]
) -> None:
    text = wb_path.read_text(encoding="utf-8")
    text = text.replace("[training_summary]\n", "# reviewed by legal\n[training_summary]\n")
    wb_path.write_text(text, encoding="utf-8")
    code, out = invoke("summary", "set", str(wb_path), "crawlers", "AuroraBot/3.2, Img/1.0")
    assert code == 0, out
    saved = wb_path.read_text(encoding="utf-8")
    assert "# reviewed by legal\n[training_summary]" in saved
    assert load_workbook(wb_path).training_summary["crawlers"] == ["AuroraBot/3.2", "Img/1.0"]
