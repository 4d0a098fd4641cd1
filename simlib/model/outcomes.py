"""Business outcomes, computed hour by hour while the inbox is simulated.

Every ``TICK_MINUTES`` the model looks at the questions that arrived or were
settled since the last tick. A question is settled when its reply starts
before the customer gives up (answered in time), or when the customer gives
up (ignored). For each, its own dice decide (see :mod:`simlib.model.leads`):

- a pre-sale lead buys with the conversion curve at its reply delay, times
  its source's factor and the reputation factor; an ignored lead buys nothing;
- an after-sale customer buys again with ``repeat_if_answered`` after a good
  answer, ``repeat_if_ignored`` otherwise;
- a rushed reply may disappoint; ignored or disappointed customers may
  complain in public and may turn critic; a fast, good reply may earn praise
  and move its author up the engagement ladder.

Reputation then moves (complaints down, praise up, drift back to baseline,
critics' own complaints), the audience mix is recorded, and, with
``reputation.feedback``, the next hour's arrival rate follows reputation and
the number of creators (referrals). Revenue lost to delay compares each
question with the same question answered at once, on the same dice.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from simlib.model.business import PHASES, SOURCES, Business
from simlib.model.draws import CriticPosts, Leads, Questions
from simlib.model.leads import KINDS, PRE_SALE, lead_score
from simlib.model.scenario import Scenario

TICK_MINUTES = 60.0
CONNECTION, INTERACTION, PARTICIPATION, INFLUENCE, CRITIC = range(len(PHASES))
RETURNING = SOURCES.index("returning")


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


def buys_if_answered_at(business: Business, leads: Leads, patience: np.ndarray, delay: float) -> np.ndarray:
    """Whether each pre-sale lead would buy if its reply started ``delay`` minutes after it asked.

    The rule of :meth:`OutcomeModel._settle` at the baseline reputation, on
    each lead's own dice: the customer must still be waiting
    (``delay <= patience``) and the purchase die must fall under the
    conversion curve times the source factor. After-sale questions: False.
    For audits at chosen delays (:mod:`simlib.experiments.calibration_runs`).
    """
    p = np.minimum(business.conversion.probability(delay) * business.sources.factors()[leads.source], 1.0)
    return (leads.kind == PRE_SALE) & (delay <= patience) & (leads.u_purchase < p)


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
    """

    per_question: pd.DataFrame
    reputation: pd.Series
    audience: pd.DataFrame
    contacts: pd.DataFrame
    crisis_minute: float
    critic_complaints: int


