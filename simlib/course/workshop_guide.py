"""The trainer guide's generated numbers: the dashboards' and the game's, and the course explorers' steps.

``make guide-numbers`` (``python -m simlib.course.workshop_guide``) writes
every ``<!-- numbers: NAME -->`` block of ``docs/trainer-guide.md``: those of
:mod:`simlib.dashboards.guide` and, here, the notebook 01 explorer's steps
(:func:`doors_block`), which need the course's own helpers. A test compares
the guide with :func:`all_blocks`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from simlib.course.doors import SHIFT_HOURS, door_report, shop_scenario
from simlib.dashboards.guide import BLOCKS, GUIDE, guide_blocks, rewrite
from simlib.model.engine import simulate

DOORS_STEPS: tuple[tuple[str, str, int, str], ...] = (
    ("as it opens: no weekend cover", "none", 1, "09:00-17:00 (office hours)"),
    ("*Weekend cover* Saturday", "Saturday", 1, "09:00-17:00 (office hours)"),
    ("Saturday and Sunday, 1 person", "Saturday and Sunday", 1, "09:00-17:00 (office hours)"),
    ("Saturday and Sunday, 3 people", "Saturday and Sunday", 3, "09:00-17:00 (office hours)"),
    ("Saturday and Sunday, 1 person, *Shifts work* 13:00-21:00", "Saturday and Sunday", 1,
     "13:00-21:00 (afternoon and evening)"),
)
"""The ``doors_explorer()`` steps in the guide: (what the trainer sets, cover, weekend people, hours)."""


def doors_block() -> str:
    """Notebook 01's explorer, step by step: the weekend's questions unanswered on Monday, the Saturday wait,
    who gave up."""
    rows = ["| set | no reply by Monday 09:00 | median wait of a Saturday question | weekend customers who gave up |",
            "|---|---|---|---|"]
    for step, cover, people, hours in DOORS_STEPS:
        report = door_report(simulate(shop_scenario(cover, people, hours=SHIFT_HOURS[hours])))
        rows.append(f"| {step} | **{report['no_reply_by_monday']:.0%}** | "
                    f"{report['saturday_median_wait_hours']:.1f} h | "
                    f"{report['weekend_gave_up']:.0f} of {report['weekend_patient']:.0f} |")
    return "\n".join(rows) + "\n"


COURSE_BLOCKS: dict[str, Callable[[], str]] = {"doors-explorer": doors_block}
"""Blocks that need the course's helpers."""


def all_blocks(names: Sequence[str] | None = None) -> dict[str, str]:
    """The generated text of each named block (default: every block, the dashboards' and the course's)."""
    every = {**BLOCKS, **COURSE_BLOCKS}
    return {name: every[name]() for name in (names or every)}


def main(argv: Sequence[str] | None = None) -> None:
    """Write every generated block into the guide, or (``--check``) exit 1 if one is out of date."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the guide's numbers are out of date")
    args = parser.parse_args(argv)
    text = GUIDE.read_text()
    new = all_blocks()
    missing = set(new) - set(guide_blocks(text))
    if missing:
        sys.exit(f"{GUIDE}: no block for {', '.join(sorted(missing))}")
    if args.check:
        stale = [name for name, body in guide_blocks(text).items() if new.get(name) != body]
        sys.exit(f"out of date: {', '.join(stale)} (make guide-numbers)" if stale else 0)
    GUIDE.write_text(rewrite(text, new))
    print(f"wrote {len(new)} blocks into {GUIDE}")


if __name__ == "__main__":
    main()
