"""What a question is as a lead: its kind, and what answering it at once is worth.

The random side of a lead (kind, source, ticket, its dice) is drawn in
:mod:`simlib.model.draws`; this module holds the rules that need no dice.
"""

from __future__ import annotations

import numpy as np

from simlib.model.business import Business

PRE_SALE, AFTER_SALE = 0, 1
KINDS = ("pre_sale", "after_sale")


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
