"""Comparison and sweep tables arranged for reading: labels, bn CNY/yr, MW, %, pp.

``comparison.csv`` and ``sweep.csv`` keep every figure in its base unit (CNY/yr, fractions) for
programs; the terminal and the ``report.html`` of a comparison or sweep show these tables
instead: one row per scenario or point, a readable name, costs in bn CNY/yr, capacities in MW,
shares in % and changes of shares in percentage points (pp), each unit in its header.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from optimiser.report.common import number_text


@dataclass(frozen=True)
class Figure:
    """A headline figure as read: its header, the column, the scale and the change's unit.

    Attributes
    ----------
    header : str
        Header with the unit of the value, e.g. ``Cost [bn CNY/yr]``.
    column : str
        Column of ``comparison.csv`` / ``sweep.csv`` (base unit).
    scale : float
        Divisor from the base unit to the unit shown (1e9 for CNY to bn CNY; 0.01 for a
        fraction shown in %).
    digits : int
        Decimals shown in the terminal.
    change_unit : str
        Unit of the change from the first row (``pp`` for shares).
    """

    header: str
    column: str
    scale: float
    digits: int
    change_unit: str


FIGURES = (
    Figure("Cost [bn CNY/yr]", "objective_cny_per_year", 1e9, 2, "bn CNY/yr"),
    Figure(
        "Siting cost, all but servers [bn CNY/yr]", "siting_cost_cny_per_year", 1e9, 2, "bn CNY/yr"
    ),
    Figure("New IT [MW]", "new_it_capacity_mw", 1.0, 0, "MW"),
    Figure("Avoidable idle IT [MW]", "idle_it_capacity_avoidable_mw", 1.0, 0, "MW"),
    Figure(
        "Avoidable idle cost [bn CNY/yr]",
        "stranded_capex_avoidable_cny_per_year",
        1e9,
        2,
        "bn CNY/yr",
    ),
    Figure("Western hubs' share of new IT [%]", "west_hub_share_of_new_capacity", 0.01, 1, "pp"),
    Figure(
        "Western region's share of new IT [%]",
        "western_region_share_of_new_capacity",
        0.01,
        1,
        "pp",
    ),
    Figure("Green, annual [%]", "green_share_annual", 0.01, 1, "pp"),
    Figure("24/7 CFE score [%]", "green_share_hourly", 0.01, 1, "pp"),
    Figure("Green, own supply [%]", "green_share_hourly_own_supply", 0.01, 1, "pp"),
    Figure("Emissions [MtCO2/yr]", "emissions_tco2_per_year", 1e6, 2, "MtCO2/yr"),
)
"""The figures shown, in order, where the table has them; a share's change is in percentage
points."""


def shown_figures(table: pd.DataFrame) -> list[Figure]:
    """Return the figures of :data:`FIGURES` that the table holds."""
    return [figure for figure in FIGURES if figure.column in table.columns]


def _change_header(figure: Figure) -> str:
    name = figure.header.split(" [")[0]
    return f"Δ {name[0].lower()}{name[1:]} [{figure.change_unit}]"  # keeps "IT", "CO2"


HOLDS_HEADER = "Holds over the full year"
PERCENT_CHANGES = {
    "objective_cny_per_year": "Δ cost [%]",
    "siting_cost_cny_per_year": "Δ siting cost [%]",
}
"""The costs whose change from the first is also shown in %: the total (diluted by servers,
which cost the same wherever they go) and the cost that siting decides."""


def holds_text(table: pd.DataFrame) -> list[str]:
    """Return each plan's full-year verdict as read: yes, no, or – where not checked."""
    if "holds_over_full_year" not in table.columns:
        return ["–"] * len(table)
    return [
        "–" if value is None or value != value else ("yes" if bool(value) else "NO")
        for value in table["holds_over_full_year"]
    ]


def readable_comparison(table: pd.DataFrame) -> pd.DataFrame:
    """Return a comparison as read: one row per scenario, values and changes from the first.

    Parameters
    ----------
    table : pandas.DataFrame
        ``comparison.csv`` (:func:`optimiser.studies.compare.comparison_table`).

    Returns
    -------
    pandas.DataFrame
        ``Scenario`` (its label), whether it holds over the full year (yes, NO, or – where not
        checked), then per figure its value and, from the second scenario on, its change from
        the first (shares in pp), plus the changes in % of the cost and of the cost that
        siting decides (all but servers, ``siting_cost_cny_per_year``).
    """
    readable = pd.DataFrame({"Scenario": table.get("label", table["scenario"])})
    readable[HOLDS_HEADER] = holds_text(table)
    for figure in shown_figures(table):
        values = pd.to_numeric(table[figure.column], errors="coerce")
        readable[figure.header] = values / figure.scale
        readable[_change_header(figure)] = (values - values.iloc[0]) / figure.scale
        if figure.column in PERCENT_CHANGES:
            readable[PERCENT_CHANGES[figure.column]] = 100 * (values / values.iloc[0] - 1)
    return readable


