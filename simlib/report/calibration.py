"""Write the calibration table (``docs/calibration.md``) and its figure.

Usage (``make calibration``)::

    python -m simlib.report.calibration docs/calibration.md docs/img/calibration.png

Three parts, all from seeded replications (the same numbers every time): the
published effects (:func:`simlib.experiments.calibration.calibrate`) and their
figure, reputation over 52 weeks (:mod:`simlib.experiments.reputation_year`)
and the money figures (:mod:`simlib.experiments.delay_cost`). ``tests/claims``
repeats them and checks that the committed effects table is the one the code makes.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from simlib.experiments.calibration import PRESETS, REPLICATIONS, Part, Row, calibrate
from simlib.experiments.calibration_runs import Estimate
from simlib.experiments.delay_cost import money_table, paired_change
from simlib.experiments.replications import summarise
from simlib.experiments.reputation_year import CUT_WEEKS, CUTS, SETTLED_WEEK, YearFigures, year
from simlib.figures.calibration import plot_calibration

MONEY_REPLICATIONS = {"high_volume": 6, "restaurant": 30, "luxury": 30}
PAIRED = {"+1 on every shift": {"staff.weekday.count": 2, "staff.saturday.count": 2},
          "nobody answers": {"staff.weekday.count": 0, "staff.saturday.count": 0}}
"""The jeweller's paired staffing changes shown beside its shortfall."""
HEADER = ("Effect", "Source", "Published", "Preset", "Model quantity", "Simulated (95% CI)", "Verdict")


def format_number(value: float, unit: str) -> str:
    """One number as the table writes it (``80.1%``, ``21.3x``, ``+12.0%``, ``$1,342``, ``3.2 min``)."""
    if math.isnan(value):
        return "not modelled"
    if math.isinf(value):
        return "infinite"
    if unit == "share":
        return f"{value:.1%}"
    if unit == "premium":
        return f"{value:+.1%}"
    if unit == "ratio":
        return f"{value:.0f}x" if abs(value) >= 100 else f"{value:.1f}x"
    if unit == "money":
        return f"${value:,.0f}" if value >= 100 else f"${value:.2f}"
    if unit == "minutes":
        return f"{value:.1f} min"
    if unit == "weight":
        return f"{value:.4f}"
    return f"{value:.1f}"


def format_estimate(part: Part, estimate: Estimate) -> str:
    """``label value [low, high]``; an exact value (a model input) says so."""
    text = f"{part.label}: {format_number(estimate.value, part.unit)}"
    if not math.isfinite(estimate.value):
        return text
    if math.isnan(estimate.low):
        return text + " (exact)"
    return text + f" [{format_number(estimate.low, part.unit)}, {format_number(estimate.high, part.unit)}]"


def table_lines(rows: Sequence[Row]) -> list[str]:
    """The Markdown table: effect, source and published value on the first row of each claim."""
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    previous = None
    for row in rows:
        claim = row.claim
        first = claim.key != previous
        previous = claim.key
        simulated = "; ".join(format_estimate(p, e) for p, e in zip(claim.parts, row.estimates))
        verdict = f"**{row.verdict}**" + (f": {row.reason}" if row.reason else "")
        cells = [claim.effect if first else "", claim.source if first else "", claim.published if first else "",
                 row.preset, claim.quantity, simulated, verdict]
        lines.append("| " + " | ".join(cell.replace("|", "/") for cell in cells) + " |")
    return lines


def _ci(values: pd.Series, digits: int = 1, money: bool = False) -> str:
    """Mean [95% interval] across replications."""
    row = summarise(values.to_frame("x"), bounds={}).loc["x"]
    fmt = (lambda v: f"{v:,.0f}") if money else (lambda v: f"{v:.{digits}f}")
    return f"{fmt(row['mean'])} [{fmt(row['ci_low'])}, {fmt(row['ci_high'])}]"


def year_lines(years: Sequence[YearFigures]) -> list[str]:
    """Reputation over 52 weeks: the band as shipped, and the cut's crisis and recovery."""
    lines = [f"| Preset | Crisis line | As shipped: lowest, highest (from week {SETTLED_WEEK}) | "
             "Drift, last vs first quarter | Crises as shipped | The cut | Lowest during the cut | "
             "Crises during the cut | Weeks to recover |",
             "|" + "---|" * 9]
    for y in years:
        cut = ", ".join(f"{n} fewer on `{shift}`" for shift, n in CUTS[y.preset].items())
        drift = y.shipped["last_quarter"] - y.shipped["first_quarter"]
        lines.append(f"| {y.preset} | {y.crisis_below:g} | {_ci(y.shipped['lowest'])}, {_ci(y.shipped['highest'])} | "
                     f"{_ci(drift)} | {int(y.shipped['crisis'].sum())} of {len(y.shipped)} | {cut} | "
                     f"{_ci(y.cut['lowest'])} | {int(y.cut['crisis'].sum())} of {len(y.cut)} | "
                     f"{_ci(y.cut['weeks_to_recover'])} |")
    return lines


