"""Checkers for ``exercises/07_staffing_scenarios.ipynb``.

Expected values are computed here from the same presets and seeded simlib
calls the exercise uses: read this file if a check puzzles you. Task 07.6
asks you to add a shift to the small SimPy model of notebook 06; its check
runs your model and the reference below on the same days.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import pandas as pd
import simpy

from simlib.analysis.queueing import agents_needed, erlang_c
from simlib.course.checks import (
    Hint,
    require_choice,
    require_close,
    require_keys,
    require_number,
    require_table,
    require_whole,
    task,
)
from simlib.course.fitting import fit_shop, weekend_shift
from simlib.course.hands_on import check_model, starter_inbox
from simlib.course.staffing import load_plan
from simlib.experiments.replications import run_replications
from simlib.i18n import N_, tr

PRESET = "high_volume"
WEEK, REPLICATIONS = 7, 3            # the plan task: 3 replications of one week, seed 1 (the preset's)
GOAL = 0.85                          # share of questions replied within 15 min (the preset's target)
GOAL_SLACK = 0.005                   # half a percentage point, for rounding
LEADS, WAIT_MINUTES = 40, 45.0       # the revenue task: 40 leads answered 45 min late
PEAK_PER_HOUR, PEAK_HANDLE, PEAK_TARGET, PEAK_SHARE = 42.0, 4.5, 5.0, 0.9   # the Erlang task


def expected_sale(wait_minutes: float) -> float:
    """Expected revenue (USD) of one burger-chain lead answered after ``wait_minutes``, from the preset.

    A lead answered after ``t`` minutes is still engaged with chance
    ``conversion.engaged(t)`` and then buys with ``conversion.at_once``; a lead
    that has cooled buys anyway with ``buy_without_reply``. Times the mean
    ticket; the reply premium (a few cents a burger) is left aside.
    """
    business = load_plan(PRESET).business
    engaged = float(business.conversion.engaged(wait_minutes))
    chance = business.buy_without_reply + (business.conversion.at_once - business.buy_without_reply) * engaged
    return business.ticket.mean * chance


def _sale_if_cooling_were_all(wait_minutes: float) -> float:
    """The slip of forgetting that a cooled lead still buys: ticket x at_once x engaged(t)."""
    business = load_plan(PRESET).business
    return business.ticket.mean * business.conversion.at_once * float(business.conversion.engaged(wait_minutes))


@lru_cache(maxsize=64)
def plan_service_level(early: int, late: int) -> float:
    """Mean service level of the burger chain with these head counts: 3 replications of 7 days, seed 1."""
    scenario = load_plan(PRESET, {"staff.early.count": early, "staff.late.count": late}, WEEK)
    return float(run_replications(scenario, REPLICATIONS)[0]["service_level"].mean())


def meets(early: int, late: int) -> bool:
    return plan_service_level(early, late) >= GOAL - GOAL_SLACK


def service_by_hour(records: pd.DataFrame, target_minutes: float = 15.0) -> pd.Series:
    """Share of questions whose first reply started within the target, by clock hour of arrival (0-23)."""
    hour = (records["arrival"] // 60 % 24).astype(int)
    return (records["first_response"] <= target_minutes).groupby(hour).mean()


@lru_cache(maxsize=1)
def _preset_week_by_hour() -> pd.Series:
    from simlib.model.engine import simulate

    return service_by_hour(simulate(load_plan(PRESET, days=WEEK)).records)


# --- the tasks ----------------------------------------------------------------------------


@task("07.1", N_("the letter of the option that explains the jeweller's most profitable change"))
def _jeweller(answer: Any) -> None:
    require_choice(answer, "b", "abcd", {
        "a": N_("Look again at the plan table of notebook 07: what did a second weekday person do to her profit, "
                "and how busy was the first one?"),
        "c": N_("The order of work matters when there is a queue to reorder. Is the jeweller's problem a queue, or "
                "hours when nobody is there?"),
        "d": N_("Each of her customers is a big sale. Did every plan lose money?"),
    })


@task("07.2", N_("the expected revenue lost, in USD, when 40 burger-chain leads wait 45 minutes instead of "
                 "being answered at once (the preset's ticket, chances of buying and engagement curve; reply "
                 "premium left aside), within 2%"),
      method=N_("40 x ticket x (at_once - buy_without_reply) x (1 - conversion.engaged(45))"))
def _revenue(answer: Any) -> None:
    value = require_number(answer, tr("revenue lost in USD"))
    if math.isclose(value, LEADS * expected_sale(WAIT_MINUTES), rel_tol=0.02):
        raise Hint(tr("That is the revenue the 40 late leads still bring. The question asks what the wait costs."))
    if math.isclose(value, LEADS * (_sale_if_cooling_were_all(0) - _sale_if_cooling_were_all(WAIT_MINUTES)),
                    rel_tol=0.02):
        raise Hint(tr("A lead who has cooled still buys now and then (buy_without_reply): the wait only takes off "
                      "the difference between an engaged lead and a cooled one."))
    require_close(value, LEADS * (expected_sale(0) - expected_sale(WAIT_MINUTES)), tr("the revenue lost"),
                  rel=0.02,
                  hint=tr("Per lead: the sale expected if answered at once, minus the sale expected after the wait."),
                  more=tr("After the wait a lead is engaged with chance conversion.engaged(45); engaged leads buy "
                          "with at_once, cooled ones with buy_without_reply."))


@task("07.3", N_("the smallest head count meeting 90% within 5 minutes by Erlang C at 42 questions/h and "
                 "4.5 min replies, exactly"),
      method=N_("agents_needed(42, 4.5, 5, 0.9)"))
def _erlang(answer: Any) -> None:
    agents = require_whole(answer, tr("a head count"), 0, 100)
    load = PEAK_PER_HOUR / 60 * PEAK_HANDLE
    if agents <= load:
        raise Hint(tr("{agents} people cannot carry {load:.2f} Erlangs of work: the queue grows without end. "
                      "The head count must be above the offered load.", agents=agents, load=load))
    needed = agents_needed(PEAK_PER_HOUR, PEAK_HANDLE, PEAK_TARGET, PEAK_SHARE)
    achieved = erlang_c(PEAK_PER_HOUR, PEAK_HANDLE, agents, PEAK_TARGET).service_level
    if agents < needed:
        raise Hint(tr("With {agents} people Erlang C answers {achieved:.0%} within 5 minutes: rounding the load up "
                      "is not enough. Try head counts with erlang_c(...).service_level or agents_needed(...).",
                      agents=agents, achieved=achieved))
    if agents > needed:
        raise Hint(tr("{agents} people meet the target, but fewer do too: the smallest head count is wanted.",
                      agents=agents))


@task("07.4", N_("the service level (share replied within 15 min) of each clock hour 0-23 in the burger chain's "
                 "preset week (load_plan('high_volume', days=7), replication 0), each within 0.01"),
      method=N_("hour = arrival // 60 % 24; the mean of (first_response <= 15) within each hour"))
def _by_hour(answer: Any) -> None:
    require_table(answer, _preset_week_by_hour(), tr("service level by clock hour"), abs_tol=0.01, index="hour",
                  how=tr("The clock hour is records['arrival'] // 60 % 24; a question counts as in time when its "
                         "first_response is at most 15 (minutes). Unanswered questions have no first_response and "
                         "count as misses."))


@task("07.5", N_("a plan {'early': n, 'late': m} for the burger chain whose mean service level over "
                 "3 replications of 7 days (seed 1) is at least 85% within 15 min (we accept "
                 "84.5%), and that no plan with one person fewer in total (any split with someone on "
                 "each shift) reaches it: both shifts are 8 h a day, so fewer people is lower staff cost"),
      method=N_("plan_service_level(early, late) for your plan and for every split of one person fewer"))
def _plan(answer: Any) -> None:
    plan = require_keys(answer, ("early", "late"), "{'early': 1, 'late': 1}")
    early, late = (require_whole(plan[s], tr("a head count ({shift})", shift=s), 0, 12) for s in ("early", "late"))
    level = plan_service_level(early, late)
    if not meets(early, late):
        raise Hint(tr("{early} early + {late} late replies to {level:.1%} within 15 minutes: below the goal. "
                      "Which shift covers the dinner peak, and which the lunch peak?",
                      early=early, late=late, level=level))
    total = early + late
    cheaper = next(((e, total - 1 - e) for e in _splits(total - 1) if meets(e, total - 1 - e)), None)
    if cheaper is not None:
        raise Hint(tr("Your plan meets the goal ({level:.1%}) with {total} people, but a plan with {fewer} "
                      "people meets it too: look for a cheaper split.", level=level, total=total, fewer=total - 1))


def _splits(total: int) -> list[int]:
    """Early head counts for a total with someone on each shift, the balanced splits first (likeliest to meet).

    A shift left empty leaves half the day's questions unanswered for hours: it cannot reach the goal.
    """
    return sorted(range(1, total), key=lambda e: abs(2 * e - total))


# --- 07.6: a shift in the SimPy model ---------------------------------------------------------------------------

SHIFT_HOURS = 4
"""Task 07.6: Ben's shift lasts this many hours."""
BEN_STARTS = (12, 17)
"""Task 07.6: the start hours the check runs your model with."""


