"""Sweep settings over a grid of values: cost curves of policy targets, serial or on Dask.

Analysis stage on top of the pipeline. :func:`run_sweep` solves the cartesian product of the
values given for one or more settings (``--vary policy.green_share_target=0.5:1.0:0.05``),
re-solving one live HiGHS model per worker (:class:`optimiser.lp.resolve.ResolveSession`) rather
than rebuilding it at every point. Each point is written to ``points/`` as soon as it is
solved, as a results folder named by its settings (:mod:`optimiser.studies.points`), so an
interrupted sweep resumes where it stopped; an infeasible or failed point is recorded and the
others go on. At the end ``sweep.csv`` is assembled from the points
and a cost curve (``pareto.png``) is drawn. With ``workers`` or ``scheduler`` the points are
solved on a Dask distributed cluster.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import math
import os
import tempfile
import threading
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml
from pydantic import ValidationError

from optimiser.data.catalogue import Catalogue
from optimiser.errors import DcsiteError, InfeasibleError, InputError
from optimiser.files import make_shareable
from optimiser.lp.resolve import ResolveSession
from optimiser.paths import recorded_model_path
from optimiser.pipeline.single_year import solve_with_duals
from optimiser.report import write_overview_report
from optimiser.results.folder import next_free_dir
from optimiser.results.summary import HEADLINE_FIGURES
from optimiser.results.tables import SolveResult
from optimiser.results.validation import (
    FULL_YEAR_COLUMNS,
    tidy_verdict_columns,
    validate_results_dir,
    verdict_columns,
)
from optimiser.scenario import (
    ResolvedScenario,
    check_setting_key,
    deep_merge,
    parse_override,
)
from optimiser.settings import ScenarioSettings
from optimiser.studies.affine import AffinePoints
from optimiser.studies.pareto import write_pareto_plot
from optimiser.studies.points import point_name, rewrite_record, write_point
from optimiser.studies.readable import readable_sweep
from optimiser.studies.sweep_folder import (
    finish_sweep_dir,
    prepare_sweep_dir,
    read_points,
    working_dir,
)

HEADLINE_COLUMNS = HEADLINE_FIGURES
VERDICT_COLUMNS = ["holds_over_full_year", *FULL_YEAR_COLUMNS]
"""A point's full-year verdict and figures (empty when not validated)."""
"""Figures of ``summary.json`` kept for every point (units in the names)."""

PointCallback = Callable[[dict[str, Any]], None]
"""Called with each point's record once its folder is written."""


@dataclass(frozen=True)
class SweepAxis:
    """One setting varied in a sweep.

    Attributes
    ----------
    key : str
        Dotted setting, e.g. ``policy.green_share_target``.
    values : tuple
        The values it takes, in order.
    """

    key: str
    values: tuple[Any, ...]


def parse_vary(text: str) -> SweepAxis:
    """Parse ``KEY=START:STOP:STEP`` (STOP included) or ``KEY=V1,V2,...``.

    Examples
    --------
    >>> parse_vary("policy.green_share_target=0.5:0.7:0.1").values
    (0.5, 0.6, 0.7)
    >>> parse_vary("policy.green_accounting=annual,hourly").values
    ('annual', 'hourly')
    """
    usage = "expected KEY=START:STOP:STEP or KEY=V1,V2,..."
    key, separator, spec = text.partition("=")
    key, spec = key.strip(), spec.strip()
    if not separator or not key or not spec:
        raise InputError("--vary", text, usage)
    check_setting_key(key, "--vary")
    if spec.count(":") == 2:
        try:
            start, stop, step = (float(part) for part in spec.split(":"))
        except ValueError:
            raise InputError("--vary", text, f"{usage}; START, STOP and STEP are numbers") from None
        if step <= 0 or stop < start or not all(map(math.isfinite, (start, stop, step))):
            raise InputError("--vary", text, "STEP must be > 0 and STOP >= START")
        count = math.floor((stop - start) / step + 1e-9) + 1
        if count > 10_000:
            raise InputError("--vary", text, f"{count} values; at most 10,000 per setting")
        values: tuple[Any, ...] = tuple(round(start + number * step, 12) for number in range(count))
        if all(float(value).is_integer() for value in (start, stop, step)):
            values = tuple(int(value) for value in values)
        return SweepAxis(key, values)
    try:
        parsed = tuple(yaml.safe_load(part) for part in spec.split(","))
    except yaml.YAMLError:
        raise InputError("--vary", text, usage) from None
    return SweepAxis(key, parsed)


