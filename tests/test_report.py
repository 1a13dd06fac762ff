"""Tests of report.html: self-contained, complete, and rendered by a real browser."""

from __future__ import annotations

import contextlib
import json
import os
import re
import select
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from optimiser.errors import OutputError
from optimiser.report import write_report
from tests.solved_results import copy_results, default_results_folder

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def folder() -> Path:
    return default_results_folder()


@pytest.fixture(scope="module")
def page(folder: Path) -> str:
    return (folder / "report.html").read_text(encoding="utf-8")


def test_report_is_self_contained(page: str) -> None:
    sources = re.findall(r'(?:src|href)="([^"]*)"', page)
    assert sources, "no images found"
    assert all(source.startswith("data:image/png;base64,") for source in sources)
    assert "<script" not in page
    assert "<link" not in page
    assert not re.search(r"url\(", page)


def test_report_has_every_section(folder: Path, page: str) -> None:
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    for section in ("scenario", "headline", "audit", "maps", "sites", "corridors", "dispatch"):
        assert f'id="{section}"' in page, section
    for kind in ("capacity", "green", "flows"):
        assert f'id="map-{kind}"' in page
    assert f'id="audit-status">{summary["audit"]["status"]}<' in page
    assert summary["scenario"] in page
    for site in pd.read_csv(folder / "clusters.csv")["cluster_id"]:
        assert f">{site}<" in page
    for corridor in pd.read_csv(folder / "corridors.csv")["corridor_id"]:
        assert f">{corridor}<" in page
    assert 'id="overrides">none<' in page


def test_report_charts_the_chosen_site_and_refuses_to_overwrite(
    folder: Path, tmp_path: Path
) -> None:
    copy = copy_results(folder, tmp_path / "copy")
    with pytest.raises(OutputError, match="already exists"):
        write_report(copy)
    path = write_report(copy, cluster="karamay", overwrite=True)
    assert "Hourly dispatch at karamay" in path.read_text(encoding="utf-8")


def test_report_without_maps_says_so(folder: Path, tmp_path: Path) -> None:
    copy = copy_results(folder, tmp_path / "copy")
    shutil.rmtree(copy / "maps")
    text = write_report(copy, overwrite=True).read_text(encoding="utf-8")
    assert "No maps were drawn" in text
    assert 'id="dispatch-chart"' in text


class DevTools:
    """A minimal Chrome DevTools Protocol client over ``--remote-debugging-pipe``."""

    def __init__(self, executable: str, profile: Path) -> None:
        to_browser_read, self.to_browser = os.pipe()
        self.from_browser, from_browser_write = os.pipe()

        def child_pipes() -> None:  # the browser reads commands on fd 3, writes on fd 4
            reading, writing = os.dup(to_browser_read), os.dup(from_browser_write)
            os.dup2(reading, 3)
            os.dup2(writing, 4)

        self.process = subprocess.Popen(
            [
                executable,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                "--remote-debugging-pipe",
                "about:blank",
            ],
            # fds 3 and 4 are kept open: subprocess closes the others after child_pipes
            preexec_fn=child_pipes,
            pass_fds=(3, 4, to_browser_read, from_browser_write),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser_read)
        os.close(from_browser_write)
        self.buffer = b""
        self.next_id = 0
        self.events: list[dict[str, Any]] = []

    def receive(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self.buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self.from_browser], [], [], remaining)[0]:
                raise TimeoutError("no answer from chromium")
            chunk = os.read(self.from_browser, 1 << 20)
            if not chunk:
                raise ConnectionError("chromium closed the pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def call(
        self,
        method: str,
        params: dict | None = None,
        session: str | None = None,
        timeout_s: float = 30.0,
    ) -> dict[str, Any]:
        self.next_id += 1
        command: dict[str, Any] = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            command["sessionId"] = session
        os.write(self.to_browser, json.dumps(command).encode() + b"\0")
        deadline = time.monotonic() + timeout_s
        while True:
            message = self.receive(deadline)
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def wait_for(self, method: str, timeout_s: float = 30.0) -> dict[str, Any]:
        for event in self.events:
            if event.get("method") == method:
                return event
        deadline = time.monotonic() + timeout_s
        while True:
            message = self.receive(deadline)
            self.events.append(message)
            if message.get("method") == method:
                return message

    def close(self) -> None:
        with contextlib.suppress(TimeoutError, ConnectionError, RuntimeError, OSError):
            self.call("Browser.close", timeout_s=5.0)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self.to_browser)
        os.close(self.from_browser)


def chromium_executable() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def test_report_renders_in_headless_chromium(folder: Path, tmp_path: Path) -> None:
    executable = chromium_executable()
    if executable is None:
        pytest.skip("chromium is not installed (on Debian: apt-get install chromium)")
    browser = DevTools(executable, tmp_path / "profile")
    try:
        target = browser.call("Target.createTarget", {"url": "about:blank"})
        session = browser.call(
            "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}
        )["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            browser.call(f"{domain}.enable", session=session)
        browser.events.clear()
        browser.call("Page.navigate", {"url": (folder / "report.html").as_uri()}, session=session)
        browser.wait_for("Page.loadEventFired", timeout_s=60.0)
        images = browser.call(
            "Runtime.evaluate",
            {
                "expression": "Array.from(document.images).map(image => "
                "({id: image.id, complete: image.complete, "
                "width: image.naturalWidth}))",
                "returnByValue": True,
            },
            session=session,
        )["result"]["value"]
        title = browser.call(
            "Runtime.evaluate",
            {"expression": "document.title", "returnByValue": True},
            session=session,
        )["result"]["value"]
        rows = browser.call(
            "Runtime.evaluate",
            {
                "expression": "document.querySelectorAll('#sites + table tbody tr').length",
                "returnByValue": True,
            },
            session=session,
        )["result"]["value"]
    finally:
        browser.close()
    errors = [
        event
        for event in browser.events
        if event.get("method") == "Runtime.exceptionThrown"
        or (
            event.get("method") == "Runtime.consoleAPICalled"
            and event["params"].get("type") in {"error", "assert"}
        )
        or (
            event.get("method") == "Log.entryAdded"
            and event["params"]["entry"].get("level") == "error"
        )
    ]
    assert errors == []
    assert title.startswith("dcsite report")
    assert {image["id"] for image in images} == {
        "map-capacity",
        "map-green",
        "map-flows",
        "dispatch-chart",
    }
    assert all(image["complete"] and image["width"] > 0 for image in images), images
    assert rows == len(pd.read_csv(folder / "clusters.csv"))
