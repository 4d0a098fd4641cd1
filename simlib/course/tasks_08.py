"""Checkers for ``exercises/08_capstone.ipynb``.

Expected values are computed here from the restaurant preset and the same
seeded simlib calls the exercise uses: read this file if a check puzzles you.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import pandas as pd

from simlib.analysis import crm
from simlib.course.capstone import MET, Goals, run_plan, scorecard
from simlib.course.checks import (
    Hint,
    require_choice,
    require_close,
    require_keys,
    require_number,
    require_table,
    task,
)
from simlib.course.staffing import load_plan, paid_hours_per_week
from simlib.i18n import N_, tr
from simlib.model.engine import simulate

PRESET = "restaurant"
DAYS, REPLICATIONS = 14, 5                      # the capstone's ground rules: at least 5 replications
GOALS = Goals(service_level=0.6, target_minutes=15, reputation_floor=78, min_profit=15_000)  # notebook 08
TUE_TO_SAT = ["tue", "wed", "thu", "fri", "sat"]
PLAN_C = {"staff.morning": {"count": 1, "start_hour": 9, "end_hour": 12, "days": TUE_TO_SAT},
          "staff.monday": {"count": 1, "start_hour": 12, "end_hour": 20, "days": ["mon"]}}
"""Plan C of notebook 08: a morning shift Tuesday to Saturday and a Monday shift."""


def extra_hours_per_week(changes: Mapping[str, Any]) -> float:
    """Paid hours a week a plan adds to the restaurant as it is."""
    return paid_hours_per_week(load_plan(PRESET, changes)) - paid_hours_per_week(load_plan(PRESET))


def lost_by_hour(interactions: pd.DataFrame) -> pd.Series:
    """Revenue lost (currency) by the clock hour the question was sent, 0-23 (0 where no question came)."""
    hour = (interactions["arrival"] // 60 % 24).astype(int)
    return interactions["revenue_lost"].groupby(hour).sum().reindex(range(24), fill_value=0.0)


@lru_cache(maxsize=1)
def _today_lost_by_hour() -> pd.Series:
    return lost_by_hour(crm.interactions(simulate(load_plan(PRESET, days=DAYS))))


# --- the tasks ----------------------------------------------------------------------------


@task("08.1", N_("the letter of the option that says what to do with a 'not sure yet' verdict"))
def _unsure(answer: Any) -> None:
    require_choice(answer, "b", "abcd", {
        "a": N_("Part of the interval is below the goal, but part is above: the evidence does not say missed yet."),
        "c": N_("A seed picks the customers; hunting for lucky customers until the verdict pleases you is not "
                "evidence. What would make the interval narrower honestly?"),
        "d": N_("The mean alone ignores the uncertainty: the interval reaches below the goal."),
    })


@task("08.2", N_("a Goals object whose four numbers match the café owners' words (a share from 0 to 1, "
                 "minutes, a score from 0 to 100, USD per two weeks)"))
def _goals(answer: Any) -> None:
    if isinstance(answer, Mapping):
        keys = require_keys(answer, ("service_level", "target_minutes", "reputation_floor", "min_profit"),
                            "Goals(service_level=..., target_minutes=..., reputation_floor=..., min_profit=...)")
        answer = Goals(**keys)
    if not isinstance(answer, Goals):
        raise Hint(tr("Expected a Goals object, built with Goals(service_level=..., target_minutes=..., "
                      "reputation_floor=..., min_profit=...); got {type}.", type=type(answer).__name__))
    level = require_number(answer.service_level, "service_level")
    if 1 < level <= 100:
        raise Hint(tr("service_level = {level:g} looks like a percentage: Goals takes a share between 0 and 1.",
                      level=level))
    if not math.isclose(level, 0.8):
        raise Hint(tr("service_level = {level:g}: 'four in five' as a share between 0 and 1.", level=level))
    minutes = require_number(answer.target_minutes, "target_minutes")
    if not math.isclose(minutes, 30):
        hours = tr(" (that is in hours)") if math.isclose(minutes, 0.5) else ""
        raise Hint(tr("target_minutes = {minutes:g}{hours}: the reply target is in minutes. "
                      "How many minutes are half an hour?", minutes=minutes, hours=hours))
    floor = require_number(answer.reputation_floor, "reputation_floor")
    if 0 < floor <= 1:
        raise Hint(tr("reputation_floor = {floor:g}: the score runs from 0 to 100, not 0 to 1.", floor=floor))
    if not math.isclose(floor, 78):
        raise Hint(tr("reputation_floor = {floor:g}: reread what the owners say about their score.", floor=floor))
    if answer.min_profit is None:
        raise Hint(tr("min_profit is None: the owners also ask for a profit, per two weeks."))
    profit = require_number(answer.min_profit, "min_profit")
    if not math.isclose(profit, 20_000):
        raise Hint(tr("min_profit = {profit:,.0f}: reread the profit the owners ask for (per two weeks, "
                      "the length of a run).", profit=profit))


@task("08.3", N_("the revenue lost (USD) by clock hour 0-23 in the restaurant's first replication of 14 days "
                 "(crm.interactions of simulate(load_plan('restaurant', days=14))), each within 1 USD; "
                 "hours with no question may be left out"),
      method=N_("hour = arrival // 60 % 24; the sum of revenue_lost within each hour"))
def _lost(answer: Any) -> None:
    require_table(answer, _today_lost_by_hour(), tr("revenue lost by clock hour"), abs_tol=1.0, fill_missing=0.0,
                  index="hour", share=False,
                  how=tr("The clock hour is talks['arrival'] // 60 % 24; sum the column revenue_lost within each "
                         "hour with groupby."))


@task("08.4", N_("the extra revenue (USD per two weeks) plan C must earn to pay for its extra rostered hours, "
                 "against the restaurant preset, within 1%"),
      method=N_("(paid hours a week of plan C - today's) x the preset's staff cost per hour x 2 weeks"))
def _break_even(answer: Any) -> None:
    value = require_number(answer, tr("revenue in USD per two weeks"))
    per_hour = load_plan(PRESET).business.staff_cost_per_hour
    expected = extra_hours_per_week(PLAN_C) * per_hour * 2
    if math.isclose(value, expected / 2, rel_tol=0.01):
        raise Hint(tr("That is one week's cost; a run, and the profit goal, cover two weeks."))
    require_close(value, expected, tr("plan C's break-even"), rel=0.01,
                  hint=tr("Which hours does plan C add, what does one hour cost, and over how many weeks?"),
                  more=tr("Count only the hours plan C adds (paid_hours_per_week of plan C minus today's), "
                          "then multiply by the cost of an hour and by the weeks."))


@task("08.5", N_("a plan of dotted changes to the restaurant's staff (and optionally service.discipline) with "
                 "fewer paid hours a week than plan C, whose three goals (60% within 15 min, reputation never "
                 "below 78, profit at least 15,000) are all 'met' over 5 replications of 14 days (seed 1)"),
      method=N_("run_plan('restaurant', goals, your_plan, 5, 14) and its scorecard"))
def _cheaper_plan(answer: Any) -> None:
    if not isinstance(answer, Mapping):
        raise Hint(tr("Expected a dict of dotted changes like plan_c, got {type}.", type=type(answer).__name__))
    allowed = [key for key in answer if isinstance(key, str)
               and (key.startswith("staff.") or key == "service.discipline")]
    if len(allowed) != len(answer):
        other = [key for key in answer if key not in allowed]
        raise Hint(tr("A plan may change the staff ('staff.<shift>...') and the order of work "
                      "('service.discipline') only; not {other}.", other=other))
    shifts = set(load_plan(PRESET).staff)
    new = {key.split(".")[1] for key in answer if key.count(".") == 1}  # whole new shifts, like plan_c's
    for key in answer:
        parts = key.split(".")
        if parts[0] == "staff" and len(parts) > 2 and parts[1] not in shifts | new:
            raise Hint(tr("{key!r}: the restaurant has no shift {shift!r} (its shifts: {shifts}). "
                          "To add a shift, give it whole as a dict, like plan_c's 'staff.morning'.", key=key,
                          shift=parts[1], shifts=", ".join(sorted(shifts))))
    try:
        hours = paid_hours_per_week(load_plan(PRESET, answer))
    except Exception as error:  # noqa: BLE001 - any scenario error becomes a hint
        message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise Hint(tr("simlib could not build this plan: {error}", error=message)) from None
    limit = paid_hours_per_week(load_plan(PRESET, PLAN_C))
    if hours >= limit:
        raise Hint(tr("Your plan has {hours:g} paid hours a week and plan C {limit:g}: it should be cheaper. "
                      "Which of plan C's hours do the customers really need (look at your table of Task 08.3)?",
                      hours=hours, limit=limit))
    card = scorecard(run_plan(PRESET, GOALS, answer, REPLICATIONS, DAYS), GOALS)
    short = card[card["verdict"] != MET]
    if len(short):
        said = "; ".join(f"{goal}: {row.value} → {tr(row.verdict)}" for goal, row in short.iterrows())
        raise Hint(tr("With {hours:g} paid hours a week, not every goal is met yet ({said}).", hours=hours, said=said))


# --- 08.6 -------------------------------------------------------------------------------------------------------

VALUE_HINTS = {
    "a": N_("Followers are a means. Would the owner pay for followers who never buy, never come back and never "
            "recommend?"),
    "b": N_("Fast replies matter where they keep sales and reputation; whatever the cost, they can cost more than "
            "they save (the burger chain's fourth person in notebook 07)."),
    "d": N_("A page that posts every day can still lose customers at its door. What does the owner get from the "
            "posts?"),
}


@task("08.6", N_("that you chose the one letter (a-d) matching what the course, after \"A luxury community "
                 "manager\", says a community manager is for"))
def _value(answer: Any) -> None:
    require_choice(answer, "c", "abcd", VALUE_HINTS)
