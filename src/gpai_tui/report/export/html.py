"""HTML export: one self-contained file, readable on screen and printed on A4.

No scripts, no external resources: the stylesheet is inline, and a strict
Content-Security-Policy meta tag forbids scripts even if something slipped through.
Every piece of user text goes through :func:`h` (control characters made visible
with :func:`gpai_tui.text.safe`, then :func:`html.escape`); multi-line text keeps its
line breaks through CSS (``white-space: pre-wrap``). Chapters start on a new page
when printed. The as-of date and the git commit are in the header of the document.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from gpai_tui.engine import ItemResult, pct
from gpai_tui.engine.mdf import AUDIENCE_BADGES, AUDIENCE_LABELS
from gpai_tui.engine.summary import derived_from
from gpai_tui.report.export.content import (
    ORIGIN_WORDS,
    PUBLIC_STATUS_TEXT,
    STATUS_TEXT,
    ChapterDoc,
    ExportDocument,
    ItemDoc,
    MdfDoc,
    MdfFieldDoc,
    PublicDoc,
    ReportDoc,
    audience_count_text,
    group_percent,
    is_web_address,
    iso,
    percent,
    status_text,
)
from gpai_tui.text import safe

CSS = """
@page { size: A4; margin: 18mm 16mm 20mm 16mm; }
:root { --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --soft: #f6f8fa;
        --ok: #1a7f37; --warn: #9a6700; --bad: #cf222e; --accent: #0550ae; }
* { box-sizing: border-box; }
html { font-size: 11pt; }
body { margin: 0 auto; max-width: 60rem; padding: 1.5rem; color: var(--ink);
       font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans",
       sans-serif; line-height: 1.45; background: #fff; }
header.doc { border-bottom: 3px solid var(--accent); margin-bottom: 1.2rem; }
h1 { font-size: 1.7rem; margin: 0 0 .2rem; }
h2 { font-size: 1.35rem; margin: 1.6rem 0 .5rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.12rem; margin: 1.3rem 0 .4rem; }
h4 { font-size: 1rem; margin: 1.1rem 0 .3rem; }
.model { font-size: 1.15rem; font-weight: 600; margin: 0 0 .5rem; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem;
          margin: .4rem 0 .8rem; color: var(--muted); }
dl.meta dt { font-weight: 600; } dl.meta dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 .9rem; font-size: .92rem; }
th, td { border: 1px solid var(--line); padding: .25rem .45rem; text-align: left;
         vertical-align: top; }
th { background: var(--soft); }
table.kv th { width: 11rem; font-weight: 600; }
td.num, th.num { text-align: right; }
figure.chart { margin: .6rem 0 1rem; break-inside: avoid; }
figure.chart svg { max-width: 100%; height: auto; display: block; }
figure.chart figcaption { color: var(--muted); font-size: .85rem; }
table.chart-data { width: auto; font-size: .8rem; }
table.soa { table-layout: fixed; font-size: .8rem; }
table.soa td { overflow-wrap: anywhere; }
table.soa th:nth-child(1) { width: 4rem; } table.soa th:nth-child(2) { width: 8rem; }
table.soa th:nth-child(3) { width: 6rem; } table.soa th:nth-child(4) { width: 4rem; }
table.soa th:nth-child(5) { width: 5rem; } table.soa th:nth-child(7) { width: 4.6rem; }
table.soa th:nth-child(8) { width: 8rem; }
.nowrap { white-space: nowrap; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
.muted { color: var(--muted); }
.badge { display: inline-block; border: 1px solid currentColor; border-radius: .3rem;
         padding: 0 .3rem; font-size: .8rem; font-weight: 600; margin-right: .15rem; }
.overdue, .empty, .bad { color: var(--bad); font-weight: 600; }
.done, .filled { color: var(--ok); }
.warn { color: var(--warn); font-weight: 600; }
table.mdf, table.pack { table-layout: fixed; }
table.mdf th:nth-child(1) { width: 30%; } table.mdf th:nth-child(2) { width: 10.5rem; }
table.mdf th:nth-child(3) { width: 4.5rem; } table.pack th:nth-child(1) { width: 38%; }
table.mdf td:nth-child(2) { white-space: nowrap; }
dl.entries { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .8rem; margin: 0; }
dl.entries dt { font-weight: 600; } dl.entries dd { margin: 0; }
ul.checks { list-style: none; padding-left: .2rem; }
ul.checks li { padding-left: 2.1em; text-indent: -2.1em; }
ul.checks li::before { content: attr(data-mark) " "; font-family: monospace; }
blockquote { margin: .3rem 0 .8rem; padding: .3rem .7rem; border-left: 4px solid var(--line);
             background: var(--soft); }
.notice { border: 1px solid var(--warn); background: #fff8c5; padding: .5rem .8rem;
          margin: .6rem 0; }
article.item { border-top: 1px solid var(--line); padding-top: .2rem; }
section.chapter { margin-top: 1rem; }
footer.doc { margin-top: 2rem; border-top: 1px solid var(--line); color: var(--muted);
             font-size: .85rem; padding-top: .4rem; }
a { color: var(--accent); overflow-wrap: anywhere; }
@media print {
  html { font-size: 10pt; }
  body { max-width: none; padding: 0; }
  section.chapter { break-before: page; page-break-before: always; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  tr, li, blockquote { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: var(--ink); text-decoration: none; }
}
"""
"""The whole stylesheet (inline in every export)."""


def h(text: str | None, empty: str = "—") -> str:
    """``text`` escaped for HTML (control characters shown as visible escapes)."""
    if text is None or not text.strip():
        return html.escape(empty)
    return html.escape(safe(text.replace("\r\n", "\n").strip("\n")), quote=True)


def _text(text: str | None, empty: str = "—") -> str:
    """A block of multi-line user text."""
    return f'<div class="text">{h(text, empty)}</div>'


def _ref(ref: str) -> str:
    """An evidence reference; web addresses become links (nothing else does)."""
    if is_web_address(ref):
        url = h(ref.strip())
        return f'<a href="{url}" rel="noopener noreferrer">{url}</a>'
    return f'<span class="text">{h(ref)}</span>'


def _table(
    head: Iterable[str],
    rows: Iterable[Iterable[str]],
    num: Iterable[int] = (),
    nowrap: Iterable[int] = (),
    cls: str = "",
) -> str:
    """A table; ``num`` columns are right-aligned, ``nowrap`` columns never wrap."""
    numeric = set(num)
    keep = set(nowrap) | numeric

    def css(i: int) -> str:
        classes = ("num" if i in numeric else "") + (" nowrap" if i in keep else "")
        return f' class="{classes.strip()}"' if classes else ""

    cells = "".join(f'<th{css(i)} scope="col">{c}</th>' for i, c in enumerate(head))
    body = "".join(
        "<tr>" + "".join(f"<td{css(i)}>{c}</td>" for i, c in enumerate(r)) + "</tr>\n" for r in rows
    )
    table = f'<table class="{cls}">' if cls else "<table>"
    return f"{table}\n<thead><tr>{cells}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>\n"


def _front(doc: ExportDocument) -> str:
    p = doc.provenance
    m = doc.model
    name = f"{h(m.provider)} · {h(m.name)}" + (f" {h(m.version)}" if m.version else "")
    meta = [("As of", p.as_of.isoformat()), ("Code of Practice", f"version {h(p.code)}")]
    if p.source is not None and doc.audience != "public":
        meta.append(("Workbook", h(p.source)))
    if p.git is not None:
        meta.append(("Git commit", h(p.git.describe())))
    meta.append(("Generated by", h(p.generator)))
    rows = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in meta)
    return (
        f'<header class="doc">\n<h1>{h(doc.title)}</h1>\n<p class="model">{name}</p>\n'
        f'<dl class="meta">{rows}</dl>\n</header>\n'
    )


# --- internal report -------------------------------------------------------------------------


def _summary(report: ReportDoc, mdf: MdfDoc | None) -> str:
    rows = [
        [
            h(c.group.title),
            "yes" if c.applies else "no",
            group_percent(c.group),
            f"{c.group.done}/{c.group.applicable}",
        ]
        for c in report.chapters
    ]
    o = report.overall
    rows.append(["<strong>Overall</strong>", "", f"<strong>{group_percent(o)}</strong>"])
    rows[-1].append(f"{o.done}/{o.applicable}")
    ob = report.obligations_summary
    rows.append([h(ob.title), "", group_percent(ob), f"{ob.done}/{ob.applicable}"])
    out = "<h2>Summary</h2>\n" + _table(["Chapter", "Applies", "Complete", "Done"], rows, (2, 3))
    out += (
        f"<p>Outstanding: {len(report.outstanding)} · overdue: "
        f'<span class="{"overdue" if report.overdue else ""}">{report.overdue}</span> · '
        f"inconsistent: {len(report.inconsistent)} · unresolved merge conflicts: "
        f"{len(report.conflicts)}</p>\n"
    )
    if mdf is not None:
        out += (
            f"<p>Model Documentation Form: {mdf.filled}/{mdf.total} fields filled "
            f"({'required' if mdf.required else 'not required'}).</p>\n"
        )
    return out


def _profile_and_scope(report: ReportDoc) -> str:
    out = "<h2>Model profile</h2>\n"
    out += _table(["Question", "Answer"], [[h(r.label), _text(r.text)] for r in report.profile])
    if report.provider:  # issue 21: whose answers the provider-level items show
        out += "<h2>Provider (organisation workbook)</h2>\n"
        out += _table(
            ["Question", "Answer"], [[h(r.label), _text(r.text)] for r in report.provider]
        )
    out += "<h2>Scope</h2>\n"
    out += _table(
        ["Question", "Answer", "Reason"],
        [[h(r.question), "yes" if r.applies else "no", h(r.reason)] for r in report.scope],
    )
    for warning in report.warnings:
        out += f'<p class="notice"><strong>Warning:</strong> {h(warning)}</p>\n'
    return out


def _outstanding(report: ReportDoc) -> str:
    out = "<h2>Outstanding obligations</h2>\n"
    if not report.outstanding:
        return out + "<p>Nothing outstanding.</p>\n"
    rows = [
        [
            '<span class="overdue">OVERDUE</span>' if o.overdue else "",
            h(o.id),
            h(o.title),
            iso(o.due),
            iso(o.target),
            h(o.owner),
            h(STATUS_TEXT.get(o.status, o.status)),
        ]
        for o in report.outstanding
    ]
    out += _table(
        ["", "ID", "Title", "Legal date", "Target", "Owner", "Status"], rows, nowrap=(0, 1, 3, 4)
    )
    if report.inconsistent:
        out += "<h3>Inconsistencies</h3>\n<ul>\n"
        out += "".join(
            f'<li><strong>{h(i.id)}</strong>: <span class="warn">{h("; ".join(i.issues))}'
            "</span></li>\n"
            for i in report.inconsistent
        )
        out += "</ul>\n"
    if report.conflicts:
        out += "<h3>Unresolved merge conflicts</h3>\n<ul>\n"
        out += "".join(f'<li class="bad">{h(c)}</li>\n' for c in report.conflicts)
        out += "</ul>\n"
    return out


def _incidents(report: ReportDoc) -> str:
    out = "<h2>Serious incidents</h2>\n"
    if not report.incidents:
        return out + "<p>No serious incident recorded.</p>\n"
    for doc in report.incidents:
        i = doc.result
        late = ' · <span class="overdue">LATE</span>' if i.late else ""
        out += f"<h3>{h(i.id)}: {h(i.title)}</h3>\n"
        out += (
            f"<p>Class: {h(i.incident_class)} · aware {iso(i.aware)} · "
            f"resolved {iso(i.resolved)}{late}</p>\n"
        )
        rows = []
        for r in i.reports:
            state = "overdue" if r.overdue else "late" if r.late else "sent" if r.sent else "open"
            css = "overdue" if state in ("overdue", "late") else ""
            rows.append(
                [r.kind, iso(r.due), iso(r.sent), f'<span class="{css}">{state}</span>', h(r.rule)]
            )
        out += _table(["Report", "Due", "Sent", "State", "Rule"], rows, nowrap=(0, 1, 2, 3))
        if doc.notes:
            out += f"<blockquote>{_text(doc.notes)}</blockquote>\n"
    return out


def _item(doc: ItemDoc, tag: str) -> str:
    r: ItemResult = doc.result
    status_css = "done" if r.status == "done" and r.in_scope and not r.unsupported else ""
    out = f'<article class="item" id="{h(r.id)}">\n<{tag}>{h(r.id)} {h(r.title)}</{tag}>\n'
    round_due = r.overdue and r.status == "done" and not r.unsupported  # only the next round
    overdue = ' <span class="overdue">OVERDUE</span>'
    rows = [
        [
            "Status",
            f'<span class="{status_css}">{h(status_text(r))}</span> · completeness '
            f"{percent(r.completeness)} ({r.ticked}/{r.required} required checkpoints)",
        ],
        ["Scope", h(r.reason)],
        ["Owner", h(r.owner)],
        ["Target", iso(r.target)],
        [
            "Legal date",
            f"{iso(r.due)} <span class=muted>({h(r.due_reason)})</span>"
            + (overdue if r.overdue and not round_due else ""),
        ],
    ]
    if r.next_due is not None or r.last_done is not None:
        rows.append(
            [
                "Last done / next due",
                f"{iso(r.last_done)} / {iso(r.next_due)}" + (overdue if round_due else ""),
            ]
        )
    if r.articles:
        rows.append(["Articles", h(", ".join(r.articles))])
    if r.issues:
        rows.append(["Inconsistent", f'<span class="warn">{h("; ".join(r.issues))}</span>'])
    if doc.justification:
        rows.append(["Justification", _text(doc.justification)])
    if doc.alternative:
        rows.append(["Alternative means", _text(doc.alternative)])
    if doc.origin in ORIGIN_WORDS:
        rows.append(["Answer", h(ORIGIN_WORDS[doc.origin])])
    body = "".join(f'<tr><th scope="row">{k}</th><td>{v}</td></tr>\n' for k, v in rows)
    out += f'<table class="kv">\n<tbody>\n{body}</tbody>\n</table>\n'
    out += "<p><strong>Checkpoints</strong></p>\n<ul class=checks>\n"
    for cp in r.checkpoints:
        extra = "" if cp.required else ' <span class="muted">(optional)</span>'
        if cp.derived:
            extra += f' <span class="muted">(computed from {derived_from(cp.derived)})</span>'
        mark = "[x]" if cp.ticked else "[ ]"
        out += f'<li data-mark="{mark}">{h(cp.label)}{extra}</li>\n'
    out += "</ul>\n<p><strong>Evidence</strong></p>\n<ul>\n"
    mine = ' <span class="muted">(this model)</span>'
    out += (
        "".join(f"<li>{_ref(ref)}{mine if ref in doc.added else ''}</li>\n" for ref in doc.evidence)
        or "<li>none recorded</li>\n"
    )
    out += "</ul>\n"
    if doc.notes:
        out += f"<p><strong>Notes</strong></p>\n<blockquote>{_text(doc.notes)}</blockquote>\n"
    return out + "</article>\n"


def _chapter(chapter: ChapterDoc) -> str:
    g = chapter.group
    out = f'<section class="chapter" id="chapter-{h(g.id)}">\n<h2>{h(g.title)}</h2>\n'
    out += (
        f"<p>Scope: {h(chapter.reason)} "
        f"Completeness {group_percent(g)}, {g.done}/{g.applicable} measures done.</p>\n"
    )
    out += _table(
        ["Commitment", "Complete", "Done"],
        [
            [
                f"{h(c.group.id)} {h(c.group.title)}",
                group_percent(c.group),
                f"{c.group.done}/{c.group.applicable}",
            ]
            for c in chapter.commitments
        ],
        (1, 2),
    )
    for commitment in chapter.commitments:
        out += f"<h3>{h(commitment.group.id)} {h(commitment.group.title)}</h3>\n"
        out += "".join(_item(item, "h4") for item in commitment.items)
    return out + "</section>\n"


def _charts(doc: ExportDocument, report: ReportDoc) -> str:
    """A bar per chapter; with a git history, completeness over time."""
    from gpai_tui.report.export.charts import Bar, Point, bar_chart, history_chart

    bars = [
        Bar(
            c.group.id,
            c.group.title,
            pct(c.group.completeness) if c.group.applicable else None,
            f"{c.group.done} of {c.group.applicable} measures done",
        )
        for c in report.chapters
    ]
    out = bar_chart("chart-chapters", "Completeness per chapter", bars)
    if doc.history:
        points = [Point(d.commit, d.day, d.overall) for d in doc.history]
        out += history_chart(
            "chart-history", "Overall completeness at each commit of the workbook", points
        )
    return out


def _report(doc: ExportDocument, report: ReportDoc) -> str:
    out = '<section class="overview">\n'
    out += _summary(report, doc.mdf) + _charts(doc, report) + _profile_and_scope(report)
    out += _outstanding(report) + _incidents(report) + "</section>\n"
    out += "".join(_chapter(c) for c in report.chapters)
    out += '<section class="chapter" id="obligations">\n'
    out += "<h2>AI Act obligations outside the Code</h2>\n"
    out += "".join(_item(item, "h3") for item in report.obligations)
    return out + "</section>\n"


# --- MDF -------------------------------------------------------------------------------------


def _value(field: MdfFieldDoc, empty: str) -> str:
    if not field.entries:
        return f'<span class="muted">{empty}</span>'
    if field.repeats is None:
        return _text(field.entries[0].text)
    items = "".join(f"<dt>{h(e.key)}</dt><dd>{_text(e.text)}</dd>" for e in field.entries)
    return f'<dl class="entries">{items}</dl>'


def _mdf(doc: MdfDoc) -> str:
    internal = doc.audience is None
    out = '<section class="chapter" id="mdf">\n<h2>Model Documentation Form</h2>\n'
    if not internal:
        out = '<section class="mdf" id="mdf">\n'
    if not doc.required:
        out += (
            f'<p class="notice"><strong>Not required for this model.</strong> {h(doc.reason)}</p>\n'
        )
    if internal:
        out += f"<p>Fields filled: {doc.filled}/{doc.total}.</p>\n<ul>\n"
        out += "".join(
            f"<li>{h(audience_count_text(a, f, t))}</li>\n" for a, f, t in doc.per_audience
        )
        out += "</ul>\n"
    else:
        assert doc.audience is not None
        out += (
            f"<p>For the {h(AUDIENCE_LABELS[doc.audience])}. Fields filled: "
            f"{doc.filled}/{doc.total}.</p>\n"
        )
    if not internal:
        out += _pack_chart(doc)
    tag = "h3" if internal else "h2"
    for section in doc.sections:
        title = f"{section.number}. {h(section.title)}" if section.number else h(section.title)
        out += f"<{tag}>{title}</{tag}>\n"
        if internal:
            rows = [
                [
                    f"{h(f.name)}<br><span class=muted>{h(f.id)}</span>",
                    "".join(f'<span class="badge">{AUDIENCE_BADGES[a]}</span>' for a in f.audiences)
                    + ('<br><span class="muted">unverified</span>' if f.unverified else ""),
                    '<span class="filled">filled</span>'
                    if f.filled
                    else '<span class="empty">empty</span>',
                    _value(f, "—"),
                ]
                for f in section.fields
            ]
            out += _table(["Field", "For", "State", "Value"], rows, cls="mdf")
        else:
            rows = [[h(f.name), _value(f, "Not provided")] for f in section.fields]
            out += _table(["Field", "Value"], rows, cls="pack")
    return out + "</section>\n"


def _pack_chart(doc: MdfDoc) -> str:
    """A bar per form section: the share of the pack's fields filled."""
    from gpai_tui.report.export.charts import Bar, bar_chart

    bars = []
    for section in doc.sections:
        filled = sum(f.filled for f in section.fields)
        total = len(section.fields)
        title = f"{section.number}. {section.title}" if section.number else section.title
        bars.append(
            Bar(
                section.id,
                title,
                pct(100 * filled / total) if total else None,
                f"{filled} of {total} fields filled",
            )
        )
    return bar_chart("chart-sections", "Fields filled per section", bars)


# --- public ----------------------------------------------------------------------------------


def _public(public: PublicDoc) -> str:
    rows = []
    for c in (*public.chapters, public.overall):
        done = f"{c.done} of {c.applicable}" if c.applicable else "—"
        value = f"{c.completeness:.1f}%" if c.completeness is not None else "n/a"
        title = h(c.title) if c is not public.overall else "<strong>Overall</strong>"
        rows.append([title, "yes" if c.applies else "no", done, value])
    out = "<h2>Status</h2>\n"
    out += _table(["Chapter", "Applies", "Measures in place", "Completeness"], rows, (2, 3))
    from gpai_tui.report.export.charts import Bar, bar_chart

    bars = [
        Bar(c.id, c.title, c.completeness, f"{c.done} of {c.applicable} measures in place")
        for c in public.chapters
    ]
    out += bar_chart("chart-chapters", "Completeness per chapter", bars)
    for topic in public.topics:
        out += f'<section class="topic" id="{h(topic.id)}">\n<h2>{h(topic.title)}</h2>\n'
        out += f"<p>{h(topic.intro)}</p>\n"
        for m in topic.measures:
            out += f"<h3>{h(m.id)} {h(m.title)}</h3>\n"
            out += f"<p>Status: <strong>{h(PUBLIC_STATUS_TEXT.get(m.status, m.status))}</strong>."
            out += "</p>\n"
            if m.published is not None and m.applies:
                if m.published and m.links:
                    out += "<p>Published at:</p>\n<ul>\n"
                    out += "".join(f"<li>{_ref(u)}</li>\n" for u in m.links) + "</ul>\n"
                elif m.published:
                    out += "<p>Published (address to be added).</p>\n"
                else:
                    out += "<p>Not yet published.</p>\n"
            if m.in_place:
                out += "<p>In place:</p>\n<ul>\n"
                out += "".join(f"<li>{h(label)}</li>\n" for label in m.in_place) + "</ul>\n"
        out += "</section>\n"
    return out


def render(doc: ExportDocument) -> str:
    """The HTML text of ``doc``: one self-contained page."""
    body = _front(doc)
    if doc.report is not None:
        body += _report(doc, doc.report)
    if doc.mdf is not None:
        body += _mdf(doc.mdf)
    if doc.public is not None:
        body += _public(doc.public)
    return page(doc, body)


def page(doc: ExportDocument, body: str) -> str:
    """``body`` in the self-contained page (stylesheet, CSP, footer with provenance)."""
    p = doc.provenance
    title = f"{doc.title}: {doc.model.provider} · {doc.model.name}"
    foot = f"{h(doc.title)} · as of {p.as_of.isoformat()}"
    if p.git is not None:
        foot += f" · git commit {h(p.git.describe())}"
    foot += f" · {h(p.generator)}"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src 'none'; script-src 'none'\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="{h(p.generator)}">\n'
        f"<title>{h(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f"{body}"
        f'<footer class="doc">{foot}</footer>\n</body>\n</html>\n'
    )
