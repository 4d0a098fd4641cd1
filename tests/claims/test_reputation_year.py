"""Reputation over 52 weeks, per preset: it settles at today's staffing, a sustained cut starts a crisis, it recovers.

Seeded replications of :func:`simlib.experiments.reputation_year.year` (a
year of the burger chain takes a few seconds). Claims are on 95% intervals
across replications, or on every replication where the claim is "never" or
"always".
"""

from __future__ import annotations

import pytest

from simlib.experiments.replications import summarise
from simlib.experiments.reputation_year import CUT_WEEKS, year

PRESETS = ("high_volume", "restaurant", "luxury")


@pytest.fixture(scope="module", params=PRESETS)
def figures(request):
    return year(request.param)


def test_at_default_staffing_reputation_settles_in_a_band_without_crisis_or_cap(figures):
    shipped = figures.shipped
    assert not shipped["crisis"].any(), "a crisis at the preset's own staffing"
    assert (shipped["lowest"] > figures.crisis_below).all()
    assert (shipped["highest"] < 95).all(), "drifts to the cap"
    drift = summarise((shipped["last_quarter"] - shipped["first_quarter"]).to_frame("drift"), bounds={})
    assert -3 <= drift.loc["drift", "ci_low"] and drift.loc["drift", "ci_high"] <= 3, "still drifting after a quarter"


def test_a_sustained_cut_starts_a_crisis(figures):
    assert figures.cut["crisis"].all()
    assert (figures.cut["lowest"] < figures.crisis_below).all()


def test_restoring_the_team_recovers_within_weeks(figures):
    weeks = figures.cut["weeks_to_recover"]
    assert weeks.notna().all(), "not back within 5 points of the team as shipped by the end of the year"
    recovery = summarise(weeks.to_frame("weeks"), bounds={})
    assert recovery.loc["weeks", "ci_high"] <= 8, f"recovery takes {recovery.loc['weeks', 'mean']:.1f} weeks"
    assert CUT_WEEKS[1] + weeks.max() <= 52
