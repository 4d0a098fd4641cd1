"""A message export: one row per message, read with pandas and checked, or made from a simulation.

An export (a CSV file from a social-care or help-desk tool, or a pandas
frame) has one row per customer message and these columns, named as the
tool names them (:class:`Columns` maps them):

==============  ========  ==============================================================
column          required  what it holds
==============  ========  ==============================================================
``arrived``     yes       when the message arrived (date and time)
``channel``     yes       where it arrived (comments, dm, reviews...)
``first_reply`` no        when the team first replied; empty if never answered
``closed``      no        when the conversation was closed; empty if still open
``gave_up``     no        when the customer gave up waiting (a chat tool's "customer left",
                          a deleted comment); empty if they did not, or the tool cannot say
==============  ========  ==============================================================

Times without an offset (``2026-01-05 09:30``) are clock times in the
export's time zone; times with one (``2026-01-05T09:30:00+01:00``) are
converted to it. :func:`read_export` returns a :class:`Messages` frame with
the clock times (for the weekly profile) and the minutes between them
(counted on the real clock, so a daylight-saving change does not add or
lose an hour). Errors are one-line :class:`simlib.errors.ScenarioError`
naming the file, the column, the row and the value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd

from simlib.errors import ScenarioError
from simlib.i18n import tr
from simlib.model.base import check_name, shorten, show
from simlib.model.records import SimulationResult

FIELDS = ("arrived", "channel", "first_reply", "closed", "gave_up")
"""The export's columns as simlib names them; the first two are required."""
REQUIRED = ("arrived", "channel")
TIME_FIELDS = ("arrived", "first_reply", "closed", "gave_up")
MAX_EXPORT_BYTES = 500_000_000
"""The largest export file read (about 5 million messages)."""
EPOCH = pd.Timestamp("1970-01-01", tz="UTC")
EARLIEST, LATEST = pd.Timestamp("1900-01-01", tz="UTC"), pd.Timestamp("2200-01-01", tz="UTC")
"""Times outside these years are refused (a typo such as 1026 or 9999, not an inbox)."""
MAX_DAYS = 3660
"""The longest export read, in days (as the longest run)."""
EXAMPLE_START = pd.Timestamp("2026-01-05 00:00")
"""A Monday: minute 0 of a simulation becomes this clock time in :func:`export_from_result`."""


@dataclass(frozen=True)
class Columns:
    """The export's column name for each field, e.g. ``Columns(arrived="created_at")``.

    :meth:`parse` reads the command line's ``--column arrived=created_at``.
    """

    arrived: str = "arrived"
    channel: str = "channel"
    first_reply: str = "first_reply"
    closed: str = "closed"
    gave_up: str = "gave_up"

    @classmethod
    def parse(cls, pairs: list[str] | dict[str, str] | None) -> "Columns":
        """Columns from ``["arrived=created_at", ...]`` or ``{"arrived": "created_at"}``.

        Raises :class:`ScenarioError` for an unknown field or a pair without ``=``.
        """
        items = pairs.items() if isinstance(pairs, dict) else [_split_pair(p) for p in pairs or []]
        names = {}
        for key, value in items:
            if key not in FIELDS:
                raise ScenarioError(tr("--column {field}: unknown field (fields: {fields})", field=show(key, 40),
                                       fields=", ".join(FIELDS)))
            if not isinstance(value, str) or not value:
                raise ScenarioError(tr("--column {field}={value}: give the export's column name", field=key,
                                       value=show(value, 40)))
            names[key] = value
        return cls(**names)


