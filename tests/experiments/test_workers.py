"""Pool workers exit when their coordinating process dies (issue 16, H), and local pools are bounded."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from simlib.experiments.executors import MAX_WORKERS, check_memory, check_workers
from simlib.errors import ScenarioError

SWEEP = """
import sys
from simlib.experiments.sweeps import sweep
from simlib.model.presets import load_preset
print("started", flush=True)
sweep(load_preset("erlang_a", {"run.days": 28}), {"staff.always": list(range(3, 60))}, 50, workers=2,
      out=sys.argv[1], progress=False)
"""


def _children(pid: int) -> list[int]:
    kids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                kids.append(int(entry.name))
    return kids


def _alive(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_exit_within_a_second_of_a_sigkilled_sweep(tmp_path):
    workers: list[int] = []
    coordinator = subprocess.Popen([sys.executable, "-c", SWEEP, str(tmp_path / "r.csv")], stdout=subprocess.PIPE,
                                   cwd=Path(__file__).resolve().parents[2])
    try:
        assert coordinator.stdout.readline().strip() == b"started"
        deadline = time.monotonic() + 60
        while len(workers := _children(coordinator.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(workers) >= 2, "the pool never started"
        time.sleep(1.0)  # let them get into a run
        os.kill(coordinator.pid, signal.SIGKILL)
        coordinator.wait()
        deadline = time.monotonic() + 2.0
        while any(map(_alive, workers)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [w for w in workers if _alive(w)], "pool workers outlived their coordinator"
    finally:
        if coordinator.poll() is None:
            coordinator.kill()
        for worker in workers:  # orphans, if the test failed
            if _alive(worker):
                os.kill(worker, signal.SIGKILL)


def test_a_pool_is_bounded():
    check_workers(MAX_WORKERS)
    with pytest.raises(ValueError, match=r"workers = 100,000: at most 512 local processes"):
        check_workers(100_000)


def test_work_that_does_not_fit_in_memory_is_refused_up_front():
    check_memory(1e6, "a small run")
    with pytest.raises(ScenarioError, match=r"a sweep needs about .* of memory \(4 processes x .*\), and about .* "
                                            r"is free: ask for fewer questions .* or fewer workers"):
        check_memory(1e15, "a sweep", processes=4)
