"""The CRM as a run goes: who asked, their engagement phase, their purchases, critics' anger.

:class:`ContactBook` is kept by :class:`simlib.model.outcomes.OutcomeModel`,
which tells it who arrived and what each settled question changed (as the
``BIT_*`` flags below).
"""

from __future__ import annotations

import heapq
import math

import numpy as np
import pandas as pd

from simlib.model.business import PHASES, SOURCES, Business
from simlib.model.draws import Leads
from simlib.model.leads import PRE_SALE

CONNECTION, INTERACTION, PARTICIPATION, INFLUENCE, CRITIC = range(len(PHASES))
RETURNING = SOURCES.index("returning")
BIT_REPEAT, BIT_COMPLAINT, BIT_PROMOTED, BIT_CRITIC, BIT_PRAISE = 1, 2, 4, 8, 16
"""Bits of a settled question's flags: what happened, given whether it was answered in time."""


class ContactBook:
    """The CRM as the run goes: who asked, their engagement phase, their purchases, and critics' anger.

    A returning question (after-sale, or a lead from a past customer) comes
    from one of ``past_customer_share x followers`` customers from before the
    run, or from a customer won during it, chosen by its ``u_contact`` die;
    any other question from a new contact. Each new contact moves one
    follower who never asked from connection to interaction (or joins the
    audience); a critic whose anger fades goes back to connection.
    """

    def __init__(self, business: Business, leads: Leads, audience: np.ndarray) -> None:
        self.audience = audience  # shared with the outcome model
        self.lurkers = float(audience[CONNECTION])  # followers at the start who never asked
        self.leads = leads
        self.returning = (leads.kind != PRE_SALE) | (leads.source == RETURNING)
        audience_rules = business.audience
        self.past_customers = max(1, round(audience_rules.past_customer_share * audience_rules.followers))
        self.contact = np.full(len(leads.kind), -1, dtype=np.int64)
        self.phase: list[int] = []
        self.purchases: list[int] = []  # including one from before the run, for past customers
        self.slots: dict[int, int] = {}  # past customer number -> contact
        self.won: list[int] = []  # contacts who first bought during the run
        self.critic_until: dict[int, float] = {}
        self.fading: list[tuple[float, int]] = []  # heap of (minute the anger fades, contact)

    def arrive(self, questions: np.ndarray) -> None:
        """Give each new question its asker, in order of arrival; a new asker starts in the interaction phase."""
        phase, purchases, slots, won = self.phase, self.purchases, self.slots, self.won
        past_customers = self.past_customers
        before = len(phase)
        contacts = []
        for returning, u_contact in zip(self.returning[questions].tolist(), self.leads.u_contact[questions].tolist()):
            if not returning:  # someone new
                contact = len(phase)
                phase.append(INTERACTION)  # asking starts a conversation
                purchases.append(0)
            elif (pick := int(u_contact * (past_customers + len(won)))) >= past_customers:
                contact = won[pick - past_customers]
            elif pick in slots:
                contact = slots[pick]
            else:  # a past customer asking for the first time in the run
                contact = slots[pick] = len(phase)
                phase.append(INTERACTION)
                purchases.append(1)  # bought once before the run
            contacts.append(contact)
        self.contact[questions] = contacts
        new = len(phase) - before
        lurkers = min(new, max(int(self.lurkers), 0))  # followers who never asked before; the rest are new people
        self.lurkers -= lurkers
        self.audience[CONNECTION] -= lurkers
        self.audience[INTERACTION] += new

    def _to(self, contact: int, phase: int) -> None:
        self.audience[self.phase[contact]] -= 1
        self.audience[phase] += 1
        self.phase[contact] = phase

    def move(self, q: np.ndarray, bought: np.ndarray, flags: np.ndarray, critic_until: np.ndarray) -> None:
        """Record purchases and move askers up the ladder, or out to the critics until their anger fades.

        ``flags`` are each question's :data:`BIT_REPEAT`, :data:`BIT_PROMOTED`
        and :data:`BIT_CRITIC` bits; a repeat purchase counts as a purchase.
        """
        rows = zip(self.contact[q].tolist(), bought.tolist(), flags.tolist(), critic_until.tolist())
        for contact, first_time, flag, until in rows:  # plain Python values: numpy scalars are slow here
            if first_time or flag & BIT_REPEAT:
                self.purchases[contact] += 1
                if self.purchases[contact] == 1:
                    self.won.append(contact)
            if flag & BIT_CRITIC:
                self._to(contact, CRITIC)
                self.critic_until[contact] = until
                if math.isfinite(until):
                    heapq.heappush(self.fading, (until, contact))
            elif flag & BIT_PROMOTED:
                old = self.phase[contact]
                self._to(contact, INTERACTION if old == CRITIC else min(old + 1, INFLUENCE))

    def win_back(self, questions: np.ndarray) -> None:
        """Askers won back by a late reply leave the critics."""
        for contact in self.contact[questions].tolist():
            if self.phase[contact] == CRITIC:
                self._to(contact, INTERACTION)

    def fade_critics(self, now: float) -> None:
        """Critics whose anger has faded by ``now`` go back to being quiet followers."""
        while self.fading and self.fading[0][0] <= now:
            until, contact = heapq.heappop(self.fading)
            if self.phase[contact] == CRITIC and self.critic_until.get(contact) == until:
                self._to(contact, CONNECTION)

    def table(self) -> pd.DataFrame:
        """Per contact: engagement phase at the end and purchases."""
        return pd.DataFrame({
            "phase": pd.Categorical.from_codes(np.array(self.phase, dtype=np.int8), PHASES),
            "purchases": np.array(self.purchases, dtype=np.int64),
        }, index=pd.RangeIndex(len(self.phase), name="contact"))
