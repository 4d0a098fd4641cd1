"""Planning with channel concurrency: conversation slots are the servers, people hold k of them."""

from __future__ import annotations

import math

import pytest
from conftest import make_scenario

from simlib.analysis.estimate import erlang_estimate, mean_concurrency, people_for_slots
from simlib.analysis.intervals import Targets
from simlib.analysis.queueing import agents_needed, queue_figures
from simlib.analysis.requirements import staff_requirements


def mixed(**changes):
    return make_scenario(**{"channels": {
        "comment": {"share": 0.4, "handling": {"dist": "exponential", "mean": 4.0}},
        "dm": {"share": 0.6, "handling": {"dist": "exponential", "mean": 9.0}, "concurrency": 3},
    }, "service.abandonment": "stays", "run.days": 1.0, **changes})


def test_mean_concurrency_is_the_work_weighted_harmonic_mean():
    assert mean_concurrency(make_scenario()) == 1.0
    assert mean_concurrency(make_scenario(**{"channels.dm.concurrency": 4})) == 4.0
    # slots busy per arrival 0.4 x 4 + 0.6 x 9 = 7.0 minutes; people 0.4 x 4 + 0.6 x 9 / 3 = 3.4
    assert mean_concurrency(mixed()) == pytest.approx(7.0 / 3.4)
    # a channel without questions does not count
    quiet = make_scenario(**{"channels.quiet": {"share": 0.0, "handling": {"dist": "fixed", "value": 1.0},
                                                "concurrency": 5}})
    assert mean_concurrency(quiet) == 1.0


@pytest.mark.parametrize("slots, concurrency, people", [(7, 1.0, 7), (7, 3.0, 3), (6, 3.0, 2), (0, 3.0, 0),
                                                         (7, 7.0 / 3.4, 4)])
def test_people_for_slots_rounds_up(slots, concurrency, people):
    assert people_for_slots(slots, concurrency) == people


@pytest.mark.parametrize("per_hour", [30.0, 90.0, 200.0])
def test_requirements_with_one_concurrency_are_erlang_a_with_n_times_k_servers(per_hour):
    """n managers holding k conversations each are n k servers: the fewest managers whose n k servers meet
    the target in Erlang A."""
    scenario = make_scenario(**{"run.days": 1.0, "arrivals.per_hour": per_hour, "channels.dm.concurrency": 3})
    table = staff_requirements(scenario, Targets.service_level(0.8))
    people = int(table["agents"].iloc[0])
    assert (table["agents"] == people).all() and table.attrs["concurrency"] == 3.0
    assert people == math.ceil(agents_needed(per_hour, 6.0, 5.0, 0.8, 10.0) / 3)
    assert queue_figures(per_hour, 6.0, 3 * people, 10.0, 5.0).service_level >= 0.8
    assert queue_figures(per_hour, 6.0, 3 * (people - 1), 10.0, 5.0).service_level < 0.8
    assert table["offered_load"].iloc[0] == pytest.approx(per_hour / 60 * 6.0 / 3)  # people busy on average


def test_the_occupancy_cap_counts_people_not_conversations():
    scenario = make_scenario(**{"run.days": 1.0, "channels.dm.concurrency": 3})  # 3 slots busy = 1 person
    capped = staff_requirements(scenario, Targets.service_level(0.1), max_occupancy=0.5)
    assert (capped["agents"] == 2).all() and (capped["binding"] == "occupancy").all()


def test_requirements_without_concurrency_are_unchanged():
    scenario = make_scenario(**{"run.days": 1.0})
    table = staff_requirements(scenario, Targets.service_level(0.8))
    assert (table["agents"] == agents_needed(30.0, 6.0, 5.0, 0.8, 10.0)).all()
    assert table.attrs["concurrency"] == 1.0 and (table["offered_load"] == 30.0 / 60 * 6.0).all()


def test_mixed_channels_plan_slots_over_the_mean_concurrency():
    scenario = mixed(**{"arrivals.per_hour": 60.0})
    table = staff_requirements(scenario, Targets.service_level(0.8, within_minutes=5.0))
    slots = agents_needed(60.0, 7.0, 5.0, 0.8)  # Erlang C ("stays"), the share-weighted handling time
    assert (table["agents"] == math.ceil(slots / (7.0 / 3.4))).all()
    assert table["offered_load"].iloc[0] == pytest.approx(60.0 / 60 * 3.4)


def test_the_erlang_estimate_per_shift_divides_slots_by_the_concurrency():
    plain = erlang_estimate(make_scenario(**{"arrivals.per_hour": 90.0}))
    juggling = erlang_estimate(make_scenario(**{"arrivals.per_hour": 90.0, "channels.dm.concurrency": 3}))
    assert plain.loc["always", "agents"] == agents_needed(90.0, 6.0, 5.0, 0.8, 10.0)
    assert juggling.loc["always", "agents"] == math.ceil(plain.loc["always", "agents"] / 3)
