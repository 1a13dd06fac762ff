"""Read and validate model files: the scenario settings a planner runs and edits.

A model file (YAML, in ``models/``) holds ``base`` settings and named ``scenarios``; each
scenario names a ``parent`` (another scenario, or the base) and lists only the ``changes`` it
makes. :func:`resolve_scenario` merges the chain, applies command-line overrides
(``--set policy.green_share_target=0.9``) and validates the result with the pydantic models
below (``extra="forbid"``: an unknown key is an error, never ignored). Units live in field
names; every field has a description, which ``dcsite scenarios`` lists.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from optimiser.errors import InputError

BASE = "base"


class Settings(BaseModel):
    """Common configuration of every settings block: strict keys, no NaN or infinity."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, validate_default=True)


class TimeSettings(Settings):
    """How the year is represented in the LP."""

    representation: Literal["average_day", "monthly_days", "representative_days", "full_year"] = (
        Field(
            "monthly_days",
            description="`monthly_days`: one average day per month (288 hours, weights = days "
            "in the month); `representative_days`: days clustered with tsam; `full_year`: all "
            "8,760 hours; `average_day`: one day (screening).",
        )
    )
    representative_days: int = Field(
        12, ge=1, le=365, description="Number of days for `representative_days` [days]."
    )
    extreme_days: bool = Field(
        False,
        description="With `representative_days`: also keep the day of the highest demand and "
        "the day of the lowest wind and solar output as days of their own (weight 1 day).",
    )

    extra_days: list[int] = Field(
        default_factory=list,
        description="With `representative_days`: days of the year (0-364) kept as days of "
        "their own (weight 1 day); `dcsite refine` adds the days where a plan falls short.",
    )

    @model_validator(mode="after")
    def _extreme_days_need_representative_days(self) -> TimeSettings:
        if self.extreme_days and self.representation != "representative_days":
            msg = "extreme_days needs representation: representative_days"
            raise ValueError(msg)
        if self.extra_days and self.representation != "representative_days":
            msg = "extra_days needs representation: representative_days"
            raise ValueError(msg)
        if any(not 0 <= day <= 364 for day in self.extra_days):
            msg = "extra_days are days of the year, 0-364"
            raise ValueError(msg)
        if len(set(self.extra_days)) != len(self.extra_days):
            msg = "extra_days lists a day twice"
            raise ValueError(msg)
        return self


class DemandSettings(Settings):
    """Compute demand to be served, relative to the catalogue's provincial demand."""

    scale: float = Field(1.0, ge=0, le=100, description="Multiplier of all demand [-].")
    latency_bound_scale: float = Field(
        1.0, ge=0, le=100, description="Extra multiplier of latency-bound demand [-]."
    )
    flexible_scale: float = Field(
        1.0, ge=0, le=100, description="Extra multiplier of flexible demand [-]."
    )
    it_power_scale: float = Field(
        1.0,
        gt=0,
        le=10,
        description="IT power per unit of compute relative to the catalogue [-]; 0.85 means "
        "chips that need 15 % less power for the same work.",
    )


class PolicySettings(Settings):
    """Green-power, carbon and efficiency policy."""

    green_share_target: float = Field(
        0.8,
        ge=0,
        le=1,
        description="Minimum green share of each targeted site's consumption [fraction 0-1].",
    )
    green_accounting: Literal["annual", "hourly"] = Field(
        "annual",
        description="`annual`: over the year, counting certificates; `hourly`: in every hour, "
        "physical supply only.",
    )
    green_target_applies_to: Literal["hub_clusters", "all_sites"] = Field(
        "hub_clusters", description="Which sites must meet the green target."
    )
    certificates_allowed: bool = Field(
        True, description="Whether green certificates count in the annual accounting."
    )
    carbon_price_cny_per_tco2: float = Field(
        0.0, ge=0, le=10_000, description="Carbon price in the objective [CNY/tCO2]."
    )
    carbon_cap_tco2_per_year: float | None = Field(
        None, ge=0, description="Cap on the emissions of all sites [tCO2/yr]; null for none."
    )
    pue_east: float = Field(
        1.25, ge=1, le=3, description="PUE cap of east sites [-] (2022 approval letters)."
    )
    pue_west: float = Field(
        1.2, ge=1, le=3, description="PUE cap of west sites [-] (2022 approval letters)."
    )
    utilisation_east: float | None = Field(
        None,
        gt=0,
        le=1,
        description="Utilisation limit of east sites [fraction 0-1]; null "
        "uses each site's catalogue utilisation_target.",
    )
    utilisation_west: float | None = Field(
        None,
        gt=0,
        le=1,
        description="Utilisation limit of west sites [fraction 0-1]; null "
        "uses each site's catalogue utilisation_target.",
    )


