"""The public training summary as one self-contained HTML page, printable on A4.

No scripts, no external resources (inline stylesheet, strict Content-Security-Policy).
User text goes through :func:`gpai_tui.report.export.html.h`; only ``http(s)`` links
become anchors.
"""

from __future__ import annotations

from gpai_tui.report.export.content import is_web_address
from gpai_tui.report.export.html import h
from gpai_tui.report.summary.content import FieldDoc, SummaryDoc, value_lines

CSS = """
@page { size: A4; margin: 18mm 17mm 20mm 17mm; }
:root { --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --soft: #f6f8fa;
        --accent: #0550ae; }
* { box-sizing: border-box; }
html { font-size: 11pt; }
body { margin: 0 auto; max-width: 48rem; padding: 1.5rem; color: var(--ink);
       font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans",
       sans-serif; line-height: 1.45; background: #fff; }
header.doc { border-bottom: 3px solid var(--accent); margin-bottom: 1rem; padding-bottom: .4rem; }
h1 { font-size: 1.6rem; margin: 0 0 .5rem; }
h2 { font-size: 1.3rem; margin: 1.6rem 0 .4rem; border-bottom: 1px solid var(--line);
     color: var(--accent); }
h3 { font-size: 1.05rem; margin: 1.1rem 0 .3rem; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: 0; }
dl.meta dt { font-weight: 600; } dl.meta dd { margin: 0; }
dl.meta ul { margin: 0; padding-left: 1.1rem; }
.template { color: var(--muted); font-size: .9rem; margin: .4rem 0 0; }
div.field { margin: .35rem 0 .7rem; }
div.label { font-weight: 600; }
div.value { white-space: pre-wrap; overflow-wrap: anywhere; margin-left: .8rem; }
ul.value { margin: .1rem 0 0; padding-left: 1.9rem; }
ul.value.columns { columns: 2; column-gap: 2rem; }
.na { color: var(--muted); font-style: italic; }
a { color: var(--accent); overflow-wrap: anywhere; }
@media print {
  html { font-size: 10pt; }
  body { max-width: none; padding: 0; }
  h2, h3, div.label { break-after: avoid; page-break-after: avoid; }
  div.field, li { break-inside: avoid; page-break-inside: avoid; }
  a { color: var(--ink); text-decoration: none; }
}
"""
"""The stylesheet (inline)."""


def _item(text: str, link: str | None) -> str:
    if link is None:
        return h(text)
    if is_web_address(link):
        url = h(link.strip())
        return f'{h(text)}: <a href="{url}" rel="noopener noreferrer">{url}</a>'
    return f"{h(text)}: {h(link)}"


def _field(doc: SummaryDoc, field: FieldDoc) -> str:
    values = value_lines(doc, field)
    if field.value is None:
        body = f'<div class="value na">{h(values[0][0])}</div>'
    elif field.type in ("text", "version", "month", "yes-no", "date"):
        body = f'<div class="value">{_item(*values[0])}</div>'
    else:
        columns = " columns" if field.type == "domains" and len(values) > 12 else ""
        items = "".join(f"<li>{_item(text, link)}</li>" for text, link in values)
        body = f'<ul class="value{columns}">{items}</ul>'
    label = f'<div class="label">{h(field.label)}</div>'
    return f'<div class="field" id="{h(field.id)}">{label}{body}</div>'


def render(doc: SummaryDoc) -> str:
    """The page."""
    earlier = (
        "<ul>"
        + "".join(
            "<li>"
            + _item(
                f"Version {e.version}" + (f" ({e.updated.isoformat()})" if e.updated else ""),
                e.link,
            )
            + "</li>"
            for e in doc.earlier
        )
        + "</ul>"
        if doc.earlier
        else "none"
    )
    updated = doc.last_updated.isoformat() if doc.last_updated else "Not provided."
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{h(doc.title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        '<header class="doc">',
        f"<h1>{h(doc.title)}</h1>",
        '<dl class="meta">',
        f"<dt>Version</dt><dd>{h(doc.version, 'Not provided.')}</dd>",
        f"<dt>Date of last update</dt><dd>{h(updated)}</dd>",
        f"<dt>Earlier versions</dt><dd>{earlier}</dd>",
        "</dl>",
        '<p class="template">Drawn up on the Commission\'s template '
        f"({h(doc.template_version)}).</p>",
        "</header>",
        "<main>",
    ]
    for part in doc.parts:
        out.append(f'<section class="part"><h2>{h(part.heading)}</h2>')
        for section in part.sections:
            out.append(f"<h3>{h(section.heading)}</h3>")
            if not section.fields:
                out.append('<div class="value na">Not applicable.</div>')
            out += [_field(doc, f) for f in section.fields]
        out.append("</section>")
    out += ["</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"
