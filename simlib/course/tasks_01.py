"""Checkers of the exercises of notebook 01, *The open door* (tasks 01.1-01.5).

Every checker is here, readable: no hidden tests. The simulated tasks use the
shop of ``scenarios/shop_weekdays.toml`` through :mod:`simlib.course.doors`,
with the preset's seed, so your run and the checker's run meet the same
customers.

- 01.1 (concept, one letter): what an ignored online customer does.
- 01.2 (concept, several letters): what a community manager can promise.
- 01.3 (calculation): revenue that walks out of the door each weekend.
- 01.4 (simulation): the cheapest cover that keeps every day's median wait short.
- 01.5 (analysis, pandas): share of customers who gave up, by day of the week.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from simlib.course.checks import (
    Hint,
    choice_letters,
    require_choice,
    require_close,
    require_keys,
    require_letters,
    require_number,
    require_table,
    require_whole,
    task,
)
from simlib.course.answers import spanish_label
from simlib.course.doors import (
    COVER_DAYS,
    WEEKDAYS,
    door_report,
    shop_scenario,
    wait_by_day,
)
from simlib.model.calendar import MINUTES_PER_DAY
from simlib.i18n import N_, tr
from simlib.model.engine import simulate

__all__ = [
    "LOST_SPEND",
    "PLAN_KEYS",
    "SHIFT_HOURS_LONG",
    "SWITCH_SHARE",
    "TARGET_HOURS",
    "cheapest_plan",
    "choice_letters",
    "plan_cost",
    "plan_worst_day",
]

SWITCH_SHARE = 1 / 3
"""Share of customers who switch to a competitor when a brand does not answer (Sprout Social Index, Q2 2016)."""
LOST_SPEND = 40.0
"""Task 01.3's assumption: what a customer who switches would have spent (the shop's currency)."""
WEEKENDS_SIMULATED = 2
"""The shop's run (15 days from Monday 00:00) holds two weekends."""
TARGET_HOURS = 4.0
"""Task 01.4's goal: the median wait of the questions sent on every day of the week, at most (hours)."""
SHIFT_HOURS_LONG = 8.0
"""Task 01.4: every shift lasts this many hours (a working day)."""
_LONG_DAYS = dict(zip(WEEKDAYS, (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
                                  N_("Saturday"), N_("Sunday"))))
PLAN_KEYS = ("cover", "weekend_people", "weekday_people", "hours")
"""Task 01.4: the keys of a plan, the arguments of :func:`simlib.course.doors.shop_scenario`."""


# --- 01.1 -------------------------------------------------------------------------

IGNORED_HINTS = {
    "a": N_("In a shop a queue keeps people waiting; think about how many other shops an online customer "
            "can reach from the same chair."),
    "b": N_("Light, music and products can hold a customer inside a real shop. Online, what is there to hold them?"),
    "c": N_("Asking for the manager is what keeps an unhappy customer in a real shop. Online, the customer has "
            "a louder place to speak than a private complaint."),
}


@task("01.1", N_("that you chose the one letter (a-d) matching the idea of \"Open the door and talk to the "
                 "customer\" about an ignored online customer"))
def _check_ignored_customer(answer: Any) -> None:
    require_choice(answer, "d", "abcd", IGNORED_HINTS)


# --- 01.2 -------------------------------------------------------------------------

PROMISES = {"a", "c", "d"}


@task("01.2", N_("that your set of letters (a-e) holds exactly the things a community manager can do for a shop, "
                 "after \"Services only\""))
def _check_promises(answer: Any) -> None:
    require_letters(answer, PROMISES, "abcde", {
        "b": N_("Can anyone working on social media walk a customer through the shop's door? "
                "The text is honest about that limit."),
        "e": N_("Image is each customer's own perception of what they got for their money, shaped by things "
                "nobody controls (even the weather). Can anyone promise it?"),
    }, N_("Everything you chose is right, but {more} more option(s) belong to it: the text names three things a "
          "community manager can make people do or know."))


# --- 01.3 -------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _shop_report() -> dict[str, float]:
    """:func:`door_report` of the preset shop (15 days, preset seed)."""
    return door_report(simulate(shop_scenario()))


@task("01.3", N_("your revenue lost per weekend against door_report of the seeded shop, within 2%"),
      method=N_("weekend customers who gave up in the run / 2 weekends x 1 in 3 who switch x 40"))
def _check_weekend_revenue(answer: Any) -> None:
    gave_up = _shop_report()["weekend_gave_up"]
    expected = gave_up / WEEKENDS_SIMULATED * SWITCH_SHARE * LOST_SPEND
    what = tr("the revenue lost per weekend")
    value = require_number(answer, what)
    for factor, hint in [
        (WEEKENDS_SIMULATED, N_("Close: that is for the whole run. How many weekends does a 15-day run hold?")),
        (1 / SWITCH_SHARE, N_("Not every customer who gave up goes to a competitor: only 1 in 3 does.")),
        (0.36 / SWITCH_SHARE, N_("36% is the share who complain in public; the share who switch is 1 in 3.")),
    ]:
        if math.isclose(value, expected * factor, rel_tol=0.02):
            raise Hint(tr(hint))
    require_close(value, expected, what, rel=0.02,
                  hint=tr("Which customers count, over how many weekends, and how many of them switch?"),
                  more=tr("Chain three steps: customers who gave up in ONE weekend (door_report counts both "
                          "weekends), the share of them who switch, and what each would have spent."))


