"""The channel mix and each channel's handling time, from an export.

Handling is the time from the first reply to the close (``closed -
first_reply``): the time a community manager spent on the conversation, if
the tool closes it when the work is done. The family (exponential,
lognormal or gamma) is the one of lowest AIC by maximum likelihood
(scipy); the scenario gets the sample mean and coefficient of variation,
with a t interval for the mean and a seeded bootstrap interval for the cv.
A channel without close times gets :data:`DEFAULT_HANDLING`, labelled as a
default in the scenario file.

Sources: E. B. Wilson (1927), "Probable inference, the law of succession,
and statistical inference", *JASA* 22, 209-212 (the share's interval);
H. Akaike (1974), "A new look at the statistical model identification",
*IEEE Trans. Automatic Control* 19, 716-723 (AIC); B. Efron (1979),
"Bootstrap methods: another look at the jackknife", *Ann. Statist.* 7, 1-26.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from simlib.model.distributions import SMALLEST_CV

DEFAULT_HANDLING = {"dist": "lognormal", "mean": 5.0, "cv": 0.8}
"""Handling when the export has no close times for a channel: a teaching assumption (5 minutes a reply,
most quick, some long), to be replaced by a measurement."""
FEW_TIMES = 30
"""With fewer reply-to-close times than this, the handling fit is said to be rough."""
BOOTSTRAP = 400
LARGEST_CV = 10.0


@dataclass(frozen=True)
class HandlingFit:
    """Handling time of one channel (minutes).

    ``times`` is how many reply-to-close times it rests on (0: the default),
    ``dist``, ``mean`` with its 95% interval ``mean_ci``, ``cv`` with
    ``cv_ci``, and ``aic`` per family tried.
    """

    channel: str
    times: int
    dist: str
    mean: float
    mean_ci: tuple[float, float]
    cv: float
    cv_ci: tuple[float, float]
    aic: dict[str, float]

    @property
    def default(self) -> bool:
        return self.times == 0

    def distribution(self) -> dict[str, float | str]:
        """The scenario's ``handling`` table."""
        if self.dist == "exponential":
            return {"dist": "exponential", "mean": self.mean}
        return {"dist": self.dist, "mean": self.mean, "cv": self.cv}


@dataclass(frozen=True)
class Share:
    """A channel's share of the messages, with its 95% Wilson interval."""

    channel: str
    messages: int
    total: int
    share: float
    ci: tuple[float, float]


def channel_mix(channels: pd.Series) -> list[Share]:
    """Each channel's share of ``channels`` (one name per message), the largest first (ties by name)."""
    total = len(channels)
    counts = channels.value_counts()
    counts = counts.iloc[sorted(range(len(counts)), key=lambda i: (-counts.iloc[i], str(counts.index[i])))]
    shares = []
    for name, count in counts.items():
        ci = stats.binomtest(int(count), total).proportion_ci(method="wilson")
        shares.append(Share(str(name), int(count), total, count / total, (float(ci.low), float(ci.high))))
    return shares


def fit_handling(channel: str, minutes: pd.Series, seed: int = 1) -> HandlingFit:
    """The handling fit of one channel from its reply-to-close ``minutes`` (NaN: no close time, ignored)."""
    times = minutes.dropna().to_numpy(float)
    times = times[times > 0]
    n = len(times)
    if n < 2:
        d = DEFAULT_HANDLING
        return HandlingFit(channel, 0, str(d["dist"]), float(d["mean"]), (float("nan"),) * 2, float(d["cv"]),
                           (float("nan"),) * 2, {})
    mean, sd = times.mean(), times.std(ddof=1)
    half = stats.t.ppf(0.975, n - 1) * sd / np.sqrt(n)
    rng = np.random.default_rng(seed)
    resampled = times[rng.integers(0, n, (BOOTSTRAP, n))]
    cvs = resampled.std(axis=1, ddof=1) / resampled.mean(axis=1)
    aic = {"exponential": 2 * 1 - 2 * stats.expon.logpdf(times, scale=mean).sum()}
    if np.ptp(times) > 0:
        for name, family in (("lognormal", stats.lognorm), ("gamma", stats.gamma)):
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                try:
                    shape, _, scale = family.fit(times, floc=0)
                    aic[name] = 2 * 2 - 2 * family.logpdf(times, shape, scale=scale).sum()
                except Exception:  # noqa: BLE001 - a family the optimiser cannot fit here is not used
                    continue
    aic = {name: value for name, value in aic.items() if np.isfinite(value)} or {"exponential": 0.0}
    best = min(aic, key=aic.get)
    cv = float(np.clip(sd / mean, SMALLEST_CV, LARGEST_CV))
    return HandlingFit(channel, n, best, float(mean), (float(mean - half), float(mean + half)), cv,
                       tuple(float(q) for q in np.quantile(cvs, [0.025, 0.975])),
                       {k: float(v) for k, v in aic.items()})
