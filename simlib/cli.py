"""Command line: ``simlib run`` simulates a scenario, ``simlib compare`` puts scenarios side by
side, ``simlib sweep`` runs a grid of changes (resumable), ``simlib optimise`` searches for a
staffing plan, ``simlib report`` writes a staffing report notebook and ``simlib erlang`` gives the
formulas.

Bad input prints one line naming the file, field or option and exits with status 2, before anything
is simulated when it can be known then (fields, limits, output paths); Ctrl-C exits with status 130.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from simlib.analysis.formatting import format_kpi
from simlib.analysis.registry import KPI_DESCRIPTIONS, OUTCOME_KPI_DESCRIPTIONS
from simlib.errors import ScenarioError
from simlib.experiments.compare import side_by_side
from simlib.experiments.executors import check_memory
from simlib.experiments.replications import run_one, run_replications, summarise, whole_result
from simlib.model.base import shorten
from simlib.model.presets import find_scenario
from simlib.model.records import SimulationResult
from simlib.model.scenario import MAX_STAFF, Scenario, load_scenario, parse_override, workload

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from simlib.analysis.intervals import Targets
    from simlib.analysis.shift_plan import PayRates, ShiftOption

DESCRIPTIONS = {**KPI_DESCRIPTIONS, **OUTCOME_KPI_DESCRIPTIONS}
HEADLINE = ("questions", "answered_share", "median_first_response_minutes", "service_level", "conversion",
            "revenue", "revenue_lost", "revenue_lost_per_question_hour", "complaints", "final_reputation",
            "lowest_reputation", "crisis", "staff_cost", "profit")
"""What ``simlib compare`` shows unless asked for ``--all``."""
COMPARE_REPLICATIONS = 5
"""Replications of ``simlib compare`` when the first scenario's ``run.replications`` is below 2."""