def money_lines(tables: dict[str, pd.DataFrame], paired: dict[str, pd.DataFrame]) -> list[str]:
    """Revenue, benchmark, shortfall and the cost of one more minute, per preset; the jeweller's paired changes."""
    lines = ["| Preset | Revenue | Benchmark | Shortfall | One more minute on every reply: total | per question |",
             "|" + "---|" * 6]
    for preset, t in tables.items():
        lines.append(f"| {preset} | {_ci(t['revenue'], money=True)} | {_ci(t['benchmark'], money=True)} | "
                     f"{_ci(t['shortfall'], money=True)} | {_ci(t['delay_cost_per_minute'], money=True)} | "
                     f"{_ci(t['delay_cost_per_question_minute'], 2)} |")
    lines += ["", "| Jeweller, paired with the team as shipped | Change in revenue | Change in shortfall |",
              "|---|---|---|"]
    for name, t in paired.items():
        cells = [f"{t.loc[k, 'mean']:,.0f} [{t.loc[k, 'ci_low']:,.0f}, {t.loc[k, 'ci_high']:,.0f}]"
                 for k in ("revenue", "shortfall")]
        lines.append(f"| {name} | {cells[0]} | {cells[1]} |")
    return lines


def document(rows: Sequence[Row], figure_name: str, years: Sequence[YearFigures] = (),
             tables: dict[str, pd.DataFrame] | None = None, paired: dict[str, pd.DataFrame] | None = None) -> str:
    """The whole of ``docs/calibration.md``."""
    counts = {v: sum(row.verdict == v for row in rows) for v in ("PASS", "FAIL", "DEPARTS")}
    runs = ", ".join(f"{REPLICATIONS[p]} of `{p}`" for p in PRESETS)
    return "\n".join([
        "# Calibration: the published effects, measured back out of the simulation",
        "",
        "Generated by `make calibration` (`simlib.report.calibration`); do not edit by hand. "
        "`tests/claims/test_calibration.py` repeats every measurement with the same seeds.",
        "",
        "Each row is a published figure a preset relies on (section of `../shared/research/domain-facts.md` "
        "and the original source), measured on the model quantity the source measured. Simulated values are "
        f"pooled over seeded four-week replications of each preset as shipped ({runs}); the 95% interval "
        "comes from a bootstrap over replications. The lead-response rows are an audit, as in the studies: "
        "every lead of a replication answered, on paper, at the given delay, the model deciding on the "
        "lead's own dice.",
        "",
        "**PASS**: the interval is compatible with the published band (a range overlaps it; a bound holds "
        "over the whole interval). Bands: a range as published, a single survey share +-3 points, a single "
        "ratio +-20%. **DEPARTS**: the source's population does not describe this business (reason and "
        "evidence given). **FAIL**: anything else, with the reason.",
        "",
        f"{counts['PASS']} PASS, {counts['FAIL']} FAIL, {counts['DEPARTS']} DEPARTS.",
        "",
        *table_lines(rows),
        "",
        f"![Each simulated effect divided by the published one](img/{figure_name})",
        "",
        "## Reputation over 52 weeks",
        "",
        "Seeded 52-week replications of each preset as shipped, and of the same customers with a sustained cut "
        f"from week {CUT_WEEKS[0]} to week {CUT_WEEKS[1]} after which the full team returns. Reputation is the "
        "positive share of the praise and complaints the public remembers (a praise weighs 9/16 of a complaint: "
        "people told about good vs poor service, AmEx 2011); critics' anger fades after a month on average, or a late reply wins them back "
        "(69%). Means and 95% intervals across replications; weeks to recover: from the end of the cut until "
        "the weekly score is back within 5 points of the same replication as shipped.",
        "",
        *year_lines(years),
        "",
        "## Money: shortfall and the cost of one more minute",
        "",
        "Four weeks as shipped. The benchmark is what the customers who would ask at the baseline reputation "
        "would have brought, each answered at once at that reputation, on their own dice; it does not depend "
        "on staffing, so the shortfall (benchmark minus revenue) moves by exactly minus any change in revenue "
        "(below: the jeweller's paired changes). One more minute: the expected revenue lost if every reply "
        "came a minute later, the queue and reputation held fixed, over the run and per question (currency).",
        "",
        *money_lines(tables or {}, paired or {}),
        "",
    ])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the calibration table and figure.")
    parser.add_argument("markdown", type=Path, help="where to write the table, e.g. docs/calibration.md")
    parser.add_argument("figure", type=Path, help="where to write the figure, e.g. docs/img/calibration.png")
    args = parser.parse_args(argv)
    rows = calibrate()
    years = [year(preset) for preset in PRESETS]
    tables = {preset: money_table(preset, MONEY_REPLICATIONS[preset]) for preset in PRESETS}
    paired = {name: paired_change("luxury", changes, MONEY_REPLICATIONS["luxury"]) for name, changes in PAIRED.items()}
    args.markdown.write_text(document(rows, args.figure.name, years, tables, paired), encoding="utf-8")
    plot_calibration(rows).savefig(args.figure, dpi=100)
    print(f"wrote {args.markdown} and {args.figure}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
