"""Issue 16 in the model: every field bounded where the maths holds, numbers that are numbers,
names that print on one line, files that say what is wrong with them, and work refused up front."""

from __future__ import annotations

import math

import numpy as np
import pytest
from conftest import make_business, make_scenario

from simlib.errors import ScenarioError
from simlib.model.engine import simulate
from simlib.model.outcomes import max_arrival_factor
from simlib.model.presets import find_scenario, load_preset, preset_names
from simlib.model.scenario import load_scenario, read_scenario_file
from simlib.model.workload import (
    MAX_QUESTIONS,
    candidate_factor,
    expected_arrivals,
    max_questions,
    workload,
)

# --- B: bounds where the maths holds ---------------------------------------------------------


@pytest.mark.parametrize(("field", "value", "message"), [
    ("channels.dm.handling", {"dist": "gamma", "mean": 6.0, "cv": 1e-170}, "greater than or equal to 0.0001"),
    ("channels.dm.handling", {"dist": "lognormal", "mean": 6.0, "cv": 1e-160}, "greater than or equal to 0.0001"),
    ("channels.dm.handling", {"dist": "exponential", "mean": 1e300}, "less than or equal to 1000000000"),
    ("channels.dm.patience", {"dist": "fixed", "value": 1e300}, "less than or equal to 1000000000"),
    ("arrivals.per_hour", 1e308, "less than or equal to 1000000"),
    ("channels.dm.priority", 10**400, "less than or equal to 1000000"),
    ("run.seed", 2**64, "less than or equal to"),
    ("service.target_minutes", 1e300, "less than or equal to"),
])
def test_fields_are_bounded_where_the_maths_holds(field, value, message):
    with pytest.raises(ScenarioError, match=message) as caught:
        make_scenario(**{field: value})
    assert field in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.parametrize(("field", "value"), [
    ("business.reputation.visibility", {"dm": 1e308}),
    ("business.reputation.points_per_complaint", 1e300),
    ("business.reputation.arrival_elasticity", 30),
    ("business.reputation.conversion_elasticity", 11),
    ("business.audience.referral_elasticity", 1e9),
    ("business.staff_cost_per_hour", 1e300),
    ("business.reputation.recovery_days", 1e300),
])
def test_business_fields_are_bounded(field, value):
    with pytest.raises(ScenarioError, match=r"less than or equal to") as caught:
        make_business(**{field: value})
    assert field.rsplit(".", 1)[0] in str(caught.value)


def test_the_extreme_allowed_values_give_finite_figures():
    from simlib.analysis.kpis import kpis

    scenario = make_business(**{
        "channels.dm.handling": {"dist": "gamma", "mean": 6.0, "cv": 1e-4},
        "business.reputation.visibility": {"dm": 1e9}, "business.reputation.points_per_complaint": 1e9,
        "business.reputation.points_per_praise": 1e9, "business.reputation.recovery_days": 1e-9,
        "business.reputation.arrival_elasticity": 10, "business.reputation.conversion_elasticity": 10,
        "run.days": 1.0})
    result = simulate(scenario)
    assert np.isfinite(result.records["handling"]).all()
    assert result.outcomes.reputation.between(0, 100).all()
    figures = kpis(result)
    assert 0 <= figures["final_reputation"] <= 100 and math.isfinite(figures["revenue_lost"])


def test_32768_channels_are_refused_before_a_16_bit_code_overflows():
    channels = {f"c{k}": {"share": 1 / 32768, "handling": {"dist": "exponential", "mean": 5.0}} for k in range(32768)}
    with pytest.raises(ScenarioError, match=r"channels: 32,768 channels: at most 1,000"):
        make_scenario(channels=channels)


def test_all_shifts_together_are_bounded():
    staff = {f"s{k}": {"count": 60_000} for k in range(2)}
    with pytest.raises(ScenarioError, match=r"staff: 120,000 community managers in all: at most 100,000"):
        make_scenario(staff=staff)


# --- E: numbers must be numbers ---------------------------------------------------------------