LONGEST_MESSAGE = 500
"""Characters of an error line (a value echoed whole could be megabytes)."""


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``simlib`` and ``python -m simlib``; returns the exit status.

    Every error ends here as one line on standard error: ``simlib COMMAND: error: ...`` with
    status 2 for bad input (a field, an option, a file or folder that cannot be read or
    written), 1 for a failure that is not the input's fault. ``SIMLIB_DEBUG=1`` shows the traceback.
    """
    args = _parser().parse_args(argv)  # a bad command line: one line and SystemExit(2)
    debug = os.environ.get("SIMLIB_DEBUG", "") not in ("", "0")

    def say(kind: str, message: object) -> None:
        text = shorten(" ".join(str(message).split()) if not debug else str(message), LONGEST_MESSAGE)
        print(f"simlib {args.name}: {kind}: {text}", file=sys.stderr)

    with warnings.catch_warnings():
        warnings.simplefilter("default")
        warnings.showwarning = lambda message, *_: say("warning", message)
        try:
            return args.command(args)
        except (ScenarioError, ValueError, RecursionError) as exc:
            if debug:
                raise
            say("error", exc if not isinstance(exc, RecursionError) else "input nested too deeply")
            return 2
        except KeyboardInterrupt as exc:  # a sweep says what it saved; anything else just stops
            print(str(exc) or "interrupted", file=sys.stderr)
            return 130
        except BrokenPipeError:  # e.g. `simlib run ... | head`: the reader has had enough
            sys.stderr.close()
            return 0
        except OSError as exc:  # a file or folder: say which and what the system said
            if debug:
                raise
            where = exc.filename if exc.filename is not None else ""
            say("error", f"{shorten(str(where), 120) + ': ' if where != '' else ''}{exc.strerror or exc}")
            return 2
        except MemoryError:
            if debug:
                raise
            say("error", "out of memory: ask for fewer questions (arrivals, run.days) or fewer replications")
            return 1
        except Exception as exc:  # a bug: one line, and the way to see more
            if debug:
                raise
            say("internal error", f"{type(exc).__name__}: {exc} (a bug in simlib; SIMLIB_DEBUG=1 shows where)")
            return 1


class _Parser(argparse.ArgumentParser):
    """argparse, with a bad command line said in one line (not usage and error on two)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        print(f"{self.prog}: error: {shorten(message, LONGEST_MESSAGE)} (see {self.prog} --help)", file=sys.stderr)
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
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
                     help="change a field that exists by dotted path, e.g. staff.day.count=4 (repeatable)")
    run.add_argument("--add", action="append", default=[], metavar="FIELD={...}",
                     help="add a shift or channel, whole, e.g. 'staff.weekend={count=1, days=[\"sat\"]}' (repeatable)")
    run.add_argument("--json", action="store_true", help="print JSON instead of a table")
    run.add_argument("--records", metavar="FILE.csv", help="save one row per question to a CSV file")

    compare = commands.add_parser("compare", help="two or more scenarios side by side, with 95%% CIs")
    compare.set_defaults(command=_compare, name="compare")
    compare.add_argument("scenarios", nargs="+", metavar="SCENARIO",
                         help="preset name (luxury, high_volume, ...) or scenario file")
    compare.add_argument("--days", type=float, help="simulated days for every scenario")
    compare.add_argument("--seed", type=int, help="random seed for every scenario")
    compare.add_argument("--replications", type=int,
                         help="replications per scenario (default: run.replications of the first scenario, or "
                              f"{COMPARE_REPLICATIONS} when it asks for fewer than 2)")
    compare.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                         help="change a field in every scenario (repeatable)")
    compare.add_argument("--add", action="append", default=[], metavar="FIELD={...}",
                         help="add a shift or channel to every scenario, whole (repeatable)")
    compare.add_argument("--figure", metavar="FILE.png", help="where to save the figure "
                         "(default results/compare_<names>.png)")
    compare.add_argument("--all", action="store_true", help="show every KPI, not only the headline ones")
    compare.add_argument("--json", action="store_true", help="print JSON instead of a table (every KPI)")

    sweep = commands.add_parser("sweep", help="a grid of changes x replications, saved run by run (resumable)")
    sweep.set_defaults(command=_sweep, name="sweep")
    sweep.add_argument("--scenario", required=True, metavar="FILE.toml", help="scenario file or preset name")
    sweep.add_argument("--vary", action="append", required=True, metavar="FIELD=SPEC",
                       help="a field and its values: START:STOP[:STEP] (inclusive) or V1,V2,...; "
                            "staff.NAME means staff.NAME.count; repeat for a full grid")
    _add_common(sweep)
    sweep.add_argument("--out", metavar="FILE.csv", help="results file, one row per run, written as runs finish; "
                       ".parquet for Parquet (default results/sweep_<scenario>.csv)")
    sweep.add_argument("--resume", action="store_true", help="continue the sweep in --out: run only what is missing")
    sweep.add_argument("--kpi", action="append", metavar="KPI", help="KPI to show and plot (repeatable; default "
                       "service_level, median_first_response_minutes and p_abandon, or with a [business] "
                       "service_level, lowest_reputation and profit)")
    sweep.add_argument("--figure", metavar="FILE.png", help="where to save the figure (default results/sweep_<scenario>.png)")

    optimise = commands.add_parser("optimise", help="the cheapest staffing plan meeting targets, or the most profitable")
    optimise.set_defaults(command=_optimise, name="optimise")
    optimise.add_argument("--scenario", required=True, metavar="FILE.toml", help="scenario file or preset name")
    goal = optimise.add_mutually_exclusive_group(required=True)
    goal.add_argument("--service-level", type=float, metavar="SHARE",
                      help="cheapest plan answering at least SHARE (e.g. 0.8) within service.target_minutes, "
                           "in every interval (or on the run's mean with --judge mean)")
    goal.add_argument("--target", action="append", metavar="[CHANNEL:]SHARE[@MINUTES]",
                      help="a service-level target, e.g. comments:0.8@15 or dm:0.8@60 (repeatable; no channel: "
                           "all channels; no minutes: service.target_minutes)")
    goal.add_argument("--profit", action="store_true", help="the plan with the highest mean profit")
    optimise.add_argument("--judge", choices=("interval", "mean"), default="interval",
                          help="targets hold in every interval (default) or on the run's mean")
    optimise.add_argument("--interval", type=int, default=30, choices=(15, 30, 60), metavar="MINUTES",
                          help="interval length for per-interval targets: 15, 30 (default) or 60 minutes")
    optimise.add_argument("--reputation-floor", type=float, metavar="SCORE",
                          help="with targets: mean lowest reputation (0-100) must stay at least SCORE")
    _add_common(optimise)
    optimise.add_argument("--shifts", metavar="A,B", help="shifts to staff (default all; the others keep their count)")
    optimise.add_argument("--starts", metavar="H,H", help="more shifts for the integer program: start hours, "
                          "e.g. 0:22:2 or 6,10,14,22 (with --lengths)")
    optimise.add_argument("--lengths", metavar="H,H", default="8", help="lengths in hours of the --starts shifts "
                          "(default 8), e.g. 4,8")
    optimise.add_argument("--night-premium", type=float, default=0.0, metavar="SHARE",
                          help="extra pay for hours between 22:00 and 06:00 (0.25: +25%%)")
    optimise.add_argument("--part-time-rate", type=float, default=1.0, metavar="FACTOR",
                          help="hourly rate of shifts shorter than 8 hours, relative to full time (default 1)")
    optimise.add_argument("--min-heads", type=int, default=0, metavar="N",
                          help="a shift that is staffed has at least N people (default 0)")
    optimise.add_argument("--max-count", type=int, help="most people on a shift (default 3 x its peak requirement + 5)")
    optimise.add_argument("--shrinkage", type=float, default=0.0, metavar="SHARE",
                          help="share of paid time lost to breaks, absence, training (default 0)")
    optimise.add_argument("--max-occupancy", type=float, metavar="SHARE",
                          help="occupancy cap: never fewer people on duty than load / SHARE (e.g. 0.85)")
    optimise.add_argument("--out", metavar="FILE.csv", help="save every plan evaluated (one row each) to a CSV file")
    optimise.add_argument("--figure", metavar="FILE.png",
                          help="where to save the figure (default results/optimise_<scenario>.png)")

    report = commands.add_parser("report", help="a staffing report notebook with figures (papermill), and HTML")
    report.set_defaults(command=_report, name="report")
    report.add_argument("--scenario", required=True, metavar="FILE.toml", help="scenario file or preset name")
    report.add_argument("--days", type=float, help="simulated days per run (overrides run.days)")
    report.add_argument("--seed", type=int, help="random seed (overrides run.seed)")
    report.add_argument("--replications", type=int, help="runs per plan, at least 2 (default: run.replications "
                        "of the scenario, or 10 when it asks for fewer than 2)")
    report.add_argument("--service-level", type=float, default=0.8, metavar="SHARE",
                        help="target: share answered within service.target_minutes on all channels (default 0.8)")
    report.add_argument("--target", action="append", metavar="[CHANNEL:]SHARE[@MINUTES]",
                        help="a service-level target instead, e.g. comments:0.8@15 or dm:0.8@60 (repeatable)")
    report.add_argument("--judge", choices=("mean", "interval"), default="mean",
                        help="targets on the run's mean (default) or in every interval of the week")
    report.add_argument("--interval", type=int, default=30, choices=(15, 30, 60), metavar="MINUTES",
                        help="interval length for the worst interval and per-interval targets: 15, 30 (default) or 60")
    report.add_argument("--reputation-floor", type=float, metavar="SCORE",
                        help="target: mean lowest reputation (0-100) at least SCORE (needs a [business] section)")
    report.add_argument("--feedback", action="store_true",
                        help="let reputation move the volume during runs (default off: plan for a fixed forecast)")
    report.add_argument("--workers", type=int, help="local processes (default all cores; 1: no pool)")
    report.add_argument("--out", metavar="FILE.ipynb", help="the executed notebook (default reports/out/<scenario>.ipynb)")
    report.add_argument("--html", action="store_true", help="also write an HTML copy beside it (FILE.html)")

    erlang = commands.add_parser("erlang", help="analytic Erlang C / Erlang A figures, or the head count a target needs")
    erlang.set_defaults(command=_erlang, name="erlang")
    erlang.add_argument("--arrivals-per-hour", type=float, required=True)
    erlang.add_argument("--handle-minutes", type=float, required=True, help="mean handling time")
    count = erlang.add_mutually_exclusive_group(required=True)
    count.add_argument("--agents", type=int, help="figures for this head count")
    count.add_argument("--service-level", type=float, metavar="SHARE",
                       help="the smallest head count answering SHARE (e.g. 0.8) within --target-minutes")
    erlang.add_argument("--max-abandon", type=float, metavar="SHARE",
                        help="with --service-level: at most SHARE of customers give up (Erlang A)")
    erlang.add_argument("--patience-minutes", type=float, default=math.inf,
                        help="mean patience; leave out for Erlang C (nobody gives up)")
    erlang.add_argument("--target-minutes", type=float, default=0.0, help="service-level target")
    erlang.add_argument("--json", action="store_true", help="print JSON instead of a table")
    return parser


