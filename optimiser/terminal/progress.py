"""Progress of a command: the stage it is in and the time elapsed.

Progress adapts to where the output goes: in a terminal a rich status line shows the current
stage and the time elapsed; when the output is a file or a pipe (a log), each stage is one
plain line with its elapsed time, printed as it starts, so a log shows where a long run is.
A sweep's points are counted one line each (:class:`PointLines`).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.status import Status
from rich.text import Text

STAGE_TEXT = {
    "read": "reading the model and the catalogue",
    "build": "building the LP",
    "solve": "solving with HiGHS",
    "results": "extracting and auditing the plan",
}
"""How the pipeline's stage names (:func:`optimiser.pipeline.solve`) are shown."""


def stage_text(stage: str) -> str:
    """Return how a stage is shown: a pipeline stage's name spelled out, after any label.

    A study labels the stages of each of its solves (``planned: solve``); the label stays.

    Examples
    --------
    >>> stage_text("planned: solve")
    'planned: solving with HiGHS'
    >>> stage_text("writing results")
    'writing results'
    """
    label, _, name = stage.rpartition(": ")
    if name not in STAGE_TEXT:
        return stage
    return f"{label}: {STAGE_TEXT[name]}" if label else STAGE_TEXT[name]


class LiveStageText:
    """The text of a live status line, its elapsed time read anew at every refresh.

    A stage of a minute or two (a solve, a month's dispatch) shows time passing, never a
    clock stopped at the moment the stage began.

    Parameters
    ----------
    stage : str
        The stage, as shown.
    progress : StageProgress
        Whose start the time counts from.
    """

    def __init__(self, stage: str, progress: StageProgress) -> None:
        self.stage = stage
        self.progress = progress

    def __rich__(self) -> Text:
        """Return the stage and the time elapsed now (rich calls it at every refresh)."""
        return Text(f"{self.stage}… ({self.progress.elapsed:.1f} s)")


class StageProgress:
    """Show the stage a command is in and the time since it started.

    Parameters
    ----------
    output : rich.console.Console
        Where to show it.
    plain : bool
        Print one line per stage instead of a live status line (the default when the output
        is not a terminal; also used with ``--verbose``, whose solver log would garble a live
        line).
    started : float, optional
        When the command started (:func:`time.perf_counter`); default now.
    keep : bool
        In a terminal, also leave a line for each finished stage with the time it took, above
        the live status line (for commands of a few long stages, such as the solves of
        ``dcsite alternatives``).
    """

    def __init__(
        self,
        output: Console,
        *,
        plain: bool | None = None,
        started: float | None = None,
        keep: bool = False,
    ) -> None:
        self.output = output
        self.plain = not output.is_terminal if plain is None else plain
        self.started = time.perf_counter() if started is None else started
        self.keep = keep
        self._status: Status | None = None
        self._current: tuple[str, float] | None = None

    @property
    def elapsed(self) -> float:
        """Seconds since the command started [s]."""
        return time.perf_counter() - self.started

    def update(self, stage: str) -> None:
        """Show that a stage starts."""
        stage = stage_text(stage)
        if self._status is not None:
            self._finish_stage()
            self._current = (stage, self.elapsed)
            self._status.update(LiveStageText(stage, self))
        else:
            self.output.print(f"[{self.elapsed:7.1f} s] {escape(stage)}", highlight=False)
            self.output.file.flush()

    @contextlib.contextmanager
    def shown(self, first: str | None = None) -> Iterator[StageProgress]:
        """Show progress while the block runs, starting with stage ``first`` if given."""
        if self.plain:
            if first is not None:
                self.update(first)
            yield self
            return
        stage = stage_text(first or "starting")
        with self.output.status(LiveStageText(stage, self)) as status:
            self._status = status
            self._current = (stage, self.elapsed)
            try:
                yield self
                self._finish_stage()
            finally:
                self._status = None

    def _finish_stage(self) -> None:
        """In a terminal with ``keep``: leave a line for the stage that just ended."""
        if self.keep and self._current is not None:
            stage, since = self._current
            self.output.print(
                f"[{self.elapsed:7.1f} s] {escape(stage)} ({self.elapsed - since:.1f} s)",
                highlight=False,
            )


class PointLines:
    """Print one plain line per finished sweep point: elapsed time, count, status, values.

    Parameters
    ----------
    output : rich.console.Console
        Where to print.
    total : int
        Points in the sweep.
    started : float
        When the sweep started (:func:`time.perf_counter`).
    """

    def __init__(self, output: Console, total: int, started: float) -> None:
        self.output = output
        self.total = total
        self.started = started
        self.finished = 0

    def __call__(self, record: dict[str, Any]) -> None:
        """Print the line of one finished point (a sweep's ``on_point`` callback)."""
        self.finished += 1
        values = ", ".join(f"{key}={value}" for key, value in record["values"].items())
        self.output.print(
            f"[{time.perf_counter() - self.started:7.1f} s] point {self.finished}/{self.total} "
            f"{record['status']}: {escape(values)}",
            highlight=False,
        )
        self.output.file.flush()
