"""Benchmark: the same sweep on 1 worker, then on N workers, in one run; the speed-up.

The sweep varies one shift's head count of a preset over a few values, with
enough replications for at least 40 runs. The pool's start-up is inside the
timing (it is part of what a user waits for). Both tables must be equal:
results never depend on the number of workers. Target: at least 1.7x on 2
workers of a 2-core machine.

    python benchmarks/sweep.py [--scenario high_volume] [--days 14] [--vary staff.late=2:5]
                               [--replications 12] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import time

import pandas as pd

from simlib.experiments.sweeps import parse_vary, sweep
from simlib.model.presets import load_preset


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="high_volume", help="preset name or scenario file")
    parser.add_argument("--days", type=float, default=14.0, help="simulated days per run")
    parser.add_argument("--vary", default="staff.late=2:5", help="FIELD=SPEC, as for simlib sweep")
    parser.add_argument("--replications", type=int, default=12, help="replications per point")
    parser.add_argument("--workers", type=int, default=2, help="workers of the parallel run")
    args = parser.parse_args()

    scenario = load_preset(args.scenario, {"run.days": args.days})
    grid = dict([parse_vary(args.vary)])
    runs = len(next(iter(grid.values()))) * args.replications
    print(f"{scenario.name}: {runs} runs ({args.vary}, {args.replications} replications, {args.days:g} days); "
          f"this machine has {os.cpu_count()} cores")
    seconds, tables = {}, {}
    for workers in (1, args.workers):
        start = time.perf_counter()
        tables[workers] = sweep(scenario, grid, args.replications, workers=workers, progress=False)
        seconds[workers] = time.perf_counter() - start
        print(f"  {workers} worker{'s' * (workers > 1)}: {seconds[workers]:6.2f} s  "
              f"({runs / seconds[workers]:.1f} runs/s)")
    pd.testing.assert_frame_equal(tables[1], tables[args.workers])
    speedup = seconds[1] / seconds[args.workers]
    print(f"  speed-up on {args.workers} workers: {speedup:.2f}x (same table: yes)")


if __name__ == "__main__":
    main()
