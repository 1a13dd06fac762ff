"""The settings of one planning run: pydantic models, one per block of a model file.

What a scenario can set, with its unit, default and description (``dcsite scenarios`` lists
them). Every block forbids unknown keys and NaN or infinity, so nothing is accepted and silently
ignored. :mod:`optimiser.scenario` reads model files into these models.
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)


class Settings(BaseModel):
    """Common configuration of every settings block: strict keys, no NaN or infinity."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, validate_default=True)


class TimeSettings(Settings):
    """How the year is represented in the LP."""

    representation: Literal["average_day", "monthly_days", "representative_days", "full_year"] = (
        Field(
            "monthly_days",
            description="`monthly_days`: one day per month (288 hours, weights = days "
            "in the month); `representative_days`: days clustered with tsam; `full_year`: all "
            "8,760 hours; `average_day`: one day (screening).",
        )
    )
    representative_days: int = Field(
        12, ge=1, le=365, description="Number of days for `representative_days` [days]."
    )
    extreme_days: bool | None = Field(
        None,
        description="With `representative_days` or `monthly_days`: also keep the day of the "
        "highest demand and the day of the lowest wind and solar output as days of their own "
        "(weight 1 day), taken out of their cluster or month. Null (the default): on for those "
        "two, since without them no plan serves the year's peak (benchmarks/README.md); "
        "`average_day` and `full_year` have no days to take them from and refuse `true`.",
    )

    cluster_representation: Literal["medoid", "mean"] | None = Field(
        None,
        description="How each group of days (a tsam cluster, a month, the year for "
        "`average_day`) is modelled: `medoid`, the member day closest to the group's mean, "
        "rescaled so every profile keeps its annual energy (tsam's default for hierarchical "
        "clustering); `mean`, the group's average day. Null (the default): `medoid` for "
        "`representative_days` and `monthly_days`, since averaged days smooth away clouds and "
        "lulls and overstate CFE scores by 5-11 points over the full year "
        "(benchmarks/README.md); `mean` for `average_day`. `full_year` has no groups and "
        "refuses a value.",
    )

    weather_year: int | None = Field(
        None,
        description="The weather year whose wind and solar profiles the plan is made on: one "
        "of the years of the catalogue's (or `profiles.*_csv`) files, which carry a "
        "`weather_year` column. Null (the default): the first year of the files. "
        "`dcsite validate --weather-year` checks a plan on another year.",
    )
    weather_years: list[int] = Field(
        default_factory=list,
        description="Plan on several weather years at once (instead of `weather_year`): the "
        "days of every listed year are grouped together and each weight divided by the "
        "number of years, so capacity serves each year's modelled days (and each year's "
        "extreme days) and annual figures are the mean year's (PyPSA-Eur's multi-year "
        "convention). The full-year check dispatches the plan over each year. Representative, "
        "monthly or average days only; not with `extra_days`.",
    )

    annual_rows: Literal["whole", "monthly"] = Field(
        "whole",
        description="How a sum over all modelled hours (a site's annual green-share row, its "
        "flexible energy) enters the LP: `whole`, one row per site; `monthly`, twelve partial "
        "sums over consecutive blocks of hours (calendar-length blocks of 730 h in the full "
        "year) linked by a short annual row. The same optimum; fewer entries per row for "
        "interior point on the full year.",
    )
    extra_days: list[int] = Field(
        default_factory=list,
        description="With `representative_days` or `monthly_days`: days of the year (0-364) "
        "kept as days of their own (weight 1 day); `dcsite refine` adds the days where a plan "
        "falls short.",
    )

    target_margins: dict[str, float] = Field(
        default_factory=dict,
        description="Per site (cluster id): a margin added to its green target when planning "
        "on modelled hours, capped at 1 [fraction 0-1]. It is the representation's "
        "overstatement of the site's green share, measured over the full year; "
        "`dcsite refine` sets it when a plan falls short. Reported figures and the "
        "full-year check keep the policy target.",
    )

    @model_validator(mode="after")
    def _extreme_days_need_representative_days(self) -> TimeSettings:
        days = ("representative_days", "monthly_days")
        if self.extreme_days and self.representation not in days:
            msg = "extreme_days needs representation: representative_days or monthly_days"
            raise ValueError(msg)
        if self.weather_years and self.representation == "full_year":
            msg = "weather_years needs representative, monthly or average days, not full_year"
            raise ValueError(msg)
        if self.weather_years and self.weather_year is not None:
            msg = "set weather_year or weather_years, not both"
            raise ValueError(msg)
        if self.weather_years and self.extra_days:
            msg = "extra_days are days of one year: not with weather_years"
            raise ValueError(msg)
        if len(set(self.weather_years)) != len(self.weather_years):
            msg = "weather_years lists a year twice"
            raise ValueError(msg)
        if self.cluster_representation is not None and self.representation == "full_year":
            msg = "cluster_representation needs days to group: not with representation full_year"
            raise ValueError(msg)
        if self.extra_days and self.representation not in days:
            msg = "extra_days needs representation: representative_days or monthly_days"
            raise ValueError(msg)
        if any(not 0 <= day <= 364 for day in self.extra_days):
            msg = "extra_days are days of the year, 0-364"
            raise ValueError(msg)
        if len(set(self.extra_days)) != len(self.extra_days):
            msg = "extra_days lists a day twice"
            raise ValueError(msg)
        bad = [site for site, margin in self.target_margins.items() if not 0 <= margin <= 1]
        if bad:
            msg = f"target_margins of {bad[0]!r}: expected a fraction from 0 to 1"
            raise ValueError(msg)
        return self

    @property
    def keeps_extreme_days(self) -> bool:
        """Whether the modelled days include the year's extreme days."""
        days = self.representation in ("representative_days", "monthly_days")
        return days and self.extreme_days is not False

    @property
    def uses_medoids(self) -> bool:
        """Whether each group of modelled days is its medoid rather than its mean day."""
        if self.cluster_representation is not None:
            return self.cluster_representation == "medoid"
        return self.representation in ("representative_days", "monthly_days")


