"""The ``demand`` and ``policy`` blocks: the compute to serve and the rules it is served by.

Demand relative to the catalogue's provincial demand; the green-share target and its
accounting, certificates, utilisation and PUE limits.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from optimiser.settings.base import Settings
from optimiser.settings.green_accounting import ANNUAL, GreenAccounting, is_hour_matched


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
    green_accounting: GreenAccounting = Field(
        ANNUAL,
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
        if self.hourly_floor is not None and not is_hour_matched(self.green_accounting):
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
