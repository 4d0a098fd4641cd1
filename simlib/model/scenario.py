"""A scenario: one business's social inbox, read from TOML and validated.

Times are in minutes unless a field name says hours or days. The parts
(arrivals, channels, shifts, service, run) live in :mod:`simlib.model.parts`
and are re-exported here. Field-by-field reference with examples:
``docs/scenario-files.md``.
"""

from __future__ import annotations

import copy
import math
import stat
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

import numpy as np
from pydantic import Field, ValidationError, field_validator, model_validator

from simlib.errors import ScenarioError
from simlib.i18n import N_, get_language, tr
from simlib.model.base import (
    StrictModel,
    check_name,
    shorten,
    show,
)
from simlib.model.business import CURVE_NAMES, Business
from simlib.model.calendar_events import Calendar
from simlib.model.distributions import DISTRIBUTION_NAMES
from simlib.model.parts import (  # re-exported: the scenario's parts are imported from here too
    DAYS,
    INTERVALS_PER_DAY,
    LONGEST_MINUTES,
    MAX_CHANNELS,
    MAX_SHIFTS,
    MAX_STAFF,
    Arrivals,
    Channel,
    Day,
    Factor,
    Minutes,
    NonNegative,
    Run,
    Service,
    Shift,
)
from simlib.model.workload import (
    BYTES_PER_QUESTION,
    MAX_DUTY_PERIODS,
    candidate_factor,
    duty_periods,
    max_questions,
    size_text,
    workload,
)

__all__ = ["DAYS", "INTERVALS_PER_DAY", "LONGEST_MINUTES", "MAX_CHANNELS", "MAX_FILE_BYTES", "MAX_SHIFTS",
           "MAX_STAFF", "Arrivals", "Channel", "Day", "Factor", "Minutes", "NonNegative", "Run", "Scenario",
           "Service", "Shift", "add_entry", "load_scenario", "parse_override", "read_scenario_file", "set_field",
           "validate_scenario"]

MAX_FILE_BYTES = 1_000_000
"""The largest scenario file read (the shipped ones are under 13 kB)."""