class DemandSettings(Settings):
    """Compute demand to be served, relative to the catalogue's provincial demand."""

    scale: float = Field(1.0, ge=0, le=100, description="Multiplier of all demand [-].")
    latency_bound_scale: float = Field(
        1.0, ge=0, le=100, description="Extra multiplier of latency-bound demand [-]."
    )
    flexible_scale: float = Field(
        1.0, ge=0, le=100, description="Extra multiplier of flexible demand [-]."
    )
    flexible_shift_share: float = Field(
        0.0,
        ge=0,
        le=1,
        description="Share of flexible work that may move between the hours of a day "
        "[fraction 0-1]: in every hour the nation's flexible load may lie up to this share "
        "above or below its demand shape, each day's energy kept (temporal load shifting as "
        "Riepin, Zavala & Brown 2025 define it); 0: flexible work moves between sites only.",
    )
    it_power_scale: float = Field(
        1.0,
        gt=0,
        le=10,
        description="IT power per unit of compute relative to the catalogue [-]; 0.85 means "
        "chips that need 15 % less power for the same work.",
    )
    compute_eflops: float | None = Field(
        None,
        gt=0,
        le=1_000_000,
        description="National compute demand, annual mean in use [EFLOPS, FP16 dense]; split "
        "among provinces and workload classes in the catalogue's shares. Null uses the "
        "catalogue's demand in MW (times `scale`).",
    )
    realised_share: float = Field(
        1.0,
        gt=0,
        le=1,
        description="Demand that comes, as a share of the demand the plan's capacity was "
        "planned for [fraction 0-1]: the plan serves its demand times this share, and "
        "capacity its load no longer needs is idle for the demand shortfall (`dcsite "
        "shortfall` sets it, with the planned plan's builds committed).",
    )


