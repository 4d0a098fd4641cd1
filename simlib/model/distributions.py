"""Named probability distributions for handling time and patience (minutes).

A scenario names a distribution in TOML, for example::

    handling = { dist = "lognormal", mean = 6.0, cv = 0.8 }

Each distribution turns uniform numbers into draws by its quantile function
(inverse transform). Because question *i* always gets the same uniform number,
changing a mean from 6 to 5 minutes shortens every reply a little instead of
reshuffling them all: fair comparisons between scenarios (common random numbers).
"""

from __future__ import annotations

import math
from typing import Annotated, Literal, Union

import numpy as np
from pydantic import Field
from scipy import special

from simlib.model.base import StrictModel

LARGEST_MEAN = 1e9
"""The largest mean or fixed value: a billion minutes (1,900 years) or currency units. Above it, draws overflow."""
SMALLEST_CV = 1e-4
"""A coefficient of variation below this is a fixed time (``dist = "fixed"``); at about 1e-160 the gamma shape overflows."""

PositiveMinutes = Annotated[float, Field(gt=0, le=LARGEST_MEAN)]
CoefficientOfVariation = Annotated[float, Field(ge=SMALLEST_CV, le=10)]


class Exponential(StrictModel):
    """Memoryless: the classic call-centre assumption (Erlang C and A)."""

    dist: Literal["exponential"]
    mean: PositiveMinutes

    def quantile(self, u: np.ndarray) -> np.ndarray:
        return -self.mean * np.log1p(-u)


class Lognormal(StrictModel):
    """Right-skewed: most replies are quick, a few take very long.

    ``cv`` is the coefficient of variation (standard deviation / mean).
    """

    dist: Literal["lognormal"]
    mean: PositiveMinutes
    cv: CoefficientOfVariation

    def quantile(self, u: np.ndarray) -> np.ndarray:
        sigma = math.sqrt(math.log1p(self.cv**2))
        mu = math.log(self.mean) - sigma**2 / 2
        return np.exp(mu + sigma * special.ndtri(u))


class Gamma(StrictModel):
    """Flexible skew set by ``cv``; ``cv = 1`` is the exponential."""

    dist: Literal["gamma"]
    mean: PositiveMinutes
    cv: CoefficientOfVariation

    def quantile(self, u: np.ndarray) -> np.ndarray:
        shape = 1 / self.cv**2
        return self.mean / shape * special.gammaincinv(shape, u)


class Fixed(StrictModel):
    """Always the same number of minutes (``value = 0`` is allowed: no patience)."""

    dist: Literal["fixed"]
    value: Annotated[float, Field(ge=0, le=LARGEST_MEAN)]

    @property
    def mean(self) -> float:
        return self.value

    def quantile(self, u: np.ndarray) -> np.ndarray:
        return np.full(np.shape(u), self.value)


DISTRIBUTION_NAMES = ("exponential", "lognormal", "gamma", "fixed")

Distribution = Annotated[
    Union[Exponential, Lognormal, Gamma, Fixed], Field(discriminator="dist")
]
"""Any named distribution; TOML picks one with ``dist = "..."``."""
