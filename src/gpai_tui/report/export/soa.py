"""Statement of applicability (``--format soa``, ``soa-html``, ``soa-csv``, ``soa-xlsx``).

The document auditors ask for first: every measure of the Code and every AI Act
obligation outside it, exactly once, included or excluded, with the reason for the
decision and the evidence recorded for it. Internal audience only (it quotes the
officer's justifications).

The decision and its reason come from the engine (:class:`~gpai_tui.engine.ItemResult`:
``in_scope``, ``applicable``, ``reason``), never from rules of our own, so a new engine
reason (a chapter not signed, with its alternative means) shows up here unchanged:

* **scope rule**: the scoping rules leave the item out (``in_scope`` false); the reason
  names the rule and its article (e.g. Art. 55 for systemic-risk measures).
* **justified as not applicable**: in scope, but the officer marked it not applicable;
  the reason quotes the justification.
* **applies**: included; the reason says why it applies.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass

from gpai_tui.report.export.content import (
    ORIGIN_WORDS,
    ExportDocument,
    ItemDoc,
    ReportDoc,
    status_text,
)

TITLE = "Statement of applicability"

BASIS_SCOPE = "scope rule"
BASIS_JUSTIFIED = "justified as not applicable"
BASIS_APPLIES = "applies"


@dataclass(frozen=True, slots=True)
class SoaRow:
    """One measure or obligation in the statement."""

    kind: str
    chapter: str
    commitment: str
    id: str
    title: str
    articles: tuple[str, ...]
    included: bool
    basis: str
    reason: str
    justification: str | None
    status: str
    evidence: tuple[str, ...]
    origin: str = "own"
    """``own``, ``inherited`` (the provider's answer, organisation workbook) or
    ``overridden`` (issue 21)."""
    added: tuple[str, ...] = ()
    """Inherited items: the evidence this model added to the provider's."""

    @property
    def status_words(self) -> str:
        """The status, with where the answer comes from when it is not the model's own."""
        return (
            f"{self.status} ({ORIGIN_WORDS[self.origin]})"
            if self.origin in ORIGIN_WORDS
            else self.status
        )


def basis(doc: ItemDoc) -> str:
    """Why the item is in or out, in one of three words (see the module docstring)."""
    r = doc.result
    if not r.in_scope:
        return BASIS_SCOPE
    if not r.applicable:
        return BASIS_JUSTIFIED
    return BASIS_APPLIES


def _row(doc: ItemDoc, chapter: str, commitment: str) -> SoaRow:
    r = doc.result
    return SoaRow(
        kind=r.kind,
        chapter=chapter,
        commitment=commitment,
        id=r.id,
        title=r.title,
        articles=r.articles,
        included=r.applicable,
        basis=basis(doc),
        reason=(
            f"{r.reason} Alternative means recorded: {doc.alternative}"
            if doc.alternative and not r.signed
            else r.reason
        ),
        justification=doc.justification,
        status=status_text(r),
        evidence=doc.evidence,
        origin=doc.origin,
        added=doc.added,
    )


def rows(report: ReportDoc) -> Iterator[SoaRow]:
    """Every measure (catalogue order), then every AI Act obligation."""
    for chapter in report.chapters:
        for commitment in chapter.commitments:
            for item in commitment.items:
                yield _row(item, chapter.group.title, commitment.group.id)
    for item in report.obligations:
        yield _row(item, "AI Act obligations outside the Code", "")


def _report(doc: ExportDocument) -> ReportDoc:
    if doc.report is None:
        raise ValueError("the statement of applicability is for the internal audience only")
    return doc.report


def _counts(all_rows: list[SoaRow]) -> str:
    included = sum(r.included for r in all_rows)
    return (
        f"{len(all_rows)} items: {included} included, {len(all_rows) - included} excluded "
        f"({sum(r.basis == BASIS_SCOPE for r in all_rows)} by a scope rule, "
        f"{sum(r.basis == BASIS_JUSTIFIED for r in all_rows)} justified as not applicable)."
    )


# --- Markdown ---------------------------------------------------------------------------------


def render_md(doc: ExportDocument) -> str:
    """The statement as Markdown: scope decisions, then one table per chapter."""
    from gpai_tui.report.export.markdown import _front, _table, md

    report = _report(doc)
    all_rows = list(rows(report))
    lines = _front(dataclasses.replace(doc, title=TITLE))
    lines += [_counts(all_rows), "", "## Scope decisions", ""]
    lines += _table(
        ["Question", "Applies", "Reason"],
        ([md(s.question), "yes" if s.applies else "no", md(s.reason)] for s in report.scope),
    )
    head = ["Id", "Title", "Articles", "Included", "Basis", "Reason", "Status", "Evidence"]
    for chapter in dict.fromkeys(r.chapter for r in all_rows):
        lines += [f"## {md(chapter)}", ""]
        lines += _table(
            head,
            (
                [
                    r.id,
                    md(r.title),
                    md(", ".join(r.articles)),
                    "**yes**" if r.included else "no",
                    r.basis,
                    md(r.reason),
                    md(r.status_words),
                    "<br>".join(
                        md(e) + (" _(this model)_" if e in r.added else "") for e in r.evidence
                    )
                    or "—",
                ]
                for r in all_rows
                if r.chapter == chapter
            ),
        )
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"


# --- HTML -------------------------------------------------------------------------------------


def render_html(doc: ExportDocument) -> str:
    """The statement as one self-contained HTML page."""
    from gpai_tui.report.export.html import _front, _ref, _table, h, page

    report = _report(doc)
    all_rows = list(rows(report))
    soa_doc = dataclasses.replace(doc, title=TITLE)
    body = _front(soa_doc) + f"<p>{h(_counts(all_rows))}</p>\n<h2>Scope decisions</h2>\n"
    body += _table(
        ["Question", "Applies", "Reason"],
        ([h(s.question), "yes" if s.applies else "no", h(s.reason)] for s in report.scope),
    )
    head = ["Id", "Title", "Articles", "Included", "Basis", "Reason", "Status", "Evidence"]
    for chapter in dict.fromkeys(r.chapter for r in all_rows):
        body += f"<h2>{h(chapter)}</h2>\n"
        body += _table(
            head,
            (
                [
                    h(r.id),
                    h(r.title),
                    h(", ".join(r.articles)),
                    "<strong>yes</strong>" if r.included else "no",
                    h(r.basis),
                    h(r.reason),
                    h(r.status_words),
                    "<br>".join(
                        _ref(e)
                        + (' <span class="muted">(this model)</span>' if e in r.added else "")
                        for e in r.evidence
                    )
                    or "—",
                ]
                for r in all_rows
                if r.chapter == chapter
            ),
            cls="soa",
        )
    return page(soa_doc, body)


# --- CSV and XLSX -----------------------------------------------------------------------------

COLUMNS = (
    "kind",
    "chapter",
    "commitment",
    "id",
    "title",
    "articles",
    "included",
    "basis",
    "reason",
    "justification",
    "status",
    "evidence",
    "answer",
    "as_of",
)
"""Columns of the CSV and the xlsx sheet (``answer``: ``own``, ``inherited`` or
``overridden``, as in the internal CSV)."""


def _cells(r: SoaRow, as_of: str) -> list[str | bool | None]:
    return [
        r.kind,
        r.chapter,
        r.commitment,
        r.id,
        r.title,
        ", ".join(r.articles),
        r.included,
        r.basis,
        r.reason,
        r.justification,
        r.status,
        "\n".join(r.evidence),
        r.origin,
        as_of,
    ]


def render_csv(doc: ExportDocument) -> str:
    """The statement as CSV (same quoting and formula guard as the CSV export)."""
    from gpai_tui.report.export.csv_ import _write

    as_of = doc.provenance.as_of.isoformat()
    return _write(COLUMNS, (_cells(r, as_of) for r in rows(_report(doc))))


def render_xlsx(doc: ExportDocument) -> bytes:
    """The statement as one filterable sheet (plus a Summary sheet)."""
    from gpai_tui.report.export.sheets import Book, Column
    from gpai_tui.report.export.xlsx import SUMMARY, _summary

    report = _report(doc)
    soa_doc = dataclasses.replace(doc, title=TITLE)
    book = Book(title=TITLE, created=doc.provenance.as_of, subject=doc.model.name)
    summary = [r for r in _summary(soa_doc) if r[0] not in ("Outstanding", "Overdue")]
    book.sheet("Summary", SUMMARY, [*summary, ("Statement", _counts(list(rows(report))))])
    columns = [Column(c, "yesno" if c == "included" else "text") for c in COLUMNS[:-1]]
    columns[COLUMNS.index("status")] = Column("status", status=True)
    book.sheet(
        "Applicability",
        columns,
        (_cells(r, "")[:-1] for r in rows(report)),
    )
    return book.close()
