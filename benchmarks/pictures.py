"""Benchmark: where a cold dashboard answer's time goes in the kernel, and what the layered pictures save.

For the workshop's explorer (the burger chain, 28 days) and side-by-side view
(jeweller and burger chain), with nothing cached:

- pictures: a full drawing of the figure (what every answer cost before the
  pictures were layered: the same figure updated, then ``savefig``) against
  :class:`simlib.dashboards.layers.Layers` (static parts rendered once, only
  what changes drawn again), on the same runs;
- answers: one simulation alone, and the whole cold answer (simulation, KPIs,
  picture, headline numbers) as the dashboard's kernel computes it.

Times are CPU seconds of this process (less disturbed by other work on the
machine than wall-clock seconds, which are printed beside them). The browser
adds the key press, the messages and the page's drawing:
``benchmarks/workshop.py latency`` measures the whole.

    python benchmarks/pictures.py [--repeat 8]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
import warnings
from collections.abc import Callable

os.environ["SIMLIB_PREFETCH"] = "0"  # cold: nothing prepared in the background

import matplotlib  # noqa: E402

matplotlib.use("Agg")

from simlib.dashboards.answers import ChangeView, explore_scenario, side_by_side_change  # noqa: E402
from simlib.dashboards.cache import clear_cache, explorer_answer, side_by_side_answer  # noqa: E402
from simlib.dashboards.runs import simulate_run, staff_key  # noqa: E402
from simlib.dashboards.views import (  # noqa: E402
    ChangeCanvas,
    ExplorerCanvas,
    change_png,
    explorer_png,
    png,
    shown_names,
)

PRESET, SIDE = "high_volume", ("luxury", "high_volume")


def timed(work: Callable[[], object]) -> tuple[float, float]:
    """CPU and wall-clock seconds of one call."""
    cpu, wall = time.process_time(), time.perf_counter()
    work()
    return time.process_time() - cpu, time.perf_counter() - wall


def report(name: str, times: list[tuple[float, float]]) -> None:
    cpu, wall = [t[0] for t in times], [t[1] for t in times]
    print(f"{name:<44} CPU median {statistics.median(cpu):5.3f} s, worst {max(cpu):5.3f} s | "
          f"wall median {statistics.median(wall):5.3f} s, worst {max(wall):5.3f} s  (n={len(times)})", flush=True)


def staffings(n: int) -> list[dict[str, int]]:
    """``n`` staffings of the burger chain, none the same: a person more on one shift, then the other."""
    return [{"early": 2 + (k + 1) // 2, "late": 3 + k // 2 + 1} for k in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=8, help="answers per measurement")
    n = parser.parse_args().repeat
    warnings.simplefilter("ignore", RuntimeWarning)  # nan means of closed businesses
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
    runs = [explore_scenario(PRESET, staff).result for staff in staffings(n)]
    full = ExplorerCanvas()
    explorer_png(runs[-1])  # this thread's canvas exists, as after a dashboard's first answer
    report("explorer picture, full drawing", [timed(lambda r=r: (full.update(r), png(full.fig))) for r in runs])
    report("explorer picture, layered", [timed(lambda r=r: explorer_png(r)) for r in runs])
    changes = [side_by_side_change(change, SIDE) for change in (1, 0, -1, -2, -3, 2, 3)]
    change_png(changes[0])
    report("side-by-side picture, new figure (before)",
           [timed(lambda c=c: new_figure_png(c)) for c in changes])
    report("side-by-side picture, layered", [timed(lambda c=c: change_png(c)) for c in changes])

    clear_cache()
    explorer_answer(PRESET, {"early": 2, "late": 3}, 15, "fifo", None, 1)  # the page's first answer
    report("explorer: one 28-day run alone", [timed(lambda s=s: simulate_run(
        (PRESET, staff_key(s), "fifo", None, 0))) for s in staffings(n)])
    clear_cache()
    explorer_answer(PRESET, {"early": 2, "late": 3}, 15, "fifo", None, 1)
    report("explorer: cold answer (run, KPIs, picture)", [timed(lambda s=s: explorer_answer(
        PRESET, s, 15, "fifo", None, 1)) for s in staffings(n)])
    side_by_side_answer(SIDE, 1, None, 1)
    report("side by side: cold answer (two runs, picture)", [timed(lambda c=c: side_by_side_answer(
        SIDE, c, None, 1)) for c in (0, -1, -2, -3)])


def new_figure_png(change: ChangeView) -> bytes:
    """The side-by-side picture as every answer drew it before: a new figure, drawn in full."""
    canvas = ChangeCanvas(shown_names(change))
    canvas.update(change)
    return png(canvas.fig)


if __name__ == "__main__":
    main()
