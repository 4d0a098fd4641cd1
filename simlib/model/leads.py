"""What each question is, as a lead: kind, source, value and its dice, drawn up front.

Every decision about a question's outcome (does the lead buy, does the
customer complain...) compares one of its own uniform numbers with a
probability. The uniforms come from one stream per decision, so question *i*
rolls the same dice in every scenario that shares a seed: a faster reply can
only turn a lost sale into a sale, never reshuffle who buys.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simlib.model.business import SOURCES, Business
from simlib.model.streams import stream

PRE_SALE, AFTER_SALE = 0, 1
KINDS = ("pre_sale", "after_sale")


@dataclass(frozen=True)
class Leads:
    """Business attributes of each (candidate) question, in arrival order.

    ``kind`` is 0 (pre-sale) or 1 (after-sale); ``source`` indexes
    :data:`simlib.model.business.SOURCES` (always ``returning`` for after-sale); ``ticket`` is the value of a purchase
    (currency). The ``u_*`` arrays are uniform numbers in [0, 1), one per
    decision.
    """

    kind: np.ndarray
    source: np.ndarray
    ticket: np.ndarray
    u_contact: np.ndarray
    u_purchase: np.ndarray
    u_quality: np.ndarray
    u_complaint: np.ndarray
    u_praise: np.ndarray
    u_promotion: np.ndarray
    u_critic: np.ndarray
    u_repeat: np.ndarray


def draw_leads(business: Business, n: int, seed: int, replication: int = 0) -> Leads:
    """Draw the business attributes and decision dice of ``n`` questions."""

    def uniforms(name: str) -> np.ndarray:
        return stream(name, seed, replication).random(n)

    kind = (uniforms("kind") >= business.pre_sale_share).astype(np.int8)
    cumulative = np.cumsum(business.sources.shares())
    source = np.minimum(np.searchsorted(cumulative, uniforms("source"), side="right"), len(SOURCES) - 1)
    source = np.where(kind == AFTER_SALE, SOURCES.index("returning"), source)  # after-sale: a past customer
    ticket = business.ticket.quantile(uniforms("ticket"))
    return Leads(
        kind=kind,
        source=source.astype(np.int8),
        ticket=ticket,
        **{f"u_{name}": uniforms(name) for name in
           ("contact", "purchase", "quality", "complaint", "praise", "promotion", "critic", "repeat")},
    )


def lead_score(business: Business, leads: Leads) -> np.ndarray:
    """Expected value of answering each question at once (currency).

    A pre-sale lead is worth its chance of buying when answered immediately
    times the mean ticket; an after-sale question is worth the extra chance
    of a repeat purchase that a good answer brings. Used by the ``value``
    queue discipline ("answer the valuable leads first").
    """
    mean_ticket = business.ticket.mean
    source_factor = business.sources.factors()[leads.source]
    pre_sale = np.minimum(business.conversion.at_once * source_factor, 1.0) * mean_ticket
    after = business.after_sale
    after_sale = max(after.repeat_if_answered - after.repeat_if_ignored, 0.0) * mean_ticket
    return np.where(leads.kind == PRE_SALE, pre_sale, after_sale)
