"""Every example of the README runs as written: its ``dcsite`` commands and its Python.

The commands are taken from the README's code blocks and code spans, in the order they appear,
and run one after the other in one folder (a later example may use an earlier one's results).
Synopses (``dcsite solve [MODEL] --scenario NAME``, with placeholders in capitals or options in
square brackets) are skipped. The default run solves one average day
(``time.representation=average_day``), skips the maps of solves and comparisons, and sweeps
three points of each ``--vary`` range, to stay fast; the slow run draws everything and sweeps
every point.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from optimiser.cli import app
from tests.repository import REPO_ROOT

README = REPO_ROOT / "README.md"
FAST = ["--set", "time.representation=average_day"]
SOLVING = {"solve", "compare", "sweep", "check", "alternatives"}
"""Commands that read a model file and take --set (compare only when it solves scenarios)."""
PLACEHOLDER = re.compile(r"[A-Z][A-Z_]{2,}|\.\.\.|…")


def readme_commands(text: str) -> Iterator[list[str]]:
    """Yield the ``dcsite`` commands of a README that run as written, in order, as arguments."""
    fenced = re.compile(r"```[a-z]*\n(.*?)```", re.DOTALL)
    pieces: list[tuple[int, str]] = []
    for block in fenced.finditer(text):
        for line in block.group(1).splitlines():
            pieces += [(block.start(), part) for part in line.split("&&")]
    outside = fenced.sub(lambda match: " " * len(match.group(0)), text)
    pieces += [(span.start(), span.group(1)) for span in re.finditer(r"`([^`\n]+)`", outside)]
    for _, piece in sorted(pieces, key=lambda item: item[0]):
        command = piece.split("#")[0].strip()
        if not command.startswith("dcsite "):
            continue
        words = shlex.split(command)[1:]
        if any(PLACEHOLDER.search(word) or word.startswith("[") for word in words):
            continue  # a synopsis, not an example
        yield words


def coarse(vary: str) -> str:
    """Return a ``--vary KEY=START:STOP:STEP`` with its step widened to give three points."""
    key, _, spec = vary.partition("=")
    if spec.count(":") != 2:
        return vary
    start, stop, _ = (float(part) for part in spec.split(":"))
    return f"{key}={start}:{stop}:{(stop - start) / 2}"


def fast(words: list[str], draw: bool) -> list[str]:
    """Return a command on one average day, without maps or full-year check, its sweeps coarse."""
    command = words[0]
    if not draw:
        words = [
            coarse(word) if previous == "--vary" else word
            for previous, word in zip(["", *words[:-1]], words, strict=True)
        ]
    solves_scenarios = command != "compare" or "--scenario" in words or "-s" in words
    if command in SOLVING and solves_scenarios:
        words = [*words, *FAST]
    if command in {"solve", "compare"} and not draw:
        words = [*words, "--no-maps"]
    # The full-year check of the default plan is tested once (tests/solved_results.py); here it
    # would add half a minute to each command on an average day.
    if command in {"solve", "compare", "sweep"} and "--validate" not in words:
        words = [*words, "--no-validate"]
    return words


def test_the_readme_has_runnable_examples() -> None:
    commands = [words[0] for words in readme_commands(README.read_text(encoding="utf-8"))]
    for command in ("solve", "compare", "sweep", "scenarios", "regions", "export"):
        assert command in commands, command
    assert "dcsite solve [MODEL]" not in str(commands)


def _run_commands(folder: Path, monkeypatch: pytest.MonkeyPatch, draw: bool) -> str:
    """Run the README's commands in ``folder``; return their output, one after the other."""
    monkeypatch.chdir(folder)
    runner = CliRunner()
    outputs = []
    for words in readme_commands(README.read_text(encoding="utf-8")):
        arguments = fast(words, draw)
        outcome = runner.invoke(app, arguments)
        assert outcome.exit_code == 0, (arguments, outcome.output)
        outputs.append(outcome.output)
    return "\n".join(outputs)


@pytest.mark.slow  # 23 s: with the long tests, to keep the default run within 5 minutes
def test_readme_commands_run_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    output = _run_commands(tmp_path, monkeypatch, draw=False)
    assert (tmp_path / "with" / "summary.json").exists()
    # Not a terminal: the sweep says each point as it is done, with the time elapsed.
    assert re.search(
        r"^\[\s*\d+\.\d s\] point 3/3 optimal: policy\.green_share_target=", output, re.M
    )
    assert (tmp_path / "without" / "without.xlsx").exists()
    assert (tmp_path / "sites.png").exists()


@pytest.mark.slow
def test_readme_commands_run_with_maps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _run_commands(tmp_path, monkeypatch, draw=True)
    assert (tmp_path / "with" / "report.html").exists()


@pytest.mark.slow  # 9 s: with the long tests, to keep the default run within 5 minutes
def test_readme_python_runs_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import optimiser.pipeline.single_year
    import optimiser.scenario

    resolve = optimiser.scenario.resolve_scenario

    def resolve_fast(model_path: Any, scenario: str = "baseline", overrides: Any = ()) -> Any:
        listed = (
            [f"{key}={value}" for key, value in overrides.items()]
            if isinstance(overrides, dict)
            else list(overrides)
        )
        return resolve(model_path, scenario, [*listed, "time.representation=average_day"])

    monkeypatch.setattr(optimiser.scenario, "resolve_scenario", resolve_fast)
    monkeypatch.setattr(optimiser.pipeline.single_year, "resolve_scenario", resolve_fast)
    monkeypatch.chdir(tmp_path)
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)
    assert blocks
    for block in blocks:
        namespace: dict[str, Any] = {}
        exec(compile(block, str(README), "exec"), namespace)
    assert namespace["table"].attrs["folder"] == Path("results/green-100-vs-baseline")
    assert isinstance(namespace["baseline"], optimiser.SolveResult)
    assert [audit.status for audit in namespace["audits"]] == ["passed", "passed"]
    assert list(namespace["curve"]["status"]) == ["optimal"] * 3


def test_readme_images_exist_and_stay_small() -> None:
    text = README.read_text(encoding="utf-8")
    images = re.findall(r"!\[[^\]]*\]\(([^)]+\.png)\)", text)
    assert images
    for image in images:
        path = README.parent / image
        assert path.exists(), image
        assert path.stat().st_size < 400_000, image  # the repository stays light
