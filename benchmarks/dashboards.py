"""Benchmark: seconds per widget change of each dashboard, per preset, at the DEFAULT horizon.

Drives the widgets as a learner would: sets a control's ``.value`` (the
release of a slider) or clicks the planner's button, and times each change.
Headless, the Output widget's display is swallowed; in a notebook, drawing
the figure adds its rendering time. The run cache is emptied before every change, so each change simulates
(cold: the worst case; a value already seen costs next to nothing).
Target: median <= 0.5 s per change.

    python benchmarks/dashboards.py [--changes 15] [--planner-clicks 2]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import time

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402

from simlib import dashboards  # noqa: E402

PRESETS = ("luxury", "restaurant", "high_volume")
TARGET_SECONDS = 0.5


def timed(change, n: int) -> list[float]:
    """Seconds of each of ``n`` calls ``change(k)``, the run cache emptied before each."""
    times = []
    for k in range(n):
        dashboards.clear_cache()
        with quiet():
            start = time.perf_counter()
            change(k)
            times.append(time.perf_counter() - start)
    return times


def quiet() -> contextlib.AbstractContextManager:
    """Swallow what an Output widget prints when no notebook front end shows it."""
    return contextlib.redirect_stdout(io.StringIO())


def report(name: str, preset: str, times: list[float]) -> bool:
    median, p90 = float(np.median(times)), float(np.quantile(times, 0.9))
    met = median <= TARGET_SECONDS
    print(f"{name:<14} {preset:<22} changes={len(times):>2}  median={median:6.3f} s  p90={p90:6.3f} s  "
          f"target {'met' if met else 'NOT met'}")
    return met


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=15, help="slider changes per explorer")
    parser.add_argument("--planner-clicks", type=int, default=2, help="button clicks per planner (slow)")
    args = parser.parse_args()
    print(f"Seconds per change at each preset's default horizon (target: median <= {TARGET_SECONDS} s)")
    missed = []
    for preset in PRESETS:
        with quiet():
            explorer = dashboards.scenario_explorer(preset)  # default days (28)
        assert explorer.controls["days"].value == 28
        slider = explorer.controls["target_minutes"]
        values = [5 + 5 * (k % 60) for k in range(1, args.changes + 1)]

        def move(k: int) -> None:
            slider.value = values[k] if slider.value != values[k] else values[k] + 5

        if not report("explorer", preset, timed(move, args.changes)):
            missed.append(("explorer", preset))

    pair = ("luxury", "high_volume")
    with quiet():
        side = dashboards.side_by_side_explorer(pair)
    change_values = (2, -1, 3, 0, -2, 1, -3)

    def move_change(k: int) -> None:
        wanted = change_values[k % len(change_values)]
        side.controls["staff_change"].value = wanted if side.controls["staff_change"].value != wanted else 1

    if not report("side-by-side", " vs ".join(pair), timed(move_change, args.changes)):
        missed.append(("side-by-side", " vs ".join(pair)))

    ranges = {"luxury": (0, 3), "restaurant": (0, 3), "high_volume": (1, 5)}
    for preset in PRESETS:
        with quiet():
            planner = dashboards.staffing_planner(preset, counts=ranges[preset], replications=3)
        plan = planner.plan
        print(f"{'':<14} {preset}: shift '{plan.shift}' counts {ranges[preset]}, 3 replications, 28 days; "
              f"best profit at {plan.best_count}, Erlang C guess {plan.erlang_guess}")
        if not report("planner", preset, timed(lambda k: planner.button.click(), args.planner_clicks)):
            missed.append(("planner", preset))
    if missed:
        print("Target missed for: " + ", ".join(f"{d} ({p})" for d, p in missed))
    else:
        print("Target met everywhere.")


if __name__ == "__main__":
    main()