class Scenario(StrictModel):
    """One business's inbox: arrivals, channels, staff, service rules, run length, dated events."""

    name: Annotated[str, Field(max_length=200)] = "scenario"
    description: Annotated[str, Field(max_length=20_000)] = ""
    arrivals: Arrivals
    channels: dict[str, Channel]
    staff: dict[str, Shift] = Field(default_factory=dict)
    service: Service = Field(default_factory=Service)
    run: Run = Field(default_factory=Run)
    business: Business | None = None
    calendar: Calendar = Field(default_factory=Calendar)

    @field_validator("name")
    @classmethod
    def _printable_name(cls, v: str) -> str:
        if not v.isprintable():
            raise ValueError(tr("has a control character (a newline, tab or escape): the name is printed on one line"))
        return v

    @field_validator("staff")
    @classmethod
    def _staff_size(cls, v: dict[str, Shift]) -> dict[str, Shift]:
        for name in v:
            check_name("shift", name)
        if len(v) > MAX_SHIFTS:
            raise ValueError(tr("{count:,} shifts: at most {limit:,}", count=len(v), limit=MAX_SHIFTS))
        people = sum(shift.count for shift in v.values())
        if people > MAX_STAFF:
            raise ValueError(tr("{people:,} community managers in all: at most {limit:,}", people=people,
                                limit=MAX_STAFF))
        return v

    @model_validator(mode="after")
    def _calendar_fits_the_run(self) -> "Scenario":
        self.calendar.check(self.run.start_date, self.horizon_minutes, self.staff)
        changes = self.calendar.staff_changes(self.run.start_date)
        people = sum(max([shift.count, *changes.get(name, {}).values()]) for name, shift in self.staff.items())
        if people > MAX_STAFF:
            raise ValueError(tr("calendar.events: {people:,} community managers in all with the events' staff "
                                "changes: at most {limit:,}", people=people, limit=MAX_STAFF))
        return self

    @model_validator(mode="after")
    def _fits(self) -> "Scenario":
        periods = duty_periods(self)
        if periods > MAX_DUTY_PERIODS:
            raise ValueError(f"staff: about {periods:,} on-duty periods per replication (community managers x shift "
                             f"starts over run.days = {self.run.days:g}); the limit is {MAX_DUTY_PERIODS:,}: fewer "
                             "people or days a week, or a shorter run.days")
        questions, memory = workload(self)
        limit = max_questions()
        if not questions <= limit:  # NaN fails too
            growth = candidate_factor(self)
            grown = f", up to x{growth:,.3g} with reputation feedback" if growth > 1 else ""
            raise ValueError(
                f"about {questions:,.3g} questions per replication (arrivals over run.days = {self.run.days:g}"
                f"{grown}) would need about {size_text(memory)} of memory; the limit is {limit:,} questions "
                f"(about {size_text(limit * BYTES_PER_QUESTION[self.business is not None])}): lower arrivals.per_hour "
                "or its factors, or shorten run.days (SIMLIB_MAX_QUESTIONS raises the limit)")
        return self

    @model_validator(mode="after")
    def _business_matches_channels(self) -> "Scenario":
        if self.business is not None and not (0 < len(self.business.currency) <= 10
                                               and self.business.currency.isprintable()):
            raise ValueError(tr("business.currency = {value}: 1 to 10 printable characters, e.g. \"EUR\"",
                                value=show(self.business.currency, 20)))
        if self.service.discipline == "value" and self.business is None:
            raise ValueError(tr("service.discipline = 'value' ranks leads by value: add a [business] section"))
        if self.business is not None:
            unknown = set(self.business.reputation.visibility) - set(self.channels)
            if unknown:
                raise ValueError(
                    f"business.reputation.visibility names unknown channel {sorted(unknown)[0]!r} "
                    f"(channels: {', '.join(self.channels)})"
                )
        return self

    @field_validator("channels")
    @classmethod
    def _shares_sum_to_one(cls, v: dict[str, Channel]) -> dict[str, Channel]:
        if not v:
            raise ValueError(tr("needs at least one channel"))
        for name in v:
            check_name("channel", name)
        if len(v) > MAX_CHANNELS:
            raise ValueError(tr("{count:,} channels: at most {limit:,}", count=len(v), limit=MAX_CHANNELS))
        total = sum(c.share for c in v.values())
        if not math.isclose(total, 1.0, abs_tol=1e-9):
            shares = ", ".join(f"{k}={c.share:g}" for k, c in v.items())
            raise ValueError(tr("shares must sum to 1, got {total:g} ({shares})", total=total, shares=shares))
        return v

    @property
    def horizon_minutes(self) -> float:
        return self.run.days * 1440.0

    @property
    def warmup_minutes(self) -> float:
        return self.run.warmup_days * 1440.0

    def with_changes(self, changes: Mapping[str, Any]) -> "Scenario":
        """A copy with dotted fields changed, validated again.

        ``scenario.with_changes({"staff.late.count": 3, "run.days": 7})``.
        The one way to vary a scenario: every command, sweep, dashboard and
        notebook goes through it, so a bad change gets the same one-line
        :class:`ScenarioError` everywhere (field, value, what is allowed).
        """
        data = self.model_dump()
        for dotted, value in changes.items():
            set_field(data, dotted, copy.deepcopy(value))
        return validate_scenario(data)


TAGGED = {"handling", "patience", "ticket", "conversion", "reply_premium"}
TAGS = {"handling": ("dist", DISTRIBUTION_NAMES), "patience": ("dist", DISTRIBUTION_NAMES),
        "ticket": ("dist", DISTRIBUTION_NAMES), "conversion": ("curve", CURVE_NAMES),
        "reply_premium": ("curve", CURVE_NAMES)}
"""Fields that name their kind with a tag, the tag's key and the kinds there are."""


