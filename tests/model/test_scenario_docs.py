"""docs/scenario-files.md has a table row for every field of the scenario's sections."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from simlib.model.calendar_events import Event
from simlib.model.scenario import Arrivals, Channel, Run, Service, Shift

DOC = Path(__file__).resolve().parents[2] / "docs" / "scenario-files.md"


def section(heading: str) -> str:
    """The text under a ``## `heading` `` of the reference, up to the next ``## ``."""
    text = DOC.read_text(encoding="utf-8")
    start = text.index(f"## `{heading}`")
    end = text.find("\n## ", start + 1)
    return text[start: end if end > 0 else None]


@pytest.mark.parametrize("heading, model", [
    ("[arrivals]", Arrivals), ("[channels.NAME]", Channel), ("[staff.NAME]", Shift), ("[service]", Service),
    ("[run]", Run), ("[[calendar.events]]", Event),
])
def test_every_field_has_a_row_in_its_section(heading, model):
    rows = set(re.findall(r"^\| `(\w+)` \|", section(heading), re.M))
    assert rows == set(model.model_fields), f"docs/scenario-files.md, {heading}: rows {sorted(rows)}"
