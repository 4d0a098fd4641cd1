"""``simlib fit``: a message export in, a scenario file out (and, with ``--report``, the fit report)."""

from __future__ import annotations

import argparse
from pathlib import Path

from simlib.cli.common import checked_output, save_figure
from simlib.errors import ScenarioError
from simlib.i18n import tr
from simlib.model.presets import load_preset
from simlib.model.scenario import LONGEST_MINUTES


def add_fit_parser(commands: argparse._SubParsersAction) -> None:
    """Register ``simlib fit`` and its options."""
    fit = commands.add_parser("fit", help=tr("fit a scenario to a message export (CSV): arrivals, channels, handling, "
                              "patience"))
    fit.set_defaults(command=fit_command, name="fit")
    fit.add_argument("export", metavar="EXPORT.csv", help=tr("one row per message: arrived, channel, first_reply, "
                     "and optionally closed and gave_up (docs/fit.md)"))
    fit.add_argument("--out", required=True, metavar="FILE.toml", help=tr("the scenario file to write"))
    fit.add_argument("--column", action="append", default=[], metavar="FIELD=COLUMN",
                     help=tr("the export's name for a field, e.g. arrived=created_at (repeatable; fields: arrived, "
                          "channel, first_reply, closed, gave_up)"))
    fit.add_argument("--time-zone", default="UTC", metavar="ZONE",
                     help=tr("the zone of the export's clock times, e.g. Europe/Madrid (default UTC)"))
    fit.add_argument("--name", dest="scenario_name", help=tr("the scenario's name (default: the export's file name)"))
    fit.add_argument("--target-minutes", type=float, default=60.0, metavar="MINUTES",
                     help=tr("the service-level target (default 60)"))
    fit.add_argument("--staff-from", metavar="SCENARIO",
                     help=tr("take the [staff] shifts from this scenario file or preset (default: a labelled "
                          "placeholder, one 24/7 shift)"))
    fit.add_argument("--report", metavar="FILE.md", help=tr("also write the fit report (Markdown), its two figures and "
                     "the profile's 95%% interval per 30-minute interval beside it (FILE_arrivals.png, "
                     "FILE_patience.png, FILE_intervals.csv)"))


def fit_command(args: argparse.Namespace) -> int:
    from simlib.fit import Columns, fit_export  # lifelines: only this command needs it

    out = checked_output(args.out, "--out", (".toml",))
    report = checked_output(args.report, "--report", (".md",)) if args.report is not None else None
    if not 0 <= args.target_minutes <= LONGEST_MINUTES:  # NaN fails too
        raise ScenarioError(f"--target-minutes {args.target_minutes:g}: must be 0 to {LONGEST_MINUTES:,.0f} minutes")
    staff = load_preset(args.staff_from).staff if args.staff_from is not None else None
    fit = fit_export(args.export, Columns.parse(args.column), args.time_zone, name=args.scenario_name,
                     target_minutes=args.target_minutes, staff=staff)
    fit.write(out)
    print(f"{out}: scenario fitted to {fit.profile.messages:,} messages over {fit.messages.days} days "
          f"({len(fit.mix)} channel{'s' * (len(fit.mix) != 1)})")
    for warning in fit.warnings:
        print(f"  warning: {warning}")
    if report is not None:
        write_report(fit, report)
        print(f"{report}: the fit report")
    print(f"next: simlib run --scenario {out}")
    return 0


def write_report(fit, path: Path) -> None:
    """The Markdown report at ``path``, and beside it its figures and the per-interval table (CSV)."""
    from simlib.figures.fit import plot_fitted_arrivals, plot_patience_fits
    from simlib.fit.report import report_text

    figures = {"arrivals": path.with_name(f"{path.stem}_arrivals.png"),
               "patience": path.with_name(f"{path.stem}_patience.png")}
    intervals = path.with_name(f"{path.stem}_intervals.csv")
    save_figure(plot_fitted_arrivals(fit.profile), figures["arrivals"])
    save_figure(plot_patience_fits(fit.patience), figures["patience"])
    fit.profile.table.to_csv(intervals, index=False)
    path.write_text(report_text(fit, {k: v.name for k, v in figures.items()}, intervals.name), encoding="utf-8")
