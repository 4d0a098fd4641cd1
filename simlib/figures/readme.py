"""Make the README figure: a fortnight of the weekday-only shop's inbox.

Usage::

    python -m simlib.figures.readme docs/img/inbox-week.png

Runs ``scenarios/shop_weekdays.toml`` with its own seed (so the figure is the
same every time) and saves :func:`simlib.figures.inbox.plot_inbox_length` as a small
PNG, about 900 x 400 pixels. ``make figures`` calls this.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt

from simlib.errors import ScenarioError
from simlib.figures.inbox import plot_inbox_length
from simlib.model.engine import simulate
from simlib.model.presets import load_preset

SHOP_SCENARIO = "shop_weekdays"
"""The scenario drawn: the weekday-only shop preset."""
SIZE_INCHES = (9.0, 4.0)
DPI = 100  # 9 x 4 inches at 100 dots per inch: 900 x 400 pixels


def make_figure(
    out: str | Path,
    scenario: str | Path = SHOP_SCENARIO,
    overrides: dict[str, Any] | None = None,
) -> Path:
    """Simulate a scenario and save its inbox-length figure as a PNG.

    Parameters
    ----------
    out
        The PNG file to write; missing folders are created.
    scenario
        A preset name or scenario file (default: the weekday-only shop).
    overrides
        ``{"run.days": 7}``-style changes, as with ``simlib run --set``.

    Returns
    -------
    Path
        The file written.
    """
    out = Path(out)
    result = simulate(load_preset(scenario, overrides))  # seeded by run.seed
    fig, ax = plt.subplots(figsize=SIZE_INCHES, layout="constrained")
    plt.close(fig)
    plot_inbox_length(result, every_minutes=15, ax=ax)
    out.parent.mkdir(parents=True, exist_ok=True)
    # No software version in the file: the same run gives the same bytes.
    fig.savefig(out, dpi=DPI, format="png", metadata={"Software": None})
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m simlib.figures.readme OUT.png``; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m simlib.figures.readme",
        description="Save the README figure: a fortnight of the weekday-only shop's inbox.",
    )
    parser.add_argument("out", metavar="OUT.png", help="PNG file to write (folders are created)")
    parser.add_argument("--scenario", default=str(SHOP_SCENARIO), metavar="FILE.toml",
                        help="scenario to draw (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        path = make_figure(args.out, args.scenario)
    except ScenarioError as exc:
        print(f"{parser.prog}: error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
