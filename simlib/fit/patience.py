"""Patience from an export: censored data, Kaplan-Meier and a parametric fit (lifelines).

The simulator draws a patience for each customer and counts them as having
given up (``abandoned``) when it runs out before a reply starts, within the
run (:class:`simlib.model.records.SimulationResult`). An export shows each
customer's patience in one of three ways:

- **gave up** (an event): the export says when the customer gave up
  (``gave_up``), before any reply: patience = gave_up - arrived;
- **answered** (censored at the wait): the first reply came while the
  customer was still waiting: patience is at least the wait;
- **still open** (censored at the export's end): no reply and no give-up by
  the end of the export: patience is at least the time watched.

A message answered *after* its customer gave up (social media: the post is
still there) is an event at the give-up time. Without a ``gave_up`` column
there are no events, only lower bounds: nothing says when customers left,
so patience cannot be estimated (and an unanswered message is not taken as
a give-up: it may just be waiting). The Kaplan-Meier curve (with its 95%
band) shows the data; the scenario gets the parametric fit with censoring
(exponential or lognormal, the lower AIC; both by maximum likelihood in
lifelines) because the simulator draws from a named distribution.

Sources: E. L. Kaplan and P. Meier (1958), "Nonparametric estimation from
incomplete observations", *JASA* 53, 457-481; C. Davidson-Pilon (2019),
"lifelines: survival analysis in Python", *JOSS* 4(40), 1317; the censoring
of abandonment in queues: L. Brown et al. (2005), "Statistical analysis of a
telephone call center", *JASA* 100, 36-50.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from simlib.model.distributions import LARGEST_MEAN

SMALLEST_MINUTES = 1e-3
"""A wait of 0 (answered at once) is taken as this: parametric fits need positive times."""
FEW_EVENTS = 20
"""With fewer give-ups than this, the patience fit is said to be rough."""
LOGNORMAL_EVENTS = 5
"""The lognormal (two parameters) is tried from this many give-ups on; below, the exponential only."""
DRAWS = 4000
"""Draws from the parameters' normal approximation for the mean's 95% interval (seeded)."""
LARGEST_CV = 10.0
"""A fit whose coefficient of variation is above this (the scenario's limit) is not used."""


@dataclass(frozen=True)
class PatienceFit:
    """Patience of one channel.

    ``gave_up`` (events), ``answered`` and ``open`` (censored) count the
    messages; ``dist`` is ``"exponential"``, ``"lognormal"`` or ``None`` (no
    events: not estimated), ``mean`` (minutes) with its 95% interval
    ``mean_ci``, ``cv`` (lognormal only), ``aic`` per family tried.
    ``curve`` has ``minutes``, the Kaplan-Meier ``survival`` with its 95%
    band ``low``, ``high``, and the parametric fit's ``fitted`` survival.
    """

    channel: str
    gave_up: int
    answered: int
    open: int
    dist: str | None
    mean: float
    mean_ci: tuple[float, float]
    cv: float
    aic: dict[str, float]
    curve: pd.DataFrame

    @property
    def messages(self) -> int:
        return self.gave_up + self.answered + self.open

    def distribution(self) -> dict[str, float | str] | None:
        """The scenario's ``patience`` table, or ``None`` when there is nothing to estimate from."""
        if self.dist is None:
            return None
        if self.dist == "exponential":
            return {"dist": "exponential", "mean": self.mean}
        return {"dist": "lognormal", "mean": self.mean, "cv": self.cv}


def observations(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(minutes, event, answered)`` per message of a :class:`simlib.fit.export.Messages` frame.

    ``event`` is true for a give-up before any reply; otherwise ``minutes``
    is a lower bound: the wait for an answered message, the time watched for
    an open one.
    """
    wait, gave_up, watched = (frame[c].to_numpy(float) for c in ("wait", "gave_up_after", "observed"))
    event = ~np.isnan(gave_up) & ~(gave_up >= wait)  # NaN wait (never answered) compares False
    answered = ~event & ~np.isnan(wait)
    minutes = np.where(event, gave_up, np.where(answered, wait, watched))
    return np.maximum(minutes, SMALLEST_MINUTES), event, answered


def fit_patience(channel: str, frame: pd.DataFrame, seed: int = 1) -> PatienceFit:
    """Kaplan-Meier and the parametric patience fit for one channel's messages (see the module's docstring)."""
    from lifelines import ExponentialFitter, KaplanMeierFitter, LogNormalFitter  # slow to import: on use

    minutes, event, answered = observations(frame)
    events = int(event.sum())
    counts = dict(channel=channel, gave_up=events, answered=int(answered.sum()), open=int((~event & ~answered).sum()))
    km = KaplanMeierFitter().fit(minutes, event)
    band = km.confidence_interval_survival_function_
    curve = pd.DataFrame({"minutes": km.survival_function_.index.to_numpy(),
                          "survival": km.survival_function_.iloc[:, 0].to_numpy(),
                          "low": band.iloc[:, 0].to_numpy(), "high": band.iloc[:, 1].to_numpy()})
    if events == 0:
        curve["fitted"] = np.nan
        return PatienceFit(**counts, dist=None, mean=float("nan"), mean_ci=(float("nan"),) * 2, cv=float("nan"),
                           aic={}, curve=curve)
    candidates = {"exponential": ExponentialFitter}
    if events >= LOGNORMAL_EVENTS:
        candidates["lognormal"] = LogNormalFitter
    fits, estimates = {}, {}
    for name, kind in candidates.items():
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")  # lifelines' convergence chatter
            try:
                fitter = kind().fit(minutes, event)
                estimate = _mean_and_cv(name, fitter, np.random.default_rng(seed))
            except Exception:  # noqa: BLE001 - a family that does not converge on these data is not used
                continue
        (mean, low, high), cv = estimate
        if np.isfinite([mean, low, high, cv, fitter.AIC_]).all() and 0 < mean <= LARGEST_MEAN and cv <= LARGEST_CV:
            fits[name], estimates[name] = fitter, estimate
    if not fits:
        curve["fitted"] = np.nan
        return PatienceFit(**counts, dist=None, mean=float("nan"), mean_ci=(float("nan"),) * 2, cv=float("nan"),
                           aic={}, curve=curve)
    aic = {name: float(fitter.AIC_) for name, fitter in fits.items()}
    best = min(aic, key=aic.get)
    fitter = fits[best]
    (mean, low, high), cv = estimates[best]
    curve["fitted"] = fitter.survival_function_at_times(curve["minutes"].to_numpy()).to_numpy()
    return PatienceFit(**counts, dist=best, mean=float(mean), mean_ci=(float(low), float(high)), cv=float(cv),
                       aic=aic, curve=curve)


def _mean_and_cv(family: str, fitter, rng: np.random.Generator) -> tuple[tuple[float, float, float], float]:
    """``((mean, 95% low, 95% high), cv)`` of a fitted family; the interval from draws of its parameters."""
    params = fitter.params_.to_numpy()
    draws = rng.multivariate_normal(params, fitter.variance_matrix_.to_numpy(), DRAWS)
    if family == "exponential":
        mean, cv, means = params[0], 1.0, draws[:, 0]
    else:
        mu, sigma = params
        mean, cv = np.exp(mu + sigma**2 / 2), np.sqrt(np.expm1(sigma**2))
        means = np.exp(draws[:, 0] + draws[:, 1] ** 2 / 2)
    low, high = np.quantile(means, [0.025, 0.975])
    return (float(mean), float(low), float(high)), float(cv)
