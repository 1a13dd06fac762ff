"""Read and validate model files: the scenario settings a planner runs and edits.

A model file (YAML, in ``models/``) holds ``base`` settings and named ``scenarios``; each
scenario names a ``parent`` (another scenario, or the base) and lists only the ``changes`` it
makes. :func:`resolve_scenario` merges the chain, applies command-line overrides
(``--set policy.green_share_target=0.9``) and validates the result with the pydantic models
of :mod:`optimiser.settings` (``extra="forbid"``: an unknown key is an error, never ignored).
Units live in field names; every field has a description, which ``dcsite scenarios`` lists.
"""

from __future__ import annotations

import copy
import difflib
import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
)

from optimiser.errors import InputError, did_you_mean
from optimiser.paths import default_models_dir
from optimiser.settings import (
    ScenarioSettings,
    Settings,
)

BASE = "base"


class ScenarioEntry(Settings):
    """One named scenario in a model file."""

    description: str = Field("", description="What the scenario asks.")
    parent: str = Field(BASE, description="Scenario it inherits from (`base` for the base).")
    changes: dict[str, Any] = Field(
        default_factory=dict, description="Settings it changes, nested as in `base`."
    )


class ModelFile(Settings):
    """A model file: base settings and named scenarios."""

    name: str = Field(description="Short name of the model.")
    description: str = Field("", description="What the model represents.")
    catalogue: Path | None = Field(
        None, description="Catalogue folder, relative to the model file; null for built-in."
    )
    base: dict[str, Any] = Field(default_factory=dict, description="Base settings.")
    scenarios: dict[str, ScenarioEntry] = Field(description="Named scenarios.")


