"""The first step of both kinds of solve: a resolved scenario's catalogue, read and checked.

A command resolves its scenario once (the CLI does so before the solver stack is imported, to
answer a typo at once) and hands the :class:`~optimiser.scenario.ResolvedScenario` on;
:func:`read_catalogue` then reads the catalogue it names and checks every scenario of its
model file against it, for :mod:`optimiser.pipeline.single_year` and
:mod:`optimiser.pipeline.pathway` alike.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from optimiser.data.catalogue import Catalogue, load_catalogue
from optimiser.lp.scenario_checks import check_every_scenario
from optimiser.scenario import ResolvedScenario

Progress = Callable[[str], None]
"""Called with the name of each stage of a solve as it starts."""


def read_catalogue(
    resolved: ResolvedScenario, catalogue_path: str | Path | None = None
) -> Catalogue:
    """Read the catalogue a scenario is solved on and check the model file's ids against it.

    Parameters
    ----------
    resolved : optimiser.scenario.ResolvedScenario
        The scenario (its model file names its catalogue, or the built-in one).
    catalogue_path : str or pathlib.Path, optional
        Catalogue folder given on the command line; it wins over the model file's.

    Raises
    ------
    optimiser.errors.InputError
        When any scenario of the model file names an id the catalogue lacks.
    """
    catalogue = load_catalogue(catalogue_path or resolved.catalogue_path)
    check_every_scenario(catalogue, resolved.model_path)
    return catalogue


def stage_reporter(progress: Progress | None) -> Progress:
    """Return a function that passes a stage's name to ``progress``, if there is one."""

    def report(stage: str) -> None:
        if progress is not None:
            progress(stage)

    return report
