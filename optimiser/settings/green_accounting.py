"""The green accountings a target is set in (``policy.green_accounting``), and their columns.

One home for the three measures and what each counts, used by the settings, the LP
(:mod:`optimiser.lp.model`), the pandas accounting and audit (:mod:`optimiser.results`), the
full-year check, the hold and refine rounds and the report:

- ``annual``: green energy over the year, certificates included;
- ``hourly``: the CFE score, green and carbon-free supply (the grid at its hourly carbon-free
  share) matched hour by hour;
- ``hourly_own_supply``: the same score counting only the site's own supply (its wind, solar,
  storage, contracts and corridors into its own province).
"""

from __future__ import annotations

from typing import Final, Literal

GreenAccounting = Literal["annual", "hourly", "hourly_own_supply"]
"""A green accounting, as ``policy.green_accounting`` names it."""

ANNUAL: Final = "annual"
HOURLY: Final = "hourly"
HOURLY_OWN_SUPPLY: Final = "hourly_own_supply"
GREEN_ACCOUNTINGS: Final = (ANNUAL, HOURLY, HOURLY_OWN_SUPPLY)
"""Every green accounting, in the order the settings list them."""


def is_hour_matched(accounting: str) -> bool:
    """Whether green supply must match consumption hour by hour (``hourly``, own supply)."""
    return accounting != ANNUAL


def counts_certificates(accounting: str) -> bool:
    """Whether certificates bought on the market count towards the target (``annual`` only)."""
    return accounting == ANNUAL


def counts_own_supply_only(accounting: str) -> bool:
    """Whether only the site's own supply counts as green (``hourly_own_supply``)."""
    return accounting == HOURLY_OWN_SUPPLY


NOT_GREEN_COLUMN: Final = {
    ANNUAL: "brown_mw",
    HOURLY: "hourly_brown_mw",
    HOURLY_OWN_SUPPLY: "own_supply_shortfall_mw",
}
"""The column of the site-hour balance (``hourly.parquet``) that does not count as green in
each accounting: what the green target limits."""

TARGET_SHARE_COLUMN: Final = {
    ANNUAL: "green_share_annual",
    HOURLY: "green_share_hourly",
    HOURLY_OWN_SUPPLY: "green_share_hourly_own_supply",
}
"""The per-site share (``clusters.csv``) each accounting's target is set on: the annual share,
or the CFE score of either hour-matched measure (a score over the year, not a floor in every
hour: ``policy.hourly_floor`` sets that)."""

HOURLY_SHARE_COLUMN: Final = {
    ANNUAL: "green_share",
    HOURLY: "green_share",
    HOURLY_OWN_SUPPLY: "own_supply_green_share",
}
"""The hour's green share (``hourly.parquet``) in each accounting's measure: the grid's green
share counts under the annual and hourly accountings, only own supply under
``hourly_own_supply``."""