class ResolvedScenario(BaseModel):
    """A scenario ready to build: its settings and where they came from."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    model_path: Path
    model_name: str
    scenario_name: str
    description: str
    overrides: dict[str, Any]
    catalogue_path: Path | None
    settings: ScenarioSettings


def built_in_models() -> list[str]:
    """Return the names of the built-in models (``models/*.yaml``), e.g. ``pathway-2030``."""
    return sorted(path.stem for path in default_models_dir().glob("*.yaml"))


def built_in_model_hint(path: Path) -> str:
    """Return ``" (did you mean 'x', a built-in model?)"`` for a mistyped model name, or "".

    Examples
    --------
    >>> built_in_model_hint(Path("pathway2030"))
    " (did you mean 'pathway-2030', a built-in model?)"
    """
    hint = did_you_mean(path.stem, built_in_models()) if path.suffix in {"", ".yaml"} else ""
    return f"{hint[:-2]}, a built-in model?)" if hint else ""


def read_yaml(path: Path) -> Any:
    """Read a YAML file safely (no user code is ever evaluated)."""
    if not path.exists():
        raise InputError(path, "", f"file does not exist{built_in_model_hint(path)}")
    if path.is_dir():
        raise InputError(path, "", "is a folder; expected a model file (YAML)")
    try:
        with path.open(encoding="utf-8") as stream:
            return yaml.safe_load(stream)
    except OSError as error:
        raise InputError(path, "", f"cannot be read ({error.strerror or error})") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None) or "malformed YAML"
        raise InputError(path, where, f"malformed YAML: {problem}") from None
    except UnicodeDecodeError:
        raise InputError(path, "", "not a UTF-8 text file") from None


def describe_validation_error(error: ValidationError) -> tuple[str, str]:
    """Return the dotted location and a plain message of a pydantic error's first item."""
    first = error.errors()[0]
    location = ".".join(str(part) for part in first["loc"])
    value = first.get("input")
    message = first["msg"]
    if first["type"] == "extra_forbidden":
        message = "unknown key" + did_you_mean(location, (key for key, *_ in settable_keys()))
    context = first.get("ctx") or {}
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and context.get("le") == 1
        and value > 1
    ):
        message += " (a fraction 0-1: was a percentage given?)"
    if first["type"] not in {"extra_forbidden", "missing"}:
        message += f"; got {value!r}"
    return location, message


def load_model_file(path: str | Path) -> ModelFile:
    """Read and validate a model file's structure.

    Parameters
    ----------
    path : str or pathlib.Path
        The YAML model file.
    """
    path = Path(path)
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise InputError(path, "", "expected a mapping with keys name, base and scenarios")
    try:
        model = ModelFile.model_validate(raw)
    except ValidationError as error:
        location, message = describe_validation_error(error)
        raise InputError(path, location, message) from None
    if not model.scenarios:
        raise InputError(path, "scenarios", "at least one scenario is needed")
    if BASE in model.scenarios:
        raise InputError(path, f"scenarios.{BASE}", f"'{BASE}' is reserved for the base settings")
    for name in model.scenarios:  # a broken scenario anywhere makes the whole file invalid
        scenario_settings(model, name, path)
    return model


def scenario_settings(model: ModelFile, name: str, path: Path) -> dict[str, Any]:
    """Merge a scenario's chain of changes onto the base and validate every step.

    Parameters
    ----------
    model : ModelFile
        The model file's structure.
    name : str
        The scenario.
    path : pathlib.Path
        The model file, for error messages.

    Returns
    -------
    dict
        The merged settings (before command-line overrides).

    Raises
    ------
    optimiser.errors.InputError
        Naming ``base.<key>`` or ``scenarios.<name>.changes.<key>``, whichever step is wrong.
    """
    chain = scenario_chain(model, name, path)
    merged: dict[str, Any] = copy.deepcopy(model.base)
    try:
        ScenarioSettings.model_validate(merged)
    except ValidationError as error:
        location, message = describe_validation_error(error)
        raise InputError(path, f"base.{location}", message) from None
    for step in chain:
        merged = deep_merge(merged, model.scenarios[step].changes)
        try:
            ScenarioSettings.model_validate(merged)
        except ValidationError as error:
            location, message = describe_validation_error(error)
            raise InputError(path, f"scenarios.{step}.changes.{location}", message) from None
    return merged


def deep_merge(base: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """Return ``base`` with ``changes`` applied; nested mappings merge, other values replace."""
    merged = copy.deepcopy(dict(base))
    for key, value in changes.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def scenario_chain(model: ModelFile, name: str, path: Path) -> list[str]:
    """Return the inheritance chain of a scenario, base first, checking for cycles.

    Raises
    ------
    optimiser.errors.InputError
        Unknown scenario, a parent that does not exist, or a cycle.
    """
    if name not in model.scenarios:
        known = ", ".join(model.scenarios)
        hint = unknown_scenario_hint(name, path, model.scenarios)
        raise InputError(path, "scenarios", f"unknown scenario {name!r}{hint}; known: {known}")
    chain: list[str] = []
    current = name
    while current != BASE:
        if current in chain:
            cycle = " -> ".join([*reversed(chain), current])
            raise InputError(path, f"scenarios.{current}.parent", f"inheritance cycle: {cycle}")
        chain.append(current)
        parent = model.scenarios[current].parent
        if parent != BASE and parent not in model.scenarios:
            raise InputError(
                path, f"scenarios.{current}.parent", f"parent scenario {parent!r} does not exist"
            )
        current = parent
    return list(reversed(chain))


def built_in_scenarios(besides: Path) -> dict[str, list[str]]:
    """Return the scenario names of each built-in model other than the file ``besides``.

    Read without validating the settings: only the names are wanted, for an error message.
    """
    found: dict[str, list[str]] = {}
    for other in sorted(default_models_dir().glob("*.yaml")):
        if other.resolve() == besides.resolve():
            continue
        try:
            raw = read_yaml(other)
        except InputError:  # a broken built-in model is reported when it is used, not here
            continue
        scenarios = raw.get("scenarios") if isinstance(raw, dict) else None
        if isinstance(scenarios, dict):
            found[other.stem] = [str(scenario) for scenario in scenarios]
    return found


def unknown_scenario_hint(name: str, path: Path, own: Iterable[str]) -> str:
    """Return the hint for a scenario that model file ``path`` (scenarios ``own``) lacks.

    A scenario of another built-in model (``high-growth`` of ``pathway-2030`` given to the
    national model) is named with that model and the command that solves it; otherwise the
    nearest names among the file's own scenarios and the built-in models' are offered, each
    of another model named with it; or nothing, when none is close.

    Examples
    --------
    >>> from optimiser.paths import default_model_path
    >>> print(unknown_scenario_hint("high-growth", default_model_path(), []))  # doctest: +ELLIPSIS
     ('high-growth' is a scenario of the built-in model pathway-2030: dcsite solve ...)
    >>> unknown_scenario_hint("baselin", default_model_path(), ["baseline"])
    " (did you mean 'baseline'?)"
    """
    others = built_in_scenarios(path)
    for model, scenarios in others.items():
        if name in scenarios:
            return (
                f" ({name!r} is a scenario of the built-in model {model}: "
                f"dcsite solve {model} -s {name})"
            )
    own = list(own)
    owners = {
        scenario: model
        for model, scenarios in others.items()
        for scenario in scenarios
        if scenario not in own
    }
    close = difflib.get_close_matches(name, [*own, *owners], n=2, cutoff=0.6)
    if not close:
        return ""
    named = [
        f"{candidate!r} of the built-in model {owners[candidate]}"
        if candidate in owners
        else repr(candidate)
        for candidate in close
    ]
    return f" (did you mean {' or '.join(named)}?)"


def parse_override(text: str) -> tuple[str, Any]:
    """Split ``KEY=VALUE`` from ``--set``; the value is read as YAML (numbers, true, null)."""
    if "=" not in text:
        raise InputError("--set", text, "expected KEY=VALUE, e.g. policy.green_share_target=0.9")
    key, _, value_text = text.partition("=")
    key = key.strip()
    if not key or any(not part for part in key.split(".")):
        raise InputError("--set", text, "expected a dotted key, e.g. policy.green_share_target")
    try:
        value = yaml.safe_load(value_text) if value_text.strip() else None
    except yaml.YAMLError:
        value = value_text
    return key, value


def with_override(
    overrides: Sequence[str] | Mapping[str, Any], key: str, value: Any
) -> Sequence[str] | Mapping[str, Any]:
    """Return ``overrides`` with one more setting applied last, in the same form.

    For an option that stands for a setting (``--foresight`` for ``pathway.foresight``).
    """
    if isinstance(overrides, Mapping):
        return {**overrides, key: value}
    return [*overrides, f"{key}={value}"]


def settable_keys() -> Iterator[tuple[str, str, Any, str]]:
    """Yield every settable key as ``(dotted key, type, default, description)``."""
    yield from _walk_fields(ScenarioSettings, "")


@functools.cache
def _settable_key_names() -> frozenset[str]:
    # The settings' fields are fixed: walked once, not for every point of a sweep.
    return frozenset(dotted for dotted, *_ in settable_keys())


def _walk_fields(model: type[BaseModel], prefix: str) -> Iterator[tuple[str, str, Any, str]]:
    for name, info in model.model_fields.items():
        annotation = info.annotation
        key = f"{prefix}{name}"
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            yield from _walk_fields(annotation, f"{key}.")
            continue
        default = info.get_default(call_default_factory=True)
        type_name = getattr(annotation, "__name__", None) or str(annotation)
        type_name = str(annotation).replace("typing.", "") if "[" in str(annotation) else type_name
        yield key, type_name, default, info.description or ""


def _set_dotted(target: dict[str, Any], key: str, value: Any) -> None:
    parts = key.split(".")
    node = target

    def existing(node: dict[Any, Any], part: str) -> Any:
        # A model file's keys may be numbers (pathway.period_changes.2030): `2030` on the
        # command line names the same entry, not a second one beside it.
        return next((name for name in node if str(name) == part), part)

    for part in parts[:-1]:
        name = existing(node, part)
        child = node.get(name)
        if not isinstance(child, dict):
            child = {}
            node[name] = child
        node = child
    node[existing(node, parts[-1])] = value


DICT_SETTINGS = (
    "parameters",
    "network.province_grid_headroom_mw",
    "sites.committed_new_it_capacity_mw",
    "network.corridor_in_service_year",
    "pathway.period_changes",
    "solver.highs_options",
    "supply.nuclear_volume_mw",
    "supply.hydro_volume_mw",
)
"""Settings that are mappings: any key below them may be set."""


def check_setting_key(key: str, source: str = "--set") -> None:
    """Raise :class:`~optimiser.errors.InputError` unless ``key`` is a settable dotted key."""
    known = _settable_key_names()
    prefix = key.split(".")[0]
    if key in known or any(key.startswith(f"{field}.") for field in DICT_SETTINGS):
        return
    candidates = sorted(dotted for dotted in known if dotted.startswith(prefix))
    hint = f"; keys under {prefix}: {', '.join(candidates)}" if candidates else ""
    raise InputError(
        source, key, f"unknown key{did_you_mean(key, known)}{hint} (see `dcsite scenarios`)"
    )


def setting_source(resolved: ResolvedScenario, field: str) -> str | Path:
    """Return where a setting came from: ``--set`` if an override set it, else the model file.

    Parameters
    ----------
    resolved : ResolvedScenario
        The scenario, with the overrides applied to it.
    field : str
        A dotted setting, possibly below the key that was set (``sites.exclude.0``).
    """
    for key in resolved.overrides:
        if field == key or field.startswith(f"{key}.") or key.startswith(f"{field}."):
            return "--set"
    return resolved.model_path


def resolve_scenario(
    model_path: str | Path,
    scenario: str = "baseline",
    overrides: Sequence[str] | Mapping[str, Any] = (),
) -> ResolvedScenario:
    """Resolve one scenario of a model file into validated settings.

    Parameters
    ----------
    model_path : str or pathlib.Path
        The YAML model file.
    scenario : str
        Scenario name (default ``baseline``).
    overrides : sequence of str or mapping
        ``KEY=VALUE`` strings (as given to ``--set``) or a mapping of dotted keys to values,
        applied last.

    Returns
    -------
    ResolvedScenario
        The settings, with the model and scenario names and the overrides applied.
    """
    path = Path(model_path)
    model = load_model_file(path)
    merged = scenario_settings(model, scenario, path)
    pairs = overrides.items() if isinstance(overrides, Mapping) else map(parse_override, overrides)
    applied: dict[str, Any] = {}
    for key, value in pairs:
        check_setting_key(key)
        _set_dotted(merged, key, value)
        applied[key] = value
    try:
        settings = ScenarioSettings.model_validate(merged)
    except ValidationError as error:
        location, message = describe_validation_error(error)
        raise InputError("--set", location, message) from None
    settings = resolve_paths(settings, path.parent)
    catalogue_path = (path.parent / model.catalogue).resolve() if model.catalogue else None
    return ResolvedScenario(
        model_path=path.resolve(),
        model_name=model.name,
        scenario_name=scenario,
        description=model.scenarios[scenario].description,
        overrides=applied,
        catalogue_path=catalogue_path,
        settings=settings,
    )


def resolve_paths(settings: ScenarioSettings, folder: Path) -> ScenarioSettings:
    """Return the settings with file paths (profiles, plans) made absolute from ``folder``."""
    # Profile and plan paths in a model file are relative to that file, so models can be moved
    # with their data.
    updates = {
        name: (folder / value).resolve()
        for name, value in settings.profiles.model_dump().items()
        if value is not None and not Path(value).is_absolute()
    }
    plans = settings.sites.plans_csv
    if plans is not None and not Path(plans).is_absolute():
        sites = settings.sites.model_copy(update={"plans_csv": (folder / plans).resolve()})
        settings = settings.model_copy(update={"sites": sites})
    if not updates:
        return settings
    profiles = settings.profiles.model_copy(update=updates)
    return settings.model_copy(update={"profiles": profiles})
