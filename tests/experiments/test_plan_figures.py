"""Optimiser and sweep figures stay readable at any number of plans or grid points."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from simlib.analysis.intervals import ALL_CHANNELS, Target, Targets, interval_kpis
from simlib.experiments.optimise import PlanSearch
from simlib.figures.experiments import (
    LABELLED_PLANS,
    MAX_LABELLED_LINES,
    PLAN_FIGURE_SIZE,
    plot_interval_service,
    plot_plan_search,
    plot_sweep,
)

TARGET = "80.0% within 15 min in every interval"


def many_plans(count: int) -> PlanSearch:
    """A made-up search over ``count`` plans of four shifts (no simulation needed to draw it)."""
    rng = np.random.default_rng(3)
    counts = rng.integers(0, 20, size=(count, 4))
    value = rng.uniform(0.3, 1.0, count)
    evaluated = pd.DataFrame(counts, columns=["early", "day", "late", "night"])
    evaluated.insert(0, "plan", range(count))
    evaluated.insert(1, "step", np.arange(count) // 16)
    evaluated.insert(2, "start", [""] * count)
    evaluated.loc[0, "start"], evaluated.loc[1, "start"] = "today", "integer program"
    evaluated["planned_cost"] = counts.sum(axis=1) * 112.0
    evaluated[TARGET] = value
    evaluated["meets_targets"] = value >= 0.8
    evaluated["chosen"] = False
    best = evaluated[evaluated["meets_targets"]].sort_values("planned_cost").index[0]
    evaluated.loc[best, "chosen"] = True
    plan = {s: int(evaluated.loc[best, s]) for s in ("early", "day", "late", "night")}
    return PlanSearch("cheapest", plan, pd.DataFrame(), None, evaluated, pd.DataFrame(), {TARGET: 0.8},
                      pd.DataFrame(), starts={"today": {s: int(evaluated.loc[0, s]) for s in plan}})


@pytest.mark.parametrize("count", [5, 40, 400])
def test_a_plan_search_figure_keeps_its_size_and_numbers_a_few_plans(count):
    fig = plot_plan_search(many_plans(count))
    panel, cost = fig.axes
    assert tuple(fig.get_size_inches()) == PLAN_FIGURE_SIZE
    key = [t.get_text() for t in cost.get_legend().get_texts()]
    assert 3 <= len(key) <= LABELLED_PLANS and sum(line.endswith("(chosen)") for line in key) == 1
    assert len(panel.get_legend().get_texts()) <= 5  # start, chosen, target, meets, misses: never more
    numbers = [a for a in panel.get_children() if a.get_gid() == f"number:{TARGET}"]
    assert len(numbers) == len(key)
    assert len(cost.get_xticks()) <= 12


def test_a_sweep_over_four_fields_names_a_handful_of_lines_and_counts_the_rest():
    rows = []
    grid = itertools.product(range(1, 5), [1, 2, 3], ["fifo", "lifo", "priority"], [15, 30, 60])
    for point, (a, b, rule, target) in enumerate(grid):
        mean = 0.3 + 0.02 * point
        rows.append({"point": point, "staff.a.count": a, "staff.b.count": b, "service.discipline": rule,
                     "service.target_minutes": target, "kpi": "service_level", "mean": mean,
                     "ci_low": mean - 0.01, "ci_high": mean + 0.01, "half_width": 0.01, "replications": 5})
    fig = plot_sweep(pd.DataFrame(rows))
    (legend,) = fig.legends
    texts = [t.get_text() for t in legend.get_texts()]
    assert len(texts) == 6 and texts[-1] == f"{27 - 5} more combinations" and MAX_LABELLED_LINES == 6
    assert set(texts[:5]) == {"3, priority, 60", "3, priority, 30", "3, priority, 15",  # the highest means
                              "1, fifo, 15", "1, fifo, 30"}  # and the lowest
    assert len({a.get_gid() for a in fig.axes[0].get_children() if str(a.get_gid()).startswith("sweep:")}) == 27


def test_few_sweep_lines_keep_their_legend_in_the_panel():
    rows = [{"point": p, "staff.a.count": a, "service.discipline": rule, "kpi": "service_level", "mean": 0.5,
             "ci_low": 0.4, "ci_high": 0.6, "half_width": 0.1, "replications": 3}
            for p, (a, rule) in enumerate(itertools.product([1, 2], ["fifo", "lifo"]))]
    fig = plot_sweep(pd.DataFrame(rows))
    assert not fig.legends and [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["fifo", "lifo"]


def test_the_interval_figure_rings_each_targets_worst_interval():
    targets = Targets((Target(0.8, within_minutes=15), Target(0.5, within_minutes=60, channel="dm")), 60)
    slots = 7 * 24
    index = pd.MultiIndex.from_product([["dm"], range(slots)], names=["channel", "interval"])
    counts = pd.DataFrame({"questions": 10.0, "answered": 10.0, "first_response_minutes": 50.0,
                           "within_15min": 9.0, "within_60min": 10.0}, index=index)
    counts.loc[("dm", 30), "within_15min"] = 2.0
    counts.loc[("dm", list(range(10))), ["questions", "within_15min", "within_60min"]] = 0.0  # nobody asked
    fig = plot_interval_service(interval_kpis(counts, targets), targets)
    (ax,) = fig.axes
    worst = next(a for a in ax.get_children() if a.get_gid() == f"worst:{targets.targets[0].describe()}")
    assert worst.get_xdata()[0] == pytest.approx(30.5 / 24) and worst.get_ydata()[0] == pytest.approx(0.2)
    assert {f"target:{t.describe()}" for t in targets.targets} <= {a.get_gid() for a in ax.get_children()}
    assert ALL_CHANNELS == "all"
