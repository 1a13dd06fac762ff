"""Write ``report.html`` for a comparison or a sweep folder: its tables and figures inlined.

Used by :mod:`optimiser.studies.compare` and :mod:`optimiser.studies.sweep` once their tables
are written; like the plan's report, the page has no external resources.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from optimiser.report.common import (
    REPORT_LANGUAGES,
    column_digits,
    data_uri,
    number_text,
    page,
    report_file_name,
)
from optimiser.report.words import translate_page
from optimiser.results.folder import write_text_atomically
from optimiser.words import language_suffix

BILLION_YUAN_HEADER = "bn CNY"
"""The unit of a column (or a row's figure) of amounts in billions of yuan."""
AMOUNT = re.compile(r"^(?P<value>-?[\d,]+\.?\d*)(?P<change> \([+-]?[\d,]+\.?\d*)?")
"""A cell of a figure read down the page: its value and its change (``289.57 (+1.25, ...``)."""


def ten_times(text: str) -> str:
    """Return a number's text ten times larger, with one decimal fewer (bn CNY to 亿元).

    >>> ten_times("289.57"), ten_times("+1,234"), ten_times("-0.05")
    ('2,895.7', '+12,340', '-0.5')
    """
    decimals = len(text.partition(".")[2])
    value = 10 * float(text.replace(",", ""))
    return f"{value:{'+' if text.startswith('+') else ''},.{max(decimals - 1, 0)}f}"


def in_yi_yuan(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a table with its amounts in 亿元 (ten to a billion) for a Chinese page.

    A column in bn CNY is multiplied by ten and its header says 亿元; in a table read down
    (a ``Figure`` column naming each row's unit), the value and change of each amount in
    bn CNY are, their share in % kept.
    """
    table = frame.copy()
    for column in table.columns:
        if BILLION_YUAN_HEADER in str(column) and pd.api.types.is_numeric_dtype(table[column]):
            table[column] = 10 * table[column]
    if "Figure" in table.columns:
        money = table["Figure"].astype(str).str.contains(BILLION_YUAN_HEADER, regex=False)
        for column in table.columns.drop("Figure"):
            table.loc[money, column] = [
                AMOUNT.sub(
                    lambda m: (
                        ten_times(m["value"])
                        + (f" ({ten_times(m['change'][2:])}" if m["change"] else "")
                    ),
                    str(cell),
                )
                for cell in table.loc[money, column]
            ]
        table["Figure"] = table["Figure"].str.replace(BILLION_YUAN_HEADER, "亿元", regex=False)
    return table.rename(columns=lambda column: str(column).replace(BILLION_YUAN_HEADER, "亿元"))


def overview_cell(value: Any, digits: int = 2, *, change: bool = False) -> str:
    """Return a cell of a comparison or sweep table as HTML: the number rounded, or the text.

    A change shows its sign (``+1.25``); numbers are right-aligned.
    """
    css = "text" if isinstance(value, str) else "number"
    return f'<td class="{css}">{html.escape(number_text(value, digits, sign=change))}</td>'


def overview_table(frame: pd.DataFrame) -> str:
    """Return every column of a comparison or sweep table as HTML (units in the headers).

    Each column's numbers share their decimals (:func:`optimiser.report.common.column_digits`),
    and a change (a header starting with Δ) shows its sign.
    """
    header = "".join(f"<th>{html.escape(str(column))}</th>" for column in frame.columns)
    digits = {column: column_digits(frame[column]) for column in frame.columns}
    rows = []
    for record in frame.to_dict("records"):
        cells = "".join(
            overview_cell(value, digits[column], change=str(column).startswith("Δ"))
            for column, value in record.items()
        )
        rows.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def write_overview_report(
    folder: str | Path,
    title: str,
    tables: Sequence[tuple[str, str | pd.DataFrame]],
    figures: Sequence[tuple[str, str]],
    lang: str = "en",
) -> Path:
    """Write ``report.html`` for a comparison or a sweep folder, from its files alone.

    In Chinese (``lang="zh"``) ``report-zh.html`` is written beside it: words in Chinese
    (:mod:`optimiser.report.words`), amounts in 亿元 (:func:`in_yi_yuan`) and the Chinese
    figures (``<name>-zh.png``) where the English page shows ``<name>.png``.

    Parameters
    ----------
    folder : str or pathlib.Path
        The comparison or sweep folder.
    title : str
        Page title.
    tables : sequence of (heading, file name or table)
        Tables to show, in order: a CSV file of the folder (missing files are skipped), or a
        table already arranged for reading.
    figures : sequence of (glob pattern, caption)
        PNG images to inline, in order (e.g. ``difference_maps/*.png``).
    lang : str
        ``en``, or ``zh`` for ``report-zh.html`` as well.

    Returns
    -------
    pathlib.Path
        The report written.
    """
    folder = Path(folder)
    if lang not in REPORT_LANGUAGES:
        raise ValueError(f"expected one of {', '.join(REPORT_LANGUAGES)}, not {lang!r}")
    path = folder / report_file_name()
    write_text_atomically(path, overview_page(folder, title, tables, figures))
    if lang != "en":
        chinese = overview_page(folder, title, tables, figures, lang)
        write_text_atomically(folder / report_file_name(lang), translate_page(chinese))
    return path


def overview_page(
    folder: Path,
    title: str,
    tables: Sequence[tuple[str, str | pd.DataFrame]],
    figures: Sequence[tuple[str, str]],
    lang: str = "en",
) -> str:
    """Return the page of :func:`write_overview_report`, in English words (see there)."""
    sections = []
    for heading, source in tables:
        if isinstance(source, pd.DataFrame):
            frame = source
        elif (folder / source).exists():
            frame = pd.read_csv(folder / source)
        else:
            continue
        frame = frame if lang == "en" else in_yi_yuan(frame)
        sections.append(f"<h2>{html.escape(heading)}</h2>{overview_table(frame)}")
    suffix = language_suffix(lang)
    for pattern, caption in figures:
        for path in sorted(folder.glob(pattern)):
            stem = path.stem.removesuffix(suffix)
            if (path.stem.endswith("-zh")) != (lang == "zh"):
                continue  # each page shows the figures of its language
            label = f"{caption}: {stem}"
            sections.append(
                f'<figure><img alt="{html.escape(label)}" src="{data_uri(path.read_bytes())}">'
                f"<figcaption>{html.escape(label)}</figcaption></figure>"
            )
    body = (
        f"<h1>dcsite: {html.escape(title)}</h1>\n<p>Each scenario's own report is in its "
        f"folder. Columns and units: docs/compare.md.</p>\n{''.join(sections)}"
    )
    return page(f"dcsite: {title}", body)
