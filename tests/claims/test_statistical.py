"""The simulation agrees with queueing theory (Erlang A, Erlang C, Erlang B).

With channel concurrency k, n community managers are n x k servers: the same
formulas with n x k agents, in every discipline for the figures that do not
depend on the order (all but the service level).

Each test runs R seeded replications of an M/M/c(+M) inbox and checks that
every KPI's theoretical value lies inside its confidence interval. The
intervals are Student-t intervals over replications with a Bonferroni
correction: with m KPIs in a test, each interval has confidence 1 - 0.05/m,
so the test as a whole has a 5% false-alarm rate for a correct model (and
the seeds are fixed, so it passes or fails the same way every time).
"""

from __future__ import annotations

import math

import pytest
from conftest import make_scenario
from scipy import stats

from simlib import replicate
from simlib.analysis.queueing import erlang_b, queue_figures

pytestmark = pytest.mark.statistical

HANDLE, PATIENCE, AGENTS, TARGET = 6.0, 10.0, 3, 5.0
QUESTIONS_PER_REPLICATION = 15_000
REPLICATIONS = 10

# simulated KPI -> analytic figure
PAIRS = {
    "p_wait": "p_wait",
    "mean_wait_minutes": "mean_wait_minutes",
    "p_abandon": "p_abandon",
    "service_level": "service_level",
    "utilisation": "occupancy",
    "mean_inbox_length": "mean_queue_length",
}


def simulated(per_hour: float, patience: float | None, seed: int, concurrency: int = 1, discipline: str = "fifo",
              urgent_share: float = 1.0):
    """R replications of the test queue; ``urgent_share`` < 1 moves the rest of the questions to a second
    channel with the same handling, patience and concurrency and a lower priority (priority 1)."""
    days = QUESTIONS_PER_REPLICATION / (per_hour * 24)
    patience_spec = None if patience is None else (
        {"dist": "fixed", "value": 0.0} if patience == 0 else {"dist": "exponential", "mean": patience}
    )
    scenario = make_scenario(**{
        "arrivals.per_hour": per_hour,
        "channels.dm.patience": patience_spec,
        "staff.always.count": AGENTS,
        "service.target_minutes": TARGET,
        "run.days": days + 1.0,
        "run.warmup_days": 1.0,  # start empty, measure from day 2
        "run.seed": seed,
        "channels.dm.concurrency": concurrency,
        "service.discipline": discipline,
    })
    if urgent_share < 1:
        dm = scenario.channels["dm"].model_dump()
        scenario = scenario.with_changes({"channels.dm.share": urgent_share, "channels.later": {
            **dm, "share": 1 - urgent_share, "priority": 1}})
    return replicate(scenario, REPLICATIONS)


def assert_inside_intervals(table, theory: dict[str, float]) -> None:
    m = len(theory)
    t = stats.t.ppf(1 - 0.05 / (2 * m), len(table) - 1)
    report = []
    for kpi, expected in theory.items():
        values = table[kpi]
        half = t * values.std(ddof=1) / math.sqrt(len(values))
        report.append((kpi, values.mean(), half, expected, abs(values.mean() - expected) <= half))
    failures = [r for r in report if not r[-1]]
    assert not failures, "\n".join(
        f"{k}: simulated {mean:.5f} ± {half:.5f}, theory {exp:.5f}" for k, mean, half, exp, _ in failures
    )


@pytest.mark.parametrize(
    "per_hour, load",
    [(10.0, "light: 1 Erlang on 3 agents"), (25.0, "medium: 2.5 Erlangs"), (45.0, "heavy: 4.5 Erlangs, load 1.5")],
    ids=["light", "medium", "heavy"],
)
def test_impatient_customers_match_erlang_a(per_hour, load):
    table = simulated(per_hour, PATIENCE, seed=11)
    figures = queue_figures(per_hour, HANDLE, AGENTS, PATIENCE, TARGET).as_dict()
    assert_inside_intervals(table, {kpi: figures[name] for kpi, name in PAIRS.items()})


@pytest.mark.parametrize("per_hour", [15.0, 25.0], ids=["load 0.5", "load 0.83"])
def test_patient_customers_match_erlang_c(per_hour):
    table = simulated(per_hour, None, seed=12)
    figures = queue_figures(per_hour, HANDLE, AGENTS, math.inf, TARGET).as_dict()
    assert (table["p_abandon"] == 0).all()
    assert_inside_intervals(
        table, {kpi: figures[name] for kpi, name in PAIRS.items() if kpi != "p_abandon"}
    )


def test_zero_patience_matches_erlang_b():
    table = simulated(25.0, 0.0, seed=13)
    blocked = erlang_b(25.0 * HANDLE / 60, AGENTS)
    assert (table["mean_wait_minutes"] == 0).all()
    assert_inside_intervals(table, {"p_abandon": blocked, "p_wait": blocked})


def test_abandonment_equals_patience_rate_times_mean_wait():
    """Little's law on the abandoning stream: P(abandon) = E[wait] / mean patience."""
    table = simulated(45.0, PATIENCE, seed=14)
    ratio = table["p_abandon"] / (table["mean_wait_minutes"] / PATIENCE)
    assert_inside_intervals(ratio.to_frame("ratio"), {"ratio": 1.0})


CONCURRENCY = 3  # three conversations at once: 3 managers are 9 servers


@pytest.mark.parametrize("per_hour", [60.0, 90.0, 120.0], ids=["load 0.67", "load 1.0", "load 1.33"])
def test_concurrent_conversations_match_erlang_a_with_n_times_k_servers(per_hour):
    table = simulated(per_hour, PATIENCE, seed=15, concurrency=CONCURRENCY)
    figures = queue_figures(per_hour, HANDLE, AGENTS * CONCURRENCY, PATIENCE, TARGET).as_dict()
    assert_inside_intervals(table, {kpi: figures[name] for kpi, name in PAIRS.items()})


def test_concurrent_conversations_match_erlang_c_with_n_times_k_servers():
    table = simulated(75.0, None, seed=16, concurrency=CONCURRENCY)
    figures = queue_figures(75.0, HANDLE, AGENTS * CONCURRENCY, math.inf, TARGET).as_dict()
    assert (table["p_abandon"] == 0).all()
    assert_inside_intervals(table, {kpi: figures[name] for kpi, name in PAIRS.items() if kpi != "p_abandon"})


@pytest.mark.parametrize("discipline", ["lifo", "priority"])
def test_concurrent_conversations_in_any_order_keep_the_erlang_a_figures_that_order_leaves_alone(discipline):
    """Exponential handling and patience: the number waiting is the same birth-death chain in any order, so
    waiting, abandonment, queue length and occupancy are Erlang A's with n x k servers (the service level is not)."""
    table = simulated(90.0, PATIENCE, seed=17, concurrency=CONCURRENCY, discipline=discipline, urgent_share=0.4)
    figures = queue_figures(90.0, HANDLE, AGENTS * CONCURRENCY, PATIENCE, TARGET).as_dict()
    assert_inside_intervals(table, {kpi: figures[name] for kpi, name in PAIRS.items() if kpi != "service_level"})