def _add_common(command: argparse.ArgumentParser) -> None:
    """Options shared by ``sweep`` and ``optimise``: the scenario's changes, replications, where to run."""
    command.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                         help="change a field of the base scenario (repeatable)")
    command.add_argument("--add", action="append", default=[], metavar="FIELD={...}",
                         help="add a shift or channel to the base scenario, whole (repeatable)")
    command.add_argument("--days", type=float, help="simulated days (overrides run.days)")
    command.add_argument("--seed", type=int, help="random seed (overrides run.seed)")
    command.add_argument("--replications", type=int,
                         help="replications per point or plan (overrides run.replications)")
    command.add_argument("--workers", type=int, help="local processes (default all cores; 1: no pool)")
    command.add_argument("--scheduler", metavar="ADDRESS", help="run on a dask cluster, e.g. tcp://10.0.0.5:8786")
    command.add_argument("--feedback", action="store_true",
                         help="let reputation move the volume during runs (default off: plan for a fixed forecast)")


def _load(args: argparse.Namespace) -> tuple[str, Scenario, str | None]:
    """The base scenario of ``sweep`` and ``optimise``: the file with --set, --days and --seed applied.

    Reputation feedback is turned off unless ``--feedback`` (a plan is made
    for a fixed forecast); the third value is the line that says so, if it was on.
    """
    from simlib.analysis.forecast import feedback_on, fixed_forecast, forecast_questions

    path, overrides, additions = _changes(args, ("run.days", "run.seed"))
    _check_replications(args.replications)
    scenario, note = load_scenario(path, overrides, additions=additions, existing_only=True), None
    if feedback_on(scenario) and not args.feedback:
        scenario = fixed_forecast(scenario)
        note = (f"planning at a fixed forecast of {forecast_questions(scenario):,.0f} questions a run: reputation "
                "feedback off (--feedback lets reputation move the volume)")
    return path.stem, scenario, note


def _volume_moved(scenario: Scenario, questions: pd.Series) -> str | None:
    """With feedback on, the line saying how far the questions of the runs moved from the forecast."""
    from simlib.analysis.forecast import feedback_on, forecast_questions, volume_moved

    if not feedback_on(scenario):
        return None
    low, high = (volume_moved(q, scenario) for q in (questions.min(), questions.max()))
    moved = f"{low:+.0%}" if round(low, 2) == round(high, 2) else f"{low:+.0%} to {high:+.0%}"
    return (f"WARNING: reputation feedback is on: the volume moved {moved} from the forecast of "
            f"{forecast_questions(scenario):,.0f} questions a run (mean questions per run, "
            f"{'per point' if len(questions) > 1 else 'chosen plan'}); leave out --feedback to plan for the forecast")


