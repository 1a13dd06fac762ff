"""The folder a sweep writes into: made, resumed, or staged beside the one it replaces.

Part of :mod:`optimiser.studies.sweep`. A sweep writes each point as it is solved, so it can
resume; an overwriting sweep is written into a staging folder beside the old one and takes
its place only once complete (:func:`finish_sweep_dir`), so an interrupted overwrite leaves
the old sweep whole.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from optimiser.errors import OutputError
from optimiser.files import make_shareable
from optimiser.results.folder import replace_folder
from optimiser.studies.points import read_point_records


def write_json(path: Path, content: Mapping[str, Any]) -> None:
    """Write a JSON file atomically (temporary file, then rename)."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(content, stream, indent=2, default=str, allow_nan=True)
        make_shareable(temporary)  # mkstemp's file is private; a sweep is for sharing
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_points(out_dir: Path) -> dict[str, dict[str, Any]]:
    """Read the records of the points already written to ``out_dir/points``, by point id."""
    return {record["point_id"]: record for record in read_point_records(out_dir / "points")}


def staging_dir(out_dir: Path) -> Path:
    """Return where an overwriting sweep is written until it is complete: beside ``out_dir``."""
    return out_dir.with_name(f".{out_dir.name}.overwrite")


def working_dir(out_dir: Path, *, resume: bool, overwrite: bool) -> Path:
    """Return the folder a sweep writes its points into.

    ``out_dir`` itself, unless the sweep replaces an existing folder (``overwrite``) or resumes
    such a sweep (``resume`` with its staging folder left): then :func:`staging_dir`, which
    takes ``out_dir``'s place only once the sweep is complete (:func:`finish_sweep_dir`), so an
    interrupted overwrite leaves the old sweep as it was.
    """
    staged = staging_dir(out_dir)
    if (overwrite and out_dir.exists()) or (resume and not overwrite and staged.exists()):
        return staged
    return out_dir


def finish_sweep_dir(work_dir: Path, out_dir: Path) -> None:
    """Put a complete sweep written into its staging folder in ``out_dir``'s place."""
    if work_dir == out_dir:
        return
    if out_dir.exists():
        replace_folder(work_dir, out_dir)
    else:
        work_dir.rename(out_dir)


def prepare_sweep_dir(
    out_dir: Path, spec: dict[str, Any], *, resume: bool, overwrite: bool
) -> None:
    """Create the folder a sweep writes into, or check it holds the same sweep when resuming.

    ``out_dir`` is the folder of :func:`working_dir`: with ``overwrite``, a staging folder
    made afresh (one left by an interrupted overwrite is started again).

    Raises
    ------
    optimiser.errors.OutputError
        When it exists and neither ``resume`` nor ``overwrite`` is given, or when resuming a
        folder of another model, scenario or base settings.
    """
    spec_path = out_dir / "sweep.json"
    if out_dir.exists() and resume:
        if not spec_path.exists():
            raise OutputError(f"{out_dir}: not a sweep folder (no sweep.json) to resume")
        with spec_path.open(encoding="utf-8") as stream:
            previous = json.load(stream)
        for key in ("model", "scenario", "overrides"):
            if json.dumps(previous.get(key), default=str) != json.dumps(spec[key], default=str):
                raise OutputError(
                    f"{out_dir}: cannot resume, it holds a sweep of another "
                    f"{key} ({previous.get(key)!r})"
                )
        (out_dir / "points").mkdir(exist_ok=True)
        write_json(spec_path, {**previous, **spec, "created": previous.get("created")})
        return
    if out_dir.exists() and not overwrite:
        raise OutputError(
            f"{out_dir}: already exists; pass --resume to continue the sweep "
            "or --overwrite to start again"
        )
    if out_dir.exists():
        shutil.rmtree(out_dir)  # a staging folder: the folder it will replace is kept meanwhile
    (out_dir / "points").mkdir(parents=True)
    created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    write_json(spec_path, {**spec, "created": created})


__all__ = [
    "finish_sweep_dir",
    "prepare_sweep_dir",
    "read_points",
    "staging_dir",
    "working_dir",
    "write_json",
]
