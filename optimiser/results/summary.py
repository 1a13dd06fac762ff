"""Build a plan's headline figures (``summary.json``) from its tables.

Part of extracting the results, under :mod:`optimiser.results.tables`: the national totals and
shares (capacity, west share, green shares, emissions, energy, corridor imports), what the plan
buys on the certificate market, the IT energy served where no green target applies, and the
compute and idle-capacity headlines, each summed from the per-site and per-corridor tables.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from optimiser.lp.inputs import ModelInputs
from optimiser.lp.periods import demand_growth_factor
from optimiser.lp.solver import SolvedModel
from optimiser.lp.units import CNY_PER_KCNY, MWH_PER_GWH
from optimiser.results.accounting import (
    IDLE_PARTS,
    certificate_costs,
    marginal_certificate_price,
)
from optimiser.scenario import ResolvedScenario
from optimiser.version import __version__

HEADLINE_FIGURES = [
    "objective_cny_per_year",
    "siting_cost_cny_per_year",
    "total_it_capacity_mw",
    "new_it_capacity_mw",
    "west_hub_share_of_new_capacity",
    "western_region_share_of_new_capacity",
    "green_share_annual",
    "green_share_hourly",
    "green_share_hourly_own_supply",
    "emissions_tco2_per_year",
    "energy_mwh_per_year",
    "curtailment_mwh_per_year",
    "corridor_import_mwh_per_year",
    "certificates_mwh_per_year",
    "certificate_marginal_price_cny_per_mwh",
    "untargeted_share_of_it_energy",
    "total_it_capacity_eflops",
    "idle_it_capacity_avoidable_mw",
    "stranded_capex_avoidable_cny_per_year",
    "idle_it_capacity_overbuilt_mw",
    "idle_it_capacity_shortfall_mw",
    "idle_it_capacity_by_design_mw",
    "idle_share",
    "idle_it_capacity_mw",
    "stranded_capex_cny_per_year",
]
"""The headline figures of ``summary.json`` that comparisons, sweeps and regressions use."""


SERVER_PARTS = ("it_servers",)
"""The parts of ``cost_breakdown_cny_per_year`` that cost the same wherever they are built:
servers and accelerators are bought per EFLOPS at one price, whatever the site."""


def siting_cost(objective_cny_per_year: float, breakdown: Mapping[str, float]) -> float:
    """Return the cost that siting decides: the annual cost less the servers [CNY/yr].

    Servers and accelerators (:data:`SERVER_PARTS`) are most of the cost and the same per
    EFLOPS on every site, so they move with how much is built, hardly with where; everything
    else (buildings, cooling and plant, their upkeep, wind, solar, storage, energy bought,
    certificates, network, carbon) depends on the sites chosen.

    Parameters
    ----------
    objective_cny_per_year : float
        The plan's annual cost [CNY/yr].
    breakdown : mapping of str to float
        ``cost_breakdown_cny_per_year`` [CNY/yr].

    Examples
    --------
    >>> siting_cost(100.0, {"it_servers": 74.0, "grid_energy": 26.0})
    26.0
    """
    servers = sum(float(breakdown.get(part, 0.0)) for part in SERVER_PARTS)
    return float(objective_cny_per_year) - servers


def summary_siting_cost(summary: Mapping[str, Any]) -> float | None:
    """Return a summary's ``siting_cost_cny_per_year``, computed where an older one lacks it."""
    if summary.get("siting_cost_cny_per_year") is not None:
        return float(summary["siting_cost_cny_per_year"])
    breakdown = summary.get("cost_breakdown_cny_per_year")
    objective = summary.get("objective_cny_per_year")
    if objective is None or not breakdown:
        return None
    return siting_cost(float(objective), breakdown)