def _sweep(args: argparse.Namespace) -> int:
    from simlib.experiments.sweeps import (
        parse_vary,
        summarise_sweep,
        sweep,
        sweep_fields,
    )
    from simlib.figures.experiments import (
        plot_sweep,  # matplotlib only for the commands that draw
    )

    stem, scenario, note = _load(args)
    grid = dict(parse_vary(text) for text in args.vary)
    business = scenario.business is not None
    shown = args.kpi or (["service_level", "lowest_reputation", "profit"] if business else
                         ["service_level", "median_first_response_minutes", "p_abandon"])
    known = [*KPI_DESCRIPTIONS, *(OUTCOME_KPI_DESCRIPTIONS if business else ())]
    for kpi in shown:
        if kpi not in known:
            raise ScenarioError(f"--kpi {kpi}: not a KPI of this scenario (KPIs: {', '.join(known)})")
    out = _output(args.out or f"results/sweep_{stem}.csv", "--out")
    figure_path = _output(args.figure or f"results/sweep_{stem}.png", "--figure", FIGURE_TYPES)
    replications = scenario.run.replications if args.replications is None else args.replications
    table = sweep(scenario, grid, replications, out=out, resume=args.resume,
                  executor=args.scheduler, workers=args.workers, progress=sys.stderr.isatty())
    summary = summarise_sweep(table, shown)
    fields = sweep_fields(table)
    points, runs = table["point"].nunique(), len(table)
    print(f"{scenario.name}: {points} points x {replications} replications = {runs} runs, "
          f"{scenario.run.days:g} days, seed {scenario.run.seed}, mean and 95% CI, same customers at every point")
    print(f"ran {table.attrs['ran']} runs ({runs - table.attrs['ran']} were already in {out})")
    for line in (note, _volume_moved(scenario, table.groupby("point")["questions"].mean())):
        if line:
            print(line)
    currency = scenario.business.currency if business else ""
    rows = []
    for _, part in summary.groupby("point", sort=True):
        by_kpi = part.set_index("kpi")
        rows.append([str(v) for v in part.iloc[0][fields]] + [_cell(k, by_kpi.loc[k], True, currency) for k in shown])
    _print_table([*fields, *shown], rows)
    _save(plot_sweep(summary, shown), figure_path)
    print(f"results: {out}")
    print(f"figure: {figure_path}")
    return 0


def _optimise(args: argparse.Namespace) -> int:
    from simlib.experiments.optimise import best_profit_plan, cheapest_plan
    from simlib.experiments.plan_text import check_rows, plan_label, search_lines
    from simlib.figures.experiments import plot_interval_service, plot_plan_search

    stem, scenario, note = _load(args)
    if args.reputation_floor is not None and args.profit:
        raise ScenarioError("--reputation-floor goes with --service-level or --target, not --profit")
    _check_optimise_options(args, scenario)
    out = _output(args.out, "--out") if args.out is not None else None
    figure_path = _output(args.figure or f"results/optimise_{stem}.png", "--figure", FIGURE_TYPES)
    options = {"shifts": args.shifts.split(",") if args.shifts else None, "max_count": args.max_count,
               "executor": args.scheduler, "workers": args.workers, "progress": sys.stderr.isatty()}
    currency = scenario.business.currency if scenario.business else ""
    replications = scenario.run.replications if args.replications is None else args.replications
    runs = f"{replications} replications of {scenario.run.days:g} days, seed {scenario.run.seed}"
    if args.profit:
        search = best_profit_plan(scenario, replications, **options)
        print(f"{scenario.name}: the most profitable plan (means of {replications} replications, "
              f"{scenario.run.days:g} days, seed {scenario.run.seed})")
        if note:
            print(note)
        print("Erlang estimate per shift at its busiest hour (the starting point):")
        _print_table(["shift", "agents", "model", "peak per hour", "reply", "target"],
                     [[shift, str(row.agents), row.model, f"{row.peak_per_hour:.1f}", f"{row.handle_minutes:.2f} min",
                       f"{row.target_minutes:g} min"] for shift, row in search.estimate.iterrows()])
        chosen = search.evaluated[search.evaluated["chosen"]].iloc[0]
        print(f"searched {len(search.evaluated)} plans ({len(search.runs)} runs)")
        print(f"chosen: {plan_label(search.plan)}, planned cost {chosen.planned_cost:,.0f} {currency or 'hours'}")
    else:
        search = cheapest_plan(scenario, _targets(args), args.reputation_floor, replications,
                               options=_shift_options(args), rates=_rates(args, scenario),
                               max_occupancy=args.max_occupancy, shrinkage=args.shrinkage, min_heads=args.min_heads,
                               **options)
        print(f"{scenario.name}: the cheapest plan meeting every target ({runs}; the same customers for every plan)")
        if note:
            print(note)
        for line in search_lines(search, currency):
            print(line)
        _print_table(["target", "run mean", "worst interval", "slack"], check_rows(search.checks))
    warning = _volume_moved(scenario, search.summary.loc[["questions"], "mean"])
    if warning:
        print(warning)
    summary = search.summary
    _print_table(["kpi", "mean and 95% CI"],
                 [[kpi, _cell(kpi, summary.loc[kpi], True, currency)] for kpi in HEADLINE if kpi in summary.index])
    if out is not None:
        _neutralised(search.evaluated).to_csv(out, index=False)
        print(f"evaluated plans: {out}")
    _save(plot_plan_search(search, currency), figure_path)
    print(f"figure: {figure_path}")
    if search.intervals is not None:
        intervals_path = figure_path.with_name(f"{figure_path.stem}_intervals{figure_path.suffix}")
        _save(plot_interval_service(search.intervals, search.interval_targets), intervals_path)
        print(f"figure: {intervals_path}")
    return 0