@pytest.mark.parametrize(("field", "value", "message"), [
    ("arrivals.per_hour", True, r"arrivals\.per_hour = true: .*valid number"),
    ("staff.always.count", "3", r"staff\.always\.count = '3': .*valid integer"),
    ("run.seed", " 3 ", r"run\.seed = ' 3 ': .*valid integer"),
    ("staff.always.count", 2.5, r"staff\.always\.count = 2\.5: .*valid integer"),
])
def test_loose_types_are_refused(field, value, message):
    with pytest.raises(ScenarioError, match=message):
        make_scenario(**{field: value})


def test_whole_numbers_from_numpy_or_floats_are_still_counts():
    assert make_scenario(**{"staff.always.count": np.int64(4)}).staff["always"].count == 4
    assert make_scenario(**{"staff.always.count": 4.0}).staff["always"].count == 4
    assert make_scenario(**{"staff.always.days": ("mon", "tue")}).staff["always"].days == ["mon", "tue"]
    assert make_scenario(**{"arrivals.per_hour": np.float32(12)}).arrivals.per_hour == 12


# --- I and J: shift hours and days ------------------------------------------------------------

@pytest.mark.parametrize("start", [23.99, 22.3, 0.1, 13.7, 23.999])
def test_a_24_hour_shift_at_any_start_is_accepted(start):
    shift = make_scenario(**{"staff.always.start_hour": start, "staff.always.end_hour": start + 24}).staff["always"]
    assert shift.end_hour == pytest.approx(start + 24)


def test_more_than_24_hours_is_still_refused():
    with pytest.raises(ScenarioError, match="at most 24 hours later"):
        make_scenario(**{"staff.always.start_hour": 1.0, "staff.always.end_hour": 25.01})


def test_a_shift_without_days_or_with_a_day_twice_is_refused():
    with pytest.raises(ScenarioError, match=r"staff\.always\.days = \[\]: a shift needs at least one day"):
        make_scenario(**{"staff.always.days": []})
    with pytest.raises(ScenarioError, match=r"'mon' is listed twice"):
        make_scenario(**{"staff.always.days": ["mon", "mon"]})


# --- D: names, files and what an error echoes ---------------------------------------------------

@pytest.mark.parametrize("name", ["a\nb", "esc\x1b[31mred", "a.b", "", "x" * 101])
def test_channel_and_shift_names_must_print_on_one_line(name):
    for section in ("staff", "channels"):
        data = {"staff": {name: {"count": 1}}} if section == "staff" else \
            {"channels": {name: {"share": 1.0, "handling": {"dist": "exponential", "mean": 5.0}}}}
        with pytest.raises(ScenarioError) as caught:
            make_scenario(**data)
        message = str(caught.value)
        assert message.isprintable() and len(message) < 300, message


def test_a_missing_dist_names_the_kinds():
    with pytest.raises(ScenarioError, match=r"^channels\.dm\.handling: missing dist, the kind \(exponential, "
                                            r"lognormal, gamma, fixed\)"):
        make_scenario(**{"channels.dm.handling": {"mean": 3.0}})


@pytest.mark.parametrize("curve", ["conversion", "reply_premium"])
def test_a_missing_curve_names_the_kinds_and_a_bad_field_its_path(curve):
    from simlib.model.presets import load_preset

    with pytest.raises(ScenarioError, match=rf"^business\.{curve}: missing curve, the kind \(exponential, "
                                            r"power, logistic, step\)"):
        load_preset("high_volume", {f"business.{curve}": {"at_once": 0.1, "half_life_minutes": 5.0}})
    with pytest.raises(ScenarioError, match=rf"^business\.{curve}\.half_life_minutes = -5\.0: "):
        load_preset("high_volume", {f"business.{curve}": {"curve": "exponential", "at_once": 0.1,
                                                          "half_life_minutes": -5.0}})


def test_a_huge_bad_value_is_shortened_and_escaped():
    with pytest.raises(ScenarioError) as caught:
        make_scenario(**{"service.discipline": "x\n" * 10_000_000})
    message = str(caught.value)
    assert len(message) < 300 and message.isprintable() and "\\n" in message


def test_the_scenario_name_must_print_on_one_line():
    with pytest.raises(ScenarioError, match=r"^name = 'a\\nb': has a control character"):
        make_scenario(name="a\nb")


