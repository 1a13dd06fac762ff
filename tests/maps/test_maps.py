"""Tests of the result maps and plan.gpkg: what was drawn, not pixels."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.text import Text
from shapely.geometry import LineString
from typer.testing import CliRunner

from optimiser import words
from optimiser.cli import app
from optimiser.maps import base as maps
from optimiser.maps import china, draw
from optimiser.maps import labels as map_labels
from optimiser.maps.difference import difference_map_figure
from optimiser.maps.figures import capacity_map_figure, flow_map_figure
from optimiser.maps.green import green_map_figure
from optimiser.maps.layers import GEOPACKAGE_LAYERS, load_result_layers
from tests.solved_results import copy_results

CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def layers(default_results: Path):
    return load_result_layers(default_results)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def artists(figure, gid: str) -> list:
    axes = figure.axes[0]
    found = [a for a in [*axes.collections, *axes.patches, *axes.texts] if a.get_gid() == gid]
    return found


def colour_bar(figure):
    """Return the map's colour bar: the first axes after the map that is not the inset."""
    return next(a for a in figure.axes[1:] if a.get_gid() != "south_china_sea_inset")


def labels(figure) -> list[str]:
    return [text.get_text() for text in artists(figure, "site_label")]


def legend_texts(figure) -> list[str]:
    axes = figure.axes[0]
    legends = [child for child in axes.get_children() if child.__class__.__name__ == "Legend"]
    return [text.get_text() for legend in legends for text in legend.get_texts()]


def test_solve_writes_maps_geopackage_and_report(default_results: Path) -> None:
    for name in ("capacity.png", "green.png", "flows.png"):
        assert (default_results / "maps" / name).stat().st_size > 10_000
    assert (default_results / "plan.gpkg").exists()
    assert (default_results / "report.html").exists()


def test_capacity_map_draws_every_site_once(layers) -> None:
    figure = capacity_map_figure(layers)
    clusters = layers.clusters
    built = clusters["total_it_capacity_mw"] > 0.5
    totals = artists(figure, "capacity_total")[0]
    assert len(totals.get_offsets()) == built.sum()
    existing = artists(figure, "capacity_existing")[0]
    assert len(existing.get_offsets()) == (clusters["existing_it_capacity_mw"] > 0.5).sum()
    unbuilt = artists(figure, "capacity_none")[0]
    assert len(unbuilt.get_offsets()) == (~built).sum()
    drawn = labels(figure)
    assert len(drawn) == len(clusters)
    for name in clusters["name_en"]:
        assert any(label.startswith(map_labels.short_name(name)) for label in drawn), name
    provinces = artists(figure, "provinces")  # the modelled ones, shaded by demand
    assert sum(len(c.get_paths()) for c in provinces) >= layers.provinces["is_mainland"].sum()
    texts = legend_texts(figure)
    assert "Existing IT capacity [MW]" in texts
    assert any(text.endswith(" MW") for text in texts)  # the size legend has units
    colour_bar = figure.axes[1]
    assert "[MW]" in colour_bar.get_ylabel()


def test_capacity_circle_areas_follow_capacity(layers) -> None:
    figure = capacity_map_figure(layers)
    sizes = artists(figure, "capacity_total")[0].get_sizes()
    built = layers.clusters[layers.clusters["total_it_capacity_mw"] > 0.5]
    order = np.argsort(built["total_it_capacity_mw"].to_numpy())
    assert np.all(np.diff(sizes[order]) >= 0)


def label_clashes(figure) -> tuple[list[tuple[str, str]], list[str]]:
    """Return the pairs of site labels whose texts overlap, and the labels outside the map.

    A label's text is measured without its leader line (a label set away from its marker).
    """
    axes = figure.axes[0]
    renderer = figure.canvas.get_renderer()
    texts = artists(figure, "site_label")
    boxes = [Text.get_window_extent(text, renderer) for text in texts]
    overlapping = [
        (texts[i].get_text(), texts[j].get_text())
        for i in range(len(boxes))
        for j in range(i + 1, len(boxes))
        if boxes[i].overlaps(boxes[j])
    ]
    frame = axes.get_window_extent(renderer)
    outside = [
        text.get_text()
        for text, box in zip(texts, boxes, strict=True)
        if box.x0 < frame.x0 or box.x1 > frame.x1 or box.y0 < frame.y0 or box.y1 > frame.y1
    ]
    return overlapping, outside


