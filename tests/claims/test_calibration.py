"""The calibration table as tests: every published effect a preset relies on, measured back out.

One test per row of ``docs/calibration.md`` (a claim on one preset), with the
same seeded replications as ``make calibration``; a row passes when the 95%
interval is compatible with the published band, or when the business departs
from the source's population for a stated reason.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from simlib.experiments.calibration import CLAIMS, calibrate
from simlib.report.calibration import format_estimate, table_lines

DOC = Path(__file__).resolve().parents[2] / "docs" / "calibration.md"
CASES = [pytest.param(claim.key, preset, id=f"{claim.key}-{preset}") for claim in CLAIMS for preset in claim.presets]


@pytest.fixture(scope="module")
def rows():
    return {(row.claim.key, row.preset): row for row in calibrate()}


@pytest.mark.parametrize("key, preset", CASES)
def test_published_effect_comes_back_out_of_the_simulation(rows, key, preset):
    row = rows[key, preset]
    measured = "; ".join(format_estimate(p, e) for p, e in zip(row.claim.parts, row.estimates))
    assert row.verdict in ("PASS", "DEPARTS"), f"{row.claim.published} published, {measured}: {row.reason}"
    if row.verdict == "DEPARTS":
        assert row.reason.count(". ") == 0 and "§" in row.reason, "one sentence, with its evidence"


def test_every_claim_cites_a_section_of_the_research_notes():
    assert all(claim.source.startswith("§") for claim in CLAIMS)


def test_the_committed_table_is_the_one_the_code_makes(rows):
    fresh = "\n".join(table_lines(list(rows.values())))
    assert fresh in DOC.read_text(encoding="utf-8"), "run make calibration"
