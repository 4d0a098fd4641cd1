"""``simlib sweep`` and ``simlib optimise``: grids of changes and the search for a staffing plan."""

from __future__ import annotations

import argparse
import math
import sys
from typing import TYPE_CHECKING

import pandas as pd

from simlib.analysis.registry import KPI_DESCRIPTIONS, OUTCOME_KPI_DESCRIPTIONS
from simlib.errors import ScenarioError
from simlib.i18n import N_, fmt, tr
from simlib.model.scenario import (
    MAX_STAFF,
    Scenario,
)

if TYPE_CHECKING:

    from simlib.analysis.intervals import Targets
    from simlib.analysis.shift_plan import PayRates, ShiftOption
from simlib.cli.common import (
    FIGURE_TYPES,
    HEADLINE,
    checked_output,
    kpi_cell,
    load_from_args,
    neutralised_table,
    print_table,
    save_figure,
)


def _volume_moved(scenario: Scenario, questions: pd.Series) -> str | None:
    """With feedback on, the line saying how far the questions of the runs moved from the forecast."""
    from simlib.analysis.forecast import feedback_on, forecast_questions, volume_moved

    if not feedback_on(scenario):
        return None
    low, high = (volume_moved(q, scenario) for q in (questions.min(), questions.max()))
    moved = fmt(low, "+.0%") if round(low, 2) == round(high, 2) else tr("{low:+.0%} to {high:+.0%}", low=low, high=high)
    which = tr("per point") if len(questions) > 1 else tr("chosen plan")
    return tr("WARNING: reputation feedback is on: the volume moved {moved} from the forecast of {questions:,.0f} "
              "questions a run (mean questions per run, {which}); leave out --feedback to plan for the forecast",
              moved=moved, questions=forecast_questions(scenario), which=which)


def sweep_command(args: argparse.Namespace) -> int:
    from simlib.experiments.grids import parse_vary
    from simlib.experiments.sweeps import (
        summarise_sweep,
        sweep,
        sweep_fields,
    )
    from simlib.figures.experiments import (
        plot_sweep,  # matplotlib only for the commands that draw
    )

    stem, scenario, note = load_from_args(args)
    grid = dict(parse_vary(text) for text in args.vary)
    business = scenario.business is not None
    shown = args.kpi or (["service_level", "lowest_reputation", "profit"] if business else
                         ["service_level", "median_first_response_minutes", "p_abandon"])
    known = [*KPI_DESCRIPTIONS, *(OUTCOME_KPI_DESCRIPTIONS if business else ())]
    for kpi in shown:
        if kpi not in known:
            raise ScenarioError(tr("--kpi {kpi}: not a KPI of this scenario (KPIs: {known})", kpi=kpi,
                                   known=", ".join(known)))
    out = checked_output(args.out or f"results/sweep_{stem}.csv", "--out")
    figure_path = checked_output(args.figure or f"results/sweep_{stem}.png", "--figure", FIGURE_TYPES)
    replications = scenario.run.replications if args.replications is None else args.replications
    table = sweep(scenario, grid, replications, out=out, resume=args.resume,
                  executor=args.scheduler, workers=args.workers, progress=sys.stderr.isatty())
    summary = summarise_sweep(table, shown)
    fields = sweep_fields(table)
    points, runs = table["point"].nunique(), len(table)
    print(tr("{name}: {points} points x {replications} replications = {runs} runs, {days:g} days, seed {seed}, "
             "mean and 95% CI, same customers at every point", name=scenario.name, points=points,
             replications=replications, runs=runs, days=scenario.run.days, seed=scenario.run.seed))
    ran = table.attrs["ran"]
    print(tr("ran {ran} runs ({before} were already in {out})", ran=ran, before=runs - ran, out=out))
    for line in (note, _volume_moved(scenario, table.groupby("point")["questions"].mean())):
        if line:
            print(line)
    currency = scenario.business.currency if business else ""
    rows = []
    for _, part in summary.groupby("point", sort=True):
        by_kpi = part.set_index("kpi")
        rows.append([str(v) for v in part.iloc[0][fields]] + [kpi_cell(k, by_kpi.loc[k], True, currency) for k in shown])
    print_table([*fields, *shown], rows)
    save_figure(plot_sweep(summary, shown), figure_path)
    print(tr("results: {path}", path=out))
    print(tr("figure: {path}", path=figure_path))
    return 0


