"""Where the tests find the repository's own files, wherever in ``tests/`` a test lives."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
REGIONS_DIR = REPO_ROOT / "regions"