@pytest.mark.parametrize("lang", ["en", "zh"])
# The grid map labels provinces, not sites (tests/maps/test_grid_map.py).
@pytest.mark.parametrize("kind", [kind for kind in maps.RESULT_MAP_KINDS if kind != "grid"])
def test_site_labels_do_not_overlap_and_stay_inside_the_map(layers, kind, lang) -> None:
    if lang == "zh" and words.cjk_font_family() is None:
        pytest.skip("no CJK font installed (apt-get install fonts-noto-cjk)")
    figure = draw.result_map_figure(layers, kind, lang)
    assert len(artists(figure, "site_label")) == len(layers.clusters)
    assert label_clashes(figure) == ([], [])


SITE_MARKERS = ("capacity_total", "capacity_none", "idle_capacity", "idle_none", "clusters")
"""The gids of the markers drawn at the sites (circles to scale, or small hollow ones)."""


def marker_clashes(figure) -> list[tuple[str, str]]:
    """Return each label (of a site or corridor) and the site marker its text overlaps.

    A site's own marker is not counted: its label sits beside it by construction.
    """
    axes = figure.axes[0]
    renderer = figure.canvas.get_renderer()
    markers = []
    for collection in artists(figure, "site_marker") + [
        artist for gid in SITE_MARKERS for artist in artists(figure, gid)
    ]:
        sizes = np.broadcast_to(collection.get_sizes(), len(collection.get_offsets()))
        for (x, y), size in zip(collection.get_offsets(), sizes, strict=True):
            markers.append(((x, y), map_labels.circle_box(axes, x, y, np.sqrt(size) / 2)))
    clashes = []
    for text in artists(figure, "site_label") + artists(figure, "corridor_label"):
        text.update_positions(renderer)
        box = Text.get_window_extent(text, renderer)  # the text, not its leader line
        own = tuple(text.xy) if text.get_gid() == "site_label" else None
        clashes += [
            (text.get_text(), f"marker at {point}")
            for point, marker in markers
            if marker.overlaps(box) and (own is None or not np.allclose(point, own))
        ]
    return clashes


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("kind", ["capacity", "idle", "flows"])
def test_labels_overlap_no_site_marker(layers, kind, lang) -> None:
    if lang == "zh" and words.cjk_font_family() is None:
        pytest.skip("no CJK font installed (apt-get install fonts-noto-cjk)")
    figure = draw.result_map_figure(layers, kind, lang)
    assert marker_clashes(figure) == []
    if kind == "flows":  # corridor names clear of the site labels too
        renderer = figure.canvas.get_renderer()
        sites = [text.get_window_extent(renderer) for text in artists(figure, "site_label")]
        corridors = [
            Text.get_window_extent(text, renderer) for text in artists(figure, "corridor_label")
        ]
        assert corridors
        assert not [box for box in corridors if any(box.overlaps(site) for site in sites)]


def test_difference_and_catalogue_map_labels_do_not_overlap(
    default_results: Path, tmp_path: Path
) -> None:
    from optimiser.data.catalogue import load_catalogue
    from optimiser.maps.catalogue_map import catalogue_map_figure

    changed = copy_results(default_results, tmp_path / "changed")
    clusters = pd.read_csv(changed / "clusters.csv")
    clusters["total_it_capacity_mw"] *= 1.5  # every site moves: every label says by how much
    clusters.to_csv(changed / "clusters.csv", index=False)
    assert label_clashes(draw.difference_map_figure(default_results, changed)) == ([], [])
    catalogue = catalogue_map_figure(load_catalogue())
    assert artists(catalogue, "site_label")
    assert label_clashes(catalogue) == ([], [])


def green_panel(figure):
    return next(axes for axes in figure.axes if axes.get_gid() == "green_share_panel")


