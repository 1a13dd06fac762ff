"""Write a solved plan to a results directory, whole or not at all, and read it back.

Last stage of the pipeline. Everything is written into a temporary folder beside the target,
audited again from the files, and only then renamed into place (an atomic rename on one file
system), so an interrupted run leaves no partial directory. An existing directory is never
replaced unless the caller asks to overwrite.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pandas as pd
import yaml

from optimiser.errors import OutputError
from optimiser.files import make_shareable
from optimiser.lp.units import CNY_PER_KCNY
from optimiser.paths import recorded_model_file, recorded_model_path
from optimiser.results.grid_tables import grid_table
from optimiser.results.plan_files import read_inputs, read_plan, write_inputs
from optimiser.results.supply_tables import flexible_load_table
from optimiser.results.tables import SolveResult

RESULT_FILES = (
    "summary.json",
    "clusters.csv",
    "allocation.csv",
    "corridors.csv",
    "hourly.parquet",
    "plan/latency_hourly.parquet",
    "plan/corridor_hourly.parquet",
)


NUMBERED_NAME = re.compile(r"^(?P<stem>.+)-(?P<number>\d{3,})$")
"""A numbered folder name, ``<stem>-<nnn>``, as :func:`next_free_dir` makes them."""


def next_free_dir(stem: str, root: Path | None = None) -> Path:
    """Return the first ``<root>/<stem>-<nnn>`` that does not exist yet (root: ``results``)."""
    root = root or Path("results")
    number = 1
    while (root / f"{stem}-{number:03d}").exists():
        number += 1
    return root / f"{stem}-{number:03d}"


def _move_into_place(staging: Path, out_dir: Path, renumber: bool) -> Path:
    """Rename a complete staging folder to ``out_dir``, which must not exist.

    A rename onto an existing folder with files fails, so two runs can never publish into one
    folder. When ``renumber`` is set and another run took ``out_dir`` meanwhile (two
    ``dcsite solve`` at once in one results root), the next free number is taken instead.
    """
    while True:
        try:
            if out_dir.exists():
                raise FileExistsError(errno.EEXIST, "exists", str(out_dir))
            staging.rename(out_dir)
            return out_dir
        except OSError as error:
            taken = error.errno in {errno.EEXIST, errno.ENOTEMPTY}
            match = NUMBERED_NAME.match(out_dir.name)
            if not (taken and renumber and match):
                if taken:
                    raise OutputError(
                        f"{out_dir}: already exists; choose another --out or pass --overwrite"
                    ) from None
                raise
            out_dir = next_free_dir(match["stem"], out_dir.parent)


def default_output_dir(result: SolveResult, root: Path | None = None) -> Path:
    """Return a new folder name for a run: ``results/<model>-<scenario>-<n>``."""
    return next_free_dir(f"{result.scenario.model_name}-{result.scenario.scenario_name}", root)


def _json_default(value: Any) -> Any:
    if isinstance(value, Path):
        return str(value)
    if hasattr(value, "item"):
        return value.item()
    msg = f"cannot write {type(value).__name__} to JSON"
    raise TypeError(msg)


def write_summary(
    folder: Path,
    summary: Mapping[str, Any],
    model_path: str | Path,
    *,
    default: Callable[[Any], Any] = _json_default,
) -> None:
    """Write a run's ``summary.json``: its figures and the model file it was solved from.

    Parameters
    ----------
    folder : pathlib.Path
        The folder being written.
    summary : mapping
        The run's headline figures and settings.
    model_path : str or pathlib.Path
        The model file, recorded as seen from ``folder``
        (:func:`optimiser.paths.recorded_model_path`).
    default : callable
        How a value JSON cannot write is written (``default`` of :func:`json.dump`).
    """
    model = recorded_model_path(model_path, folder)
    with (folder / "summary.json").open("w", encoding="utf-8") as stream:
        json.dump(
            {**summary, "model_path": model}, stream, indent=2, ensure_ascii=False, default=default
        )


def write_result_files(result: SolveResult, folder: Path) -> None:
    """Write every table of a result into ``folder`` (which must exist and be empty)."""
    write_summary(folder, result.summary, result.scenario.model_path)
    result.clusters.to_csv(folder / "clusters.csv", index=False)
    result.allocation.to_csv(folder / "allocation.csv", index=False)
    result.corridors.to_csv(folder / "corridors.csv", index=False)
    result.hourly.to_parquet(folder / "hourly.parquet", index=False)
    flexible_load_table(result.plan, result.inputs).to_csv(
        folder / "flexible_load.csv", index=False
    )
    grid_table(result.hourly, result.inputs).to_csv(folder / "grid.csv", index=False)
    (folder / "plan").mkdir()
    result.plan.sites.to_csv(folder / "plan" / "sites.csv")
    result.plan.latency_hourly.to_parquet(folder / "plan" / "latency_hourly.parquet", index=False)
    result.plan.corridor_hourly.to_parquet(folder / "plan" / "corridor_hourly.parquet", index=False)
    result.plan.long_duration_hourly.to_parquet(
        folder / "plan" / "long_duration_hourly.parquet", index=False
    )
    result.plan.flexible_allocation.to_csv(folder / "plan" / "flexible_allocation.csv", index=False)
    scenario = result.scenario
    dump = {
        "model": scenario.model_name,
        "model_path": recorded_model_path(scenario.model_path, folder),
        "scenario": scenario.scenario_name,
        "overrides": scenario.overrides,
        "settings": scenario.settings.model_dump(mode="json"),
    }
    write_inputs(result.inputs, folder / "inputs", dump)


def write_text_atomically(path: Path, text: str) -> None:
    """Write a file whole or not at all (a temporary file renamed into place)."""
    handle, temporary = tempfile.mkstemp(
        prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent
    )
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        make_shareable(temporary)  # mkstemp's file is private; results are for sharing
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def update_summary(folder: Path, entries: Mapping[str, Any]) -> None:
    """Add or replace top-level entries of a written folder's ``summary.json``, atomically.

    Used after the plan is written and audited, to record what became of the maps and the
    report; the plan's own figures are never changed.
    """
    path = folder / "summary.json"
    summary = json.loads(path.read_text(encoding="utf-8"))
    summary.update(entries)
    handle, temporary = tempfile.mkstemp(prefix=".summary.", suffix=".json", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(summary, stream, indent=2, ensure_ascii=False, default=_json_default)
        os.chmod(temporary, path.stat().st_mode & 0o777)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


LOADED_FILES = (*RESULT_FILES, "plan/sites.csv", "plan/flexible_allocation.csv")
"""The files :func:`load_results` reads besides ``inputs/``."""


TEXT_COLUMNS = ("clusters_in_reach", "clusters_in_reach_wheeled", "clusters_served", "use")
"""Text columns of the output tables that may be empty in every row (read back as text)."""


def _read_table(path: Path) -> pd.DataFrame:
    """Read a written CSV table back as it was written: an empty text cell stays ``""``."""
    table = pd.read_csv(path, dtype=dict.fromkeys(TEXT_COLUMNS, str))
    for column in table.select_dtypes(include=["object", "string"]).columns:
        table[column] = table[column].fillna("")
    return table


def load_results(folder: str | Path) -> SolveResult:
    """Read a results folder back as the :class:`SolveResult` that solved it.

    The same object :func:`optimiser.solve` returns: headline figures, the output tables, the
    decisions (``plan/``), the inputs (``inputs/``) and the resolved scenario, read from the
    folder alone (no solve, no catalogue).

    Parameters
    ----------
    folder : str or pathlib.Path
        A results folder written by ``dcsite solve`` (or by a comparison, per scenario).

    Returns
    -------
    optimiser.results.tables.SolveResult
        The plan; ``timings``, ``sizes`` and ``solver`` as recorded in ``summary.json``.

    Raises
    ------
    optimiser.errors.InputError
        When the folder is not a complete results folder.

    Examples
    --------
    >>> result = optimiser.load_results("results/national-2025-baseline-001")  # doctest: +SKIP
    >>> result.summary["objective_cny_per_year"]  # doctest: +SKIP
    """
    from optimiser.errors import InputError
    from optimiser.scenario import ResolvedScenario

    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(folder, "", "not a results folder (no such folder)")
    for name in (*LOADED_FILES, "inputs/scenario.yaml"):
        if not (folder / name).exists():
            raise InputError(folder, name, "not a complete results folder (file missing)")
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    with (folder / "inputs" / "scenario.yaml").open(encoding="utf-8") as stream:
        dump = yaml.safe_load(stream)
    inputs = read_inputs(folder)
    catalogue_path = summary.get("catalogue_path")
    scenario = ResolvedScenario(
        model_path=recorded_model_file(dump["model_path"], folder),
        model_name=dump["model"],
        scenario_name=dump["scenario"],
        description=summary.get("description", ""),
        overrides=dict(dump.get("overrides") or {}),
        catalogue_path=Path(catalogue_path) if catalogue_path else None,
        settings=inputs.settings,
    )
    return SolveResult(
        summary=summary,
        clusters=_read_table(folder / "clusters.csv"),
        allocation=_read_table(folder / "allocation.csv"),
        corridors=_read_table(folder / "corridors.csv"),
        hourly=pd.read_parquet(folder / "hourly.parquet"),
        plan=read_plan(folder),
        inputs=inputs,
        scenario=scenario,
        timings={key: float(value) for key, value in summary.get("timings_s", {}).items()},
        sizes={key: int(value) for key, value in summary.get("sizes", {}).items()},
        solver={key: str(value) for key, value in summary.get("solver", {}).items()},
        objective_kcny=summary["objective_cny_per_year"] / CNY_PER_KCNY,
    )


AUDITED_FILES = ("summary.json", "hourly.parquet", "plan/sites.csv", "inputs/scenario.yaml")
"""The files that make a folder a results folder the audit can re-check."""


def _audit_stand_in(folder: Path) -> SimpleNamespace:
    """Read what the audit needs from a results folder (plan, ``inputs/``, summary)."""
    from optimiser.errors import InputError

    for name in AUDITED_FILES:
        if not (folder / name).exists():
            raise InputError(folder, name, "not a complete results directory (file missing)")
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    return SimpleNamespace(
        plan=read_plan(folder),
        inputs=read_inputs(folder),
        summary=dict(summary),
        objective_kcny=summary["objective_cny_per_year"] / CNY_PER_KCNY,
    )


def audit_results_dir(folder: str | Path) -> list[str]:
    """Re-audit a results directory from its files alone (plan, ``inputs/``, summary).

    Returns
    -------
    list of str
        The checks passed.

    Raises
    ------
    optimiser.errors.InputError
        When the folder is not a complete results directory.
    optimiser.errors.AuditError
        When the plan breaks a rule.
    """
    from optimiser.results.audit import audit_plan

    return audit_plan(_audit_stand_in(Path(folder)))  # type: ignore[arg-type]


@dataclass(frozen=True)
class FolderAudit:
    """The audit of one results folder among many (a comparison's scenarios, a sweep's points).

    Attributes
    ----------
    folder : pathlib.Path
        The results folder.
    passed : list of str
        The checks passed.
    failed : dict of str to str
        Each failed check and why; a folder that could not be read has one entry, ``read``.
    """

    folder: Path
    passed: list[str]
    failed: dict[str, str]

    @property
    def status(self) -> str:
        """``passed`` or ``failed``."""
        return "failed" if self.failed else "passed"


def is_results_folder(folder: Path) -> bool:
    """Return whether ``folder`` holds a plan: ``summary.json`` and the plan tables."""
    return all((folder / name).exists() for name in AUDITED_FILES)


def is_pathway_dir(folder: Path) -> bool:
    """Whether ``folder`` is a pathway's results folder (``summary.json`` of kind ``pathway``)."""
    summary = Path(folder) / "summary.json"
    if not summary.is_file() or not (Path(folder) / "periods").is_dir():
        return False
    return json.loads(summary.read_text(encoding="utf-8")).get("kind") == "pathway"


