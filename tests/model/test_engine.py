"""The SimPy inbox: shifts, disciplines, abandonment policies, records, extreme cases."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import make_business, make_scenario

from simlib import kpis, simulate
from simlib.model.calendar import shift_intervals

DAY = 1440.0
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]


def weekday_office(**changes):
    return make_scenario(**{
        "staff": {"office": {"count": 2, "start_hour": 9, "end_hour": 17, "days": WEEKDAYS}},
        "arrivals.per_hour": 4.0,
        "service.abandonment": "stays",
        "run.days": 14.0,
        **changes,
    })


def replied(records: pd.DataFrame) -> pd.DataFrame:
    return records[records["reply_start"].notna()]


# --- records -----------------------------------------------------------------

def test_records_have_one_row_per_question_with_the_documented_columns(scenario):
    records = simulate(scenario).records
    assert list(records.columns) == [
        "id", "channel", "arrival", "reply_start", "reply_end", "first_response",
        "wait", "abandoned", "handler", "handling", "patience",
    ]
    assert records["id"].tolist() == list(range(len(records)))
    assert records["arrival"].is_monotonic_increasing
    assert records["arrival"].between(0, scenario.horizon_minutes).all()
    done = replied(records)
    np.testing.assert_allclose(done["reply_end"], done["reply_start"] + done["handling"])
    np.testing.assert_allclose(done["first_response"], done["reply_start"] - done["arrival"])
    assert set(records["handler"].dropna()) <= {"always-1", "always-2", "always-3"}
    assert records["handler"].isna().tolist() == records["reply_start"].isna().tolist()


def test_a_community_manager_replies_to_one_question_at_a_time(scenario):
    records = replied(simulate(scenario).records)
    for _, mine in records.groupby("handler", observed=True):
        mine = mine.sort_values("reply_start")
        assert (mine["reply_start"].to_numpy()[1:] >= mine["reply_end"].to_numpy()[:-1] - 1e-9).all()


# --- shifts ------------------------------------------------------------------

def test_weekend_questions_wait_for_monday_morning():
    scenario = weekday_office()
    records = simulate(scenario).records
    weekend = records[(records["arrival"] >= 5 * DAY) & (records["arrival"] < 7 * DAY)]
    assert len(weekend) > 50
    monday_nine = 7 * DAY + 9 * 60
    assert (replied(weekend)["reply_start"] >= monday_nine).all()
    # A one-week run ends on Sunday night: everything since Friday 17:00 (a third of the week) is unanswered.
    one_week = kpis(simulate(weekday_office(**{"run.days": 7.0})))
    assert 0.25 < 1 - one_week["answered_share"] < 0.42


def test_replies_start_only_on_duty_and_one_in_progress_at_shift_end_is_finished():
    scenario = weekday_office(**{"arrivals.per_hour": 12.0})
    records = replied(simulate(scenario).records)
    periods = np.array(shift_intervals(scenario.staff["office"], scenario.horizon_minutes))
    starts = records["reply_start"].to_numpy()
    on_duty = ((starts[:, None] >= periods[:, 0]) & (starts[:, None] < periods[:, 1])).any(axis=1)
    assert on_duty.all()
    ends = records["reply_end"].to_numpy()
    overtime = ((starts[:, None] < periods[:, 1]) & (ends[:, None] > periods[:, 1])).any(axis=1)
    assert overtime.any()


def test_night_shift_answers_at_night_only():
    scenario = make_scenario(**{
        "staff": {"night": {"count": 2, "start_hour": 22, "end_hour": 30}},
        "arrivals.per_hour": 2.0, "service.abandonment": "stays",
    })
    hours = (replied(simulate(scenario).records)["reply_start"] % DAY) / 60
    assert ((hours >= 22) | (hours < 6)).all()


# --- disciplines -------------------------------------------------------------

def busy_stays(discipline: str, **changes):
    return make_scenario(**{"service.discipline": discipline, "service.abandonment": "stays",
                            "arrivals.per_hour": 35.0, "run.days": 3.0, **changes})


def test_fifo_answers_in_order_of_arrival():
    records = replied(simulate(busy_stays("fifo")).records)
    assert records["reply_start"].is_monotonic_increasing


def test_lifo_answers_the_newest_waiting_question_first():
    records = simulate(busy_stays("lifo")).records
    done = replied(records)
    assert not done["reply_start"].is_monotonic_increasing
    # When a reply starts, no question that arrived later (and before that moment) is still waiting.
    arrival = records["arrival"].to_numpy()
    start = records["reply_start"].fillna(np.inf).to_numpy()
    for i in done.index[::25]:
        newer_waiting = (arrival > arrival[i]) & (arrival <= start[i]) & (start > start[i])
        assert not newer_waiting.any()


def two_channels(discipline: str):
    channel = {"handling": {"dist": "exponential", "mean": 6.0}}
    return busy_stays(discipline, channels={
        "review": {"share": 0.3, "priority": 0, **channel},
        "comment": {"share": 0.7, "priority": 1, **channel},
    })


def test_priority_by_channel_never_leaves_a_higher_priority_question_waiting():
    records = simulate(two_channels("priority")).records
    urgent = records[records["channel"] == "review"]
    start_urgent = urgent["reply_start"].fillna(np.inf).to_numpy()
    for t in replied(records[records["channel"] == "comment"])["reply_start"]:
        assert not ((urgent["arrival"].to_numpy() < t) & (start_urgent > t)).any()
    by_channel = records.groupby("channel", observed=True)["first_response"].mean()
    fifo = simulate(two_channels("fifo")).records.groupby("channel", observed=True)["first_response"].mean()
    assert by_channel["review"] < fifo["review"] < fifo["comment"] * 1.5 and by_channel["comment"] > fifo["comment"]


def test_priority_hook_takes_one_number_per_question():
    scenario = busy_stays("priority")
    n = len(simulate(scenario).records)
    shortest_first = simulate(scenario).records["handling"].to_numpy()
    records = simulate(scenario, priority=shortest_first).records
    start = records["reply_start"].fillna(np.inf).to_numpy()
    arrival = records["arrival"].to_numpy()
    for i in replied(records).index[::25]:
        waiting = (arrival < start[i]) & (start > start[i])
        assert not (waiting & (shortest_first < shortest_first[i])).any()
    with pytest.raises(ValueError, match=f"priority has 3 numbers for {n} questions"):
        simulate(scenario, priority=[1.0, 2.0, 3.0])


# --- abandonment policies ----------------------------------------------------

def test_leaves_never_answers_a_customer_who_has_gone(scenario):
    records = simulate(scenario).records
    gone = records[records["abandoned"]]
    assert len(gone) > 0 and gone["reply_start"].isna().all()
    np.testing.assert_allclose(gone["wait"], gone["patience"])


def test_stays_answers_late_and_still_counts_the_customer_as_gone(scenario):
    stays = simulate(make_scenario(**{"service.abandonment": "stays", "arrivals.per_hour": 28.0})).records
    late = stays[stays["abandoned"] & stays["reply_start"].notna()]
    assert len(late) > 0
    assert (late["first_response"] > late["patience"]).all()
    np.testing.assert_allclose(late["wait"], late["patience"])


# --- reproducibility and common random numbers -------------------------------

def test_same_seed_gives_identical_records(scenario):
    pd.testing.assert_frame_equal(simulate(scenario).records, simulate(scenario).records)


def test_other_seed_or_replication_gives_other_questions(scenario):
    base = simulate(scenario).records["arrival"]
    assert not simulate(scenario, seed=8).records["arrival"].equals(base)
    assert not simulate(scenario, replication=1).records["arrival"].equals(base)


@pytest.mark.parametrize("change", [
    {"staff.always.count": 5},
    {"service.discipline": "lifo"},
    {"service.abandonment": "stays"},
    {"service.target_minutes": 1.0},
])
def test_changing_the_team_or_rules_does_not_change_who_arrives_when(scenario, change):
    columns = ["arrival", "channel", "handling", "patience"]
    base = simulate(scenario).records[columns]
    pd.testing.assert_frame_equal(simulate(make_scenario(**change)).records[columns], base)


def test_a_longer_reply_time_stretches_the_same_questions():
    short = simulate(make_scenario()).records["handling"]
    longer = simulate(make_scenario(**{"channels.dm.handling.mean": 9.0})).records["handling"]
    np.testing.assert_allclose(longer, short * 1.5)


# --- extreme cases -----------------------------------------------------------

def test_no_arrivals_gives_empty_records_and_undefined_shares():
    result = simulate(make_scenario(**{"arrivals.per_hour": 0.0}))
    assert len(result.records) == 0
    figures = kpis(result)
    assert figures["questions"] == 0 and np.isnan(figures["answered_share"])
    assert figures["utilisation"] == 0 and figures["mean_inbox_length"] == 0


def test_unlimited_staff_answers_everyone_at_once():
    result = simulate(make_scenario(**{"staff.always.count": 1000}))
    records = result.records
    assert (records["first_response"] == 0).all() and not records["abandoned"].any()
    figures = kpis(result)
    assert figures["p_wait"] == 0 and figures["service_level"] == 1 and figures["max_inbox_length"] <= 1


def test_zero_patience_means_nobody_waits():
    records = simulate(make_scenario(**{"channels.dm.patience": {"dist": "fixed", "value": 0.0}})).records
    assert (records["wait"] == 0).all()
    assert records.loc[records["abandoned"], "reply_start"].isna().all()
    assert (records.loc[~records["abandoned"], "first_response"] == 0).all()
    assert 0 < records["abandoned"].mean() < 1


@pytest.mark.parametrize("staff", [{}, {"always": {"count": 0}}])
def test_no_staff_on_duty_answers_nobody(staff):
    leaves = simulate(make_scenario(staff=staff))
    assert leaves.records["reply_start"].isna().all()
    horizon = leaves.scenario.horizon_minutes
    expired = leaves.records["arrival"] + leaves.records["patience"] <= horizon
    assert (leaves.records["abandoned"] == expired).all()
    assert np.isnan(kpis(leaves)["utilisation"])
    patient = kpis(simulate(make_scenario(staff=staff, **{"channels.dm.patience": None})))
    assert patient["open_share"] == 1 and patient["answered_share"] == 0 and patient["p_abandon"] == 0


def test_the_reply_time_target_scores_replies_but_changes_nothing_that_happens():
    # The dashboards re-score one cached run for every target; this is why they may.
    tight = simulate(make_business(**{"service.target_minutes": 5.0}))
    loose = simulate(make_business(**{"service.target_minutes": 240.0}))
    pd.testing.assert_frame_equal(tight.records, loose.records)
    assert kpis(tight)["service_level"] < kpis(loose)["service_level"]


def test_an_absence_keeps_the_last_members_of_a_shift_home_for_the_window_only():
    from simlib.model.records import Staffing

    scenario = make_scenario(**{"staff.always.count": 3, "run.days": 3.0})
    full = Staffing.from_scenario(scenario)
    cut = full.with_absence("always", 2, 1440.0, 2880.0)
    assert cut.labels == full.labels
    assert cut.on_duty_minutes(1440.0, 2880.0) == 1440.0  # one of three on the second day
    assert cut.on_duty_minutes(0.0, 1440.0) == full.on_duty_minutes(0.0, 1440.0)
    records = simulate(scenario, staffing=cut).records
    second_day = records["reply_start"].between(1440.0, 2880.0, inclusive="left")
    assert set(records.loc[second_day, "handler"].astype(str)) == {"always-1"}
