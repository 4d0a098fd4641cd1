"""`simlib erlang` in agents-needed mode, the fractional staffing behind it, and unstable queues in words."""

from __future__ import annotations

import json
import math

import pytest

from simlib.analysis.queueing import (
    agents_needed,
    erlang_a,
    erlang_c,
    fractional_agents,
)
from simlib.cli import main

SECOND = 1 / 60  # minutes


def test_fractional_staffing_lies_between_the_last_short_and_the_first_enough_head_count():
    # pyworkforce's published case: 200 an hour, 3 minutes, 80% within 20 s needs 14 agents
    fraction = fractional_agents(200, 3, 20 * SECOND, 0.8)
    below, at = erlang_c(200, 3, 13, 20 * SECOND).service_level, erlang_c(200, 3, 14, 20 * SECOND).service_level
    assert fraction == pytest.approx(13 + (0.8 - below) / (at - below))
    assert 13 < fraction < 14 == agents_needed(200, 3, 20 * SECOND, 0.8)


def test_fractional_staffing_with_an_abandonment_cap_takes_the_stricter_target():
    fraction = fractional_agents(200, 3, 20 * SECOND, 0.5, 2.0, max_abandon=0.02)
    needed = agents_needed(200, 3, 20 * SECOND, 0.5, 2.0, max_abandon=0.02)
    below, at = erlang_a(200, 3, needed - 1, 2.0, 20 * SECOND), erlang_a(200, 3, needed, 2.0, 20 * SECOND)
    assert below.service_level >= 0.5  # the cap binds, not the service level
    assert fraction == pytest.approx(needed - 1 + (below.p_abandon - 0.02) / (below.p_abandon - at.p_abandon))


def test_no_questions_need_nobody_and_a_bare_stability_target_needs_the_load():
    assert fractional_agents(0, 3, 1.0, 0.9) == 0.0
    assert fractional_agents(30, 6, 5.0, 0.0) == pytest.approx(3.0)  # Erlang C: the offered load itself


def test_agents_needed_mode_prints_the_head_count_the_fraction_and_both_sides(capsys):
    assert main(["erlang", "--arrivals-per-hour", "200", "--handle-minutes", "3", "--service-level", "0.8",
                 "--target-minutes", str(20 * SECOND)]) == 0
    lines = capsys.readouterr().out.splitlines()
    fraction = fractional_agents(200, 3, 20 * SECOND, 0.8)
    assert lines[0] == "Erlang C (M/M/c): offered load 10 Erlangs (people busy on average)"
    assert lines[1] == (f"agents needed for 80.0% within {20 * SECOND:g} min: 14 (fractional staffing "
                        f"{fraction:.2f}: whole people cost {14 - fraction:.2f} more)")
    assert lines[2].split() == ["agents", "service_level", "p_wait", "mean_wait_minutes", "p_abandon", "occupancy"]
    assert [line.split()[:2] for line in lines[3:]] == [["13", "79.6%"], ["14", "88.8%"]]


def test_agents_needed_mode_as_json_with_an_abandonment_cap(capsys):
    assert main(["erlang", "--arrivals-per-hour", "200", "--handle-minutes", "3", "--service-level", "0.8",
                 "--target-minutes", "0.5", "--patience-minutes", "2", "--max-abandon", "0.05", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    needed = agents_needed(200, 3, 0.5, 0.8, 2.0, 0.05)
    assert out["model"] == "Erlang A (M/M/c+M)" and out["agents"] == needed and out["offered_load"] == 10.0
    assert out["fractional_agents"] == pytest.approx(fractional_agents(200, 3, 0.5, 0.8, 2.0, 0.05))
    assert set(out["figures"]) == {str(needed - 1), str(needed)}
    assert out["figures"][str(needed)]["p_abandon"] <= 0.05 and all(out["stable"].values())


def test_an_unstable_queue_is_said_in_words_not_as_infinite_minutes(capsys):
    assert main(["erlang", "--arrivals-per-hour", "200", "--handle-minutes", "3", "--agents", "9"]) == 0
    out = capsys.readouterr().out
    assert "inf" not in out
    assert ("  unstable: more work arrives than the team can do (10 Erlangs of work for 9 agents); the queue "
            "grows without end, at least 11 agents keep up") in out.splitlines()
    assert "  mean_wait_minutes   unbounded" in out.splitlines()
    assert main(["erlang", "--arrivals-per-hour", "200", "--handle-minutes", "3", "--agents", "9", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["stable"] is False and figures["mean_wait_minutes"] is None
    assert not math.isnan(figures["service_level"])


@pytest.mark.parametrize("extra, message", [
    (["--service-level", "0.8", "--max-abandon", "0.1"], "--max-abandon needs --patience-minutes"),
    (["--service-level", "1.5"], "service_level = 1.5: must be a number in [0, 1]"),
])
def test_agents_needed_mistakes_are_one_line(capsys, extra, message):
    assert main(["erlang", "--arrivals-per-hour", "200", "--handle-minutes", "3", *extra]) == 2
    err = capsys.readouterr().err
    assert err.startswith("simlib erlang: error: ") and message in err and err.count("\n") == 1


def test_a_head_count_or_a_target_is_required(capsys):
    with pytest.raises(SystemExit):
        main(["erlang", "--arrivals-per-hour", "200", "--handle-minutes", "3"])
    assert "one of the arguments --agents --service-level is required" in capsys.readouterr().err
