"""Tests of optimiser.words: the language check and the translation of texts and figures."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from optimiser import words
from optimiser.errors import InputError


def test_english_needs_no_font_and_another_language_is_refused() -> None:
    assert words.resolve_language("en") == ("en", None)
    with pytest.raises(InputError, match="expected one of en, zh"):
        words.resolve_language("fr")


def test_chinese_without_a_cjk_font_is_refused_with_how_to_get_one(monkeypatch) -> None:
    monkeypatch.setattr(words, "cjk_font_family", lambda: None)
    with pytest.raises(InputError, match=r"no font with Chinese glyphs.*fonts-noto-cjk"):
        words.resolve_language("zh")
    monkeypatch.setattr(words, "cjk_font_family", lambda: "DejaVu Sans")
    assert words.resolve_language("zh") == ("zh", "DejaVu Sans")


def test_a_text_is_translated_whole_else_amounts_and_phrases_within() -> None:
    whole = {"Annual cost": "年度总成本"}
    phrases = [("/yr", "/年")]
    assert words.translate("Annual cost", whole, phrases) == "年度总成本"
    assert words.translate("cost 289.57 bn CNY/yr", whole, phrases) == "cost 2,895.7 亿元/年"
    assert words.language_suffix("zh") == "-zh" and words.language_suffix("en") == ""


def test_every_text_of_a_figure_is_translated_and_set_in_the_font() -> None:
    figure, axes = plt.subplots()
    axes.set_title("Title")
    axes.set_xlabel("Axis")
    axes.plot([0, 1], [0, 1], label="Line")
    axes.legend(title="Legend")
    figure.suptitle("Whole")
    words.translate_figure(figure, "DejaVu Sans", lambda text: f"«{text}»")
    texts = [text.get_text() for text in words.figure_texts(figure)]
    assert {"«Title»", "«Axis»", "«Line»", "«Legend»", "«Whole»"} <= set(texts)
    assert all(text.get_fontfamily()[0] == "DejaVu Sans" for text in words.figure_texts(figure))
    plt.close(figure)