class LatencySettings(Settings):
    """Which sites may serve latency-bound work."""

    max_rtt_ms: float = Field(
        10.0,
        gt=0,
        le=1000,
        description="Round-trip limit from a region to a site serving its latency-bound load "
        "[ms]; 10 ms suits real-time work, 20 ms is the policy's east-west target.",
    )

    routing: Literal["hourly", "annual_shares"] = Field(
        "hourly",
        description="`hourly`: latency-bound load is routed per region, site and hour; "
        "`annual_shares`: each region's latency-bound load goes to sites in fixed shares "
        "all year (far smaller LP; exact when routing need not change by hour).",
    )


class NetworkSettings(Settings):
    """UHV corridors and grid limits."""

    corridor_capacity_scale: float = Field(
        1.0, ge=0, le=100, description="Multiplier of corridor capacity [-]; 0 disables corridors."
    )
    corridor_share_for_data_centres: float = Field(
        0.1,
        ge=0,
        le=1,
        description="Share of each corridor's capacity that data centres may contract "
        "[fraction 0-1] (estimate: the rest serves other loads).",
    )
    corridors_in_service_by_year: int = Field(
        2025, ge=1990, le=2100, description="Corridors in service by this year are available."
    )
    exclude_corridors: list[str] = Field(
        default_factory=list,
        description="Corridor ids (corridor_id) left out, e.g. to price one UHV line.",
    )
    province_grid_headroom_mw: dict[str, float] = Field(
        default_factory=dict,
        description="Limit on data-centre grid purchases per province [MW]; a province not "
        "named has no limit.",
    )

    @field_validator("province_grid_headroom_mw")
    @classmethod
    def _non_negative(cls, value: dict[str, float]) -> dict[str, float]:
        for province, limit in value.items():
            if not math.isfinite(limit) or limit < 0:
                msg = f"headroom of {province} must be a finite number >= 0 MW, got {limit}"
                raise ValueError(msg)
        return value


class SiteSettings(Settings):
    """Which candidate sites the plan may use."""

    exclude: list[str] = Field(
        default_factory=list, description="Site ids (cluster_id) left out of the plan."
    )
    include_non_hub: bool = Field(True, description="Whether non-hub candidate sites may be used.")


class ProfileSettings(Settings):
    """Replacements for the catalogue's hourly profiles (CSV, hour 0-8759)."""

    solar_capacity_factor_csv: Path | None = Field(
        None, description="Solar capacity factors per site [fraction 0-1]; null for built-in."
    )
    wind_capacity_factor_csv: Path | None = Field(
        None, description="Wind capacity factors per site [fraction 0-1]; null for built-in."
    )
    demand_shape_csv: Path | None = Field(
        None, description="Demand multipliers per workload class [-]; null for built-in."
    )


class SolverSettings(Settings):
    """HiGHS options."""

    method: Literal["simplex", "ipx", "hipo", "ipm", "choose"] = Field(
        "choose",
        description="HiGHS algorithm: `simplex` (dual simplex), `ipx` or `hipo` (interior "
        "point; `ipm` is an alias of `hipo`), or `choose`: dual simplex below 300,000 "
        "variables, HiPO from there.",
    )
    time_limit_s: float = Field(3600.0, gt=0, description="Time limit of the solve [s].")
    threads: int = Field(0, ge=0, le=256, description="Threads for HiGHS; 0 lets HiGHS choose.")


class ValidationSettings(Settings):
    """Prices of the shortfalls a plan may show when dispatched over the full year.

    Used only by ``dcsite validate`` (and ``dcsite solve --validate``), which holds a plan's
    capacities and dispatches all 8,760 hours; an optimisation never has these slacks.
    """

    unserved_penalty_cny_per_mwh: float = Field(
        100_000.0,
        gt=0,
        le=1e7,
        description="Validation only: price of IT load above installed capacity × utilisation, "
        "and of grid power above a province's headroom [CNY/MWh].",
    )
    green_shortfall_penalty_cny_per_mwh: float = Field(
        10_000.0,
        gt=0,
        le=1e7,
        description="Validation only: price of non-green energy above the green target's "
        "allowance [CNY/MWh].",
    )
    emissions_penalty_cny_per_tco2: float = Field(
        10_000.0,
        gt=0,
        le=1e7,
        description="Validation only: price of emissions above the carbon cap [CNY/tCO2].",
    )
    workers: int = Field(
        2,
        ge=1,
        le=12,
        description="Validation only: processes dispatching months at once (1: one after "
        "the other in this process).",
    )