def period_folders(folder: str | Path) -> list[Path]:
    """Return a pathway folder's period results folders (``periods/<year>/``), in year order."""
    return find_results_folders(Path(folder) / "periods", depth=1)


def find_results_folders(folder: str | Path, depth: int = 2) -> list[Path]:
    """Return the results folders in ``folder`` (itself, or up to ``depth`` levels down), sorted.

    A comparison holds one per scenario; a sweep one per point under ``points/``. A results
    folder's own sub-folders (``inputs/``, ``validation/``...) are not searched.
    """
    folder = Path(folder)
    if is_results_folder(folder):
        return [folder]
    if depth <= 0 or not folder.is_dir():
        return []
    found: list[Path] = []
    for child in sorted(folder.iterdir()):
        if child.is_dir() and not child.name.startswith("."):  # not staging folders
            found += find_results_folders(child, depth - 1)
    return found


def audit_folders(folder: str | Path) -> list[FolderAudit]:
    """Re-audit every results folder in ``folder``: itself, or a comparison's or sweep's.

    Every check runs on every folder, so a folder that fails says all it breaks; one that
    cannot be read fails with the check ``read``.

    Parameters
    ----------
    folder : str or pathlib.Path
        A results folder, or a folder holding results folders one or two levels down (a
        comparison folder, a sweep folder).

    Returns
    -------
    list of FolderAudit
        One per results folder, in path order.

    Raises
    ------
    optimiser.errors.InputError
        When ``folder`` holds no results folder.

    Examples
    --------
    >>> audits = optimiser.audit_folders("results/compare-001")  # doctest: +SKIP
    >>> [audit.status for audit in audits]  # doctest: +SKIP
    ['passed', 'passed']
    """
    from optimiser.errors import InputError
    from optimiser.results.audit import audit_every_check

    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(folder, "", "no such folder")
    found = find_results_folders(folder)
    if not found:
        raise InputError(
            folder,
            "",
            "no results folder in it (looked for summary.json with the plan tables in the "
            "folder and one and two levels down)",
        )
    audits = []
    for path in found:
        try:
            passed, failed = audit_every_check(_audit_stand_in(path))  # type: ignore[arg-type]
        except Exception as error:  # one unreadable point must not hide the others
            passed, failed = [], {"read": f"{type(error).__name__}: {error}"}
        audits.append(FolderAudit(path, passed, failed))
    return audits


