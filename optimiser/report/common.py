"""Pieces shared by every report page: style sheet, inlined images, tables, atomic writes.

Used by the plan's report (:mod:`optimiser.report.page`) and the comparison and sweep pages
(:mod:`optimiser.report.overview`). Nothing here reads a results folder.
"""

from __future__ import annotations

import base64
import html
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

REPORT_NAME = "report.html"
REPORT_LANGUAGES = ("en", "zh")


def report_file_name(lang: str = "en") -> str:
    """Return a report's file name: ``report.html``, or ``report-zh.html`` in Chinese.

    Named as the maps are (``capacity-zh.png``), so both languages sit side by side.
    """
    return REPORT_NAME if lang == "en" else f"report-{lang}.html"


# Long unbroken texts (paths, lists of checks) may wrap anywhere, so that no element is wider
# than the window: a report must read on a 1,280 px screen without sideways scrolling. Table
# headers and cells never break inside a word or a number ("Co st", "zhan gjiak ou"): headers
# and text wrap between words (a word longer than its column's room may still break), numbers
# not at all.
STYLE = """
body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 2em auto; max-width: 72em;
       color: #222; line-height: 1.4; padding: 0 1em; overflow-wrap: anywhere; }
h1 { font-size: 1.6em; } h2 { font-size: 1.25em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; font-size: 0.8em; margin: 0.5em 0 1.5em; max-width: 100%; }
th, td { border: 1px solid #ddd; padding: 0.2em 0.4em; }
td.number, th.number { text-align: right; } th { background: #f2f2f2; }
th { overflow-wrap: normal; word-break: keep-all; hyphens: manual; }
td.number { white-space: nowrap; overflow-wrap: normal; } td.text { overflow-wrap: break-word; }
figure { margin: 1em 0; } img { max-width: 100%; height: auto; border: 1px solid #eee; }
.passed, .pass { color: #1e8449; font-weight: bold; }
.failed, .fail { color: #c0392b; font-weight: bold; }
dl.headline { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1.5em; }
dl.headline dt { font-weight: bold; } dl.headline dd { margin: 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(11em, 1fr));
         gap: 0.6em; margin: 0.5em 0 1em; }
.verdict { border-left: 6px solid; padding: 0.5em 0.9em; margin: 0.8em 0; }
.verdict.holds { border-color: #2e7d32; background: #eef6ee; }
.verdict.fails { border-color: #c62828; background: #fbeeee; }
.verdict.unchecked { border-color: #9e9e9e; background: #f4f4f4; }
.card { border: 1px solid #ddd; border-radius: 4px; padding: 0.5em 0.7em; background: #fafafa; }
.card .value { font-size: 1.35em; font-weight: bold; display: block; }
.card .label { font-size: 0.8em; color: #555; display: block; }
.bars { display: grid; grid-template-columns: minmax(8em, 14em) 1fr max-content;
        gap: 0.25em 0.8em; align-items: center; font-size: 0.85em; margin-bottom: 1.5em; }
.bar { background: #2e86c1; height: 1.1em; min-width: 1px; }
.note { color: #555; font-size: 0.85em; }
.nowrap { white-space: nowrap; overflow-wrap: normal; }
"""


@dataclass(frozen=True)
class Column:
    """How a table shows one column of a results table.

    Attributes
    ----------
    header : str
        Header with its unit, e.g. ``New IT [MW]``.
    scale : float
        The value is divided by this (1e3 for MWh shown as GWh); 0.01 shows a fraction as %.
    digits : int
        Decimals shown.
    """

    header: str
    scale: float = 1.0
    digits: int = 0


PERCENT = 0.01
"""Scale (:attr:`Column.scale`) that shows a fraction 0-1 as a percentage."""


def data_uri(content: bytes, mime: str = "image/png") -> str:
    """Return bytes as a base64 ``data:`` URI."""
    return f"data:{mime};base64,{base64.b64encode(content).decode('ascii')}"


def non_numeric_cell(value: Any) -> str | None:
    """Return the text of a cell that is not a number (text, missing, yes/no), else None."""
    if isinstance(value, str):
        return value
    if value is None or value != value:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return None


def number_text(value: Any, digits: int = 0, scale: float = 1.0, *, sign: bool = False) -> str:
    """Return a number as every report shows it: scaled, rounded, with thousands separators.

    The one number format of the reports. A value that rounds to zero is shown as zero
    (never ``-0.0`` or solver noise such as ``2.22e-14``); text, missing values and yes/no
    are shown as :func:`non_numeric_cell` does.

    Parameters
    ----------
    value : Any
        The value in its base unit.
    digits : int
        Decimals shown.
    scale : float
        The value is divided by this (1e9 for CNY shown as bn CNY; 0.01 shows a fraction
        as %).
    sign : bool
        Show the sign of a positive change (``+1.5``).

    Examples
    --------
    >>> number_text(1234567.0, 1, 1e3)
    '1,234.6'
    >>> number_text(-2.22e-14, 2)
    '0.00'
    >>> number_text(0.0123, 1, 0.01, sign=True)
    '+1.2'
    """
    text = non_numeric_cell(value)
    if text is not None:
        return text
    number = float(value) / scale
    if not math.isfinite(number):
        return "∞" if number > 0 else "-∞"
    rounded = round(number, digits)
    if rounded == 0:
        rounded = 0.0  # no "-0.0"
    return f"{rounded:{'+' if sign and rounded else ''},.{digits}f}"


def bn_cny_per_year(value: Any) -> str:
    """Return an annual cost [CNY/yr] as the reports show it, in bn CNY/yr with two decimals."""
    return f"{number_text(value, 2, 1e9)} bn CNY/yr"


def column_digits(values: Any) -> int:
    """Return the decimals that show a column of numbers alike: fewer the larger they are.

    Whole numbers get none; otherwise 0 from 1,000, 1 from 10, else 2, judged on the
    largest magnitude, so every value of a column has the same number of decimals.
    """
    numbers = pd.to_numeric(pd.Series(list(values), dtype=object), errors="coerce").dropna()
    numbers = numbers[numbers.map(math.isfinite)].astype(float)
    if numbers.empty or bool((numbers.round(9) == numbers.round()).all()):
        return 0
    largest = float(numbers.abs().max())
    return 0 if largest >= 1e3 else 1 if largest >= 10 else 2


def format_number(value: Any, column: Column) -> str:
    """Return a cell's text: the value scaled, with thousands separators, or its text."""
    return number_text(value, column.digits, column.scale)


def html_table(frame: pd.DataFrame, columns: Mapping[str, Column], table_id: str = "") -> str:
    """Return a table of the chosen columns, renamed, with numbers right-aligned."""
    chosen = [column for column in columns if column in frame.columns]
    numeric = {
        column: pd.api.types.is_numeric_dtype(frame[column])
        and not pd.api.types.is_bool_dtype(frame[column])
        for column in chosen
    }
    header = "".join(
        f'<th class="{"number" if numeric[column] else "text"}">'
        f"{html.escape(columns[column].header)}</th>"
        for column in chosen
    )
    rows = []
    for record in frame[chosen].to_dict("records"):
        cells = "".join(
            f'<td class="{"number" if numeric[column] else "text"}">'
            f"{html.escape(format_number(record[column], columns[column]))}</td>"
            for column in chosen
        )
        rows.append(f"<tr>{cells}</tr>")
    identifier = f' id="{table_id}"' if table_id else ""
    return (
        f"<table{identifier}><thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def page(title: str, body: str) -> str:
    """Return a whole self-contained HTML page."""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>{STYLE}</style>
</head>
<body>
{body}
</body>
</html>
"""
