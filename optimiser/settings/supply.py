"""The ``supply`` block: clean firm contracts and long-duration storage a site may lease.

Which technologies are offered, the share of them open to data centres, and the volumes a
province offers.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from optimiser.settings.base import Settings

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
