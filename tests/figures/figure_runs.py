"""Runs and helpers shared by the figure tests: small, seeded, fast.

Import the fixtures a test file needs (``from figure_runs import weekdays  # noqa: F401``).
"""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import make_business
from matplotlib.figure import Figure

from simlib import SimulationResult, kpis, simulate, validate_scenario
from simlib.model.business import ExponentialCurve, LogisticCurve, PowerCurve

DAY = 1440.0  # minutes
CURVES = {
    "exponential": ExponentialCurve(curve="exponential", at_once=0.3, half_life_minutes=15.0),
    "power": PowerCurve(curve="power", at_once=0.25, scale_minutes=60.0, exponent=1.0),
    "logistic": LogisticCurve(curve="logistic", at_once=0.5, midpoint_minutes=120.0, steepness_minutes=30.0),
}
"""Three conversion curves of different shapes, halving after 15 min, 1 h and about 2 h."""


def shop(**staff_and_run) -> SimulationResult:
    """A one-week, one-channel shop: ~12 questions an hour, one person on the given shifts."""
    data = {
        "name": "tiny shop",
        "arrivals": {"per_hour": 12.0},
        "channels": {
            "dm": {"share": 1.0, "handling": {"dist": "lognormal", "mean": 3.0, "cv": 0.8},
                   "patience": {"dist": "exponential", "mean": 120.0}},
        },
        "staff": staff_and_run.pop("staff"),
        "service": {"abandonment": "stays", "target_minutes": 60.0},
        "run": {"days": 7.0, "seed": 3, **staff_and_run},
    }
    return simulate(validate_scenario(data))


@pytest.fixture(scope="module")
def weekdays() -> SimulationResult:
    """Nobody on duty outside 9:00-17:00, Monday to Friday."""
    return shop(staff={"day": {"count": 1, "start_hour": 9, "end_hour": 17,
                               "days": ["mon", "tue", "wed", "thu", "fri"]}})


@pytest.fixture(scope="module")
def always() -> SimulationResult:
    """Someone on duty all week: a day shift and a night shift crossing midnight."""
    return shop(staff={"day": {"count": 2, "start_hour": 6, "end_hour": 22},
                       "night": {"count": 1, "start_hour": 22, "end_hour": 30}},
                days=2.0)


# Small runs of conftest's make_business (a week, ~30 questions an hour): fast and seeded.
@pytest.fixture(scope="module")
def crisis_run() -> SimulationResult:
    """One person for 30 questions an hour, no feedback: reputation collapses on Monday."""
    return simulate(make_business(**{"staff.always.count": 1, "business.reputation.feedback": False}))


@pytest.fixture(scope="module")
def calm_run() -> SimulationResult:
    """Six people: reputation never nears the crisis line."""
    return simulate(make_business(**{"staff.always.count": 6}))


@pytest.fixture(scope="module")
def sweep() -> pd.DataFrame:
    """A staff sweep of the always shift: 2, 3 and 5 people, 2 replications each."""
    rows = []
    for count in (2, 3, 5):
        scenario = make_business(**{"staff.always.count": count})
        for replication in range(2):
            rows.append({"count": count, "replication": replication,
                         **kpis(simulate(scenario, replication=replication))})
    return pd.DataFrame(rows)


def lines_by_gid(ax, gid: str) -> list:
    return [line for line in ax.get_lines() if line.get_gid() == gid]


def text_sizes(fig: Figure) -> list[float]:
    """Every non-empty text of every axes and of the figure (titles, labels, ticks, legends)."""
    fig.canvas.draw()
    texts = list(fig.texts) + ([fig._suptitle] if fig._suptitle is not None else [])
    for legend in fig.legends:
        texts += legend.get_texts()
    for ax in fig.axes:
        texts += [ax.title, ax.xaxis.label, ax.yaxis.label, *ax.texts]
        texts += ax.get_xticklabels() + ax.get_xticklabels(minor=True) + ax.get_yticklabels()
        if ax.get_legend() is not None:
            texts += ax.get_legend().get_texts()
    return [t.get_fontsize() for t in texts if t.get_text() and t.get_visible()]