def comparison_by_figure(table: pd.DataFrame) -> pd.DataFrame:
    """Return a comparison for a page: one row per figure, one column per scenario.

    A page has room for a few scenarios side by side but not for two dozen columns of figures
    and changes; read down, each figure's value stands beside the first scenario's, with its
    change from it in brackets (shares in pp, costs also in %).

    Parameters
    ----------
    table : pandas.DataFrame
        ``comparison.csv`` (:func:`optimiser.studies.compare.comparison_table`).

    Returns
    -------
    pandas.DataFrame
        ``Figure`` (its name and unit), then one column per scenario (its label) of text.
    """
    readable = readable_comparison(table)
    holds = {str(number): str(text) for number, text in enumerate(readable[HOLDS_HEADER])}
    rows: list[dict[str, str]] = [{"Figure": HOLDS_HEADER, **holds}]
    for figure in shown_figures(table):
        row = {"Figure": figure.header}
        for number, record in enumerate(readable.to_dict("records")):
            text = number_text(record[figure.header], figure.digits)
            change = record[_change_header(figure)]
            if number and change == change and text != "–":
                text += f" ({number_text(change, figure.digits, sign=True)}"
                if figure.column in PERCENT_CHANGES:
                    percent = record[PERCENT_CHANGES[figure.column]]
                    text += f", {number_text(percent, 1, sign=True)} %"
                elif figure.change_unit == "pp":
                    text += " pp"
                text += ")"
            row[str(number)] = text
        rows.append(row)
    frame = pd.DataFrame(rows)
    labels = [str(label) for label in readable["Scenario"]]
    return frame.rename(columns={str(number): label for number, label in enumerate(labels)})


def readable_sweep(table: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    """Return a sweep as read: the varied settings, status, figures and the cost premium.

    Parameters
    ----------
    table : pandas.DataFrame
        ``sweep.csv`` (:func:`optimiser.studies.sweep.sweep_table`).
    keys : sequence of str
        The varied settings (dotted keys), shown as they are.

    Returns
    -------
    pandas.DataFrame
        One row per point: the varied settings, ``Status``, whether its plan holds over the
        full year (yes, NO, or – where not checked), each figure in its unit and
        ``Premium over the cheapest [%]`` (cost over the cheapest optimal point).
    """
    readable = table[list(keys)].copy()
    readable["Status"] = table["status"]
    readable[HOLDS_HEADER] = holds_text(table)
    costs = pd.to_numeric(table["objective_cny_per_year"], errors="coerce")
    for figure in shown_figures(table):
        readable[figure.header] = pd.to_numeric(table[figure.column], errors="coerce") / (
            figure.scale
        )
    cheapest = costs.min()
    readable["Premium over the cheapest [%]"] = 100 * (costs - cheapest) / cheapest
    return readable


SITE_HEADERS = {
    "cluster_id": "Site",
    "scenario": "Scenario",
    "role": "Role",
    "new_it_capacity_mw": "New IT [MW]",
    "new_it_capacity_mw_change": "Δ new IT [MW]",
    "green_share_annual": "Green, annual [%]",
    "green_share_annual_change": "Δ green, annual [pp]",
    "green_share_hourly": "24/7 CFE score [%]",
    "green_share_hourly_change": "Δ CFE score [pp]",
}
"""Headers of ``clusters_diff.csv`` as read; shares are shown in % and their changes in pp."""


def readable_sites(clusters_diff: pd.DataFrame) -> pd.DataFrame:
    """Return ``clusters_diff.csv`` as read: headers with units, shares in % and pp."""
    readable = clusters_diff[[column for column in SITE_HEADERS if column in clusters_diff]].copy()
    for column in readable.columns:
        if column.startswith("green_share"):
            readable[column] = 100 * readable[column]
    return readable.rename(columns=SITE_HEADERS)


def rich_comparison(table: pd.DataFrame) -> object:
    """Return a rich table of a comparison: each figure with its change from the first."""
    from rich.markup import escape
    from rich.table import Table

    def number(value: float, digits: int) -> str:
        return "–" if value != value else f"{value:,.{digits}f}"

    if "period" in table.columns:  # pathways, compared period by period
        from optimiser.studies.pathway_compare import readable_pathway_comparison

        frame = readable_pathway_comparison(table)
        view = Table(title="Pathways by period (changes from the first, same period)")
        for column in frame.columns:
            view.add_column(escape(column), justify="left" if column == "Scenario" else "right")
        for record in frame.to_dict("records"):
            view.add_row(
                *(
                    escape(value) if isinstance(value, str) else number(float(value), 1)
                    for value in record.values()
                )
            )
        return view
    # One row per figure, one column per scenario: a terminal has room for a few scenarios
    # side by side but not for two dozen columns of figures (as the comparison's page).
    frame = comparison_by_figure(table)
    view = Table(title="Scenarios (change from the first in brackets; shares in pp)")
    view.add_column("figure", overflow="fold", min_width=20)
    for label in frame.columns[1:]:
        view.add_column(escape(str(label)), justify="right", overflow="fold")
    for record in frame.to_dict("records"):
        view.add_row(
            *("[red]NO[/]" if value == "NO" else escape(str(value)) for value in record.values())
        )
    return view
