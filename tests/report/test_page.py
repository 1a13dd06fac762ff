"""Tests of report.html: self-contained, complete, and rendered by a real browser."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from optimiser.data.timeseries import average_day, full_year, monthly_days
from optimiser.errors import OutputError
from optimiser.pipeline import run_scenario
from optimiser.report import write_report
from optimiser.report.charts import MONTHS, time_axis
from optimiser.report.common import STYLE, column_digits, number_text
from optimiser.report.overview import overview_table
from optimiser.report.page import model_display
from optimiser.results.folder import write_results
from tests.browser import render_in_chromium
from tests.chinese import english_runs, shown_text
from tests.solved_results import copy_results
from tests.tiny import tiny_catalogue, tiny_scenario, tiny_tables


@pytest.fixture(scope="module")
def page(default_results: Path) -> str:
    return (default_results / "report.html").read_text(encoding="utf-8")


def test_report_is_self_contained(page: str) -> None:
    sources = re.findall(r'(?:src|href)="([^"]*)"', page)
    assert sources, "no images found"
    assert all(source.startswith("data:image/png;base64,") for source in sources)
    assert "<script" not in page
    assert "<link" not in page
    assert not re.search(r"url\(", page)


def test_report_has_every_section(default_results: Path, page: str) -> None:
    summary = json.loads((default_results / "summary.json").read_text(encoding="utf-8"))
    for section in (
        "scenario",
        "headline",
        "costs",
        "compliance",
        "audit",
        "maps",
        "sites",
        "corridors",
        "grid",
        "dispatch",
        "dispatch-all",
    ):
        assert f'id="{section}"' in page, section
    for kind in ("capacity", "green", "flows"):
        assert f'id="map-{kind}"' in page
    assert f'id="audit-status">{summary["audit"]["status"]}<' in page
    assert summary["scenario"] in page
    for site in pd.read_csv(default_results / "clusters.csv")["cluster_id"]:
        assert f">{site}<" in page
    names = pd.read_csv(default_results / "inputs" / "corridors.csv", index_col="corridor_id")
    for corridor in pd.read_csv(default_results / "corridors.csv")["corridor_id"]:
        assert f">{names.loc[corridor, 'name_en']}<" in page  # corridors by name, not id
    assert 'id="overrides">none<' in page


def test_report_charts_the_chosen_site_and_refuses_to_overwrite(
    default_results: Path, tmp_path: Path
) -> None:
    copy = copy_results(default_results, tmp_path / "copy")
    with pytest.raises(OutputError, match="already exists"):
        write_report(copy)
    path = write_report(copy, cluster="karamay", overwrite=True)
    assert "Hourly dispatch at Karamay (karamay)" in path.read_text(encoding="utf-8")


def test_report_without_maps_says_so(default_results: Path, tmp_path: Path) -> None:
    copy = copy_results(default_results, tmp_path / "copy")
    shutil.rmtree(copy / "maps")
    text = write_report(copy, overwrite=True).read_text(encoding="utf-8")
    assert "No maps were drawn" in text
    assert 'id="dispatch-chart"' in text


def test_report_renders_in_headless_chromium(default_results: Path, tmp_path: Path) -> None:
    shown = render_in_chromium(
        default_results / "report.html", tmp_path / "profile", "#sites + table tbody tr"
    )
    assert shown["errors"] == []
    assert shown["title"].startswith("dcsite report")
    assert {image["id"] for image in shown["images"]} == {
        "map-capacity",
        "map-green",
        "map-flows",
        "map-idle",
        "map-grid",
        "dispatch-chart",
        "dispatch-sites",
    }
    images = shown["images"]
    assert all(image["complete"] and image["width"] > 0 for image in images), images
    assert shown["rows"] == len(pd.read_csv(default_results / "clusters.csv"))


def test_report_fits_a_1280_px_window(default_results: Path, tmp_path: Path) -> None:
    shown = render_in_chromium(
        default_results / "report.html", tmp_path / "profile", "#sites + table tbody tr", 1280
    )
    assert shown["wider"] == [], shown["wider"]
    assert shown["scroll_width"] <= 1280


def _cells(page: str, table_id: str) -> list[list[str]]:
    table = re.search(rf'<table id="{table_id}">(.*?)</table>', page, re.DOTALL)
    assert table is not None, table_id
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table.group(1), re.DOTALL)
    return [
        [html.unescape(cell) for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row)]
        for row in rows
    ]


def test_report_headline_cards_show_every_share_in_summary(
    default_results: Path, tmp_path: Path
) -> None:
    copy = copy_results(default_results, tmp_path / "copy")
    summary = json.loads((copy / "summary.json").read_text(encoding="utf-8"))
    summary["green_share_physical_matched"] = 0.4567  # a measure added after this report
    summary["western_region_share_of_new_capacity"] = 0.912
    summary["idle_share_of_it_capacity"] = 0.05
    summary["idle_it_capacity_mw"] = 123.0  # a capacity, not a share: no share card
    (copy / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    page = write_report(copy, overwrite=True).read_text(encoding="utf-8")
    cards = dict(
        re.findall(
            r'<div class="card" id="card-([^"]+)">.*?<span class="value">([^<]*)</span>', page
        )
    )
    assert cards["cost"] == f"{summary['objective_cny_per_year'] / 1e9:,.2f} bn CNY/yr"
    assert cards["west-hub-share-of-new-capacity"] == (
        f"{100 * summary['west_hub_share_of_new_capacity']:.1f} %"
    )
    assert cards["green-share-annual"] == f"{100 * summary['green_share_annual']:.1f} %"
    assert cards["green-share-hourly"] == f"{100 * summary['green_share_hourly']:.1f} %"
    assert cards["green-share-physical-matched"] == "45.7 %"
    assert cards["western-region-share-of-new-capacity"] == "91.2 %"
    assert cards["idle-share-of-it-capacity"] == "5.0 %"
    assert "idle-it-capacity-mw" not in cards
    assert "Share of new IT in the western region" in page
    assert "MtCO2/yr" in cards["emissions"]
    # Every part of the cost, largest first, in bn CNY/yr.
    bars = re.findall(r'data-part="([^"]+)"', page)
    breakdown = summary["cost_breakdown_cny_per_year"]
    assert sorted(bars) == sorted(breakdown)
    assert bars[0] == max(breakdown, key=breakdown.get)
    assert f"{breakdown['it_capex'] / 1e9:,.2f} bn CNY/yr" in page


def test_report_compliance_table_checks_every_targeted_site(
    default_results: Path, page: str
) -> None:
    clusters = pd.read_csv(default_results / "clusters.csv")
    targeted = clusters[clusters["green_share_target"] > 0]
    rows = _cells(page, "compliance-table")
    header, body = rows[0], rows[1:]
    assert len(body) == len(targeted)
    assert "Meets the annual target" in header
    assert "Shadow price [CNY/MWh]" in header
    for row, record in zip(body, targeted.to_dict("records"), strict=True):
        annual = row[header.index("Green, annual, certificates count [%]")]
        assert annual.startswith(f"{100 * record['green_share_annual']:.1f}")
        verdict = row[header.index("Meets the annual target")]
        passes = record["green_share_annual"] >= record["green_share_target"] - 1e-6
        assert verdict == ("pass" if passes else "fail")
        price = row[header.index("Shadow price [CNY/MWh]")]
        assert price == f"{record['green_target_shadow_price_cny_per_mwh']:,.1f}"


def test_report_names_sites_and_the_model_without_an_installation_path(
    default_results: Path, page: str
) -> None:
    sites = pd.read_csv(default_results / "inputs" / "sites.csv")
    for record in sites.to_dict("records"):
        assert f">{html.escape(record['name_en'])}<" in page
        assert f">{record['name_zh']}<" in page
    model = re.search(r'<dd id="model">([^<]*)</dd>', page)
    assert model is not None
    assert model.group(1) == "national-2025 (built-in model, models/national-2025.yaml)"
    assert "site-packages" not in page
    assert str(Path.cwd()) not in model.group(1)


def test_model_from_elsewhere_is_shown_relative(default_results: Path, tmp_path: Path) -> None:
    summary = {"model": "mine", "model_path": str(Path.cwd() / "studies" / "mine.yaml")}
    assert model_display(summary, default_results) == f"mine ({Path('studies') / 'mine.yaml'})"
    summary["model_path"] = str(tmp_path / "mine.yaml")
    shown = model_display(summary, tmp_path / "results" / "run")
    assert shown == f"mine ({Path('..') / '..' / 'mine.yaml'})"


def test_dispatch_axis_maps_hours_to_months() -> None:
    monthly = time_axis(monthly_days().hours)
    assert monthly.labels == list(MONTHS)
    assert len(monthly.boundaries) == 11
    assert monthly.ticks[0] == 12.0
    year = time_axis(full_year().hours)
    assert year.labels == list(MONTHS)
    assert year.boundaries[0] == 31 * 24
    assert time_axis(average_day().hours).labels == ["average day"]
    days = pd.DataFrame({"period": [0] * 24 + [1] * 24, "weight_h": [100.0] * 24 + [265.0] * 24})
    assert time_axis(days).labels == ["100 d", "265 d"]


def test_the_report_leads_with_the_full_year_verdict(default_results: Path, tmp_path: Path) -> None:
    # The default solve checks its plan over the full year: it holds, and the page says so
    # before anything else.
    page = (default_results / "report.html").read_text(encoding="utf-8")
    assert page.index('id="verdict"') < page.index('id="headline"')
    assert '<p class="verdict holds" id="verdict"><strong>Holds over the full year' in page
    summary = json.loads((default_results / "summary.json").read_text(encoding="utf-8"))
    assert summary["holds_over_full_year"] is True
    # Without the check, the report says the plan was not checked.
    unchecked = copy_results(default_results, tmp_path / "unchecked")
    shutil.rmtree(unchecked / "validation")
    write_report(unchecked, overwrite=True)
    text = (unchecked / "report.html").read_text(encoding="utf-8")
    assert "Not checked over the full year." in text


def _binds(page: str) -> list[tuple[str, str, str, str, str]]:
    """Return the rows of the report's "What binds" table: limit, where, planned, limit, worth."""
    rows = _cells(page, "binds-table")
    assert rows[0] == ["Limit", "Where", "Planned", "Limit", "Worth of one more unit"]
    return [(row[0], row[1], row[2], row[3], row[4]) for row in rows[1:]]


