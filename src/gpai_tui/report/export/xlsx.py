"""XLSX export (``--format xlsx``), for auditors who want a spreadsheet.

Sheets per audience, from the same :class:`ExportDocument` as the other formats:

* ``internal``: Summary, Measures, Checkpoints, Obligations, MDF (the whole form, with
  the audiences of each field), Incidents (one row per report clock).
* ``aio``, ``nca``, ``dp``: Summary and MDF with the pack's fields only.
* ``public``: Summary (chapter status) and Public (the public topics' measures).

Dates are real dates, completeness is a number; every sheet has a frozen header, a
filter and fitted widths, and status columns offer the statuses as a drop-down. No cell
is a formula or a link (see :mod:`.sheets`). Same workbook and as-of date, same bytes.
"""

from __future__ import annotations

from collections.abc import Iterator

from gpai_tui.engine import pct
from gpai_tui.report.export.content import (
    PUBLIC_STATUS_TEXT,
    ExportDocument,
    ItemDoc,
    MdfDoc,
    PublicDoc,
    ReportDoc,
    status_text,
)
from gpai_tui.report.export.sheets import Book, Column, Value

SUMMARY = (Column("item"), Column("value"))

MEASURE_COLUMNS = (
    Column("chapter"),
    Column("commitment"),
    Column("id"),
    Column("title"),
    Column("applies", "yesno"),
    Column("reason"),
    Column("status", status=True),
    Column("completeness", "percent"),
    Column("legal date", "date"),
    Column("legal date basis"),
    Column("overdue", "yesno"),
    Column("target", "date"),
    Column("owner"),
    Column("evidence"),
    Column("notes"),
    Column("justification"),
    Column("answer"),
)
"""Columns of the Measures sheet (Obligations: the same without chapter and commitment).
``answer``: ``own``, ``inherited`` (the provider's, organisation workbook) or
``overridden``."""

OBLIGATION_COLUMNS = MEASURE_COLUMNS[2:]

CHECKPOINT_COLUMNS = (
    Column("item"),
    Column("checkpoint"),
    Column("label"),
    Column("required", "yesno"),
    Column("ticked", "yesno"),
    Column("computed from"),
)

MDF_COLUMNS = (
    Column("section"),
    Column("field id"),
    Column("field"),
    Column("audiences"),
    Column("entry"),
    Column("value"),
    Column("filled", "yesno"),
)

INCIDENT_COLUMNS = (
    Column("incident"),
    Column("title"),
    Column("class"),
    Column("aware", "date"),
    Column("resolved", "date"),
    Column("report"),
    Column("due", "date"),
    Column("sent", "date"),
    Column("late", "yesno"),
    Column("overdue", "yesno"),
    Column("rule"),
    Column("notes"),
)

PUBLIC_COLUMNS = (
    Column("topic"),
    Column("id"),
    Column("title"),
    Column("applies", "yesno"),
    Column("status"),
    Column("in place"),
    Column("published", "yesno"),
    Column("links"),
)


def _summary(doc: ExportDocument) -> list[tuple[Value, Value]]:
    p = doc.provenance
    rows: list[tuple[Value, Value]] = [
        ("Document", doc.title),
        ("Provider", doc.model.provider),
        ("Model", doc.model.name),
        ("Model version", doc.model.version),
        ("As of", p.as_of),
        ("Code of Practice", p.code),
        ("Generator", p.generator),
    ]
    if doc.audience != "public":
        rows.append(("Workbook file", p.source))
    if p.git is not None:
        rows.append(("Git commit", p.git.describe()))
    if doc.report is not None:
        r = doc.report
        rows.append(("Overall completeness", f"{pct(r.overall.completeness):.1f}%"))
        rows.append(("Measures done", f"{r.overall.done} of {r.overall.applicable} applicable"))
        o = r.obligations_summary
        rows.append(("AI Act obligations done", f"{o.done} of {o.applicable} applicable"))
        rows.append(("Outstanding", str(len(r.outstanding))))
        rows.append(("Overdue", str(r.overdue)))
        for c in r.chapters:
            figure = f"{pct(c.group.completeness):.1f}%" if c.group.applicable else "n/a"
            rows.append((c.group.title, f"{figure} ({c.group.done} of {c.group.applicable})"))
    if doc.mdf is not None:
        rows.append(("Model Documentation Form", f"{doc.mdf.filled} of {doc.mdf.total} filled"))
    if doc.public is not None:
        for ch in (*doc.public.chapters, doc.public.overall):
            figure = f"{ch.completeness:.1f}%" if ch.completeness is not None else "n/a"
            rows.append((ch.title, f"{figure} ({ch.done} of {ch.applicable} measures done)"))
    return rows


