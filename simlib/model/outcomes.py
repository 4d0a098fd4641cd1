"""Business outcomes, computed hour by hour while the inbox is simulated.

Every ``TICK_MINUTES`` the model looks at the questions that arrived or were
settled since the last tick. A question is settled when its reply starts
before the customer gives up (answered in time), or when the customer gives
up (ignored). For each, its own dice decide (drawn in :mod:`simlib.model.draws`):

- a pre-sale lead answered in time is still engaged with the conversion
  curve's shape at its delay, and an engaged lead buys with ``at_once``; a
  lead no longer engaged, or ignored, buys anyway with ``buy_without_reply``
  (both times its source and reputation factors), unless, ignored, it
  switched to a competitor;
- an after-sale customer comes back with ``repeat_if_answered`` after a good
  reply in time, ``repeat_if_ignored`` otherwise (never after switching);
- a purchase after a good reply carries the ``reply_premium`` at its delay;
- a rushed reply may disappoint; ignored or disappointed customers may
  complain in public and may turn critic; a fast, good reply may earn praise;
  customers recommend the business (move up the ladder) more after a reply.

Reputation is the positive share of the praise and complaints the public
remembers (:class:`PublicMemory`); critics post complaints of their own until
their anger fades or a late reply wins them back. With ``reputation.feedback``
the next hour's arrival rate follows reputation and the number of creators.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from simlib.model.business import PHASES, SOURCES, Business, Reputation
from simlib.model.contacts import (BIT_COMPLAINT, BIT_CRITIC, BIT_PRAISE, BIT_PROMOTED, BIT_REPEAT, CONNECTION, CRITIC,
                                   INFLUENCE, ContactBook)
from simlib.model.draws import CriticPosts, Leads, Questions
from simlib.model.leads import KINDS, PRE_SALE, buying_chances, expected_value, lead_score, premium, value_at_once
from simlib.model.scenario import Scenario

TICK_MINUTES = 60.0


def _flags(repeat: np.ndarray, complaint: np.ndarray, promoted: np.ndarray, critic: np.ndarray,
           praise: np.ndarray | bool = False) -> np.ndarray:
    """The five outcomes of each question as bits (``praise``: praise if the reply is also fast)."""
    return (repeat * BIT_REPEAT | complaint * BIT_COMPLAINT | promoted * BIT_PROMOTED | critic * BIT_CRITIC
            | np.asarray(praise) * BIT_PRAISE).astype(np.uint8)


def referral_share(business: Business) -> float:
    """Share of all questions that are leads referred by creators."""
    return business.pre_sale_share * business.sources.share.get("referral", 0.0)


def max_arrival_factor(business: Business | None) -> float:
    """The largest factor feedback can apply to the arrival rate (1 without feedback)."""
    if business is None or not business.reputation.feedback:
        return 1.0
    reputation = business.reputation.factor(100.0, business.reputation.arrival_elasticity)
    share = referral_share(business)
    return float(reputation * (1 - share + share * business.audience.max_referral_factor))


def qualified_at(business: Business, leads: Leads, patience: np.ndarray, delay: float) -> np.ndarray:
    """Whether each pre-sale lead would qualify if its reply started ``delay`` minutes after it asked.

    Qualified, as in the lead-response studies (a meaningful conversation):
    still waiting (``delay <= patience``) and still engaged, on the lead's
    own engagement die. After-sale questions: False. For audits at chosen
    delays (:mod:`simlib.experiments.calibration_runs`).
    """
    engaged = leads.u_engagement < business.conversion.engaged(delay)
    return (leads.kind == PRE_SALE) & (delay <= patience) & engaged


class PublicMemory:
    """The praise and complaint points the public remembers, fading with ``recovery_days``.

    Scores ``100 x positive share`` over 100 points of opinion from everything
    else (``baseline`` of them positive) plus what the inbox added.
    """

    def __init__(self, rules: Reputation) -> None:
        self.rules = rules
        self.positive = self.negative = 0.0

    def fade(self, minutes: float) -> None:
        keep = math.exp(-minutes / (self.rules.recovery_days * 1440))
        self.positive *= keep
        self.negative *= keep

    def remaining(self, points: np.ndarray, since: np.ndarray, now: float) -> float:
        """What is left now of ``points`` added at minutes ``since``."""
        return float((points * np.exp(-(now - since) / (self.rules.recovery_days * 1440))).sum())

    @property
    def score(self) -> float:
        return self.rules.score(self.positive, self.negative)


@dataclass(frozen=True)
class Outcomes:
    """The business side of one replication.

    Attributes
    ----------
    per_question
        One row per (accepted) question, in the order of ``records``.
    reputation
        Score (0-100) after each tick, indexed by minute.
    audience
        Head count per engagement phase after each tick, indexed by minute.
    contacts
        Per person who asked (index ``contact``): engagement phase at the end
        and purchases, counting one from before the run for past customers.
    crisis_minute
        When the score first fell below ``crisis_below`` (NaN: never).
    critic_complaints
        Complaints posted by critics on their own (not tied to a question).
    benchmark_revenue
        What the customers who would ask at the baseline reputation would
        have brought had each been answered at once, at that reputation, on
        their own dice (questions arriving after the warm-up; currency). It
        does not depend on staffing, so ``benchmark - revenue`` (the
        shortfall) moves by exactly minus any change in revenue.
    """

    per_question: pd.DataFrame
    reputation: pd.Series
    audience: pd.DataFrame
    contacts: pd.DataFrame
    crisis_minute: float
    critic_complaints: int
    benchmark_revenue: float


class OutcomeModel:
    """The hourly outcome process that runs beside the SimPy inbox.

    It receives the questions, their leads and the critics' posts from
    :mod:`simlib.model.draws` and draws nothing itself. The engine calls
    :meth:`attach` with live views of its arrays, reads :attr:`rate_factor`
    to thin arrivals, calls :meth:`tick` every :data:`TICK_MINUTES` and once
    at the horizon, then :meth:`outcomes`.
    """

    tick_minutes = TICK_MINUTES

    def __init__(self, scenario: Scenario, questions: Questions, leads: Leads, critic_posts: CriticPosts) -> None:
        assert scenario.business is not None
        self.business = business = scenario.business
        self.rules = business.reputation
        self.warmup = scenario.warmup_minutes
        self.leads = leads
        self.critic_posts = critic_posts
        self.max_rate_factor = max_arrival_factor(business)
        self.rate_factor = 1.0
        visibility = self.rules.visibility
        self.visibility = np.array([visibility.get(c, 1.0) for c in scenario.channels])[questions.channel]
        self.candidate_arrival = questions.arrival
        self.arrival_list = questions.arrival.tolist()  # for bisect: faster than numpy on one number
        self.patience = questions.patience
        self.deadline = questions.arrival + questions.patience
        self.rushed = questions.handling < business.quality.thorough_minutes
        self._roll_dice()
        n = len(questions)
        self.memory = PublicMemory(self.rules)
        self.score = self.memory.score
        self.audience = business.audience.counts()
        self.creators_at_start = self.audience[INFLUENCE]
        self.anonymous_critics = self.audience[CRITIC]  # critics at the start, not in the CRM
        self.last_tick = 0.0
        self.times, self.scores, self.mixes = [0.0], [self.score], [self.audience.copy()]
        self.crisis_minute = math.nan
        self.critic_complaints = 0
        self.next_candidate = 0
        self.pending = np.empty(0, dtype=np.int64)
        self.complained_unanswered = np.empty(0, dtype=np.int64)  # may still get a late public reply
        self.score_at_arrival = np.full(n, np.nan)
        self.factor_at_arrival = np.zeros(n)  # source factor x reputation factor when asked
        self.settled_at = np.full(n, np.nan)  # the tick that settled each question
        self.complaint_points = np.zeros(n)
        self.in_time, self.engaged, self.bought, self.praise, self.won_back = (
            np.zeros(n, dtype=bool) for _ in range(5))
        self.flags = np.zeros(n, dtype=np.uint8)  # BIT_REPEAT | BIT_COMPLAINT | ..., once settled
        self.revenue = np.zeros(n)
        self.book = ContactBook(business, leads, self.audience)

    def _roll_dice(self) -> None:
        """Read each question's dice against the fixed probabilities once, for all questions.

        What stays open until the run is the delay (engagement, premium,
        praise) and the reputation when the question is asked (buying, via its
        factor). Everything else depends only on whether the reply came in
        time, so it is worked out here both ways (``*_in_time`` / ``*_late``)
        and each hourly step just picks one.
        """
        leads, business = self.leads, self.business
        rules, audience, quality = self.rules, business.audience, business.quality
        after = business.after_sale
        self.pre_sale = leads.kind == PRE_SALE
        self.source_factor = business.sources.factors()[leads.source]
        self.disappoints = leads.u_quality < np.where(
            self.rushed, quality.disappoint_if_rushed, quality.disappoint_if_thorough)
        complains_if_ignored = leads.u_complaint < rules.complaint_if_ignored
        self.won_back_if_answered_late = leads.u_complaint < rules.complaint_if_ignored * rules.late_reply_repairs
        promotes_if_ignored = leads.u_promotion < audience.promote_if_ignored
        turns_critic = leads.u_critic < audience.critic_if_ignored
        switch_die = np.where(self.pre_sale, leads.u_purchase, leads.u_repeat)
        self.switches_if_ignored = switch_die >= 1 - business.switch_if_ignored
        # Late means ignored. In time means a good reply, or a disappointing one (then mostly as if ignored).
        disappoints = self.disappoints
        complains_if_disappointed = leads.u_complaint < rules.complaint_if_disappointed
        repeats_if_answered = leads.u_repeat < np.where(disappoints, after.repeat_if_ignored, after.repeat_if_answered)
        after_sale = ~self.pre_sale
        self.if_late = _flags(repeat=after_sale & (leads.u_repeat < after.repeat_if_ignored),
                              complaint=complains_if_ignored, promoted=promotes_if_ignored, critic=turns_critic)
        self.if_in_time = _flags(repeat=after_sale & repeats_if_answered,
                                 complaint=disappoints & complains_if_disappointed,
                                 promoted=np.where(disappoints, promotes_if_ignored,
                                                   leads.u_promotion < audience.promote_if_answered),
                                 critic=disappoints & turns_critic,
                                 praise=~disappoints & (leads.u_praise < rules.praise_if_fast))
        self.complaint_weight = rules.points_per_complaint * self.visibility
        days = np.inf if audience.critic_days is None else -audience.critic_days * np.log1p(-leads.u_fade)
        self.critic_minutes = np.broadcast_to(days * 1440.0, leads.u_fade.shape)

    def attach(self, reply_start: np.ndarray, accepted: np.ndarray) -> None:
        """Live views of the engine's reply starts (NaN: none yet) and accepted flags."""
        self.reply_start = reply_start
        self.accepted = accepted

    # --- the hourly step ---------------------------------------------------

    def tick(self, now: float) -> None:
        """Settle what happened since the last tick and update reputation and audience.

        Most hours of a small business see no question at all: the checks on
        sizes skip the array work then.
        """
        pending = self.pending
        start, end = self.next_candidate, bisect.bisect_left(self.arrival_list, now, self.next_candidate)
        if end > start:
            self.next_candidate = end
            arrived = start + np.flatnonzero(self.accepted[start:end])
            if arrived.size:
                self.score_at_arrival[arrived] = self.score
                # the same numbers as the factor of each arrival on its own (a one-element array, as numpy
                # computes powers of arrays, not of scalars)
                reputation = self.rules.factor(np.array([self.score]), self.rules.conversion_elasticity)[0]
                self.factor_at_arrival[arrived] = self.source_factor[arrived] * reputation
                self.book.arrive(arrived)
                pending = np.concatenate([pending, arrived])
        self.memory.fade(now - self.last_tick)
        if pending.size:
            done = np.fmin(self.reply_start[pending], self.deadline[pending]) <= now
            if done.any():
                self._settle(pending[done], now)
                pending = pending[~done]
        self.pending = pending
        if self.complained_unanswered.size:
            self._win_back_late(now)
        self.book.fade_critics(now)
        self._critics_post(now)
        self.last_tick = now
        self.score = self.memory.score
        if self.score < self.rules.crisis_below and math.isnan(self.crisis_minute):
            self.crisis_minute = now
        self.times.append(now)
        self.scores.append(self.score)
        self.mixes.append(self.audience.copy())
        self._update_rate_factor()

    def _factor(self, q: np.ndarray) -> np.ndarray:
        """Source factor times the reputation factor when the question was asked."""
        return self.source_factor[q] * self.rules.factor(self.score_at_arrival[q], self.rules.conversion_elasticity)

    def _settle(self, q: np.ndarray, now: float) -> None:
        """Decide what settled questions change now: purchases, the ladder, critics, the public's memory.

        Only what the next hours depend on is worked out here; the rest of
        each question's record is filled in by :meth:`_record` at the end.
        """
        business, leads, rules = self.business, self.leads, self.rules
        reply_start = self.reply_start[q]
        in_time = reply_start <= self.deadline[q]
        delay = np.where(in_time, reply_start - self.candidate_arrival[q], 0.0)
        engaged_chance, without_chance = buying_chances(business, self.factor_at_arrival[q])
        pre = self.pre_sale[q]
        engaged = pre & in_time & (leads.u_engagement[q] < business.conversion.engaged(delay))
        bought = pre & (leads.u_purchase[q] < np.where(engaged, engaged_chance, without_chance))
        flags = np.where(in_time, self.if_in_time[q], self.if_late[q])
        complaint = (flags & BIT_COMPLAINT).astype(bool)
        praise = (flags & BIT_PRAISE).astype(bool) & (delay <= rules.fast_minutes)
        waiting = q[complaint & ~in_time]
        if waiting.size:
            self.complained_unanswered = np.concatenate([self.complained_unanswered, waiting])
        self.in_time[q], self.engaged[q], self.bought[q], self.praise[q], self.flags[q] = (
            in_time, engaged, bought, praise, flags)
        self.book.move(q, bought, flags, now + self.critic_minutes[q])
        self.settled_at[q] = now
        if complaint.any():  # (nothing to add otherwise: the points start at 0 and a question settles once)
            self.complaint_points[q] = points = self.complaint_weight[q] * complaint
            self.memory.negative += points.sum()
        if praise.any():
            self.memory.positive += rules.points_per_praise * self.visibility[q][praise].sum()

    def _record(self) -> dict[str, np.ndarray]:
        """Every question's record of what happened (False where not settled), and its revenue.

        A settled question's reply start no longer changes whether it was in
        time or its delay (a late public reply stays late), so they are the
        same now as when it was settled.
        """
        settled = ~np.isnan(self.settled_at)
        in_time, flags = self.in_time, self.flags
        q = np.flatnonzero(settled)
        delay = np.where(in_time[q], self.reply_start[q] - self.candidate_arrival[q], 0.0)
        good = in_time[q] & ~self.disappoints[q]
        repeat = (flags & BIT_REPEAT).astype(bool)
        self.revenue[q] = self.leads.ticket[q] * (self.bought[q] | repeat[q]) * (
            1 + premium(self.business, delay) * good)
        return {"answered_in_time": in_time, "rushed": self.rushed & settled,
                "disappointed": in_time & self.disappoints, "engaged": self.engaged, "bought": self.bought,
                "switched": settled & ~in_time & self.switches_if_ignored, "repeat_purchase": repeat,
                "complaint": (flags & BIT_COMPLAINT).astype(bool), "praise": self.praise,
                "promoted": (flags & BIT_PROMOTED).astype(bool), "became_critic": (flags & BIT_CRITIC).astype(bool),
                "won_back": self.won_back}

    def _win_back_late(self, now: float) -> None:
        """Complainers whose question got a public reply late after all: some are won back."""
        waiting = self.complained_unanswered
        replied = self.reply_start[waiting] <= now
        if not replied.any():
            return
        self.complained_unanswered = waiting[~replied]
        won = waiting[replied & self.won_back_if_answered_late[waiting]]
        if not won.size:
            return
        self.won_back[won] = True
        self.memory.negative = max(0.0, self.memory.negative - self.memory.remaining(
            self.complaint_points[won], self.settled_at[won], now))
        self.book.win_back(won)

    def _critics_post(self, now: float) -> None:
        """Critics' own complaints since the last tick, and the anonymous critics' anger fading."""
        rules, audience = self.rules, self.business.audience
        elapsed = now - self.last_tick
        if self.anonymous_critics > 0 and audience.critic_days is not None:
            calmer = math.floor(self.anonymous_critics * -math.expm1(-elapsed / (audience.critic_days * 1440)) + 0.5)
            self.anonymous_critics -= calmer
            self.audience[CRITIC] -= calmer
            self.audience[CONNECTION] += calmer
        critics = self.audience[CRITIC]
        if critics > 0 and rules.critic_complaints_per_day > 0:
            posts = self.critic_posts.count(critics * rules.critic_complaints_per_day * elapsed / 1440)
            self.critic_complaints += posts
            self.memory.negative += posts * rules.points_per_complaint

    def _update_rate_factor(self) -> None:
        rules, audience = self.rules, self.business.audience
        if not rules.feedback:
            return
        creators = 1.0
        if self.creators_at_start > 0:
            creators = min((self.audience[INFLUENCE] / self.creators_at_start) ** audience.referral_elasticity,
                           audience.max_referral_factor)
        share = referral_share(self.business)
        factor = rules.factor(self.score, rules.arrival_elasticity) * (1 - share + share * creators)
        self.rate_factor = min(factor, self.max_rate_factor)

    # --- results -------------------------------------------------------------

    def outcomes(self, accepted: np.ndarray | slice, asked_at_baseline: np.ndarray) -> Outcomes:
        """Collect the results for the accepted questions (indices into the candidates, or all).

        ``asked_at_baseline`` flags the candidates that would have asked at
        the baseline reputation (all of them without feedback): the
        customers of :attr:`Outcomes.benchmark_revenue`.
        """
        columns = self._record()
        leads, business = self.leads, self.business
        at_once = np.zeros(len(self.revenue))
        cost = np.zeros(len(self.revenue))
        asked = np.flatnonzero(~np.isnan(self.score_at_arrival))
        if asked.size:
            args = (business, leads.kind[asked], leads.ticket[asked], self._factor(asked), self.disappoints[asked])
            at_once[asked] = value_at_once(*args, leads.u_purchase[asked], leads.u_repeat[asked])
            delay = self.reply_start[asked] - self.candidate_arrival[asked]
            replied = ~np.isnan(delay)
            delay = np.where(replied, delay, 0.0)
            patience = self.patience[asked]
            cost[asked] = replied * (expected_value(*args, patience, delay)
                                     - expected_value(*args, patience, delay + 1.0))
        counted = asked_at_baseline & (self.candidate_arrival >= self.warmup)
        benchmark = value_at_once(business, leads.kind[counted], leads.ticket[counted],
                                  self.source_factor[counted], self.disappoints[counted],
                                  leads.u_purchase[counted], leads.u_repeat[counted]).sum()
        per_question = pd.DataFrame({
            "kind": pd.Categorical.from_codes(leads.kind[accepted], KINDS),
            "source": pd.Categorical.from_codes(leads.source[accepted], SOURCES),
            "contact": self.book.contact[accepted],
            "ticket": leads.ticket[accepted],
            "lead_score": lead_score(business, leads.kind, leads.source)[accepted],
            **{name: values[accepted] for name, values in columns.items()},
            "revenue": self.revenue[accepted],
            "revenue_at_once": at_once[accepted],
            "delay_cost_per_minute": cost[accepted],
        })
        per_question["revenue_lost"] = per_question["revenue_at_once"] - per_question["revenue"]
        index = pd.Index(self.times, name="minute")
        audience = pd.DataFrame(np.array(self.mixes), index=index, columns=list(PHASES))
        return Outcomes(per_question, pd.Series(self.scores, index=index, name="reputation"), audience,
                        self.book.table(), self.crisis_minute, self.critic_complaints, float(benchmark))
