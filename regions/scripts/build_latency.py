"""Rebuild regions/latency.csv from provinces.csv, clusters.csv and parameters.csv.

Run from anywhere: ``python regions/scripts/build_latency.py``. The method lives in
:mod:`optimiser.data.latency`; this script only reads and writes the catalogue files.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

REGIONS_DIR = Path(__file__).resolve().parents[1]
REPO_ROOT = REGIONS_DIR.parent
if str(REPO_ROOT) not in sys.path:  # run from a source tree without installing dcsite
    sys.path.insert(0, str(REPO_ROOT))

from optimiser.data.latency import latency_table  # noqa: E402


def main() -> None:
    provinces = pd.read_csv(REGIONS_DIR / "provinces.csv")
    clusters = pd.read_csv(REGIONS_DIR / "clusters.csv")
    parameters = pd.read_csv(REGIONS_DIR / "parameters.csv").set_index("parameter")["value"]
    table = latency_table(provinces, clusters, parameters.astype(float).to_dict())
    output = REGIONS_DIR / "latency.csv"
    table.to_csv(output, index=False, lineterminator="\n")
    nearest = table.groupby("province_id", sort=False)["rtt_ms"].min()
    print(
        f"wrote {output.relative_to(REPO_ROOT)}: {len(table)} rows; nearest-site round trip "
        f"{nearest.min():.2f}-{nearest.max():.2f} ms ({nearest.idxmax()} farthest)"
    )


if __name__ == "__main__":
    main()
