"""The package stays easy to read: no module of ``optimiser/`` grows beyond 600 lines."""

from __future__ import annotations

from tests.repository import REPO_ROOT

MAX_MODULE_LINES = 600


def test_no_module_is_longer_than_600_lines() -> None:
    lengths = {
        str(path.relative_to(REPO_ROOT)): len(path.read_text(encoding="utf-8").splitlines())
        for path in (REPO_ROOT / "optimiser").rglob("*.py")
    }
    assert lengths  # the package was found
    assert {path: lines for path, lines in lengths.items() if lines > MAX_MODULE_LINES} == {}