def _check_optimise_options(args: argparse.Namespace, scenario: Scenario) -> None:
    """Refuse, before any search, options no plan can satisfy or that mean nothing (one line each)."""
    # the searches check their own shares and rates before they start; these would otherwise search in vain
    checks = (("--reputation-floor", args.reputation_floor, lambda v: 0 <= v <= 100,
               "a score from 0 to 100 (reputation never leaves that range)"),
              ("--night-premium", args.night_premium, lambda v: v <= 10, "at most 10 (0.25: +25%)"),
              ("--part-time-rate", args.part_time_rate, lambda v: v <= 10, "at most 10"),
              ("--min-heads", args.min_heads, lambda v: v <= MAX_STAFF, f"at most {MAX_STAFF:,}"),
              ("--max-count", args.max_count, lambda v: v <= MAX_STAFF, f"at most {MAX_STAFF:,}"))
    for option, value, ok, allowed in checks:
        if value is not None and (math.isnan(value) or not ok(value)):
            raise ScenarioError(f"{option} {value:g}: must be {allowed}")
    if args.reputation_floor is not None and scenario.business is None:
        raise ScenarioError(f"--reputation-floor {args.reputation_floor:g}: needs a [business] section")


def _targets(args: argparse.Namespace) -> Targets:
    """The targets of ``simlib optimise``: --service-level or each --target, judged per interval or on the mean."""
    from simlib.analysis.intervals import Target, Targets

    every = args.judge == "interval"
    if args.service_level is not None:
        return Targets((Target(args.service_level, every_interval=every),), args.interval)
    targets = []
    for text in args.target:
        channel, _, rest = text.rpartition(":")
        share, _, minutes = rest.partition("@")
        try:
            targets.append(Target(float(share), within_minutes=float(minutes) if minutes else None,
                                  channel=channel or None, every_interval=every))
        except ValueError as error:
            raise ScenarioError(f"--target {text}: expected [CHANNEL:]SHARE[@MINUTES], e.g. dm:0.8@60 "
                                f"({error})") from None
    return Targets(tuple(targets), args.interval)


def _shift_options(args: argparse.Namespace) -> list[ShiftOption]:
    """The shifts --starts and --lengths offer the integer program (none without --starts)."""
    from simlib.analysis.shift_plan import shift_options
    from simlib.experiments.sweeps import parse_vary

    if not args.starts:
        return []
    starts, lengths = (parse_vary(f"{name}={spec}")[1] for name, spec in
                       (("--starts", args.starts), ("--lengths", args.lengths)))
    return shift_options(starts, lengths, min_heads=args.min_heads, max_heads=args.max_count)


def _rates(args: argparse.Namespace, scenario: Scenario) -> PayRates:
    """Pay per hour from the scenario (hours without a business), with --night-premium and --part-time-rate."""
    from simlib.analysis.shift_plan import PayRates

    per_hour = scenario.business.staff_cost_per_hour if scenario.business is not None else 1.0
    return PayRates(per_hour, night_premium=args.night_premium, part_time_factor=args.part_time_rate)


def _report(args: argparse.Namespace) -> int:
    from simlib.report import (
        ReportFailed,
        check_report_parameters,
        check_report_tools,
        forecast_findings,
        load_report_scenario,
        recommendation_findings,
        report_replications,
        report_targets,
        run_report_notebook,
        staffing_report,
    )

    path = find_scenario(args.scenario)
    scenario = load_report_scenario(path, args.days, args.seed)  # every check before anything is simulated
    _check_replications(args.replications)
    replications, note = report_replications(scenario, args.replications)
    targets = check_report_parameters(scenario, replications, report_targets(args.service_level, args.target,
                                      args.judge, args.interval), args.reputation_floor, workers=args.workers)[1]
    if args.out is not None and not args.out.endswith(".ipynb"):
        raise ValueError(f"--out {shorten(args.out, 120)}: must end in .ipynb (the executed notebook; --html writes "
                         "the HTML beside it)")
    out = _output(args.out or f"reports/out/{path.stem}.ipynb", "--out", (".ipynb",))
    if args.html:
        _output(str(out.with_suffix(".html")), "--html")
    parameters = {"scenario": str(path.resolve()) if Path(args.scenario).is_file() else args.scenario,
                  "days": args.days, "replications": replications, "service_level": args.service_level,
                  "targets": args.target, "judge": args.judge, "interval_minutes": args.interval,
                  "reputation_floor": args.reputation_floor, "feedback": args.feedback, "workers": args.workers,
                  "seed": args.seed}
    try:
        check_report_tools(args.html)
    except ImportError as error:  # papermill or nbconvert missing: the message says what to install
        print(error, file=sys.stderr)
        return 2
    described = " and ".join(t.describe() for t in targets.targets)
    print(f"{scenario.name}: a staffing report, {replications} replications of {scenario.run.days:g} "
          f"day{'s' * (scenario.run.days != 1)}, seed {scenario.run.seed}, target {described}", flush=True)
    if note:
        print(note, flush=True)
    # computed here, where its progress bars reach the terminal; the notebook reads it
    report = staffing_report(scenario, replications, targets, args.reputation_floor, feedback=args.feedback,
                             workers=args.workers, progress=sys.stderr.isatty())
    try:
        written = run_report_notebook(out, parameters, report=report,
                                      html=out.with_suffix(".html") if args.html else None,
                                      progress=sys.stderr.isatty())
    except ReportFailed as error:
        print(f"simlib report: error: {error}", file=sys.stderr)
        return 1
    for line in (*forecast_findings(report), *recommendation_findings(report)):
        print(line)
    for kind, file in zip(("notebook", "html"), written):
        print(f"{kind}: {file}")
    return 0


