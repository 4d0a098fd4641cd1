"""The trainer guide's numbers for the dashboards and the team game, generated from seeded runs.

``docs/trainer-guide.md`` holds blocks between ``<!-- numbers: NAME -->`` and
``<!-- end numbers: NAME -->``; ``BLOCKS`` computes each of the dashboards'
(the explorer's moves, the side-by-side changes, the planner's sweep, the
game's brief, timetables and key from ``workshop/game-key.md``), and
``make guide-numbers`` (:mod:`simlib.course.workshop_guide`, which adds the
course explorers' blocks) writes them in. A test compares the guide with
them, so a change to the model fails a test instead of leaving the guide
wrong: rerun ``make game-key`` and ``make guide-numbers``, then read the new
numbers before you teach with them. The Spanish guide,
``docs/trainer-guide.es.md`` (:data:`GUIDES`), has the same blocks, written by
the same functions in Spanish (:mod:`simlib.i18n`: its words from the
catalogue, its numbers the Spanish way, ``90.272 USD``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from simlib.dashboards.answers import explore_scenario, side_by_side_change, staffing_plan
from simlib.dashboards.game import KEY_FILES
from simlib.dashboards.handouts import GAME_ROUNDS
from simlib.dashboards.headline import readable, readable_change
from simlib.dashboards.screens import change_notes
from simlib.i18n import N_, fmt, get_language, tr

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "trainer-guide.md"
"""The trainer guide."""
GUIDES = {"en": GUIDE, "es": GUIDE.with_suffix(".es.md")}
"""The trainer guide in each language."""
BLOCK = re.compile(r"(<!-- numbers: (?P<name>[\w-]+) -->\n)(?P<body>.*?)(<!-- end numbers: (?P=name) -->)", re.S)

EXPLORER_MOVES: tuple[tuple[str, dict[str, int], str | None], ...] = (
    (N_("as the page opens: 2 early, 3 late, fifo"), {}, None),
    (N_("*late* to 4"), {"late": 4}, None),
    (N_("*early* 1, *late* 2"), {"early": 1, "late": 2}, None),
    (N_("back to 2 and 3, *discipline* `value`"), {}, "value"),
)
"""The explorer's moves in the guide: (what the trainer does, head counts changed, queue policy)."""
SIDE_BY_SIDE_MOVES = (1, -1, 2)
"""The side-by-side slider positions in the guide (the page opens at +1)."""
PLANNER = ("high_volume", "late", range(1, 6), 3, 7)
"""The planner as the page opens it: preset, shift, head counts, replications, days."""


def explorer_block() -> str:
    """The burger chain explorer's expected answers, one row per move (28 days, seed 1)."""
    rows = [tr("| move | service level (within 15 min) | median first reply | slowest tenth over | final reputation "
               "| profit |"), "|---|---|---|---|---|---|"]
    for move, staff, discipline in EXPLORER_MOVES:
        k = explore_scenario("high_volume", staff, discipline=discipline).kpis
        rows.append(f"| {tr(move)} | **{readable('service_level', k['service_level'])}** | "
                    f"{readable('median_first_response_minutes', k['median_first_response_minutes'])} | "
                    f"{readable('p90_first_response_minutes', k['p90_first_response_minutes'])} | "
                    f"{fmt(k['final_reputation'], '.1f')} | **{readable('profit', k['profit'], 'USD')}** |")
    return "\n".join(rows) + "\n"


def side_by_side_block() -> str:
    """The side-by-side view's expected answers at each slider position, and what the page says at -1."""
    rows = [tr("| staff change | jeweller: profit | jeweller: answered | burger chain: profit | burger chain: "
               "answered |"), "|---|---|---|---|---|"]
    notes = []
    for change in SIDE_BY_SIDE_MOVES:
        view = side_by_side_change(change)
        d = view.deltas
        cells = [f"**{readable_change('profit', d.loc['profit', (p, 'change')], 'USD')}** | "
                 f"{readable('answered_share', d.loc['answered_share', (p, 'before')])} → "
                 f"{readable('answered_share', d.loc['answered_share', (p, 'after')])}"
                 for p in ("luxury", "high_volume")]
        shown = f"{change:+d}".replace("-", "−")
        rows.append(f"| {shown} | " + " | ".join(cells) + " |")
        notes += [tr("At {change} the page says: *{note}*", change=shown, note=note) for note in change_notes(view)]
    return "\n".join(rows) + "\n\n" + "\n\n".join(notes) + ("\n" if notes else "")


