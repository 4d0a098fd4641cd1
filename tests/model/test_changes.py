"""One way to change a scenario: every entry point gives the same one-line error for a missing shift or field."""

from __future__ import annotations

import pytest

from simlib.cli import main as cli
from simlib.errors import ScenarioError
from simlib.experiments.compare import staff_sweep
from simlib.model.presets import find_scenario, load_preset, preset_names

MISSING_SHIFT = "staff.nope: no such shift (shifts: weekday, saturday)"
UNKNOWN_FIELD = "unknown field 'cuont'"


def test_with_changes_copies_and_validates_without_touching_the_original():
    jeweller = load_preset("luxury")
    busier = jeweller.with_changes({"staff.weekday.count": jeweller.staff["weekday"].count + 2, "run.days": 3})
    assert busier.staff["weekday"].count == jeweller.staff["weekday"].count + 2 and busier.run.days == 3
    assert jeweller.run.days != 3


@pytest.mark.parametrize(("change", "message"), [
    ({"staff.nope.count": 2}, MISSING_SHIFT),
    ({"staff.weekday.cuont": 2}, UNKNOWN_FIELD),
    ({"channels.fax.share": 1.0}, "channels.fax: no such channel"),
    ({"staff.weekday.count": -1}, "staff.weekday.count = -1"),
])
def test_every_way_of_changing_a_scenario_says_the_same_line(change, message, capsys):
    jeweller = load_preset("luxury")
    for attempt in (lambda: jeweller.with_changes(change), lambda: load_preset("luxury", change)):
        with pytest.raises(ScenarioError, match=message.replace("(", r"\(").replace(")", r"\)")):
            attempt()
    (dotted, value), = change.items()
    assert cli(["run", "--scenario", "luxury", "--days", "1", "--set", f"{dotted}={value}"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0]


def test_a_sweep_over_a_missing_shift_says_the_same_line():
    with pytest.raises(ScenarioError, match=r"staff.nope: no such shift \(shifts: weekday, saturday\)"):
        staff_sweep(load_preset("luxury"), "nope", [1, 2], replications=1)


def test_presets_are_found_by_name_and_an_unknown_name_lists_them():
    assert {"luxury", "high_volume", "restaurant", "erlang_a", "shop_weekdays"} <= set(preset_names())
    assert find_scenario("luxury").name == "luxury.toml"
    with pytest.raises(ScenarioError, match="no such file or preset .presets: black_friday, erlang_a, high_volume"):
        find_scenario("lux")
