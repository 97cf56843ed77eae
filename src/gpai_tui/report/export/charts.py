"""Inline SVG charts for the HTML exports: no script, no remote resource, no image load.

The charts are ``<svg>`` elements inside the page (not ``<img>``), so the page's
Content-Security-Policy stays ``default-src 'none'`` (``img-src 'none'``,
``script-src 'none'``): inline SVG is markup of the document, fetches nothing and runs
nothing. Colours are presentation attributes. Each chart has ``role="img"``, a
``<title>`` and ``<desc>`` for screen readers, and a text alternative printed with it
(a caption, or a table of the points). Every figure comes from the engine, rounded with
:func:`gpai_tui.engine.pct`; the bars and points carry their values in ``data-``
attributes, which the tests read back.

* :func:`bar_chart`: one bar per chapter (or per MDF section in a pack), 0-100 %.
* :func:`history_chart`: overall completeness at each commit that changed the workbook
  (the points of ``gpai history``), with the AI Act's milestones marked: 2 August 2025
  (GPAI obligations apply, Art. 113(b)), 2 August 2026 (the Commission's enforcement
  powers apply, Art. 101 and Art. 113), 2 August 2027 (models placed on the market before
  2 August 2025 must comply, Art. 111(3)).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from gpai_tui.text import safe

MILESTONES: tuple[tuple[date, str], ...] = (
    (date(2025, 8, 2), "2 Aug 2025: GPAI obligations apply (Art. 113(b))"),
    (
        date(2026, 8, 2),
        "2 Aug 2026: Commission enforcement powers and fines apply (Art. 101, Art. 113)",
    ),
    (date(2027, 8, 2), "2 Aug 2027: models on the market before 2 Aug 2025 comply (Art. 111(3))"),
)
"""The legal milestones marked on the history chart."""

INK, MUTED, LINE, ACCENT, OK = "#1b1f24", "#57606a", "#d0d7de", "#0550ae", "#1a7f37"


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar: a label, a value in percent (``None``: nothing applies) and a detail."""

    id: str
    label: str
    value: float | None
    detail: str


@dataclass(frozen=True, slots=True)
class Point:
    """One point of the history: a commit, its date and the overall completeness."""

    commit: str
    day: date
    value: float


def _e(text: str) -> str:
    return html.escape(safe(text), quote=True)


LABEL_MAX = 40
"""Longest bar label drawn (longer ones end in an ellipsis; the caption has them whole)."""


def _short(label: str) -> str:
    return label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1] + "…"


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def bar_chart(chart_id: str, title: str, bars: Sequence[Bar]) -> str:
    """A horizontal bar chart as a ``<figure>`` with an inline ``<svg>`` and a caption."""
    longest = min(max((len(b.label) for b in bars), default=10), LABEL_MAX)
    label_w, bar_w, row_h, top = max(120, 7 * longest + 12), 300, 26, 8
    width, height = label_w + bar_w + 70, top + row_h * len(bars) + 22
    alt = "; ".join(
        f"{b.label}: {'n/a' if b.value is None else f'{b.value:.1f}%'} ({b.detail})" for b in bars
    )
    out = [
        f'<figure class="chart" id="{chart_id}">',
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d">',
        f'<title id="{chart_id}-t">{_e(title)}</title>',
        f'<desc id="{chart_id}-d">{_e(alt)}</desc>',
    ]
    for tick in (0, 50, 100):
        x = label_w + bar_w * tick / 100
        out.append(
            f'<line x1="{_num(x)}" y1="{top - 4}" x2="{_num(x)}" y2="{height - 18}" '
            f'stroke="{LINE}" stroke-width="1"/>'
            f'<text x="{_num(x)}" y="{height - 6}" font-size="10" fill="{MUTED}" '
            f'text-anchor="middle">{tick}%</text>'
        )
    for n, b in enumerate(bars):
        y = top + n * row_h
        value = "" if b.value is None else _num(b.value)
        out.append(f'<g class="bar" data-id="{_e(b.id)}" data-value="{value}">')
        out.append(
            f'<text x="{label_w - 8}" y="{y + 15}" font-size="12" fill="{INK}" '
            f'text-anchor="end">{_e(_short(b.label))}</text>'
        )
        out.append(
            f'<rect x="{label_w}" y="{y + 3}" width="{bar_w}" height="16" fill="#f6f8fa" '
            f'stroke="{LINE}"/>'
        )
        if b.value is not None:
            colour = OK if b.value >= 100 else ACCENT
            out.append(
                f'<rect class="fill" x="{label_w}" y="{y + 3}" '
                f'width="{_num(bar_w * b.value / 100)}" height="16" fill="{colour}"/>'
            )
        shown = "n/a" if b.value is None else f"{b.value:.1f}%"
        out.append(
            f'<text x="{label_w + bar_w + 6}" y="{y + 15}" font-size="12" '
            f'fill="{INK}">{shown}</text></g>'
        )
    out.append("</svg>")
    out.append(f"<figcaption>{_e(title)}: {_e(alt)}.</figcaption>")
    out.append("</figure>")
    return "\n".join(out) + "\n"


