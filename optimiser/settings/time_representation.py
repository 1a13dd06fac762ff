"""The ``time`` block: how the year is represented by modelled hours.

Average, monthly or representative days, or the full year; the weather year or years they
are drawn from; the days and green-target margins ``dcsite refine`` adds.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from optimiser.settings.base import Settings


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
