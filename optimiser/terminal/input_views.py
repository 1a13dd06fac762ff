"""The inputs of a run on the console: the catalogue's candidate sites, a model's scenarios.

What ``dcsite regions`` and ``dcsite scenarios`` print, with every settable key and its
default.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.markup import escape
from rich.table import Table

from optimiser.terminal.consoles import console

if TYPE_CHECKING:
    from optimiser.data.catalogue import Catalogue


def catalogue_table(loaded: Catalogue) -> Table:
    """Return the candidate sites of a catalogue as a rich table."""
    table = Table(title=escape(f"Candidate sites ({loaded.path})"))
    for column in (
        "site",
        "名称",
        "hub",
        "province",
        "role",
        "existing MW",
        "max MW",
        "PUE",
        "utilisation",
    ):
        table.add_column(
            column,
            justify="right" if "MW" in column or column in {"PUE", "utilisation"} else "left",
        )
    for site, row in loaded.clusters.iterrows():
        table.add_row(
            str(site),
            row["name_zh"],
            row["hub_id"],
            row["province_id"],
            row["role"],
            f"{row['existing_it_capacity_mw']:,.0f}",
            f"{row['max_it_capacity_mw']:,.0f}",
            f"{row['pue_limit']:.2f}",
            f"{row['utilisation_target']:.2f}",
        )
    return table


def print_scenarios(path: Path) -> None:
    """Print a model file's scenarios and every settable key with its default."""
    from optimiser.scenario import load_model_file, settable_keys

    loaded = load_model_file(path)
    table = Table(title=escape(f"Scenarios of {loaded.name} ({path})"))
    table.add_column("scenario")
    table.add_column("parent")
    table.add_column("description")
    for name, entry in loaded.scenarios.items():
        # Descriptions carry units in brackets ([MW]); rich would read them as markup.
        table.add_row(escape(name), escape(entry.parent), escape(entry.description))
    console.print(table)
    keys = Table(title="Settable keys (--set KEY=VALUE); units are in the names")
    for column in ("key", "type", "default", "description"):
        keys.add_column(column, overflow="fold")
    for key, type_name, default, description in settable_keys():
        keys.add_row(key, escape(type_name), escape(repr(default)), escape(description))
    console.print(keys)