def certificate_summary(clusters: pd.DataFrame, inputs: ModelInputs) -> dict[str, float | None]:
    """Return what the plan buys on the certificate market, its cost and its marginal price.

    ``certificate_marginal_price_cny_per_mwh`` is the price of the step the last certificate
    was bought on (None when none is bought); ``certificate_volume_available_mwh_per_year``
    the market's yearly volume (None when unlimited).
    """
    supply = inputs.certificate_supply
    total_gwh = float(clusters["certificates_mwh"].sum()) / MWH_PER_GWH
    steps = certificate_costs(total_gwh, supply)
    marginal = marginal_certificate_price(steps)
    available = float(supply["volume_gwh_per_year"].sum()) * MWH_PER_GWH
    return {
        "certificate_cost_cny_per_year": float(steps["cost_cny_per_year"].sum()),
        "certificate_marginal_price_cny_per_mwh": None if np.isnan(marginal) else marginal,
        "certificate_volume_available_mwh_per_year": available if np.isfinite(available) else None,
    }


def leakage_summary(clusters: pd.DataFrame, inputs: ModelInputs) -> dict[str, float | None]:
    """Return the IT energy served at sites the green target does not apply to, and its share.

    Sites outside ``policy.green_target_applies_to`` (the candidates outside the hub clusters,
    by default), whatever the target's value. When a target rises, load can move to them
    (leakage); comparisons report the change of this share against the reference plan.
    ``policy.green_target_applies_to: all_sites`` closes it.
    """
    it_energy = clusters.set_index("cluster_id")["it_energy_mwh"]
    if inputs.settings.policy.green_target_applies_to == "all_sites":
        outside = pd.Series(False, index=it_energy.index)
    else:
        outside = ~inputs.sites["is_hub_cluster"].astype(bool).reindex(it_energy.index)
    untargeted = float(it_energy[outside].sum())
    total = float(it_energy.sum())
    return {
        "untargeted_it_energy_mwh_per_year": untargeted,
        "untargeted_share_of_it_energy": untargeted / total if total > 0 else None,
    }


def coverage_summary(clusters: pd.DataFrame, inputs: ModelInputs) -> dict[str, float | None]:
    """Return the nation's data-centre electricity in the plan's year and the share modelled.

    The catalogue's provincial demand is the load the hub system is to serve, not every data
    centre in China: the plan's electricity (``energy_mwh_per_year``) is set against
    ``data_centre_electricity_2025_twh`` grown to the plan's year as demand grows
    (:func:`optimiser.lp.periods.demand_growth_factor`; 2025's figure without growth).
    """
    parameters = inputs.parameters
    national_twh = parameters.get("data_centre_electricity_2025_twh")
    if national_twh is None:
        return {
            "national_data_centre_electricity_twh": None,
            "share_of_national_data_centres": None,
        }
    if inputs.settings.pathway.demand_growth == "catalogue":
        national_twh *= demand_growth_factor(parameters, inputs.settings.year)
    modelled_twh = float(clusters["consumption_mwh"].sum()) / 1e6
    return {
        "national_data_centre_electricity_twh": float(national_twh),
        "share_of_national_data_centres": modelled_twh / national_twh if national_twh > 0 else None,
    }


def idle_parts_summary(clusters: pd.DataFrame) -> dict[str, float | None]:
    """Return the national idle capacity and stranded cost by part, the avoidable part first.

    The avoidable part is over-building plus demand shortfall; by design is the headroom of
    the hourly utilisation cap and the hours below the peak (``docs/compute.md``). Plans
    written before the split have none of its columns and get no figures.
    """
    if "idle_it_capacity_by_design_mw" not in clusters:
        return {}
    installed = float(clusters["total_it_capacity_mw"].sum())
    figures: dict[str, float | None] = {}
    for unit in ("idle_it_capacity_{}_mw", "stranded_capex_{}_cny_per_year"):
        parts = {part: float(clusters[unit.format(part)].sum()) for part in IDLE_PARTS}
        figures[unit.format("avoidable")] = parts["overbuilt"] + parts["shortfall"]
        figures.update({unit.format(part): value for part, value in parts.items()})
    avoidable = figures["idle_it_capacity_avoidable_mw"] or 0.0
    figures["avoidable_idle_share"] = avoidable / installed if installed > 1e-9 else None
    figures["additional_new_it_capacity_mw"] = float(
        clusters["additional_new_it_capacity_mw"].sum()
    )
    return figures