# --- 01.4 -------------------------------------------------------------------------

def plan_cost(plan: Mapping[str, Any]) -> float:
    """Paid person-hours a week of a plan: every shift's head count x its days a week x its hours a day."""
    start, end = plan["hours"]
    weekend_days = len(COVER_DAYS[plan["cover"]])
    return float((plan["weekday_people"] * 5 + plan["weekend_people"] * weekend_days) * (end - start))


@functools.lru_cache(maxsize=512)
def _worst_day(cover: str, weekend_people: int, weekday_people: int, hours: tuple[float, float]
               ) -> tuple[str, float]:
    medians = wait_by_day(simulate(shop_scenario(cover, weekend_people, weekday_people, hours)))
    medians = medians.reindex(list(WEEKDAYS)).fillna(np.inf)  # a day with no question at all: never answered
    return str(medians.idxmax()), float(medians.max())


def plan_worst_day(plan: Mapping[str, Any]) -> tuple[str, float]:
    """The day whose questions wait longest under a plan, and their median wait (hours).

    Simulates :func:`simlib.course.doors.shop_scenario` with the plan (15
    days, the preset's seed) and reads :func:`simlib.course.doors.wait_by_day`.
    """
    start, end = plan["hours"]
    return _worst_day(plan["cover"], int(plan["weekend_people"]), int(plan["weekday_people"]),
                      (float(start), float(end)))


@functools.lru_cache(maxsize=1)
def cheapest_plan() -> dict[str, Any]:
    """The cheapest plan (8-hour shifts starting on the hour, 06:00-16:00) that meets :data:`TARGET_HOURS`.

    Plans are tried from the cheapest up (0-3 people on weekdays, 1-3 at the
    weekend, every cover, every start hour); the first that meets the goal
    is returned.
    """
    plans = [
        {"cover": cover, "weekend_people": people if COVER_DAYS[cover] else 0, "weekday_people": weekday,
         "hours": (float(start), float(start + SHIFT_HOURS_LONG))}
        for cover in COVER_DAYS for people in (1, 2, 3) for weekday in (0, 1, 2, 3) for start in range(6, 17)
        if people == 1 or COVER_DAYS[cover]
    ]
    for plan in sorted(plans, key=plan_cost):
        if plan_worst_day(plan)[1] <= TARGET_HOURS:
            return plan
    raise RuntimeError("no plan meets the goal")  # pragma: no cover - the shop is small


def _valid_plan(answer: Any) -> dict[str, Any]:
    plan = require_keys(answer, PLAN_KEYS, "{\"cover\": \"Saturday\", \"weekend_people\": 1, "
                                           "\"weekday_people\": 2, \"hours\": (9, 17)}")
    covers = {c.lower(): c for c in COVER_DAYS}
    cover = covers.get(" ".join(str(plan["cover"]).replace("&", "and").lower().split()))
    cover = cover or covers.get((spanish_label(plan["cover"]) or "").lower())  # "sábado y domingo"
    if cover is None:
        raise Hint(tr("cover = {cover!r}: choose one of {covers}.", cover=plan["cover"],
                      covers=", ".join(map(repr, COVER_DAYS))))
    people = {key: require_whole(plan[key], tr("a head count ({key})", key=key), 0, 10)
              for key in ("weekend_people", "weekday_people")}
    hours = plan["hours"]
    if isinstance(hours, str) or not isinstance(hours, (list, tuple)) or len(hours) != 2:
        raise Hint(tr("hours = {hours!r}: give (start hour, end hour), e.g. (9, 17).", hours=hours))
    start, end = (require_number(h, tr("an hour of the day")) for h in hours)
    if not (0 <= start and end <= 24 and math.isclose(end - start, SHIFT_HOURS_LONG)):
        raise Hint(tr("hours = {hours!r}: in this task every shift lasts {length:.0f} hours "
                      "and ends by midnight, e.g. (9, 17).", hours=hours, length=SHIFT_HOURS_LONG))
    return {"cover": cover, **people, "hours": (start, end)}


@task("01.4", N_("that your plan, simulated with the shop's seed (15 days), keeps the median wait of every day's "
                 "questions within 4 hours, and that its paid person-hours a week are within 10% "
                 "of the cheapest such plan with 8-hour shifts"),
      method=N_("every cover, head count (0-3 on weekdays, 1-3 at the weekend) and start hour (06:00-16:00) was "
                "simulated, from the cheapest plan up, until one met the goal"))
