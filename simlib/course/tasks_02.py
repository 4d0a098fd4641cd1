"""Checkers of the exercises of notebook 02, *Luxury vs high volume* (tasks 02.1-02.5).

Every checker is here, readable: no hidden tests. The simulated tasks use the
presets ``luxury`` (a jeweller) and ``high_volume`` (a burger chain) with
their own seeds, so your runs and the checker's runs meet the same customers.

- 02.1 (concept, several letters): the three things a luxury business's social media must do.
- 02.2 (concept, one letter): why luxury buyers find the business by searching.
- 02.3 (calculation): how many times more a 2-hour delay costs the jeweller than the burger chain, per lead.
- 02.4 (analysis, pandas): the jeweller's revenue lost to slow replies, by where the customer came from.
- 02.5 (simulation): the burger chain's head counts that make the most profit.
"""

from __future__ import annotations

import functools
import math
from typing import Any

import pandas as pd

from simlib.analysis import crm
from simlib.course.checks import (
    Hint,
    require_choice,
    require_close,
    require_keys,
    require_letters,
    require_number,
    require_table,
    require_whole,
    task,
)
from simlib.course.value import value_by_hand
from simlib.experiments.replications import run_replications
from simlib.i18n import N_, tr
from simlib.model.engine import simulate
from simlib.model.presets import load_preset

__all__ = [
    "BURGER_DAYS",
    "BURGER_REPLICATIONS",
    "DELAY_MINUTES",
    "PROFIT_TOLERANCE",
    "burger_profit",
]

DELAY_MINUTES = 120.0
"""Task 02.3: the delay priced, in minutes (two hours)."""
BURGER_DAYS = 7
"""Task 02.5: days simulated per run of the burger chain (one week)."""
BURGER_REPLICATIONS = 2
"""Task 02.5: runs per plan (replications 0 and 1 of the preset's seed)."""
PROFIT_TOLERANCE = 0.02
"""Task 02.5: a neighbouring plan must beat yours by more than this share of profit to count as better."""


# --- 02.1 -------------------------------------------------------------------------

LUXURY_JOBS = {"a", "c", "e"}
JOB_HINTS = {
    "b": N_("Would the text call jokes and cat pictures value for the business? It says what the community manager "
            "is there for, in its last line."),
    "d": N_("Think about how often a luxury buyer's friends have bought the same rare thing: are recommendations "
            "plentiful?"),
    "f": N_("Re-read the text's point about a business with one customer a week: can it afford slow answers?"),
}


@task("02.1", N_("that your set of letters (a-f) holds exactly the three things a luxury business's social media "
                 "must achieve, after \"A luxury community manager\""))
def _check_luxury_jobs(answer: Any) -> None:
    require_letters(answer, LUXURY_JOBS, "abcdef", JOB_HINTS,
                    N_("All you chose is right, but the text names three things and you have {chosen}: one is about "
                       "the people who bought before, one about future buyers, one about people searching."))


# --- 02.2 -------------------------------------------------------------------------

SEARCH_HINTS = {
    "a": N_("The text is written for luxury businesses that do use social media. Look for the reason on the "
            "buyers' side."),
    "c": N_("The text says search ads work well with a good landing page, but its reason is about the buyers and "
            "their friends, not about prices."),
    "d": N_("Luxury buyers have friends like anyone else. What have those friends rarely done?"),
}


@task("02.2", N_("that you chose the one letter (a-d) matching the reason \"A luxury community manager\" gives"))
def _check_search_reason(answer: Any) -> None:
    require_choice(answer, "b", "abcd", SEARCH_HINTS)


# --- 02.3 -------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _hand_values() -> dict[str, dict[str, float]]:
    return {name: value_by_hand(load_preset(name), DELAY_MINUTES)
            for name in ("luxury", "high_volume")}


@task("02.3", N_("your ratio against the two presets' numbers for a 2-hour delay, within 2%"),
      method=N_("for each business, a lead's value answered at once minus answered after 120 minutes, where a lead "
                "answered after t minutes is worth ticket x (1 + premium(t)) x [at_once x engaged(t) + "
                "buy_without_reply x (1 - engaged(t))]; then the jeweller's over the burger chain's"))
def _check_times_more(answer: Any) -> None:
    lux, burger = (_hand_values()[n] for n in ("luxury", "high_volume"))
    expected = lux["lost_per_lead"] / burger["lost_per_lead"]
    what = tr("how many times more the jeweller loses")
    value = require_number(answer, what)
    one_hour = [value_by_hand(load_preset(n), 60.0)["lost_per_lead"] for n in ("luxury", "high_volume")]
    for wrong, hint in [
        (_without_habit(lux) / _without_habit(burger),
         N_("Close, but a lead who has cooled may still buy: add buy_without_reply x (1 - engaged) to the chance "
            "of buying after the delay.")),
        (lux["lost_per_lead"] / _without_premium(burger),
         N_("Close, but the burger chain's customers spend more after a quick reply: multiply each value by "
            "(1 + premium(business, minutes)), at 0 and at 120 minutes.")),
        (lux["lead_after"] / burger["lead_after"],
         N_("That compares what a lead is still worth after the delay. The task asks what the delay takes OFF.")),
        (one_hour[0] / one_hour[1], N_("That is the ratio for a one-hour delay; the task asks about two hours.")),
        (1 / expected, N_("Upside down: divide the jeweller's loss by the burger chain's.")),
    ]:
        if math.isclose(value, wrong, rel_tol=0.02):
            raise Hint(tr(hint))
    require_close(value, expected, what, rel=0.02,
                  hint=tr("Price the delay for ONE lead of each business, then compare the two."),
                  more=tr("For each business: the lead's value answered at once minus its value answered after 120 "
                          "minutes, where a lead answered after t minutes is worth ticket x (1 + premium(t)) x "
                          "[at_once x engaged(t) + buy_without_reply x (1 - engaged(t))]; then divide."))


