"""The trainer guide's generated numbers: the dashboards' and the game's, and the course explorers' steps.

``make guide-numbers`` (``python -m simlib.course.workshop_guide``) writes
every ``<!-- numbers: NAME -->`` block of ``docs/trainer-guide.md``: those of
:mod:`simlib.dashboards.guide` and, here, the notebook 01 explorer's steps
(:func:`doors_block`), which need the course's own helpers; and the same
blocks, in Spanish, of ``docs/trainer-guide.es.md`` (words from the catalogue,
numbers the Spanish way). Tests compare each guide with :func:`all_blocks` in
its language.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from simlib.course.doors import SHIFT_HOURS, door_report, shop_scenario
from simlib.dashboards.guide import BLOCKS, GUIDES, guide_blocks, rewrite
from simlib.i18n import N_, fmt, get_language, set_language, tr
from simlib.model.engine import simulate

DOORS_STEPS: tuple[tuple[str, str, int, str], ...] = (
    (N_("as it opens: no weekend cover"), "none", 1, "09:00-17:00 (office hours)"),
    (N_("*Weekend cover* Saturday"), "Saturday", 1, "09:00-17:00 (office hours)"),
    (N_("Saturday and Sunday, 1 person"), "Saturday and Sunday", 1, "09:00-17:00 (office hours)"),
    (N_("Saturday and Sunday, 3 people"), "Saturday and Sunday", 3, "09:00-17:00 (office hours)"),
    (N_("Saturday and Sunday, 1 person, *Shifts work* 13:00-21:00"), "Saturday and Sunday", 1,
     "13:00-21:00 (afternoon and evening)"),
)
"""The ``doors_explorer()`` steps in the guide: (what the trainer sets, in English and marked; cover, weekend
people, hours: the explorer's own values)."""


def doors_block() -> str:
    """Notebook 01's explorer, step by step: the weekend's questions unanswered on Monday, the Saturday wait,
    who gave up."""
    rows = [tr("| set | no reply by Monday 09:00 | median wait of a Saturday question | weekend customers who "
               "gave up |"), "|---|---|---|---|"]
    for step, cover, people, hours in DOORS_STEPS:
        report = door_report(simulate(shop_scenario(cover, people, hours=SHIFT_HOURS[hours])))
        rows.append(f"| {tr(step)} | **{fmt(report['no_reply_by_monday'], '.0%')}** | "
                    f"{fmt(report['saturday_median_wait_hours'], '.1f')} h | "
                    + tr("{gave_up:.0f} of {patient:.0f}", gave_up=report["weekend_gave_up"],
                         patient=report["weekend_patient"]) + " |")
    return "\n".join(rows) + "\n"


COURSE_BLOCKS: dict[str, Callable[[], str]] = {"doors-explorer": doors_block}
"""Blocks that need the course's helpers."""


def all_blocks(names: Sequence[str] | None = None, language: str | None = None) -> dict[str, str]:
    """The generated text of each named block (default: every block, the dashboards' and the course's), in
    ``language`` (default: the current one)."""
    every = {**BLOCKS, **COURSE_BLOCKS}
    before = get_language()
    set_language(language or before)
    try:
        return {name: every[name]() for name in (names or every)}
    finally:
        set_language(before)


def main(argv: Sequence[str] | None = None) -> None:
    """Write every generated block into each guide (English and Spanish), or (``--check``) exit 1 if one is
    out of date."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the guide's numbers are out of date")
    args = parser.parse_args(argv)
    stale = []
    for language, guide in GUIDES.items():
        text = guide.read_text(encoding="utf-8")
        new = all_blocks(language=language)
        missing = set(new) - set(guide_blocks(text))
        if missing:
            sys.exit(f"{guide}: no block for {', '.join(sorted(missing))}")
        if args.check:
            stale += [f"{guide.name}: {name}" for name, body in guide_blocks(text).items() if new.get(name) != body]
            continue
        guide.write_text(rewrite(text, new), encoding="utf-8")
        print(f"wrote {len(new)} blocks into {guide}")
    if args.check:
        sys.exit(f"out of date: {', '.join(stale)} (make guide-numbers)" if stale else 0)


if __name__ == "__main__":
    main()