def history_chart(chart_id: str, title: str, points: Sequence[Point]) -> str:
    """Completeness over time, milestones marked, with a table of the points."""
    left, right, top, plot_h, width = 44, 16, 14, 160, 640
    height = top + plot_h + 34
    days = [p.day for p in points] + [m for m, _ in MILESTONES]
    start, end = min(days) - timedelta(days=30), max(days) + timedelta(days=60)
    span = max((end - start).days, 1)

    def x(day: date) -> float:
        return left + (width - left - right) * (day - start).days / span

    def y(value: float) -> float:
        return top + plot_h * (1 - value / 100)

    alt = (
        f"{len(points)} commits from {points[0].day.isoformat()} to "
        f"{points[-1].day.isoformat()}; overall completeness went from "
        f"{points[0].value:.1f}% to {points[-1].value:.1f}%."
        if points
        else "No readable commit."
    )
    out = [
        f'<figure class="chart" id="{chart_id}">',
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d">',
        f'<title id="{chart_id}-t">{_e(title)}</title>',
        f'<desc id="{chart_id}-d">{_e(alt)} Milestones: '
        f"{_e('; '.join(text for _, text in MILESTONES))}.</desc>",
    ]
    for tick in (0, 25, 50, 75, 100):
        out.append(
            f'<line x1="{left}" y1="{_num(y(tick))}" x2="{width - right}" y2="{_num(y(tick))}" '
            f'stroke="{LINE}" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{_num(y(tick) + 4)}" font-size="10" fill="{MUTED}" '
            f'text-anchor="end">{tick}%</text>'
        )
    for day, text in MILESTONES:
        mx = _num(x(day))
        out.append(
            f'<g class="milestone" data-date="{day.isoformat()}">'
            f'<line x1="{mx}" y1="{top}" x2="{mx}" y2="{top + plot_h}" stroke="#9a6700" '
            f'stroke-width="1.5" stroke-dasharray="4 3"/>'
            f'<text x="{mx}" y="{top + plot_h + 14}" font-size="10" '
            f'fill="#9a6700" text-anchor="middle">{day.strftime("%-d %b %Y")}</text>'
            f"<title>{_e(text)}</title></g>"
        )
    if points:
        path = " ".join(f"{_num(x(p.day))},{_num(y(p.value))}" for p in points)
        out.append(f'<polyline points="{path}" fill="none" stroke="{ACCENT}" stroke-width="2"/>')
        for p in points:
            out.append(
                f'<circle class="point" cx="{_num(x(p.day))}" cy="{_num(y(p.value))}" r="3" '
                f'fill="{ACCENT}" data-commit="{_e(p.commit)}" data-date="{p.day.isoformat()}" '
                f'data-value="{_num(p.value)}"><title>{p.day.isoformat()} {_e(p.commit[:12])}: '
                f"{p.value:.1f}%</title></circle>"
            )
    out.append("</svg>")
    out.append(f"<figcaption>{_e(title)}: {_e(alt)}</figcaption>")
    rows = "".join(
        f"<tr><td>{p.day.isoformat()}</td><td>{_e(p.commit[:12])}</td>"
        f'<td class="num">{p.value:.1f}%</td></tr>'
        for p in points
    )
    out.append(
        '<table class="chart-data"><thead><tr><th scope="col">Commit date</th>'
        '<th scope="col">Commit</th><th class="num" scope="col">Complete</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )
    out.append("</figure>")
    return "\n".join(out) + "\n"
