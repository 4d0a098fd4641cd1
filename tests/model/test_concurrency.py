"""Channel concurrency: a community manager holding several conversations at once.

The statistical check against Erlang A and C with n x k servers is in
``tests/claims/test_statistical.py``; here: the field, the capacity of each
manager, the order of every discipline, shift ends, the one-at-a-time model
left number for number, and utilisation and overtime.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import make_business, make_scenario

from simlib import kpis, simulate
from simlib.analysis.kpis import busy_and_paid_minutes
from simlib.errors import ScenarioError
from simlib.model.calendar import shift_intervals
from simlib.model.engine import attention_units

DM = {"dist": "exponential", "mean": 6.0}


def mixed(discipline: str = "fifo", abandonment: str = "stays", **changes):
    """Public comments one at a time (priority 1) and direct messages three at a time (priority 0), busy."""
    return make_scenario(**{
        "channels": {
            "comment": {"share": 0.4, "handling": {"dist": "exponential", "mean": 4.0}, "priority": 1,
                        "patience": {"dist": "exponential", "mean": 30.0}},
            "dm": {"share": 0.6, "handling": {"dist": "exponential", "mean": 9.0}, "priority": 0,
                   "patience": {"dist": "exponential", "mean": 30.0}, "concurrency": 3},
        },
        "service.discipline": discipline, "service.abandonment": abandonment,
        "arrivals.per_hour": 60.0, "run.days": 3.0, **changes,
    })


def attention_in_use(records: pd.DataFrame, concurrency: dict[str, int]) -> pd.Series:
    """Per handler, the most attention held at once (sum of 1/concurrency over conversations in progress)."""
    done = records[records["reply_start"].notna()]
    share = done["channel"].map(lambda c: 1 / concurrency[c]).astype(float).to_numpy()
    most = {}
    for handler, mine in done.groupby("handler", observed=True):
        pick = (done["handler"] == handler).to_numpy()
        times = np.concatenate([mine["reply_start"].to_numpy(), mine["reply_end"].to_numpy()])
        steps = np.concatenate([share[pick], -share[pick]])
        order = np.lexsort((steps, times))  # at the same minute, an ending conversation first
        most[handler] = np.cumsum(steps[order]).max()
    return pd.Series(most)


# --- the field -----------------------------------------------------------------

def test_concurrency_defaults_to_one_and_takes_whole_numbers_from_1_to_20():
    assert make_scenario().channels["dm"].concurrency == 1
    assert make_scenario(**{"channels.dm.concurrency": 20}).channels["dm"].concurrency == 20
    for value, message in ((0, "greater than or equal to 1"), (21, "less than or equal to 20"),
                           (1.5, "valid integer"), ("two", "valid integer")):
        with pytest.raises(ScenarioError, match=rf"^channels\.dm\.concurrency = .*{message}"):
            make_scenario(**{"channels.dm.concurrency": value})


def test_attention_units_are_whole_shares_of_a_manager():
    assert attention_units(make_scenario()) is None
    units, full = attention_units(mixed())
    assert full == 3 and units.tolist() == [3, 1]
    scenario = make_scenario(**{"channels.dm.concurrency": 2, "channels.chat": {
        "share": 0.0, "handling": DM, "concurrency": 3}})
    units, full = attention_units(scenario)
    assert full == 6 and units.tolist() == [3, 2]


# --- capacity and order --------------------------------------------------------

def test_a_manager_holds_up_to_k_conversations_and_uses_them_under_load():
    scenario = make_scenario(**{"channels.dm.concurrency": 3, "arrivals.per_hour": 80.0,
                                "service.abandonment": "stays"})
    most = attention_in_use(simulate(scenario).records, {"dm": 3})
    assert len(most) == 3 and np.allclose(most, 1.0)  # three at once, never four


@pytest.mark.parametrize("discipline", ["fifo", "lifo", "priority", "value"])
def test_mixed_channels_never_hold_more_than_one_manager(discipline):
    scenario = mixed(discipline) if discipline != "value" else make_business(**{
        "channels.dm.concurrency": 3, "service.discipline": "value", "arrivals.per_hour": 60.0, "run.days": 3.0,
        "business.reputation.feedback": False})
    records = simulate(scenario).records
    concurrency = {name: c.concurrency for name, c in scenario.channels.items()}
    most = attention_in_use(records, concurrency)
    assert (most <= 1 + 1e-9).all() and (most > 1 / 3 + 1e-9).any()


def rank(records: pd.DataFrame, discipline: str) -> np.ndarray:
    """Lower is taken first: arrival order (fifo), newest first (lifo), channel priority then arrival."""
    ids = records["id"].to_numpy(dtype=float)
    if discipline == "fifo":
        return ids
    if discipline == "lifo":
        return -ids
    return records["channel"].map({"comment": 1, "dm": 0}).astype(float).to_numpy() * 1e9 + ids


@pytest.mark.parametrize("abandonment", ["stays", "leaves"])
@pytest.mark.parametrize("discipline", ["fifo", "lifo", "priority"])
def test_a_reply_never_skips_a_question_ahead_of_it_that_would_have_fitted(discipline, abandonment):
    """When a reply starts, no question ahead of it in the discipline's order, taking no more of a
    manager than it does, is still waiting (with ``leaves``: and its customer still there)."""
    records = simulate(mixed(discipline, abandonment)).records
    weight = records["channel"].map({"comment": 1.0, "dm": 1 / 3}).astype(float).to_numpy()
    order = rank(records, discipline)
    arrival = records["arrival"].to_numpy()
    start = records["reply_start"].fillna(np.inf).to_numpy()
    gone = (arrival + records["patience"].to_numpy()) if abandonment == "leaves" else np.full(len(arrival), np.inf)
    replies = np.flatnonzero(np.isfinite(start))
    assert len(replies) > 500
    for i in replies:
        t = start[i]
        waiting = (arrival < t) & (start > t) & (gone >= t)
        assert not (waiting & (order < order[i]) & (weight <= weight[i])).any(), i


def test_with_one_channel_fifo_still_answers_in_order_of_arrival():
    scenario = make_scenario(**{"channels.dm.concurrency": 4, "arrivals.per_hour": 100.0,
                                "service.abandonment": "stays"})
    done = simulate(scenario).records.dropna(subset=["reply_start"])
    assert done["reply_start"].is_monotonic_increasing


# --- shifts --------------------------------------------------------------------

def test_conversations_start_on_duty_and_those_in_progress_at_shift_end_are_finished():
    scenario = make_scenario(**{
        "staff": {"office": {"count": 2, "start_hour": 9, "end_hour": 17, "days": ["mon", "tue", "wed"]}},
        "channels.dm.concurrency": 3, "arrivals.per_hour": 20.0, "service.abandonment": "stays",
        "run.days": 7.0})
    records = simulate(scenario).records
    done = records.dropna(subset=["reply_start"])
    periods = np.array(shift_intervals(scenario.staff["office"], scenario.horizon_minutes))
    starts, ends = done["reply_start"].to_numpy(), done["reply_end"].to_numpy()
    on_duty = ((starts[:, None] >= periods[:, 0]) & (starts[:, None] < periods[:, 1])).any(axis=1)
    assert on_duty.all()
    past_end = ((starts[:, None] < periods[:, 1]) & (ends[:, None] > periods[:, 1])).any(axis=1)
    assert past_end.sum() > 3  # several conversations run over, and were finished
    assert not records["reply_start"].isna().all()


# --- the one-at-a-time model, number for number --------------------------------

@pytest.mark.parametrize("discipline", ["fifo", "lifo", "priority"])
def test_conversations_that_take_a_whole_manager_match_the_one_at_a_time_model(discipline):
    """A channel with concurrency 2 but no questions puts the engine on its concurrent path, where every
    question takes the whole manager: the records are those of the one-at-a-time model."""
    base = make_scenario(**{
        "staff": {"day": {"count": 2, "start_hour": 8, "end_hour": 18},
                  "night": {"count": 1, "start_hour": 20, "end_hour": 28, "days": ["fri", "sat"]}},
        "arrivals.per_hour": 20.0, "service.discipline": discipline, "service.abandonment": "leaves",
        "run.days": 7.0, "channels.dm.priority": 1})
    juggling = base.with_changes({"channels.quiet": {"share": 0.0, "handling": DM, "concurrency": 2}})
    assert attention_units(juggling) is not None
    pd.testing.assert_frame_equal(simulate(juggling).records, simulate(base).records.assign(
        channel=lambda r: pd.Categorical(r["channel"].astype(str), categories=["dm", "quiet"])))


# --- utilisation and overtime ----------------------------------------------------

@pytest.mark.parametrize("concurrency", [1, 3])
def test_utilisation_counts_a_kth_of_a_manager_and_overtime_until_the_last_conversation_ends(concurrency):
    """One manager, 09:00-10:00 on weekdays, replies of exactly 45 minutes and a full inbox every morning:
    k at 09:00 and k more at 09:45 that end at 10:30. Busy: 2 k x 45 / k = 90 minutes, paid 60 + 30 = 90."""
    scenario = make_scenario(**{
        "staff": {"morning": {"count": 1, "start_hour": 9, "end_hour": 10,
                              "days": ["mon", "tue", "wed", "thu", "fri"]}},
        "channels.dm": {"share": 1.0, "handling": {"dist": "fixed", "value": 45.0}, "concurrency": concurrency},
        "arrivals.per_hour": 10.0, "service.abandonment": "stays", "run.days": 5.0})
    result = simulate(scenario)
    starts = result.records["reply_start"].dropna() % 1440
    assert sorted(set(starts.round(6))) == [540.0, 585.0] and len(starts) == 5 * 2 * concurrency
    busy, paid = busy_and_paid_minutes(result)
    assert busy == pytest.approx(5 * 90.0) and paid == pytest.approx(5 * 90.0)
    assert kpis(result)["utilisation"] == pytest.approx(1.0)


def test_utilisation_stays_a_share_with_mixed_channels():
    for scenario in (mixed(), mixed(**{"arrivals.per_hour": 10.0})):
        utilisation = kpis(simulate(scenario))["utilisation"]
        assert 0 < utilisation <= 1


def test_more_conversations_at_once_answer_sooner():
    one, three = (kpis(simulate(mixed(**{"channels.dm.concurrency": k}))) for k in (1, 3))
    assert three["mean_wait_minutes"] < one["mean_wait_minutes"]
    assert three["utilisation"] < one["utilisation"]


def test_a_public_reply_needs_a_whole_person_so_it_waits_longer_than_dms_even_in_fifo():
    """Documented in docs/experiments.md (the price of taking the first question that fits)."""
    scenario = mixed(**{"channels.comment.patience": None, "channels.dm.patience": None,
                        "arrivals.per_hour": 45.0, "run.days": 14.0})
    waits = simulate(scenario).records.groupby("channel", observed=True)["first_response"].mean()
    assert waits["comment"] > 3 * waits["dm"]  # 26.2 and 5.1 minutes with this seed