def audit_written(result: SolveResult, folder: Path) -> None:
    """Audit the plan as read back from the files, so what was written is what was checked."""
    audit_results_dir(folder)


def check_output_dir(out_dir: Path, overwrite: bool) -> None:
    """Check a results directory can be written, before any work is done.

    Raises
    ------
    optimiser.errors.OutputError
        When it exists (and ``overwrite`` is false) or its parent is not writable.
    """
    if out_dir.exists() and not overwrite:
        raise OutputError(f"{out_dir}: already exists; choose another --out or pass --overwrite")
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"{out_dir}: exists and is not a directory")
    parent = out_dir.resolve().parent
    existing = parent
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
        raise OutputError(f"{out_dir}: cannot write here ({existing} is not writable)")
    try:  # permissions can say yes where the file system says no (/proc, read-only mounts)
        probe = tempfile.mkdtemp(prefix=".dcsite-probe-", dir=existing)
    except OSError as error:
        raise OutputError(f"{out_dir}: cannot write here ({error.strerror})") from None
    os.rmdir(probe)


def write_results(
    result: SolveResult,
    out_dir: str | Path,
    *,
    overwrite: bool = False,
    extra: Callable[[Path], None] | None = None,
    renumber: bool = False,
    audit_files: bool = True,
) -> Path:
    """Write a result directory atomically.

    Parameters
    ----------
    result : SolveResult
        The audited plan.
    out_dir : str or pathlib.Path
        Target folder; must not exist unless ``overwrite``.
    overwrite : bool
        Replace an existing folder (only once the new one is complete).
    extra : callable, optional
        Writes more files into the temporary folder before it is moved (tables that belong to
        the plan, such as a comparison's prices; maps and report follow separately, see
        :func:`optimiser.pipeline.write_decorations`).
    renumber : bool
        ``out_dir`` is a numbered default (``<stem>-<nnn>``): if another run takes that name
        first, take the next free number rather than fail.
    audit_files : bool
        Audit the plan again as read back from the written files before the folder is moved
        into place (default). Sweeps, whose every point was audited in memory when solved,
        skip it to keep points cheap; ``dcsite audit`` re-checks their folders from the files.

    Returns
    -------
    pathlib.Path
        The folder written.
    """

    def fill(staging: Path) -> None:
        write_result_files(result, staging)
        if audit_files:
            audit_written(result, staging)
        if extra is not None:
            extra(staging)

    return write_folder_atomically(out_dir, fill, overwrite=overwrite, renumber=renumber)


