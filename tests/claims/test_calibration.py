"""The calibration table as tests: every published effect a preset relies on, measured back out.

One test per row of ``docs/calibration.md`` (a claim on one preset), with the
same seeded replications as ``make calibration``; a row passes when the 95%
interval is compatible with the published band, or when the business departs
from the source's population for a stated reason. Rows the model is known to
get wrong are expected failures that name the reason (issue 12); they fail
loudly (strict) once fixed, so the mark cannot outlive the fault.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from simlib.experiments.calibration import CLAIMS, calibrate
from simlib.report.calibration import format_estimate, table_lines

DOC = Path(__file__).resolve().parents[2] / "docs" / "calibration.md"
NO_QUALIFICATION = "the model maps the lead figures onto buying and has no qualification step"
KNOWN_WRONG = {
    ("lead_5_vs_30", "high_volume"): NO_QUALIFICATION,
    ("lead_5_vs_10", "high_volume"): NO_QUALIFICATION,
    ("lead_1h_vs_2h", "high_volume"): NO_QUALIFICATION,
    ("lead_1h_vs_24h", "high_volume"): NO_QUALIFICATION,
    ("reply_spend", "high_volume"): "the willingness-to-pay premium is turned into a chance of buying",
    ("reply_speed_spend", "high_volume"): "the willingness-to-pay premium is turned into a chance of buying",
    ("luxury_churn", "luxury"): "a yearly churn of top clients is used as the chance to buy again after one answer",
    **{("switch", p): "ignored customers are all lost, nobody switches" for p in ("high_volume", "restaurant", "luxury")},
    **{("recommend", p): "ignored customers never recommend, so a reply's effect is infinite"
       for p in ("high_volume", "restaurant", "luxury")},
    **{("won_back", p): "the 69% of people who feel more favourable is used as a share of damage repaired"
       for p in ("high_volume", "restaurant", "luxury")},
    ("patience_24h", "high_volume"): "patience is a stated expected reply time, not evidence on giving up",
    ("patience_24h", "restaurant"): "patience is a stated expected reply time, not evidence on giving up",
    ("expectation_not_patience", "high_volume"): "patience is a stated expected reply time (median 1 hour)",
    ("badge", "restaurant"): "cites the badge for a 15-minute target its default team does not meet",
}


def cases():
    for claim in CLAIMS:
        for preset in claim.presets:
            reason = KNOWN_WRONG.get((claim.key, preset))
            marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
            yield pytest.param(claim.key, preset, id=f"{claim.key}-{preset}", marks=marks)


@pytest.fixture(scope="module")
def rows():
    return {(row.claim.key, row.preset): row for row in calibrate()}


@pytest.mark.parametrize("key, preset", list(cases()))
def test_published_effect_comes_back_out_of_the_simulation(rows, key, preset):
    row = rows[key, preset]
    measured = "; ".join(format_estimate(p, e) for p, e in zip(row.claim.parts, row.estimates))
    assert row.verdict in ("PASS", "DEPARTS"), f"{row.claim.published} published, {measured}: {row.reason}"
    if row.verdict == "DEPARTS":
        assert row.reason.count(". ") == 0 and "§" in row.reason, "one sentence, with its evidence"


def test_every_claim_cites_a_section_of_the_research_notes():
    assert all(claim.source.startswith("§") for claim in CLAIMS)


def test_the_committed_table_is_the_one_the_code_makes(rows):
    committed = DOC.read_text(encoding="utf-8").splitlines()
    fresh = table_lines(list(rows.values()))
    assert [line for line in committed if line.startswith("|")] == fresh, "run make calibration"
