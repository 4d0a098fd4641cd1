"""Headless Chromium driven over its DevTools pipe, for the workshop's browser tests and benchmark.

Standard library only: Chromium reads DevTools commands on file descriptor 3
and writes replies on 4 (``--remote-debugging-pipe``), so no port is opened
and no driver package is needed. Chromium is started with the flags a closed
network needs (no background networking, no component updates, no QUIC) and a
fresh profile.

Example::

    with Chromium(chromium_binary(), profile_dir) as browser:
        tab = browser.open("http://127.0.0.1:8866/", 1280, 720)
        tab.wait_for("document.querySelectorAll('img').length > 0", 90)
        tab.screenshot(Path("page.png"))
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--mute-audio")
"""Command-line flags for a headless Chromium on a machine without outside network."""


NAMES = ("chromium", "chromium-browser", "google-chrome")
"""The commands tried for Chromium, in order (``.ci/run`` installs Debian's ``chromium`` when none is found)."""


def chromium_binary() -> str | None:
    """The path of the first of :data:`NAMES` on the PATH, or None."""
    return next(filter(None, map(shutil.which, NAMES)), None)


class Chromium:
    """One headless Chromium process; :meth:`open` gives a :class:`Tab` per page.

    Parameters
    ----------
    binary
        Chromium's executable (:func:`chromium_binary`).
    profile
        An empty folder for the profile (``--user-data-dir``).
    """

    def __init__(self, binary: str, profile: Path) -> None:
        commands, replies = os.pipe(), os.pipe()

        def use_fds_3_and_4() -> None:  # Chromium reads commands on fd 3, writes replies on fd 4
            read, write = (fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (commands[0], replies[1]))
            os.dup2(read, 3)
            os.dup2(write, 4)

        self.process = subprocess.Popen(
            [binary, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"],
            pass_fds=(3, 4), preexec_fn=use_fds_3_and_4, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(commands[0])
        os.close(replies[1])
        self._to_chrome, self._from_chrome = commands[1], replies[0]
        self._buffer, self._last_id = b"", 0

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        """Send one DevTools command (to a page's ``session``, or to the browser) and return its result."""
        self._last_id += 1
        message: dict[str, Any] = {"id": self._last_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        while True:
            while b"\0" not in self._buffer:
                if not select.select([self._from_chrome], [], [], 60)[0]:
                    raise TimeoutError(f"Chromium did not answer {method}")
                chunk = os.read(self._from_chrome, 1 << 16)
                if not chunk:
                    raise RuntimeError(f"Chromium exited (status {self.process.wait()})")
                self._buffer += chunk
            raw, self._buffer = self._buffer.split(b"\0", 1)
            reply = json.loads(raw)
            if reply.get("id") == self._last_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]

    def open(self, url: str, width: int = 1280, height: int = 720) -> Tab:
        """A new page of ``width`` x ``height`` CSS pixels loading ``url``."""
        target = self.call("Target.createTarget", url="about:blank", newWindow=True, width=width,
                           height=height)["targetId"]
        session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        tab = Tab(self, session)
        tab.resize(width, height)
        self.call("Page.navigate", session, url=url)
        return tab

    def close(self) -> None:
        """Stop Chromium."""
        self.process.kill()
        self.process.wait()
        os.close(self._to_chrome)
        os.close(self._from_chrome)

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


class Tab:
    """One page of a :class:`Chromium`."""

    def __init__(self, browser: Chromium, session: str) -> None:
        self.browser, self.session = browser, session

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        """One DevTools command to this page."""
        return self.browser.call(method, self.session, **params)

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (promises awaited)."""
        reply = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in reply:
            raise RuntimeError(f"{expression[:80]}: {reply['exceptionDetails'].get('text')}")
        return reply["result"].get("value")

    def wait_for(self, expression: str, seconds: float, every: float = 0.1) -> float:
        """Wait until a JavaScript expression is truthy; the seconds it took. Raises TimeoutError."""
        start = time.monotonic()
        while not self.evaluate(expression):
            if time.monotonic() - start > seconds:
                raise TimeoutError(f"still false after {seconds:.0f} s: {expression}")
            time.sleep(every)
        return time.monotonic() - start

    def resize(self, width: int, height: int) -> None:
        """Make the page's viewport ``width`` x ``height`` CSS pixels (a screen of that size)."""
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1,
                  mobile=False)

    def screenshot(self, path: Path) -> Path:
        """Save what the first screen shows as a PNG."""
        path.write_bytes(base64.b64decode(self.call("Page.captureScreenshot", format="png")["data"]))
        return path

    def press(self, key: str, code: str, key_code: int) -> None:
        """Press and release one key in the focused element (e.g. ``"ArrowRight", "ArrowRight", 39``)."""
        for kind in ("rawKeyDown", "keyUp"):
            self.call("Input.dispatchKeyEvent", type=kind, key=key, code=code, windowsVirtualKeyCode=key_code)
