"""``fit_export``: a message export in, a scenario out, with where each value came from.

The pieces: :mod:`simlib.fit.export` reads and checks the export,
:mod:`simlib.fit.arrivals` fits the weekly profile, :mod:`simlib.fit.handling`
the channel mix and handling times, :mod:`simlib.fit.patience` patience
(censored data), and :mod:`simlib.fit.writer` writes the commented TOML.
``docs/fit.md`` explains the export format, the methods and their limits.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from simlib.errors import ScenarioError
from simlib.fit.arrivals import FEW_MESSAGES, Profile, weekly_profile
from simlib.fit.export import Columns, Messages, read_export
from simlib.fit.handling import FEW_TIMES, HandlingFit, Share, channel_mix, fit_handling
from simlib.fit.patience import FEW_EVENTS, PatienceFit, fit_patience
from simlib.fit.writer import scenario_text
from simlib.i18n import tr
from simlib.model.scenario import LONGEST_MINUTES, Scenario, Shift, validate_scenario

FEW_WEEKS = 8
"""An export shorter than this many weeks gets a forecast warning: seasons, trends and holidays are unseen."""
PLACEHOLDER_OCCUPANCY = 0.85
"""The placeholder team is the peak interval's workload over this occupancy, rounded up."""


@dataclass(frozen=True)
class FitResult:
    """A fitted scenario and how it was fitted.

    ``scenario`` is validated; ``text`` is its TOML file with a comment on
    every fitted value; ``provenance`` maps dotted fields to those comments.
    ``observed`` has the export's own figures (``messages``,
    ``answered_share``, ``service_level`` within ``target_minutes``,
    ``p_abandon`` when give-ups are known), to compare with runs of the
    fitted scenario. ``warnings`` lists what the data are too few for.
    """

    scenario: Scenario
    text: str
    provenance: dict[str, str]
    messages: Messages
    profile: Profile
    mix: list[Share]
    handling: dict[str, HandlingFit]
    patience: dict[str, PatienceFit]
    observed: dict[str, float]
    warnings: list[str]

    def write(self, path: str | Path) -> Path:
        """Write the scenario file; returns its path."""
        path = Path(path)
        path.write_text(self.text + "\n", encoding="utf-8")
        return path


def fit_export(source: str | Path | pd.DataFrame, columns: Columns | Mapping[str, str] | None = None,
               time_zone: str = "UTC", *, name: str | None = None, target_minutes: float = 60.0,
               staff: Mapping[str, Shift | Mapping[str, Any]] | None = None, seed: int = 1) -> FitResult:
    """Fit a scenario to a message export.

    Parameters
    ----------
    source
        A CSV file or a frame, one row per message (``docs/fit.md``).
    columns
        The export's column names: :class:`Columns` or ``{"arrived": "created_at", ...}``.
    time_zone
        The zone of the export's clock times (``"Europe/Madrid"``); the
        weekly profile is in its clock time.
    name
        The scenario's name (default: from the file name).
    target_minutes
        The service-level target (minutes) of the scenario and of ``observed``.
    staff
        The team's shifts, as in a scenario's ``[staff]``; the export does
        not say who was on duty, so the default is a labelled placeholder:
        one 24/7 shift sized for the peak interval's workload.
    seed
        Seeds the bootstrap and the parameter draws behind the intervals.

    Raises
    ------
    ScenarioError
        One line naming the file, column, row and value (a bad export, a bad
        column mapping or time zone, an export of less than a week).
    """
    columns = columns if isinstance(columns, Columns) else Columns.parse(dict(columns or {}))
    if not (isinstance(target_minutes, (int, float)) and 0 <= target_minutes <= LONGEST_MINUTES):
        raise ScenarioError(f"target_minutes = {target_minutes!r}: must be 0 to {LONGEST_MINUTES:,.0f} minutes")
    messages = read_export(source, columns, time_zone)
    frame = messages.frame
    profile = weekly_profile(messages)
    mix = channel_mix(frame["channel"])
    by_channel = {share.channel: frame[frame["channel"] == share.channel] for share in mix}
    handling = {c: fit_handling(c, part["handling"], seed) for c, part in by_channel.items()}
    patience = {c: fit_patience(c, part, seed) for c, part in by_channel.items()}
    events = sum(p.gave_up for p in patience.values())
    late = int((frame["wait"] > frame["gave_up_after"]).sum())
    if late or not events:
        abandonment = "stays"
        note = (f"{late:,} messages were answered after their customer gave up: the post stays" if late else
                "no give-ups in the export; social-media style, a post whose customer gave up is still answered")
    else:
        abandonment = "leaves"
        note = f"none of the {events:,} customers who gave up was answered afterwards: the question leaves"
    if staff is None:
        staff_fields, staff_note = placeholder_staff(profile, handling, mix)
    else:
        staff_fields = {k: (v.model_dump() if isinstance(v, Shift) else dict(v)) for k, v in staff.items()}
        staff_note = "given to simlib fit (the export does not say who was on duty)"
    warnings = fit_warnings(messages, profile, handling, patience)
    stem = name or (Path(str(source)).stem if not isinstance(source, pd.DataFrame) else "fitted inbox")
    text, provenance = scenario_text(
        name=stem, messages=messages, profile=profile, mix=mix, handling=handling, patience=patience,
        abandonment=abandonment, abandonment_note=note, target_minutes=target_minutes, staff=staff_fields,
        staff_note=staff_note, warnings=warnings)
    scenario = validate_scenario(tomllib.loads(text))
    wait = frame["wait"]
    observed = {"messages": float(len(frame)), "answered_share": float(wait.notna().mean()),
                "service_level": float((wait <= target_minutes).mean())}
    if messages.has["gave_up"]:
        observed["p_abandon"] = events / len(frame)
    return FitResult(scenario, text, provenance, messages, profile, mix, handling, patience, observed, warnings)