class PolicySettings(Settings):
    """Green-power, carbon and efficiency policy."""

    green_share_target: float = Field(
        0.8,
        ge=0,
        le=1,
        description="Minimum green share of each targeted site's consumption [fraction 0-1].",
    )
    green_accounting: Literal["annual", "hourly", "hourly_own_supply"] = Field(
        "annual",
        description="Which green share the target applies to. `annual`: market-based, over the "
        "year (own renewables, green contracts, the grid's renewable share, certificates); "
        "`hourly`: the 24/7 carbon-free-energy (CFE) score, the share of the year's "
        "consumption matched hour by hour by carbon-free supply, the grid at its hourly "
        "carbon-free share; `hourly_own_supply`: the same score counting only the site's own "
        "wind, solar and storage and the green part of corridor power delivered in its "
        "province (how a source-grid-load-storage project is measured).",
    )
    green_target_applies_to: Literal["hub_clusters", "all_sites"] = Field(
        "hub_clusters", description="Which sites must meet the green target."
    )
    certificates_allowed: bool = Field(
        True, description="Whether green certificates count in the annual accounting."
    )
    surplus_sale_max_share: float = Field(
        0.0,
        ge=0,
        le=1,
        description="Share of a site's own wind and solar output it may sell to the grid over "
        "the year [fraction 0-1], at parameters.surplus_sale_price_cny_per_mwh; 0 forbids "
        "sales (surplus is curtailed). Sold power never counts toward the site's green share.",
    )
    min_utilisation: float | None = Field(
        None,
        gt=0,
        le=1,
        description="Planning utilisation floor (上架率): at every site, mean IT load at least "
        "this share of installed IT capacity [fraction 0-1]; null for none.",
    )
    certificate_price_cny_per_mwh: float | None = Field(
        None,
        ge=0,
        le=10_000,
        description="A flat price for green certificates in unlimited volume [CNY/MWh], "
        "replacing the catalogue's certificate supply curve (a what-if); null uses the curve "
        "(regions/certificate_supply.csv).",
    )
    certificate_volume_scale: float = Field(
        1.0,
        ge=0,
        le=100,
        description="Multiplier of every step's volume in the catalogue's certificate supply "
        "curve [-]: the green certificates and green-power trades open to the modelled data "
        "centres in a year.",
    )
    hourly_floor: float | None = Field(
        None,
        gt=0,
        le=1,
        description="With an hour-matched accounting: a floor on each targeted site's green "
        "share in every hour [fraction 0-1], on top of the CFE-score target; null for none.",
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
        description="Hourly utilisation cap of east sites [fraction 0-1]: IT load in any hour "
        "at most this share of installed IT capacity; null uses each site's catalogue "
        "utilisation_target.",
    )
    utilisation_west: float | None = Field(
        None,
        gt=0,
        le=1,
        description="Hourly utilisation cap of west sites [fraction 0-1]: IT load in any hour "
        "at most this share of installed IT capacity; null uses each site's catalogue "
        "utilisation_target.",
    )

    @model_validator(mode="after")
    def _floor_needs_hour_matching(self) -> PolicySettings:
        if self.hourly_floor is not None and self.green_accounting == "annual":
            msg = (
                "hourly_floor applies to an hour-matched accounting; set green_accounting to "
                "hourly or hourly_own_supply, or leave hourly_floor null"
            )
            raise ValueError(msg)
        if self.certificate_price_cny_per_mwh is not None and self.certificate_volume_scale != 1:
            msg = (
                "certificate_price_cny_per_mwh sets an unlimited volume at a flat price, so "
                "certificate_volume_scale has no curve to scale; set only one"
            )
            raise ValueError(msg)
        return self


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
        "all year (far smaller LP; a restriction, so never cheaper than `hourly`).",
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
    corridors_in_service_by_year: int | None = Field(
        None,
        ge=1990,
        le=2100,
        description="Corridors in service by this year are available; null: the planning `year`.",
    )
    exclude_corridors: list[str] = Field(
        default_factory=list,
        description="Corridor ids (corridor_id) left out, e.g. to price one UHV line.",
    )
    corridor_in_service_year: dict[str, int] = Field(
        default_factory=dict,
        description="Year a corridor enters full service, by corridor id, in place of the "
        "catalogue's in_service_year (e.g. a delayed line) [year].",
    )
    grid_headroom: Literal["peak_load_share", "none"] = Field(
        "peak_load_share",
        description="Default limit on data-centre grid purchases per province: "
        "`peak_load_share`: parameters.grid_headroom_share_of_peak_load times the province's "
        "peak load (regions/grid_peak_load.csv; provinces without a row have none); `none`: "
        "no default limit. province_grid_headroom_mw replaces it for the provinces it names.",
    )
    province_grid_headroom_mw: dict[str, float] = Field(
        default_factory=dict,
        description="Limit on data-centre grid purchases per province [MW], replacing the "
        "default (grid_headroom) for the provinces named.",
    )

    @field_validator("corridor_in_service_year")
    @classmethod
    def _plausible_years(cls, value: dict[str, int]) -> dict[str, int]:
        for corridor, year in value.items():
            if not 1990 <= year <= 2100:
                msg = f"in-service year of {corridor} must be 1990-2100, got {year}"
                raise ValueError(msg)
        return value

    @field_validator("province_grid_headroom_mw")
    @classmethod
    def _non_negative(cls, value: dict[str, float]) -> dict[str, float]:
        for province, limit in value.items():
            if not math.isfinite(limit) or limit < 0:
                msg = f"headroom of {province} must be a finite number >= 0 MW, got {limit}"
                raise ValueError(msg)
        return value


