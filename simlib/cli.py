"""Command line: ``simlib run`` simulates a scenario, ``simlib erlang`` gives the formulas.

Bad input prints one line naming the field and exits with status 2.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence

import pandas as pd

from simlib.engine import simulate
from simlib.errors import ScenarioError
from simlib.kpis import KPI_DESCRIPTIONS, kpis
from simlib.queueing import queue_figures
from simlib.replications import summarise
from simlib.scenario import load_scenario, parse_override

PERCENT = {"answered_share", "p_abandon", "open_share", "p_wait", "service_level", "utilisation", "occupancy"}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``simlib`` and ``python -m simlib``; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.command(args)
    except (ScenarioError, ValueError) as exc:
        print(f"simlib {args.name}: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `simlib run ... | head`: the reader has had enough
        sys.stderr.close()
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="simlib", description="Simulate a social-media inbox and the team that answers it."
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="simulate a scenario file and print its KPIs")
    run.set_defaults(command=_run, name="run")
    run.add_argument("--scenario", required=True, metavar="FILE.toml", help="scenario file")
    run.add_argument("--days", type=float, help="simulated days (overrides run.days)")
    run.add_argument("--seed", type=int, help="random seed (overrides run.seed)")
    run.add_argument("--replications", type=int, help="independent replications (overrides run.replications)")
    run.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                     help="override any field by dotted path, e.g. staff.day.count=4 (repeatable)")
    run.add_argument("--json", action="store_true", help="print JSON instead of a table")
    run.add_argument("--records", metavar="FILE.csv", help="save one row per question to a CSV file")

    erlang = commands.add_parser("erlang", help="analytic Erlang C / Erlang A figures")
    erlang.set_defaults(command=_erlang, name="erlang")
    erlang.add_argument("--arrivals-per-hour", type=float, required=True)
    erlang.add_argument("--handle-minutes", type=float, required=True, help="mean handling time")
    erlang.add_argument("--agents", type=int, required=True)
    erlang.add_argument("--patience-minutes", type=float, default=math.inf,
                        help="mean patience; leave out for Erlang C (nobody gives up)")
    erlang.add_argument("--target-minutes", type=float, default=0.0, help="service-level target")
    erlang.add_argument("--json", action="store_true", help="print JSON instead of a table")
    return parser


def _run(args: argparse.Namespace) -> int:
    overrides = dict(parse_override(text) for text in args.set)
    for field, value in (("run.days", args.days), ("run.seed", args.seed),
                         ("run.replications", args.replications)):
        if value is not None:
            overrides[field] = value
    scenario = load_scenario(args.scenario, overrides)
    results = [simulate(scenario, replication=k) for k in range(scenario.run.replications)]
    table = pd.DataFrame([kpis(r) for r in results])
    summary = summarise(table)
    shares = summary.index.isin(list(PERCENT))  # a share's interval stays within 0-100%
    summary.loc[shares, ["ci_low", "ci_high"]] = summary.loc[shares, ["ci_low", "ci_high"]].clip(0, 1)
    if args.records:
        records = pd.concat([r.records.assign(replication=r.replication) for r in results])
        records.to_csv(args.records, index=False)
    if args.json:
        out = {"scenario": scenario.name, "seed": scenario.run.seed, "days": scenario.run.days,
               "replications": scenario.run.replications, **summary["mean"].to_dict()}
        if scenario.run.replications > 1:
            out["ci95"] = {k: [row.ci_low, row.ci_high] for k, row in summary.iterrows()}
        print(json.dumps(_finite(out), indent=2))
        return 0
    reps = scenario.run.replications
    print(f"{scenario.name}: {scenario.run.days:g} days, seed {scenario.run.seed}, "
          f"{reps} replication{'s' * (reps > 1)}" + (" (mean and 95% CI)" if reps > 1 else ""))
    values = {name: _fmt(name, row["mean"]) for name, row in summary.iterrows()}
    if reps > 1:
        values = {name: f"{values[name]}  [{_fmt(name, row.ci_low)}, {_fmt(name, row.ci_high)}]"
                  for name, row in summary.iterrows()}
    width = max(map(len, values.values()))
    for name, value in values.items():
        print(f"  {name:<31}{value:<{width + 2}}{KPI_DESCRIPTIONS[name]}")
    if args.records:
        print(f"records: {args.records}")
    return 0


def _erlang(args: argparse.Namespace) -> int:
    figures = queue_figures(args.arrivals_per_hour, args.handle_minutes, args.agents,
                            args.patience_minutes, args.target_minutes)
    values = figures.as_dict()
    if args.json:
        print(json.dumps(_finite(values), indent=2))
        return 0
    model = "Erlang C (M/M/c)" if math.isinf(args.patience_minutes) else "Erlang A (M/M/c+M)"
    print(f"{model}: offered load {figures.offered_load:.3g} Erlangs on {figures.agents} agents")
    for name in ("p_wait", "mean_wait_minutes", "p_abandon", "service_level", "occupancy",
                 "mean_queue_length"):
        print(f"  {name:<20}{_fmt(name, values[name])}")
    return 0


def _fmt(name: str, value: float) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if name in PERCENT:
        return f"{round(100 * value, 1) + 0.0:.1f}%"  # + 0.0: never print "-0.0%"
    if name == "questions":
        return f"{value:,.0f}"
    if "minutes" in name:
        return f"{value:.2f} min"
    return f"{value:.2f}"


def _finite(data):
    """JSON has no NaN or infinity: write them as null."""
    if isinstance(data, dict):
        return {k: _finite(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_finite(v) for v in data]
    if isinstance(data, float) and not math.isfinite(data):
        return None
    return data
