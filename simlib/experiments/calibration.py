"""Calibration: every published effect a preset relies on, measured back out of the simulation.

Each :class:`Claim` is one published figure from the research notes
(``domain-facts.md``, by section), the presets that rely on it, and how to
measure it on the model quantity the source measured (qualifying a lead, not
buying; coming back; switching; complaining in public...). :func:`calibrate`
runs seeded replications of each preset (:mod:`simlib.experiments.calibration_runs`)
and gives one :class:`Row` per claim and preset with the simulated value, its
95% confidence interval and a verdict:

- ``PASS``: the interval is compatible with the published figure (a range
  overlaps the published band; a bound lies wholly on the right side);
- ``DEPARTS``: the source's population does not describe this business, said
  in one sentence with the evidence (never a way to hide a miss);
- ``FAIL``: anything else, with the reason.

Published bands: a range as published; a single survey share +-3 percentage
points (rounded shares from samples of 500-5,000); a single ratio +-20%
(ratios quoted by secondary sources). ``make calibration`` writes the table to
``docs/calibration.md`` (:mod:`simlib.report.calibration`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from simlib.experiments.calibration_runs import Estimate, Sample, collect, pooled_median, ratio, ratio_of_ratios

PRESETS = ("high_volume", "restaurant", "luxury")
REPLICATIONS = {"high_volume": 12, "restaurant": 40, "luxury": 60}
"""Seeded replications per preset (four weeks each): enough for intervals a few points wide."""

Unit = Literal["share", "ratio", "premium", "minutes", "money", "per_1000", "weight"]
Side = Literal["range", "at_least", "at_most"]


@dataclass(frozen=True)
class Part:
    """One published number of a claim and the band the simulation must meet."""

    label: str
    band: tuple[float, float]
    unit: Unit
    side: Side = "range"

    def met_by(self, estimate: Estimate) -> bool:
        """Whether the estimate's 95% interval (its value, when exact) meets the band."""
        low, high = (estimate.value, estimate.value) if math.isnan(estimate.low) else (estimate.low, estimate.high)
        if math.isnan(low):
            return False
        if self.side == "at_least":
            return low >= self.band[0]
        if self.side == "at_most":
            return high <= self.band[1]
        return low <= self.band[1] and high >= self.band[0]


@dataclass(frozen=True)
class Measured:
    """What a claim's measurement found: one estimate per part."""

    estimates: tuple[Estimate, ...]


@dataclass(frozen=True)
class Claim:
    """A published effect, where it comes from, and how the simulation is measured against it.

    ``quantity`` names the model quantity measured; ``departs`` maps a preset
    to the one-sentence reason (with its evidence) why the source's
    population does not describe it.
    """

    key: str
    effect: str
    source: str
    published: str
    parts: tuple[Part, ...]
    presets: tuple[str, ...]
    quantity: str
    measure: Callable[[Sample], Measured]
    departs: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Row:
    """One line of the calibration table: a claim measured on one preset."""

    claim: Claim
    preset: str
    estimates: tuple[Estimate, ...]
    verdict: Literal["PASS", "FAIL", "DEPARTS"]
    reason: str


# --- measurements --------------------------------------------------------------------

def _masks(sample: Sample) -> dict[str, pd.Series]:
    r = sample.records
    pre = r["kind"] == "pre_sale"
    return {
        "pre": pre, "after": ~pre, "answered": r["answered_in_time"], "ignored": r["abandoned"],
        "good": r["answered_in_time"] & ~r["disappointed"],
        "timely": r["answered_in_time"] & ~r["disappointed"]
        & (r["first_response"] <= sample.scenario.business.reputation.fast_minutes),
        "disappointed": r["answered_in_time"] & r["disappointed"],
        "purchase": r["bought"] | r["repeat_purchase"],
    }


def _one(estimate: Estimate) -> Measured:
    return Measured((estimate,))


def _share_of(flag: str, among: str) -> Callable[[Sample], Measured]:
    def measure(sample: Sample) -> Measured:
        m = _masks(sample)
        return _one(sample.share(sample.records[flag], m[among]))
    return measure


def _lead_ratio(first: str, second: str) -> Callable[[Sample], Measured]:
    def measure(sample: Sample) -> Measured:
        return _one(sample.audit_ratio(first, second))
    return measure