def test_green_map_has_mix_pies_and_a_panel_of_the_three_shares(layers) -> None:
    figure = green_map_figure(layers)
    clusters = layers.clusters
    consuming = clusters[clusters["consumption_mwh"] > 0]
    assert len(artists(figure, "energy_mix")) >= len(consuming)
    panel = green_panel(figure)
    for column, gid in (
        ("green_share_annual", "green_share_annual"),
        ("green_share_hourly", "green_share_hourly"),
        ("green_share_hourly_own_supply", "green_share_own_supply"),
    ):
        bars = [patch for patch in panel.patches if patch.get_gid() == gid]
        assert len(bars) == len(consuming), gid
        # largest consumer first (at the top: the panel's y axis runs downwards)
        order = consuming.sort_values("consumption_mwh", ascending=False)
        widths = [bar.get_width() for bar in sorted(bars, key=lambda bar: bar.get_y())]
        assert widths == pytest.approx(100 * order[column].fillna(0.0).to_numpy())
    values = [text.get_text() for text in panel.texts if text.get_gid() == "green_share_value"]
    assert len(values) == 3 * len(consuming)
    targets = [line for line in panel.lines if line.get_gid() == "green_share_target"]
    assert len(targets) == (consuming["green_share_target"] > 0).sum()
    names = [tick.get_text() for tick in panel.get_yticklabels()]
    assert names == [map_labels.short_name(name) for name in order["name_en"]]
    assert "[%]" in panel.get_xlabel()
    panel_legend = [text.get_text() for text in panel.get_legend().get_texts()]
    assert panel_legend == [
        "Annual, certificates count",
        "24/7 CFE score (grid at its hourly carbon-free share)",
        "CFE score on own supply only",
        "Target",
    ]
    texts = legend_texts(figure)
    assert "UHV corridor import" in texts
    assert "[kgCO2/MWh]" in colour_bar(figure).get_ylabel()
    assert len(labels(figure)) == len(clusters)


def test_green_panel_is_legible_at_print_size_and_overlaps_nothing(layers) -> None:
    from optimiser.maps.green import PANEL_FONT_SIZE

    figure = green_map_figure(layers)
    panel = green_panel(figure)
    renderer = figure.canvas.get_renderer()
    # Printed across an A4 page in landscape (26 cm of paper), the panel's words stay ≥ 6.5 pt.
    figure_width_in = figure.get_tightbbox(renderer).width
    assert PANEL_FONT_SIZE * min(1.0, 26 / 2.54 / figure_width_in) >= 6.5
    texts = [text for text in panel.texts if text.get_visible()]
    texts += list(panel.get_yticklabels())
    boxes = [text.get_window_extent(renderer) for text in texts]
    clashes = [
        (texts[i].get_text(), texts[j].get_text())
        for i in range(len(boxes))
        for j in range(i + 1, len(boxes))
        if boxes[i].overlaps(boxes[j])
    ]
    assert clashes == []
    bars = [patch.get_window_extent(renderer) for patch in panel.patches]
    values = [t for t in panel.texts if t.get_gid() == "green_share_value"]
    assert not any(t.get_window_extent(renderer).overlaps(bar) for t in values for bar in bars)
    # bars of one site do not overlap each other or the next site's
    assert not any(
        bars[i].height > 0 and bars[j].height > 0 and bars[i].overlaps(bars[j])
        for i in range(len(bars))
        for j in range(i + 1, len(bars))
        if bars[i].width > 0 and bars[j].width > 0
    )
    # beside the map, its colour bar and inset, not over them
    right_of_map = max(axes.get_window_extent(renderer).x1 for axes in figure.axes[:-1])
    assert panel.get_tightbbox(renderer).x0 >= right_of_map


def test_green_map_pies_do_not_overlap(layers) -> None:
    from optimiser.maps.green import pie_radii

    figure = green_map_figure(layers)
    pies = {}
    for wedge in artists(figure, "energy_mix"):
        pies[tuple(np.round(wedge.center, 3))] = wedge.r
    centres = list(pies)
    assert len(centres) == (layers.clusters["consumption_mwh"] > 0).sum()
    for i in range(len(centres)):
        for j in range(i + 1, len(centres)):
            distance = np.hypot(*np.subtract(centres[i], centres[j]))
            assert pies[centres[i]] + pies[centres[j]] < distance
    # two sites 200 km apart: the pies shrink to fit; a site consuming nothing has none
    radii = pie_radii(
        np.array([0.0, 200_000.0, 900_000.0]),
        np.zeros(3),
        np.array([100.0, 100.0, 0.0]),
    )
    assert radii[0] + radii[1] <= 0.9 * 200_000.0 + 1.0
    assert radii[0] == pytest.approx(radii[1]) and radii[2] == 0.0


