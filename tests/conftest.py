"""Shared scenario builders for the tests: small, fast, explicit."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from simlib import Scenario, validate_scenario

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
    from simlib.scenario import set_field

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
