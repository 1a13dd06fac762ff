"""The self-contained HTML reports: a plan's ``report.html``, and a comparison's or sweep's.

:mod:`~optimiser.report.page` presents one results folder (headline cards, cost breakdown,
green-target compliance, sites by name, maps, dispatch on a month axis),
:mod:`~optimiser.report.overview` a comparison or sweep folder; both read the folder's files
alone and inline everything, so a report opens offline and can be mailed as one file.
"""

from __future__ import annotations

from optimiser.report.common import REPORT_NAME
from optimiser.report.overview import write_overview_report
from optimiser.report.page import render_report, write_report

__all__ = ["REPORT_NAME", "render_report", "write_overview_report", "write_report"]
