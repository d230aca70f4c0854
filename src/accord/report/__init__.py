"""The self-contained HTML report: sections (functions of scenario and results) on one page.

Add a section by appending a `Section` to `accord.report.sections.SECTIONS`.
"""

from accord.report.render import render_report, write_report
from accord.report.sections import SECTIONS, Section

__all__ = ["SECTIONS", "Section", "render_report", "write_report"]
