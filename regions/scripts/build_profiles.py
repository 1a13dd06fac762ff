"""Rebuild regions/profiles/demand_shape.csv, the hourly shape of demand per workload class.

Run from anywhere: ``python regions/scripts/build_profiles.py`` (a second). The multipliers of
the annual-mean demand come from :func:`optimiser.data.profiles.demand_shapes` for 2025 (its
weekdays), written with 4 decimals and a mean of exactly 1. The wind and solar profiles of
regions/profiles/ are built by build_weather_years.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

REGIONS_DIR = Path(__file__).resolve().parents[1]
REPO_ROOT = REGIONS_DIR.parent
if str(REPO_ROOT) not in sys.path:  # run from a source tree without installing dcsite
    sys.path.insert(0, str(REPO_ROOT))

from optimiser.data.profiles import demand_shapes  # noqa: E402

YEAR = 2025
DECIMALS = 4


def main() -> None:
    shapes = demand_shapes(YEAR, decimals=DECIMALS)
    output = REGIONS_DIR / "profiles" / "demand_shape.csv"
    shapes.to_csv(output, index=False, lineterminator="\n")
    print(
        f"wrote {output.relative_to(REPO_ROOT)}: latency_bound peak/mean "
        f"{shapes['latency_bound'].max():.3f}, flexible "
        f"{shapes['flexible'].min():.3f}-{shapes['flexible'].max():.3f}"
    )


if __name__ == "__main__":
    main()
