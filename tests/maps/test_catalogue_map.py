"""The catalogue map (`dcsite regions --map`): what was drawn, not pixels."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pytest
from matplotlib.legend import Legend

from optimiser.data.catalogue import load_catalogue
from optimiser.errors import OutputError
from optimiser.maps.catalogue_map import catalogue_map_figure, draw_catalogue_map


@pytest.fixture(scope="module")
def figure():
    drawn = catalogue_map_figure(load_catalogue())
    yield drawn
    plt.close(drawn)


def layer(figure, gid: str) -> list:
    return [artist for artist in figure.axes[0].get_children() if artist.get_gid() == gid]


def test_every_site_is_drawn_once_coloured_by_role(figure) -> None:
    catalogue = load_catalogue()
    points = sum(len(collection.get_offsets()) for collection in layer(figure, "clusters"))
    assert points == len(catalogue.clusters)
    labels = {text.get_text().removesuffix("…") for text in layer(figure, "site_label")}
    # Long names are shortened with an ellipsis; every site is labelled.
    assert len(labels) == len(catalogue.clusters)
    assert all(
        any(name.startswith(label) for name in catalogue.clusters["name_en"]) for label in labels
    )


def test_every_corridor_and_province_is_drawn(figure) -> None:
    catalogue = load_catalogue()
    segments = sum(len(collection.get_segments()) for collection in layer(figure, "corridors"))
    assert segments == len(catalogue.corridors)
    polygons = layer(figure, "provinces")
    assert polygons and sum(len(collection.get_paths()) for collection in polygons) >= 31
    (outside,) = layer(figure, "not_modelled")  # Hong Kong, Macau and Taiwan
    assert len(outside.get_paths()) >= 3


def test_legend_names_roles_and_corridor_status(figure) -> None:
    texts = {
        text.get_text() for legend in figure.axes[0].findobj(Legend) for text in legend.get_texts()
    }
    assert {
        "East hub cluster (demand)",
        "West hub cluster (supply)",
        "Non-hub candidate site",
        "UHV corridor, in service",
        "UHV corridor, planned",
    } <= texts
    assert {"500 MW", "2,000 MW", "5,000 MW"} <= texts
    assert "candidate sites" in figure.axes[0].get_title()


def test_map_file_is_written_and_never_overwritten_silently(tmp_path: Path) -> None:
    path = tmp_path / "sites.svg"
    draw_catalogue_map(load_catalogue(), path)
    assert path.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    with pytest.raises(OutputError, match="already exists"):
        draw_catalogue_map(load_catalogue(), path)
    with pytest.raises(OutputError, match=r"\.png, \.svg or \.pdf"):
        draw_catalogue_map(load_catalogue(), tmp_path / "sites.gif")


def test_a_review_number_is_printed_only_when_given(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from optimiser.cli import app

    def printed(drawn) -> list[str]:
        return [text.get_text() for text in layer(drawn, "review_number")]

    assert printed(catalogue_map_figure(load_catalogue())) == []
    reviewed = catalogue_map_figure(load_catalogue(), "GS(2024)1234号")
    assert printed(reviewed) == ["Map review number: GS(2024)1234号"]
    plt.close("all")
    outcome = CliRunner().invoke(
        app, ["regions", "--map", str(tmp_path / "sites.png"), "--review-number", "审图号 GS(1)"]
    )
    assert outcome.exit_code == 2
    assert outcome.output.strip().splitlines()[-1].startswith("error: --review-number:")
    assert not (tmp_path / "sites.png").exists()