def test_flow_map_line_widths_follow_flows(layers) -> None:
    figure = flow_map_figure(layers)
    corridors = artists(figure, "corridors")[0]
    assert isinstance(corridors, LineCollection)
    used = layers.corridors[layers.corridors["energy_mwh"] > 1e-6]
    widths = np.asarray(corridors.get_linewidths())
    assert len(widths) == len(used)
    order = np.argsort(used["energy_mwh"].to_numpy())
    assert np.all(np.diff(widths[order]) >= 0)
    unused = artists(figure, "corridors_unused")
    assert sum(len(c.get_segments()) for c in unused) == len(layers.corridors) - len(used)
    allocation = layers.allocation
    all_widths, all_energy = [], []
    for workload in ("latency_bound", "flexible"):
        collection = artists(figure, f"allocation_{workload}")[0]
        chosen = allocation[allocation["workload"] == workload]
        assert len(collection.get_segments()) == len(chosen)
        all_widths.extend(collection.get_linewidths())
        all_energy.extend(chosen["it_energy_mwh"])
    order = np.argsort(all_energy)
    assert np.all(np.diff(np.asarray(all_widths)[order]) >= -1e-9)
    styles = {
        w: artists(figure, f"allocation_{w}")[0].get_linestyle()[0][1] is None
        for w in ("latency_bound", "flexible")
    }
    assert styles == {"latency_bound": True, "flexible": False}  # solid vs dashed
    points = artists(figure, "clusters")[0]
    assert isinstance(points, PathCollection)
    assert len(points.get_offsets()) == len(layers.clusters)
    demand = artists(figure, "demand_regions")[0]
    assert len(demand.get_offsets()) == (layers.provinces["demand_mw"] > 0).sum()
    texts = legend_texts(figure)
    assert "Latency-bound demand" in texts and "Flexible demand" in texts
    assert any("TWh/yr" in text for text in texts)


def test_flow_map_names_every_used_corridor_clear_of_the_site_labels(layers) -> None:
    figure = flow_map_figure(layers)
    used = layers.corridors[layers.corridors["energy_mwh"] > 1e-6]
    names = sorted(text.get_text() for text in artists(figure, "corridor_label"))
    assert names == sorted(map_labels.short_name(name, 20) for name in used["name_en"])
    renderer = figure.canvas.get_renderer()
    corridor_boxes = []
    for text in artists(figure, "corridor_label"):
        text.update_positions(renderer)
        # the name's box; its leader line may cross other labels
        corridor_boxes.append(Text.get_window_extent(text, renderer))
    site_boxes = [t.get_window_extent(renderer) for t in artists(figure, "site_label")]
    clashes = [
        (corridor, site)
        for corridor, box in enumerate(corridor_boxes)
        for site, other in enumerate(site_boxes)
        if box.overlaps(other)
    ]
    assert clashes == []
    between = [
        (i, j)
        for i in range(len(corridor_boxes))
        for j in range(i + 1, len(corridor_boxes))
        if corridor_boxes[i].overlaps(corridor_boxes[j])
    ]
    assert between == []


def test_difference_map_shows_only_moved_capacity(default_results: Path, tmp_path: Path) -> None:
    changed = copy_results(default_results, tmp_path / "changed")
    clusters = pd.read_csv(changed / "clusters.csv")
    clusters.loc[clusters["cluster_id"] == "harbin", "total_it_capacity_mw"] += 250.0
    clusters.loc[clusters["cluster_id"] == "horinger", "total_it_capacity_mw"] -= 100.0
    clusters.to_csv(changed / "clusters.csv", index=False)
    figure = draw.difference_map_figure(default_results, changed)
    moved = artists(figure, "capacity_change")[0]
    assert sorted(np.asarray(moved.get_array())) == pytest.approx([-100.0, 250.0])
    unchanged = artists(figure, "capacity_unchanged")[0]
    assert len(unchanged.get_offsets()) == len(clusters) - 2
    assert any("+250 MW" in label for label in labels(figure))
    assert "B − A [MW]" in colour_bar(figure).get_ylabel()
    assert difference_map_figure is not None


def test_chinese_names_with_a_cjk_font(layers) -> None:
    if words.cjk_font_family() is None:
        pytest.skip("no CJK font installed (apt-get install fonts-noto-cjk)")
    language, _ = words.resolve_language("zh")
    figure = draw.result_map_figure(layers, "capacity", "zh")
    drawn = labels(figure)
    assert language == "zh"
    assert all(CHINESE.search(label) for label in drawn)