def _without_habit(hand: dict[str, float]) -> float:
    """What the delay takes off a lead when a cooled lead is taken never to buy (the slip 02.3 names)."""
    return hand["lead_at_once"] - hand["lead_at_once"] * (1 + hand["premium_after"]) / (1 + hand["premium_at_once"]) \
        * hand["engaged"]


def _without_premium(hand: dict[str, float]) -> float:
    """What the delay takes off a lead when the reply premium is left out (the slip 02.3 names)."""
    return hand["ticket"] * (hand["chance_at_once"] - hand["chance_after"])


# --- 02.4 -------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _jeweller_talks() -> pd.DataFrame:
    """:func:`simlib.analysis.crm.interactions` of one run of the ``luxury`` preset (28 days, its seed)."""
    return crm.interactions(simulate(load_preset("luxury")))


@task("02.4", N_("your revenue lost by source (search, social, referral, returning) against crm.interactions of "
                 "one seeded run of the luxury preset (28 days), each within 1%"),
      method="crm.interactions(result).groupby('source', observed=True)['revenue_lost'].sum()")
def _check_lost_by_source(answer: Any) -> None:
    talks = _jeweller_talks()
    grouped = talks.groupby("source", observed=True)["revenue_lost"]
    expected = grouped.sum()
    require_table(answer, expected, tr("revenue lost by source, in USD"), abs_tol=0.5, rel_tol=0.01, index="label",
                  share=False, how=tr("Use every question of one run of the preset as it is "
                                      "(crm.interactions(result)), grouped by source, adding up the revenue lost."),
                  wrong={N_("Those are averages per question. The task asks how much revenue each source loses in "
                            "total."): grouped.mean(),
                         N_("That is the revenue each source brought in. The task asks what slow replies cost: "
                            "another column."): talks.groupby("source", observed=True)["revenue"].sum()})


# --- 02.5 -------------------------------------------------------------------------

@functools.lru_cache(maxsize=64)
def burger_profit(early: int, late: int) -> float:
    """Mean profit (USD per week) of the burger chain with ``early`` and ``late`` people on its shifts.

    Replications 0 and 1 of the ``high_volume`` preset's seed, 7 days each:
    the same customers for every plan (common random numbers).
    """
    scenario = load_preset("high_volume",
                             {"run.days": BURGER_DAYS, "staff.early.count": early, "staff.late.count": late})
    table, _ = run_replications(scenario, BURGER_REPLICATIONS)
    return float(table["profit"].mean()) * 7 / BURGER_DAYS


@task("02.5", N_("that your plan's weekly profit (burger chain, 2 seeded runs of 7 days) is not beaten by more than "
                 "2% by any plan with one person more or fewer on one shift"),
      method=N_("burger_profit(early, late) for your plan and its four neighbours"))
def _check_burger_plan(answer: Any) -> None:
    plan = require_keys(answer, ("early", "late"), "{\"early\": 2, \"late\": 3}")
    early, late = (require_whole(plan[s], tr("a head count ({key})", key=s), 1, 12) for s in ("early", "late"))
    mine = burger_profit(early, late)
    neighbours = [(e, l) for e, l in [(early + 1, late), (early, late + 1), (early - 1, late), (early, late - 1)]
                  if e >= 1 and l >= 1]
    if any(burger_profit(*p) > mine + abs(mine) * PROFIT_TOLERANCE for p in neighbours):  # stops at the first
        raise Hint(tr("Your plan makes {profit:,.0f} USD of profit a week, but moving one person on one shift "
                      "makes more than {tolerance:.0%} more. Each person costs wages; each slow answer "
                      "costs sales: look for where one more (or one fewer) stops paying.",
                      profit=mine, tolerance=PROFIT_TOLERANCE))


# --- 02.6 -------------------------------------------------------------------------

ALLIANCES = {"a", "c", "d"}
ALLIANCE_HINTS = {
    "b": N_("A coupon site sends bargain hunters. Are they the jeweller's customers, and does the deal fit an "
            "exclusive brand?"),
    "e": N_("Whose customers use a fast-food loyalty app, and are they about to buy a ring? An alliance shares "
            "customers who fit both businesses."),
}


@task("02.6", N_("that your set of letters (a-e) holds exactly the partnerships that fit the idea of alliances in "
                 "\"A luxury community manager\""))
def _check_alliances(answer: Any) -> None:
    require_letters(answer, ALLIANCES, "abcde", ALLIANCE_HINTS,
                    N_("All you chose fits, but {more} more partnership(s) do: which other businesses meet the same "
                       "customers at a big moment of their lives?"))


# --- 02.7 -------------------------------------------------------------------------

KNOW_THE_BUSINESS = {"a", "b", "c"}
KNOW_HINTS = {
    "d": N_("Another jeweller's plan tells you about that jeweller. The text asks you to learn about THIS business: "
            "from whom?"),
    "e": N_("Bought followers never buy a ring. How would they help you know the business?"),
}


@task("02.7", N_("that your set of letters (a-e) holds exactly the three ways to know the business that \"A luxury "
                 "community manager\" suggests"))
def _check_know_the_business(answer: Any) -> None:
    require_letters(answer, KNOW_THE_BUSINESS, "abcde", KNOW_HINTS,
                    N_("All you chose is right, but the text names three ways and you have {chosen}: one asks the "
                       "owner, one keeps something about past customers, one asks the happy ones."))
