"""The ``solver`` and ``validation`` blocks: how a plan is solved and checked over the year.

HiGHS's method, limits and options; the prices of the shortfalls the full-year check may
find and the worker processes it dispatches months in.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from optimiser.settings.base import Settings

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