class ScenarioSettings(Settings):
    """Everything that defines one planning run besides the data catalogue."""

    year: int = Field(2025, ge=2000, le=2100, description="Planning year.")
    time: TimeSettings = Field(default_factory=TimeSettings, description="Time representation.")
    demand: DemandSettings = Field(default_factory=DemandSettings, description="Demand.")
    policy: PolicySettings = Field(default_factory=PolicySettings, description="Policy.")
    latency: LatencySettings = Field(default_factory=LatencySettings, description="Latency.")
    network: NetworkSettings = Field(default_factory=NetworkSettings, description="Network.")
    sites: SiteSettings = Field(default_factory=SiteSettings, description="Candidate sites.")
    parameters: dict[str, float] = Field(
        default_factory=dict,
        description="Overrides of catalogue parameters by name (regions/parameters.csv), "
        "e.g. discount_rate.",
    )
    profiles: ProfileSettings = Field(default_factory=ProfileSettings, description="Profiles.")
    solver: SolverSettings = Field(default_factory=SolverSettings, description="Solver.")
    validation: ValidationSettings = Field(
        default_factory=ValidationSettings,
        description="Shortfall prices of the full-year validation (`dcsite validate`).",
    )


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


def read_yaml(path: Path) -> Any:
    """Read a YAML file safely (no user code is ever evaluated)."""
    if not path.exists():
        raise InputError(path, "", "file does not exist")
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


def _describe_validation_error(error: ValidationError) -> tuple[str, str]:
    """Return the dotted location and a plain message of a pydantic error's first item."""
    first = error.errors()[0]
    location = ".".join(str(part) for part in first["loc"])
    value = first.get("input")
    message = first["msg"]
    if first["type"] == "extra_forbidden":
        message = "unknown key"
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
        location, message = _describe_validation_error(error)
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
        location, message = _describe_validation_error(error)
        raise InputError(path, f"base.{location}", message) from None
    for step in chain:
        merged = deep_merge(merged, model.scenarios[step].changes)
        try:
            ScenarioSettings.model_validate(merged)
        except ValidationError as error:
            location, message = _describe_validation_error(error)
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
        raise InputError(path, "scenarios", f"unknown scenario {name!r}; known: {known}")
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


def settable_keys() -> Iterator[tuple[str, str, Any, str]]:
    """Yield every settable key as ``(dotted key, type, default, description)``."""
    yield from _walk_fields(ScenarioSettings, "")


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
    for part in parts[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = {}
            node[part] = child
        node = child
    node[parts[-1]] = value


DICT_SETTINGS = ("parameters", "network.province_grid_headroom_mw")
"""Settings that are mappings: any key below them may be set."""


def check_setting_key(key: str, source: str = "--set") -> None:
    """Raise :class:`~optimiser.errors.InputError` unless ``key`` is a settable dotted key."""
    known = {dotted for dotted, *_ in settable_keys()}
    prefix = key.split(".")[0]
    if key in known or any(key.startswith(f"{field}.") for field in DICT_SETTINGS):
        return
    candidates = sorted(dotted for dotted in known if dotted.startswith(prefix))
    hint = f"; keys under {prefix}: {', '.join(candidates)}" if candidates else ""
    raise InputError(source, key, f"unknown key{hint} (see `dcsite scenarios`)")


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
        location, message = _describe_validation_error(error)
        raise InputError("--set", location, message) from None
    settings = _resolve_profile_paths(settings, path.parent)
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


def _resolve_profile_paths(settings: ScenarioSettings, folder: Path) -> ScenarioSettings:
    # Profile paths in a model file are relative to that file, so models can be moved with
    # their data.
    updates = {
        name: (folder / value).resolve()
        for name, value in settings.profiles.model_dump().items()
        if value is not None and not Path(value).is_absolute()
    }
    if not updates:
        return settings
    profiles = settings.profiles.model_copy(update=updates)
    return settings.model_copy(update={"profiles": profiles})