FirmTechnology = Literal["nuclear", "hydro"]
LongDurationTechnology = Literal["pumped_hydro", "compressed_air", "flow_battery"]
FIRM_DEFAULT: tuple[FirmTechnology, ...] = ("nuclear", "hydro")
LONG_DURATION_DEFAULT: tuple[LongDurationTechnology, ...] = ("pumped_hydro", "compressed_air")


class SupplySettings(Settings):
    """Clean firm supply a data centre may contract in its own province."""

    clean_firm: list[FirmTechnology] = Field(
        default_factory=lambda: list(FIRM_DEFAULT),
        description="Clean firm supply the sites may contract (firm_supply.csv): `nuclear` "
        "(a flat block from the province's plants in service by the planning year) and "
        "`hydro` (a slice of the province's hydro fleet output, following its seasons); "
        "[] for none.",
    )
    firm_share_for_data_centres: float = Field(
        0.05,
        ge=0,
        le=1,
        description="Share of each province's nuclear and hydro output that data centres may "
        "contract [fraction 0-1] (estimate: data centres use about 2 % of the nation's "
        "electricity; contracts for 2.5 times that share).",
    )
    long_duration_storage: list[LongDurationTechnology] = Field(
        default_factory=lambda: list(LONG_DURATION_DEFAULT),
        description="Long-duration storage the sites may use (storage_technologies.csv): "
        "`pumped_hydro` and `compressed_air` leased from the plants of the site's "
        "province, `flow_battery` built at the site (not by default: dearer than the "
        "battery per MW and per MWh and less efficient, so never chosen over it); [] for "
        "none.",
    )
    storage_share_for_data_centres: float = Field(
        0.05,
        ge=0,
        le=1,
        description="Share of each province's pumped hydro and compressed-air capacity in "
        "service by the year that data centres may lease [fraction 0-1] (estimate, as "
        "`firm_share_for_data_centres`).",
    )
    nuclear_volume_mw: dict[str, float] = Field(
        default_factory=dict,
        description="Nuclear capacity data centres may contract, by province, in place of the "
        "share of its plants [MW]; only provinces with a plant in service by the year.",
    )
    hydro_volume_mw: dict[str, float] = Field(
        default_factory=dict,
        description="Hydro capacity data centres may contract, by province, in place of the "
        "share of its fleet [MW]; only provinces with hydropower in service by the year.",
    )

    @field_validator("nuclear_volume_mw", "hydro_volume_mw")
    @classmethod
    def _volumes_not_negative(cls, volumes: dict[str, float]) -> dict[str, float]:
        for province, volume in volumes.items():
            if volume < 0:
                msg = f"{province}: expected a volume >= 0 MW, got {volume:g}"
                raise ValueError(msg)
        return volumes


