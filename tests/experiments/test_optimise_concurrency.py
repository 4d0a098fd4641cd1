"""The cheapest-plan search with channel concurrency: requirements in slots, plans in people, verified by simulation."""

from __future__ import annotations

import math

from conftest import make_scenario

from simlib.analysis.queueing import agents_needed
from simlib.experiments.optimise import cheapest_plan


def test_cheapest_plan_counts_people_who_hold_three_conversations_each():
    # 90 questions an hour in the morning, 30 in the afternoon, direct messages three at a time
    scenario = make_scenario(**{
        "run.days": 1.0, "arrivals.per_hour": 60.0, "arrivals.hour_factor": [1.5] * 12 + [0.5] * 12,
        "channels.dm.concurrency": 3,
        "staff": {"day": {"count": 1, "start_hour": 0, "end_hour": 12},
                  "late": {"count": 1, "start_hour": 12, "end_hour": 24}},
    })
    search = cheapest_plan(scenario, service_level=0.8, replications=4, workers=1, progress=False)
    assert search.requirements.attrs["concurrency"] == 3.0
    assert search.starts["integer program"] == {"day": math.ceil(agents_needed(90.0, 6.0, 5.0, 0.8, 10.0) / 3),
                                                "late": math.ceil(agents_needed(30.0, 6.0, 5.0, 0.8, 10.0) / 3)}
    assert search.summary.loc["service_level", "mean"] >= 0.8
    evaluated = search.evaluated.set_index(["day", "late"])
    chosen = (search.plan["day"], search.plan["late"])
    assert evaluated.loc[chosen, "meets_targets"]
    for fewer in [(chosen[0] - 1, chosen[1]), (chosen[0], chosen[1] - 1)]:
        assert not evaluated.loc[fewer, "meets_targets"]