def reference_with_ben(env, questions, log, start_hour):
    """Task 07.6's reference: the starter model, and Ben answers the same inbox for 4 hours from ``start_hour``."""
    inbox = simpy.Store(env)

    def door():
        for q in questions:
            yield env.timeout(q.arrival - env.now)
            log.arrives(q)
            inbox.put(q)

    def community_manager(name, start, end):
        yield env.timeout(start - env.now)
        while env.now < end:
            if not inbox.items:
                yield env.timeout(1)
                continue
            q = yield inbox.get()
            log.reply(q, name)
            yield env.timeout(q.reply_minutes)

    env.process(door())
    env.process(community_manager("Ana", 9 * 60, 17 * 60))
    env.process(community_manager("Ben", start_hour * 60, (start_hour + SHIFT_HOURS) * 60))   # NEW: Ben's shift


@task("07.6", N_("your model with_ben(env, questions, log, start_hour), run on the same three days (seeds 1-3) "
                 "with Ben starting at 12:00 and at 17:00: every question gets the same "
                 "first reply, by the same person, at the same minute as in the reference"),
      method=N_("the starter model plus one more community_manager process, "
                "community_manager('Ben', start_hour * 60, (start_hour + 4) * 60) (see reference_with_ben)"))
def _with_ben(answer: Any) -> None:
    check_model(answer, "with_ben", reference_with_ben, starter_inbox,
                settings=[{"start_hour": h} for h in BEN_STARTS], parameters=("env", "questions", "log", "start_hour"),
                hint=tr("Ben shares Ana's inbox and works 4 hours from start_hour (an hour of the day, e.g. 17 for "
                        "17:00): one more community_manager process is all it takes."))


