"""The fit recovers the scenario that generated an export, within its confidence intervals (issue 17).

An export is simulated from a known scenario (4 weeks, fixed seed), fitted,
and every fitted value's 95% interval is checked against the truth; then the
fitted scenario, run with the true team, must reproduce the export's service
level and answered share within a 95% prediction interval of its runs.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from simlib import validate_scenario
from simlib.analysis.kpis import queue_kpis
from simlib.fit import export_from_result, fit_export
from simlib.model.engine import simulate

HOURS = [0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.4, 0.8, 1.2, 1.4, 1.4, 1.5,
         1.7, 1.6, 1.4, 1.3, 1.3, 1.4, 1.6, 1.8, 1.7, 1.3, 0.8, 0.4]
TRUE = {
    "name": "known inbox",
    "arrivals": {"per_hour": 6.0, "hour_factor": HOURS, "day_factor": [1.0, 0.9, 0.9, 1.0, 1.1, 1.4, 1.2]},
    "channels": {
        "comments": {"share": 0.6, "handling": {"dist": "lognormal", "mean": 4.0, "cv": 0.7},
                     "patience": {"dist": "exponential", "mean": 60.0}},
        "dm": {"share": 0.4, "handling": {"dist": "gamma", "mean": 8.0, "cv": 0.5},
               "patience": {"dist": "lognormal", "mean": 90.0, "cv": 1.0}},
    },
    "staff": {"day": {"count": 1, "start_hour": 7, "end_hour": 23},   # nobody at night: customers give up
              "peak": {"count": 1, "start_hour": 11, "end_hour": 21}},
    "service": {"abandonment": "stays", "target_minutes": 60.0},
    "run": {"days": 28.0, "seed": 11},
}
REPLICATIONS = 20


@pytest.fixture(scope="module")
def truth():
    return validate_scenario(TRUE)


@pytest.fixture(scope="module")
def fitted(truth):
    export = export_from_result(simulate(truth))
    return fit_export(export, staff=truth.staff, target_minutes=truth.service.target_minutes)


def test_the_arrival_rate_and_every_interval_are_recovered_within_their_intervals(truth, fitted):
    true_rates = truth.arrivals.per_hour * truth.arrivals.profile().ravel()
    low, high = fitted.profile.per_hour_ci
    assert low <= true_rates.mean() <= high
    table = fitted.profile.table
    per_hour = fitted.profile.per_hour
    covered = (table["factor_low"] * per_hour <= true_rates) & (true_rates <= table["factor_high"] * per_hour)
    # exact Poisson intervals cover at least 95% each: more misses than this happen less than 1 time in 1000
    assert (~covered).sum() <= stats.binom.ppf(0.999, len(table), 0.05), table[~covered]
    assert np.allclose(np.asarray(fitted.scenario.arrivals.interval_factor).ravel(), table["factor"], atol=5e-4)


def test_the_channel_mix_is_recovered_within_its_intervals(truth, fitted):
    for share in fitted.mix:
        assert share.ci[0] <= truth.channels[share.channel].share <= share.ci[1], share
    assert [s.channel for s in fitted.mix] == ["comments", "dm"]


def test_handling_is_recovered_within_its_intervals(truth, fitted):
    for channel, fit in fitted.handling.items():
        true = truth.channels[channel].handling
        assert fit.dist == true.dist
        assert fit.mean_ci[0] <= true.mean <= fit.mean_ci[1], fit
        assert fit.cv_ci[0] <= true.cv <= fit.cv_ci[1], fit
        written = fitted.scenario.channels[channel].handling
        assert written.dist == true.dist and written.mean == pytest.approx(fit.mean, rel=1e-3)


def test_patience_is_recovered_from_censored_data_within_its_intervals(truth, fitted):
    for channel, fit in fitted.patience.items():
        true = truth.channels[channel].patience
        assert fit.gave_up >= 100 and fit.answered >= 100  # both events and censored waits
        assert fit.mean_ci[0] <= true.mean <= fit.mean_ci[1], fit
        written = fitted.scenario.channels[channel].patience
        assert written.mean == pytest.approx(fit.mean, rel=1e-3)
        # the true survival curve lies in the Kaplan-Meier band at its quartiles
        for u in (0.25, 0.5, 0.75):
            minutes = float(true.quantile(np.array([u]))[0])
            row = int(np.searchsorted(fit.curve["minutes"], minutes, side="right")) - 1
            assert fit.curve["low"].iloc[row] <= 1 - u <= fit.curve["high"].iloc[row], (channel, u)
    assert fitted.scenario.channels["comments"].patience.dist == "exponential"


def test_the_fitted_scenario_reproduces_the_exports_service(truth, fitted):
    assert fitted.scenario.service.abandonment == "stays"
    runs = [queue_kpis(simulate(fitted.scenario.with_changes({"run.days": truth.run.days}), seed=101, replication=k))
            for k in range(REPLICATIONS)]
    for kpi in ("service_level", "answered_share", "p_abandon"):
        values = np.array([run[kpi] for run in runs])
        # a 95% prediction interval for one more run (the export) from the fitted scenario's runs
        half = stats.t.ppf(0.975, REPLICATIONS - 1) * values.std(ddof=1) * np.sqrt(1 + 1 / REPLICATIONS)
        assert abs(fitted.observed[kpi] - values.mean()) <= half, (kpi, fitted.observed[kpi], values)


def test_every_fitted_value_says_how_it_was_estimated_and_from_how_many_messages(fitted):
    for field in ("arrivals.per_hour", "arrivals.interval_factor", "channels.comments.share",
                  "channels.dm.handling", "channels.dm.patience", "service.abandonment"):
        assert field in fitted.provenance
    assert "4,291 messages" in fitted.provenance["arrivals.per_hour"]
    assert "reply-to-close times" in fitted.provenance["channels.dm.handling"]
    assert "censored" in fitted.provenance["channels.dm.patience"]
    assert "lifelines" in fitted.provenance["channels.dm.patience"]
    for note in fitted.provenance.values():
        assert f"# {note}" in fitted.text or note in fitted.text
