"""An injection corpus: text a crafted workbook could carry, and where to put it.

Every payload is data and must stay data: shown literally (markup), escaped
visibly (control and bidi characters), inert (HTML/JS), never a formula (CSV),
never a second TOML table (quotes and newlines). :func:`inject` builds a valid
workbook with one payload in every free-text field: provider, model name and
version, the GPAI override reason, owner, evidence, notes and justification of
measures and obligations, incident title and notes, MDF values (plain and
repeating), and an unresolved merge conflict.
"""

from __future__ import annotations

import re
from datetime import date

from gpai_tui.catalogue import load_catalogue
from gpai_tui.workbook import Conflict, Incident, ModelProfile, Workbook, new_workbook
from gpai_tui.workbook.model import MAX_SHORT
from tests.budget import soak

PAYLOADS: dict[str, str] = {
    # Rich / Textual markup
    "rich-bold": "[bold]x[/]",
    "rich-link": "[link=https://evil.example/]click me[/link]",
    "rich-close-unopened": "[/]oops[/bold]",
    "rich-style-spoof": "[reverse red on white] CRITICAL [/] all done",
    "rich-escape-trick": "\\[bold]x\\\\[/bold] [[bold]]",
    "rich-emoji-code": ":warning: :thumbs_up:",
    "textual-click-action": "[@click=app.quit]quit[/] [@click=app.open_url('http://evil')]x[/]",
    "textual-variable": "[$accent]x[/] $primary [on $error]y[/]",
    # Terminal control sequences
    "ansi-sgr-red": "\x1b[31mred\x1b[0m normal",
    "ansi-clear-screen": "\x1b[2J\x1b[Hscreen cleared",
    "ansi-cursor-up-erase": "line\x1b[1A\x1b[2Kerased",
    "osc-window-title": "\x1b]0;pwned title\x07",
    "osc8-hyperlink": "\x1b]8;;http://evil\x1b\\x\x1b]8;;\x1b\\",
    "osc52-clipboard": "\x1b]52;c;ZXZpbA==\x07",
    "dcs-sequence": "\x1bP+q544e\x1b\\",
    "c1-csi": "\x9b31mC1 red\x9b0m",
    "c1-osc-st": "\x9d8;;http://evil\x9cx\x9d8;;\x9c",
    "c1-nel": "next\x85line",
    # Bidi and invisible characters
    "bidi-rlo": "invoice\u202efdp.exe",
    "bidi-isolates": "\u2066if admin\u2069 \u2067x\u2069 \u2068y\u2069 \u061c",
    "zero-width": "ad\u200bmin\u200d\u200e\u200f\ufeff",
    "line-separators": "a\u2028b\u2029c",
    # C0 controls
    "nul": "before\x00after",
    "bel": "ding\x07ding",
    "backspace": "safe\x08\x08\x08\x08evil",
    "carriage-return": "harmless\rEVIL",
    "vertical-tab-formfeed": "a\x0bb\x0cc",
    "del": "x\x7fy",
    "escape-alone": "\x1b",
    # HTML / JS
    "html-script": "<script>alert(1)</script>",
    "html-img-onerror": '<img src=x onerror="alert(1)">',
    "html-attr-break": '"><svg onload=alert(1)>',
    "html-comment-break": "--><script>alert(1)</script><!--",
    "js-url": "javascript:alert(document.cookie)",
    "html-entities": "&lt;script&gt; &amp; &#x3C;",
    # CSV formulas
    "csv-cmd": "=cmd|' /C calc'!A0",
    "csv-plus": "+1",
    "csv-at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "csv-minus": "-2+3+cmd|' /C calc'!A0",
    "csv-tab": "\t=1+1",
    "csv-cr": "\r=1+1",
    "csv-quote-break": 'a","=1+1',
    # Markdown
    "md-pipe": "a | b | c",
    "md-link": "**bold** [x](javascript:alert(1)) ![i](http://evil/p.png)",
    "md-heading": "\n# Fake heading\n---\n",
    # TOML structure
    "toml-quotes": 'say """hi""" and \'\'\' and \\" and \\u0000 and \\',
    "toml-table-break": '"\n[measures."CR-1.1"]\nstatus = "done"\n',
    "toml-comment": "# not a comment\n#also not",
    # Size and shape
    "newlines": "line 1\nline 2\n[bold]line 3[/]\n",
    "long-line": "L" * 20_000,
    "format-strings": "{0} {__class__} %s %(x)s {{}} ${HOME}",
    "wide-and-combining": "😀" * 10 + " e\u0301 \u4e2d\u6587 \U0001f3f3\ufe0f\u200d\U0001f308",
}
"""Payload name -> text."""

