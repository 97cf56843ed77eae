"""Exports of the public summary of training content (Art. 53(1)(d)).

:func:`content.build` turns a workbook into a :class:`content.SummaryDoc` holding only
the template's public fields and headings; the renderers (``markdown``, ``html``,
``json_``) print that and nothing else, so nothing from the rest of the workbook can
leak into the published summary. Kept apart from ``report/export`` (the workbook's
own reports and audience packs).
"""

from __future__ import annotations

FORMATS: dict[str, str] = {
    "md": "gpai_tui.report.summary.markdown:render",
    "html": "gpai_tui.report.summary.html:render",
    "json": "gpai_tui.report.summary.json_:render",
}
"""Export format -> ``module:function`` taking a SummaryDoc, returning text."""


def render(fmt: str, doc: object) -> str:
    """Render ``doc`` (a SummaryDoc) in ``fmt`` (md, html or json)."""
    import importlib

    module, _, name = FORMATS[fmt].partition(":")
    out: str = getattr(importlib.import_module(module), name)(doc)
    return out
