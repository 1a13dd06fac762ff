"""Tests of the grid map (``maps/grid.png``): which provinces are shaded, outlined and labelled."""

from __future__ import annotations

import warnings
from pathlib import Path

import geopandas as gpd
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib import colormaps
from typer.testing import CliRunner

from optimiser import words
from optimiser.cli import app
from optimiser.maps import china, draw
from optimiser.maps.grid import COLOUR_MAP, NO_HEADROOM_LABEL, NO_TABLE_NOTE, grid_map_figure
from optimiser.maps.layers import load_result_layers
from tests.solved_results import copy_results

BINDING = "inner_mongolia"
WITHOUT_HEADROOM = "yunnan"
"""The province made to bind in the copied ``grid.csv``."""


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def bound_results(default_results: Path, tmp_path_factory) -> Path:
    """The default plan with Inner Mongolia's headroom binding and one province without one."""
    folder = copy_results(default_results, tmp_path_factory.mktemp("grid") / "bound")
    grid = pd.read_csv(folder / "grid.csv")
    binding = grid["province_id"] == BINDING
    grid.loc[binding, "headroom_mw"] = grid.loc[binding, "data_centre_grid_peak_mw"]
    grid.loc[binding, "headroom_used_share"] = 1.0
    grid.loc[binding, "headroom_binds"] = True
    without = grid["province_id"] == WITHOUT_HEADROOM  # as with network.grid_headroom: none
    grid.loc[without, ["peak_load_mw", "headroom_mw", "headroom_used_share"]] = np.nan
    grid.to_csv(folder / "grid.csv", index=False)
    return folder


def legend_labels(figure) -> list[str]:
    return [text.get_text() for text in figure.axes[0].get_legend().get_texts()]


def test_the_no_headroom_key_shows_only_when_a_province_has_none(
    default_results: Path, bound_results: Path
) -> None:
    assert pd.read_csv(default_results / "grid.csv")["headroom_mw"].notna().all()
    assert NO_HEADROOM_LABEL not in legend_labels(
        grid_map_figure(load_result_layers(default_results))
    )
    assert NO_HEADROOM_LABEL in legend_labels(grid_map_figure(load_result_layers(bound_results)))


def collection(figure, gid: str):
    found = [c for c in figure.axes[0].collections if c.get_gid() == gid]
    return found[0] if found else None


def province_point(layers, province: str) -> tuple[float, float]:
    """Return a province's demand point, projected as the map is."""
    row = layers.provinces.set_index("province_id").loc[province]
    point = gpd.GeoSeries(gpd.points_from_xy([row["demand_lon"]], [row["demand_lat"]]), crs=4326)
    projected = china.project(point).iloc[0]
    return projected.x, projected.y


def colours_at(shaded, point: tuple[float, float]) -> list[np.ndarray]:
    """Return the face colours of the shaded polygons that hold a point."""
    if shaded is None:
        return []
    colours = shaded.get_facecolors()
    return [
        colours[index if len(colours) > 1 else 0]
        for index, path in enumerate(shaded.get_paths())
        if path.contains_point(point)
    ]