def _print_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """Left-aligned columns, two spaces apart, indented by two."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    for line in [list(header), *rows]:
        print("  " + "  ".join(f"{cell:<{w}}" for cell, w in zip(line, widths)).rstrip())


def _save(figure: Figure, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=100)


def _run(args: argparse.Namespace) -> int:
    path, overrides, additions = _changes(args, ("run.days", "run.seed", "run.replications"))
    scenario = load_scenario(path, overrides, additions=additions, existing_only=True)
    records_path = _output(args.records, "--records") if args.records is not None else None
    reps = scenario.run.replications
    check_memory(workload(scenario)[1], f"{scenario.name}: one replication")
    if records_path is None:  # only the KPIs of each replication are kept
        table = run_replications(scenario, reps, keep_results=False)[0]
    else:
        _check_disk(records_path, workload(scenario)[0] * reps * RECORD_BYTES[scenario.business is not None])
        with _RecordsFile(records_path) as records:
            table = _replicate(scenario, reps, records.write)[0]
    summary = summarise(table)
    currency = scenario.business.currency if scenario.business else ""
    if args.json:
        out = {"scenario": scenario.name, "seed": scenario.run.seed, "days": scenario.run.days,
               "replications": reps, **summary["mean"].to_dict()}
        if reps > 1:
            out["ci95"] = {k: [row.ci_low, row.ci_high] for k, row in summary.iterrows()}
        print(json.dumps(_finite(out), indent=2))
        return 0
    print(f"{scenario.name}: {scenario.run.days:g} days, seed {scenario.run.seed}, "
          f"{reps} replication{'s' * (reps > 1)}" + (" (mean and 95% CI)" if reps > 1 else ""))
    values = {name: _cell(name, row, reps > 1, currency) for name, row in summary.iterrows()}
    width = max(map(len, values.values()))
    for name, value in values.items():
        print(f"  {name:<31}{value:<{width + 2}}{DESCRIPTIONS[name]}")
    if records_path is not None:
        print(f"records: {records_path}")
    return 0


def _compare(args: argparse.Namespace) -> int:
    if args.replications is not None and args.replications < 2:
        raise ScenarioError(f"--replications = {args.replications}: must be >= 2 for confidence intervals")
    _check_replications(args.replications)
    scenarios: dict[str, Scenario] = {}
    for name in args.scenarios:
        path, overrides, additions = _changes(argparse.Namespace(**{**vars(args), "scenario": name}),
                                              ("run.days", "run.seed"))
        try:
            scenarios[path.stem] = load_scenario(path, overrides, additions=additions, existing_only=True)
        except ScenarioError as error:  # which of the scenarios
            raise ScenarioError(f"{shorten(path.stem, 60)}: {error}") from None
    if len(scenarios) < 2:
        raise ScenarioError("compare needs at least two different scenarios")
    first, replications, note = next(iter(scenarios)), args.replications, None
    if replications is None:  # the first file's run.replications, if it allows an interval
        replications = scenarios[first].run.replications
        if replications < 2:
            replications, note = COMPARE_REPLICATIONS, (
                f"run.replications = {scenarios[first].run.replications} in {first} is too few for a confidence "
                f"interval: {COMPARE_REPLICATIONS} replications instead (choose with --replications)")
    figure_path = _output(args.figure or f"results/compare_{'_vs_'.join(scenarios)}.png", "--figure", FIGURE_TYPES)
    check_memory(max(workload(s)[1] for s in scenarios.values()), "one replication")
    runs = {name: _replicate(scenario, replications) for name, scenario in scenarios.items()}
    table = side_by_side({name: t for name, (t, _) in runs.items()})
    _save_comparison({name: first for name, (_, first) in runs.items()}, table, figure_path)
    if args.json:
        out = {name: {kpi: {"mean": table.loc[kpi, (name, "mean")],
                            "ci95": [table.loc[kpi, (name, "ci_low")], table.loc[kpi, (name, "ci_high")]]}
                      for kpi in table.index if not pd.isna(table.loc[kpi, (name, "mean")])}
               for name in scenarios}
        print(json.dumps(_finite({"replications": replications, "figure": str(figure_path),
                                  "scenarios": out}), indent=2))
        return 0
    print(f"{' vs '.join(scenarios)}: {replications} replications each, mean and 95% CI, "
          "same random numbers for both")
    if note:
        print(note)
    if not args.all:
        table = table.loc[[kpi for kpi in HEADLINE if kpi in table.index]]
    cells = {name: {kpi: _cell(kpi, table.loc[kpi, name], True,
                               scenarios[name].business.currency if scenarios[name].business else "")
                    for kpi in table.index} for name in scenarios}
    widths = {name: max(len(name), *map(len, cells[name].values())) for name in scenarios}
    print(f"  {'':<31}" + "".join(f"{name:<{widths[name] + 3}}" for name in scenarios))
    for kpi in table.index:
        print(f"  {kpi:<31}" + "".join(f"{cells[name][kpi]:<{widths[name] + 3}}" for name in scenarios))
    print(f"figure: {figure_path}")
    return 0


# --- what every command checks before it simulates ------------------------------------------

FIGURE_TYPES = (".png", ".pdf", ".svg")
"""Figure files the commands write (matplotlib picks the format from the suffix)."""
RECORD_BYTES = {False: 160, True: 400}
"""Bytes of one question's row in a records CSV, without and with a ``[business]`` section (with margin)."""
MAX_REPLICATIONS = 100_000
"""The most replications a command runs per scenario, point or plan (as ``run.replications``)."""


