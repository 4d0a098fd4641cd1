"""Checkers for ``exercises/06_inside_the_simulation.ipynb``.

Every expected value is computed here, in the open, from the same seeded
simlib call the exercise asks for: read this file if a check puzzles you.
Tasks 06.6 and 06.7 ask you to change a small SimPy model
(:mod:`simlib.course.hands_on`); their checks run your model and the
reference models below on the same three days and compare what happens to
every question.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import pandas as pd
import simpy

from simlib.analysis.queueing import erlang_a
from simlib.course.checks import (
    Hint,
    require_choice,
    require_close,
    require_number,
    require_table,
    require_whole,
    task,
)
from simlib.course.hands_on import check_model, starter_inbox
from simlib.course.inside import tiny_inbox, tiny_kpis
from simlib.i18n import N_, tr

# --- helpers shared with tasks_07 and tasks_08 -------------------------------------


# --- the exercise's fixed inputs ------------------------------------------------------

PER_HOUR, HANDLE, PATIENCE, TARGET = 30.0, 6.0, 10.0, 5.0  # the textbook queue of notebook 06
DAYS, SEED = 7, 1


@lru_cache(maxsize=16)
def _tiny(agents: int) -> pd.DataFrame:
    """The seeded week of the twenty-line inbox with ``agents`` people (cached: checks stay quick)."""
    return tiny_inbox(PER_HOUR, HANDLE, agents, PATIENCE, DAYS, SEED)


def daily_abandon(records: pd.DataFrame) -> pd.Series:
    """Share of the settled customers who gave up, by day of arrival (0 = the first day)."""
    return (~records["answered"].astype(bool)).groupby((records["arrival"] // 1440).astype(int)).mean()


# --- the tasks ----------------------------------------------------------------------------


@task("06.1", N_("the letter of the option that explains why common random numbers sharpen a comparison"))
def _crn(answer: Any) -> None:
    require_choice(answer, "b", "abcd", {
        "a": N_("Both ways ran the same number of replications: the effort was equal, only the customers differed."),
        "c": N_("A seed makes one run repeatable, but the independent runs were seeded too. What differed between "
                "the two comparisons?"),
        "d": N_("The fourth person has the same effect on average either way; the question is why one interval is "
                "narrower."),
    })


@task("06.2", N_("the share of customers who give up by the Erlang A formula with 4 people "
                 "(30 questions/h, 6 min replies, 10 min mean patience), within 2%"),
      method="erlang_a(30, 6, 4, 10, 5).p_abandon")
def _erlang(answer: Any) -> None:
    value = require_number(answer, tr("a share of customers"))
    if value > 1:
        raise Hint(tr("{value:g} is more than 1: give a share between 0 and 1, not a percentage.", value=value))
    three = erlang_a(PER_HOUR, HANDLE, 3, PATIENCE, TARGET).p_abandon
    if math.isclose(value, three, rel_tol=0.02):
        raise Hint(tr("That is the share for the team of 3 in the course notebook; the question adds a fourth "
                      "person."))
    expected = erlang_a(PER_HOUR, HANDLE, 4, PATIENCE, TARGET).p_abandon
    require_close(value, expected, tr("the share who give up"), rel=0.02, share=True,
                  hint=tr("Call erlang_a(arrivals_per_hour, handle_minutes, agents, patience_minutes) and read "
                          ".p_abandon."))


@task("06.3", N_("the replications needed to shrink a ±0.40 min interval from 20 replications to ±0.10 min, "
                 "from 15% below to 5% above the figure of the rule of notebook 06 (the t quantile lowers the need "
                 "a little)"),
      method=N_("the half-width shrinks with the square root of R: 20 x (0.40 / 0.10) ** 2"))
def _replications(answer: Any) -> None:
    value = require_number(answer, tr("a number of replications"))
    rule = 20 * (0.40 / 0.10) ** 2
    if 0.85 * rule <= value <= 1.05 * rule:
        return
    if 70 <= value <= 90:
        raise Hint(tr("Four times the replications only halves the width. You want a quarter of the width."))
    message = N_("{value:g} is too few. The half-width shrinks with the square root of the replications: how many "
                 "times smaller must it get, and what does that mean for R?") if value < rule else N_(
        "{value:g} is too many. The half-width shrinks with the square root of the replications: how many times "
        "smaller must it get, and what does that mean for R?")
    raise Hint(tr(message, value=value))


@task("06.4", N_("the smallest head count for which fewer than 5% of customers give up in tiny_inbox "
                 "(30/h, 6 min, patience 10 min, 7 days, seed 1), found by simulating your number and one fewer"),
      method=N_("tiny_kpis(tiny_inbox(30, 6, agents, 10, 7, 1))['p_abandon'] for your head count and one fewer"))
def _smallest(answer: Any) -> None:
    agents = require_whole(answer, tr("a head count"), 1, 30)
    share = tiny_kpis(_tiny(agents))["p_abandon"]
    if share >= 0.05:
        raise Hint(tr("With {agents} people, {share:.1%} of the simulated customers give up: not below the goal yet.",
                      agents=agents, share=share))
    if agents > 1 and tiny_kpis(_tiny(agents - 1))["p_abandon"] < 0.05:
        raise Hint(tr("{agents} people keep it below the goal, but a smaller team does too: the smallest is wanted.",
                      agents=agents))


@task("06.5", N_("the share who gave up on each of the 7 days of tiny_inbox with 3 people (seed 1), "
                 "as a Series indexed 0-6, each within 0.01"),
      method=N_("day = arrival // 1440; the mean of (not answered) within each day"))
def _daily(answer: Any) -> None:
    require_table(answer, daily_abandon(_tiny(3)), tr("share who gave up by day"), abs_tol=0.01,
                  how=tr("Make a day column with records['arrival'] // 1440, and average 'gave up' "
                         "(not answered) within each day with groupby."))


# --- 06.6 and 06.7: change the SimPy model yourself ------------------------------------------------------------
# The reference models below are what the checks compare your model with, question by question, on seeds 1-3.


def reference_with_patience(env, questions, log):
    """Task 06.6's reference: the starter model, and each customer gives up after their patience."""
    inbox = simpy.Store(env)

    def patience(q):                              # NEW: the author waits q.patience minutes at most
        yield env.timeout(q.patience)
        if q in inbox.items:                      # still unanswered: gives up and leaves the inbox
            inbox.items.remove(q)
            log.gives_up(q)

    def door():
        for q in questions:
            yield env.timeout(q.arrival - env.now)
            log.arrives(q)
            inbox.put(q)
            env.process(patience(q))              # NEW: each question's patience starts when it arrives

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


