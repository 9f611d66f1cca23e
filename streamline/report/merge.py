"""The merger's HTML page: the merged unit's report (report.html) with the merger's own
tables — in one row, positions after the merger, leadership posts, surplus holders selected —
above its tables, each worded, escaped and totalled by the same helpers as every other table."""

from __future__ import annotations

import os
from pathlib import Path

from streamline.report import atomic_write, i18n
from streamline.report.excel import SHEET_NOTES
from streamline.report.html import _collapsible, _e, _section_table, render_html
from streamline.result import AnalysisResult

TABLES = ("merge_summary", "merge_positions", "merge_leadership", "merge_candidates")
_ANCHOR = '<section class="sec tables">'


def render_merge_html(result: AnalysisResult, lang: str) -> str:
    page = render_html(result, lang)
    blocks = [_collapsible(i18n.sheet(name, lang),
                           *_section_table(name, result.tables[name], lang, result.facts), lang)
              for name in TABLES if name in result.tables]
    # Why its selection differs from the proposal list's (SHEET_NOTES in the workbook).
    blocks.append(f'<p class="note">{_e(i18n.label(SHEET_NOTES["merge_candidates"], lang))}</p>')
    section = '<section class="sec">\n' + "\n".join(blocks) + "\n</section>\n"
    at = page.find(_ANCHOR)
    at = at if at >= 0 else page.rindex("<script>")
    return page[:at] + section + page[at:]


def write_merge_html(result: AnalysisResult, path: str | os.PathLike,
                     lang: str | None = None) -> Path:
    """Write the page atomically; `lang` defaults to the run's language."""
    page = render_merge_html(result, lang or result.lang)
    return atomic_write(path, lambda tmp: tmp.write_text(page, encoding="utf-8"),
                        inputs=result.inputs)
