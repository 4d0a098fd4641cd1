"""``simlib report``: a staffing report notebook (papermill) and its HTML copy."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from simlib.model.base import shorten
from simlib.model.presets import find_scenario

if TYPE_CHECKING:

    pass
from simlib.cli.common import check_replications, checked_output


def report_command(args: argparse.Namespace) -> int:
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
    check_replications(args.replications)
    replications, note = report_replications(scenario, args.replications)
    targets = check_report_parameters(scenario, replications, report_targets(args.service_level, args.target,
                                      args.judge, args.interval), args.reputation_floor, workers=args.workers)[1]
    if args.out is not None and not args.out.endswith(".ipynb"):
        raise ValueError(f"--out {shorten(args.out, 120)}: must end in .ipynb (the executed notebook; --html writes "
                         "the HTML beside it)")
    out = checked_output(args.out or f"reports/out/{path.stem}.ipynb", "--out", (".ipynb",))
    if args.html:
        checked_output(str(out.with_suffix(".html")), "--html")
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