def test_grid_map_shades_each_province_by_the_headroom_it_uses(bound_results: Path) -> None:
    layers = load_result_layers(bound_results)
    grid = pd.read_csv(bound_results / "grid.csv").set_index("province_id")
    figure = grid_map_figure(layers)
    shaded = collection(figure, "headroom_used")
    unlimited = collection(figure, "no_headroom")
    colour_map = colormaps[COLOUR_MAP]
    for province, row in grid.iterrows():
        point = province_point(layers, str(province))
        if pd.isna(row["headroom_mw"]):  # sites but no headroom: grey-blue, not on the scale
            assert colours_at(shaded, point) == [], province
            assert len(colours_at(unlimited, point)) == 1, province
            continue
        (colour,) = colours_at(shaded, point)
        expected = colour_map(float(row["headroom_used_share"]))  # 0-100 % over the whole scale
        np.testing.assert_allclose(colour, expected, atol=1e-6, err_msg=str(province))
    # A province without a site is neither shaded nor outlined.
    without = sorted(set(layers.provinces["province_id"]) - set(grid.index) - {"hainan"})
    mainland = layers.provinces.set_index("province_id")["is_mainland"].astype(bool)
    for province in [p for p in without if mainland[p]]:
        point = province_point(layers, province)
        assert colours_at(shaded, point) == [] and colours_at(unlimited, point) == [], province
    # Only the binding province is outlined, and only its label says so.
    outline = collection(figure, "headroom_binds")
    assert outline is not None
    (boundary,) = (
        layers.provinces.set_index("province_id").loc[[BINDING]].pipe(china.project).boundary
    )
    drawn = np.concatenate([path.vertices for path in outline.get_paths()])
    assert np.allclose(drawn.min(axis=0), boundary.bounds[:2], rtol=1e-6)
    labels = [
        text.get_text() for text in figure.axes[0].texts if text.get_gid() == "province_label"
    ]
    assert len(labels) == len(grid)
    assert [label for label in labels if "(binds)" in label] == [
        f"Inner Mongolia\n{grid.loc[BINDING, 'data_centre_grid_peak_mw']:,.0f} MW, 100 % (binds)"
    ]
    assert sum("no headroom" in label for label in labels) == grid["headroom_mw"].isna().sum()


def test_grid_map_labels_neither_overlap_nor_leave_the_map(bound_results: Path) -> None:
    figure = grid_map_figure(load_result_layers(bound_results))
    axes = figure.axes[0]
    renderer = figure.canvas.get_renderer()
    boxes = [
        text.get_window_extent(renderer)
        for text in axes.texts
        if text.get_gid() == "province_label"
    ]
    assert boxes
    assert not [(i, j) for i in range(len(boxes)) for j in range(i) if boxes[i].overlaps(boxes[j])]
    frame = axes.get_window_extent(renderer)
    assert all(frame.contains(box.x0, box.y0) and frame.contains(box.x1, box.y1) for box in boxes)


def test_grid_map_in_chinese(bound_results: Path, monkeypatch) -> None:
    monkeypatch.setattr(words, "cjk_font_family", lambda: "DejaVu Sans")  # text, not glyphs
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # missing glyphs of the stand-in font
        figure = draw.result_map_figure(load_result_layers(bound_results), "grid", "zh")
    axes = figure.axes[0]
    assert axes.get_title().startswith("数据中心电网购电峰值占各省接入裕度比例")
    labels = [text.get_text() for text in axes.texts if text.get_gid() == "province_label"]
    assert any(label.startswith("内蒙古") and label.endswith("（约束起作用）") for label in labels)
    assert not [label for label in labels if "headroom" in label or "binds" in label]


def test_a_folder_without_grid_csv_gets_a_note_not_a_failure(
    default_results: Path, tmp_path: Path
) -> None:
    folder = copy_results(default_results, tmp_path / "old")
    (folder / "grid.csv").unlink()
    figure = grid_map_figure(load_result_layers(folder))
    assert collection(figure, "headroom_used") is None
    assert NO_TABLE_NOTE in [text.get_text() for text in figure.axes[0].texts]


def test_solve_draws_the_grid_map_and_the_report_shows_it(
    default_results: Path, tmp_path: Path
) -> None:
    assert (default_results / "maps" / "grid.png").stat().st_size > 10_000
    page = (default_results / "report.html").read_text(encoding="utf-8")
    section = page.split('id="grid"')[1].split('id="dispatch"')[0]
    assert 'id="map-grid"' in section and "grid-table" in section
    # dcsite map draws it again on its own, and the report goes without it when it is gone.
    folder = copy_results(default_results, tmp_path / "copy")
    (folder / "maps" / "grid.png").unlink()
    outcome = CliRunner().invoke(app, ["map", str(folder), "--kind", "grid"])
    assert outcome.exit_code == 0, outcome.output
    assert (folder / "maps" / "grid.png").stat().st_size > 10_000
    (folder / "maps" / "grid.png").unlink()
    outcome = CliRunner().invoke(app, ["report", str(folder), "--overwrite"])
    assert outcome.exit_code == 0, outcome.output
    assert 'id="map-grid"' not in (folder / "report.html").read_text(encoding="utf-8")
