"""docs/scenario-files.md lists every field of each scenario section, and only those, in the model's order."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from simlib.model.parts import Arrivals, Channel, Run, Service, Shift

DOC = Path(__file__).resolve().parents[2] / "docs" / "scenario-files.md"


@pytest.mark.parametrize("heading, model", [("[arrivals]", Arrivals), ("[channels.NAME]", Channel),
                                            ("[staff.NAME]", Shift), ("[service]", Service), ("[run]", Run)])
def test_the_field_table_of_each_section_names_the_models_fields(heading, model):
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index(f"## `{heading}`"):].split("\n## ")[0]
    listed = re.findall(r"^\| `([a-z_]+)` \|", section, re.M)
    assert listed == list(model.model_fields)
