"""The ``simlib`` command: its options, and the one place errors become one line.

Language: English, unless ``SIMLIB_LANGUAGE`` names another of the course's languages
(``SIMLIB_LANGUAGE=es simlib run ...``): then the help, the one-line errors and the
summaries are in it, numbers written its way. The machine's locale (``LANG``, ``LC_ALL``)
is not read, so a script's output never changes with the machine it runs on; ``--json``
output is the same in every language.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import sys
import warnings
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from simlib.errors import ScenarioError
from simlib.i18n import LANGUAGES, N_, set_language, tr
from simlib.model.base import shorten

if TYPE_CHECKING:

    pass
from simlib.cli.erlang import erlang_command
from simlib.cli.fit import add_fit_parser
from simlib.cli.planning import optimise_command, sweep_command
from simlib.cli.report import report_command
from simlib.cli.simulate import COMPARE_REPLICATIONS, compare_command, run_command

LONGEST_MESSAGE = 500
"""Characters of an error line (a value echoed whole could be megabytes)."""


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``simlib`` and ``python -m simlib``; returns the exit status.

    Every error ends here as one line on standard error: ``simlib COMMAND: error: ...`` with
    status 2 for bad input (a field, an option, a file or folder that cannot be read or
    written), 1 for a failure that is not the input's fault. ``SIMLIB_DEBUG=1`` shows the traceback.
    """
    unknown_language = choose_language()
    with argparse_in_the_language():
        args = build_parser().parse_args(argv)  # a bad command line: one line and SystemExit(2)
    debug = os.environ.get("SIMLIB_DEBUG", "") not in ("", "0")

    def say(kind: str, message: object) -> None:
        text = shorten(" ".join(str(message).split()) if not debug else str(message), LONGEST_MESSAGE)
        print(f"simlib {args.name}: {tr(kind)}: {text}", file=sys.stderr)

    if unknown_language:
        say(N_("warning"), tr("SIMLIB_LANGUAGE={language}: not one of {languages}; English it is",
                              language=unknown_language, languages=", ".join(LANGUAGES)))

    with warnings.catch_warnings():
        warnings.simplefilter("default")
        warnings.showwarning = lambda message, *_: say(N_("warning"), message)
        try:
            return args.command(args)
        except (ScenarioError, ValueError, RecursionError) as exc:
            if debug:
                raise
            say(N_("error"), exc if not isinstance(exc, RecursionError) else tr("input nested too deeply"))
            return 2
        except KeyboardInterrupt as exc:  # a sweep says what it saved; anything else just stops
            print(str(exc) or tr("interrupted"), file=sys.stderr)
            return 130
        except BrokenPipeError:  # e.g. `simlib run ... | head`: the reader has had enough
            sys.stderr.close()
            return 0
        except OSError as exc:  # a file or folder: say which and what the system said
            if debug:
                raise
            where = exc.filename if exc.filename is not None else ""
            say(N_("error"), f"{shorten(str(where), 120) + ': ' if where != '' else ''}{exc.strerror or exc}")
            return 2
        except MemoryError:
            if debug:
                raise
            say(N_("error"), tr("out of memory: ask for fewer questions (arrivals, run.days) or fewer replications"))
            return 1
        except Exception as exc:  # a bug: one line, and the way to see more
            if debug:
                raise
            say(N_("internal error"), tr("{kind}: {error} (a bug in simlib; SIMLIB_DEBUG=1 shows where)",
                                         kind=type(exc).__name__, error=exc))
            return 1


