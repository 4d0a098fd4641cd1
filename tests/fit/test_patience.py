"""Patience from an export is censored data: which messages are events, which are lower bounds, and the fit."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from simlib.fit.patience import fit_patience, observations


def frame(wait, gave_up, observed):
    return pd.DataFrame({"wait": wait, "gave_up_after": gave_up, "observed": observed})


def test_give_ups_are_events_answers_and_open_messages_are_lower_bounds():
    nan = np.nan
    minutes, event, answered = observations(frame(
        wait=[10.0, nan, 50.0, nan, 30.0, 0.0],
        gave_up=[nan, 20.0, 40.0, nan, 30.0, nan],
        observed=[900.0, 800.0, 700.0, 600.0, 500.0, 400.0]))
    # answered at 10 | gave up at 20, never answered | gave up at 40, answered late at 50 (the post stays) |
    # open at the end, watched 600 | answered at 30 when the give-up was at 30: still there | answered at once
    assert event.tolist() == [False, True, True, False, False, False]
    assert answered.tolist() == [True, False, False, False, True, True]
    assert minutes.tolist() == [10.0, 20.0, 40.0, 600.0, 30.0, 1e-3]


def test_without_give_ups_patience_is_not_estimated():
    fit = fit_patience("dm", frame([5.0, np.nan], [np.nan, np.nan], [100.0, 50.0]))
    assert fit.dist is None and fit.distribution() is None
    assert (fit.gave_up, fit.answered, fit.open) == (0, 1, 1)
    assert fit.curve["survival"].min() == 1.0


def test_an_exponential_patience_is_recovered_from_heavily_censored_data():
    rng = np.random.default_rng(5)
    patience = rng.exponential(100.0, 3000)
    wait = rng.exponential(60.0, 3000)  # the reply comes first for most customers
    gave_up = np.where(patience < wait, patience, np.nan)
    fit = fit_patience("dm", frame(wait, gave_up, np.full(3000, 1e4)))
    assert fit.gave_up < 1500  # more than half censored
    assert fit.dist == "exponential"
    assert fit.mean_ci[0] <= 100.0 <= fit.mean_ci[1]
    naive = np.nanmean(gave_up)  # the give-ups alone: those who left early
    assert naive < fit.mean_ci[0] / 2
    assert fit.distribution() == {"dist": "exponential", "mean": pytest.approx(fit.mean)}


def test_a_lognormal_patience_is_told_from_an_exponential_by_aic():
    rng = np.random.default_rng(6)
    sigma = np.sqrt(np.log1p(1.5**2))
    patience = rng.lognormal(np.log(90.0) - sigma**2 / 2, sigma, 3000)
    wait = rng.exponential(120.0, 3000)
    gave_up = np.where(patience < wait, patience, np.nan)
    fit = fit_patience("dm", frame(wait, gave_up, np.full(3000, 1e4)))
    assert fit.dist == "lognormal" and fit.aic["lognormal"] < fit.aic["exponential"]
    assert fit.mean_ci[0] <= 90.0 <= fit.mean_ci[1]
    assert fit.curve["fitted"].between(0, 1).all()