PYDANTIC_MESSAGES = {
    "greater_than": N_("Input should be greater than {gt}"),
    "greater_than_equal": N_("Input should be greater than or equal to {ge}"),
    "less_than": N_("Input should be less than {lt}"),
    "less_than_equal": N_("Input should be less than or equal to {le}"),
    "int_type": N_("Input should be a valid integer"),
    "int_parsing": N_("Input should be a valid integer, unable to parse string as an integer"),
    "int_from_float": N_("Input should be a valid integer, got a number with a fractional part"),
    "float_type": N_("Input should be a valid number"),
    "float_parsing": N_("Input should be a valid number, unable to parse string as a number"),
    "finite_number": N_("Input should be a finite number"),
    "bool_type": N_("Input should be a valid boolean"),
    "bool_parsing": N_("Input should be a valid boolean, unable to interpret input"),
    "string_type": N_("Input should be a valid string"),
    "string_too_long": N_("String should have at most {max_length} characters"),
    "list_type": N_("Input should be a valid list"),
    "too_long": N_("List should have at most {max_length} items after validation, not {actual_length}"),
    "too_short": N_("List should have at least {min_length} items after validation, not {actual_length}"),
    "literal_error": N_("Input should be {expected}"),
    "enum": N_("Input should be {expected}"),
    "date_type": N_("Input should be a valid date"),
}
"""pydantic's English messages by error type: in another language, said from the catalogue with the error's numbers."""


def _ctx(value: Any) -> Any:
    """A pydantic error's context value for a sentence: ``'a' or 'b'`` lists with the language's "or"."""
    if isinstance(value, str) and " or " in value and get_language() != "en":
        head, _, last = value.rpartition(" or ")
        return tr("{choices} or {last}", choices=head, last=last)
    return value


def _describe(error: dict[str, Any]) -> str:
    """One line for one pydantic error: ``field = value: what is allowed``, values escaped and shortened."""
    loc = [str(p) for p in error["loc"]]
    # Drop the tag pydantic inserts after a distribution or curve (``handling.lognormal.cv``).
    loc = [part for i, part in enumerate(loc)
           if not (i and loc[i - 1] in TAGGED and part in DISTRIBUTION_NAMES + CURVE_NAMES)]
    field = shorten(".".join(loc), 120) or "scenario"
    message = shorten(error["msg"].removeprefix("Value error, "), 400)
    value = error.get("input")
    kind = error["type"]
    if get_language() != "en" and kind in PYDANTIC_MESSAGES:  # pydantic writes English only
        message = tr(PYDANTIC_MESSAGES[kind], **{k: _ctx(v) for k, v in (error.get("ctx") or {}).items()})
    if kind == "missing":
        return tr("{field}: missing (this field is required)", field=field)
    if kind == "union_tag_not_found" and loc and loc[-1] in TAGS:  # pydantic: "Unable to extract tag ..."
        tag, names = TAGS[loc[-1]]
        example = '{ dist = "exponential", mean = 5.0 }' if tag == "dist" else '{ curve = "step", ... }'
        return tr("{field}: missing {tag}, the kind ({kinds}), e.g. {name} = {example}", field=field, tag=tag,
                  kinds=", ".join(names), name=loc[-1], example=example)
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return tr("{field} = {value}: must be a table of fields, e.g. {{ ... }}", field=field, value=show(value, 60))
    if isinstance(value, dict):  # a whole section: its message names the fields
        return f"{field}: {message}"
    return f"{field} = {show(value)}: {message}"


