"""Benchmark: the optimiser on a four-shift 24/7 desk, against an exhaustive search on a coarse grid.

The desk is tests/data/four_shifts.toml: about 250 questions an hour at the
evening peak, three channels, four 8-hour shifts at the same hourly cost
(one crossing midnight), 14 days, 3 replications. The target is 80% of
questions answered within 15 minutes in every half hour of the week.

Measured: the time to a verified plan (requirements, integer program,
simulation and repair) on ``--workers`` processes, against a target of 60
seconds on 2 cores; then the cheapest plan an exhaustive search finds on a
coarse grid of head counts (every grid plan cheaper than its answer is
simulated and misses the target). The optimiser's plan must be no dearer:
the script exits with status 1 otherwise. CPU seconds (this process and its
workers) are printed beside the wall-clock time: on a shared machine the
wall clock also counts other people's work.

    python benchmarks/optimise.py [--workers 2] [--early 6:12:2] [--day 0:6:2] [--late 12:18:2] [--night 4:8:2]
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from pathlib import Path

from simlib.analysis.intervals import Targets
from simlib.experiments.optimise import cheapest_plan
from simlib.experiments.plan_grid import grid_cheapest_plan
from simlib.experiments.plan_text import check_rows, plan_label
from simlib.experiments.sweeps import parse_vary
from simlib.model.scenario import load_scenario

DESK = Path(__file__).resolve().parents[1] / "tests" / "data" / "four_shifts.toml"
TARGET_SECONDS = 60.0


def cpu_seconds() -> float:
    """CPU time of this process and of its finished worker processes (user + system, seconds)."""
    me, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + workers.ru_utime + workers.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--service-level", type=float, default=0.8, help="share within 15 min in every interval")
    grid_defaults = {"early": "6:12:2", "day": "0:6:2", "late": "12:18:2", "night": "4:8:2"}
    for shift, spec in grid_defaults.items():
        parser.add_argument(f"--{shift}", default=spec, help=f"grid of {shift} head counts (default {spec})")
    args = parser.parse_args()

    desk = load_scenario(DESK)
    targets = Targets.service_level(args.service_level).resolved(desk)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{desk.name}: {desk.run.days:g} days, {desk.run.replications} replications, "
          f"{targets.targets[0].describe()} (30-minute intervals); {args.workers} workers, "
          f"this machine has {os.cpu_count()} cores (load average {load})")

    start, cpu = time.perf_counter(), cpu_seconds()
    search = cheapest_plan(desk, targets, workers=args.workers, progress=False)
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    chosen = search.evaluated[search.evaluated["chosen"]].iloc[0]
    verdict = "yes" if seconds < TARGET_SECONDS else "no"
    print(f"optimiser: {plan_label(search.plan)}, planned cost {chosen['planned_cost']:,.0f} hours; "
          f"{len(search.evaluated)} plans ({len(search.runs)} runs) in {seconds:.1f} s "
          f"(under {TARGET_SECONDS:g} s: {verdict}); {cpu:.1f} CPU seconds, so about {cpu / args.workers:.0f} s "
          f"on {args.workers} idle cores")
    for name, row in search.evaluated[search.evaluated["start"] != ""].set_index("start").iterrows():
        print(f"  start, {name}: {plan_label({s: int(row[s]) for s in search.plan})}, "
              f"{row['planned_cost']:,.0f} hours, {'meets' if row['meets_targets'] else 'misses'} the target")
    for target, mean, worst, slack in check_rows(search.checks):
        print(f"  {target}: run mean {mean}, worst interval {worst}, slack {slack}")

    grid = {shift: parse_vary(f"{shift}={getattr(args, shift)}")[1] for shift in grid_defaults}
    start, cpu = time.perf_counter(), cpu_seconds()
    exhaustive = grid_cheapest_plan(desk, targets, grid, workers=args.workers, progress=False)
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    shape = " x ".join(f"{s} {getattr(args, s)}" for s in grid)
    if exhaustive.plan is None:
        raise SystemExit(f"exhaustive search ({shape}): no grid plan meets the target; widen the grid")
    print(f"exhaustive search on a coarse grid ({shape}: {exhaustive.grid_plans} plans): "
          f"{plan_label(exhaustive.plan)}, {exhaustive.cost:,.0f} hours; {exhaustive.simulated} plans simulated "
          f"in {seconds:.1f} s ({cpu:.0f} CPU seconds)")
    saving = exhaustive.cost - chosen["planned_cost"]
    print(f"optimiser's plan no dearer than the grid's: {'yes' if saving >= 0 else 'NO'} "
          f"({saving:,.0f} hours cheaper)")
    if saving < 0:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
