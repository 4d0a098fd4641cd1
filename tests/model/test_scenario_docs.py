"""docs/scenario-files.md has a table row for every field of the scenario's sections, and its [business] part is true."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import get_args

import pytest

from simlib import validate_scenario
from simlib.model.business import (CURVE_NAMES, AfterSale, Audience, Business, ConversionCurve, Quality, Reputation,
                                   Sources)
from simlib.model.calendar_events import Event
from simlib.model.preset_table import preset_table, share_below
from simlib.model.presets import load_preset
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


# --- [business]: every sub-model's table, the example, the presets ---------------------------------

BUSINESS = "## [business]: what a question is worth"
CURVES = get_args(get_args(ConversionCurve)[0])  # every shape a curve may take
COMMON = set.intersection(*(set(curve.model_fields) for curve in CURVES))  # the fields every shape has
NESTED = {"conversion", "reply_premium", "sources", "after_sale", "quality", "reputation", "audience"}


def subsection(heading: str) -> str:
    """The text under ``### `heading` `` of the [business] part, up to the next heading."""
    text = DOC.read_text(encoding="utf-8")
    start = text.index(f"### `{heading}`", text.index(BUSINESS))
    end = text.find("\n#", start + 1)
    return text[start:end]


def rows(text: str) -> set[str]:
    return set(re.findall(r"^\| `(\w+)` \|", text, re.M))


def test_the_business_tables_name_exactly_the_fields_of_their_models():
    assert NESTED <= set(Business.model_fields)
    assert rows(subsection("[business]")) == set(Business.model_fields) - NESTED
    for heading, model in (("[business.sources]", Sources), ("[business.after_sale]", AfterSale),
                           ("[business.quality]", Quality), ("[business.reputation]", Reputation),
                           ("[business.audience]", Audience)):
        assert rows(subsection(heading)) == set(model.model_fields), heading


def test_every_curve_shape_and_its_fields_are_in_the_conversion_and_premium_tables():
    conversion, premium = subsection("[business.conversion]"), subsection("[business.reply_premium]")
    assert COMMON == {"curve", "at_once", "slow_share", "slow_half_life_minutes"}
    assert rows(conversion) == COMMON and rows(premium) == COMMON
    shapes = dict(re.findall(r'^\| `"(\w+)"` \| ([^|]*) \|', conversion, re.M))
    assert set(shapes) == {get_args(curve.model_fields["curve"].annotation)[0] for curve in CURVES}
    assert set(shapes) == set(CURVE_NAMES)
    for curve in CURVES:
        (name,) = get_args(curve.model_fields["curve"].annotation)
        own = set(curve.model_fields) - COMMON
        assert set(re.findall(r"`(\w+)`", shapes[name])) == own, name
        assert all(f"`{field}`" in premium for field in own), name  # the premium takes the same shapes


def business_examples() -> list[str]:
    text = DOC.read_text(encoding="utf-8")
    return [block for block in re.findall(r"```toml\n(.*?)```", text, re.S) if "[business]" in block]


def with_a_minimal_inbox(example: str) -> dict:
    data = tomllib.loads(example)
    data.setdefault("arrivals", {"per_hour": 1.0})
    data.setdefault("channels", {
        "comments": {"share": 0.5, "handling": {"dist": "exponential", "mean": 2.0}},
        "dm": {"share": 0.5, "handling": {"dist": "exponential", "mean": 5.0}}})
    return data


def test_every_business_example_loads_with_a_minimal_inbox():
    examples = business_examples()
    assert examples
    for example in examples:
        assert validate_scenario(with_a_minimal_inbox(example)).business is not None


def test_the_short_business_example_sets_every_business_field():
    text = DOC.read_text(encoding="utf-8")
    short = text[text.index("### A short example", text.index(BUSINESS)):]
    example = re.search(r"```toml\n(.*?)```", short, re.DOTALL).group(1)
    data = with_a_minimal_inbox(example)
    business = validate_scenario(data).business
    assert business.currency == Business.model_fields["currency"].default == "USD"
    assert business.reply_premium is not None and business.conversion.slow_share > 0
    left_out = {"feedback", "arrival_elasticity", "conversion_elasticity", "referral_elasticity",
                "max_referral_factor"}  # the example says so
    for model, table in ((Business, data["business"]), (Reputation, data["business"]["reputation"]),
                         (Audience, data["business"]["audience"])):
        assert set(model.model_fields) - set(table) <= left_out, model.__name__
    assert all(f"`{name}`" in section_after(example) for name in left_out)


def section_after(example: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index(example) + len(example)
    return text[start:text.index("\n###", start)]


def test_the_preset_table_is_the_one_the_preset_files_give():
    text = DOC.read_text(encoding="utf-8")
    presets = text[text.index("### The three presets"):]
    assert preset_table() in presets, "run python -m simlib.model.preset_table and paste its table"


SHARED = {  # what the paragraph above the preset table says all three presets share, and the check
    "50 inbound messages per 1,000 followers a month with 4 in 10 needing a reply":
        lambda s: abs(s.arrivals.per_hour / (s.business.audience.followers * 50 / 1000 * 0.4 / 730.5) - 1) < 0.02,
    "84% giving up within 24 hours": lambda s: all(
        abs(share_below(c.patience, 1440) - 0.84) < 0.005 for c in s.channels.values() if c.patience),
    "1 in 3 ignored customers switching": lambda s: s.business.switch_if_ignored == 0.33,
    "36% complaining in public": lambda s: s.business.reputation.complaint_if_ignored == 0.36,
    '"fast" meaning within an hour': lambda s: s.business.reputation.fast_minutes == 60,
    "42% praising a fast reply": lambda s: s.business.reputation.praise_if_fast == 0.42,
    "43% recommending": lambda s: s.business.audience.promote_if_answered == 0.43,
    "60% turning critic": lambda s: s.business.audience.critic_if_ignored == 0.60,
    "33% recommending without a good reply (0.43 / 1.3": lambda s: s.business.audience.promote_if_ignored == 0.33,
    "69% of complainers won back": lambda s: s.business.reputation.late_reply_repairs == 0.69,
    "praise worth 9/16 of a complaint": lambda s: s.business.reputation.points_per_praise
        == s.business.reputation.points_per_complaint * 9 / 16,
    "16 people hearing of each complaint": lambda s: s.business.reputation.complaint_reach == 16,
    "90/5/4/1 audience mix": lambda s: s.business.audience.mix == {
        "connection": 0.90, "interaction": 0.05, "participation": 0.04, "influence": 0.01, "critic": 0.0},
}


@pytest.mark.parametrize("preset", ["luxury", "restaurant", "high_volume"])
def test_what_the_presets_share_is_what_the_reference_says(preset):
    text = DOC.read_text(encoding="utf-8")
    paragraph = " ".join(text[text.index("### The three presets"):text.index("<!-- generated by")].split())
    scenario = load_preset(preset)
    for phrase, holds in SHARED.items():
        assert phrase in paragraph, phrase
        assert holds(scenario), (preset, phrase)