def _spend(sample: Sample, among: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Per replication: money paid and base tickets of the purchases selected (their ratio - 1 is the premium)."""
    r = sample.records
    return sample.per_replication(r["revenue"], among), sample.per_replication(r["ticket"], among)


def _reply_spend(sample: Sample) -> Measured:
    m = _masks(sample)
    paid, base = _spend(sample, m["purchase"] & m["answered"])
    paid_ignored, base_ignored = _spend(sample, m["purchase"] & m["ignored"])
    e = ratio_of_ratios(paid, base, paid_ignored, base_ignored)
    return _one(Estimate(e.value - 1, e.low - 1, e.high - 1))


def _reply_speed_spend(sample: Sample) -> Measured:
    m = _masks(sample)
    fast = m["purchase"] & m["answered"] & (sample.records["first_response"] < 6)
    slow = m["purchase"] & m["answered"] & (sample.records["first_response"] > 60)
    paid_fast, base_fast = _spend(sample, fast)
    paid_slow, base_slow = _spend(sample, slow)
    return _one(ratio_of_ratios(paid_fast - base_fast, base_fast, paid_slow - base_slow, base_slow))


def _return_after_reply(sample: Sample) -> Measured:
    m = _masks(sample)
    repeat = sample.records["repeat_purchase"]
    return Measured((sample.share(repeat, m["after"] & m["answered"]),
                     sample.share(repeat, m["after"] & m["ignored"])))


def _luxury_return(sample: Sample) -> Measured:
    m = _masks(sample)
    poor = m["after"] & (m["ignored"] | (m["answered"] & ~m["good"]))
    return _one(sample.share_ratio(sample.records["repeat_purchase"], poor, m["after"] & m["good"]))


def _switch(sample: Sample) -> Measured:
    m = _masks(sample)
    return _one(sample.share(sample.records["switched"], m["ignored"]))


def _recommend(sample: Sample) -> Measured:
    m = _masks(sample)
    return _one(sample.share_ratio(sample.records["promoted"], m["answered"], m["ignored"]))


def _won_back(sample: Sample) -> Measured:
    m = _masks(sample)
    answered_late = m["ignored"] & sample.records["reply_start"].notna() & sample.records["complaint"]
    return _one(sample.share(sample.records["won_back"], answered_late))


def _patience_within(minutes: float) -> Callable[[Sample], Measured]:
    def measure(sample: Sample) -> Measured:
        patience = sample.records["patience"]
        return _one(sample.share(patience <= minutes, np.isfinite(patience)))
    return measure


def _badge(sample: Sample) -> Measured:
    r = sample.records
    dm = r["channel"] == "dm"
    same_day = np.floor(r["reply_start"] / 1440) == np.floor(r["arrival"] / 1440)
    answered = dm & r["reply_start"].notna()
    return Measured((sample.share(same_day, dm), pooled_median(sample, r["first_response"], answered)))


def _wom(sample: Sample) -> Measured:
    rules = sample.scenario.business.reputation
    weight = rules.points_per_praise / rules.points_per_complaint
    return _one(Estimate(weight, math.nan, math.nan))


def _inbound(sample: Sample) -> Measured:
    scenario = sample.scenario
    months = scenario.run.days / (365.25 / 12)
    per = np.full(sample.replications, months * scenario.business.audience.followers / 1000)
    counts = sample.per_replication(np.ones(len(sample.records)), np.ones(len(sample.records), dtype=bool))
    return _one(ratio(counts, per))


def _median_ticket(sample: Sample) -> Measured:
    m = _masks(sample)
    return _one(pooled_median(sample, sample.records["ticket"], m["purchase"]))


def _mean_ticket(sample: Sample) -> Measured:
    m = _masks(sample)
    return _one(sample.share(sample.records["ticket"], m["purchase"]))


# --- the published effects ----------------------------------------------------------

CONSIDERED_PURCHASE = (
    "A considered purchase, not a web-form sales lead called back by phone: 3 in 4 luxury buyers think a "
    "purchase through and see about 9 touchpoints first (Empathica 2012, smartinsights; §4.4), so the "
    "jeweller's leads cool over half a day (teaching assumption)."
)
ALL = PRESETS


def _band(value: float, kind: Literal["share", "ratio"]) -> tuple[float, float]:
    """The published band of a single figure: +-3 points for a survey share, +-20% for a ratio."""
    return (value - 0.03, value + 0.03) if kind == "share" else (value / 1.2, value * 1.2)


CLAIMS: tuple[Claim, ...] = (
    Claim("lead_5_vs_30", "Qualifying a lead answered at 5 vs at 30 minutes",
          "§1.2 MIT / InsideSales Lead Response Management study (Oldroyd & Elkington 2007)",
          "21x (odds of qualifying; secondary sources)", (Part("5 vs 30 min", _band(21, "ratio"), "ratio"),),
          ("high_volume", "luxury"), "lead qualified: still there and in the conversation, audit at fixed delays",
          _lead_ratio("5 min", "30 min"), {"luxury": CONSIDERED_PURCHASE}),
    Claim("lead_5_vs_10", "Qualifying a lead answered at 5 vs at 10 minutes",
          "§1.2 MIT / InsideSales Lead Response Management study (Oldroyd & Elkington 2007)",
          "4x (secondary sources)", (Part("5 vs 10 min", _band(4, "ratio"), "ratio"),),
          ("high_volume", "luxury"), "lead qualified, audit at fixed delays",
          _lead_ratio("5 min", "10 min"), {"luxury": CONSIDERED_PURCHASE}),
    Claim("lead_1h_vs_2h", "Qualifying a lead answered within 1 hour vs 1 to 2 hours",
          "§1.1 HBR 2011, The Short Life of Online Sales Leads (Oldroyd, McElheran, Elkington)",
          "nearly 7x", (Part("within 1 h vs 1-2 h", _band(7, "ratio"), "ratio"),),
          ("high_volume", "luxury"), "lead qualified, audit over each window",
          _lead_ratio("within 1 h", "1-2 h"), {"luxury": CONSIDERED_PURCHASE}),
    Claim("lead_1h_vs_24h", "Qualifying a lead answered within 1 hour vs after 24 hours",
          "§1.1 HBR 2011, The Short Life of Online Sales Leads (Oldroyd, McElheran, Elkington)",
          "more than 60x", (Part("within 1 h vs 24-48 h", (60, math.inf), "ratio", "at_least"),),
          ("high_volume", "luxury"), "lead qualified, audit over each window",
          _lead_ratio("within 1 h", "24-48 h"), {"luxury": CONSIDERED_PURCHASE}),
    Claim("reply_spend", "Spend per purchase after a reply vs without one",
          "§2.2 Twitter / Applied Marketing Science 2016 (quick-service pizza +20%; 3% to 20% by industry)",
          "+3% to +20%", (Part("premium", (0.03, 0.20), "premium"),),
          ("high_volume",), "money paid / ticket, purchases after a reply vs by ignored customers",
          _reply_spend),
    Claim("reply_speed_spend", "Spend premium after a reply within 6 minutes vs after more than 60",
          "§2.1 Twitter / Applied Marketing Science 2015 airline study (+$20 vs +$2.33)",
          "8.6x", (Part("< 6 vs > 60 min", _band(20 / 2.33, "ratio"), "ratio"),),
          ("high_volume",), "premium per purchase by first-reply time, default staffing", _reply_speed_spend),
    Claim("return_after_reply", "Customers who come back: brand responded vs did not",
          "§2.3 Twitter QSR Insights Survey 2014 (Millward Brown Digital, > 5,000 users)",
          "80% vs 31%",
          (Part("responded", _band(0.80, "share"), "share"), Part("did not", _band(0.31, "share"), "share")),
          ("high_volume", "restaurant"), "after-sale customers answered before giving up vs ignored",
          _return_after_reply),
    Claim("luxury_return", "Clients who come back after poor service, relative to good service",
          "§4.4 Spherion via Business Insider 2016 (48% want an incentive, 13% never return)",
          "39%", (Part("poor / good", _band(0.39, "share"), "share"),),
          ("luxury",), "after-sale return, ignored or disappointed vs answered well", _luxury_return),
    Claim("switch", "Ignored customers who switch to a competitor",
          "§2.6 Sprout Social Index Q2 2016 (1 in 3 switch; 30% go to a competitor)",
          "30% to 33%", (Part("switched", (0.30, 1 / 3), "share"),), ALL,
          "customers who gave up unanswered and went to a competitor", _switch),
    Claim("recommend", "Recommending the brand after a reply vs without one",
          "§2.2 Twitter 2016 via destinationCRM (30% more likely to recommend)",
          "1.3x", (Part("reply vs none", (1.2, 1.4), "ratio"),), ALL,
          "customers who encourage friends to buy, answered vs ignored", _recommend),
    Claim("complain_ignored", "Ignored customers who complain in public",
          "§2.6 Sprout Social Index Q2 2016 (36% shame the brand on their own profiles)",
          "36%", (Part("complained", _band(0.36, "share"), "share"),), ALL,
          "public complaint by customers who gave up unanswered", _share_of("complaint", "ignored")),
    Claim("complain_bad_qsr", "Diners with a bad experience who voice it on social media",
          "§2.3 Twitter QSR Insights Survey 2014", "29%", (Part("complained", _band(0.29, "share"), "share"),),
          ("high_volume",), "public complaint by customers a reply disappointed",
          _share_of("complaint", "disappointed")),
    Claim("complain_bad", "Customers who post a negative comment after subpar service",
          "§2.6 KISSmetrics via Sprout Social", "26%", (Part("complained", _band(0.26, "share"), "share"),),
          ("restaurant", "luxury"), "public complaint by customers a reply disappointed",
          _share_of("complaint", "disappointed")),
    Claim("praise", "Customers who praise or recommend the brand on social media after a timely reply",
          "§2.4 Lithium / Millward Brown Digital 2013 (n = 501)", "42%",
          (Part("praised", _band(0.42, "share"), "share"),), ALL,
          "public praise after a good reply within fast_minutes (1 hour)", _share_of("praise", "timely")),
    Claim("promote", "Customers who encourage friends and family to buy after a timely reply",
          "§2.4 Lithium / Millward Brown Digital 2013 (n = 501)", "43%",
          (Part("promoted", _band(0.43, "share"), "share"),), ALL,
          "moved up the engagement ladder after a good reply within 1 hour", _share_of("promoted", "timely")),
    Claim("negative_action", "Customers who take negative action when there is no timely reply",
          "§2.4 Lithium / Millward Brown Digital 2013 (n = 501)", "60%",
          (Part("turned critic", _band(0.60, "share"), "share"),), ALL,
          "customers who gave up unanswered and turned critic", _share_of("became_critic", "ignored")),
    Claim("won_back", "Negative posters who feel more favourable when the company responds",
          "§2.2 Twitter 2016 study via Fortune", "69%", (Part("won back", _band(0.69, "share"), "share"),), ALL,
          "complainers answered late, after giving up, who are won back", _won_back),
    Claim("patience_24h", "Customers who would wait no longer than 24 hours",
          "§2.5 Spider Marketing survey (> 3,000 consumers)", "84%",
          (Part("gave up by 24 h", _band(0.84, "share"), "share"),), ALL,
          "patience (time before giving up) of 24 hours or less", _patience_within(1440)),
    Claim("expectation_not_patience", "Giving up within 1 hour is rarer than wanting a reply within 1 hour",
          "§2.5 Arise / Google Consumer Survey 2017 (49.8% want a reply within 1 hour: an expectation)",
          "below 49.8%", (Part("gave up by 1 h", (0.0, 0.498), "share", "at_most"),), ALL,
          "patience of 1 hour or less", _patience_within(60)),
    Claim("badge", "Facebook 'very responsive' badge: >= 90% of messages answered the same day AND median "
          "first reply <= 15 minutes", "§2.7 Facebook help text (copies: tonyahn.com, brandbastion)",
          ">= 90% and <= 15 min",
          (Part("same day", (0.90, 1.0), "share", "at_least"), Part("median", (0.0, 15.0), "minutes", "at_most")),
          ("high_volume",), "DMs at default staffing: answered on the day received; median first reply",
          _badge),
    Claim("wom", "Praise weighed against a complaint (people told about good vs poor service)",
          "§3 American Express Global Customer Service Barometer 2011", "9 vs 16 people: 0.5625",
          (Part("praise / complaint", (0.55, 0.575), "weight"),), ALL, "reputation weight of a praise over a complaint "
          "(model input)", _wom),
    Claim("inbound", "Questions needing a reply per 1,000 followers a month",
          "§2.6 Sprout Social Index 2013 and 2015 (39-60 messages; 4 in 10 need a reply)", "15.6 to 24",
          (Part("questions", (15.6, 24.0), "per_1000"),), ALL, "questions that arrived, default staffing",
          _inbound),
    Claim("ticket_luxury", "Median luxury purchase", "§4.4 Shullman Research 2015 via MediaPost",
          "$620 to $2,900", (Part("median", (620.0, 2900.0), "money"),), ("luxury",),
          "median ticket of the purchases", _median_ticket),
    Claim("ticket_qsr", "Quick-service ticket per transaction", "§4.5 vendor and business-plan pages",
          "$8 to $12", (Part("mean", (8.0, 12.0), "money"),), ("high_volume",),
          "mean ticket of the purchases", _mean_ticket),
)


def verdict(claim: Claim, preset: str, measured: Measured) -> tuple[str, str]:
    """PASS, FAIL or DEPARTS for one claim on one preset, and the reason (empty for PASS)."""
    if preset in claim.departs:
        return "DEPARTS", claim.departs[preset]
    if all(part.met_by(e) for part, e in zip(claim.parts, measured.estimates)):
        return "PASS", ""
    return "FAIL", "outside the published band"


def rows_for(sample: Sample, claims: Iterable[Claim] = CLAIMS) -> list[Row]:
    """The rows of every claim that relies on this sample's preset."""
    rows = []
    for claim in claims:
        if sample.preset not in claim.presets:
            continue
        measured = claim.measure(sample)
        status, reason = verdict(claim, sample.preset, measured)
        rows.append(Row(claim, sample.preset, measured.estimates, status, reason))
    return rows


def calibrate(presets: Iterable[str] = PRESETS, replications: Mapping[str, int] = REPLICATIONS) -> list[Row]:
    """Every row of the calibration table, claim by claim, for the given presets."""
    rows = [row for preset in presets for row in rows_for(collect(preset, replications[preset]))]
    order = {claim.key: k for k, claim in enumerate(CLAIMS)}
    return sorted(rows, key=lambda row: (order[row.claim.key], PRESETS.index(row.preset)))