@pytest.mark.parametrize("kind", ["capacity", "green", "flows"])
def test_south_china_sea_islands_are_drawn_in_an_inset_only(layers, kind) -> None:
    from shapely.geometry import Point

    figure = draw.result_map_figure(layers, kind)
    islands = maps.project_box(maps.SOUTH_CHINA_SEA_ISLANDS).buffer(-1_000.0)  # interior

    def vertices(axes) -> np.ndarray:
        paths = [
            path for c in axes.collections if c.get_gid() != "scale_bar" for path in c.get_paths()
        ]
        return np.concatenate([path.vertices for path in paths])

    main = figure.axes[0]
    provinces = artists(figure, "provinces")
    main_points = np.concatenate([p.vertices for c in provinces for p in c.get_paths()])
    assert not any(islands.contains(Point(x, y)) for x, y in main_points[::5])
    insets = [axes for axes in figure.axes if axes.get_gid() == "south_china_sea_inset"]
    assert len(insets) == 1
    inset = insets[0]
    assert inset.get_title() == "South China Sea Islands"
    assert any(islands.contains(Point(x, y)) for x, y in vertices(inset))
    # beside the map, not over it: the inset's box lies right of the main map's box
    renderer = figure.canvas.get_renderer()
    assert inset.get_window_extent(renderer).x0 >= main.get_window_extent(renderer).x1 - 1


def standard_map_figures(default_results: Path, layers) -> dict:
    """Return every kind of map of China: a plan's four, a comparison's and the catalogue's."""
    from optimiser.data.catalogue import load_catalogue
    from optimiser.maps.catalogue_map import catalogue_map_figure

    return {
        **{kind: lambda kind=kind: draw.result_map_figure(layers, kind) for kind in RESULT_KINDS},
        "difference": lambda: draw.difference_map_figure(default_results, default_results),
        "catalogue": lambda: catalogue_map_figure(load_catalogue()),
    }


RESULT_KINDS = ("capacity", "green", "flows", "idle", "grid")


def inset_of(figure):
    return next(axes for axes in figure.axes if axes.get_gid() == "south_china_sea_inset")


def layer_of(axes, gid: str) -> list:
    return [collection for collection in axes.collections if collection.get_gid() == gid]


def projected_point(longitude: float, latitude: float) -> tuple[float, float]:
    point = gpd.GeoSeries(gpd.points_from_xy([longitude], [latitude]), crs="EPSG:4326")
    projected = china.project(point).iloc[0]
    return projected.x, projected.y


TAIPEI = (121.56, 25.04)
"""A point on Taiwan [°] (longitude, latitude)."""


@pytest.mark.parametrize("kind", [*RESULT_KINDS, "difference", "catalogue"])
def test_every_map_is_a_standard_map_of_china(default_results: Path, layers, kind: str) -> None:
    figure = standard_map_figures(default_results, layers)[kind]()
    main, inset = figure.axes[0], inset_of(figure)
    dashes = china.line_segments(china.project(layers.maritime_boundary).geometry)
    assert len(dashes) == 10
    # The inset holds the whole ten-dash line, vertex for vertex.
    (inset_line,) = layer_of(inset, "ten_dash_line")
    drawn = [path.vertices for path in inset_line.get_paths()]
    assert len(drawn) == 10
    np.testing.assert_allclose(np.concatenate(drawn), np.concatenate(dashes))
    # The main map holds the dashes north of the islands' box (east of Taiwan, west of Luzon).
    (main_line,) = layer_of(main, "ten_dash_line")
    islands = china.project_box(china.SOUTH_CHINA_SEA_ISLANDS)
    north = [dash for dash in dashes if not islands.contains(LineString(dash))]
    assert len(main_line.get_paths()) == len(north) == 3
    # Taiwan is hatched as not modelled, in the map and the inset, and not a province.
    taipei = projected_point(*TAIPEI)
    for axes in (main, inset):
        (outside,) = layer_of(axes, "not_modelled")
        assert outside.get_hatch() == china.NOT_MODELLED_STYLE["hatch"]
        assert any(path.contains_point(taipei) for path in outside.get_paths())
    provinces = [path for c in layer_of(main, "provinces") for path in c.get_paths()]
    assert provinces and not any(path.contains_point(taipei) for path in provinces)
    (legend,) = [child for child in main.get_children() if child.get_gid() == "standard_map_legend"]
    assert [text.get_text() for text in legend.get_texts()] == [
        "Not modelled: Hong Kong, Macau, Taiwan",
        "South China Sea ten-dash line",
    ]
    assert legend.legend_handles[0].get_hatch() == china.NOT_MODELLED_STYLE["hatch"]
    assert not artists(figure, "review_number")  # none given, none printed