def _plain(value: Any) -> Any:
    """NumPy numbers as Python numbers and tuples as lists, all the way down (what a TOML file gives)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def validate_scenario(data: dict[str, Any]) -> Scenario:
    """Build a :class:`Scenario` from plain data, or raise :class:`ScenarioError`.

    The error message is the first problem found, on one line, naming the
    dotted field path, the value and what is allowed.
    """
    try:
        return Scenario.model_validate(_plain(data))
    except ValidationError as exc:
        raise ScenarioError(_describe(exc.errors()[0])) from None
    except RecursionError:
        raise ScenarioError("scenario: nested too deeply (tables or lists inside each other hundreds of times)") \
            from None


def load_scenario(path: str | Path, overrides: Mapping[str, Any] | None = None, *,
                  additions: Mapping[str, Any] | None = None, existing_only: bool = False) -> Scenario:
    """Read a TOML scenario file, apply dotted overrides, and validate it.

    Parameters
    ----------
    path
        A ``.toml`` file (see ``scenarios/``), UTF-8 (a byte-order mark is fine).
    overrides
        ``{"staff.day.count": 4}``-style changes, applied before validation.
    additions
        New shifts or channels, whole: ``{"staff.weekend": {"count": 1, "days": ["sat", "sun"]}}``
        (the command line's ``--add``). Each must not exist yet. Applied before ``overrides``.
    existing_only
        Refuse an override that names a shift or channel the file does not
        have, even as a whole table (the command line's ``--set``: a typo
        such as ``staff.weekdya`` must not add a shift).
    """
    data = read_scenario_file(path)
    for dotted, value in (additions or {}).items():
        add_entry(data, dotted, value)
    for dotted, value in (overrides or {}).items():
        set_field(data, dotted, value, create=not existing_only)
    return validate_scenario(data)


def read_scenario_file(path: str | Path) -> dict[str, Any]:
    """The TOML data of a scenario file, or a one-line :class:`ScenarioError` naming the file.

    Refuses a folder, a pipe or device, a file over :data:`MAX_FILE_BYTES`,
    text that is not UTF-8 (saying where) and TOML that does not parse.
    """
    path = Path(path)
    name = shorten(str(path), 120)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ScenarioError(tr("scenario file '{name}' not found", name=name)) from None
    except OSError as error:  # a name too long, a folder we may not enter...
        raise ScenarioError(tr("scenario file '{name}': cannot be read ({reason})", name=name,
                               reason=error.strerror or error)) from None
    if stat.S_ISDIR(info.st_mode):
        raise ScenarioError(tr("scenario file '{name}': is a folder, not a scenario file", name=name))
    if not stat.S_ISREG(info.st_mode):
        raise ScenarioError(tr("scenario file '{name}': not a regular file (a pipe, device or socket)", name=name))
    if info.st_size > MAX_FILE_BYTES:
        raise ScenarioError(tr("scenario file '{name}': {size:,} bytes; a scenario file is at most {limit:,} bytes",
                               name=name, size=info.st_size, limit=MAX_FILE_BYTES))
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ScenarioError(tr("scenario file '{name}': cannot be read ({reason})", name=name,
                               reason=error.strerror or error)) from None
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark, as some editors write, is not an error
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        byte = format(raw[error.start], "02x")
        raise ScenarioError(tr("{name}: not UTF-8 text (byte 0x{byte} at line {line}, column {column}); save the "
                               "file as UTF-8", name=name, byte=byte, line=line, column=column)) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(tr("{name}: not valid TOML ({reason})", name=name, reason=shorten(str(exc), 200))) \
            from None
    except RecursionError:
        raise ScenarioError(tr("{name}: not valid TOML here (tables or lists nested hundreds deep)", name=name)) \
            from None


def set_field(data: dict[str, Any], dotted: str, value: Any, *, create: bool = True) -> None:
    """Set ``data["a"]["b"]["c"] = value`` for ``dotted = "a.b.c"``, in place.

    Raises :class:`ScenarioError` when the path runs through a value, or names
    a shift or channel the scenario does not have (a typo such as
    ``staff.lte.count`` would otherwise add a half-written shift). With
    ``create`` (the default, for Python callers) a whole table given for a
    new name adds that shift or channel; without it (``--set``) only
    :func:`add_entry` adds one.
    """
    parts = dotted.split(".")
    if not all(parts):
        raise ScenarioError(tr("{field}: not a dotted field path, e.g. staff.day.count", field=shorten(dotted, 80)))
    *parents, leaf = parts
    node = data
    for i, key in enumerate(parents):
        if i == 1 and parents[0] in NAMED_SECTIONS and key not in node:
            _no_such(parents[0], key, node)
        child = node.setdefault(key, {})
        if not isinstance(child, dict):
            path = ".".join(parents[: i + 1])
            raise ScenarioError(tr("{path} is a value, so {field} cannot be set", path=shorten(path, 80),
                                   field=shorten(dotted, 80)))
        node = child
    if not create and len(parents) == 1 and parents[0] in NAMED_SECTIONS and leaf not in node:
        _no_such(parents[0], leaf, node, hint=tr("; to add one, use --add '{field}={{...}}'",
                                                 field=shorten(dotted, 40)))
    node[leaf] = value


def add_entry(data: dict[str, Any], dotted: str, value: Any) -> None:
    """Add a new shift or channel, whole: ``add_entry(data, "staff.weekend", {"count": 1, ...})``.

    Raises :class:`ScenarioError` unless ``dotted`` is ``staff.NAME`` or
    ``channels.NAME`` for a name that does not exist yet, and ``value`` a table.
    """
    parts = dotted.split(".")
    field = shorten(dotted, 80)
    if len(parts) != 2 or parts[0] not in NAMED_SECTIONS or not parts[1]:
        raise ScenarioError(tr("--add {field}: expected staff.NAME={{...}} or channels.NAME={{...}} (a new shift or "
                               "channel, whole)", field=field))
    section, name = parts
    kind = NAMED_SECTIONS[section]
    entries = data.setdefault(section, {})
    if not isinstance(entries, dict):
        raise ScenarioError(tr(ADD_TO_A_VALUE[kind], section=section, field=field))
    if name in entries:
        raise ScenarioError(tr(ADD_EXISTING[kind], field=field))
    if not isinstance(value, dict):
        raise ScenarioError(tr(ADD_NOT_A_TABLE[kind], field=field, value=show(value, 40)))
    entries[name] = value


ADD_TO_A_VALUE = {"shift": N_("{section} is a value, so --add {field} cannot add a shift"),
                  "channel": N_("{section} is a value, so --add {field} cannot add a channel")}
ADD_EXISTING = {"shift": N_("--add {field}: the shift already exists; use --set to change it"),
                "channel": N_("--add {field}: the channel already exists; use --set to change it")}
ADD_NOT_A_TABLE = {
    "shift": N_("--add {field} = {value}: give the whole shift as a table, e.g. {{count=1, start_hour=10, "
                "end_hour=14, days=[\"sat\"]}}"),
    "channel": N_("--add {field} = {value}: give the whole channel as a table, e.g. {{share=0.1, "
                  "handling={{dist=\"exponential\", mean=5}}}}"),
}
"""The errors of :func:`add_entry`, one sentence per kind (the kind's word changes with the language)."""
NO_SUCH = {"shift": N_("{field}: no such shift (shifts: {names}){hint}"),
           "channel": N_("{field}: no such channel (channels: {names}){hint}")}


def _no_such(section: str, key: str, node: dict[str, Any], hint: str = "") -> None:
    kind, names = NAMED_SECTIONS[section], ", ".join(node) or tr("none")
    field = section + "." + shorten(key, 60)
    raise ScenarioError(tr(NO_SUCH[kind], field=field, names=shorten(names, 200), hint=hint))


NAMED_SECTIONS = {"staff": "shift", "channels": "channel"}
"""Sections keyed by a name the user chose: a change may only reach names that exist."""


def parse_override(text: str) -> tuple[str, Any]:
    """Parse ``FIELD=VALUE`` from the command line; VALUE is read as TOML.

    ``staff.day.count=4`` gives ``("staff.day.count", 4)``; a value that is
    not valid TOML (``service.discipline=lifo``) is kept as a string.
    """
    field, sep, raw = text.partition("=")
    if not sep or not field.strip():
        raise ScenarioError(tr("--set {text}: expected FIELD=VALUE, e.g. staff.day.count=4", text=show(text)))
    try:
        value = tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw
    except RecursionError:
        raise ScenarioError(tr("--set {field}: the value is nested too deeply", field=shorten(field, 80))) from None
    return field.strip(), value