# --- 07.7: fit the shop's export, then plan its weekend --------------------------------------------------------

WEEKEND_STARTS = range(6, 17)
"""Task 07.7: start hours of the weekend shift (8 hours, so it ends by midnight)."""
WEEKEND_DAYS, WEEKEND_SLACK = 14, 0.01   # 3 replications of 14 days, seed 1; a start within 1 point of the best


@lru_cache(maxsize=32)
def weekend_service_level(start_hour: int) -> float:
    """Mean service level (within 60 min) of the fitted shop with 1 person at weekends from ``start_hour``."""
    scenario = fit_shop().scenario.with_changes({**weekend_shift(start_hour), "run.days": float(WEEKEND_DAYS)})
    return float(run_replications(scenario, REPLICATIONS)[0]["service_level"].mean())


@task("07.7", N_("the start hour (6 to 16) of an 8-hour weekend shift (1 person, "
                 "Saturday and Sunday) that gives the fitted shop (fit_shop()) the highest mean service level within "
                 "60 min over 3 replications of 14 days (seed 1); any start within "
                 "1% of the best is accepted"),
      method=N_("for each start: fit_shop().scenario.with_changes({**weekend_shift(h), 'run.days': 14.0}), "
                "run_replications(..., 3), the mean of service_level; the best start"))
def _weekend(answer: Any) -> None:
    start = require_whole(answer, tr("a start hour"), WEEKEND_STARTS[0], WEEKEND_STARTS[-1])
    levels = {h: weekend_service_level(h) for h in WEEKEND_STARTS}
    best = max(levels, key=levels.get)
    if levels[start] >= levels[best] - WEEKEND_SLACK:
        return
    if start == 9:
        raise Hint(tr("9:00 is when the weekday shift starts ({level:.1%} within 60 min), but weekend customers "
                      "keep their own hours: look at the fitted profile's Saturday and Sunday.", level=levels[9]))
    raise Hint(tr("From {start}:00 the fitted shop answers {level:.1%} within 60 min; another start does "
                  "better. Where does the fitted profile put most weekend messages, and how long is 8 hours from "
                  "there?", start=start, level=levels[start]))
