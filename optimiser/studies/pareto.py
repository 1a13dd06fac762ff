"""The cost curve of a sweep: ``pareto.png``, cost against the setting varied.

Drawn by :func:`optimiser.studies.sweep.run_sweep` from ``sweep.csv``; the cost axis starts at
zero and each point shows its premium over the cheapest, so a small premium looks small.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from optimiser.files import make_shareable
from optimiser.report.chart_words import chart_to_chinese
from optimiser.words import language_suffix, resolve_language, translate_figure


def pareto_figure(table: pd.DataFrame, axes: Sequence[Any], lang: str = "en") -> Any:
    """Draw the cost of each point against the first varied setting.

    Points are coloured by the west share of new capacity and labelled with their cost premium
    over the cheapest point [%]; the cost axis starts at zero. Points that differ in the other
    varied settings are joined by separate lines. In Chinese (``lang="zh"``) the words are
    Chinese and the costs in 亿元 (:mod:`optimiser.report.words`).

    Returns
    -------
    matplotlib.figure.Figure
        The figure.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    x_key = axes[0].key
    others = [axis.key for axis in axes[1:]]
    optimal = table[table["status"] == "optimal"].copy()
    used, family = resolve_language(lang)
    unit, scale = ("bn CNY", 1e9) if used == "en" else ("亿元", 1e8)
    optimal["cost_bn"] = optimal["objective_cny_per_year"].astype(float) / scale
    optimal["west"] = optimal["west_hub_share_of_new_capacity"].astype(float)
    figure, plot = plt.subplots(figsize=(8.0, 5.0))
    groups = optimal.groupby(others, dropna=False) if others else [((), optimal)]
    for label, group in groups:
        name = ", ".join(
            f"{key}={value}"
            for key, value in zip(
                others, label if isinstance(label, tuple) else (label,), strict=True
            )
        )
        plot.plot(group[x_key], group["cost_bn"], color="0.6", zorder=1, label=name or None)
    scatter = plot.scatter(
        optimal[x_key],
        optimal["cost_bn"],
        c=optimal["west"],
        cmap="viridis",
        vmin=0.0,
        vmax=1.0,
        zorder=2,
    )
    # Each point carries its cost premium over the cheapest point, in %, and the cost axis
    # starts at zero, so that a small premium is never drawn as a steep rise.
    cheapest = float(optimal["cost_bn"].min())
    for x_value, cost in zip(optimal[x_key], optimal["cost_bn"], strict=True):
        plot.annotate(
            f"{100 * (cost - cheapest) / cheapest:+.2f} %",
            (x_value, cost),
            textcoords="offset points",
            xytext=(0, 7),
            ha="center",
            fontsize=7,
        )
    figure.colorbar(scatter, ax=plot, label="west share of new IT capacity [fraction]")
    plot.set_xlabel(x_key)
    plot.set_ylabel(f"annual system cost [{unit}/yr]")
    plot.set_ylim(bottom=0.0, top=1.1 * float(optimal["cost_bn"].max()))
    failed = int((table["status"] != "optimal").sum())
    note = f" ({failed} points infeasible or failed)" if failed else ""
    plot.set_title(f"Cost against {x_key}, labelled with the premium over the cheapest{note}")
    if others:
        plot.legend(fontsize=7)
    plot.grid(alpha=0.3)
    if family is not None:
        translate_figure(figure, family, chart_to_chinese)
    return figure


def write_pareto_plot(
    out_dir: Path, table: pd.DataFrame, axes: Sequence[Any], lang: str = "en"
) -> None:
    """Draw ``pareto.png`` (``pareto-zh.png`` in Chinese) into the sweep folder, atomically."""
    import matplotlib.pyplot as plt

    figure = pareto_figure(table, axes, lang)
    handle, temporary = tempfile.mkstemp(prefix=".pareto.", suffix=".png", dir=out_dir)
    os.close(handle)
    try:
        figure.savefig(temporary, dpi=150, bbox_inches="tight")
        make_shareable(temporary)  # mkstemp's file is private; a sweep is for sharing
        os.replace(temporary, out_dir / f"pareto{language_suffix(lang)}.png")
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    finally:
        plt.close(figure)
