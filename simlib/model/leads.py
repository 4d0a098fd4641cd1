"""What a question is worth: the rules that need no dice.

The random side of a question (kind, source, ticket, its dice) is drawn in
:mod:`simlib.model.draws`. Here: the purchase thresholds its dice are
compared with, what it would be worth answered at once (the ``value`` queue
discipline and the staffing-independent benchmark), and its expected value
at any reply delay (the cost of one more minute of waiting).
"""

from __future__ import annotations

import numpy as np

from simlib.model.business import Business

PRE_SALE, AFTER_SALE = 0, 1
KINDS = ("pre_sale", "after_sale")


def buying_chances(business: Business, factor: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Chance of buying for an engaged lead, and for one without a conversation, per question.

    ``factor`` is the source factor times the reputation factor. The second
    is capped so that a customer who switched (the top of the same die)
    never buys.
    """
    engaged = np.minimum(business.conversion.at_once * factor, 1.0)
    without = np.minimum(business.buy_without_reply * factor, 1.0 - business.switch_if_ignored)
    return engaged, np.minimum(without, engaged)


def premium(business: Business, delay: np.ndarray | float) -> np.ndarray:
    """Extra spend (share of the ticket) on a purchase after a good reply ``delay`` minutes late."""
    curve = business.reply_premium
    return np.zeros_like(np.asarray(delay, dtype=float)) if curve is None else curve.probability(delay)


def lead_score(business: Business, kind: np.ndarray, source: np.ndarray) -> np.ndarray:
    """Expected value of answering each question at once (currency).

    ``kind`` holds 0 (pre-sale) or 1 (after-sale) and ``source`` indexes
    :data:`simlib.model.business.SOURCES`, one per question. A pre-sale lead
    is worth its chance of buying when answered immediately times the mean
    ticket; an after-sale question is worth the extra chance of a repeat
    purchase that a good answer brings. Used by the ``value`` queue
    discipline ("answer the valuable leads first").
    """
    mean_ticket = business.ticket.mean
    source_factor = business.sources.factors()[source]
    pre_sale = np.minimum(business.conversion.at_once * source_factor, 1.0) * mean_ticket
    after = business.after_sale
    after_sale = max(after.repeat_if_answered - after.repeat_if_ignored, 0.0) * mean_ticket
    return np.where(kind == PRE_SALE, pre_sale, after_sale)


def value_at_once(business: Business, kind: np.ndarray, ticket: np.ndarray, factor: np.ndarray,
                  disappoints: np.ndarray, u_purchase: np.ndarray, u_repeat: np.ndarray) -> np.ndarray:
    """Revenue of each question had its reply started the moment it arrived, on its own dice (currency).

    At once every lead is still engaged; ``factor`` is its source factor
    times the reputation factor to use (1 at the baseline reputation).
    """
    engaged, _ = buying_chances(business, factor)
    after = business.after_sale
    bought = np.where(kind == PRE_SALE, u_purchase < engaged,
                      u_repeat < np.where(disappoints, after.repeat_if_ignored, after.repeat_if_answered))
    return ticket * bought * (1 + premium(business, 0.0) * ~disappoints)


def expected_value(business: Business, kind: np.ndarray, ticket: np.ndarray, factor: np.ndarray,
                   disappoints: np.ndarray, patience: np.ndarray, delay: np.ndarray) -> np.ndarray:
    """Expected revenue of each question if its reply started ``delay`` minutes after it arrived (currency).

    Expected over its engagement and purchase dice, given its patience: a
    reply after the customer gave up is no reply. The difference at
    ``delay`` and ``delay + 1`` is what one more minute of waiting costs.
    """
    in_time = delay <= patience
    engaged, without = buying_chances(business, factor)
    good = in_time & ~disappoints
    lift = 1 + premium(business, delay) * good
    chance_engaged = business.conversion.engaged(delay)
    after = business.after_sale
    pre_sale = np.where(in_time, (chance_engaged * engaged + (1 - chance_engaged) * without) * lift, without)
    after_sale = np.where(good, after.repeat_if_answered * lift, after.repeat_if_ignored)
    return ticket * np.where(kind == PRE_SALE, pre_sale, after_sale)