def _check_cover_plan(answer: Any) -> None:
    plan = _valid_plan(answer)
    day, hours = plan_worst_day(plan)
    cost = plan_cost(plan)
    if hours > TARGET_HOURS:
        waited = tr("are never answered") if math.isinf(hours) else tr("wait {hours:.1f} hours (median)", hours=hours)
        raise Hint(tr("With your plan, the questions sent on a {day} {waited}: over the "
                      "{target:.0f}-hour goal. Look at when the customers write (the shop's hour factors) "
                      "and who is on duty then.", day=tr(_LONG_DAYS[day]), waited=waited, target=TARGET_HOURS))
    best = plan_cost(cheapest_plan())
    if cost > best * 1.10:
        raise Hint(tr("Your plan meets the goal for {cost:.0f} paid person-hours a week, but a plan at least 10% "
                      "cheaper also meets it. Do you need that many people, or people at the right time?", cost=cost))


# --- 01.5 -------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _gave_up_share_by_day() -> pd.Series:
    records = simulate(shop_scenario()).records
    day = (records["arrival"] // MINUTES_PER_DAY % 7).astype(int)
    return records.groupby(day)["abandoned"].mean()


@functools.lru_cache(maxsize=1)
def _gave_up_count_by_day() -> pd.Series:
    records = simulate(shop_scenario()).records
    day = (records["arrival"] // MINUTES_PER_DAY % 7).astype(int)
    return records.groupby(day)["abandoned"].sum().astype(float)


@task("01.5", N_("your share of questions whose customer gave up, for each day of the week (Monday to Sunday), "
                 "against the seeded shop's records, each within 0.01"),
      method=N_("day of the week = arrival // 1440 % 7; the mean of the column 'abandoned' within each day"))
def _check_gave_up_by_day(answer: Any) -> None:
    how = tr("Are you using every question of the run (result.records), the day each one was sent (from its "
             "arrival minute), and the column that says whether the customer gave up?")
    expected = _gave_up_share_by_day()
    counts = _gave_up_count_by_day()
    require_table(answer, expected, tr("share who gave up, by day of the week"), abs_tol=0.01, index="day", how=how,
                  wrong={N_("Those are numbers of customers (a count). The task asks for a share of each day's "
                            "questions: the mean of a True/False column is its share of True."): counts})


# --- 01.6 -------------------------------------------------------------------------

FOLLOWERS, VISIT_SHARE, SPEND, MARGIN = 2000, 0.015, 6.0, 0.40
"""Task 01.6: the bakery's followers, the share who come in because of a week's posts, what each spends, and the
share of a sale the bakery keeps."""
CONTENT_HOURS, HOUR_COST = 5, 20.0
"""Task 01.6: hours a week making the posts, and what an hour costs."""


def community_net_value() -> float:
    """Task 01.6: what the bakery's community brings in a week, after the cost of its content (currency)."""
    return FOLLOWERS * VISIT_SHARE * SPEND * MARGIN - CONTENT_HOURS * HOUR_COST


@task("01.6", N_("your weekly net value of the bakery's community against the numbers of the task, within 1%"),
      method=N_("followers x share who come in x spend x share the bakery keeps - hours of content x cost of an hour"))
def _check_community_value(answer: Any) -> None:
    what = tr("the community's net value a week")
    value = require_number(answer, what)
    gross = FOLLOWERS * VISIT_SHARE * SPEND
    cost = CONTENT_HOURS * HOUR_COST
    expected = community_net_value()
    for other, hint in [
        (gross - cost, N_("A sale is not profit: the bakery keeps only part of each sale (the margin). "
                          "Use what it keeps.")),
        (gross * MARGIN, N_("That is what the visits bring; the posts are not free. Take off what making them costs.")),
        (gross, N_("That is the revenue of the visits, before the margin and before the cost of the content.")),
        (-expected, N_("Check the sign: what the community brings minus what it costs (a loss is a negative number).")),
    ]:
        if math.isclose(value, other, rel_tol=0.01):
            raise Hint(tr(hint))
    require_close(value, expected, what, rel=0.01,
                  hint=tr("Two parts: what the visits the posts bring leave to the bakery, and what the posts cost."))


# --- 01.7 -------------------------------------------------------------------------

CONSULT_HINTS = {
    "a": N_("The text says social networks weigh on purchases more and more, also those made in a shop. Where does "
            "Lucía look before she goes?"),
    "c": N_("A newsletter comes when the shop decides; what does Lucía do on her own, before she sets off?"),
    "d": N_("Nothing in the text says people who use social media stop buying in shops. It says something about "
            "what they do BEFORE they go to the shop."),
}


@task("01.7", N_("that you chose the one letter (a-d) matching the idea of \"Open the door and talk to the "
                 "customer\" about people who buy in a shop"))
def _check_consulting(answer: Any) -> None:
    require_choice(answer, "b", "abcd", CONSULT_HINTS)
