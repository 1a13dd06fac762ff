"""Headless Chromium for the report tests: open a page over the DevTools pipe, no driver.

Chromium comes from Debian (`apt-get install chromium`, done by `.ci/run`); where it is missing
the tests that need it skip with a message.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

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


WIDER_THAN_VIEWPORT = """
Array.from(document.querySelectorAll('body, body *'))
  .filter(element => element.getBoundingClientRect().width > window.innerWidth
                     || element.getBoundingClientRect().right > window.innerWidth + 0.5)
  .map(element => element.tagName.toLowerCase() + (element.id ? '#' + element.id : '')
                  + ' ' + Math.round(element.getBoundingClientRect().right) + ' px')
"""
"""Script listing every element that reaches beyond the viewport's right edge."""


SHOWN_TEXT = (
    "(() => { const body = document.body.cloneNode(true); "
    "body.querySelectorAll('[translate=no], code').forEach(element => element.remove()); "
    "return body.innerText; })()"
)
"""The page's text as shown, without what it keeps as written (``translate="no"``, code)."""


def render_in_chromium(
    page: Path, profile: Path, rows_selector: str, viewport_width: int | None = None
) -> dict[str, Any]:
    """Open a page in headless Chromium; return its images, title, table rows, errors and text.

    With ``viewport_width`` [px] the page is laid out in a window that wide, and ``wider``
    lists the elements that reach beyond it (``scroll_width`` is the page's width).
    """
    executable = chromium_executable()
    if executable is None:
        pytest.skip("chromium is not installed (on Debian: apt-get install chromium)")
    browser = DevTools(executable, profile)

    def evaluate(expression: str, session: str) -> Any:
        return browser.call(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True},
            session=session,
        )["result"]["value"]

    try:
        target = browser.call("Target.createTarget", {"url": "about:blank"})
        session = browser.call(
            "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}
        )["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            browser.call(f"{domain}.enable", session=session)
        if viewport_width is not None:
            browser.call(
                "Emulation.setDeviceMetricsOverride",
                {"width": viewport_width, "height": 900, "deviceScaleFactor": 1, "mobile": False},
                session=session,
            )
        browser.events.clear()
        browser.call("Page.navigate", {"url": page.as_uri()}, session=session)
        browser.wait_for("Page.loadEventFired", timeout_s=60.0)
        images = evaluate(
            "Array.from(document.images).map(image => "
            "({id: image.id, complete: image.complete, width: image.naturalWidth}))",
            session,
        )
        title = evaluate("document.title", session)
        rows = evaluate(f"document.querySelectorAll('{rows_selector}').length", session)
        wider = evaluate(WIDER_THAN_VIEWPORT, session) if viewport_width is not None else []
        scroll_width = evaluate("document.documentElement.scrollWidth", session)
        text = evaluate(SHOWN_TEXT, session)
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
    return {
        "images": images,
        "title": title,
        "rows": rows,
        "errors": errors,
        "wider": wider,
        "scroll_width": scroll_width,
        "text": text,
    }