def sweep_grid(axes: Sequence[SweepAxis]) -> list[dict[str, Any]]:
    """Return the cartesian product of the axes' values, the last axis varying fastest."""
    keys = [axis.key for axis in axes]
    if len(set(keys)) != len(keys):
        raise InputError("--vary", ", ".join(keys), "each setting may be varied once")
    return [
        dict(zip(keys, values, strict=True))
        for values in itertools.product(*(axis.values for axis in axes))
    ]


def apply_overrides(resolved: ResolvedScenario, values: Mapping[str, Any]) -> ResolvedScenario:
    """Return a resolved scenario with dotted settings changed, validated again.

    Parameters
    ----------
    resolved : optimiser.scenario.ResolvedScenario
        The base scenario.
    values : mapping of str to object
        Dotted keys and their new values.
    """
    if not values:
        return resolved
    nested: dict[str, Any] = {}
    for key, value in values.items():
        check_setting_key(key)
        *parents, last = key.split(".")
        node = nested
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
    merged = deep_merge(resolved.settings.model_dump(), nested)
    try:
        settings = ScenarioSettings.model_validate(merged)
    except ValidationError as error:
        first = error.errors()[0]
        location = ".".join(str(part) for part in first["loc"])
        raise InputError(
            "--vary", location, f"{first['msg']}; got {first.get('input')!r}"
        ) from None
    return resolved.model_copy(
        update={"settings": settings, "overrides": {**resolved.overrides, **dict(values)}}
    )