def test_what_binds_names_the_limits_the_tiny_plan_runs_into(tmp_path: Path) -> None:
    # The tiny plan fills West C to its 100 MW maximum (50 MW of load at utilisation 0.5);
    # East A and West B stay far below their 1,000 MW. A 50 % annual target at the two hub
    # sites is met with certificates at 50 CNY/MWh: it binds at that price.
    result = run_scenario(tiny_catalogue(), tiny_scenario(policy={"green_share_target": 0.5}))
    folder = write_results(result, tmp_path / "run")
    page = write_report(folder).read_text(encoding="utf-8")
    assert page.index('id="binds"') < page.index('id="compliance"')
    rows = _binds(page)
    sites = [row for row in rows if row[0] == "IT capacity at its maximum"]
    assert sites == [("IT capacity at its maximum", "West C", "100 MW", "100 MW", "–")]
    targets = [row for row in rows if row[0].startswith("Green target")]
    assert sorted(row[1] for row in targets) == ["East A", "West B"]
    for row in targets:
        assert row[2:] == ("50.0 %", "50.0 %", "50.0 CNY/MWh")
    assert len(rows) == len(sites) + len(targets)  # no corridor (none open), no grid limit
    assert "East A" not in {row[1] for row in sites}


def test_what_binds_shows_a_binding_grid_headroom_and_leaves_out_what_has_room(
    tmp_path: Path,
) -> None:
    # Far land peaks at 300 MW, its headroom 10 % of that: West C buys 30 MW from the grid,
    # the headroom binds, and West C's IT capacity (60 MW) no longer reaches its maximum.
    tables = tiny_tables()
    tables["grid_peak_load"] = pd.DataFrame(
        {"year": [2025], "peak_load_mw": [300.0]},
        index=pd.Index(["far_land"], name="province_id"),
    )
    tables["parameters"]["grid_headroom_share_of_peak_load"] = 0.1
    result = run_scenario(tiny_catalogue(tables), tiny_scenario())
    folder = write_results(result, tmp_path / "run")
    page = write_report(folder).read_text(encoding="utf-8")
    assert _binds(page) == [
        ("Grid headroom", "Far land", "30 MW peak grid draw", "30 MW", "–"),
    ]
    # Without a limit that binds, the section says so.
    clusters = pd.read_csv(folder / "clusters.csv")
    clusters["max_it_capacity_mw"] = 1000.0
    clusters.to_csv(folder / "clusters.csv", index=False)
    grid = pd.read_csv(folder / "grid.csv")
    grid["headroom_binds"] = False
    grid.to_csv(folder / "grid.csv", index=False)
    page = write_report(folder, overwrite=True).read_text(encoding="utf-8")
    assert 'id="binds-none"' in page and 'id="binds-table"' not in page


