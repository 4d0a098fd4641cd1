"""Shared scenario builders for the tests: small, fast, explicit."""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any

import pytest

from simlib import Scenario, validate_scenario

# Dashboards compute likely next runs in the background; the tests (and the
# notebook kernels they start) keep both cores for themselves.
os.environ["SIMLIB_PREFETCH"] = "0"


@pytest.fixture(autouse=True)
def english_unless_a_test_asks(monkeypatch):
    """Every test starts in English, whatever the machine's SIMLIB_LANGUAGE (the command line reads it)."""
    from simlib.i18n import set_language

    monkeypatch.setenv("SIMLIB_LANGUAGE", "en")
    set_language("en")
    yield
    set_language("en")

ERLANG_BASE: dict[str, Any] = {
    "name": "test queue",
    "arrivals": {"per_hour": 30.0},
    "channels": {
        "dm": {
            "share": 1.0,
            "handling": {"dist": "exponential", "mean": 6.0},
            "patience": {"dist": "exponential", "mean": 10.0},
        }
    },
    "staff": {"always": {"count": 3}},
    "service": {"discipline": "fifo", "abandonment": "leaves", "target_minutes": 5.0},
    "run": {"days": 2.0, "seed": 7},
}


def make_scenario(**changes: Any) -> Scenario:
    """The M/M/3+M test queue with dotted-path changes, e.g. ``make_scenario(**{"run.days": 1})``."""
    from simlib.model.scenario import set_field

    data = copy.deepcopy(ERLANG_BASE)
    for dotted, value in changes.items():
        if value is None:
            *parents, leaf = dotted.split(".")
            node = data
            for key in parents:
                node = node[key]
            node.pop(leaf)
        else:
            set_field(data, dotted, value)
    return validate_scenario(data)


@pytest.fixture
def scenario() -> Scenario:
    return make_scenario()


BUSINESS: dict[str, Any] = {
    "staff_cost_per_hour": 20.0,
    "pre_sale_share": 0.7,
    "ticket": {"dist": "lognormal", "mean": 100.0, "cv": 0.5},
    "conversion": {"curve": "power", "at_once": 0.4, "scale_minutes": 10.0, "exponent": 1.3},
    "sources": {"share": {"search": 0.4, "social": 0.3, "referral": 0.1, "returning": 0.2},
                "conversion_factor": {"returning": 1.5}},
    "after_sale": {"repeat_if_answered": 0.8, "repeat_if_ignored": 0.31},
    "quality": {"thorough_minutes": 2.0, "disappoint_if_rushed": 0.3, "disappoint_if_thorough": 0.05},
    "reputation": {
        "baseline": 80.0, "crisis_below": 50.0,
        "complaint_if_ignored": 0.36, "complaint_if_disappointed": 0.36, "points_per_complaint": 0.5,
        "praise_if_fast": 0.42, "points_per_praise": 0.28, "fast_minutes": 60.0,
        "recovery_days": 7.0, "critic_complaints_per_day": 0.01, "feedback": True,
    },
    "audience": {
        "followers": 20_000,
        "mix": {"connection": 0.90, "interaction": 0.05, "participation": 0.04, "influence": 0.01},
        "promote_if_answered": 0.43, "critic_if_ignored": 0.6,
    },
}


def make_business(**changes: Any) -> Scenario:
    """The test queue with a business section, as a social inbox (answers stay), plus dotted changes."""
    return make_scenario(**{"business": copy.deepcopy(BUSINESS), "service.abandonment": "stays",
                            "channels.dm.patience": {"dist": "exponential", "mean": 120.0},
                            "run.days": 7.0, **changes})


def markdown_table_rows(path: Path) -> list[dict[str, str]]:
    """The rows of every Markdown table in ``path``, each by its table's column headers."""
    rows, header = [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|") or line.startswith("|---"):
            header = None if not line.startswith("|") else header
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        if header is None:
            header = cells
        else:
            rows.append(dict(zip(header, cells)))
    return rows
