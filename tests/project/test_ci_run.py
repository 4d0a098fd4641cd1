"""``.ci/run`` on a fresh machine: Chromium installed with apt when it is missing and the run is root, never
reinstalled, then ``make test``. The script runs with stand-ins for apt-get, id, make and the browser."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from simlib.dashboards.browser import NAMES

ROOT = Path(__file__).resolve().parents[2]
INSTALL = "apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core"


def run_ci(tmp_path: Path, uid: int, browsers: tuple[str, ...] = ()) -> tuple[list[str], str]:
    """Run ``.ci/run`` with only stand-in commands on the PATH; what they were asked to do, and stderr."""
    tools, log = tmp_path / "bin", tmp_path / "log"
    tools.mkdir()
    log.touch()
    for tool in ("dirname", "chmod"):
        (tools / tool).symlink_to(shutil.which(tool))

    def stand_in(name: str, body: str) -> None:
        (tools / name).write_text(f"#!/bin/sh\n{body}\n")
        (tools / name).chmod(0o755)

    record = f'echo "$(basename "$0") $* [DEBIAN_FRONTEND=$DEBIAN_FRONTEND]" >> {log}'
    (tools / "basename").symlink_to(shutil.which("basename"))
    stand_in("id", f"echo {uid}")
    stand_in("make", record)
    for browser in browsers:
        stand_in(browser, record)
    stand_in("apt-get", f'{record}\n[ "$1" = install ] && printf \'#!/bin/sh\\n{record}\\n\' > {tools}/chromium '
                        f'&& chmod +x {tools}/chromium\nexit 0')
    done = subprocess.run([shutil.which("bash"), str(ROOT / ".ci" / "run")], env={"PATH": str(tools)},
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return log.read_text().splitlines(), done.stderr


def test_a_fresh_machine_run_as_root_gets_chromium_from_apt_before_the_tests(tmp_path: Path) -> None:
    said, _ = run_ci(tmp_path, uid=0)
    assert said == ["apt-get update -q [DEBIAN_FRONTEND=noninteractive]",
                    f"{INSTALL} [DEBIAN_FRONTEND=noninteractive]",
                    "chromium --version [DEBIAN_FRONTEND=noninteractive]",
                    "make test [DEBIAN_FRONTEND=noninteractive]"]


@pytest.mark.parametrize("browser", NAMES)
def test_a_browser_already_there_is_not_installed_again(tmp_path: Path, browser: str) -> None:
    said, _ = run_ci(tmp_path, uid=0, browsers=(browser,))
    assert said == ["make test [DEBIAN_FRONTEND=]"]


def test_without_root_the_tests_run_and_the_missing_browser_is_said(tmp_path: Path) -> None:
    said, stderr = run_ci(tmp_path, uid=1000)
    assert said == ["make test [DEBIAN_FRONTEND=]"]
    assert "browser tests will be skipped" in stderr


def test_the_script_is_executable() -> None:
    assert os.access(ROOT / ".ci" / "run", os.X_OK)