def test_siting_cost_is_the_cost_less_the_servers(default_results: Path, page: str) -> None:
    summary = json.loads((default_results / "summary.json").read_text(encoding="utf-8"))
    servers = summary["cost_breakdown_cny_per_year"]["it_servers"]
    assert servers > 0.5 * summary["objective_cny_per_year"]  # most of the cost
    assert summary["siting_cost_cny_per_year"] == pytest.approx(
        summary["objective_cny_per_year"] - servers, rel=1e-12
    )
    card = re.search(r'id="card-siting-cost">.*?<span class="value">([^<]*)</span>', page)
    assert card is not None
    assert card.group(1).startswith(f"{summary['siting_cost_cny_per_year'] / 1e9:,.2f} bn CNY/yr")
    assert page.index('id="card-cost"') < page.index('id="card-siting-cost"')


def test_sites_table_has_the_maximum_capacity(default_results: Path, page: str) -> None:
    rows = _sites(page)
    header, body = rows[0], rows[1:]
    clusters = pd.read_csv(default_results / "clusters.csv")
    column = header.index("Max IT [MW]")
    assert [row[column] for row in body] == [
        f"{value:,.0f}" for value in clusters["max_it_capacity_mw"]
    ]


def _sites(page: str) -> list[list[str]]:
    table = re.search(r'id="sites">.*?<table>(.*?)</table>', page, re.DOTALL)
    assert table is not None
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table.group(1), re.DOTALL)
    return [
        [html.unescape(cell) for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row)]
        for row in rows
    ]