class SiteSettings(Settings):
    """Which candidate sites the plan may use, and what is already committed at them."""

    exclude: list[str] = Field(
        default_factory=list, description="Site ids (cluster_id) left out of the plan."
    )
    include_non_hub: bool = Field(True, description="Whether non-hub candidate sites may be used.")
    max_it_capacity_scale: float = Field(
        1.0,
        gt=0,
        le=100,
        description="Multiplier of every site's maximum IT capacity [-] (the catalogue's are "
        "mostly end-2025 plans; a later year may allow more).",
    )
    committed_new_it_capacity_mw: dict[str, float] = Field(
        default_factory=dict,
        description="New IT capacity that must be built at a site, by site id [MW], part of "
        "the capacity that serves the plan's demand; added to any plans_csv built `within`.",
    )
    plans_csv: Path | None = Field(
        None,
        description="CSV of committed builds (columns cluster_id, committed_new_it_capacity_mw "
        "[MW]), relative to the model file; null for none.",
    )
    plans_mode: Literal["within", "in_addition"] = Field(
        "within",
        description="How the plans_csv builds count. `within`: part of the capacity that "
        "serves the plan's demand (they displace builds elsewhere); `in_addition`: built on "
        "top of the capacity the plan needs for its demand and carrying none of its load, "
        "as provinces build their own plans beyond the coordinated need (over-building).",
    )

    @model_validator(mode="after")
    def _in_addition_needs_plans(self) -> SiteSettings:
        if self.plans_mode == "in_addition" and self.plans_csv is None:
            msg = "plans_mode in_addition needs a plans_csv (the builds made in addition)"
            raise ValueError(msg)
        return self


class ComputeSettings(Settings):
    """How IT power converts to compute."""

    eflops_per_mw: float | None = Field(
        None,
        gt=0,
        le=10,
        description="Compute per MW of IT power [EFLOPS/MW, FP16 dense] of the catalogue's "
        "chips; null uses the catalogue's compute_eflops_per_mw. demand.it_power_scale "
        "scales it (0.85: the same compute in 15 % less power).",
    )


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


OWN_HIGHS_OPTIONS = {
    "solver": "solver.method",
    "time_limit": "solver.time_limit_s",
    "threads": "solver.threads",
}
"""HiGHS options that ``solver.highs_options`` may not set: the settings that set them."""


class SolverSettings(Settings):
    """HiGHS options."""

    method: Literal["simplex", "ipx", "hipo", "ipm", "choose"] = Field(
        "choose",
        description="HiGHS algorithm: `simplex` (dual simplex), `ipx` or `hipo` (interior "
        "point; `ipm` is an alias of `hipo`), or `choose`: dual simplex below 300,000 "
        "variables, HiPO from there. A pathway with perfect foresight under `choose` or "
        "`simplex` solves the myopic path first and starts the whole LP from its bases.",
    )
    time_limit_s: float = Field(3600.0, gt=0, description="Time limit of the solve [s].")
    threads: int = Field(0, ge=0, le=256, description="Threads for HiGHS; 0 lets HiGHS choose.")
    interior_point_gap: float | None = Field(
        None,
        gt=0,
        le=0.05,
        description="Interior point only (`method: hipo` or `ipx`): the relative primal-dual "
        "gap at which HiGHS accepts its point as optimal, with feasibility and residual "
        "tolerances of 1e-6 (HiGHS: 1e-7); null: HiGHS's own 1e-8. The plan's cost is then "
        "within this share of the optimum. PyPSA-Eur runs at 1e-4; the full-year default "
        "needs 1e-3 (HiPO stalls short of 1e-4).",
    )
    highs_options: dict[str, bool | int | float | str] = Field(
        default_factory=dict,
        description="Further HiGHS options by name, set after dcsite's own, e.g. "
        "`ipm_optimality_tolerance: 1.0e-4` (HiGHS's list: `highspy.Highs().writeOptions`). "
        "HiGHS checks each name and value.",
    )

    @model_validator(mode="after")
    def _gap_needs_interior_point(self) -> SolverSettings:
        if self.interior_point_gap is not None and self.method not in {"hipo", "ipm", "ipx"}:
            msg = (
                f"interior_point_gap applies to interior point; solver.method is "
                f"{self.method!r}: set it to hipo or ipx"
            )
            raise ValueError(msg)
        return self

    @field_validator("highs_options")
    @classmethod
    def _known_to_highs(
        cls, value: dict[str, bool | int | float | str]
    ) -> dict[str, bool | int | float | str]:
        import highspy

        highs = highspy.Highs()
        highs.setOptionValue("output_flag", False)
        for name, option in value.items():
            if name in OWN_HIGHS_OPTIONS:
                msg = f"HiGHS option {name!r} is set by {OWN_HIGHS_OPTIONS[name]}; set that"
                raise ValueError(msg)
            if highs.setOptionValue(name, option) == highspy.HighsStatus.kError:
                msg = f"HiGHS has no option {name!r} that takes {option!r}"
                raise ValueError(msg)
        return value


