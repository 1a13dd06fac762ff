"""Tests of report.html: self-contained, complete, and rendered by a real browser."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from optimiser.errors import OutputError
from optimiser.report import write_report
from tests.browser import render_in_chromium
from tests.solved_results import copy_results, default_results_folder


@pytest.fixture(scope="module")
def folder() -> Path:
    return default_results_folder()


@pytest.fixture(scope="module")
def page(folder: Path) -> str:
    return (folder / "report.html").read_text(encoding="utf-8")


def test_report_is_self_contained(page: str) -> None:
    sources = re.findall(r'(?:src|href)="([^"]*)"', page)
    assert sources, "no images found"
    assert all(source.startswith("data:image/png;base64,") for source in sources)
    assert "<script" not in page
    assert "<link" not in page
    assert not re.search(r"url\(", page)


def test_report_has_every_section(folder: Path, page: str) -> None:
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    for section in ("scenario", "headline", "audit", "maps", "sites", "corridors", "dispatch"):
        assert f'id="{section}"' in page, section
    for kind in ("capacity", "green", "flows"):
        assert f'id="map-{kind}"' in page
    assert f'id="audit-status">{summary["audit"]["status"]}<' in page
    assert summary["scenario"] in page
    for site in pd.read_csv(folder / "clusters.csv")["cluster_id"]:
        assert f">{site}<" in page
    for corridor in pd.read_csv(folder / "corridors.csv")["corridor_id"]:
        assert f">{corridor}<" in page
    assert 'id="overrides">none<' in page


def test_report_charts_the_chosen_site_and_refuses_to_overwrite(
    folder: Path, tmp_path: Path
) -> None:
    copy = copy_results(folder, tmp_path / "copy")
    with pytest.raises(OutputError, match="already exists"):
        write_report(copy)
    path = write_report(copy, cluster="karamay", overwrite=True)
    assert "Hourly dispatch at karamay" in path.read_text(encoding="utf-8")


def test_report_without_maps_says_so(folder: Path, tmp_path: Path) -> None:
    copy = copy_results(folder, tmp_path / "copy")
    shutil.rmtree(copy / "maps")
    text = write_report(copy, overwrite=True).read_text(encoding="utf-8")
    assert "No maps were drawn" in text
    assert 'id="dispatch-chart"' in text


def test_report_renders_in_headless_chromium(folder: Path, tmp_path: Path) -> None:
    shown = render_in_chromium(
        folder / "report.html", tmp_path / "profile", "#sites + table tbody tr"
    )
    assert shown["errors"] == []
    assert shown["title"].startswith("dcsite report")
    assert {image["id"] for image in shown["images"]} == {
        "map-capacity",
        "map-green",
        "map-flows",
        "dispatch-chart",
    }
    images = shown["images"]
    assert all(image["complete"] and image["width"] > 0 for image in images), images
    assert shown["rows"] == len(pd.read_csv(folder / "clusters.csv"))