def compute_summary(clusters: pd.DataFrame) -> dict[str, float | None]:
    """Return the national compute, rack and idle-capacity headlines of a plan."""
    installed = float(clusters["total_it_capacity_mw"].sum())
    idle = float(clusters["idle_it_capacity_mw"].sum())
    return {
        **idle_parts_summary(clusters),
        "total_it_capacity_eflops": float(clusters["total_it_capacity_eflops"].sum()),
        "new_it_capacity_eflops": float(clusters["new_it_capacity_eflops"].sum()),
        "total_racks": float(clusters["total_racks"].sum()),
        "mean_it_load_mw": float(clusters["mean_it_load_mw"].sum()),
        "compute_in_use_eflops": float(
            (clusters["total_it_capacity_eflops"] - clusters["idle_it_capacity_eflops"]).sum()
        ),
        "idle_it_capacity_mw": idle,
        "idle_it_capacity_eflops": float(clusters["idle_it_capacity_eflops"].sum()),
        "idle_share": idle / installed if installed > 1e-9 else None,
        "stranded_capex_cny_per_year": float(clusters["stranded_capex_cny_per_year"].sum()),
        "committed_new_it_capacity_mw": float(clusters["committed_new_it_capacity_mw"].sum()),
    }


def build_summary(
    clusters: pd.DataFrame,
    corridors: pd.DataFrame,
    costs: pd.DataFrame,
    solved: SolvedModel,
    scenario: ResolvedScenario,
) -> dict[str, Any]:
    """Return the headline figures of a plan (``summary.json``)."""
    new = clusters["new_it_capacity_mw"].sum()
    west_hubs = (clusters["role"] == "west") & clusters["is_hub_cluster"].astype(bool)
    west_hub_new = clusters.loc[west_hubs, "new_it_capacity_mw"].sum()
    western_new = clusters.loc[
        clusters["is_western_region"].astype(bool), "new_it_capacity_mw"
    ].sum()
    own_green = clusters["own_green_energy_mwh"].sum()
    consumption = clusters["consumption_mwh"].sum()
    green = clusters["green_energy_mwh"].sum()
    carbon_free = clusters["carbon_free_energy_mwh"].sum()
    certificates = clusters["certificates_mwh"].sum()
    targeted = clusters[clusters["green_share_target"] > 0]
    return {
        "model": scenario.model_name,
        "model_path": str(scenario.model_path),
        "scenario": scenario.scenario_name,
        "description": scenario.description,
        "year": scenario.settings.year,
        "overrides": {key: value for key, value in scenario.overrides.items()},
        "status": "optimal",
        "objective_cny_per_year": solved.objective_kcny * CNY_PER_KCNY,
        "siting_cost_cny_per_year": siting_cost(
            solved.objective_kcny * CNY_PER_KCNY, costs.sum().to_dict()
        ),
        "cost_breakdown_cny_per_year": {key: float(value) for key, value in costs.sum().items()},
        "total_it_capacity_mw": float(clusters["total_it_capacity_mw"].sum()),
        "new_it_capacity_mw": float(new),
        "west_hub_share_of_new_capacity": float(west_hub_new / new) if new > 1e-9 else None,
        "western_region_share_of_new_capacity": (float(western_new / new) if new > 1e-9 else None),
        "green_accounting": scenario.settings.policy.green_accounting,
        "green_share_target": scenario.settings.policy.green_share_target,
        "green_share_annual": float((green + certificates) / consumption) if consumption else None,
        "green_share_hourly": float(carbon_free / consumption) if consumption else None,
        "green_share_hourly_own_supply": (float(own_green / consumption) if consumption else None),
        "min_hourly_green_share_targeted": (
            float(targeted["min_hourly_green_share"].min()) if len(targeted) else None
        ),
        **compute_summary(clusters),
        "emissions_tco2_per_year": float(clusters["emissions_tco2_per_year"].sum()),
        "energy_mwh_per_year": float(consumption),
        "it_energy_mwh_per_year": float(clusters["it_energy_mwh"].sum()),
        "curtailment_mwh_per_year": float(clusters["curtailment_mwh"].sum()),
        "surplus_sold_mwh_per_year": float(clusters["surplus_sold_mwh"].sum()),
        "corridor_import_mwh_per_year": float(corridors["energy_mwh"].sum()),
        "certificates_mwh_per_year": float(certificates),
        "timings_s": {},
        "sizes": dict(solved.sizes),
        "solver": dict(solved.solver),
        "dcsite_version": __version__,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
