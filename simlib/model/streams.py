"""Random streams: one independent generator per random quantity.

Stream ``name`` of replication ``k`` under seed ``s`` is always the same,
whatever else the scenario says. So two scenarios run with the same seed see
the same questions arrive at the same moments with the same needs (common
random numbers), and only what you changed differs.
"""

from __future__ import annotations

import numpy as np

# Append new quantities at the end: the index is part of each stream's identity.
STREAMS = (
    "arrivals", "channel", "handling", "patience",
    # business outcomes (simlib.model.leads)
    "kind", "source", "contact", "ticket", "purchase", "quality", "complaint", "praise",
    "promotion", "critic", "repeat", "acceptance", "critic_posts",
)


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
