"""The three business presets: they load, cite real sources, and differ as the course says.

``scenarios/luxury.toml`` (few, valuable customers), ``scenarios/restaurant.toml``
(in between) and ``scenarios/high_volume.toml`` (a burger chain). Every
``# source:`` comment must point to a section of the research notes
(``domain-facts §x.y``) that exists. Those notes live outside the repository,
so that check is skipped when they are absent. Nothing here simulates: fast.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from simlib import load_scenario

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
PRESETS = ("luxury", "restaurant", "high_volume")
DOMAIN_FACTS = ROOT.parent / "shared" / "research" / "domain-facts.md"
SECTION = re.compile(r"§(\d+(?:\.\d+)?)")


def preset_path(name: str) -> Path:
    return SCENARIOS / f"{name}.toml"


def comments(name: str) -> list[str]:
    """The comment part of every line of a preset (text after the first ``#``)."""
    lines = preset_path(name).read_text(encoding="utf-8").splitlines()
    return [line.split("#", 1)[1].strip() for line in lines if "#" in line]


def questions_per_week(name: str) -> float:
    arrivals = load_scenario(preset_path(name)).arrivals
    return arrivals.per_hour * sum(arrivals.hour_factor) * sum(arrivals.day_factor)


@pytest.mark.parametrize("name", PRESETS)
def test_preset_loads_with_a_business_section(name):
    scenario = load_scenario(preset_path(name))
    business = scenario.business
    assert business is not None
    assert business.reputation.visibility and business.audience.followers > 0
    assert scenario.staff and scenario.run.days == 28 and scenario.run.warmup_days == 0
    assert scenario.run.replications == 1


@pytest.mark.parametrize("name", PRESETS)
def test_every_source_comment_names_a_section(name):
    sources = [c for c in comments(name) if c.startswith("source:")]
    assert sources, f"{name}.toml cites no published figure"
    for comment in sources:
        assert SECTION.search(comment), f"{name}.toml: '# {comment}' names no domain-facts section (§x.y)"


@pytest.mark.parametrize("name", PRESETS)
def test_cited_sections_exist_in_the_research_notes(name):
    if not DOMAIN_FACTS.is_file():
        pytest.skip(f"{DOMAIN_FACTS} not present (the shared research folder sits outside the repository)")
    headings = DOMAIN_FACTS.read_text(encoding="utf-8").splitlines()
    subsections = {m.group(1) for h in headings if (m := re.match(r"###\s+(\d+\.\d+)\s", h))}
    sections = {m.group(1) for h in headings if (m := re.match(r"##\s+(\d+)\.\s", h))}
    cited = {s for c in comments(name) for s in SECTION.findall(c)}
    assert cited
    missing = sorted(s for s in cited if s not in (subsections if "." in s else sections))
    assert not missing, f"{name}.toml cites domain-facts sections that do not exist: {missing}"


def test_luxury_tickets_are_worth_at_least_50_burgers():
    luxury = load_scenario(preset_path("luxury")).business.ticket.mean
    burger = load_scenario(preset_path("high_volume")).business.ticket.mean
    assert luxury >= 50 * burger


def test_burger_chain_gets_at_least_20_times_the_questions_of_the_jeweller():
    assert questions_per_week("high_volume") >= 20 * questions_per_week("luxury")


def test_restaurant_sits_in_between():
    tickets = {n: load_scenario(preset_path(n)).business.ticket.mean for n in PRESETS}
    volumes = {n: questions_per_week(n) for n in PRESETS}
    assert tickets["luxury"] > tickets["restaurant"] > tickets["high_volume"]
    assert volumes["luxury"] < volumes["restaurant"] < volumes["high_volume"]


@pytest.mark.parametrize("name", PRESETS)
def test_praise_is_worth_9_16_of_a_complaint(name):
    """AmEx 2011: people tell 9 others about good service and 16 about poor (domain-facts §3)."""
    reputation = load_scenario(preset_path(name)).business.reputation
    assert reputation.points_per_praise == pytest.approx(reputation.points_per_complaint * 9 / 16)
