"""Words in Chinese: the language check, the CJK font, and the translation of texts and figures.

Below every presentation module, so that the maps (:mod:`optimiser.maps.words`), the reports
(:mod:`optimiser.report.words`) and the charts share one way of putting their words in
Chinese: :func:`resolve_language` refuses ``--lang zh`` before anything is written when no font
with Chinese glyphs is installed (never an English file under a Chinese name);
:func:`translate` replaces a known phrase whole, else gives amounts of money in 亿元 (1 亿元 =
0.1 bn CNY) and replaces known phrases within the text; :func:`translate_figure` applies a
translation to every text of a finished matplotlib figure and sets the Chinese font. Each
presentation module keeps its own vocabulary.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from optimiser.errors import InputError

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.text import Text

LANGUAGES = ("en", "zh")
"""Languages of the maps and reports (``--lang``)."""

CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Serif CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "AR PL UMing CN",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Noto Sans SC",
)
"""Fonts with Chinese glyphs, best first (Noto CJK is Debian's fonts-noto-cjk)."""

NO_CJK_FONT = (
    f"no font with Chinese glyphs is installed (matplotlib and fc-list :lang=zh find none, "
    f"e.g. {CJK_FAMILIES[0]}); install one (Debian/Ubuntu: apt-get install fonts-noto-cjk; "
    "Fedora: dnf install google-noto-sans-cjk-fonts) and run again, or use --lang en"
)
"""Why Chinese cannot be drawn without a CJK font, and how to get one."""

BILLION_YUAN = re.compile(r"(-?[\d,]+(?:\.(\d+))?) bn CNY")
"""An amount in billions of yuan as the English maps and reports write it (``1.2 bn CNY``)."""


def cjk_font_family() -> str | None:
    """Return the name of an installed font with Chinese glyphs, or None if there is none.

    Looks in matplotlib's font list first, then asks fontconfig (``fc-list :lang=zh``) for
    fonts installed after matplotlib built its cache.
    """
    from matplotlib import font_manager  # only when Chinese is asked for

    names = {entry.name for entry in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in names:
            return family
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    found = subprocess.run(
        [fc_list, ":lang=zh", "file"], capture_output=True, text=True, check=False, timeout=30
    )
    added = []
    # Regular faces first: a family first known by its bold file is drawn bold everywhere.
    paths = {line.strip().rstrip(":") for line in found.stdout.splitlines()} - {""}
    for path in sorted(paths, key=lambda path: ("Regular" not in path, path)):
        try:
            font_manager.fontManager.addfont(path)
            added.append(font_manager.FontProperties(fname=path).get_name())
        except (OSError, RuntimeError, ValueError):  # unreadable font: try the next
            continue
    names = {entry.name for entry in font_manager.fontManager.ttflist}
    preferred = [family for family in CJK_FAMILIES if family in names]
    found_names = preferred or added
    return found_names[0] if found_names else None


def resolve_language(lang: str) -> tuple[str, str | None]:
    """Return the language to draw and write in, and the font for it.

    Parameters
    ----------
    lang : str
        ``en`` or ``zh``.

    Returns
    -------
    tuple of (str, str or None)
        The language and the font family for its words (None: the default font).

    Raises
    ------
    optimiser.errors.InputError
        For another language, or for Chinese when no font with Chinese glyphs is installed:
        the map or chart would otherwise be English under a Chinese file name.
    """
    if lang not in LANGUAGES:
        raise InputError("--lang", lang, f"expected one of {', '.join(LANGUAGES)}")
    if lang == "en":
        return "en", None
    family = cjk_font_family()
    if family is None:
        raise InputError("--lang", lang, NO_CJK_FONT)
    return "zh", family


def language_suffix(lang: str) -> str:
    """Return what a file's name takes in a language: nothing in English, ``-zh`` in Chinese.

    >>> language_suffix("zh"), language_suffix("en")
    ('-zh', '')
    """
    return "" if lang == "en" else f"-{lang}"


def yi_yuan(match: re.Match[str]) -> str:
    """Return an amount of ``BILLION_YUAN`` in 亿元 (ten to a billion), to the same precision.

    Examples
    --------
    >>> yi_yuan(BILLION_YUAN.search("289.57 bn CNY/yr"))
    '2,895.7 亿元'
    >>> yi_yuan(BILLION_YUAN.search("1,234 bn CNY"))
    '12,340 亿元'
    >>> yi_yuan(BILLION_YUAN.search("0.25 bn CNY"))
    '2.5 亿元'
    """
    decimals = len(match.group(2) or "")
    value = 10 * float(match.group(1).replace(",", ""))
    return f"{value:,.{max(decimals - 1, 0)}f} 亿元"


def translate(text: str, whole: Mapping[str, str], phrases: Sequence[tuple[str, str]]) -> str:
    """Return a text in Chinese: a known text whole, else amounts in 亿元 and phrases within.

    Parameters
    ----------
    text : str
        One text (a line of a map, a cell or heading of a page).
    whole : mapping of str to str
        Whole texts and their Chinese.
    phrases : sequence of (str, str)
        Phrases within a text and their Chinese, replaced in order after the amounts.

    Examples
    --------
    >>> translate("Site", {"Site": "站点"}, [])
    '站点'
    >>> translate("1.2 bn CNY/yr", {}, [("/yr", "/年")])
    '12 亿元/年'
    >>> translate("Zhongwei", {}, [])
    'Zhongwei'
    """
    known = whole.get(text)
    if known is not None:
        return known
    translated = BILLION_YUAN.sub(yi_yuan, text)
    for english, chinese in phrases:
        translated = translated.replace(english, chinese)
    return translated


def figure_texts(figure: Figure) -> Iterator[Text]:
    """Yield every text of a figure: titles, axis labels, texts, annotations, legends."""
    yield from figure.texts
    for figure_legend in figure.legends:
        yield figure_legend.get_title()
        yield from figure_legend.get_texts()
    for axes in figure.axes:
        yield from (axes.title, axes.xaxis.label, axes.yaxis.label)
        yield from axes.texts
        for child in axes.get_children():
            if child.__class__.__name__ == "Legend":
                legend: Any = child
                yield legend.get_title()
                yield from legend.get_texts()


def translate_figure(figure: Figure, font_family: str, to_chinese: Callable[[str], str]) -> Figure:
    """Put a finished figure's words in Chinese, all in the Chinese font.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        A finished map or chart.
    font_family : str
        A font with Chinese glyphs (:func:`resolve_language`).
    to_chinese : callable
        The translation of one text (a map's or a chart's vocabulary).
    """
    for text in figure_texts(figure):
        text.set_text(to_chinese(text.get_text()))
        text.set_fontfamily([font_family, "DejaVu Sans"])  # DejaVu for symbols such as ∝
    return figure


__all__ = [
    "BILLION_YUAN",
    "LANGUAGES",
    "NO_CJK_FONT",
    "cjk_font_family",
    "figure_texts",
    "language_suffix",
    "resolve_language",
    "translate",
    "translate_figure",
    "yi_yuan",
]
