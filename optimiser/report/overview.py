"""Write ``report.html`` for a comparison or a sweep folder: its tables and figures inlined.

Used by :mod:`optimiser.studies.compare` and :mod:`optimiser.studies.sweep` once their tables
are written; like the plan's report, the page has no external resources.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from optimiser.report.common import (
    REPORT_NAME,
    column_digits,
    data_uri,
    number_text,
    page,
)
from optimiser.results.folder import write_text_atomically


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
) -> Path:
    """Write ``report.html`` for a comparison or a sweep folder, from its files alone.

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

    Returns
    -------
    pathlib.Path
        The report written.
    """
    folder = Path(folder)
    sections = []
    for heading, source in tables:
        if isinstance(source, pd.DataFrame):
            frame = source
        elif (folder / source).exists():
            frame = pd.read_csv(folder / source)
        else:
            continue
        sections.append(f"<h2>{html.escape(heading)}</h2>{overview_table(frame)}")
    for pattern, caption in figures:
        for path in sorted(folder.glob(pattern)):
            label = f"{caption}: {path.stem}"
            sections.append(
                f'<figure><img alt="{html.escape(label)}" src="{data_uri(path.read_bytes())}">'
                f"<figcaption>{html.escape(label)}</figcaption></figure>"
            )
    body = (
        f"<h1>dcsite: {html.escape(title)}</h1>\n<p>Each scenario's own report is in its "
        f"folder. Columns and units: docs/compare.md.</p>\n{''.join(sections)}"
    )
    path = folder / REPORT_NAME
    write_text_atomically(path, page(f"dcsite: {title}", body))
    return path