def _split_pair(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep:
        raise ScenarioError(tr("--column {text}: expected FIELD=COLUMN, e.g. arrived=created_at", text=show(text, 60)))
    return key.strip(), value.strip()


@dataclass(frozen=True)
class Messages:
    """An export read and checked: one row per message.

    ``frame`` columns: ``arrived`` (clock time in ``time_zone``, tz-naive),
    ``channel`` (text), ``wait`` (minutes to the first reply; NaN: never
    answered), ``handling`` (minutes from first reply to close; NaN: no
    close time), ``gave_up_after`` (minutes from arrival until the customer
    gave up; NaN: did not, or unknown), ``observed`` (minutes from arrival to
    the end of the export: how long the message could be watched).
    ``start`` and ``end`` are the clock times (midnights) that bound the
    export's whole days; ``has`` says which optional columns were present.
    """

    frame: pd.DataFrame
    start: pd.Timestamp
    end: pd.Timestamp
    time_zone: str
    source: str
    has: dict[str, bool] = field(default_factory=dict)

    @property
    def days(self) -> int:
        """Whole days the export covers."""
        return int(round((self.end - self.start) / pd.Timedelta(days=1)))

    @property
    def weeks(self) -> float:
        return self.days / 7


def check_time_zone(time_zone: str) -> ZoneInfo:
    """The zone named ``time_zone`` (``"Europe/Madrid"``, ``"UTC"``), or a one-line :class:`ScenarioError`."""
    try:
        return ZoneInfo(str(time_zone))
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ScenarioError(tr("--time-zone {zone}: not a time zone name (e.g. Europe/Madrid, America/New_York, UTC)",
                               zone=show(time_zone, 60))) from None


def read_export(source: str | Path | pd.DataFrame, columns: Columns | None = None, time_zone: str = "UTC",
                ) -> Messages:
    """Read a message export (a CSV path or a frame) into :class:`Messages`.

    Raises :class:`ScenarioError` (one line) when the file cannot be read as
    CSV, a required column is missing, a time does not parse, a reply,
    close or give-up time comes before the arrival, a channel name cannot
    be a scenario channel, or there are no messages.
    """
    columns = columns or Columns()
    zone = check_time_zone(time_zone)
    name = tr("export") if isinstance(source, pd.DataFrame) else tr("export '{file}'", file=shorten(str(source), 120))
    raw = (source if isinstance(source, pd.DataFrame) else _read_csv(Path(source), name)).reset_index(drop=True)
    present = {key: getattr(columns, key) in raw.columns for key in FIELDS}
    for key in REQUIRED:
        if not present[key]:
            found = shorten(", ".join(map(str, raw.columns)), 200) or tr("none")
            raise ScenarioError(tr("{name}: no column {column} for {field} (columns: {found}); name yours with "
                                   "--column {field}=NAME", name=name, column=show(getattr(columns, key), 60),
                                   field=key, found=found))
    if raw.empty:
        raise ScenarioError(tr("{name}: no messages (the file has a header but no rows)", name=name))
    times = {key: _times(raw[getattr(columns, key)], name, getattr(columns, key), zone, required=key == "arrived")
             for key in TIME_FIELDS if present[key]}
    channel = raw[columns.channel]
    if channel.isna().any():
        row = int(np.flatnonzero(channel.isna().to_numpy())[0])
        raise ScenarioError(tr("{name}, row {row}, column {column}: empty (every message needs its channel)",
                               name=name, row=row + 2, column=show(columns.channel, 60)))
    channel = channel.astype(str).str.strip()
    for value in channel.unique():
        try:
            check_name("channel", value)
        except ValueError as error:
            raise ScenarioError(tr("{name}, column {column}: {error}", name=name, column=show(columns.channel, 60),
                                   error=error)) from None
    arrived = times["arrived"]
    minutes = {key: (_seconds(times[key]) - _seconds(arrived)) / 60 if key in times else
               pd.Series(np.nan, index=raw.index) for key in ("first_reply", "closed", "gave_up")}
    for key, values in minutes.items():
        early = values < 0
        if early.any():
            row = int(np.flatnonzero(early.to_numpy())[0])
            raise ScenarioError(tr("{name}, row {row}, column {column}: {value} is before the arrival {arrival}",
                                   name=name, row=row + 2, column=show(getattr(columns, key), 60),
                                   value=raw[getattr(columns, key)].iloc[row], arrival=raw[columns.arrived].iloc[row]))
    local = arrived.dt.tz_convert(zone).dt.tz_localize(None)
    start = local.min().normalize()
    end = local.max().normalize() + pd.Timedelta(days=1)
    days = round((end - start) / pd.Timedelta(days=1))
    if days > MAX_DAYS:
        first, last = start.strftime("%Y-%m-%d"), end.strftime("%Y-%m-%d")
        raise ScenarioError(tr("{name}: covers {days:,} days ({first} to {last}); at most {limit:,} (ten years): check "
                               "the dates, or fit the recent years", name=name, days=days, first=first, last=last,
                               limit=MAX_DAYS))
    end_instant = _localize(pd.Series([end]), zone).iloc[0]
    handling = minutes["closed"] - minutes["first_reply"]
    frame = pd.DataFrame({
        "arrived": local,
        "channel": channel,
        "wait": minutes["first_reply"],
        "handling": handling.where(handling > 0),
        "gave_up_after": minutes["gave_up"],
        "observed": (end_instant - arrived).dt.total_seconds() / 60,
    }).sort_values("arrived", kind="stable").reset_index(drop=True)
    return Messages(frame, start, end, str(time_zone), name, {key: present[key] for key in FIELDS})


def _read_csv(path: Path, name: str) -> pd.DataFrame:
    if path.is_dir():
        raise ScenarioError(tr("{name}: is a folder, not a CSV file", name=name))
    if not path.is_file():
        raise ScenarioError(tr("{name}: not found", name=name))
    if path.stat().st_size > MAX_EXPORT_BYTES:
        raise ScenarioError(tr("{name}: {size:,} bytes; an export is at most {limit:,}", name=name,
                               size=path.stat().st_size, limit=MAX_EXPORT_BYTES))
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ScenarioError(tr("{name}: not UTF-8 text; save the export as UTF-8 CSV", name=name)) from None
    except pd.errors.EmptyDataError:
        raise ScenarioError(tr("{name}: empty (no header, no rows)", name=name)) from None
    except pd.errors.ParserError as error:
        raise ScenarioError(tr("{name}: not a CSV table ({reason})", name=name, reason=shorten(str(error), 160))) \
            from None


def _times(values: pd.Series, name: str, column: str, zone: ZoneInfo, required: bool) -> pd.Series:
    """Instants (UTC) of a column of dates and times; naive ones are clock times in ``zone``."""
    text = values.astype("string").str.strip().replace("", pd.NA)
    if required and text.isna().any():
        row = int(np.flatnonzero(text.isna().to_numpy())[0])
        raise ScenarioError(tr("{name}, row {row}, column {column}: empty (every message needs it)", name=name,
                               row=row + 2, column=show(column, 60)))
    has_offset = text.str.contains(r"(?:[+-]\d\d:?\d\d|Z)$", regex=True, na=False)
    parsed = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns, UTC]")
    for offset, part in ((True, text[has_offset]), (False, text[~has_offset & text.notna()])):
        if part.empty:
            continue
        stamps = pd.to_datetime(part, format="ISO8601", utc=offset, errors="coerce")
        bad = stamps.isna()
        if bad.any():
            row = values.index.get_loc(bad[bad].index[0])
            raise ScenarioError(tr("{name}, row {row}, column {column}: {value} is not a date and time (e.g. "
                                   "2026-01-05 09:30 or 2026-01-05T09:30:00+01:00)", name=name, row=row + 2,
                                   column=show(column, 60), value=show(part[bad].iloc[0], 60)))
        parsed[part.index] = stamps if offset else _localize(stamps, zone)
    odd = (parsed < EARLIEST) | (parsed >= LATEST)
    if odd.any():
        row = int(np.flatnonzero(odd.to_numpy())[0])
        raise ScenarioError(tr("{name}, row {row}, column {column}: {value} is outside the years {first}-{last}",
                               name=name, row=row + 2, column=show(column, 60), value=show(text.iloc[row], 60),
                               first=EARLIEST.year, last=LATEST.year - 1))
    return parsed


