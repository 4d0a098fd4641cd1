"""Everything random about the questions, drawn before the simulation starts.

Drawing up front, one stream per quantity, keeps the SimPy model fast and
makes question *i* identical in every scenario that shares a seed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simlib.model.calendar import cumulative_intensity
from simlib.model.scenario import Scenario
from simlib.model.streams import stream


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
    """Poisson arrival times (minutes) following the scenario's weekly profile.

    A unit-rate Poisson process is stretched through the expected-count curve
    (time change), so a busier profile adds questions without moving the
    others much. ``rate_factor`` multiplies every rate (candidates for thinning).
    """
    times, expected = cumulative_intensity(scenario.arrivals, scenario.horizon_minutes)
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

    With ``rate_factor`` above 1 these are candidates: the engine thins them
    to the rate that feedback allows at each moment.
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
