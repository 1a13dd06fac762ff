"""The plan report's full-year verdict: the banner that opens it and the section per site.

Part of a plan's report (:mod:`optimiser.report.page`), read from the folder's
``validation/`` (written by ``dcsite validate`` or after ``dcsite solve``) and, for the rounds
planned to hold the green target, ``summary.json``'s ``hold_rounds``.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pandas as pd

from optimiser.report.common import bn_cny_per_year, number_text


def verdict_banner(folder: Path, names: dict[str, str] | None = None) -> str:
    """Return the full-year verdict that opens the report: holds, does not hold, or unchecked.

    A plan is sized on modelled days; whether it holds over all 8,760 hours is the first thing
    a reader needs, with the planned and full-year figures and, when it falls short, where.
    """
    path = folder / "validation" / "validation.json"
    if not path.exists():
        return (
            '<p class="verdict unchecked" id="verdict"><strong>Not checked over the full '
            "year.</strong> The plan is sized on modelled days; <code>dcsite validate</code> "
            "dispatches it over all 8,760 hours and says whether it holds.</p>"
        )
    summary = json.loads(path.read_text(encoding="utf-8"))
    names = names or {}
    cost = (
        f"full-year cost {bn_cny_per_year(summary['full_year_cost_cny_per_year'])} against "
        f"{number_text(summary['planned_cost_cny_per_year'], 2, 1e9)} planned"
    )
    if summary["holds_over_full_year"]:
        return (
            '<p class="verdict holds" id="verdict"><strong>Holds over the full year</strong> '
            f"({summary['hours']:,} hours dispatched): no IT load unserved, every green target "
            f"met in its measure; {cost}.</p>"
        )
    by_site = summary.get("holds_over_full_year_by_site", {})
    short = [html.escape(names.get(site, site)) for site, holds in by_site.items() if not holds]
    parts = []
    if summary["unserved_it_energy_mwh"] > 0:
        parts.append(
            f"{number_text(summary['unserved_it_energy_mwh'])} MWh of IT load unserved in "
            f"{summary['unserved_hours']:,} hours"
        )
    if summary["green_shortfall_mwh"] > 0:
        parts.append(f"{number_text(summary['green_shortfall_mwh'], 0, 1e3)} GWh green shortfall")
    return (
        '<p class="verdict fails" id="verdict"><strong>Does not hold over the full year</strong>'
        f" ({summary['hours']:,} hours dispatched): {'; '.join(parts) or 'limits exceeded'} "
        f"at {len(short)} sites ({', '.join(short)}); {cost}. "
        "<code>dcsite refine</code> corrects the representation until the plan holds "
        '(see <a href="#full-year">Full year</a>).</p>'
    )


def setting_text(value: object) -> str:
    """Return a setting's value as read: mappings as ``key: value``, lists joined, floats short.

    >>> setting_text({"wuhu": 0.05502937343272783, "guian": 0.0056})
    'wuhu: 0.05503, guian: 0.0056'
    >>> setting_text(["a", "b"])
    'a, b'
    """
    if isinstance(value, dict):
        return ", ".join(f"{key}: {setting_text(item)}" for key, item in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(setting_text(item) for item in value)
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def rounds_sentence(folder: Path, names: dict[str, str]) -> str:
    """Return a sentence on the rounds planned to hold the green target, if any were."""
    plan = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    rounds = plan.get("hold_rounds")
    if not rounds:
        return ""
    margins = ", ".join(
        f"{html.escape(names.get(site, site))} +{number_text(value, 1, 0.01)} points"
        for site, value in rounds["target_margins"].items()
        if value > 0
    )
    return (
        f' <span id="hold-rounds">This plan is round {rounds["chosen_round"]} of '
        f"{rounds['rounds']}: the first fell short of its green target over the year and was "
        f"planned again with target margins ({margins or 'none'}); every round is in "
        f"<code>{html.escape(rounds['rounds_folder'])}/</code>.</span>"
    )


def validation_section(folder: Path, names: dict[str, str] | None = None) -> str:
    """Return the full-year verdict per site, if ``dcsite validate`` has written one.

    Each site's three green measures are shown over the full year beside the plan's own
    figure for them (planned → full year), with its shortfalls and verdict.
    """
    path = folder / "validation" / "validation.json"
    if not path.exists():
        return (
            "<p>Not validated over the full year; <code>dcsite validate</code> dispatches the "
            "plan over all 8,760 hours.</p>"
        )
    summary = json.loads(path.read_text(encoding="utf-8"))
    sites = pd.read_csv(folder / "validation" / "clusters.csv")
    names = names or {}
    verdict = "yes" if summary["holds_over_full_year"] else "no"

    def measure(row: pd.Series, column: str) -> str:
        planned = row.get(f"planned_{column}")
        value = row.get(column)
        if value is None or pd.isna(value):
            return "–"
        if planned is None or pd.isna(planned):
            return number_text(value, 1, 0.01)
        return f"{number_text(planned, 1, 0.01)} → {number_text(value, 1, 0.01)}"

    rows = "".join(
        f"<tr><td>{html.escape(str(names.get(row['cluster_id'], row['cluster_id'])))}</td>"
        f"<td>{measure(row, 'green_share_annual')}</td>"
        f"<td>{measure(row, 'green_share_hourly')}</td>"
        f"<td>{measure(row, 'green_share_hourly_own_supply')}</td>"
        f"<td>{number_text(row['unserved_it_energy_mwh'])}</td>"
        f"<td>{number_text(row['green_shortfall_mwh'])}</td>"
        f"<td>{'yes' if row['holds_over_full_year'] else 'no'}</td></tr>"
        for _, row in sites.iterrows()
    )
    return (
        f'<p>Holds over the full year ({summary["hours"]:,} h): <span id="full-year-holds">'
        f"{verdict}</span>; cost {bn_cny_per_year(summary['full_year_cost_cny_per_year'])} "
        f"against {number_text(summary['planned_cost_cny_per_year'], 2, 1e9)} planned. Green "
        f"shares as planned → over the full year.{rounds_sentence(folder, names)}</p>"
        "<table><tr><th>site</th><th>green, annual [%]</th><th>24/7 CFE score [%]</th>"
        "<th>green, own supply [%]</th><th>unserved [MWh]</th>"
        f'<th>green shortfall [MWh]</th><th class="nowrap">holds</th></tr>{rows}</table>'
    )


__all__ = ["rounds_sentence", "setting_text", "validation_section", "verdict_banner"]