def test_hong_kong_and_macau_are_drawn_not_modelled(layers) -> None:
    figure = draw.result_map_figure(layers, "capacity")
    outside = layers.provinces[~layers.provinces["is_mainland"]]
    assert sorted(outside["province_id"]) == ["hong_kong", "macau", "taiwan"]
    (drawn,) = layer_of(figure.axes[0], "not_modelled")
    paths = drawn.get_paths()
    for point in china.project(outside).geometry.representative_point():
        assert any(path.contains_point((point.x, point.y)) for path in paths)


def test_labels_keep_clear_of_the_ten_dash_line(layers) -> None:
    from optimiser.maps.labels import label_sites

    figure = draw.result_map_figure(layers, "capacity")
    axes = figure.axes[0]
    renderer = figure.canvas.get_renderer()
    dash_boxes = china.line_boxes(axes, "ten_dash_line")
    labels_drawn = artists(figure, "site_label")
    assert not [
        text.get_text()
        for text in labels_drawn
        if any(text.get_window_extent(renderer).overlaps(box) for box in dash_boxes)
    ]
    # A site on a dash: its label goes elsewhere.
    dash = np.asarray(china.line_segments(china.project(layers.maritime_boundary).geometry)[0])
    site = gpd.GeoDataFrame(
        {"name_en": ["On the line"]}, geometry=gpd.points_from_xy([dash[-1, 0]], [dash[-1, 1]])
    )
    label_sites(axes, site)
    placed = artists(figure, "site_label")[-1]
    assert placed.get_text() == "On the line"
    assert not any(placed.get_window_extent(renderer).overlaps(box) for box in dash_boxes)


REVIEW_NUMBER = "GS(2024)1234号"


def with_review_number(folder: Path, target: Path, review_number: str) -> Path:
    """Copy a results folder as if solved with ``--set maps.review_number=...``."""
    import yaml

    copy = copy_results(folder, target)
    path = copy / "inputs" / "scenario.yaml"
    dump = yaml.safe_load(path.read_text(encoding="utf-8"))
    dump["settings"]["maps"] = {"review_number": review_number}
    path.write_text(yaml.safe_dump(dump, allow_unicode=True), encoding="utf-8")
    return copy


def review_texts(figure) -> list[str]:
    return [text.get_text() for text in artists(figure, "review_number")]


def test_the_runs_review_number_is_printed_on_every_map(
    default_results: Path, tmp_path: Path
) -> None:
    reviewed = with_review_number(default_results, tmp_path / "reviewed", REVIEW_NUMBER)
    layers = load_result_layers(reviewed)
    assert layers.review_number == REVIEW_NUMBER
    for kind in RESULT_KINDS:
        figure = draw.result_map_figure(layers, kind)
        assert review_texts(figure) == [f"Map review number: {REVIEW_NUMBER}"], kind
        plt.close(figure)
    assert review_texts(draw.difference_map_figure(reviewed, default_results)) == [
        f"Map review number: {REVIEW_NUMBER}"
    ]
    assert review_texts(draw.difference_map_figure(default_results, reviewed)) == []  # A's base map


def test_the_review_number_is_labelled_in_chinese(layers, monkeypatch) -> None:
    import dataclasses

    monkeypatch.setattr(words, "cjk_font_family", lambda: "DejaVu Sans")
    reviewed = dataclasses.replace(layers, review_number=REVIEW_NUMBER)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # missing glyphs of the stand-in font
        figure = draw.result_map_figure(reviewed, "flows", "zh")
    assert review_texts(figure) == [f"审图号：{REVIEW_NUMBER}"]


def test_a_review_number_given_to_the_map_command_replaces_the_runs(
    default_results: Path, tmp_path: Path
) -> None:
    from optimiser.errors import InputError

    reviewed = with_review_number(default_results, tmp_path / "reviewed", "GS(2023)1号")
    (written,) = draw.draw_result_maps(
        reviewed, ["idle"], fmt="svg", overwrite=True, review_number=REVIEW_NUMBER
    )
    svg = written.read_text(encoding="utf-8")
    assert 'id="review_number"' in svg
    # SVG keeps each text as a comment beside its glyphs.
    assert REVIEW_NUMBER in svg and "GS(2023)1号" not in svg
    with pytest.raises(InputError, match=r"--review-number.*give the number alone"):
        draw.draw_result_maps(reviewed, ["idle"], review_number=f"审图号：{REVIEW_NUMBER}")