def _changes(args: argparse.Namespace, shortcuts: Sequence[str]) -> tuple[Path, dict, dict]:
    """The scenario file of a command, its ``--set`` changes with the shortcut options, and its ``--add`` ones."""
    overrides = dict(parse_override(text) for text in args.set)
    for field in shortcuts:
        value = getattr(args, field.split(".")[1])
        if value is not None:
            overrides[field] = value
    additions = {}
    for text in args.add:
        field, value = parse_override(text)
        additions[field] = value
    return find_scenario(args.scenario), overrides, additions


def _check_replications(replications: int | None) -> None:
    """Refuse ``--replications`` outside 1 to :data:`MAX_REPLICATIONS`, before anything runs."""
    if replications is not None and not 1 <= replications <= MAX_REPLICATIONS:
        raise ScenarioError(f"--replications {replications}: must be 1 to {MAX_REPLICATIONS:,}")


def _output(name: str, option: str, suffixes: Sequence[str] = ()) -> Path:
    """Check that ``name`` can be written, before any simulation: refuse it in one line if not.

    Creates the missing folders (as writing would). Refuses an empty name, a
    folder, a device or pipe (``/dev/full``), a name the system refuses (too
    long), a folder that is a file or cannot be written, and a suffix not in
    ``suffixes``. An existing file is left as it is (nothing is written yet).
    """
    if not name or not name.strip():
        raise ScenarioError(f"{option} {name!r}: give a file name")
    if "\0" in name:
        raise ScenarioError(f"{option} {shorten(name, 120)}: a file name cannot hold a NUL character")
    path = Path(name)
    shown = shorten(str(path), 120)
    longest = max((len(part.encode(errors="replace")) for part in path.parts), default=0)
    if longest > 255:
        raise ScenarioError(f"{option} {shown}: a name in it has {longest} bytes; at most 255")
    try:
        if path.is_dir():
            raise ScenarioError(f"{option} {shown}: is a folder; give a file name")
        if path.exists() and not path.is_file():
            raise ScenarioError(f"{option} {shown}: not a regular file (a device, pipe or socket); give a file name")
        folder = next((p for p in path.parents if p.exists()), None)
        if folder is not None and not folder.is_dir():
            raise ScenarioError(f"{option} {shown}: {shorten(str(folder), 120)} is a file, not a folder")
        if suffixes and path.suffix.lower() not in suffixes:
            raise ScenarioError(f"{option} {shown}: must end in {', '.join(suffixes)}")
        path.parent.mkdir(parents=True, exist_ok=True)
        existed = path.exists()
        with path.open("ab"):
            pass
        if not existed:
            path.unlink()
    except OSError as error:
        raise ScenarioError(f"{option} {shown}: cannot be written ({error.strerror or error})") from None
    return path


def _check_disk(path: Path, size: float) -> None:
    """Refuse a file of about ``size`` bytes that the disk holding ``path`` has no room for."""
    import shutil

    free = shutil.disk_usage(path.parent).free
    if size > free:
        raise ScenarioError(f"{shorten(str(path), 120)}: the records need about {_size(size)} and the disk "
                            f"has {_size(free)} free; ask for fewer questions or replications")


def _size(amount: float) -> str:
    for unit, size in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6)):
        if amount >= size:
            return f"{amount / size:,.3g} {unit}"
    return f"{amount / 1e3:,.3g} kB"