LITERAL_MARKUP = [
    "rich-bold",
    "rich-link",
    "rich-close-unopened",
    "rich-style-spoof",
    "textual-click-action",
    "textual-variable",
]
"""Payloads whose markup text must be shown as written."""

CORE = [
    "rich-link",
    "textual-click-action",
    "ansi-sgr-red",
    "osc8-hyperlink",
    "c1-csi",
    "bidi-rlo",
    "line-separators",
    "nul",
    "carriage-return",
    "html-script",
    "csv-cmd",
    "csv-tab",
    "md-link",
    "toml-quotes",
    "toml-table-break",
    "long-line",
    "wide-and-combining",
]
"""One or two payloads of each kind above (the hardest of it), for the costly injection
tests in ``make test``; ``--soak`` runs them with every payload (see ``tests/budget.py``)."""


def costly() -> list[str]:
    """The payload names for a costly injection test: ``CORE``, or all under ``--soak``."""
    return list(PAYLOADS) if soak() else list(CORE)


_TERMINAL_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"
)


def terminal_unsafe(text: str) -> list[str]:
    """Characters in ``text`` a terminal would act on or that hide/reorder text.

    Everything except printable text, ``\\n`` and ``\\t``: C0 (ESC, NUL, BEL,
    BS, CR...), DEL, C1 (8-bit CSI/OSC/ST), bidi embeddings, overrides and
    isolates, zero-width and line-separator characters.
    """
    return sorted({f"U+{ord(ch):04X}" for ch in _TERMINAL_UNSAFE.findall(text)})


def short(text: str) -> str:
    """``text`` cut to the short-field limit (provider, owner, evidence...)."""
    return text[:MAX_SHORT]


def inject(payload: str, *, in_keys: bool = False) -> Workbook:
    """A valid workbook carrying ``payload`` in every free-text field.

    Systemic risk applies (every chapter is in scope). With ``in_keys`` the
    payload is also used as an incident id and a conflict path.
    """
    one = short(payload) or "x"
    catalogue = load_catalogue()
    profile = ModelProfile(
        provider=one,
        name=one,
        version=one,
        training_compute_flop=3e25,
        gpai="yes",
        gpai_reason=payload or "x",
        placed_on_market=date(2026, 3, 1),
    )
    workbook = new_workbook(profile)
    for n, item_id in enumerate(catalogue.item_ids()):
        entry = workbook.entry(item_id)
        entry.owner = one
        entry.evidence = [one, f"docs/{n}.md"]
        entry.notes = payload or None
        if n % 3 == 1:
            entry.status = "not-applicable"
            entry.justification = payload or "x"
        elif n % 3 == 2:
            entry.status = "done"  # done without ticks: shown as inconsistent
    workbook.incidents = {
        "INC-1": Incident(
            incident_class="cybersecurity",
            title=one,
            aware=date(2026, 9, 1),
            notes=payload or None,
        )
    }
    mdf: dict[str, str | dict[str, str]] = {}
    for field in catalogue.mdf_fields():
        mdf[field.id] = {"text": payload or "x", one: one} if field.repeats else payload or "x"
    workbook.mdf = mdf
    key = one if in_keys else "measures.CR-1.1.status"
    workbook.conflicts = {key: Conflict(ours=payload, theirs=one, base="todo")}
    if in_keys:
        workbook.incidents = {one: workbook.incidents["INC-1"]}
    return workbook
