"""The fit report and the warnings: forecast honesty, and where the data are too few."""

from __future__ import annotations

import pytest

from simlib import validate_scenario
from simlib.fit import export_from_result, fit_export
from simlib.fit.example import example_path
from simlib.fit.report import report_text
from simlib.model.engine import simulate


@pytest.fixture(scope="module")
def shop():
    return fit_export(example_path(), time_zone="Europe/Madrid")


def test_the_report_gives_every_estimate_with_its_interval_and_the_warnings(shop):
    text = report_text(shop, {"arrivals": "a.png", "patience": "p.png"})
    for heading in ("## Warnings", "## The export's own figures", "## Arrivals", "## Channels and handling",
                    "## Patience"):
        assert heading in text
    assert "![Observed vs fitted arrivals per interval](a.png)" in text
    assert f"Mean rate {shop.profile.per_hour:.3g} messages per hour (95% CI" in text
    assert "| reviews | 0 | " in text and "not estimated" in text
    assert "- the export covers only 42 days (6.0 weeks): each 30-minute interval's factor rests on 6 " \
           "occurrences" in text
    assert len([line for line in text.splitlines() if line.startswith("| mon |")]) == 1


def test_a_short_thin_export_is_warned_about(tmp_path):
    scenario = validate_scenario({
        "arrivals": {"per_hour": 0.5},
        "channels": {"dm": {"share": 0.9, "handling": {"dist": "exponential", "mean": 5.0},
                            "patience": {"dist": "exponential", "mean": 2000.0}},
                     "reviews": {"share": 0.1, "handling": {"dist": "exponential", "mean": 5.0}}},
        "staff": {"day": {"count": 1, "start_hour": 9, "end_hour": 17}},
        "run": {"days": 7.0, "seed": 3}})
    export = export_from_result(simulate(scenario), closed=False)
    fit = fit_export(export)
    warnings = "\n".join(fit.warnings)
    assert "covers only 7 days (1.0 weeks): each 30-minute interval's factor rests on 1 occurrence " in warnings
    assert "intervals saw fewer than 5 messages" in warnings
    assert "dm: no close times, handling is a stated default" in warnings
    assert "dm: patience rests on 10 give-ups (fewer than 20): rough" in warnings
    assert "reviews: patience not estimated (no give-ups seen)" in warnings
    assert "DEFAULT, not measured" in fit.provenance["channels.dm.handling"]
    assert fit.scenario.channels["dm"].handling.mean == 5.0


def test_same_export_same_numbers(shop):
    again = fit_export(example_path(), time_zone="Europe/Madrid")
    assert again.text == shop.text and again.provenance == shop.provenance
    assert again.patience["dm"].mean_ci == shop.patience["dm"].mean_ci  # seeded parameter draws
    assert again.handling["dm"].cv_ci == shop.handling["dm"].cv_ci      # seeded bootstrap


def test_without_give_up_times_patience_is_left_out_and_said_so():
    scenario = validate_scenario({
        "arrivals": {"per_hour": 2.0},
        "channels": {"dm": {"share": 1.0, "handling": {"dist": "exponential", "mean": 5.0},
                            "patience": {"dist": "exponential", "mean": 30.0}}},
        "staff": {"day": {"count": 1, "start_hour": 9, "end_hour": 17}},
        "run": {"days": 7.0, "seed": 4}})
    fit = fit_export(export_from_result(simulate(scenario), gave_up=False))
    assert fit.patience["dm"].gave_up == 0 and fit.scenario.channels["dm"].patience is None
    assert "not estimated: the export has no gave_up column" in fit.provenance["channels.dm.patience"]
    assert fit.scenario.service.abandonment == "stays" and "p_abandon" not in fit.observed
    assert "dm: patience not estimated (no give-ups seen)" in "\n".join(fit.warnings)
