"""What the command shows while it works: stage names, and a clock that runs in a terminal."""

from __future__ import annotations

import io
import re
import time

from rich.console import Console

from optimiser.terminal.progress import LiveStageText, StageProgress, stage_text


def terminal() -> Console:
    return Console(file=io.StringIO(), force_terminal=True, width=100)


def test_a_study_s_label_stays_before_the_stage_spelled_out() -> None:
    assert stage_text("solve") == "solving with HiGHS"
    assert stage_text("planned: solve") == "planned: solving with HiGHS"
    assert stage_text("sizing the plan: build") == "sizing the plan: building the LP"
    assert stage_text("writing planned") == "writing planned"
    assert stage_text("full-year validation: dispatching month 3 of 12") == (
        "full-year validation: dispatching month 3 of 12"
    )


def test_a_live_stage_shows_time_passing_not_the_time_it_began() -> None:
    stages = StageProgress(terminal(), started=time.perf_counter() - 5.0)
    text = LiveStageText("solving with HiGHS", stages)
    assert re.fullmatch(r"solving with HiGHS… \(5\.\d s\)", text.__rich__().plain)
    stages.started -= 60.0  # a minute later, the same text, rendered again
    assert re.fullmatch(r"solving with HiGHS… \(65\.\d s\)", text.__rich__().plain)


def test_a_terminal_keeps_a_line_for_each_finished_stage_of_a_long_check() -> None:
    output = terminal()
    stages = StageProgress(output, keep=True)
    with stages.shown("full-year validation: reading"):
        for month in (1, 2):
            stages.update(f"full-year validation: dispatching month {month} of 12")
    kept = re.findall(
        r"\[\s*\d+\.\d s\] (full-year validation: [^\n(]+) \(\d+\.\d s\)", _text(output)
    )
    assert kept == [
        "full-year validation: reading",
        "full-year validation: dispatching month 1 of 12",
        "full-year validation: dispatching month 2 of 12",
    ]


def _text(output: Console) -> str:
    written = output.file
    assert isinstance(written, io.StringIO)
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", written.getvalue())  # without the colours
