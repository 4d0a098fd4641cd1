"""``simlib erlang``: the Erlang C / Erlang A formulas, or the head count a target needs.

With ``--concurrency K`` (people holding K conversations at once, as a
channel's ``concurrency``) the formulas run on N x K servers and head counts
are people: the slots a target needs divided by K, rounded up.
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from simlib.analysis.formatting import format_kpi
from simlib.errors import ScenarioError
from simlib.model.parts import MAX_CONCURRENCY
from simlib.model.scenario import (
    MAX_STAFF,
)

if TYPE_CHECKING:

    pass
from simlib.cli.common import print_table
from simlib.i18n import N_, tr


def erlang_command(args: argparse.Namespace) -> int:
    from simlib.analysis.queueing import (  # scipy.stats: only this command needs it
        agents_needed,
        fractional_agents,
        queue_figures,
    )

    _check_erlang_options(args)
    k = args.concurrency
    load = args.arrivals_per_hour / 60 * args.handle_minutes / k  # people busy on average
    patient = math.isinf(args.patience_minutes)
    model = "Erlang C (M/M/c)" if patient else "Erlang A (M/M/c+M)"
    if args.agents is None:
        if args.max_abandon is not None and patient:
            raise ScenarioError(tr("--max-abandon needs --patience-minutes (with Erlang C nobody gives up)"))
        goal = (args.arrivals_per_hour, args.handle_minutes, args.target_minutes, args.service_level,
                args.patience_minutes, args.max_abandon)
        slots = agents_needed(*goal)
        needed, fractional = math.ceil(slots / k), fractional_agents(*goal) / k
        shown = sorted({max(needed - 1, 0), needed})
        table = {n: queue_figures(args.arrivals_per_hour, args.handle_minutes, n * k, args.patience_minutes,
                                  args.target_minutes) for n in shown}
        if args.json:
            print(json.dumps(finite_json({"model": model, "offered_load": load, "agents": needed, "concurrency": k,
                                      "fractional_agents": fractional, "stable": {n: _stable(f) for n, f in table.items()},
                                      "figures": {n: f.as_dict() for n, f in table.items()}}), indent=2))
            return 0
        level, abandon = format_kpi("service_level", args.service_level), format_kpi("p_abandon", args.max_abandon)
        wanted = tr("{level} within {minutes:g} min", level=level, minutes=args.target_minutes) + (
            tr(" and at most {share} giving up", share=abandon) if args.max_abandon is not None else "")
        holding = tr(", each person holding {k} conversations ({people} people are {servers} servers)", k=k,
                     people=needed, servers=needed * k)
        print(tr("{model}: offered load {load:.3g} Erlangs (people busy on average)", model=model, load=load)
              + (holding if k > 1 else ""))
        who = N_("people") if k > 1 else N_("agents")
        line = (tr("people needed for {wanted}: {needed} (fractional staffing {fractional:.2f}: whole people cost "
                   "{extra:.2f} more)", wanted=wanted, needed=needed, fractional=fractional,
                   extra=needed - fractional) if k > 1 else
                tr("agents needed for {wanted}: {needed} (fractional staffing {fractional:.2f}: whole people cost "
                   "{extra:.2f} more)", wanted=wanted, needed=needed, fractional=fractional,
                   extra=needed - fractional))
        print(line)
        names = ("service_level", "p_wait", "mean_wait_minutes", "p_abandon", "occupancy")
        print_table([tr(who), *names], [[str(n), *_erlang_cells(f, names)] for n, f in table.items()])
        return 0
    figures = queue_figures(args.arrivals_per_hour, args.handle_minutes, args.agents * k,
                            args.patience_minutes, args.target_minutes)
    if args.json:
        print(json.dumps(finite_json({**figures.as_dict(), "people": args.agents, "concurrency": k,
                                      "stable": _stable(figures)}), indent=2))
        return 0
    if k > 1:
        print(tr("{model}: offered load {load:.3g} Erlangs on {people} people x {k} conversations = {servers} "
                 "servers", model=model, load=figures.offered_load, people=args.agents, k=k, servers=figures.agents))
    else:
        print(tr("{model}: offered load {load:.3g} Erlangs on {agents} agents", model=model,
                 load=figures.offered_load, agents=figures.agents))
    if not _stable(figures):
        print(tr("  unstable: more work arrives than the team can do ({load:.3g} Erlangs of work for {agents} "
                 "agents); the queue grows without end, at least {enough} agents keep up", load=figures.offered_load,
                 agents=figures.agents, enough=math.floor(figures.offered_load) + 1))
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
    if not 1 <= args.concurrency <= MAX_CONCURRENCY:
        raise ScenarioError(tr("--concurrency {concurrency}: a whole number from 1 to {limit}",
                               concurrency=args.concurrency, limit=MAX_CONCURRENCY))
    checks = (("--arrivals-per-hour", args.arrivals_per_hour, 1e6),
              ("--handle-minutes", args.handle_minutes, 1e7),
              ("--agents", args.agents, MAX_STAFF),
              ("--patience-minutes", args.patience_minutes, 1e7),
              ("--target-minutes", args.target_minutes, 1e7))
    for option, value, most in checks:
        if value is not None and most < value and not (option == "--patience-minutes" and value == math.inf):
            raise ScenarioError(tr("{option} {value:g}: at most {most:,.0f}", option=option, value=value, most=most)
                                + (tr(" (leave it out for customers who never give up)") if "patience" in option
                                   else ""))


def _erlang_cells(figures, names: Sequence[str]) -> list[str]:
    """Formatted figures; an unstable queue's infinite wait and queue are "unbounded", not "inf min"."""
    values = figures.as_dict()
    return [(tr("unbounded") if math.isinf(values[name]) else format_kpi(name, values[name])) for name in names]


def finite_json(data):
    """JSON has no NaN or infinity: write them as null."""
    if isinstance(data, dict):
        return {k: finite_json(v) for k, v in data.items()}
    if isinstance(data, list):
        return [finite_json(v) for v in data]
    if isinstance(data, float) and not math.isfinite(data):
        return None
    return data
