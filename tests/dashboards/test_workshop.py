"""The workshop view: ``make workshop`` serves the three dashboards as a code-free page that works offline."""

from __future__ import annotations

import base64
import fcntl
import html
import json
import os
import re
import select
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "workshop" / "dashboards.ipynb"
START_SECONDS = 60  # for Voilà to answer at all
RENDER_SECONDS = 90  # for it to run the notebook, or for Chromium to show the widgets
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def notebook() -> dict[str, Any]:
    return json.loads(NOTEBOOK.read_text())


def code_cells() -> list[dict[str, Any]]:
    return [cell for cell in notebook()["cells"] if cell["cell_type"] == "code"]


def headings() -> list[str]:
    """The notebook's markdown headings, without the leading #."""
    return [line.lstrip("#").strip() for cell in notebook()["cells"] if cell["cell_type"] == "markdown"
            for line in "".join(cell["source"]).splitlines() if line.startswith("#")]


def make_workshop_command(port: int) -> list[str]:
    """The command of ``make workshop PORT=port``, run with this Python, without opening a browser."""
    recipe = re.search(r"^workshop:.*\n\t\$\(BIN\)/voila (.+)$", (ROOT / "Makefile").read_text(), re.M)
    assert recipe, "the Makefile has no workshop target running $(BIN)/voila"
    args = shlex.split(recipe.group(1).replace("$(PORT)", str(port)))
    return [sys.executable, "-m", "voila", *args, "--no-browser", "--Voila.port_retries=0"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def read_all(url: str, seconds: float) -> tuple[int, str]:
    """Status and body of ``url``; Voilà streams the page while it runs the notebook, so read with a deadline."""
    deadline = time.monotonic() + seconds
    with urllib.request.urlopen(url, timeout=seconds) as response:
        body = b""
        while chunk := response.read1(1 << 16):
            body += chunk
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url} still loading after {seconds:.0f} s")
        return response.status, body.decode()


