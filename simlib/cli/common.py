"""What the commands share: loading a scenario with its changes, output paths checked before
anything runs, limits, tables printed and figures saved."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from simlib.analysis.formatting import format_kpi
from simlib.analysis.registry import KPI_DESCRIPTIONS, OUTCOME_KPI_DESCRIPTIONS
from simlib.errors import ScenarioError
from simlib.i18n import tr
from simlib.model.base import shorten
from simlib.model.presets import find_scenario
from simlib.model.scenario import (
    Scenario,
    load_scenario,
    parse_override,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure


DESCRIPTIONS = {**KPI_DESCRIPTIONS, **OUTCOME_KPI_DESCRIPTIONS}
HEADLINE = ("questions", "answered_share", "median_first_response_minutes", "service_level", "conversion",
            "revenue", "revenue_lost", "delay_cost_per_question_minute", "delay_cost_per_minute", "complaints",
            "final_reputation", "lowest_reputation", "crisis", "staff_cost", "profit")
"""What ``simlib compare`` shows unless asked for ``--all``."""


def load_from_args(args: argparse.Namespace) -> tuple[str, Scenario, str | None]:
    """The base scenario of ``sweep`` and ``optimise``: the file with --set, --days and --seed applied.

    Reputation feedback is turned off unless ``--feedback`` (a plan is made
    for a fixed forecast); the third value is the line that says so, if it was on.
    """
    from simlib.analysis.forecast import feedback_on, fixed_forecast, forecast_questions

    path, overrides, additions = scenario_changes(args, ("run.days", "run.seed"))
    check_replications(args.replications)
    scenario, note = load_scenario(path, overrides, additions=additions, existing_only=True), None
    if feedback_on(scenario) and not args.feedback:
        scenario = fixed_forecast(scenario)
        note = tr("planning at a fixed forecast of {questions:,.0f} questions a run: reputation feedback off "
                  "(--feedback lets reputation move the volume)", questions=forecast_questions(scenario))
    return path.stem, scenario, note


def print_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """Left-aligned columns, two spaces apart, indented by two."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    for line in [list(header), *rows]:
        print("  " + "  ".join(f"{cell:<{w}}" for cell, w in zip(line, widths)).rstrip())


def save_figure(figure: Figure, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=100)


# --- what every command checks before it simulates ------------------------------------------

FIGURE_TYPES = (".png", ".pdf", ".svg")
"""Figure files the commands write (matplotlib picks the format from the suffix)."""
RECORD_BYTES = {False: 160, True: 400}
"""Bytes of one question's row in a records CSV, without and with a ``[business]`` section (with margin)."""
MAX_REPLICATIONS = 100_000
"""The most replications a command runs per scenario, point or plan (as ``run.replications``)."""


def scenario_changes(args: argparse.Namespace, shortcuts: Sequence[str]) -> tuple[Path, dict, dict]:
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


def check_replications(replications: int | None) -> None:
    """Refuse ``--replications`` outside 1 to :data:`MAX_REPLICATIONS`, before anything runs."""
    if replications is not None and not 1 <= replications <= MAX_REPLICATIONS:
        raise ScenarioError(tr("--replications {replications}: must be 1 to {limit:,}", replications=replications,
                               limit=MAX_REPLICATIONS))


def checked_output(name: str, option: str, suffixes: Sequence[str] = ()) -> Path:
    """Check that ``name`` can be written, before any simulation: refuse it in one line if not.

    Creates the missing folders (as writing would). Refuses an empty name, a
    folder, a device or pipe (``/dev/full``), a name the system refuses (too
    long), a folder that is a file or cannot be written, and a suffix not in
    ``suffixes``. An existing file is left as it is (nothing is written yet).
    """
    if not name or not name.strip():
        raise ScenarioError(tr("{option} {name}: give a file name", option=option, name=repr(name)))
    if "\0" in name:
        raise ScenarioError(tr("{option} {name}: a file name cannot hold a NUL character", option=option,
                               name=shorten(name, 120)))
    path = Path(name)
    shown = shorten(str(path), 120)
    longest = max((len(part.encode(errors="replace")) for part in path.parts), default=0)
    if longest > 255:
        raise ScenarioError(tr("{option} {name}: a name in it has {length} bytes; at most 255", option=option,
                               name=shown, length=longest))
    try:
        if path.is_dir():
            raise ScenarioError(tr("{option} {name}: is a folder; give a file name", option=option, name=shown))
        if path.exists() and not path.is_file():
            raise ScenarioError(tr("{option} {name}: not a regular file (a device, pipe or socket); give a file name",
                                   option=option, name=shown))
        folder = next((p for p in path.parents if p.exists()), None)
        if folder is not None and not folder.is_dir():
            raise ScenarioError(tr("{option} {name}: {folder} is a file, not a folder", option=option, name=shown,
                                   folder=shorten(str(folder), 120)))
        if suffixes and path.suffix.lower() not in suffixes:
            raise ScenarioError(tr("{option} {name}: must end in {suffixes}", option=option, name=shown,
                                   suffixes=", ".join(suffixes)))
        path.parent.mkdir(parents=True, exist_ok=True)
        existed = path.exists()
        with path.open("ab"):
            pass
        if not existed:
            path.unlink()
    except OSError as error:
        raise ScenarioError(tr("{option} {name}: cannot be written ({reason})", option=option, name=shown,
                               reason=error.strerror or error)) from None
    return path


def check_disk_space(path: Path, size: float) -> None:
    """Refuse a file of about ``size`` bytes that the disk holding ``path`` has no room for."""
    import shutil

    free = shutil.disk_usage(path.parent).free
    if size > free:
        raise ScenarioError(tr("{path}: the records need about {size} and the disk has {free} free; ask for fewer "
                               "questions or replications", path=shorten(str(path), 120), size=_size(size),
                               free=_size(free)))


def _size(amount: float) -> str:
    for unit, size in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6)):
        if amount >= size:
            return f"{amount / size:,.3g} {unit}"
    return f"{amount / 1e3:,.3g} kB"


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet reads as the start of a formula in a CSV cell."""


def neutralise(text: str) -> str:
    """A name written into a CSV cell, with a leading ``'`` if a spreadsheet would run it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def neutralised_table(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``table`` whose text cells a spreadsheet would run as formulas get a leading ``'``."""
    table = table.copy()
    for column in table.columns:
        if table[column].dtype == object:
            table[column] = table[column].map(lambda v: neutralise(v) if isinstance(v, str) else v)
    return table


def kpi_cell(name: str, row: pd.Series, with_interval: bool, currency: str = "") -> str:
    """One table cell: the mean, and with replications its 95% interval."""
    text = format_kpi(name, row["mean"], currency)
    if with_interval and not (pd.isna(row["ci_low"]) or pd.isna(row["ci_high"])):
        text += "  " + tr("[{low}, {high}]", low=format_kpi(name, row["ci_low"], currency),
                          high=format_kpi(name, row["ci_high"], currency))
    return text