def reference_two_channels(env, questions, log):
    """Task 06.7's reference: DMs and comments wait in their own inboxes; Ana answers DMs, Ben comments."""
    inboxes = {"DM": simpy.Store(env), "comment": simpy.Store(env)}   # NEW: one inbox per channel

    def door():
        for q in questions:
            yield env.timeout(q.arrival - env.now)
            log.arrives(q)
            inboxes[q.channel].put(q)             # NEW: into its channel's inbox

    def community_manager(name, inbox, start, end):   # NEW: each person works one inbox
        yield env.timeout(start - env.now)
        while env.now < end:
            if not inbox.items:
                yield env.timeout(1)
                continue
            q = yield inbox.get()
            log.reply(q, name)
            yield env.timeout(q.reply_minutes)

    env.process(door())
    env.process(community_manager("Ana", inboxes["DM"], 9 * 60, 17 * 60))
    env.process(community_manager("Ben", inboxes["comment"], 12 * 60, 20 * 60))   # NEW: Ben, 12:00-20:00


@task("06.6", N_("your model with_patience(env, questions, log), run on the same three days (seeds 1-3) as the "
                 "reference: every question gets the same first reply, by the same person, at the same minute, and "
                 "every author who gives up does so at the same minute"),
      method=N_("the starter model plus a process per question that waits q.patience minutes and, if the question "
                "is still in the inbox, removes it and calls log.gives_up(q) (see reference_with_patience)"))
def _with_patience(answer: Any) -> None:
    check_model(answer, "with_patience", reference_with_patience, starter_inbox,
                hint=tr("A customer gives up exactly q.patience minutes after arriving, if nobody has started a "
                        "reply; a question whose author left must leave the inbox too, so that nobody replies to it "
                        "later."))


@task("06.7", N_("your model two_channels(env, questions, log), run on the same three days (seeds 1-3) as the "
                 "reference: every question gets the same first reply, by the same person, at the same minute"),
      method=N_("one simpy.Store per channel; the door puts each question in its channel's inbox; Ana works the "
                "DMs 09:00-17:00 and Ben the comments 12:00-20:00 (see reference_two_channels)"))
def _two_channels(answer: Any) -> None:
    check_model(answer, "two_channels", reference_two_channels, starter_inbox,
                hint=tr("DMs wait for Ana (09:00-17:00) and comments for Ben (12:00-20:00), each in its own inbox; "
                        "nobody gives up in this task."))