def replace_folder(complete: Path, out_dir: Path) -> None:
    """Put a complete folder in the place of an existing ``out_dir``, by renames.

    The old folder is renamed aside first and removed only once the new one is in place; when
    interrupted in between, the old one comes back. ``complete`` must lie beside ``out_dir``
    (the same file system), as :func:`write_folder_atomically`'s staging folder and a sweep's
    (:func:`optimiser.studies.sweep_folder.staging_dir`) do.
    """
    aside = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
    aside.rmdir()
    out_dir.rename(aside)
    try:
        complete.rename(out_dir)
    except BaseException:
        if not out_dir.exists():
            aside.rename(out_dir)  # interrupted while swapping: the earlier folder comes back
        raise
    shutil.rmtree(aside, ignore_errors=True)


def write_folder_atomically(
    out_dir: str | Path,
    fill: Callable[[Path], None],
    *,
    overwrite: bool = False,
    renumber: bool = False,
) -> Path:
    """Fill a temporary folder beside ``out_dir``, then rename it into place.

    Parameters
    ----------
    out_dir : str or pathlib.Path
        Target folder; must not exist unless ``overwrite``.
    fill : callable
        Writes (and checks) everything into the temporary folder it is given; if it raises,
        nothing is left behind.
    overwrite : bool
        Replace an existing folder (only once the new one is complete).
    renumber : bool
        ``out_dir`` is a numbered default: take the next free number if another run took it.

    Returns
    -------
    pathlib.Path
        The folder written.
    """
    out_dir = Path(out_dir)
    check_output_dir(out_dir, overwrite)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    prefix = f".{out_dir.name}.partial-"
    staging: Path | None = None
    try:
        staging = Path(tempfile.mkdtemp(prefix=prefix, dir=out_dir.parent))
        make_shareable(staging)  # mkdtemp's folder is private; results are for sharing
        fill(staging)
        if overwrite and out_dir.exists():
            replace_folder(staging, out_dir)
        else:
            out_dir = _move_into_place(staging, out_dir, renumber)
    except BaseException:
        # Any failure or interruption (Ctrl-C, SIGTERM) leaves nothing, not even a staging
        # folder whose name was not yet returned when the interruption came.
        leftovers = [staging] if staging is not None else list(out_dir.parent.glob(f"{prefix}*"))
        for leftover in leftovers:
            shutil.rmtree(leftover, ignore_errors=True)
        raise
    return out_dir
