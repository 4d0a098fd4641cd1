"""Checkers of the exercises of notebook 04, *The social CRM* (tasks 04.1-04.5).

Every checker is here, readable: no hidden tests. The simulated tasks use the
presets ``restaurant`` and ``high_volume`` (the burger chain) with their own
seeds, so your runs and the checker's runs meet the same customers.

- 04.1 (concept, one letter): what a social CRM is, after Greenberg's definition.
- 04.2 (calculation): what a returning customer's question to the jeweller loses by waiting until morning
  (13 hours, the customer still waiting).
- 04.3 (analysis, pandas): the restaurant's conversion of answered leads, by source.
- 04.4 (analysis, pandas): the share of the restaurant's revenue that comes from returning customers.
- 04.5 (simulation): order of work and evening head count that meet a service level with the fewest people.
- 04.6 (analysis, pandas): likes and shares as measures of opinion and closeness, on six posts.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from simlib.analysis import crm
from simlib.course.checks import (
    Hint,
    as_table,
    read_label,
    require_choice,
    require_close,
    require_keys,
    require_number,
    require_shares,
    require_table,
    require_whole,
    task,
)
from simlib.course.social_crm import example_posts
from simlib.experiments.replications import run_replications
from simlib.i18n import N_, tr
from simlib.model.business import SOURCES
from simlib.model.engine import simulate
from simlib.model.leads import buying_chances
from simlib.model.presets import load_preset

__all__ = [
    "BURGER_DAYS",
    "BURGER_REPLICATIONS",
    "LEVEL_GOAL",
    "MORNING_WAIT_MINUTES",
    "plan_service_level",
    "require_shares",
]

# --- helper shared with tasks_05 ----------------------------------------------------


# --- 04.1 ---------------------------------------------------------------------------


@task("04.1", N_("that you chose the one letter (a-d) matching Paul Greenberg's definition of social CRM, as "
                 "quoted in \"Facebook for companies\""))
def _check_social_crm(answer: Any) -> None:
    require_choice(answer, "b", "abcd", {
        "a": N_("That describes a classic CRM: a memory of customers fed by the sales team. What did social media "
                "change about who owns the conversation?"),
        "c": N_("Publishing ads everywhere is broadcasting, one way. The definition speaks of a conversation: "
                "in which direction, and to whose benefit?"),
        "d": N_("Replacing people with automatic replies is not in the definition. What kind of conversation does "
                "it describe, and what does it manage more than the relationship?"),
    })


# --- 04.2 ---------------------------------------------------------------------------

MORNING_WAIT_MINUTES = 13 * 60.0
"""Task 04.2: a question sent at 21:00 and answered at 10:00 the next morning waits 13 hours."""


def _jeweller_business():
    return load_preset("luxury").business


def lead_value(business, source: str, minutes: float, without_reply: bool = True) -> float:
    """Expected revenue (currency) of a lead from ``source`` answered after ``minutes``, if still waiting then.

    The lead is still engaged with ``conversion.engaged(minutes)``; an engaged
    lead buys with ``at_once`` times its source factor, a lead that has cooled
    with ``buy_without_reply`` times the same factor (reputation at baseline;
    :func:`simlib.model.leads.buying_chances`). ``without_reply=False``
    leaves out the purchases without a conversation (a slip the checker names).
    """
    factor = dict(zip(SOURCES, business.sources.factors()))[source]
    engaged_chance, without_chance = buying_chances(business, np.array([factor]))
    engaged = float(business.conversion.engaged(minutes))
    without = float(without_chance[0]) if without_reply else 0.0
    return (engaged * float(engaged_chance[0]) + (1 - engaged) * without) * business.ticket.mean


@task("04.2", N_("your number against the jeweller's preset for a returning customer's lead, still waiting after "
                 "13 hours, within 2%"),
      method=N_("value at 0 minutes - value at 780 minutes, each value = (engaged x at_once x factor + (1 - engaged) "
                "x buy_without_reply x factor) x mean ticket, with engaged = conversion.engaged(minutes) and the "
                "returning customers' factor"))
def _check_morning_loss(answer: Any) -> None:
    business = _jeweller_business()
    now, later = (lead_value(business, "returning", m) for m in (0.0, MORNING_WAIT_MINUTES))
    expected = now - later
    what = tr("the value lost, in USD")
    value = require_number(answer, what)
    search_now, search_later = (lead_value(business, "search", m) for m in (0.0, MORNING_WAIT_MINUTES))
    hours_later = lead_value(business, "returning", 13.0)
    never_without = now - lead_value(business, "returning", MORNING_WAIT_MINUTES, without_reply=False)
    for other, hint in [
        (later, N_("That is what the lead is still worth in the morning. The task asks what the night took OFF.")),
        (never_without, N_("A lead who has cooled by the morning still buys now and then, without a conversation "
                           "(buy_without_reply x the source factor): the night takes off only the difference.")),
        (search_now - search_later, N_("Close, but you priced an average lead from search. This customer bought "
                                       "before: look at the source factors in business.sources.")),
        (now - hours_later, N_("Check the unit of the delay: conversion.engaged takes minutes.")),
        (now, N_("That is the whole value of answering at once; some of it is still there in the morning.")),
    ]:
        if math.isclose(value, other, rel_tol=0.02):
            raise Hint(tr(hint))
    require_close(value, expected, what, rel=0.02,
                  hint=tr("What is the lead worth if answered at once, and what is it worth in the morning?"),
                  more=tr("Value = (chance still engaged x chance an engaged lead buys + chance cooled x chance a "
                          "cooled lead buys anyway) x mean ticket, both chances times the returning customers' "
                          "factor; take the value at 0 minutes minus the value at 13 hours."))


# --- 04.3 and 04.4 ------------------------------------------------------------------


@lru_cache(maxsize=1)
def _restaurant_talks() -> pd.DataFrame:
    """:func:`simlib.analysis.crm.interactions` of one run of the ``restaurant`` preset as it is (28 days, its seed)."""
    return crm.interactions(simulate(load_preset("restaurant")))


def _sale_share(talks: pd.DataFrame) -> pd.Series:
    return (talks["outcome"] == "sale").groupby(talks["source"], observed=True).mean()


@task("04.3", N_("your share of ANSWERED leads (pre-sale questions with outcome sale or no_sale) that bought, for "
                 "each source, against crm.interactions of one seeded run of the restaurant preset (28 days), each "
                 "within 0.01"),
      method=N_("among those rows, the mean of (outcome == 'sale') grouped by source"))
def _check_conversion_by_source(answer: Any) -> None:
    talks = _restaurant_talks()
    leads = talks[talks["kind"] == "pre_sale"]
    answered = leads[leads["outcome"].isin(["sale", "no_sale"])]
    require_shares(answer, _sale_share(answered), tr("share of answered leads that bought, by source"), 0.01,
                   how=tr("Keep the rows whose kind is 'pre_sale' and whose outcome is 'sale' or 'no_sale'; then, by "
                          "source, the share whose outcome is 'sale'."),
                   wrong={N_("Those shares count every lead, also those who gave up or were still waiting: the task "
                             "asks about the leads who got an answer."): _sale_share(leads),
                          N_("Your table mixes in after-sale questions (answered, never a 'sale'): keep the pre-sale "
                             "questions only."): _sale_share(
                              talks[~talks["outcome"].isin(["ignored", "open"])])})


@task("04.4", N_("your share (0-1) of all the restaurant's revenue that came from questions whose source is "
                 "'returning', against crm.interactions of one seeded run (28 days), within 0.01"),
      method=N_("revenue of the rows whose source is 'returning' / revenue of all rows"))
def _check_returning_share(answer: Any) -> None:
    talks = _restaurant_talks()
    returning = talks["source"] == "returning"
    expected = talks.loc[returning, "revenue"].sum() / talks["revenue"].sum()
    what = tr("a share of revenue")
    value = require_number(answer, what)
    if value > 1.5 and math.isclose(value / 100, expected, abs_tol=0.01):
        raise Hint(tr("{value:g} looks like a percentage: give a share between 0 and 1.", value=value))
    pre = talks["kind"] == "pre_sale"
    for other, hint in [
        (returning.mean(), N_("That is the share of QUESTIONS from returning customers. The task asks for the "
                              "share of revenue: add up the revenue column.")),
        (talks.loc[returning & pre, "revenue"].sum() / talks["revenue"].sum(),
         N_("You left out the after-sale questions. A customer who writes after buying is a returning customer "
            "too, and a good answer brings them back to buy.")),
    ]:
        if math.isclose(value, other, abs_tol=0.005):
            raise Hint(tr(hint))
    require_close(value, expected, what, rel=0.0, abs_tol=0.01, share=True,
                  hint=tr("Divide the revenue of the rows whose source is 'returning' by the revenue of all rows."))


# --- 04.5 ---------------------------------------------------------------------------

BURGER_DAYS = 7
"""Task 04.5: days simulated per run of the burger chain (one week)."""
BURGER_REPLICATIONS = 3
"""Task 04.5: runs per plan (replications 0-2 of the preset's seed)."""
LEVEL_GOAL = 0.75
"""Task 04.5: share of questions with a first reply within 15 minutes the plan must reach (mean of the runs)."""
LEVEL_SLACK = 0.005
"""Task 04.5: half a percentage point of slack, for rounding."""
DISCIPLINES = ("fifo", "value")
DISCIPLINE_WORDS = {"first come first served": "fifo", "first come, first served": "fifo", "fcfs": "fifo",
                    "first in first out": "fifo", "most valuable first": "value", "value first": "value",
                    "highest value first": "value", "lead score": "value"}
"""The notebook's words for each order of work."""


@lru_cache(maxsize=32)
def plan_service_level(discipline: str, late: int) -> float:
    """Mean service level of the burger chain with this order of work and late-shift head count.

    3 seeded runs of 7 days of the ``high_volume`` preset (the early shift as in the preset).
    """
    scenario = load_preset("high_volume", {"run.days": BURGER_DAYS, "service.discipline": discipline,
                                                             "staff.late.count": late})
    return float(run_replications(scenario, BURGER_REPLICATIONS)[0]["service_level"].mean())


def _meets(discipline: str, late: int) -> bool:
    return plan_service_level(discipline, late) >= LEVEL_GOAL - LEVEL_SLACK


@task("04.5", N_("that your plan {'discipline': 'fifo' or 'value', 'late': n} gives the burger chain a mean service "
                 "level of at least 75% within 15 min (3 seeded runs of 7 days; we accept 74.5%), and that no plan "
                 "with one person fewer on the late shift, in either order of work, reaches it"),
      method=N_("plan_service_level(discipline, late) for your plan and for one person fewer in both orders"))
def _check_plan(answer: Any) -> None:
    plan = require_keys(answer, ("discipline", "late"), "{\"discipline\": \"fifo\", \"late\": 3}")
    discipline = read_label(plan["discipline"], DISCIPLINES, DISCIPLINE_WORDS) if isinstance(
        plan["discipline"], str) else None
    if discipline is None:
        raise Hint(tr("discipline = {discipline!r}: use \"fifo\" (first come, first served) or \"value\" "
                      "(most valuable first).", discipline=plan["discipline"]))
    late = require_whole(plan["late"], tr("a head count (late)"), 1, 8)
    level = plan_service_level(discipline, late)
    if not _meets(discipline, late):
        raise Hint(tr("{discipline} with {late} on the late shift replies to {level:.1%} of questions within 15 "
                      "minutes: below {goal:.0%}. More people is one way; the order of work is another.",
                      discipline=discipline, late=late, level=level, goal=LEVEL_GOAL))
    if late > 1 and any(_meets(d, late - 1) for d in DISCIPLINES):
        raise Hint(tr("Your plan meets the goal ({level:.1%}), but a plan with one person fewer on the late shift "
                      "meets it too: look for the cheaper one, in both orders of work.", level=level))


# --- 04.6 ---------------------------------------------------------------------------


def warm_share_rate(posts: pd.DataFrame) -> pd.Series:
    """Task 04.6: shares per person reached, for the posts whose warm reactions (likes) outnumber the angry ones."""
    warm = posts[posts["likes"] > posts["angry"]]
    return warm["shares"] / warm["reach"]


@task("04.6", N_("your share rate (shares per person reached) of each post whose likes outnumber its angry "
                 "reactions, against example_posts(), each within 0.001"),
      method=N_("posts[posts['likes'] > posts['angry']], then its shares / reach"))
def _check_warm_share_rate(answer: Any) -> None:
    posts = example_posts()
    expected = warm_share_rate(posts)
    how = tr("Keep the rows whose likes are more than their angry reactions (a boolean filter), then divide the "
             "shares column by the reach column.")
    what = tr("share rate by post")
    given = as_table(answer, what, how)
    labels = {read_label(k, list(posts.index)) for k in given.index}
    if len(given) == len(posts) and labels == set(posts.index):
        raise Hint(tr("Your table has every post. The task keeps only the posts people liked more than they "
                      "disliked: an angry crowd sharing a post is not closeness."))
    require_table(answer, expected, what, abs_tol=0.001, index="label", share=True, how=how,
                  wrong={N_("Those are shares per like, not per person reached: divide by reach."):
                         posts.loc[expected.index, "shares"] / posts.loc[expected.index, "likes"],
                         N_("Those are likes per person reached. The task asks about shares: how many people passed "
                            "the post on."): posts.loc[expected.index, "likes"] / posts.loc[expected.index, "reach"]})