class OneLineParser(argparse.ArgumentParser):
    """argparse, with a bad command line said in one line (not usage and error on two)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        print(tr("{prog}: error: {problem} (see {prog} --help)", prog=self.prog,
                 problem=shorten(message, LONGEST_MESSAGE)), file=sys.stderr)
        raise SystemExit(2)


def choose_language() -> str:
    """Set simlib's language from ``SIMLIB_LANGUAGE`` (English when unset); return the value if it is unknown.

    ``es``, ``es_ES`` and ``es-ES.UTF-8`` all choose Spanish. Only this variable is read, never
    the machine's locale: the same command prints the same words on every machine.
    """
    wanted = os.environ.get("SIMLIB_LANGUAGE", "").strip()
    try:
        set_language(wanted.split(".")[0] or "en")
    except ValueError:
        set_language("en")
        return wanted
    return ""


ARGPARSE_WORDS = (
    N_("usage: "), N_("positional arguments"), N_("options"), N_("show this help message and exit"),
    N_("the following arguments are required: %s"), N_("unrecognized arguments: %s"),
    N_("argument %(argument_name)s: %(message)s"), N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"), N_("expected one argument"),
    N_("one of the arguments %s is required"), N_("not allowed with argument %s"),
    N_("ambiguous option: %(option)s could match %(matches)s"), N_("expected at least one argument"),
)
"""argparse's own words (its usage, headings and input errors), for the catalogue."""


