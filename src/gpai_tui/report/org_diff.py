"""Rich renderable for ``gpai diff`` of an organisation workbook."""

from __future__ import annotations

from pathlib import Path

from rich.console import Group, RenderableType
from rich.text import Text

from gpai_tui.engine.org_diff import OrganisationDiff
from gpai_tui.report.diff import _item_lines, _line, _section, show
from gpai_tui.text import one_line


def organisation_diff_report(
    diff: OrganisationDiff, old_label: str, new_label: str, root: Path
) -> RenderableType:
    """What changed in the organisation workbook, and which models it moves."""
    parts: list[RenderableType] = [
        Text(f"Organisation workbook: {one_line(old_label)} → {one_line(new_label)}", style="bold"),
        Text(f"As of {diff.as_of.isoformat()} (both sides)."),
    ]
    if not diff.changed:
        parts.append(Text("No changes."))
        return Group(*parts)
    if diff.identity:
        parts.append(_section("Provider identity"))
        parts += [
            _line(f"{c.field.replace('_', ' ')}: {show(c.old)} → {show(c.new)}")
            for c in diff.identity
        ]
    if diff.items:
        parts.append(_section("Provider-level items (inherited by every model below)"))
        for item in diff.items:
            parts += _item_lines(item)
    parts.append(
        _section(
            f"Models whose figures this changes: {len(diff.models)} of {diff.inheriting} "
            "that inherit it"
        )
    )
    for m in diff.models:
        shown = m.path.relative_to(root) if m.path.is_relative_to(root) else m.path
        before, after = m.completeness
        parts.append(
            _line(
                one_line(f"{shown} ({m.provider} · {m.model})", 80)
                + f": {before:.1f}% → {after:.1f}%, done {m.done[0]}/{m.applicable[0]} → "
                f"{m.done[1]}/{m.applicable[1]}, outstanding {m.outstanding[0]} → "
                f"{m.outstanding[1]}, overdue {m.overdue[0]} → {m.overdue[1]}"
            )
        )
    return Group(*parts)
