"""Every random number of a replication, and nothing else.

The seed enters here and only here: each random quantity has its own
stream, spawned from ``(seed, replication, index of the quantity)``, so
stream ``name`` of replication ``k`` under seed ``s`` is always the same,
whatever else the scenario says. Two scenarios run with the same seed see
the same questions arrive at the same moments with the same needs and the
same dice (common random numbers); only what you changed differs.

Almost everything is drawn before the simulation starts (fast, and question
*i* is identical in every scenario that shares a seed). The one quantity
drawn during the run, critics' own complaints, goes through
:class:`CriticPosts`, whose stream nothing else touches.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simlib.model.business import SOURCES, Business
from simlib.model.calendar import cumulative_intensity
from simlib.model.leads import AFTER_SALE
from simlib.model.scenario import Scenario

# Append new quantities at the end: the index is part of each stream's identity.
STREAMS = (
    "arrivals", "channel", "handling", "patience",
    # business outcomes
    "kind", "source", "contact", "ticket", "purchase", "quality", "complaint", "praise",
    "promotion", "critic", "repeat", "acceptance", "critic_posts", "engagement", "fade",
)
DECISIONS = ("contact", "purchase", "quality", "complaint", "praise", "promotion", "critic", "repeat",
             "engagement", "fade")
"""The per-question dice of the outcome model: one uniform number each (see :class:`Leads`)."""


def stream(name: str, seed: int, replication: int = 0) -> np.random.Generator:
    """The generator for one random quantity of one replication.

    Parameters
    ----------
    name
        One of :data:`STREAMS`.
    seed
        The run's seed (any non-negative integer).
    replication
        Replication number, from 0.
    """
    index = STREAMS.index(name)
    sequence = np.random.SeedSequence(seed, spawn_key=(replication, index))
    return np.random.Generator(np.random.PCG64(sequence))


# --- the inbox -------------------------------------------------------------------

@dataclass(frozen=True)
class Questions:
    """The questions of one replication, in order of arrival.

    Attributes
    ----------
    arrival
        Arrival times, minutes from Monday 00:00.
    channel
        Index into the scenario's channels (in file order).
    handling
        Minutes a community manager needs to reply.
    patience
        Minutes the customer waits before giving up (``inf``: never).
    """

    arrival: np.ndarray
    channel: np.ndarray
    handling: np.ndarray
    patience: np.ndarray

    def __len__(self) -> int:
        return len(self.arrival)


def arrival_times(scenario: Scenario, rng: np.random.Generator, rate_factor: float = 1.0) -> np.ndarray:
    """Poisson arrival times (minutes) following the scenario's weekly profile and calendar.

    A unit-rate Poisson process is stretched through the expected-count curve
    (time change), so a busier profile adds questions without moving the
    others much. ``rate_factor`` multiplies every rate (candidates for thinning).
    """
    times, expected = cumulative_intensity(scenario)
    expected = expected * rate_factor
    total = expected[-1]
    if total == 0:
        return np.empty(0)
    chunk = int(total + 6 * np.sqrt(total) + 10)
    points = np.cumsum(rng.standard_exponential(chunk))
    while points[-1] < total:
        more = points[-1] + np.cumsum(rng.standard_exponential(chunk))
        points = np.concatenate([points, more])
    points = points[points < total]
    return np.interp(points, expected, times)


def draw_questions(scenario: Scenario, seed: int, replication: int = 0, rate_factor: float = 1.0) -> Questions:
    """Draw arrival, channel, handling time and patience for every question.

    With ``rate_factor`` above 1 these are candidates: the engine keeps each
    one while the arrival rate that feedback allows is above its
    :func:`draw_acceptance` threshold.
    """
    arrival = arrival_times(scenario, stream("arrivals", seed, replication), rate_factor)
    n = len(arrival)
    channels = list(scenario.channels.values())
    shares = np.cumsum([c.share for c in channels])
    channel_u = stream("channel", seed, replication).random(n)
    channel = np.minimum(np.searchsorted(shares, channel_u, side="right"), len(channels) - 1)
    handling_u = stream("handling", seed, replication).random(n)
    patience_u = stream("patience", seed, replication).random(n)
    handling = np.empty(n)
    patience = np.full(n, np.inf)
    for k, spec in enumerate(channels):
        mine = channel == k
        handling[mine] = spec.handling.quantile(handling_u[mine])
        if spec.patience is not None:
            patience[mine] = spec.patience.quantile(patience_u[mine])
    return Questions(arrival, channel.astype(np.int16), handling, patience)


def draw_acceptance(n: int, seed: int, replication: int, max_rate_factor: float) -> np.ndarray:
    """Thinning thresholds of ``n`` candidate questions, uniform on [0, ``max_rate_factor``).

    Candidate *i* is accepted when the arrival-rate factor in force when it
    arrives is above its threshold, i.e. with probability factor / maximum.
    """
    return stream("acceptance", seed, replication).random(n) * max_rate_factor


# --- the business side -------------------------------------------------------------

@dataclass(frozen=True)
class Leads:
    """Business attributes of each (candidate) question, in arrival order.

    ``kind`` is 0 (pre-sale) or 1 (after-sale); ``source`` indexes
    :data:`simlib.model.business.SOURCES` (always ``returning`` for
    after-sale); ``ticket`` is the value of a purchase (currency). The
    ``u_*`` arrays (one per name in :data:`DECISIONS`) are uniform numbers in
    [0, 1): a question's outcome compares its own number with a probability,
    so question *i* rolls the same dice in every scenario that shares a seed
    and a faster reply can only turn a lost sale into a sale, never reshuffle
    who buys.
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
    u_engagement: np.ndarray
    u_fade: np.ndarray


def draw_leads(business: Business, n: int, seed: int, replication: int = 0) -> Leads:
    """Draw the business attributes and decision dice of ``n`` questions."""

    def uniforms(name: str) -> np.ndarray:
        return stream(name, seed, replication).random(n)

    kind = (uniforms("kind") >= business.pre_sale_share).astype(np.int8)
    cumulative = np.cumsum(business.sources.shares())
    source = np.minimum(np.searchsorted(cumulative, uniforms("source"), side="right"), len(SOURCES) - 1)
    source = np.where(kind == AFTER_SALE, SOURCES.index("returning"), source)  # after-sale: a past customer
    ticket = business.ticket.quantile(uniforms("ticket"))
    return Leads(kind=kind, source=source.astype(np.int8), ticket=ticket,
                 **{f"u_{name}": uniforms(name) for name in DECISIONS})


class CriticPosts:
    """The complaints critics post on their own, drawn hour by hour during the run.

    Their count depends on how many critics there are, which the run decides,
    so it cannot be drawn up front; its own stream keeps every other draw
    unchanged whatever it is asked.
    """

    def __init__(self, seed: int, replication: int) -> None:
        self._rng = stream("critic_posts", seed, replication)

    def count(self, expected: float) -> int:
        """A Poisson number of posts with mean ``expected`` (critics x rate per day x days)."""
        return int(self._rng.poisson(expected))