def _replicate(scenario: Scenario, replications: int,
               each: Callable[[SimulationResult], None] | None = None) -> tuple[pd.DataFrame, SimulationResult]:
    """Replications 0..R-1 here, in order: the KPI table, and the first run (for a figure).

    ``each`` receives every run (e.g. to write its records) before it is
    dropped: only one run's records are in memory at a time.
    """
    from simlib.analysis.kpis import kpis

    rows, first = [], None
    for k in range(replications):
        result = run_one(scenario, None, k, measure=whole_result)
        rows.append(kpis(result))
        if each is not None:
            each(result)
        first = result if first is None else first
    table = pd.DataFrame(rows)
    table.index.name = "replication"
    return table, first


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet reads as the start of a formula in a CSV cell."""


def neutralise(text: str) -> str:
    """A name written into a CSV cell, with a leading ``'`` if a spreadsheet would run it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _neutralised(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``table`` whose text cells a spreadsheet would run as formulas get a leading ``'``."""
    table = table.copy()
    for column in table.columns:
        if table[column].dtype == object:
            table[column] = table[column].map(lambda v: neutralise(v) if isinstance(v, str) else v)
    return table


class _RecordsFile:
    """The records CSV of ``simlib run``, written replication by replication.

    It goes to ``NAME.partial`` and takes its name when every replication is
    in, so a failure (a full disk, Ctrl-C) leaves no half file under the
    name asked for. Names (channels, handlers) that a spreadsheet would run
    as a formula get a leading ``'``.
    """

    def __init__(self, path: Path) -> None:
        self.path, self.partial = path, path.with_name(path.name + ".partial")
        self.file = self.partial.open("w", newline="", encoding="utf-8")
        self.header = True

    def write(self, result: SimulationResult) -> None:
        records = result.records.assign(replication=result.replication)
        for column in records.columns:
            if isinstance(records[column].dtype, pd.CategoricalDtype):
                records[column] = records[column].cat.rename_categories(
                    {c: neutralise(c) for c in records[column].cat.categories if isinstance(c, str)})
        records.to_csv(self.file, index=False, header=self.header)
        self.header = False

    def __enter__(self) -> "_RecordsFile":
        return self

    def __exit__(self, kind, *_) -> None:
        try:
            self.file.close()
        finally:
            if kind is None:
                os.replace(self.partial, self.path)
            else:
                self.partial.unlink(missing_ok=True)


def _save_comparison(results, table: pd.DataFrame, path: Path) -> None:
    from simlib.figures import (
        plot_comparison,  # matplotlib only when a figure is drawn
    )

    path.parent.mkdir(parents=True, exist_ok=True)
    plot_comparison(results, table).savefig(path, dpi=100)


def _cell(name: str, row: pd.Series, with_interval: bool, currency: str = "") -> str:
    """One table cell: the mean, and with replications its 95% interval."""
    text = format_kpi(name, row["mean"], currency)
    if with_interval and not (pd.isna(row["ci_low"]) or pd.isna(row["ci_high"])):
        text += f"  [{format_kpi(name, row['ci_low'], currency)}, {format_kpi(name, row['ci_high'], currency)}]"
    return text


def _erlang(args: argparse.Namespace) -> int:
    from simlib.analysis.queueing import (  # scipy.stats: only this command needs it
        agents_needed,
        fractional_agents,
        queue_figures,
    )

    _check_erlang_options(args)
    load = args.arrivals_per_hour / 60 * args.handle_minutes
    patient = math.isinf(args.patience_minutes)
    model = "Erlang C (M/M/c)" if patient else "Erlang A (M/M/c+M)"
    if args.agents is None:
        if args.max_abandon is not None and patient:
            raise ScenarioError("--max-abandon needs --patience-minutes (with Erlang C nobody gives up)")
        goal = (args.arrivals_per_hour, args.handle_minutes, args.target_minutes, args.service_level,
                args.patience_minutes, args.max_abandon)
        needed, fractional = agents_needed(*goal), fractional_agents(*goal)
        shown = sorted({max(needed - 1, 0), needed})
        table = {n: queue_figures(args.arrivals_per_hour, args.handle_minutes, n, args.patience_minutes,
                                  args.target_minutes) for n in shown}
        if args.json:
            print(json.dumps(_finite({"model": model, "offered_load": load, "agents": needed,
                                      "fractional_agents": fractional, "stable": {n: _stable(f) for n, f in table.items()},
                                      "figures": {n: f.as_dict() for n, f in table.items()}}), indent=2))
            return 0
        wanted = f"{format_kpi('service_level', args.service_level)} within {args.target_minutes:g} min" + (
            f" and at most {format_kpi('p_abandon', args.max_abandon)} giving up" if args.max_abandon is not None else "")
        print(f"{model}: offered load {load:.3g} Erlangs (people busy on average)")
        print(f"agents needed for {wanted}: {needed} (fractional staffing {fractional:.2f}: whole people "
              f"cost {needed - fractional:.2f} more)")
        names = ("service_level", "p_wait", "mean_wait_minutes", "p_abandon", "occupancy")
        _print_table(["agents", *names], [[str(n), *_erlang_cells(f, names)] for n, f in table.items()])
        return 0
    figures = queue_figures(args.arrivals_per_hour, args.handle_minutes, args.agents,
                            args.patience_minutes, args.target_minutes)
    if args.json:
        print(json.dumps(_finite({**figures.as_dict(), "stable": _stable(figures)}), indent=2))
        return 0
    print(f"{model}: offered load {figures.offered_load:.3g} Erlangs on {figures.agents} agents")
    if not _stable(figures):
        print(f"  unstable: more work arrives than the team can do ({figures.offered_load:.3g} Erlangs of work for "
              f"{figures.agents} agents); the queue grows without end, at least "
              f"{math.floor(figures.offered_load) + 1} agents keep up")
    names = ("p_wait", "mean_wait_minutes", "p_abandon", "service_level", "occupancy", "mean_queue_length")
    for name, cell in zip(names, _erlang_cells(figures, names)):
        print(f"  {name:<20}{cell}")
    return 0


def _stable(figures) -> bool:
    """Whether the queue settles: always with impatient customers, else while the load is below the agents."""
    return not math.isinf(figures.patience_minutes) or figures.agents > figures.offered_load


def _check_erlang_options(args: argparse.Namespace) -> None:
    """Refuse figures outside what the formulas are computed for, before computing (one line each)."""
    # the formulas refuse negative and missing values themselves; these are the upper limits
    checks = (("--arrivals-per-hour", args.arrivals_per_hour, 1e6),
              ("--handle-minutes", args.handle_minutes, 1e7),
              ("--agents", args.agents, MAX_STAFF),
              ("--patience-minutes", args.patience_minutes, 1e7),
              ("--target-minutes", args.target_minutes, 1e7))
    for option, value, most in checks:
        if value is not None and most < value and not (option == "--patience-minutes" and value == math.inf):
            raise ScenarioError(f"{option} {value:g}: at most {most:,.0f}"
                                + (" (leave it out for customers who never give up)" if "patience" in option else ""))


def _erlang_cells(figures, names: Sequence[str]) -> list[str]:
    """Formatted figures; an unstable queue's infinite wait and queue are "unbounded", not "inf min"."""
    values = figures.as_dict()
    return [("unbounded" if math.isinf(values[name]) else format_kpi(name, values[name])) for name in names]


def _finite(data):
    """JSON has no NaN or infinity: write them as null."""
    if isinstance(data, dict):
        return {k: _finite(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_finite(v) for v in data]
    if isinstance(data, float) and not math.isfinite(data):
        return None
    return data