@dataclass
class Server:
    """A running Voilà: its address and what it printed (its kernels print there too)."""

    url: str
    log: IO[bytes]

    def said(self) -> str:
        self.log.seek(0)
        return "Voilà said:\n" + self.log.read().decode(errors="replace")[-4000:]


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    """Voilà started as ``make workshop`` starts it, on a free localhost port."""
    port = free_port()
    with tempfile.TemporaryFile() as log:
        voila = subprocess.Popen(make_workshop_command(port), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        running = Server(f"http://127.0.0.1:{port}/", log)
        try:
            deadline = time.monotonic() + START_SECONDS
            while True:
                try:
                    read_all(running.url + "voila/static/voila.js", 5)
                    break
                except OSError:
                    if voila.poll() is not None:
                        pytest.fail(f"Voilà exited with status {voila.returncode}\n{running.said()}")
                    if time.monotonic() > deadline:
                        pytest.fail(f"Voilà did not answer on {running.url} in {START_SECONDS} s\n{running.said()}")
                    time.sleep(0.5)
            yield running
        finally:
            voila.terminate()
            try:
                voila.wait(timeout=20)
            except subprocess.TimeoutExpired:
                voila.kill()
                voila.wait()


@pytest.fixture(scope="module")
def page(server: Server) -> str:
    """The page as served, once Voilà has run the notebook."""
    try:
        status, body = read_all(server.url, RENDER_SECONDS)
    except TimeoutError as error:
        pytest.fail(f"{error}\n{server.said()}")
    assert status == 200
    return body


def test_notebook_is_saved_thin_and_without_outputs() -> None:
    cells = code_cells()
    assert len(cells) == 3, "one code cell per dashboard"
    for cell in cells:
        assert cell["outputs"] == [] and cell["execution_count"] is None
        assert len("".join(cell["source"]).strip().splitlines()) <= 3
        assert "from simlib" in "".join(cell["source"])
    assert "widgets" not in notebook()["metadata"], "no saved widget state"


def test_page_shows_every_heading_and_a_dashboard_per_code_cell(page: str) -> None:
    text = html.unescape(page)
    for heading in headings():
        assert heading in text
    assert page.count(WIDGET_VIEW) == len(code_cells())
    assert "from simlib" not in text, "Voilà hides the code"


def test_page_has_no_error_output(page: str) -> None:
    for sign in ('"output_type": "error"', "Traceback", "There was an error when executing cell"):
        assert sign not in page


def test_page_loads_nothing_from_outside(page: str) -> None:
    addresses = re.findall(r"<(?:script|link|img|iframe)\b[^>]*?\b(?:src|href)=[\"']([^\"']+)", page)
    assert addresses, "expected the page's own scripts and styles"
    outside = [a for a in addresses if re.match(r"(https?:)?//", a)
               and not re.match(r"(https?:)?//(127\.0\.0\.1|localhost)[:/]", a)]
    assert outside == []
    assert not re.search(r"import\(\s*[\"']https?:", page), "no module imported from a CDN"


class Chromium:
    """Headless Chromium driven over its DevTools pipe (standard library only).

    ``--dump-dom`` returns as soon as the page has loaded, before Voilà's
    widget manager has drawn the widgets over the kernel's websocket.
    """

    def __init__(self, binary: str, url: str, profile: Path) -> None:
        commands, replies = os.pipe(), os.pipe()

        def use_fds_3_and_4() -> None:  # Chromium reads commands on fd 3, writes replies on fd 4
            read, write = (fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (commands[0], replies[1]))
            os.dup2(read, 3)
            os.dup2(write, 4)

        self.process = subprocess.Popen(
            [binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
             "--disable-background-networking", "--disable-component-update", "--window-size=1600,1000",
             f"--user-data-dir={profile}", "--remote-debugging-pipe", url],
            pass_fds=(3, 4), preexec_fn=use_fds_3_and_4, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(commands[0])
        os.close(replies[1])
        self.to_chrome, self.from_chrome = commands[1], replies[0]
        self.buffer, self.last_id, self.session = b"", 0, None
        page = next(t for t in self.call("Target.getTargets")["targetInfos"] if t["type"] == "page")
        self.session = self.call("Target.attachToTarget", targetId=page["targetId"], flatten=True)["sessionId"]

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Send one DevTools command (to the page once attached) and return its result."""
        self.last_id += 1
        message = {"id": self.last_id, "method": method, "params": params}
        if self.session:
            message["sessionId"] = self.session
        os.write(self.to_chrome, json.dumps(message).encode() + b"\0")
        while True:
            while b"\0" not in self.buffer:
                if not select.select([self.from_chrome], [], [], 30)[0]:
                    raise TimeoutError(f"Chromium did not answer {method}")
                chunk = os.read(self.from_chrome, 1 << 16)
                if not chunk:
                    raise RuntimeError(f"Chromium exited (status {self.process.wait()})")
                self.buffer += chunk
            raw, self.buffer = self.buffer.split(b"\0", 1)
            reply = json.loads(raw)
            if reply.get("id") == self.last_id:
                assert "error" not in reply, reply
                return reply["result"]

    def evaluate(self, expression: str) -> Any:
        return self.call("Runtime.evaluate", expression=expression, returnByValue=True)["result"].get("value")

    def close(self) -> None:
        self.process.kill()
        self.process.wait()
        os.close(self.to_chrome)
        os.close(self.from_chrome)


@pytest.fixture(scope="module")
def chromium() -> str:
    """The Chromium binary; skips (before Voilà starts) when there is none."""
    binary = next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)
    if binary is None:
        pytest.skip("no Chromium on PATH (apt-get install chromium)")
    return binary


def test_page_renders_in_headless_chromium(chromium: str, server: Server, tmp_path: Path) -> None:
    browser = Chromium(chromium, server.url, tmp_path / "profile")
    try:
        deadline = time.monotonic() + RENDER_SECONDS
        while browser.evaluate("document.querySelectorAll('.jp-OutputArea-output img').length") < len(code_cells()):
            assert time.monotonic() < deadline, f"Chromium did not show the dashboards' figures\n{server.said()}"
            time.sleep(1)
        dom = browser.evaluate("document.documentElement.outerHTML")
        text = browser.evaluate("document.body.innerText")
        screenshot = tmp_path / "workshop.png"
        screenshot.write_bytes(base64.b64decode(browser.call("Page.captureScreenshot", format="png")["data"]))
    finally:
        browser.close()
    assert screenshot.read_bytes().startswith(b"\x89PNG")
    for widget in ("widget-slider", "widget-dropdown", "widget-button", "jupyter-widgets"):
        assert re.search(rf'class="[^"]*\b{widget}\b', dom), widget
    assert "Loading widget" not in text and "Traceback" not in text
    for heading in headings():
        assert heading in text
