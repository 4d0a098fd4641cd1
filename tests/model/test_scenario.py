"""Scenario files: every field validated, errors that name the field, value and range."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from conftest import ERLANG_BASE, make_scenario

from simlib import ScenarioError, load_scenario, validate_scenario
from simlib.model.scenario import parse_override

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("path", sorted((ROOT / "scenarios").glob("*.toml")), ids=lambda p: p.name)
def test_every_shipped_scenario_is_valid(path):
    scenario = load_scenario(path)
    assert scenario.channels and scenario.run.days > 0


def test_defaults_fill_what_a_file_leaves_out():
    scenario = validate_scenario(
        {"arrivals": {"per_hour": 1}, "channels": {"dm": {"share": 1, "handling": {"dist": "fixed", "value": 5}}}}
    )
    assert scenario.arrivals.hour_factor == [1.0] * 24
    assert scenario.arrivals.day_factor == [1.0] * 7
    assert scenario.staff == {}
    assert scenario.service.discipline == "fifo"
    assert scenario.channels["dm"].patience is None
    assert scenario.horizon_minutes == 7 * 1440


@pytest.mark.parametrize(
    "field, value, expected",
    [
        ("arrivals.per_hour", -3.0, r"arrivals\.per_hour = -3\.0: .*greater than or equal to 0"),
        ("arrivals.per_hour", float("nan"), r"arrivals\.per_hour = nan: .*finite"),
        ("arrivals.per_hour", float("inf"), r"arrivals\.per_hour = inf: .*finite"),
        ("arrivals.hour_factor", [1.0] * 23, r"arrivals\.hour_factor = .*needs 24 numbers.*got 23"),
        ("arrivals.day_factor", [1.0] * 8, r"arrivals\.day_factor = .*needs 7 numbers.*got 8"),
        ("arrivals.day_factor", [1.0] * 6 + [-1.0], r"arrivals\.day_factor\.6 = -1\.0: .*greater than or equal to 0"),
        ("channels.dm.share", 0.7, r"channels: shares must sum to 1, got 0\.7 \(dm=0\.7\)"),
        ("channels.dm.share", 1.5, r"channels\.dm\.share = 1\.5: .*less than or equal to 1"),
        ("channels.dm.handling", {"dist": "normal", "mean": 3}, r"channels\.dm\.handling: .*'normal'.*'exponential', 'lognormal', 'gamma', 'fixed'"),
        ("channels.dm.handling", {"dist": "lognormal", "mean": 3}, r"channels\.dm\.handling\.cv: missing"),
        ("channels.dm.handling", {"dist": "gamma", "mean": 3, "cv": 0}, r"channels\.dm\.handling\.cv = 0: .*greater than or equal to 0\.0001"),
        ("channels.dm.handling", {"dist": "exponential", "mean": -1}, r"channels\.dm\.handling\.mean = -1: .*greater than 0"),
        ("channels.dm.handling", {"dist": "fixed", "value": 0}, r"channels\.dm\.handling: a reply must take some time"),
        ("channels.dm.patience", {"dist": "fixed", "value": -1}, r"channels\.dm\.patience\.value = -1: .*greater than or equal to 0"),
        ("channels.dm.colour", "red", r"channels\.dm: unknown field 'colour' \(allowed: share, handling, patience, priority, concurrency\)"),
        ("staff.always.count", -1, r"staff\.always\.count = -1: .*greater than or equal to 0"),
        ("staff.always.count", 2.5, r"staff\.always\.count = 2\.5: .*integer"),
        ("staff.always.cuont", 3, r"staff\.always: unknown field 'cuont' \(allowed: count, start_hour, end_hour, days\)"),
        ("staff.always.start_hour", 24, r"staff\.always\.start_hour = 24: .*less than 24"),
        ("staff.always.end_hour", 0, r"staff\.always\.end_hour = 0: .*greater than 0"),
        ("staff.always.days", ["mon", "funday"], r"staff\.always\.days\.1 = 'funday': .*'mon', 'tue'"),
        ("service.discipline", "random", r"service\.discipline = 'random': .*'fifo', 'lifo', 'priority' or 'value'"),
        ("service.abandonment", "maybe", r"service\.abandonment = 'maybe': .*'leaves' or 'stays'"),
        ("service.target_minutes", -5, r"service\.target_minutes = -5: .*greater than or equal to 0"),
        ("run.days", 0, r"run\.days = 0: .*greater than 0"),
        ("run.seed", -1, r"run\.seed = -1: .*greater than or equal to 0"),
        ("run.replications", 0, r"run\.replications = 0: .*greater than or equal to 1"),
        ("run.warmup_days", 5, r"run: warmup_days = 5\.0 must be less than days = 2\.0"),
        ("speed", 3, r"scenario: unknown field 'speed' \(allowed: name, description, arrivals"),
    ],
)
def test_bad_field_gets_one_line_naming_field_value_and_range(field, value, expected):
    with pytest.raises(ScenarioError, match=expected) as caught:
        make_scenario(**{field: value})
    assert "\n" not in str(caught.value)


def test_shift_that_ends_before_it_starts_is_refused():
    with pytest.raises(ScenarioError, match=r"staff\.day: end_hour = 8\.0 must be after start_hour = 17\.0"):
        make_scenario(**{"staff": {"day": {"count": 1, "start_hour": 17, "end_hour": 8}}})


def test_night_shift_across_midnight_is_allowed():
    scenario = make_scenario(**{"staff": {"night": {"count": 1, "start_hour": 22, "end_hour": 30}}})
    assert scenario.staff["night"].end_hour == 30


def test_a_missing_section_is_named():
    data = copy.deepcopy(ERLANG_BASE)
    del data["channels"]
    with pytest.raises(ScenarioError, match=r"^channels: missing"):
        validate_scenario(data)


def test_scenario_is_frozen_so_a_typo_cannot_pass_silently(scenario):
    with pytest.raises(Exception):
        scenario.run.days = 3  # type: ignore[misc]


def test_load_applies_dotted_overrides_and_validates_them(tmp_path):
    path = ROOT / "scenarios" / "erlang_a.toml"
    changed = load_scenario(path, {"staff.always.count": 5, "service.discipline": "lifo"})
    assert changed.staff["always"].count == 5 and changed.service.discipline == "lifo"
    with pytest.raises(ScenarioError, match=r"staff\.always\.count = -2"):
        load_scenario(path, {"staff.always.count": -2})
    with pytest.raises(ScenarioError, match=r"arrivals\.per_hour is a value"):
        load_scenario(path, {"arrivals.per_hour.x": 1})


def test_load_reports_missing_and_malformed_files(tmp_path):
    with pytest.raises(ScenarioError, match="not found"):
        load_scenario(tmp_path / "absent.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[arrivals\nper_hour = 3")
    with pytest.raises(ScenarioError, match="not valid TOML"):
        load_scenario(bad)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("staff.day.count=4", ("staff.day.count", 4)),
        ("arrivals.per_hour = 2.5", ("arrivals.per_hour", 2.5)),
        ("service.discipline=lifo", ("service.discipline", "lifo")),
        ('service.discipline="lifo"', ("service.discipline", "lifo")),
        ("staff.day.days=['mon','tue']", ("staff.day.days", ["mon", "tue"])),
        ('channels.dm.handling={dist="fixed", value=3}', ("channels.dm.handling", {"dist": "fixed", "value": 3})),
    ],
)
def test_parse_override_reads_values_as_toml(text, expected):
    assert parse_override(text) == expected


def test_parse_override_without_equals_sign_is_refused():
    with pytest.raises(ScenarioError, match="expected FIELD=VALUE"):
        parse_override("staff.day.count")


def test_error_path_leaves_out_the_distribution_tag():
    with pytest.raises(ScenarioError, match=r"^channels\.dm\.handling: unknown field 'cv' \(allowed: dist, mean\)"):
        make_scenario(**{"channels.dm.handling.cv": 2})