class ValidationSettings(Settings):
    """Prices of the shortfalls a plan may show when dispatched over the full year.

    Used only by the full-year check (``dcsite validate``, and ``dcsite solve``, ``compare``
    and ``sweep`` unless ``--no-validate``), which holds a plan's
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


REVIEW_NUMBER_LABELS = ("审图号", "Map review number")
"""Labels the maps print before a review number themselves, so a number may not start with them."""


class MapSettings(Settings):
    """What the maps print besides the plan; nothing here changes the plan."""

    review_number: str | None = Field(
        None,
        min_length=1,
        max_length=40,
        description="Maps only: the map review number (审图号) issued for these maps by the "
        "map review of the Ministry of Natural Resources (or of a province), e.g. "
        "`GS(2024)1234号`, printed exactly "
        "as given at each map's lower left after the label 审图号 (Chinese maps) or Map review "
        "number (English); null prints none. dcsite's maps are not reviewed: give one only "
        "for maps that were (docs/maps.md).",
    )

    @field_validator("review_number")
    @classmethod
    def _one_line_without_label(cls, value: str | None) -> str | None:
        if value is None:
            return value
        if not value.strip() or value != value.strip() or len(value.splitlines()) > 1:
            msg = "a review number is one line of text, without leading or trailing spaces"
            raise ValueError(msg)
        label = next((label for label in REVIEW_NUMBER_LABELS if value.startswith(label)), None)
        if label is not None:
            number = value.removeprefix(label).lstrip(":： ")
            msg = f"give the number alone ({number!r}): the maps print the label {label!r}"
            raise ValueError(msg)
        return value


PERIOD_CHANGEABLE = ("demand", "policy", "network", "compute", "parameters", "sites", "latency")
"""Setting blocks a pathway period may change (``pathway.period_changes``)."""

PERIOD_FIXED = (
    "sites.exclude",
    "sites.include_non_hub",
    "latency.routing",
    "parameters.discount_rate",
    "parameters.it_lifetime_years",
    "parameters.server_lifetime_years",
    "parameters.wind_lifetime_years",
    "parameters.solar_lifetime_years",
    "parameters.storage_lifetime_years",
)
"""Settings a period may not change: they fix the LP's structure or how capacity is costed."""