def chinese_texts(figure) -> list[str]:
    """Return every line of a map's words, having checked that none is left in English."""
    from optimiser.maps.words import CHINESE as PHRASES
    from optimiser.words import figure_texts

    texts = [text.get_text() for text in figure_texts(figure) if text.get_text()]
    lines = [line for text in texts for line in text.split("\n")]
    assert not [line for line in lines if line in PHRASES], "English left untranslated"
    assert not [line for line in lines if "/yr" in line or "bn CNY" in line or " idle" in line]
    assert CHINESE.search(figure.axes[0].get_title())
    assert "南海诸岛" in texts
    legends = [text for text in legend_texts(figure) if text]
    assert legends and all(CHINESE.search(text) or re.search(r"\d", text) for text in legends)
    assert all(CHINESE.search(label) for label in labels(figure))  # site names too
    return lines


@pytest.fixture
def stand_in_cjk_font(monkeypatch) -> Iterator[None]:
    """Any installed font stands in for a CJK one: what is checked is the text, not glyphs."""
    monkeypatch.setattr(words, "cjk_font_family", lambda: "DejaVu Sans")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # missing glyphs of the stand-in font
        yield


CHINESE_TITLES = {
    "capacity": "各站点IT容量与各省算力需求",
    "green": "绿色电力：各站点供电结构与绿电占比",
    "flows": "流向：特高压通道使用与算力需求分配",
    "idle": "各站点闲置IT容量（已建容量 − 年均IT负荷）",
    "grid": "数据中心电网购电峰值占各省接入裕度比例",
}


@pytest.mark.parametrize("kind", maps.RESULT_MAP_KINDS)
def test_chinese_maps_put_titles_legends_and_units_in_chinese(
    layers, stand_in_cjk_font, kind
) -> None:
    figure = draw.result_map_figure(layers, kind, "zh")
    lines = chinese_texts(figure)
    assert CHINESE_TITLES[kind] in lines
    english = draw.result_map_figure(layers, kind, "en")
    assert not CHINESE.search(english.axes[0].get_title())


def test_chinese_idle_map_gives_costs_in_yi_yuan(layers, stand_in_cjk_font) -> None:
    figure = draw.result_map_figure(layers, "idle", "zh")
    assert colour_bar(figure).get_ylabel() == "闲置容量占已建IT容量比例 [%]"
    english = draw.result_map_figure(layers, "idle", "en")
    pairs = zip(labels(english), labels(figure), strict=True)
    costs = [(en, zh) for en, zh in pairs if "bn CNY/yr" in en]
    assert costs
    for en, zh in costs:  # 1 亿元 = 0.1 bn CNY, so the amount is ten times larger
        billions = float(re.search(r"([\d,.]+) bn CNY/yr", en).group(1).replace(",", ""))
        yi = float(re.search(r"([\d,.]+) 亿元/年", zh).group(1).replace(",", ""))
        assert yi == pytest.approx(10 * billions, abs=0.5)
        assert "MW 闲置" in zh


def test_chinese_difference_map(default_results: Path, tmp_path: Path, stand_in_cjk_font) -> None:
    changed = copy_results(default_results, tmp_path / "changed")
    clusters = pd.read_csv(changed / "clusters.csv")
    clusters.loc[clusters["cluster_id"] == "harbin", "total_it_capacity_mw"] += 250.0
    clusters.to_csv(changed / "clusters.csv", index=False)
    figure = draw.difference_map_figure(default_results, changed, "zh")
    lines = chinese_texts(figure)
    assert "各站点IT容量变化：B − A [MW]" in lines
    assert colour_bar(figure).get_ylabel() == "IT总容量变化，B − A [MW]"
    assert any("+250 MW" in label for label in labels(figure))


def test_chinese_without_a_font_is_refused(layers, default_results: Path, monkeypatch) -> None:
    from optimiser.errors import InputError

    monkeypatch.setattr(words, "cjk_font_family", lambda: None)
    for draw_map in (
        lambda: draw.result_map_figure(layers, "flows", "zh"),
        lambda: draw.difference_map_figure(default_results, default_results, "zh"),
    ):
        with pytest.raises(InputError, match=r"no font with Chinese glyphs.*fonts-noto-cjk"):
            draw_map()