def test_numbers_never_show_float_noise_and_headers_never_break_inside_words() -> None:
    assert number_text(2.22e-14, 2) == "0.00"
    assert number_text(-1e-9) == "0"
    assert number_text(-0.004, 2, sign=True) == "0.00"
    assert number_text(0.0123, 1, 0.01, sign=True) == "+1.2"
    assert number_text(float("nan")) == "–"
    assert column_digits([2e9, 3.5e9]) == 0
    assert column_digits([286.67, 2.2e-14]) == 1
    assert column_digits([5, 6]) == 0
    assert "th { overflow-wrap: normal; word-break: keep-all; hyphens: manual; }" in STYLE
    table = overview_table(pd.DataFrame({"Cost [bn CNY/yr]": [286.67, 2.22e-14]}))
    assert "e-" not in table and ">0.0<" in table


def test_an_hourly_target_is_judged_on_the_cfe_score_not_the_worst_hour(tmp_path: Path) -> None:
    from tests.lp.test_rules import day_pattern

    # East A's sun shines 06:00-18:00 only, with no storage: a 40 % CFE score is met by day
    # while every night hour is 0 % green. The score is the target; the worst hour is not.
    tables = tiny_tables()
    tables["solar_capacity_factor"]["east_a"] = day_pattern([0.0] * 6 + [1.0] * 12 + [0.0] * 6)
    tables["clusters"].loc["east_a", "max_solar_mw"] = 1000.0
    tables["parameters"]["solar_capex_cny_per_mw"] = 2e8  # built only for the target
    policy = {"green_share_target": 0.4, "green_accounting": "hourly"}
    result = run_scenario(tiny_catalogue(tables), tiny_scenario(policy=policy))
    folder = write_results(result, tmp_path / "plan")
    page = write_report(folder).read_text(encoding="utf-8")
    east = result.clusters.set_index("cluster_id").loc["east_a"]
    assert east["green_share_hourly"] == pytest.approx(0.4, abs=1e-6)
    assert east["min_hourly_green_share"] == pytest.approx(0.0, abs=1e-9)
    rows = _cells(page, "compliance-table")
    header, body = rows[0], rows[1:]
    east_row = next(row for row in body if row[0] == "East A")
    assert east_row[header.index("Meets the hourly target")] == "pass"
    # What binds shows the score the target is set on.
    binds = _cells(page, "binds-table")
    target_row = next(
        row for row in binds if row[0] == "Green target (hourly)" and row[1] == "East A"
    )
    assert target_row[2] == "40.0 %"


# The report in Chinese (--lang zh) -----------------------------------------------------------


def test_chinese_report_has_chinese_words_and_amounts_in_yi_yuan(
    default_results: Path, tmp_path: Path
) -> None:
    copy = copy_results(default_results, tmp_path / "copy")
    english = (copy / "report.html").read_text(encoding="utf-8")
    path = write_report(copy, lang="zh")
    assert path.name == "report-zh.html"
    assert (copy / "report.html").read_text(encoding="utf-8") == english  # left as it was
    text = path.read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in text
    headings = re.findall(r"<h2[^>]*>([^<]*)</h2>", text)
    assert "主要指标" in headings and "年度成本构成" in headings and "特高压通道" in headings
    assert not [heading for heading in headings if re.fullmatch(r"[A-Za-z ,:]+", heading)]
    words = re.sub(r'src="data:[^"]*"', "", text)
    assert "bn CNY" not in words and "/yr" not in words
    summary = json.loads((copy / "summary.json").read_text(encoding="utf-8"))
    yi = 10 * summary["objective_cny_per_year"] / 1e9  # 1 亿元 = 0.1 bn CNY
    assert f"{yi:,.1f} 亿元/年" in text
    assert "成本 [百万元/年]" in text
    assert "缺少中文地图" in text  # the English maps are not shown as Chinese ones
    with pytest.raises(OutputError, match="already exists"):
        write_report(copy, lang="zh")