class PathwaySettings(Settings):
    """Investment periods of a multi-year plan (2025 → 2030) in which capacity built stays built.

    Empty ``periods`` is a one-period plan for ``year``: the snapshot LP.
    """

    periods: list[int] = Field(
        default_factory=list,
        description="Investment periods [year], increasing, the first equal to `year` (the base "
        "year costs are discounted to); each stands for the years until the next. Empty: a "
        "single-year plan for `year`.",
    )
    final_period_years: int = Field(
        1,
        ge=1,
        le=50,
        description="Years the last period stands for [years]; 1 ends the horizon with it.",
    )
    foresight: Literal["perfect", "myopic"] = Field(
        "perfect",
        description="`perfect`: one LP over all periods; `myopic`: period by period, each "
        "seeing only its own year and keeping what earlier periods built.",
    )
    demand_growth: Literal["catalogue", "none"] = Field(
        "catalogue",
        description="`catalogue`: each period's demand grows with national data-centre "
        "electricity, interpolated geometrically between the catalogue's 2025 and 2030 "
        "figures (parameters data_centre_electricity_2025_twh, _2030_twh); `none`: every "
        "period has the demand of `demand.*` alone.",
    )
    cost_trajectories: Literal["catalogue", "none"] = Field(
        "catalogue",
        description="`catalogue`: wind, solar and storage capex of capacity built in a period "
        "change each year from 2025 by the catalogue's *_capex_change_per_year; `none`: "
        "the 2025 capex in every period.",
    )
    period_changes: dict[int, dict[str, Any]] = Field(
        default_factory=dict,
        description="Settings a period changes, by period year, nested as in `base` (demand, "
        "policy, network, compute, parameters, sites, latency); later periods do not "
        "inherit them.",
    )

    @model_validator(mode="after")
    def _periods_increase(self) -> PathwaySettings:
        periods = self.periods
        if any(later <= earlier for earlier, later in itertools.pairwise(periods)):
            msg = f"periods must be strictly increasing years, got {periods}"
            raise ValueError(msg)
        if any(not 2000 <= period <= 2100 for period in periods):
            msg = f"periods are years 2000-2100, got {periods}"
            raise ValueError(msg)
        for period, changes in self.period_changes.items():
            if period not in periods:
                msg = f"period_changes names {period}, which is not one of the periods {periods}"
                raise ValueError(msg)
            for key in changes:
                if key not in PERIOD_CHANGEABLE:
                    allowed = ", ".join(PERIOD_CHANGEABLE)
                    msg = f"period_changes.{period}.{key} cannot change per period ({allowed} can)"
                    raise ValueError(msg)
            for dotted in PERIOD_FIXED:
                block, name = dotted.split(".")
                if name in (changes.get(block) or {}):
                    msg = (
                        f"period_changes.{period}.{dotted} cannot change per period "
                        "(it fixes the LP's structure or how capacity is costed)"
                    )
                    raise ValueError(msg)
        return self


class ScenarioSettings(Settings):
    """Everything that defines one planning run besides the data catalogue."""

    year: int = Field(
        2025,
        ge=2000,
        le=2100,
        description="Planning year: the UHV corridors in service by it are available (unless "
        "network.corridors_in_service_by_year says otherwise); with pathway.periods, the "
        "first period and the year costs are discounted to.",
    )
    time: TimeSettings = Field(default_factory=TimeSettings, description="Time representation.")
    demand: DemandSettings = Field(default_factory=DemandSettings, description="Demand.")
    policy: PolicySettings = Field(default_factory=PolicySettings, description="Policy.")
    latency: LatencySettings = Field(default_factory=LatencySettings, description="Latency.")
    network: NetworkSettings = Field(default_factory=NetworkSettings, description="Network.")
    sites: SiteSettings = Field(default_factory=SiteSettings, description="Candidate sites.")
    supply: SupplySettings = Field(
        default_factory=SupplySettings, description="Clean firm supply contracts."
    )
    compute: ComputeSettings = Field(
        default_factory=ComputeSettings, description="Compute per MW of IT power."
    )
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
    pathway: PathwaySettings = Field(
        default_factory=PathwaySettings,
        description="Investment periods of a multi-year plan (empty: one year).",
    )
    maps: MapSettings = Field(
        default_factory=MapSettings, description="What the maps print besides the plan."
    )

    @model_validator(mode="after")
    def _pathway_starts_in_year(self) -> ScenarioSettings:
        periods = self.pathway.periods
        if periods and periods[0] != self.year:
            msg = (
                f"pathway.periods must start with `year` ({self.year}), the base year costs "
                f"are discounted to; got {periods[0]}"
            )
            raise ValueError(msg)
        return self
