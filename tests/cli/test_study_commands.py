"""Tests of the study commands in Chinese: dcsite compare, sweep and shortfall with --lang zh.

Each writes its pages and pictures in Chinese beside the English ones; without a CJK font each
is refused with one line (exit code 2) before anything is solved or written.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from optimiser import words
from optimiser.cli import app
from tests.chinese import english_runs, shown_text
from tests.solved_results import copy_results

FAST = ["--set", "time.representation=average_day", "--no-validate"]


@pytest.fixture
def no_cjk_font(monkeypatch) -> None:
    """No font with Chinese glyphs is installed."""
    monkeypatch.setattr(words, "cjk_font_family", lambda: None)


@pytest.fixture
def cjk_font() -> Iterator[None]:
    """A font with Chinese glyphs, or the test is skipped."""
    if words.cjk_font_family() is None:
        pytest.skip("no CJK font installed (apt-get install fonts-noto-cjk)")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def headings(page: str) -> list[str]:
    """Return a page's headings."""
    return re.findall(r"<h[12][^>]*>([^<]*)</h[12]>", page)


def test_compare_in_chinese_writes_chinese_pages_and_maps(
    default_results: Path, tmp_path: Path, cjk_font: None
) -> None:
    first = copy_results(default_results, tmp_path / "a")
    second = copy_results(default_results, tmp_path / "b")
    out = tmp_path / "comparison"
    labels = ["--label", "基准", "--label", "对照"]
    outcome = CliRunner().invoke(
        app, ["compare", str(first), str(second), *labels, "--lang", "zh", "--out", str(out)]
    )
    assert outcome.exit_code == 0, outcome.output
    assert (out / "report.html").exists()  # the English page too
    page = (out / "report-zh.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in page
    assert "dcsite 情景比较" in page and "各情景：相对第一个情景的变化" in page
    assert "年度成本 [亿元/年]" in page and "bn CNY" not in page
    assert not [text for text in headings(page) if re.fullmatch(r"[A-Za-z :,'-]+", text)]
    assert english_runs(shown_text(page)) == []
    maps = sorted(path.name for path in (out / "difference_maps").glob("*.png"))
    assert maps == ["b-vs-a-zh.png", "b-vs-a.png"]
    assert 'alt="IT容量变化：b-vs-a"' in page
    english = (out / "report.html").read_text(encoding="utf-8")
    assert english.count("<img") == page.count("<img") == 1  # each page, its language's map


def test_sweep_in_chinese_writes_a_chinese_page_and_cost_curve(
    tmp_path: Path, cjk_font: None
) -> None:
    from optimiser.studies.sweep import parse_vary, run_sweep
    from tests.tiny import tiny_catalogue, tiny_scenario

    out = tmp_path / "sweep"
    run_sweep(
        tiny_scenario(),
        [parse_vary("policy.green_share_target=0.3,0.6")],
        out,
        catalogue=tiny_catalogue(),
        validate=False,
        lang="zh",
    )
    assert (out / "pareto.png").exists() and (out / "pareto-zh.png").stat().st_size > 10_000
    page = (out / "report-zh.html").read_text(encoding="utf-8")
    assert "dcsite 参数扫描：policy.green_share_target" in page and "扫描点" in page
    assert "最优" in page and "年度成本 [亿元/年]" in page and "bn CNY" not in page
    assert english_runs(shown_text(page)) == []
    assert 'alt="成本曲线：pareto"' in page


def test_the_cost_curve_in_chinese_has_chinese_words_and_costs_in_yi_yuan(cjk_font) -> None:
    import pandas as pd

    from optimiser.studies.pareto import pareto_figure
    from optimiser.studies.sweep import SweepAxis

    table = pd.DataFrame(
        {
            "pue": [1.2, 1.3],
            "status": ["optimal", "optimal"],
            "objective_cny_per_year": [2.0e9, 2.2e9],
            "west_hub_share_of_new_capacity": [0.5, 0.6],
        }
    )
    figure = pareto_figure(table, [SweepAxis("pue", (1.2, 1.3))], "zh")
    plot = figure.axes[0]
    assert plot.get_ylabel() == "年度系统成本 [亿元/年]"
    assert plot.get_title().startswith("成本随 pue 的变化")
    assert plot.get_ylim()[1] == pytest.approx(1.1 * 22.0)  # 2.2 bn CNY is 22 亿元


@pytest.mark.slow  # two solves of the national model on its average day, and two idle maps
def test_shortfall_in_chinese_writes_a_chinese_page_and_idle_map(
    tmp_path: Path, cjk_font: None
) -> None:
    out = tmp_path / "study"
    outcome = CliRunner().invoke(app, ["shortfall", *FAST[:2], "--lang", "zh", "--out", str(out)])
    assert outcome.exit_code == 0, outcome.output
    assert (out / "realised-70pct" / "maps" / "idle-zh.png").stat().st_size > 10_000
    page = (out / "report-zh.html").read_text(encoding="utf-8")
    assert "dcsite 情景比较" in page and "亿元/年" in page and "bn CNY" not in page
    assert list((out / "difference_maps").glob("*-zh.png"))


@pytest.mark.parametrize(
    "arguments",
    [
        ["sweep", "--vary", "policy.green_share_target=0.5,0.6", *FAST],
        ["shortfall", *FAST[:2]],
        ["compare", "-s", "baseline", "-s", "carbon-price", *FAST],
    ],
    ids=["sweep", "shortfall", "compare"],
)
def test_a_study_in_chinese_without_a_font_is_refused_before_anything_is_written(
    arguments: list[str], tmp_path: Path, no_cjk_font: None
) -> None:
    out = tmp_path / "study"
    outcome = CliRunner().invoke(app, [*arguments, "--lang", "zh", "--out", str(out)])
    assert outcome.exit_code == 2, outcome.output
    (line,) = [line for line in outcome.output.splitlines() if line.strip()]
    assert "no font with Chinese glyphs" in line and "apt-get install fonts-noto-cjk" in line
    assert not out.exists()


def test_compare_of_folders_in_chinese_without_a_font_writes_nothing(
    default_results: Path, tmp_path: Path, no_cjk_font: None
) -> None:
    out = tmp_path / "comparison"
    outcome = CliRunner().invoke(
        app,
        ["compare", str(default_results), str(default_results), "--lang", "zh", "-o", str(out)],
    )
    assert outcome.exit_code == 2, outcome.output
    assert "no font with Chinese glyphs" in outcome.output
    assert not out.exists()
