"""The tables the ``dcsite`` command prints: names on the left, figures on the right.

Part of what the command shows (:mod:`optimiser.terminal`): every table of sites, plans or
rounds is built here, so that all of them align their columns the same way.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from rich.markup import escape
from rich.table import Table


def figures_table(title: str, columns: Iterable[str], names: Collection[str] = ("site",)) -> Table:
    """Return an empty rich table whose columns of names are left-aligned, figures right.

    Parameters
    ----------
    title : str
        The table's title (rich markup).
    columns : iterable of str
        The column headers, printed as written (any markup in them is escaped).
    names : collection of str
        The headers of the columns that name things (a site, a plan, a rule); every other
        column holds figures.

    Returns
    -------
    rich.table.Table
        The table, its columns added and no row yet.
    """
    table = Table(title=title)
    for column in columns:
        table.add_column(escape(column), justify="left" if column in names else "right")
    return table