def _item_row(doc: ItemDoc, chapter: str | None, commitment: str | None) -> list[Value]:
    r = doc.result
    row: list[Value] = [] if chapter is None else [chapter, commitment]
    row += [
        r.id,
        r.title,
        r.applicable,
        r.reason,
        status_text(r),
        pct(r.completeness),
        r.due,
        r.due_reason,
        r.overdue,
        r.target,
        r.owner,
        "\n".join(doc.evidence),
        doc.notes,
        doc.justification,
        doc.origin,
    ]
    return row


def _measures(report: ReportDoc) -> Iterator[list[Value]]:
    for chapter in report.chapters:
        for commitment in chapter.commitments:
            for item in commitment.items:
                yield _item_row(item, chapter.group.title, commitment.group.id)


def _checkpoints(report: ReportDoc) -> Iterator[list[Value]]:
    items = [i for c in report.chapters for cm in c.commitments for i in cm.items]
    for item in (*items, *report.obligations):
        for cp in item.result.checkpoints:
            yield [item.result.id, cp.id, cp.label, cp.required, cp.ticked, cp.derived]


def _mdf(mdf: MdfDoc) -> Iterator[list[Value]]:
    for section in mdf.sections:
        title = f"{section.number}. {section.title}" if section.number else section.title
        for f in section.fields:
            audiences = ", ".join(f.audiences)
            if not f.entries:
                yield [title, f.id, f.name, audiences, None, None, False]
            for e in f.entries:
                yield [title, f.id, f.name, audiences, e.key, e.text, True]


def _incidents(report: ReportDoc) -> Iterator[list[Value]]:
    for doc in report.incidents:
        i = doc.result
        for r in i.reports:
            yield [
                i.id,
                i.title,
                i.incident_class,
                i.aware,
                i.resolved,
                r.kind,
                r.due,
                r.sent,
                r.late,
                r.overdue,
                r.rule,
                doc.notes,
            ]


def _public(public: PublicDoc) -> Iterator[list[Value]]:
    for topic in public.topics:
        for m in topic.measures:
            yield [
                topic.title,
                m.id,
                m.title,
                m.applies,
                PUBLIC_STATUS_TEXT.get(m.status, m.status),
                "\n".join(m.in_place),
                m.published,
                "\n".join(m.links),
            ]


def render(doc: ExportDocument) -> bytes:
    """The xlsx bytes of ``doc`` (sheets per audience: see the module docstring)."""
    book = Book(title=doc.title, created=doc.provenance.as_of, subject=doc.model.name)
    book.sheet("Summary", SUMMARY, _summary(doc))
    if doc.report is not None:
        book.sheet("Measures", MEASURE_COLUMNS, _measures(doc.report))
        book.sheet("Checkpoints", CHECKPOINT_COLUMNS, _checkpoints(doc.report))
        book.sheet(
            "Obligations",
            OBLIGATION_COLUMNS,
            (_item_row(i, None, None) for i in doc.report.obligations),
        )
    if doc.mdf is not None:
        book.sheet("MDF", MDF_COLUMNS, _mdf(doc.mdf))
    if doc.report is not None:
        book.sheet("Incidents", INCIDENT_COLUMNS, _incidents(doc.report))
    if doc.public is not None:
        book.sheet("Public", PUBLIC_COLUMNS, _public(doc.public))
    return book.close()