@contextlib.contextmanager
def argparse_in_the_language() -> Iterator[None]:
    """argparse's own words in simlib's language while the command line is read (then as they were)."""
    english = argparse._
    argparse._ = lambda text: tr(text) if text in ARGPARSE_WORDS else english(text)
    try:
        yield
    finally:
        argparse._ = english


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="simlib", description=tr("Simulate a social-media inbox and the team that answers it."
    ))
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    run = commands.add_parser("run", help=tr("simulate a scenario file and print its KPIs"))
    run.set_defaults(command=run_command, name="run")
    run.add_argument("--scenario", required=True, metavar="FILE.toml", help=tr("scenario file"))
    run.add_argument("--days", type=float, help=tr("simulated days (overrides run.days)"))
    run.add_argument("--seed", type=int, help=tr("random seed (overrides run.seed)"))
    run.add_argument("--replications", type=int, help=tr("independent replications (overrides run.replications)"))
    run.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                     help=tr("change a field that exists by dotted path, e.g. staff.day.count=4 (repeatable)"))
    run.add_argument("--add", action="append", default=[], metavar="FIELD={...}",
                     help=tr("add a shift or channel, whole, e.g. 'staff.weekend={count=1, days=[\"sat\"]}' (repeatable)"))
    run.add_argument("--json", action="store_true", help=tr("print JSON instead of a table"))
    run.add_argument("--records", metavar="FILE.csv", help=tr("save one row per question to a CSV file"))

    compare = commands.add_parser("compare", help=tr("two or more scenarios side by side, with 95%% CIs"))
    compare.set_defaults(command=compare_command, name="compare")
    compare.add_argument("scenarios", nargs="+", metavar="SCENARIO",
                         help=tr("preset name (luxury, high_volume, ...) or scenario file"))
    compare.add_argument("--days", type=float, help=tr("simulated days for every scenario"))
    compare.add_argument("--seed", type=int, help=tr("random seed for every scenario"))
    compare.add_argument("--replications", type=int,
                         help=tr("replications per scenario (default: run.replications of the first scenario, or "
                                 "{default} when it asks for fewer than 2)", default=COMPARE_REPLICATIONS))
    compare.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                         help=tr("change a field in every scenario (repeatable)"))
    compare.add_argument("--add", action="append", default=[], metavar="FIELD={...}",
                         help=tr("add a shift or channel to every scenario, whole (repeatable)"))
    compare.add_argument("--figure", metavar="FILE.png", help=tr("where to save the figure "
                         "(default results/compare_<names>.png)"))
    compare.add_argument("--all", action="store_true", help=tr("show every KPI, not only the headline ones"))
    compare.add_argument("--json", action="store_true", help=tr("print JSON instead of a table (every KPI)"))

    sweep = commands.add_parser("sweep", help=tr("a grid of changes x replications, saved run by run (resumable)"))
    sweep.set_defaults(command=sweep_command, name="sweep")
    sweep.add_argument("--scenario", required=True, metavar="FILE.toml", help=tr("scenario file or preset name"))
    sweep.add_argument("--vary", action="append", required=True, metavar="FIELD=SPEC",
                       help=tr("a field and its values: START:STOP[:STEP] (inclusive) or V1,V2,...; "
                            "staff.NAME means staff.NAME.count; repeat for a full grid"))
    _add_common(sweep)
    sweep.add_argument("--out", metavar="FILE.csv", help=tr("results file, one row per run, written as runs finish; "
                       ".parquet for Parquet (default results/sweep_<scenario>.csv)"))
    sweep.add_argument("--resume", action="store_true", help=tr("continue the sweep in --out: run only what is missing"))
    sweep.add_argument("--kpi", action="append", metavar="KPI", help=tr("KPI to show and plot (repeatable; default "
                       "service_level, median_first_response_minutes and p_abandon, or with a [business] "
                       "service_level, lowest_reputation and profit)"))
    sweep.add_argument("--figure", metavar="FILE.png", help=tr("where to save the figure (default results/sweep_<scenario>.png)"))

    optimise = commands.add_parser("optimise", help=tr("the cheapest staffing plan meeting targets, or the most profitable"))
    optimise.set_defaults(command=optimise_command, name="optimise")
    optimise.add_argument("--scenario", required=True, metavar="FILE.toml", help=tr("scenario file or preset name"))
    goal = optimise.add_mutually_exclusive_group(required=True)
    goal.add_argument("--service-level", type=float, metavar="SHARE",
                      help=tr("cheapest plan answering at least SHARE (e.g. 0.8) within service.target_minutes, "
                           "in every interval (or on the run's mean with --judge mean)"))
    goal.add_argument("--target", action="append", metavar="[CHANNEL:]SHARE[@MINUTES]",
                      help=tr("a service-level target, e.g. comments:0.8@15 or dm:0.8@60 (repeatable; no channel: "
                           "all channels; no minutes: service.target_minutes)"))
    goal.add_argument("--profit", action="store_true", help=tr("the plan with the highest mean profit"))
    optimise.add_argument("--judge", choices=("interval", "mean"), default="interval",
                          help=tr("targets hold in every interval (default) or on the run's mean"))
    optimise.add_argument("--interval", type=int, default=30, choices=(15, 30, 60), metavar="MINUTES",
                          help=tr("interval length for per-interval targets: 15, 30 (default) or 60 minutes"))
    optimise.add_argument("--reputation-floor", type=float, metavar="SCORE",
                          help=tr("with targets: mean lowest reputation (0-100) must stay at least SCORE"))
    _add_common(optimise)
    optimise.add_argument("--shifts", metavar="A,B", help=tr("shifts to staff (default all; the others keep their count)"))
    optimise.add_argument("--starts", metavar="H,H", help=tr("more shifts for the integer program: start hours, "
                          "e.g. 0:22:2 or 6,10,14,22 (with --lengths)"))
    optimise.add_argument("--lengths", metavar="H,H", default="8", help=tr("lengths in hours of the --starts shifts "
                          "(default 8), e.g. 4,8"))
    optimise.add_argument("--night-premium", type=float, default=0.0, metavar="SHARE",
                          help=tr("extra pay for hours between 22:00 and 06:00 (0.25: +25%%)"))
    optimise.add_argument("--part-time-rate", type=float, default=1.0, metavar="FACTOR",
                          help=tr("hourly rate of shifts shorter than 8 hours, relative to full time (default 1)"))
    optimise.add_argument("--min-heads", type=int, default=0, metavar="N",
                          help=tr("a shift that is staffed has at least N people (default 0)"))
    optimise.add_argument("--max-count", type=int, help=tr("most people on a shift (default 3 x its peak requirement + 5)"))
    optimise.add_argument("--shrinkage", type=float, default=0.0, metavar="SHARE",
                          help=tr("share of paid time lost to breaks, absence, training (default 0)"))
    optimise.add_argument("--max-occupancy", type=float, metavar="SHARE",
                          help=tr("occupancy cap: never fewer people on duty than load / SHARE (e.g. 0.85)"))
    optimise.add_argument("--out", metavar="FILE.csv", help=tr("save every plan evaluated (one row each) to a CSV file"))
    optimise.add_argument("--figure", metavar="FILE.png",
                          help=tr("where to save the figure (default results/optimise_<scenario>.png)"))

    report = commands.add_parser("report", help=tr("a staffing report notebook with figures (papermill), and HTML"))
    report.set_defaults(command=report_command, name="report")
    report.add_argument("--scenario", required=True, metavar="FILE.toml", help=tr("scenario file or preset name"))
    report.add_argument("--days", type=float, help=tr("simulated days per run (overrides run.days)"))
    report.add_argument("--seed", type=int, help=tr("random seed (overrides run.seed)"))
    report.add_argument("--replications", type=int, help=tr("runs per plan, at least 2 (default: run.replications "
                        "of the scenario, or 10 when it asks for fewer than 2)"))
    report.add_argument("--service-level", type=float, default=0.8, metavar="SHARE",
                        help=tr("target: share answered within service.target_minutes on all channels (default 0.8)"))
    report.add_argument("--target", action="append", metavar="[CHANNEL:]SHARE[@MINUTES]",
                        help=tr("a service-level target instead, e.g. comments:0.8@15 or dm:0.8@60 (repeatable)"))
    report.add_argument("--judge", choices=("mean", "interval"), default="mean",
                        help=tr("targets on the run's mean (default) or in every interval of the week"))
    report.add_argument("--interval", type=int, default=30, choices=(15, 30, 60), metavar="MINUTES",
                        help=tr("interval length for the worst interval and per-interval targets: 15, 30 (default) or 60"))
    report.add_argument("--reputation-floor", type=float, metavar="SCORE",
                        help=tr("target: mean lowest reputation (0-100) at least SCORE (needs a [business] section)"))
    report.add_argument("--feedback", action="store_true",
                        help=tr("let reputation move the volume during runs (default off: plan for a fixed forecast)"))
    report.add_argument("--workers", type=int, help=tr("local processes (default all cores; 1: no pool)"))
    report.add_argument("--out", metavar="FILE.ipynb", help=tr("the executed notebook (default reports/out/<scenario>.ipynb)"))
    report.add_argument("--html", action="store_true", help=tr("also write an HTML copy beside it (FILE.html)"))

    erlang = commands.add_parser("erlang", help=tr("analytic Erlang C / Erlang A figures, or the head count a target needs"))
    erlang.set_defaults(command=erlang_command, name="erlang")
    erlang.add_argument("--arrivals-per-hour", type=float, required=True)
    erlang.add_argument("--handle-minutes", type=float, required=True, help=tr("mean handling time"))
    count = erlang.add_mutually_exclusive_group(required=True)
    count.add_argument("--agents", type=int, help=tr("figures for this head count"))
    count.add_argument("--service-level", type=float, metavar="SHARE",
                       help=tr("the smallest head count answering SHARE (e.g. 0.8) within --target-minutes"))
    erlang.add_argument("--max-abandon", type=float, metavar="SHARE",
                        help=tr("with --service-level: at most SHARE of customers give up (Erlang A)"))
    erlang.add_argument("--patience-minutes", type=float, default=math.inf,
                        help=tr("mean patience; leave out for Erlang C (nobody gives up)"))
    erlang.add_argument("--target-minutes", type=float, default=0.0, help=tr("service-level target"))
    erlang.add_argument("--concurrency", type=int, default=1, metavar="K",
                        help=tr("conversations one person holds at once (a channel's concurrency): "
                             "N people are N x K servers (default 1)"))
    erlang.add_argument("--json", action="store_true", help=tr("print JSON instead of a table"))

    add_fit_parser(commands)
    return parser


def _add_common(command: argparse.ArgumentParser) -> None:
    """Options shared by ``sweep`` and ``optimise``: the scenario's changes, replications, where to run."""
    command.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                         help=tr("change a field of the base scenario (repeatable)"))
    command.add_argument("--add", action="append", default=[], metavar="FIELD={...}",
                         help=tr("add a shift or channel to the base scenario, whole (repeatable)"))
    command.add_argument("--days", type=float, help=tr("simulated days (overrides run.days)"))
    command.add_argument("--seed", type=int, help=tr("random seed (overrides run.seed)"))
    command.add_argument("--replications", type=int,
                         help=tr("replications per point or plan (overrides run.replications)"))
    command.add_argument("--workers", type=int, help=tr("local processes (default all cores; 1: no pool)"))
    command.add_argument("--scheduler", metavar="ADDRESS", help=tr("run on a dask cluster, e.g. tcp://10.0.0.5:8786"))
    command.add_argument("--feedback", action="store_true",
                         help=tr("let reputation move the volume during runs (default off: plan for a fixed forecast)"))