def _seconds(instants: pd.Series) -> pd.Series:
    """Seconds since 1970 (UTC) as floats: differences of far-apart times cannot overflow (NaT gives NaN)."""
    return (instants - EPOCH).dt.total_seconds()


def _localize(stamps: pd.Series, zone: ZoneInfo) -> pd.Series:
    """Clock times in ``zone`` as UTC instants (an hour repeated in autumn: the first; skipped in spring: after)."""
    return stamps.dt.tz_localize(zone, ambiguous=np.ones(len(stamps), bool),
                                 nonexistent="shift_forward").dt.tz_convert("UTC")


def export_from_result(result: SimulationResult, start: pd.Timestamp = EXAMPLE_START, *,
                       gave_up: bool = True, closed: bool = True) -> pd.DataFrame:
    """The export a help-desk tool would give of one simulated run: one row per question.

    Minute 0 of the run (Monday 00:00) becomes the clock time ``start`` (a
    Monday). ``first_reply`` is the reply start (empty: never answered),
    ``closed`` the reply end (reply start + handling; with ``closed``),
    ``gave_up`` when the customer's patience ran out, for the customers the
    simulator counts as abandoned (gave up before a reply started, within
    the run; with ``gave_up``). Times are written to the second, as text.
    Raises ``ValueError`` when ``start`` is not a Monday.
    """
    records = result.records
    if start.dayofweek != 0:
        raise ValueError(f"start = {start}: must be a Monday (minute 0 of a run is Monday 00:00)")

    def clock(minutes: pd.Series) -> pd.Series:
        stamps = start + pd.to_timedelta(np.round(minutes.to_numpy() * 60), unit="s")
        return pd.Series(stamps, index=minutes.index).dt.strftime("%Y-%m-%d %H:%M:%S").where(minutes.notna(), "")

    frame = pd.DataFrame({"arrived": clock(records["arrival"]), "channel": records["channel"].astype(str),
                          "first_reply": clock(records["reply_start"])})
    if closed:
        frame["closed"] = clock(records["reply_end"].where(records["reply_end"] <= result.horizon_minutes))
    if gave_up:
        frame["gave_up"] = clock((records["arrival"] + records["patience"]).where(records["abandoned"]))
    return frame