class OutcomeModel:
    """The hourly outcome process that runs beside the SimPy inbox.

    It receives the questions, their leads and the critics' posts from
    :mod:`simlib.model.draws` and draws nothing itself.
    The engine calls :meth:`attach` with live views of its arrays, reads
    :attr:`rate_factor` to thin arrivals, calls :meth:`tick` every
    :data:`TICK_MINUTES` and once at the horizon, then :meth:`outcomes`.
    """

    tick_minutes = TICK_MINUTES

    def __init__(self, scenario: Scenario, questions: Questions, leads: Leads, critic_posts: CriticPosts) -> None:
        assert scenario.business is not None
        self.business = business = scenario.business
        self.reputation_rules = business.reputation
        self.leads = leads
        self.critic_posts = critic_posts
        self.max_rate_factor = max_arrival_factor(business)
        self.rate_factor = 1.0
        visibility = business.reputation.visibility
        self.visibility = np.array([visibility.get(c, 1.0) for c in scenario.channels])[questions.channel]
        self.candidate_arrival = questions.arrival
        self.deadline = questions.arrival + questions.patience
        self.rushed = questions.handling < business.quality.thorough_minutes
        self._roll_dice()
        n = len(questions)
        self.score = business.reputation.baseline
        self.audience = business.audience.counts()
        self.creators_at_start = self.audience[INFLUENCE]
        self.last_tick = 0.0
        self.times, self.scores, self.mixes = [0.0], [self.score], [self.audience.copy()]
        self.crisis_minute = math.nan
        self.critic_complaints = 0
        self.next_candidate = 0
        self.pending = np.empty(0, dtype=np.int64)
        self.complained_unanswered = np.empty(0, dtype=np.int64)  # may still get a late public reply
        self.score_at_arrival = np.full(n, np.nan)
        self.contact = np.full(n, -1, dtype=np.int64)
        self.columns = {name: np.zeros(n, dtype=bool) for name in (
            "answered_in_time", "rushed", "disappointed", "bought", "repeat_purchase",
            "complaint", "praise", "promoted", "became_critic", "repaired_late")}
        self.revenue = np.zeros(n)
        self.revenue_at_once = np.zeros(n)
        # the CRM: one entry per person who asked
        self.phase: list[int] = []
        self.purchases: list[int] = []  # including one from before the run, for past customers
        self.customers = np.empty(n, dtype=np.int64)  # the first known_customers: who has bought, in order
        self.known_customers = 0

    def _roll_dice(self) -> None:
        """Read each question's dice against the fixed probabilities once, for all questions.

        What stays open until the run is the delay (for buying) and the
        reputation when the question is asked (for buying, via its factor).
        """
        leads, business = self.leads, self.business
        rules, after, audience, quality = business.reputation, business.after_sale, business.audience, business.quality
        self.pre_sale = leads.kind == PRE_SALE
        self.returning = ~self.pre_sale | (leads.source == RETURNING)
        self.source_factor = business.sources.factors()[leads.source]
        self.disappoints = leads.u_quality < np.where(
            self.rushed, quality.disappoint_if_rushed, quality.disappoint_if_thorough)
        self.repeats_if_answered = ~self.pre_sale & (leads.u_repeat < after.repeat_if_answered)
        self.repeats_if_ignored = ~self.pre_sale & (leads.u_repeat < after.repeat_if_ignored)
        self.complains_if_ignored = leads.u_complaint < rules.complaint_if_ignored
        self.complains_if_disappointed = leads.u_complaint < rules.complaint_if_disappointed
        self.praises_if_fast = leads.u_praise < rules.praise_if_fast
        self.promotes_if_answered = leads.u_promotion < audience.promote_if_answered
        self.turns_critic_if_ignored = leads.u_critic < audience.critic_if_ignored

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
        end = int(np.searchsorted(self.candidate_arrival, now, side="left"))
        if end > self.next_candidate:
            arrived = np.arange(self.next_candidate, end)
            self.next_candidate = end
            arrived = arrived[self.accepted[arrived] == 1]
            if arrived.size:
                self._arrive(arrived)
                pending = np.concatenate([pending, arrived])
        change = 0.0
        if pending.size:
            done = np.fmin(self.reply_start[pending], self.deadline[pending]) <= now
            if done.any():
                change += self._settle(pending[done])
                pending = pending[~done]
        self.pending = pending
        if self.complained_unanswered.size:
            change += self._repair_late_replies(now)
        self._update_reputation(now, change)
        self.times.append(now)
        self.scores.append(self.score)
        self.mixes.append(self.audience.copy())
        self._update_rate_factor()

    def _arrive(self, questions: np.ndarray) -> None:
        """Give each new question its asker: a past customer for returning ones, else a new contact.

        A returning question picks one of the customers known so far (its
        ``u_contact`` die); while there are none, the first returning asker
        becomes the first customer. Each new contact moves one follower from
        connection to interaction (or joins the audience if none is left).
        """
        self.score_at_arrival[questions] = self.score
        returning = self.returning[questions]
        new = ~returning
        if self.known_customers == 0 and returning.any():
            first = int(np.argmax(returning))
            new[first] = True
            self._add_customer(len(self.phase) + int(new[:first].sum()))
        reused = ~new
        if reused.any():
            picks = (self.leads.u_contact[questions[reused]] * self.known_customers).astype(np.int64)
            self.contact[questions[reused]] = self.customers[picks]
        arrivals = int(new.sum())
        self.contact[questions[new]] = np.arange(len(self.phase), len(self.phase) + arrivals)
        self.phase.extend([INTERACTION] * arrivals)  # asking starts a conversation
        self.purchases.extend(returning[new].astype(int).tolist())  # a past customer from before the run
        followers = self.audience[CONNECTION]
        self.audience[CONNECTION] = followers - min(arrivals, max(0, math.floor(followers)))
        talking = float(self.audience[INTERACTION])
        for _ in range(arrivals):  # one at a time, as the float sums always were
            talking += 1
        self.audience[INTERACTION] = talking

    def _add_customer(self, contact: int) -> None:
        """Record a contact's first purchase (there are never more customers than questions)."""
        self.customers[self.known_customers] = contact
        self.known_customers += 1

    def _buying_factor(self, q: np.ndarray) -> np.ndarray:
        """Source factor times the reputation factor when the question was asked."""
        rules = self.reputation_rules
        return self.source_factor[q] * rules.factor(self.score_at_arrival[q], rules.conversion_elasticity)

    def _value_if_answered_at_once(self, q: np.ndarray) -> np.ndarray:
        """The revenue of each question had its reply started the moment it arrived (same dice)."""
        business, leads = self.business, self.leads
        bought = self.pre_sale[q] & (
            leads.u_purchase[q] < np.minimum(business.conversion.at_once * self._buying_factor(q), 1.0))
        repeat = np.where(self.disappoints[q], self.repeats_if_ignored[q], self.repeats_if_answered[q])
        return leads.ticket[q] * (bought | repeat)

    def _settle(self, q: np.ndarray) -> float:
        """Decide the outcome of settled questions; return the reputation change (points)."""
        business, leads, rules = self.business, self.leads, self.reputation_rules
        reply_start = self.reply_start[q]
        in_time = reply_start <= self.deadline[q]
        delay = np.where(in_time, reply_start - self.candidate_arrival[q], 0.0)
        disappointed = in_time & self.disappoints[q]
        good = in_time & ~disappointed
        ignored = ~in_time
        # pre-sale: the lead's purchase die against the curve at its delay
        p_now = np.minimum(business.conversion.probability(delay) * self._buying_factor(q), 1.0)
        bought = self.pre_sale[q] & in_time & (leads.u_purchase[q] < p_now)
        # after-sale: a good answer brings the customer back
        repeat = np.where(good, self.repeats_if_answered[q], self.repeats_if_ignored[q])
        self.revenue[q] = leads.ticket[q] * (bought | repeat)
        # what the public sees
        complaint = (ignored & self.complains_if_ignored[q]) | (disappointed & self.complains_if_disappointed[q])
        praise = good & (delay <= rules.fast_minutes) & self.praises_if_fast[q]
        promoted = good & self.promotes_if_answered[q]
        critic = (ignored | disappointed) & self.turns_critic_if_ignored[q]
        unanswered_complaints = q[complaint & ignored]
        if unanswered_complaints.size:
            self.complained_unanswered = np.concatenate([self.complained_unanswered, unanswered_complaints])
        for name, value in (("answered_in_time", in_time), ("rushed", self.rushed[q]),
                            ("disappointed", disappointed), ("bought", bought), ("repeat_purchase", repeat),
                            ("complaint", complaint), ("praise", praise), ("promoted", promoted),
                            ("became_critic", critic)):
            self.columns[name][q] = value
        self._move_contacts(q, bought | repeat, promoted, critic)
        visibility = self.visibility[q]
        return float(rules.points_per_praise * visibility[praise].sum()
                     - rules.points_per_complaint * visibility[complaint].sum())

    def _repair_late_replies(self, now: float) -> float:
        """Points won back by complaints whose question got a public reply late after all."""
        waiting = self.complained_unanswered
        repaired = self.reply_start[waiting] <= now
        self.complained_unanswered = waiting[~repaired]
        self.columns["repaired_late"][waiting[repaired]] = True
        rules = self.reputation_rules
        return float(rules.late_reply_repairs * rules.points_per_complaint * self.visibility[waiting[repaired]].sum())

    def _move_contacts(self, q: np.ndarray, purchase: np.ndarray, promoted: np.ndarray, critic: np.ndarray) -> None:
        moved = purchase | promoted | critic  # everyone else stays where they were
        if not moved.any():
            return
        for contact, buys, up, down in zip(self.contact[q[moved]].tolist(), purchase[moved].tolist(),
                                           promoted[moved].tolist(), critic[moved].tolist()):
            if buys:
                self.purchases[contact] += 1
                if self.purchases[contact] == 1:
                    self._add_customer(contact)
            old = self.phase[contact]
            if down:
                new = CRITIC
            elif up:
                new = INTERACTION if old == CRITIC else min(old + 1, INFLUENCE)
            else:
                continue
            self.phase[contact] = new
            self.audience[old] -= 1
            self.audience[new] += 1

    def _update_reputation(self, now: float, change: float) -> None:
        rules = self.reputation_rules
        elapsed = now - self.last_tick
        self.last_tick = now
        posts = 0
        critics = self.audience[CRITIC]
        if critics > 0 and rules.critic_complaints_per_day > 0:
            posts = self.critic_posts.count(critics * rules.critic_complaints_per_day * elapsed / 1440)
        self.critic_complaints += posts
        drift = math.exp(-elapsed / (rules.recovery_days * 1440))
        score = rules.baseline + (self.score - rules.baseline) * drift + change - posts * rules.points_per_complaint
        self.score = min(max(score, 0.0), 100.0)
        if self.score < rules.crisis_below and math.isnan(self.crisis_minute):
            self.crisis_minute = now

    def _update_rate_factor(self) -> None:
        rules, audience = self.reputation_rules, self.business.audience
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

    def outcomes(self, accepted: np.ndarray | slice) -> Outcomes:
        """Collect the results for the accepted questions (indices into the candidates, or all)."""
        leads = self.leads
        asked = np.flatnonzero(~np.isnan(self.score_at_arrival))
        self.revenue_at_once[asked] = self._value_if_answered_at_once(asked)
        per_question = pd.DataFrame({
            "kind": pd.Categorical.from_codes(leads.kind[accepted], KINDS),
            "source": pd.Categorical.from_codes(leads.source[accepted], SOURCES),
            "contact": self.contact[accepted],
            "ticket": leads.ticket[accepted],
            "lead_score": lead_score(self.business, leads.kind, leads.source)[accepted],
            **{name: values[accepted] for name, values in self.columns.items()},
            "revenue": self.revenue[accepted],
            "revenue_at_once": self.revenue_at_once[accepted],
        })
        per_question["revenue_lost"] = per_question["revenue_at_once"] - per_question["revenue"]
        index = pd.Index(self.times, name="minute")
        audience = pd.DataFrame(np.array(self.mixes), index=index, columns=list(PHASES))
        contacts = pd.DataFrame({
            "phase": pd.Categorical.from_codes(np.array(self.phase, dtype=np.int8), PHASES),
            "purchases": np.array(self.purchases, dtype=np.int64),
        }, index=pd.RangeIndex(len(self.phase), name="contact"))
        return Outcomes(per_question, pd.Series(self.scores, index=index, name="reputation"), audience,
                        contacts, self.crisis_minute, self.critic_complaints)
