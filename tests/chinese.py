"""What a page in Chinese may keep in English, for the tests of the Chinese pages and maps.

A Chinese page keeps units (MW, TWh, tCO2), ids (``yrd_demo_zone``, ``policy.green_share_target``),
file names and the texts it marks ``translate="no"`` (a model file's own description, the
solver's words, the audit's check ids); an English sentence left in it shows as a run of three or
more plain English words.
"""

from __future__ import annotations

import html
import re

WORD = re.compile(r"[A-Za-z][a-z]+[,.;:!?)]*|[a-z]{1,2}[,.;:]*|\(?[A-Za-z][a-z]+")
"""A plain English word (``over``, ``year.``, ``(see``), not a unit (MW) nor an id (a_b)."""

ALLOWED = {"dcsite", "pandas", "highspy", "docs"}
"""Names that stay as they are in any language."""


def shown_text(page: str) -> str:
    """Return a page's text as a reader sees it, without what it marks to keep as written."""
    body = page.partition("<body>")[2]
    body = re.sub(r'src="data:[^"]*"', "", body)
    body = re.sub(r'<(\w+)[^>]* translate="no"[^>]*>[^<]*</\1>', " ", body)
    body = re.sub(r"<code>[^<]*</code>", " ", body)
    body = re.sub(r'alt="([^"]*)"', r"> \1 <", body)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def english_runs(text: str, length: int = 3) -> list[str]:
    """Return each run of ``length`` or more plain English words in a text (an English phrase).

    >>> english_runs("全年可行（8,760 小时）")
    []
    >>> english_runs("方案 Holds over the full year 全年")
    ['Holds over the full year']
    >>> english_runs("通过的检查：non_negative, demand_served, MW, TWh/年")
    []
    """
    runs, run = [], []
    for token in [*text.split(), ""]:
        if token and WORD.fullmatch(token) and token.strip(",.;:!?()").lower() not in ALLOWED:
            run.append(token)
            continue
        if len(run) >= length:
            runs.append(" ".join(run))
        run = []
    return runs
