"""KPIs and the inbox-length series, checked against counts done by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from conftest import make_scenario

from simlib import inbox_length, kpis, replicate, simulate, summarise
from simlib.analysis.kpis import sample_every, time_average
from simlib.analysis.registry import KPI_DESCRIPTIONS


@pytest.mark.parametrize("abandonment", ["leaves", "stays"])
def test_inbox_length_equals_a_direct_count_of_waiting_questions(abandonment):
    result = simulate(make_scenario(**{"service.abandonment": abandonment, "arrivals.per_hour": 32.0}))
    records = result.records
    exit_time = records["arrival"] + records["wait"]  # reply, giving up or end of run
    if abandonment == "stays":  # the post stays in the inbox until someone replies
        exit_time = records["reply_start"].fillna(result.scenario.horizon_minutes)
    length = inbox_length(result)
    for t in np.linspace(0, result.scenario.horizon_minutes, 97)[1:-1]:
        waiting = ((records["arrival"] <= t) & (exit_time > t)).sum()
        assert length[length.index <= t].iloc[-1] == waiting


def test_littles_law_holds_on_every_sample_path(scenario):
    """Area under the inbox-length curve = total time questions spent waiting."""
    result = simulate(scenario)
    horizon = scenario.horizon_minutes
    area = time_average(inbox_length(result), 0.0, horizon) * horizon
    assert area == pytest.approx(result.records["wait"].sum(), rel=1e-9)


def test_time_average_of_a_hand_made_step_function():
    steps = pd.Series([0, 2, 1, 0], index=[0.0, 10.0, 20.0, 40.0])
    assert time_average(steps, 0, 40) == pytest.approx((2 * 10 + 1 * 20) / 40)
    assert time_average(steps, 15, 30) == pytest.approx((2 * 5 + 1 * 10) / 15)
    assert time_average(steps, 50, 60) == 0
    np.testing.assert_array_equal(sample_every(steps, 10, 50).to_numpy(), [0, 2, 1, 1, 0])


def test_kpis_follow_their_definitions(scenario):
    result = simulate(scenario)
    figures = kpis(result)
    records = result.records
    assert list(figures) == list(KPI_DESCRIPTIONS)
    assert figures["questions"] == len(records)
    assert figures["answered_share"] + figures["p_abandon"] + figures["open_share"] == pytest.approx(1)
    assert figures["service_level"] == pytest.approx((records["first_response"] <= 5.0).mean())
    assert figures["mean_wait_minutes"] == pytest.approx(records["wait"].mean())
    busy = records["handling"][records["reply_start"].notna()].sum()
    # Only the reply still running at the horizon is cut short.
    assert figures["utilisation"] * 3 * scenario.horizon_minutes == pytest.approx(busy, abs=3 * 60)
    assert figures["median_first_response_minutes"] <= figures["p90_first_response_minutes"]


def test_warmup_excludes_early_questions():
    result = simulate(make_scenario(**{"run.warmup_days": 1.0}))
    assert kpis(result)["questions"] == (result.records["arrival"] >= 1440).sum()


def test_summarise_gives_student_t_intervals():
    table = pd.DataFrame({"x": [1.0, 2.0, 3.0, 4.0]})
    row = summarise(table).loc["x"]
    # t(0.975, 3) = 3.182446; sd = 1.290994; n = 4
    assert row["mean"] == 2.5
    assert row["half_width"] == pytest.approx(3.182446 * 1.290994 / 2, rel=1e-6)
    assert np.isnan(summarise(table.head(1)).loc["x", "half_width"])


def test_replicate_gives_one_row_per_replication_and_is_reproducible(scenario):
    table = replicate(scenario, 3)
    assert len(table) == 3 and table["questions"].nunique() == 3
    pd.testing.assert_frame_equal(table, replicate(scenario, 3))
    with pytest.raises(ValueError, match="replications = 0"):
        replicate(scenario, 0)


def test_utilisation_counts_overtime_as_paid_time_and_never_exceeds_one():
    # 30-minute shifts, 20-minute replies, a queue that never empties: replies run past the shift.
    scenario = make_scenario(**{
        "arrivals.per_hour": 30.0, "channels.dm.handling": {"dist": "fixed", "value": 20.0},
        "channels.dm.patience": None, "service.abandonment": "stays",
        "staff": {"short": {"count": 1, "start_hour": 9, "end_hour": 9.5}},
    })
    result = simulate(scenario)
    replies = result.records.dropna(subset=["reply_start"])
    # Each day replies start at 9:00 and 9:20; the second ends at 9:40, 10 minutes after the shift:
    # 40 minutes busy, 30 on duty + 10 overtime paid.
    assert len(replies) == 2 * 2
    assert (replies["reply_start"] % 1440).tolist() == [540, 560, 540, 560]
    assert kpis(result)["utilisation"] == pytest.approx(1.0)
    lazy = simulate(make_scenario(**{"staff": {"short": {"count": 4, "start_hour": 9, "end_hour": 9.5}},
                                     "arrivals.per_hour": 1.0}))
    assert 0 < kpis(lazy)["utilisation"] < 1


@pytest.mark.parametrize(("name", "value", "text"), [
    ("service_level", 0.8214, "82.1%"), ("service_level", -0.00001, "0.0%"), ("profit", 71415.02, "71,415 USD"),
    ("revenue_lost_per_question", 1.234, "1.23 USD"), ("complaints", 1050.0, "1,050"),
    ("median_first_response_minutes", 13.4747, "13.47 min"), ("crisis_day", math.nan, "never"),
    ("final_reputation", 87.217, "87.22"), ("final_reputation", -0.001, "0.00"), ("profit", -0.4, "0 USD"),
])
def test_kpis_read_as_people_read_them(name, value, text):
    from simlib.analysis.formatting import format_kpi

    assert format_kpi(name, value, "USD") == text
