"""The internal HTML export of a workbook in git charts the points of ``gpai history``."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

from click.testing import CliRunner

from gpai_tui.catalogue import load_catalogue
from gpai_tui.cli import cli
from gpai_tui.workbook import load_workbook, save_workbook
from tests.git.gitrepo import Repo

SVG = "{http://www.w3.org/2000/svg}"


def test_history_chart_equals_history_json(repo: Repo) -> None:
    catalogue = load_catalogue()
    for item, day in (("CR-1.1", "2026-02-01"), ("TR-1.2", "2026-05-01")):
        workbook = load_workbook(repo.path)
        entry = workbook.entry(item)
        entry.status = "in-progress"
        measure = catalogue.measure(item)
        assert measure is not None
        entry.checks = {cp.id: True for cp in measure.checkpoints if not cp.derived}
        save_workbook(workbook, repo.path)
        repo.commit(f"work on {item}", day)
    runner = CliRunner()
    history = runner.invoke(cli, ["history", str(repo.path), "--json"])
    assert history.exit_code == 0, history.output
    expected = [
        (c["commit"], c["as_of"], c["overall"])
        for c in json.loads(history.output)["commits"]
        if c["overall"] is not None
    ]
    assert len(expected) == 3
    out = repo.root / "report.html"
    result = runner.invoke(cli, ["export", str(repo.path), "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    body = re.search(r'<figure class="chart" id="chart-history">\n(<svg.*?</svg>)', page, re.S)
    assert body is not None
    svg = ET.fromstring(body.group(1))
    points = [c for c in svg.iter(f"{SVG}circle") if c.get("class") == "point"]
    got = [(c.get("data-commit"), c.get("data-date"), float(c.get("data-value"))) for c in points]
    assert got == expected
