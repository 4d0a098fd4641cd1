"""Benchmark: seconds per widget change of each dashboard, per preset, at the DEFAULT horizon (28 days).

Drives the widgets as a trainer would: sets a control's ``.value`` (the
release of a slider) or clicks the planner's button, and times each change
until the table and the PNG picture of the figure are ready (the explorers
render figures themselves, so the time includes drawing them; only the
browser's painting of the picture is left out).

Two ways of using a dashboard are measured:

- cold: no background work and the run cache emptied before every change, so
  every change simulates (the worst case: a jump to a value never seen);
- trainer's pace: prefetching on (the default). After each answer the likely
  next runs are computed in a background process while the room looks at the
  answer; the benchmark waits for that background work (it reports how long
  it took: the pause a trainer needs before the next move is instant), then
  makes a one-step change (one person more or fewer, another queue policy, a
  new reply-time target).

Target: median <= 0.5 s per change.

    python benchmarks/dashboards.py [--changes 12] [--planner-clicks 2]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import itertools
import time
from collections.abc import Callable

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402

from simlib import dashboards  # noqa: E402
from simlib.dashboards.explorer import Explorer  # noqa: E402

PRESETS = ("luxury", "restaurant", "high_volume")
TARGET_SECONDS = 0.5


def quiet() -> contextlib.AbstractContextManager:
    """Swallow what an Output widget prints when no notebook front end shows it."""
    return contextlib.redirect_stdout(io.StringIO())


def timed(change: Callable[[int], None], n: int, cold: bool) -> tuple[list[float], list[float]]:
    """Seconds of each of ``n`` calls ``change(k)``, and seconds of background work after each."""
    answers, background = [], []
    for k in range(n):
        if cold:
            dashboards.clear_cache()
        with quiet():
            start = time.perf_counter()
            change(k)
            answers.append(time.perf_counter() - start)
        start = time.perf_counter()
        dashboards.wait_for_background()  # the room looks at the answer meanwhile
        background.append(time.perf_counter() - start)
    return answers, background


def report(name: str, label: str, times: tuple[list[float], list[float]], cold: bool) -> bool:
    answers, background = times
    median, p90 = float(np.median(answers)), float(np.quantile(answers, 0.9))
    met = median <= TARGET_SECONDS
    pause = "" if cold else f"  background after each: median {np.median(background):5.2f} s"
    print(f"{name:<13} {label:<22} changes={len(answers):>2}  median={median:6.3f} s  p90={p90:6.3f} s  "
          f"{'met' if met else 'NOT met':<7}{pause}")
    return met


def explorer_moves(explorer: Explorer) -> Callable[[int], None]:
    """One-step changes in turn: +1 / -1 on each shift, the next queue policy, a new target."""
    staff = [name for name in explorer.controls if name.startswith("staff_")]
    moves = [(name, step) for name in staff for step in (1, -1)] + [("discipline", None), ("target_minutes", None)]
    policies = itertools.cycle(dashboards.DISCIPLINES[1:] + dashboards.DISCIPLINES[:1])
    targets = itertools.cycle(range(15, 480, 45))

    def move(k: int) -> None:
        name, step = moves[k % len(moves)]
        control = explorer.controls[name]
        if name == "discipline":
            control.value = next(policies)
        elif name == "target_minutes":
            control.value = next(targets)
        else:
            value = control.value + step
            control.value = value if control.min <= value <= control.max else control.value - step

    return move


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=12, help="changes per dashboard and mode")
    parser.add_argument("--planner-clicks", type=int, default=2, help="button clicks per planner (slow)")
    args = parser.parse_args()
    print(f"Seconds per change at each preset's default horizon (target: median <= {TARGET_SECONDS} s)")
    missed = []
    for cold in (True, False):
        mode = "cold" if cold else "trainer's pace"
        print(f"-- {mode}")
        for preset in PRESETS:
            dashboards.clear_cache()
            with quiet():
                explorer = dashboards.scenario_explorer(preset, prefetch=not cold)  # default days (28)
            dashboards.wait_for_background()  # the trainer introduces the dashboard meanwhile
            assert explorer.controls["days"].value == 28
            if not report("explorer", preset, timed(explorer_moves(explorer), args.changes, cold), cold):
                missed.append((mode, "explorer", preset))

        pair = ("luxury", "high_volume")
        dashboards.clear_cache()
        with quiet():
            side = dashboards.side_by_side_explorer(pair, prefetch=not cold)
        dashboards.wait_for_background()
        slider = side.controls["staff_change"]
        steps = itertools.cycle((1, 1, -1, -1, -1, -1, 1, 1))

        def move_change(k: int) -> None:
            step = next(steps)
            slider.value = slider.value + step if slider.min <= slider.value + step <= slider.max else \
                slider.value - step

        if not report("side-by-side", " vs ".join(pair), timed(move_change, args.changes, cold), cold):
            missed.append((mode, "side-by-side", " vs ".join(pair)))

    print("-- planner (a sweep on a button, cold)")
    ranges = {"luxury": (0, 3), "restaurant": (0, 3), "high_volume": (1, 5)}
    for preset in PRESETS if args.planner_clicks > 0 else ():
        with quiet():
            planner = dashboards.staffing_planner(preset, counts=ranges[preset], replications=3)
        plan = planner.plan
        print(f"{'':<13} {preset}: shift '{plan.shift}' counts {ranges[preset]}, 3 replications, 28 days; "
              f"best profit at {plan.best_count}, Erlang C guess {plan.erlang_guess}")
        report("planner", preset, timed(lambda k: planner.button.click(), args.planner_clicks, True), True)
    if missed:
        print("Target missed for: " + ", ".join(f"{d} ({p}, {m})" for m, d, p in missed))
    else:
        print("Target met for every explorer and side-by-side change.")


if __name__ == "__main__":
    main()