def usable_cores() -> int:
    """Return the number of CPU cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # no affinity on this platform (macOS, Windows)
        return os.cpu_count() or 1


def check_workers(workers: int) -> None:
    """Warn when more worker processes are asked for than there are usable cores.

    Each worker runs HiGHS on a core of its own; more workers than cores make them take turns,
    and a sweep then runs slower than with fewer workers.
    """
    cores = usable_cores()
    if workers > cores:
        warnings.warn(
            f"--workers {workers} is more than the {cores} usable cores of this machine: "
            f"the points will take turns on them and the sweep runs slower; use --workers "
            f"{cores} or fewer",
            stacklevel=3,
        )


def default_sweep_dir(root: Path | None = None) -> Path:
    """Return a new folder name for a sweep: ``results/sweep-<n>``."""
    return next_free_dir("sweep", root)


def point_id(values: Mapping[str, Any]) -> str:
    """Return a stable key of a grid point, from its values (recorded in its ``point.json``)."""
    text = json.dumps(values, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass
class PointOutcome:
    """A solved point of a sweep.

    Attributes
    ----------
    record : dict
        ``point_id``, ``values``, ``status`` (``optimal``, ``infeasible``, ``unbounded``,
        ``not solved`` or ``failed``),
        ``message``, the :data:`HEADLINE_COLUMNS` (``None`` unless optimal),
        ``highs_solve_s`` [s], ``warm_start`` and ``lp`` (``built``, or ``affine`` when
        written by ``affine`` without building the Pyomo model).
    result : optimiser.results.tables.SolveResult or None
        The audited plan of an optimal point (written as its results folder).
    """

    record: dict[str, Any]
    result: SolveResult | None = None


def solve_point(
    catalogue: Catalogue,
    base: ResolvedScenario,
    values: Mapping[str, Any],
    session: ResolveSession | None = None,
    affine: AffinePoints | None = None,
) -> PointOutcome:
    """Solve one point of a sweep (never raises for a failed point).

    Returns
    -------
    PointOutcome
        The point's record and, when optimal, its audited plan.
    """
    record: dict[str, Any] = {
        "point_id": point_id(values),
        "values": dict(values),
        "status": "optimal",
        "message": "",
    }
    record.update(dict.fromkeys(HEADLINE_COLUMNS))
    try:
        lp = affine.lp(values) if affine is not None else None
        point = solve_with_duals(catalogue, apply_overrides(base, values), session, lp)
    except InfeasibleError as error:
        return PointOutcome({**record, "status": error.status, "message": str(error)})
    except (DcsiteError, Exception) as error:  # a failed point must not stop the sweep
        message = f"{type(error).__name__}: {error}"
        return PointOutcome({**record, "status": "failed", "message": message})
    summary = point.result.summary
    record.update({column: summary.get(column) for column in HEADLINE_COLUMNS})
    record["highs_solve_s"] = point.result.timings.get("highs_solve_s")
    record["warm_start"] = point.warm
    written = lp is not None and affine is not None and not affine.is_probe(values)
    record["lp"] = "affine" if written else "built"
    return PointOutcome(record, point.result)


_WORKER_STATE = threading.local()


def _solve_on_worker(
    catalogue: Catalogue | None, base: ResolvedScenario, values: dict[str, Any]
) -> PointOutcome:
    # One session (live HiGHS model) and catalogue per worker thread, kept between tasks.
    if getattr(_WORKER_STATE, "session", None) is None:
        _WORKER_STATE.session = ResolveSession()
        _WORKER_STATE.catalogues = {}
    if catalogue is None:
        from optimiser.data.catalogue import load_catalogue

        path = base.catalogue_path
        if path not in _WORKER_STATE.catalogues:
            _WORKER_STATE.catalogues[path] = load_catalogue(path)
        catalogue = _WORKER_STATE.catalogues[path]
    return solve_point(catalogue, base, values, _WORKER_STATE.session)


def _sweep_spec(base: ResolvedScenario, axes: Sequence[SweepAxis], out_dir: Path) -> dict[str, Any]:
    return {
        "model": base.model_name,
        "model_path": recorded_model_path(base.model_path, out_dir),
        "scenario": base.scenario_name,
        "overrides": {key: value for key, value in base.overrides.items()},
        "axes": {axis.key: list(axis.values) for axis in axes},
    }


def sweep_table(records: Sequence[Mapping[str, Any]], axes: Sequence[SweepAxis]) -> pd.DataFrame:
    """Return ``sweep.csv``: one row per point, sorted by the varied values.

    Columns: one per varied setting (its dotted key), ``status``, ``message``, the full-year
    verdict and figures (:data:`VERDICT_COLUMNS`, empty where not validated), then
    :data:`HEADLINE_COLUMNS`.
    """
    keys = [axis.key for axis in axes]
    rows = [
        {
            **{key: record["values"].get(key) for key in keys},
            "status": record["status"],
            "message": record["message"],
            **{column: record.get(column) for column in VERDICT_COLUMNS},
            **{column: record.get(column) for column in HEADLINE_COLUMNS},
        }
        for record in records
    ]
    table = tidy_verdict_columns(
        pd.DataFrame(
            rows, columns=[*keys, "status", "message", *VERDICT_COLUMNS, *HEADLINE_COLUMNS]
        )
    )
    with contextlib.suppress(TypeError):  # values of mixed types: keep the grid's order
        table = table.sort_values(keys, kind="stable")
    return table.reset_index(drop=True)


def write_sweep_outputs(
    out_dir: Path, table: pd.DataFrame, axes: Sequence[SweepAxis], lang: str = "en"
) -> None:
    """Write ``sweep.csv``, ``pareto.png`` and ``report.html`` (with ``-zh`` ones in Chinese)."""
    handle, temporary = tempfile.mkstemp(prefix=".sweep.csv.", dir=out_dir)
    os.close(handle)
    try:
        table.to_csv(temporary, index=False)
        make_shareable(temporary)
        os.replace(temporary, out_dir / "sweep.csv")
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    numeric = pd.to_numeric(table[axes[0].key], errors="coerce").notna().all()
    if numeric and (table["status"] == "optimal").any():
        for language in dict.fromkeys(("en", lang)):
            write_pareto_plot(out_dir, table, axes, language)
    write_overview_report(
        out_dir,
        f"sweep of {', '.join(axis.key for axis in axes)}",
        [("Sweep points", readable_sweep(table, [axis.key for axis in axes]))],
        [("pareto*.png", "Cost curve")],
        lang,
    )


LOST_POINT_RETRIES = 2
"""How many times a point whose Dask worker was lost is resubmitted before it is failed."""


def _failed_point(values: Mapping[str, Any], error: BaseException) -> PointOutcome:
    return PointOutcome(
        {
            "point_id": point_id(values),
            "values": dict(values),
            "status": "failed",
            "message": f"{type(error).__name__}: {error}",
            **dict.fromkeys(HEADLINE_COLUMNS),
        }
    )


def _run_serial(
    catalogue: Catalogue,
    base: ResolvedScenario,
    todo: Sequence[dict[str, Any]],
    finish: Callable[[PointOutcome], None],
) -> None:
    session = ResolveSession()
    affine = AffinePoints(catalogue, lambda values: apply_overrides(base, values), todo)
    for values in todo:
        finish(solve_point(catalogue, base, values, session, affine))


def _run_dask(
    catalogue: Catalogue | None,
    base: ResolvedScenario,
    todo: Sequence[dict[str, Any]],
    finish: Callable[[PointOutcome], None],
    *,
    workers: int,
    scheduler: str | None,
) -> None:
    import logging

    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler is None:
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        client = Client(cluster)
    else:
        try:
            client = Client(scheduler, timeout="20s")
        except OSError as error:
            raise InputError("--scheduler", scheduler, f"cannot connect: {error}") from None
    try:
        shared = client.scatter(catalogue, broadcast=True) if catalogue is not None else None
        futures = {}
        attempts: dict[str, int] = {}
        for values in todo:
            future = client.submit(_solve_on_worker, shared, base, values, pure=False)
            futures[future] = values
        pending = as_completed(futures)
        for future in pending:
            values = futures[future]
            try:
                outcome = future.result()
            except Exception as error:
                # solve_point never raises, so this is the cluster: a worker lost while its
                # point ran or before its result was gathered. Resubmit it; only a point
                # that keeps failing is recorded as failed, and the sweep goes on.
                key = point_id(values)
                attempts[key] = attempts.get(key, 0) + 1
                if attempts[key] <= LOST_POINT_RETRIES:
                    again = client.submit(_solve_on_worker, shared, base, values, pure=False)
                    futures[again] = values
                    pending.add(again)
                    continue
                outcome = _failed_point(values, error)
            finish(outcome)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def run_sweep(
    base: str | Path | ResolvedScenario | None,
    axes: Sequence[SweepAxis],
    out_dir: str | Path,
    *,
    scenario: str = "baseline",
    overrides: Sequence[str] | Mapping[str, Any] = (),
    catalogue: Catalogue | None = None,
    workers: int = 0,
    scheduler: str | None = None,
    resume: bool = False,
    overwrite: bool = False,
    on_point: PointCallback | None = None,
    validate: bool = True,
    lang: str = "en",
) -> pd.DataFrame:
    """Solve a grid of settings and write the sweep folder.

    Parameters
    ----------
    base : str, pathlib.Path, optimiser.scenario.ResolvedScenario or None
        Model file (default the built-in model), or a scenario already resolved.
    axes : sequence of SweepAxis
        Settings to vary (:func:`parse_vary`); the grid is their cartesian product.
    out_dir : str or pathlib.Path
        Sweep folder: ``sweep.json``, ``points/`` (one folder per point, a results folder
        when optimal), ``sweep.csv``, ``pareto.png``, ``report.html``.
    scenario : str
        Scenario of the model file (ignored for a resolved scenario).
    overrides : sequence of str or mapping
        ``KEY=VALUE`` settings applied to the base scenario (as ``--set``).
    catalogue : optimiser.data.catalogue.Catalogue, optional
        Regional data; default the scenario's catalogue, loaded once per worker.
    workers : int
        Dask worker processes on this machine; 0 solves in this process, one point after the
        other.
    scheduler : str, optional
        Address of a running Dask scheduler to use instead.
    resume : bool
        Continue a sweep in ``out_dir``, solving only the points not yet written.
    overwrite : bool
        Start again: the new sweep is written beside an existing ``out_dir``
        (:func:`staging_dir`) and replaces it once complete; interrupted, the old sweep stays
        and ``resume`` continues the new one.
    on_point : callable, optional
        Called with each point's record once it is written.
    validate : bool
        Dispatch each optimal point's plan over the full year once it is written
        (``validation/`` in its folder); ``sweep.csv`` gives the verdict in
        ``holds_over_full_year`` and the ``full_year_*`` columns.
    lang : str
        ``en``, or ``zh`` for ``report-zh.html`` and ``pareto-zh.png`` as well; refused
        before any solve when no CJK font is installed.

    Returns
    -------
    pandas.DataFrame
        The table written to ``sweep.csv``.
    """
    from optimiser.paths import default_model_path
    from optimiser.words import resolve_language

    resolve_language(lang)  # Chinese without a CJK font: refused before any solve
    from optimiser.scenario import resolve_scenario

    if not axes:
        raise InputError("--vary", "", "give at least one setting to vary")
    if isinstance(base, ResolvedScenario):
        resolved = apply_overrides(
            base,
            dict(map(parse_override, overrides))
            if not isinstance(overrides, Mapping)
            else overrides,
        )
    else:
        resolved = resolve_scenario(base or default_model_path(), scenario, overrides)
    grid = sweep_grid(axes)
    for values in grid:
        apply_overrides(resolved, values)  # every point is valid before any is solved
    target = Path(out_dir)
    # The folder's model file is recorded from the target; the staging folder lies beside it.
    spec = _sweep_spec(resolved, axes, target)
    out_dir = working_dir(target, resume=resume, overwrite=overwrite)
    prepare_sweep_dir(out_dir, spec, resume=resume, overwrite=overwrite)
    done = read_points(out_dir) if resume else {}
    todo = [values for values in grid if point_id(values) not in done]

    keys = [axis.key for axis in axes]

    def finish(outcome: PointOutcome) -> None:
        record = outcome.record
        folder = write_point(
            out_dir / "points", point_name(record["values"], keys), record, outcome.result
        )
        if validate and outcome.result is not None:
            # The point's plan is written first: a failed check cannot lose it.
            validation = validate_results_dir(folder, catalogue)
            record.update(verdict_columns({"validation": validation.summary}))
            rewrite_record(folder, record)
        done[record["point_id"]] = record
        if on_point is not None:
            on_point(record)

    if todo and workers > 0 and scheduler is None:
        check_workers(workers)
    if todo and workers <= 0 and scheduler is None:
        if catalogue is None:
            from optimiser.data.catalogue import load_catalogue

            catalogue = load_catalogue(resolved.catalogue_path)
        _run_serial(catalogue, resolved, todo, finish)
    elif todo:
        _run_dask(catalogue, resolved, todo, finish, workers=max(workers, 1), scheduler=scheduler)
    table = sweep_table([done[point_id(values)] for values in grid], axes)
    write_sweep_outputs(out_dir, table, axes, lang)
    finish_sweep_dir(out_dir, target)
    return table