def placeholder_staff(profile: Profile, handling: dict[str, HandlingFit], mix: list[Share],
                      ) -> tuple[dict[str, dict], str]:
    """One 24/7 shift sized for the busiest interval: workload (arrivals x handling) over 85% occupancy."""
    handle = sum(s.share * handling[s.channel].mean for s in mix)
    peak = profile.per_hour * float(profile.table["factor"].max()) * handle / 60
    count = max(1, math.ceil(peak / PLACEHOLDER_OCCUPANCY))
    note = (f"PLACEHOLDER, not in the export: {count} on duty around the clock, the busiest interval's workload "
            f"({peak:.2f} people busy) over {PLACEHOLDER_OCCUPANCY:.0%} occupancy; give your shifts (--staff-from) "
            "or plan them with simlib optimise")
    return {"team": {"count": count, "start_hour": 0.0, "end_hour": 24.0,
                     "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]}}, note


def fit_warnings(messages: Messages, profile: Profile, handling: dict[str, HandlingFit],
                 patience: dict[str, PatienceFit]) -> list[str]:
    """Where the data are too few, in words: the forecast's honesty first (in the reader's language, :mod:`simlib.i18n`)."""
    warnings = []
    if messages.weeks < FEW_WEEKS:
        low, high = int(profile.table["occurrences"].min()), int(profile.table["occurrences"].max())
        times = (tr("{count} occurrence", count=low) if low == high == 1 else
                 tr("{count} occurrences", count=low) if low == high else
                 tr("{low}-{high} occurrences", low=low, high=high))
        warnings.append(tr(
            "the export covers only {days} days ({weeks:.1f} weeks): each 30-minute interval's factor rests on "
            "{times} (median 95% CI +-{half_width:.0%}), and seasons, trends and holidays are unseen; plan on the "
            "intervals' upper bounds or add weeks", days=messages.days, weeks=messages.weeks, times=times,
            half_width=profile.median_half_width))
    sparse = int((profile.table["messages"] < FEW_MESSAGES).sum())
    if sparse:
        warnings.append(tr("{sparse} of 336 intervals saw fewer than {few} messages in all: their factors are rough "
                           "(see the fit report's band)", sparse=sparse, few=FEW_MESSAGES))
    for channel, fit in handling.items():
        if fit.default:
            warnings.append(tr("{channel}: no close times, handling is a stated default", channel=channel))
        elif fit.times < FEW_TIMES:
            warnings.append(tr("{channel}: handling rests on {times} reply-to-close times (fewer than {few})",
                               channel=channel, times=fit.times, few=FEW_TIMES))
    for channel, fit in patience.items():
        if fit.dist is None:
            why = (tr("no give-ups seen") if not fit.gave_up else
                   tr("no fit converged on {count} give-ups", count=fit.gave_up))
            warnings.append(tr("{channel}: patience not estimated ({why}); customers never give up",
                               channel=channel, why=why))
        elif fit.gave_up < FEW_EVENTS:
            warnings.append(tr("{channel}: patience rests on {count} give-ups (fewer than {few}): rough",
                               channel=channel, count=fit.gave_up, few=FEW_EVENTS))
    return warnings