def test_chinese_report_keeps_no_english_sentence_and_names_sites_in_chinese(
    default_results: Path, tmp_path: Path
) -> None:
    copy = copy_results(default_results, tmp_path / "copy")
    text = write_report(copy, lang="zh").read_text(encoding="utf-8")
    assert english_runs(shown_text(text)) == []
    for english in ("of the total", "(of ", "hours dispatched", "Holds", "binds in"):
        assert english not in shown_text(text)
    assert "占总成本" in text and "（共 " in text and "全年 8,760 小时逐时调度" in text
    sites = pd.read_csv(copy / "inputs" / "sites.csv")
    binds = re.search(r'<table id="binds-table">.*?</table>', text, re.DOTALL)
    assert binds is not None
    assert not [name for name in sites["name_en"] if f">{name}<" in binds[0]]
    assert [name for name in sites["name_zh"] if f">{name}<" in binds[0]]
    summary = json.loads((copy / "summary.json").read_text(encoding="utf-8"))
    assert summary["description"] in text  # the model file's own words, kept as written


def test_chinese_report_shows_the_chinese_maps(default_results: Path, tmp_path: Path) -> None:
    copy = copy_results(default_results, tmp_path / "copy")
    stand_in = (copy / "maps" / "capacity.png").read_bytes()[:-1] + b"\x00"  # not the English
    (copy / "maps" / "capacity-zh.png").write_bytes(stand_in)
    text = write_report(copy, lang="zh").read_text(encoding="utf-8")
    assert 'id="map-capacity"' in text and 'id="map-green"' not in text
    assert 'alt="IT容量与算力需求"' in text


def test_report_command_in_chinese_without_a_font_writes_nothing(
    default_results: Path, tmp_path: Path, monkeypatch
) -> None:
    from typer.testing import CliRunner

    from optimiser import words
    from optimiser.cli import app

    monkeypatch.setattr(words, "cjk_font_family", lambda: None)
    copy = copy_results(default_results, tmp_path / "copy")
    outcome = CliRunner().invoke(app, ["report", str(copy), "--lang", "zh"])
    assert outcome.exit_code == 2, outcome.output
    (line,) = [line for line in outcome.output.splitlines() if line.strip()]
    assert "no font with Chinese glyphs" in line and "fonts-noto-cjk" in line
    assert not list(copy.rglob("*-zh.*"))


def test_report_command_rejects_an_unknown_language(default_results: Path) -> None:
    from typer.testing import CliRunner

    from optimiser.cli import app

    outcome = CliRunner().invoke(app, ["report", str(default_results), "--lang", "fr"])
    assert outcome.exit_code == 2
    assert "--lang" in outcome.output


@pytest.mark.slow  # draws the four Chinese maps
def test_chinese_report_renders_in_headless_chromium(default_results: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from optimiser.cli import app
    from optimiser.words import cjk_font_family
    from tests.browser import chromium_executable

    if chromium_executable() is None:
        pytest.skip("chromium is not installed (on Debian: apt-get install chromium)")
    if cjk_font_family() is None:
        pytest.skip("no CJK font installed (apt-get install fonts-noto-cjk)")
    copy = copy_results(default_results, tmp_path / "copy")
    outcome = CliRunner().invoke(app, ["report", str(copy), "--lang", "zh"])
    assert outcome.exit_code == 0, outcome.output
    for kind in ("capacity", "green", "flows", "idle", "grid"):
        assert (copy / "maps" / f"{kind}-zh.png").stat().st_size > 10_000
    shown = render_in_chromium(
        copy / "report-zh.html", tmp_path / "profile", "#sites + table tbody tr", 1280
    )
    assert shown["errors"] == []
    assert shown["title"].startswith("dcsite 报告")
    assert {image["id"] for image in shown["images"]} >= {
        "map-capacity",
        "map-green",
        "map-flows",
        "map-idle",
        "map-grid",
    }
    assert all(image["complete"] and image["width"] > 0 for image in shown["images"])
    assert shown["rows"] == len(pd.read_csv(copy / "clusters.csv"))
    assert shown["wider"] == [], shown["wider"]
    assert english_runs(shown["text"]) == []  # no English sentence left, as a reader sees it
