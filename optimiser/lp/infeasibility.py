"""Say why HiGHS found no optimal plan: the rules in conflict, a missing cost, or a limit.

Part of the solve stage, under :mod:`optimiser.lp.solver`: an infeasible model is reported with
HiGHS's irreducible infeasible subset (IIS), named by the rules it contains; an unbounded one,
a time limit or another stop each get their own message. :mod:`optimiser.lp.diagnose` says by
how much the rules would have to give way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import highspy

from optimiser.errors import InfeasibleError
from optimiser.lp.handover import CompiledLp
from optimiser.lp.highs_run import new_highs


def irreducible_infeasible_subset(compiled: CompiledLp, options: Mapping[str, Any]) -> list[str]:
    """Return the names of the rows and bounds in an irreducible infeasible subset.

    Returns
    -------
    list of str
        ``rule[index]`` of each row in the IIS, then ``variable[index] bound`` for bounds.
    """
    highs = new_highs(options)
    highs.setOptionValue("iis_strategy", 2)  # the default strategy returned empty sets here
    highs.passModel(compiled.lp)
    highs.run()
    status, iis = highs.getIis()
    if status != highspy.HighsStatus.kOk:
        return []
    rows = [compiled.row_name(int(position)) for position in iis.row_index_]
    columns = [f"{compiled.column_name(int(position))} bound" for position in iis.col_index_]
    return rows + columns


def describe_conflict(names: Sequence[str], limit: int = 12) -> str:
    """Summarise an IIS by rule, with a few of its indices each."""
    by_rule: dict[str, list[str]] = {}
    for name in names:
        rule = name.split("[", 1)[0]
        by_rule.setdefault(rule, []).append(name)
    parts = []
    for members in by_rule.values():
        shown = ", ".join(members[:3])
        more = f" (+{len(members) - 3} more)" if len(members) > 3 else ""
        parts.append(f"{shown}{more}")
    return "; ".join(parts[:limit])


def infeasibility_error(
    status: str, compiled: CompiledLp, options: Mapping[str, Any]
) -> InfeasibleError:
    """Build the error for a model HiGHS did not solve to optimality."""
    if status in {"Infeasible", "Primal infeasible or unbounded"}:
        conflicts = irreducible_infeasible_subset(compiled, options)
        detail = (
            f"; these rules conflict: {describe_conflict(conflicts)}"
            if conflicts
            else "; HiGHS found no irreducible subset to name"
        )
        return InfeasibleError(
            f"the scenario is infeasible (HiGHS: {status}){detail}",
            conflicts,
            context=(compiled, dict(options)),
        )
    if status == "Unbounded":
        return InfeasibleError(
            "the scenario is unbounded (HiGHS: Unbounded): a cost is missing or negative",
            status="unbounded",
        )
    if status == "Time limit reached":
        return InfeasibleError(
            f"HiGHS reached its time limit ({float(options.get('time_limit', 0)):g} s, "
            "setting solver.time_limit_s) without an optimal plan",
            status="not solved",
        )
    return InfeasibleError(
        f"HiGHS stopped without an optimal plan (status: {status}): neither a plan nor a proof "
        "that none exists; try solver.method: simplex",
        status="not solved",
    )