def test_map_command_without_a_font_writes_no_chinese_file(
    default_results: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(words, "cjk_font_family", lambda: None)
    copy = copy_results(default_results, tmp_path / "copy")
    before = sorted((copy / "maps").glob("*")) if (copy / "maps").exists() else []
    outcome = CliRunner().invoke(app, ["map", str(copy), "--lang", "zh"])
    assert outcome.exit_code == 2, outcome.output
    (line,) = [line for line in outcome.output.splitlines() if line.strip()]
    assert "no font with Chinese glyphs" in line and "apt-get install fonts-noto-cjk" in line
    assert "Traceback" not in outcome.output
    after = sorted((copy / "maps").glob("*")) if (copy / "maps").exists() else []
    assert after == before
    assert not list(copy.rglob("*-zh.*"))


def test_geopackage_matches_clusters_csv(default_results: Path) -> None:
    clusters = pd.read_csv(default_results / "clusters.csv")
    for layer in GEOPACKAGE_LAYERS:
        assert len(gpd.read_file(default_results / "plan.gpkg", layer=layer)) > 0
    stored = gpd.read_file(default_results / "plan.gpkg", layer="clusters")
    assert stored.crs.to_epsg() == 4326
    assert list(stored["cluster_id"]) == list(clusters["cluster_id"])
    for column in clusters.columns:
        if pd.api.types.is_numeric_dtype(clusters[column]):
            np.testing.assert_allclose(
                stored[column].to_numpy(dtype=float),
                clusters[column].to_numpy(dtype=float),
                err_msg=column,
            )
        else:
            assert list(stored[column]) == list(clusters[column]), column
    corridors = gpd.read_file(default_results / "plan.gpkg", layer="corridors")
    assert set(corridors.geom_type) == {"LineString"}
    np.testing.assert_allclose(
        corridors["energy_mwh"], pd.read_csv(default_results / "corridors.csv")["energy_mwh"]
    )
    allocation = gpd.read_file(default_results / "plan.gpkg", layer="allocation")
    assert allocation["it_energy_mwh"].sum() == pytest.approx(
        pd.read_csv(default_results / "allocation.csv")["it_energy_mwh"].sum()
    )
    provinces = gpd.read_file(default_results / "plan.gpkg", layer="provinces")
    assert {"demand_mw", "served_load_mw", "grid_emissions_kgco2_per_mwh"} <= set(provinces)
    mainland = provinces.dropna(subset=["demand_mw"])
    np.testing.assert_allclose(mainland["served_load_mw"], mainland["demand_mw"], rtol=1e-6)


@pytest.mark.slow  # 4 s: with the long tests, to keep the default run within 5 minutes
def test_map_command_draws_from_the_folder_alone(default_results: Path, tmp_path: Path) -> None:
    copy = copy_results(default_results, tmp_path / "copy")
    runner = CliRunner()
    outcome = runner.invoke(app, ["map", str(copy), "--kind", "flows", "--format", "svg"])
    assert outcome.exit_code == 0, outcome.output
    assert (copy / "maps" / "flows.svg").stat().st_size > 0
    again = runner.invoke(app, ["map", str(copy), "--kind", "flows", "--format", "svg"])
    assert again.exit_code == 2
    assert "already exists" in again.output
    forced = runner.invoke(
        app, ["map", str(copy), "--kind", "flows", "--format", "svg", "--overwrite"]
    )
    assert forced.exit_code == 0, forced.output
    if words.cjk_font_family() is not None:
        chinese = runner.invoke(app, ["map", str(copy), "--kind", "capacity", "--lang", "zh"])
        assert chinese.exit_code == 0, chinese.output
        assert (copy / "maps" / "capacity-zh.png").stat().st_size > 0


@pytest.mark.parametrize("options", [["--kind", "rainfall"], ["--format", "gif"], ["--lang", "fr"]])
def test_map_command_rejects_bad_options(default_results: Path, options: list[str]) -> None:
    outcome = CliRunner().invoke(app, ["map", str(default_results), *options])
    assert outcome.exit_code == 2
    assert "error" in outcome.output


def test_map_command_rejects_a_folder_that_is_not_results(tmp_path: Path) -> None:
    outcome = CliRunner().invoke(app, ["map", str(tmp_path)])
    assert outcome.exit_code == 2
    assert "not a results directory" in outcome.output