def test_files_that_are_not_scenarios_are_named(tmp_path):
    latin = tmp_path / "latin.toml"
    latin.write_bytes('name = "café"\n'.encode("latin-1"))
    with pytest.raises(ScenarioError, match=r"latin\.toml: not UTF-8 text \(byte 0xe9 at line 1, column 12\)"):
        read_scenario_file(latin)
    deep = tmp_path / "deep.toml"
    deep.write_text("a = " + "[" * 1000 + "]" * 1000 + "\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"deep\.toml: not valid TOML"):
        read_scenario_file(deep)
    with pytest.raises(ScenarioError, match=r"is a folder, not a scenario file"):
        read_scenario_file(tmp_path)
    big = tmp_path / "big.toml"
    big.write_bytes(b"#" * 2_000_000)
    with pytest.raises(ScenarioError, match=r"2,000,000 bytes; a scenario file is at most 1,000,000"):
        read_scenario_file(big)


def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.toml"
    try:
        import os
        os.mkfifo(fifo)
    except (AttributeError, OSError):
        pytest.skip("no FIFOs here")
    with pytest.raises(ScenarioError, match=r"not a regular file"):
        load_scenario(find_scenario(str(fifo)))


def test_a_byte_order_mark_is_fine(tmp_path):
    source = find_scenario("erlang_a").read_bytes()
    marked = tmp_path / "bom.toml"
    marked.write_bytes(b"\xef\xbb\xbf" + source)
    assert load_scenario(marked) == load_scenario(find_scenario("erlang_a"))


# --- F: --set changes what exists; --add adds --------------------------------------------------

def test_set_may_not_add_a_shift_and_add_may_not_change_one():
    path = find_scenario("shop_weekdays")
    with pytest.raises(ScenarioError, match=r"staff\.weekdya: no such shift \(shifts: weekday\)"):
        load_scenario(path, {"staff.weekdya.count": 3}, existing_only=True)
    with pytest.raises(ScenarioError, match=r"staff\.weekdya: no such shift .*use --add"):
        load_scenario(path, {"staff.weekdya": {"count": 3}}, existing_only=True)
    with pytest.raises(ScenarioError, match=r"--add staff\.weekday: the shift already exists"):
        load_scenario(path, additions={"staff.weekday": {"count": 3}})
    added = load_scenario(path, {"staff.weekend.count": 2},
                          additions={"staff.weekend": {"count": 1, "days": ["sat", "sun"]}}, existing_only=True)
    assert added.staff["weekend"].count == 2 and added.staff["weekend"].days == ["sat", "sun"]


# --- A: work refused up front -------------------------------------------------------------------

def test_the_arrival_estimate_matches_what_the_engine_draws():
    scenario = load_preset("shop_weekdays", {"run.days": 14})
    drawn = [len(simulate(scenario, replication=k).records) for k in range(3)]
    assert np.mean(drawn) == pytest.approx(expected_arrivals(scenario), rel=0.15)


@pytest.mark.parametrize("name", preset_names())
def test_the_candidate_factor_is_the_engines(name):
    scenario = load_preset(name)
    assert candidate_factor(scenario) == pytest.approx(max_arrival_factor(scenario.business))
    assert workload(scenario)[0] < MAX_QUESTIONS / 10


@pytest.mark.parametrize("changes", [{"arrivals.per_hour": 1e6}, {"arrivals.hour_factor": [1e6] * 24},
                                     {"business.reputation.arrival_elasticity": 10, "business.reputation.baseline": 1,
                                      "business.reputation.crisis_below": 0.5}])
def test_too_many_questions_are_refused_with_the_estimate_and_the_limit(changes):
    with pytest.raises(ScenarioError, match=r"^scenario: about .* questions per replication .* would need about "
                                            r".*B of memory; the limit is 5,000,000 questions") as caught:
        load_preset("high_volume", changes)
    assert "\n" not in str(caught.value)


def test_the_limit_can_be_moved(monkeypatch):
    monkeypatch.setenv("SIMLIB_MAX_QUESTIONS", "1000")
    assert max_questions() == 1000
    with pytest.raises(ScenarioError, match=r"the limit is 1,000 questions"):
        load_preset("high_volume")


def test_too_many_on_duty_periods_are_refused():
    with pytest.raises(ScenarioError, match=r"^scenario: staff: about 262,000,000 on-duty periods per replication "
                                            r".* the limit is 1,000,000"):
        load_preset("shop_weekdays", {"staff.weekday.count": 100_000, "run.days": 3660})
