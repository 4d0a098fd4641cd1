"""Benchmark: the workshop page in headless Chromium, as a room uses it.

Two measurements, each against the page served by ``simlib.dashboards.serve``
on a free localhost port:

- ``latency``: one page at 1280x720; moves made with the keyboard on a
  slider (one step: a person more, a day fewer), timed in the browser from the
  key press until the dashboard's figure is replaced (:func:`moves_for`). Three ways: *cold* (the
  many-participants mode: nothing prepared, every answer simulated and drawn
  then), *trainer's pace* (prefetch on, a pause of ``--pause`` seconds between
  moves while the room looks) and *quick* (prefetch on, moves one second apart).
  For the explorer (the burger chain, 28 days) and the side-by-side view.
- ``capacity``: the many-participants mode; K pages of one dashboard (the
  team game by default) opened at once (one browser tab each, as K laptops):
  the time until each shows its dashboard, the memory of the server and its
  kernels (PSS) once loaded, and the time until all K have an answer when
  every team presses *Score this plan* at the same moment.

    python benchmarks/workshop.py latency [--moves 8] [--pause 4] [--modes cold quick]
    python benchmarks/workshop.py capacity [--pages 1 4 8] [--dashboard 4]

Targets (issue 15): cold answers median <= 0.5 s (explorer) and <= 0.8 s (side
by side); quick moves never slower than cold ones.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import tempfile
import time
from pathlib import Path

import psutil

from simlib.dashboards.browser import Chromium, Tab, chromium_binary
from simlib.dashboards.serve import Served
from simlib.dashboards.workshop import DASHBOARDS

FIGURES = "document.querySelectorAll('.simlib-dashboard img.simlib-figure[src]').length"
TARGETS = {0: 0.5, 1: 0.8}
NAMES = {0: "explorer (burger chain)", 1: "side by side"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def move(tab: Tab, dashboard: int, handle: int, key: str, seconds: float = 50) -> float:
    """Press an arrow key on a slider handle of a dashboard; seconds until its figure is replaced (browser clock).

    The page is not polled while it works (polling would cost Chromium CPU): one DevTools call waits for
    a promise that the figure's change resolves.
    """
    tab.evaluate(f"""(() => {{
        const d = document.querySelectorAll('.simlib-dashboard')[{dashboard}];
        const img = d.querySelector('img.simlib-figure');
        window.__shown = new Promise((resolve, reject) => {{
            new MutationObserver((_, observer) => {{ resolve(performance.now()); observer.disconnect(); }})
                .observe(img, {{attributes: true, attributeFilter: ['src']}});
            setTimeout(() => reject(new Error('no new figure after {seconds} s')), {seconds * 1000});
        }});
        d.querySelectorAll('.noUi-handle')[{handle}].focus();
        window.__pressed = performance.now();
    }})()""")
    code = 39 if key == "ArrowRight" else 37
    tab.press(key, key, code)
    return tab.evaluate("window.__shown.then(shown => shown - window.__pressed)") / 1000


def moves_for(dashboard: int, n: int, cold: bool) -> list[tuple[int, str]]:
    """(slider handle, key) for ``n`` one-step moves.

    Explorer: early +1 and late +1 in turn, a new setting every move (handles 0
    and 1). Side by side, cold: the staff change slider from +1 down to -3, the
    four positions not yet seen (the "before" runs are, as in the room);
    otherwise up to +3, down to -3 and back, as a trainer moves it.
    """
    if dashboard == 0:
        return [(k % 2, "ArrowRight") for k in range(n)]
    if cold:
        return [(0, "ArrowLeft")] * min(n, 4)
    walk = [(0, "ArrowRight")] * 2 + [(0, "ArrowLeft")] * 6 + [(0, "ArrowRight")] * 4
    return [walk[k % len(walk)] for k in range(n)]


def open_page(browser: Chromium, url: str, figures: int = 3, seconds: float = 180) -> tuple[Tab, float]:
    """A new tab on ``url``; returns it once its figures show, and the seconds that took."""
    start = time.monotonic()
    tab = browser.open(url, 1280, 720)
    tab.wait_for(f"{FIGURES} >= {figures}", seconds, every=0.25)
    return tab, time.monotonic() - start


def summary(times: list[float]) -> str:
    return f"median {statistics.median(times):5.2f} s  worst {max(times):5.2f} s  (n={len(times)})"


def cpu_seconds(process: psutil.Process, children: bool = True) -> float:
    """CPU seconds (user and system) a process (and all its children, or only them) has used so far."""
    total = 0.0
    for p in [*([] if children == "only" else [process]), *(process.children(recursive=True) if children else [])]:
        try:
            times = p.cpu_times()
            total += times.user + times.system
        except psutil.Error:
            pass
    return total


MODES = {"cold": (True, None), "trainer's pace": (False, None), "quick": (False, 1.0)}
"""Mode -> (many participants: nothing prepared, seconds between moves: None for ``--pause``); cold moves
are one second apart."""


def latency(moves: int, pause: float, modes: list[str]) -> None:
    """Cold, trainer's pace and quick moves on the explorer and the side-by-side view.

    For each move, also the CPU seconds the server and its kernel used (the dashboard's own work, which
    other programs on the machine do not inflate much) and those of Chromium.
    """
    binary = chromium_binary()
    results: dict[tuple[str, int], list[float]] = {}
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile, Chromium(binary, Path(profile)) as browser:
        chromium = psutil.Process(browser.process.pid)
        for mode in modes:
            many, gap = MODES[mode]
            gap = 1.0 if many else (pause if gap is None else gap)
            with Served(free_port(), many=many) as served:
                server = psutil.Process(served.process.pid)
                tab, _ = open_page(browser, served.url)
                time.sleep(pause)  # the trainer introduces the page
                for dashboard in (0, 1):
                    tab.evaluate(f"document.querySelectorAll('.simlib-dashboard')[{dashboard}].scrollIntoView()")
                    times, used = [], []
                    for handle, key in moves_for(dashboard, moves, cold=many):
                        before = [cpu_seconds(server, "only"), cpu_seconds(server, False), cpu_seconds(chromium)]
                        times.append(move(tab, dashboard, handle, key))
                        after = [cpu_seconds(server, "only"), cpu_seconds(server, False), cpu_seconds(chromium)]
                        used.append([a - b for a, b in zip(after, before)])
                        time.sleep(gap)
                    results[(mode, dashboard)] = times
                    kernel, voila, page = (statistics.median(column) for column in zip(*used))
                    print(f"{mode:<15} {NAMES[dashboard]:<24} {summary(times)}; CPU per move (median): kernel "
                          f"{kernel:.2f} s, server {voila:.2f} s, Chromium {page:.2f} s", flush=True)
                tab.call("Page.close")
    print(f"load average {os.getloadavg()[0]:.1f}", flush=True)
    for dashboard in (0, 1):
        if ("cold", dashboard) not in results:
            continue
        cold = statistics.median(results[("cold", dashboard)])
        print(f"{NAMES[dashboard]}: cold median {cold:.2f} s (target <= {TARGETS[dashboard]} s: "
              f"{'met' if cold <= TARGETS[dashboard] else 'NOT met'})", end="")
        if ("quick", dashboard) in results:
            quick = statistics.median(results[("quick", dashboard)])
            print(f"; quick moves median {quick:.2f} s ({'not slower' if quick <= cold * 1.1 else 'SLOWER'} "
                  "than cold)", end="")
        print()


def memory_gb(process: psutil.Process) -> float:
    """Proportional set size of a process and all its children (GB): the memory they cost together."""
    total = 0
    for p in [process, *process.children(recursive=True)]:
        try:
            total += p.memory_full_info().pss
        except psutil.Error:
            pass
    return total / 1e9


def capacity(pages: list[int], dashboard: int) -> None:
    """K pages of one dashboard at once in the many-participants mode: load time, memory, and (for the team
    game) K teams scoring at once."""
    binary = chromium_binary()
    print(f"machine: {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB; "
          f"pages: ?dashboard={dashboard}")
    for k in pages:
        with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile, \
                Chromium(binary, Path(profile)) as browser, Served(free_port(), many=True) as served:
            idle = memory_gb(psutil.Process(served.process.pid))
            start = time.monotonic()
            query = f"dashboard={dashboard}" if dashboard else ""
            tabs = [browser.open(served.url + ("&" if "?" in served.url else "?") + query, 1280, 720)
                    for _ in range(k)]
            loaded = []
            for tab in tabs:
                tab.wait_for(f"{FIGURES} >= {1 if dashboard else len(DASHBOARDS)}", 900, every=0.5)
                loaded.append(time.monotonic() - start)
            used = memory_gb(psutil.Process(served.process.pid))
            print(f"{k:>3} pages at once: all loaded after {max(loaded):6.1f} s (first {min(loaded):5.1f} s, "
                  f"median {statistics.median(loaded):5.1f} s); server + kernels {used:5.2f} GB "
                  f"({(used - idle) / k:4.2f} GB per page, server alone {idle:4.2f} GB)", flush=True)
            if not dashboard:
                continue  # the whole page: no single Score button to press
            for tab in tabs:  # every team changes its plan and scores it at the same moment
                tab.evaluate("""(() => {
                    const img = document.querySelector('img.simlib-figure');
                    window.__shown = null;
                    new MutationObserver((_, o) => { window.__shown = performance.now(); o.disconnect(); })
                        .observe(img, {attributes: true, attributeFilter: ['src']});
                    document.querySelector('.simlib-dashboard .noUi-handle').focus();
                })()""")
                tab.press("ArrowLeft", "ArrowLeft", 37)
            start = time.monotonic()
            for tab in tabs:
                tab.evaluate("[...document.querySelectorAll('button')].find(b => b.innerText.includes('Score'))"
                             ".click()")
            answered = []
            for tab in tabs:
                tab.wait_for("window.__shown !== null", 900, every=0.25)
                answered.append(time.monotonic() - start)
            print(f"{'':>3} {k} teams press Score at once: all answered after {max(answered):5.1f} s "
                  f"(median {statistics.median(answered):5.1f} s)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    timing = sub.add_parser("latency", help="seconds per move in the browser")
    timing.add_argument("--moves", type=int, default=8, help="moves per dashboard and mode")
    timing.add_argument("--pause", type=float, default=4.0, help="seconds the room looks at an answer")
    timing.add_argument("--modes", nargs="+", choices=list(MODES), default=list(MODES),
                        help="which ways of moving to measure (default: all three)")
    load = sub.add_parser("capacity", help="K pages at once: load time and memory")
    load.add_argument("--pages", type=int, nargs="+", default=[1, 4, 8])
    load.add_argument("--dashboard", type=int, default=4,
                      help="the dashboard each page opens (4: the team game; 0: the whole page)")
    args = parser.parse_args()
    if chromium_binary() is None:
        raise SystemExit("no Chromium on PATH (apt-get install chromium)")
    if args.what == "latency":
        latency(args.moves, args.pause, args.modes)
    else:
        capacity(args.pages, args.dashboard)


if __name__ == "__main__":
    main()
