"""The KPI registry is the one table every product reads, and it matches what kpis() computes."""

from __future__ import annotations

import math

import pytest

from simlib.analysis.formatting import format_estimate, format_kpi
from simlib.analysis.kpis import kpis
from simlib.analysis.registry import BY_NAME, KPIS, heading, label
from simlib.model.engine import simulate
from simlib.model.presets import load_preset


@pytest.fixture(scope="module")
def figures() -> dict[str, float]:
    return kpis(simulate(load_preset("luxury", {"run.days": 3, "run.warmup_days": 0})))


def test_kpis_computes_exactly_the_registry_rows_in_registry_order(figures):
    computed = [k.name for k in KPIS if k.group in ("queue", "outcome")]
    assert list(figures) == computed


def test_every_value_lies_within_its_registry_bounds(figures):
    for name, value in figures.items():
        low, high = BY_NAME[name].bounds
        assert math.isnan(value) or low <= value <= high, (name, value)


def test_every_row_is_complete_and_names_are_unique():
    assert len(BY_NAME) == len(KPIS)
    for kpi in KPIS:
        assert kpi.description and kpi.label and kpi.unit, kpi.name
        assert kpi.bounds[0] < kpi.bounds[1], kpi.name


@pytest.mark.parametrize(("name", "value", "text"), [
    ("service_level", 0.8214, "82.1%"),
    ("revenue", 71415.4, "71,415 USD"),
    ("revenue_lost_per_question", 2.471, "2.47 USD"),
    ("median_first_response_minutes", 13.4712, "13.47 min"),
    ("questions", 1050.0, "1,050"),
    ("crisis_day", math.nan, "never"),
    ("crisis_day", 7.04, "after 7.0 days"),
    ("profit", -0.2, "-0 USD".replace("-0", "0")),
])
def test_format_kpi_writes_each_kind_as_people_read_it(name, value, text):
    assert format_kpi(name, value, "USD") == text


def test_format_estimate_is_compact_with_its_half_width():
    assert format_estimate("service_level", 0.771, 0.052) == "77% ± 5"
    assert format_estimate("profit", 12345.6, 789.1) == "12,346 ± 789"
    assert format_estimate("final_reputation", 93.57, 2.91) == "93.6 ± 2.9"
    assert format_estimate("profit", 5.0, math.nan) == "5"


def test_headings_carry_the_unit_the_values_do_not_show():
    assert heading("median_first_response_minutes") == "median first reply (min)"
    assert heading("profit", "USD") == "profit (USD)"
    assert heading("service_level") == label("service_level") == "service level"
    assert heading("not_a_kpi") == "not_a_kpi"


def test_the_scenario_reference_lists_the_registry_kpis_with_their_units_and_meanings():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "scenario-files.md").read_text(encoding="utf-8")
    table = doc[doc.index("| KPI | unit | meaning |"):].split("\n\n")[0].splitlines()[2:]
    listed = [tuple(cell.strip().strip("`") for cell in row.strip("|").split("|")) for row in table]
    assert listed == [(k.name, k.unit, k.description) for k in KPIS if k.group != "derived"]