def optimise_command(args: argparse.Namespace) -> int:
    from simlib.experiments.optimise import best_profit_plan, cheapest_plan
    from simlib.experiments.plan_text import check_rows, plan_label, search_lines
    from simlib.figures.experiments import plot_interval_service, plot_plan_search

    stem, scenario, note = load_from_args(args)
    if args.reputation_floor is not None and args.profit:
        raise ScenarioError(tr("--reputation-floor goes with --service-level or --target, not --profit"))
    _check_optimise_options(args, scenario)
    out = checked_output(args.out, "--out") if args.out is not None else None
    figure_path = checked_output(args.figure or f"results/optimise_{stem}.png", "--figure", FIGURE_TYPES)
    options = {"shifts": args.shifts.split(",") if args.shifts else None, "max_count": args.max_count,
               "executor": args.scheduler, "workers": args.workers, "progress": sys.stderr.isatty()}
    currency = scenario.business.currency if scenario.business else ""
    replications = scenario.run.replications if args.replications is None else args.replications
    runs = tr("{replications} replications of {days:g} days, seed {seed}", replications=replications,
              days=scenario.run.days, seed=scenario.run.seed)
    if args.profit:
        search = best_profit_plan(scenario, replications, **options)
        print(tr("{name}: the most profitable plan (means of {replications} replications, {days:g} days, seed "
                 "{seed})", name=scenario.name, replications=replications, days=scenario.run.days,
                 seed=scenario.run.seed))
        if note:
            print(note)
        print(tr("Erlang estimate per shift at its busiest hour (the starting point):"))
        print_table([tr(h) for h in (N_("shift"), N_("agents"), N_("model"), N_("peak per hour"), N_("reply"),
                                     N_("target"))],
                     [[shift, str(row.agents), row.model, f"{row.peak_per_hour:.1f}", f"{row.handle_minutes:.2f} min",
                       f"{row.target_minutes:g} min"] for shift, row in search.estimate.iterrows()])
        chosen = search.evaluated[search.evaluated["chosen"]].iloc[0]
        print(tr("searched {plans} plans ({runs} runs)", plans=len(search.evaluated), runs=len(search.runs)))
        print(tr("chosen: {plan}, planned cost {cost:,.0f} {unit}", plan=plan_label(search.plan),
                 cost=chosen.planned_cost, unit=currency or tr("hours")))
    else:
        search = cheapest_plan(scenario, _targets(args), args.reputation_floor, replications,
                               options=_shift_options(args), rates=_rates(args, scenario),
                               max_occupancy=args.max_occupancy, shrinkage=args.shrinkage, min_heads=args.min_heads,
                               **options)
        print(tr("{name}: the cheapest plan meeting every target ({runs}; the same customers for every plan)",
                 name=scenario.name, runs=runs))
        if note:
            print(note)
        for line in search_lines(search, currency):
            print(line)
        print_table([tr(h) for h in (N_("target"), N_("run mean"), N_("worst interval"), N_("slack"))],
                    check_rows(search.checks))
    warning = _volume_moved(scenario, search.summary.loc[["questions"], "mean"])
    if warning:
        print(warning)
    summary = search.summary
    print_table([tr(N_("kpi")), tr(N_("mean and 95% CI"))],
                 [[kpi, kpi_cell(kpi, summary.loc[kpi], True, currency)] for kpi in HEADLINE if kpi in summary.index])
    if out is not None:
        neutralised_table(search.evaluated).to_csv(out, index=False)
        print(tr("evaluated plans: {path}", path=out))
    save_figure(plot_plan_search(search, currency), figure_path)
    print(tr("figure: {path}", path=figure_path))
    if search.intervals is not None:
        intervals_path = figure_path.with_name(f"{figure_path.stem}_intervals{figure_path.suffix}")
        save_figure(plot_interval_service(search.intervals, search.interval_targets), intervals_path)
        print(tr("figure: {path}", path=intervals_path))
    return 0


def _check_optimise_options(args: argparse.Namespace, scenario: Scenario) -> None:
    """Refuse, before any search, options no plan can satisfy or that mean nothing (one line each)."""
    # the searches check their own shares and rates before they start; these would otherwise search in vain
    most = tr("at most {limit:,}", limit=MAX_STAFF)
    checks = (("--reputation-floor", args.reputation_floor, lambda v: 0 <= v <= 100,
               tr("a score from 0 to 100 (reputation never leaves that range)")),
              ("--night-premium", args.night_premium, lambda v: v <= 10, tr("at most 10 (0.25: +25%)")),
              ("--part-time-rate", args.part_time_rate, lambda v: v <= 10, tr("at most 10")),
              ("--min-heads", args.min_heads, lambda v: v <= MAX_STAFF, most),
              ("--max-count", args.max_count, lambda v: v <= MAX_STAFF, most))
    for option, value, ok, allowed in checks:
        if value is not None and (math.isnan(value) or not ok(value)):
            raise ScenarioError(tr("{option} {value:g}: must be {allowed}", option=option, value=value,
                                   allowed=allowed))
    if args.reputation_floor is not None and scenario.business is None:
        raise ScenarioError(tr("--reputation-floor {value:g}: needs a [business] section",
                               value=args.reputation_floor))


def _targets(args: argparse.Namespace) -> Targets:
    """The targets of ``simlib optimise``: --service-level or each --target, judged per interval or on the mean."""
    from simlib.analysis.intervals import Target, Targets

    every = args.judge == "interval"
    if args.service_level is not None:
        return Targets((Target(args.service_level, every_interval=every),), args.interval)
    targets = []
    for text in args.target:
        try:
            targets.append(Target.parse(text, every))
        except ValueError as error:
            raise ScenarioError(f"--target: {error}") from None
    return Targets(tuple(targets), args.interval)


def _shift_options(args: argparse.Namespace) -> list[ShiftOption]:
    """The shifts --starts and --lengths offer the integer program (none without --starts)."""
    from simlib.analysis.shift_plan import shift_options
    from simlib.experiments.grids import parse_vary

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