def planner_block() -> str:
    """The planner's sweep as the page opens it: profit, staff cost and reputation per head count."""
    preset, shift, counts, replications, days = PLANNER
    plan = staffing_plan(preset, shift, counts, replications, days)
    s = plan.summary
    rows = [tr("| people on the late shift | ") + " | ".join(str(c) for c in s.index) + " |",
            "|---|" + "---|" * len(s.index),
            tr("| profit (USD, 7 days) | ") + " | ".join(fmt(v, ",.0f") for v in s["profit"]) + " |",
            tr("| staff cost (USD) | ") + " | ".join(fmt(v, ",.0f") for v in s["staff_cost"]) + " |",
            tr("| final reputation | ") + " | ".join(fmt(v, ".1f") for v in s["final_reputation"]) + " |"]
    best = plan.best_count
    gain = s.loc[best, "profit"] - s.loc[best - 1, "profit"] if best - 1 in s.index else float("nan")
    return "\n".join(rows) + "\n\n" + tr(
        "Best weekly profit at **{best}** ({profit:,.0f} USD); Erlang C's first guess **{guess}** (80% within "
        "{target:g} min at {rate:.1f} questions an hour). Person {best} adds **{gain}** a week and moves the final "
        "reputation {before:.1f} → {after:.1f}.", best=best, profit=s.loc[best, "profit"], guess=plan.erlang_guess,
        target=plan.target_minutes, rate=plan.peak_per_hour, gain=readable_change("profit", gain, "USD"),
        before=s.loc[best - 1, "final_reputation"], after=s.loc[best, "final_reputation"]) + "\n"


def game_key_block() -> str:
    """The team game's answer key: the tables of ``workshop/game-key.md`` (``make game-key``), or of its
    Spanish twin ``workshop/game-key.es.md`` in Spanish."""
    text = KEY_FILES[get_language()].read_text(encoding="utf-8")
    first = text.index("\n## ") + 1
    return text[first:].strip().replace("\n## ", "\n#### ").replace("## ", "#### ", 1) + "\n"


def game_brief_block() -> str:
    """The game's brief, with the burger chain's questions a day and starting reputation from the preset's run."""
    view = explore_scenario("high_volume", {})
    days = view.scenario.run.days
    start = float(view.result.outcomes.reputation.iloc[0])
    return tr("**The brief.** Teams of 2–4 are the community-management agency of the burger chain\n"
              "(`high_volume`: {questions:,.0f} questions a day over four weeks with today's team, 08:00–24:00 in "
              "two\nshifts, a starting reputation of {start:.0f}). Their job is to find the cheapest team that "
              "leaves the\nchain's reputation no worse than they found it.\n", questions=view.questions / days,
              start=start)


def game_rounds_block(plan: str) -> str:
    """The game's timetable in a session plan, as the handouts print it."""
    rows = [tr("| minutes | what happens |"), "|---|---|"]
    rows += [f"| {m} | {tr(what)} |" for m, what, _ in GAME_ROUNDS[plan]]
    return "\n".join(rows) + "\n"


BLOCKS: dict[str, Callable[[], str]] = {
    "explorer": explorer_block,
    "side-by-side": side_by_side_block,
    "planner": planner_block,
    "game-brief": game_brief_block,
    "game-rounds-3-hour": lambda: game_rounds_block("3-hour"),
    "game-rounds-90-minute": lambda: game_rounds_block("90-minute"),
    "game-key": game_key_block,
}
"""Block name -> how to compute it."""


def guide_blocks(text: str) -> dict[str, str]:
    """The blocks as the guide has them now."""
    return {m.group("name"): m.group("body") for m in BLOCK.finditer(text)}


def rewrite(text: str, new: dict[str, str]) -> str:
    """The guide with each named block replaced by its new text."""
    return BLOCK.sub(lambda m: m.group(1) + new.get(m.group("name"), m.group("body")) + m.group(4), text)
