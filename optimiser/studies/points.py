"""The points of a sweep on disk: one folder each, named by its settings, written whole.

Used by :mod:`optimiser.studies.sweep`. Each point of a sweep is a folder of ``points/``,
named readably by the values of the varied settings (:func:`point_name`, e.g.
``points/green_share_target=0.85``). It always holds ``point.json`` (the point's record: its
values, status, headline figures, HiGHS's time); an optimal point's folder is also an ordinary
results folder, with the tables, ``plan/``, ``inputs/`` and ``summary.json`` that
``dcsite solve`` writes (:func:`optimiser.results.folder.write_results`), so it loads with
:func:`optimiser.load_results` and passes ``dcsite audit``. Maps and the report are not drawn
per point (they take seconds each); ``dcsite map`` and ``dcsite report`` draw them on any point
folder. A folder is written into a staging folder beside it and renamed into place once
complete, so an interrupted sweep leaves only whole points, which ``--resume`` reads back.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from optimiser.files import make_shareable
from optimiser.results.folder import write_results, write_text_atomically
from optimiser.results.tables import SolveResult

POINT_RECORD = "point.json"
"""The record of a point, in its folder."""

MAX_NAME_LENGTH = 120
"""Longest folder name of a point [characters]; longer names are cut and end in a hash."""

_UNSAFE = re.compile(r"[^A-Za-z0-9._=,+-]")


def _value_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)  # the shortest text that reads back as the same number
    if isinstance(value, int | str):
        return str(value)
    return json.dumps(value, sort_keys=True, default=str)


def point_name(values: Mapping[str, Any], keys: Sequence[str]) -> str:
    """Return the folder name of a point: ``setting=value`` per varied setting, joined by ``,``.

    A setting is named by the last part of its dotted key, or the whole key where two varied
    settings share that last part. Characters other than letters, digits and ``._=,+-`` become
    ``_``; when that changed a value, or the name is longer than :data:`MAX_NAME_LENGTH`, a
    short hash of the values keeps the name unique.

    Examples
    --------
    >>> point_name({"policy.green_share_target": 0.85}, ["policy.green_share_target"])
    'green_share_target=0.85'
    >>> point_name({"a.scale": 2, "b.x": "on"}, ["a.scale", "b.x"])
    'scale=2,x=on'
    """
    lasts = [key.rsplit(".", 1)[-1] for key in keys]
    parts = []
    for key, last in zip(keys, lasts, strict=True):
        label = last if lasts.count(last) == 1 else key
        parts.append(f"{label}={_value_text(values.get(key))}")
    raw = ",".join(parts)
    name = _UNSAFE.sub("_", raw)
    if name != raw or len(name) > MAX_NAME_LENGTH or name.startswith("."):
        text = json.dumps(values, sort_keys=True, default=str)
        digest = hashlib.sha256(text.encode()).hexdigest()[:8]
        name = f"{name[: MAX_NAME_LENGTH - 9].lstrip('.')}-{digest}"
    return name


def _write_record(folder: Path, record: Mapping[str, Any]) -> None:
    with (folder / POINT_RECORD).open("w", encoding="utf-8") as stream:
        json.dump(record, stream, indent=2, default=str, allow_nan=True)


def rewrite_record(folder: Path, record: Mapping[str, Any]) -> None:
    """Replace a written point's ``point.json`` whole (e.g. once its plan is validated)."""
    text = json.dumps(record, indent=2, default=str, allow_nan=True)
    write_text_atomically(folder / POINT_RECORD, text)


def write_point(
    points_dir: Path, name: str, record: Mapping[str, Any], result: SolveResult | None
) -> Path:
    """Write one point's folder whole: a results folder with ``point.json``, or the record alone.

    Parameters
    ----------
    points_dir : pathlib.Path
        The sweep's ``points/`` folder.
    name : str
        The point's folder name (:func:`point_name`).
    record : mapping
        The point's record (status, values, figures).
    result : optimiser.results.tables.SolveResult or None
        The audited plan of an optimal point; None for an infeasible or failed one.

    Returns
    -------
    pathlib.Path
        The folder written.
    """
    target = points_dir / name
    if result is not None:
        # Audited in memory when solved; the re-audit from the files is left to dcsite audit.
        return write_results(
            result,
            target,
            audit_files=False,
            extra=lambda staging: _write_record(staging, record),
        )
    staging = Path(tempfile.mkdtemp(prefix=f".{name}.partial-", dir=points_dir))
    try:
        make_shareable(staging)  # mkdtemp's folder is private; a sweep is for sharing
        _write_record(staging, record)
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def read_point_records(points_dir: Path) -> list[dict[str, Any]]:
    """Read the records of the points written so far (whole folders only).

    Staging folders left by a killed sweep (``.<name>.partial-*``) are removed.
    """
    records: list[dict[str, Any]] = []
    if not points_dir.is_dir():
        return records
    for path in sorted(points_dir.iterdir()):
        if path.name.startswith("."):
            if ".partial-" in path.name and path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            continue
        record_path = path / POINT_RECORD
        if record_path.is_file():
            with record_path.open(encoding="utf-8") as stream:
                records.append(json.load(stream))
    return records
