"""A scenario: one business's social inbox, read from TOML and validated.

Times are in minutes unless a field name says hours or days. The week starts
on Monday at 00:00 (simulation time 0). Field-by-field reference with examples:
``docs/scenario-files.md``.
"""

from __future__ import annotations

import copy
import math
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from simlib.errors import ScenarioError
from simlib.model.base import StrictModel
from simlib.model.business import CURVE_NAMES, Business
from simlib.model.distributions import DISTRIBUTION_NAMES, Distribution

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
NonNegative = Annotated[float, Field(ge=0)]


class Arrivals(StrictModel):
    """When questions arrive: a Poisson process with a weekly rhythm.

    The rate at hour ``h`` of day ``d`` is
    ``per_hour * hour_factor[h] * day_factor[d]`` questions per hour.
    """

    per_hour: NonNegative
    hour_factor: list[NonNegative] = Field(default_factory=lambda: [1.0] * 24)
    day_factor: list[NonNegative] = Field(default_factory=lambda: [1.0] * 7)

    @field_validator("hour_factor")
    @classmethod
    def _24_hours(cls, v: list[float]) -> list[float]:
        if len(v) != 24:
            raise ValueError(f"needs 24 numbers (one per hour from 00:00), got {len(v)}")
        return v

    @field_validator("day_factor")
    @classmethod
    def _7_days(cls, v: list[float]) -> list[float]:
        if len(v) != 7:
            raise ValueError(f"needs 7 numbers (Monday to Sunday), got {len(v)}")
        return v


class Channel(StrictModel):
    """A door into the inbox: public comment, direct message, review...

    ``patience`` is how long the customer waits for a first reply; leave it
    out for customers who never give up.
    ``priority`` matters only with the ``priority`` discipline: lower first.
    """

    share: Annotated[float, Field(ge=0, le=1)]
    handling: Distribution
    patience: Distribution | None = None
    priority: int = 0

    @field_validator("handling")
    @classmethod
    def _handling_takes_time(cls, v: Any) -> Any:
        if v.mean <= 0:
            raise ValueError("a reply must take some time: mean must be > 0")
        return v


class Shift(StrictModel):
    """``count`` community managers on duty from ``start_hour`` to ``end_hour``.

    The shift starts on each listed day. A shift that crosses midnight ends
    after 24, e.g. ``start_hour = 22, end_hour = 30`` (22:00 to 06:00).
    A reply in progress at the end of a shift is finished (overtime).
    """

    count: Annotated[int, Field(ge=0, le=100_000)]
    start_hour: Annotated[float, Field(ge=0, lt=24)] = 0.0
    end_hour: Annotated[float, Field(gt=0, le=48)] = 24.0
    days: list[Day] = Field(default_factory=lambda: list(DAYS))

    @model_validator(mode="after")
    def _ends_after_start(self) -> "Shift":
        if not self.start_hour < self.end_hour <= self.start_hour + 24:
            raise ValueError(
                f"end_hour = {self.end_hour} must be after start_hour = {self.start_hour} "
                f"and at most 24 hours later (a night shift 22:00-06:00 is 22 to 30)"
            )
        return self


class Service(StrictModel):
    """How the team works through the inbox.

    - ``discipline``: ``fifo`` (oldest first), ``lifo`` (newest first),
      ``priority`` (by channel priority, then oldest first) or ``value``
      (the most valuable lead first, by its CRM lead score; needs ``[business]``).
    - ``abandonment``: when patience runs out the question ``leaves`` the
      inbox (call-centre style, Erlang A) or ``stays`` and is answered late
      (social-media style: the post is still there, the customer has gone).
    - ``target_minutes``: the reply-time target of the service level.
    """

    discipline: Literal["fifo", "lifo", "priority", "value"] = "fifo"
    abandonment: Literal["leaves", "stays"] = "stays"
    target_minutes: NonNegative = 60.0


class Run(StrictModel):
    """How long to simulate, and which random numbers to use."""

    days: Annotated[float, Field(gt=0, le=3660)] = 7.0
    warmup_days: NonNegative = 0.0
    seed: Annotated[int, Field(ge=0)] = 1
    replications: Annotated[int, Field(ge=1, le=100_000)] = 1

    @model_validator(mode="after")
    def _warmup_shorter_than_run(self) -> "Run":
        if self.warmup_days >= self.days:
            raise ValueError(
                f"warmup_days = {self.warmup_days} must be less than days = {self.days}"
            )
        return self


class Scenario(StrictModel):
    """One business's inbox: arrivals, channels, staff, service rules, run length."""

    name: str = "scenario"
    description: str = ""
    arrivals: Arrivals
    channels: dict[str, Channel]
    staff: dict[str, Shift] = Field(default_factory=dict)
    service: Service = Field(default_factory=Service)
    run: Run = Field(default_factory=Run)
    business: Business | None = None

    @model_validator(mode="after")
    def _business_matches_channels(self) -> "Scenario":
        if self.service.discipline == "value" and self.business is None:
            raise ValueError("service.discipline = 'value' ranks leads by value: add a [business] section")
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
            raise ValueError("needs at least one channel")
        total = sum(c.share for c in v.values())
        if not math.isclose(total, 1.0, abs_tol=1e-9):
            shares = ", ".join(f"{k}={c.share:g}" for k, c in v.items())
            raise ValueError(f"shares must sum to 1, got {total:g} ({shares})")
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


TAGGED = {"handling", "patience", "ticket", "conversion"}


def _describe(error: dict[str, Any]) -> str:
    """One line for one pydantic error: ``field = value: what is allowed``."""
    loc = [str(p) for p in error["loc"]]
    # Drop the tag pydantic inserts after a distribution or curve (``handling.lognormal.cv``).
    loc = [part for i, part in enumerate(loc)
           if not (i and loc[i - 1] in TAGGED and part in DISTRIBUTION_NAMES + CURVE_NAMES)]
    field = ".".join(loc) or "scenario"
    message = error["msg"].removeprefix("Value error, ")
    if error["type"] == "missing":
        return f"{field}: missing (this field is required)"
    value = error.get("input")
    if isinstance(value, dict):  # a whole section: its message names the fields
        return f"{field}: {message}"
    return f"{field} = {value!r}: {message}"


def validate_scenario(data: dict[str, Any]) -> Scenario:
    """Build a :class:`Scenario` from plain data, or raise :class:`ScenarioError`.

    The error message is the first problem found, on one line, naming the
    dotted field path, the value and what is allowed.
    """
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(_describe(exc.errors()[0])) from None


def load_scenario(path: str | Path, overrides: dict[str, Any] | None = None) -> Scenario:
    """Read a TOML scenario file, apply dotted overrides, and validate it.

    Parameters
    ----------
    path
        A ``.toml`` file (see ``scenarios/``).
    overrides
        ``{"staff.day.count": 4}``-style changes, applied before validation.
    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ScenarioError(f"scenario file {str(path)!r} not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{path}: not valid TOML ({exc})") from None
    for dotted, value in (overrides or {}).items():
        set_field(data, dotted, value)
    return validate_scenario(data)


def set_field(data: dict[str, Any], dotted: str, value: Any) -> None:
    """Set ``data["a"]["b"]["c"] = value`` for ``dotted = "a.b.c"``, in place.

    Raises :class:`ScenarioError` when the path runs through a value, or names
    a shift or channel the scenario does not have (a typo such as
    ``staff.lte.count`` would otherwise add a half-written shift).
    """
    *parents, leaf = dotted.split(".")
    node = data
    for i, key in enumerate(parents):
        if i == 1 and parents[0] in NAMED_SECTIONS and key not in node:
            kind, names = NAMED_SECTIONS[parents[0]], ", ".join(node) or "none"
            raise ScenarioError(f"{parents[0]}.{key}: no such {kind} ({kind}s: {names})")
        child = node.setdefault(key, {})
        if not isinstance(child, dict):
            path = ".".join(parents[: i + 1])
            raise ScenarioError(f"{path} is a value, so {dotted} cannot be set")
        node = child
    node[leaf] = value


NAMED_SECTIONS = {"staff": "shift", "channels": "channel"}
"""Sections keyed by a name the user chose: a change may only reach names that exist."""


def parse_override(text: str) -> tuple[str, Any]:
    """Parse ``FIELD=VALUE`` from the command line; VALUE is read as TOML.

    ``staff.day.count=4`` gives ``("staff.day.count", 4)``; a value that is
    not valid TOML (``service.discipline=lifo``) is kept as a string.
    """
    field, sep, raw = text.partition("=")
    if not sep or not field.strip():
        raise ScenarioError(f"--set {text!r}: expected FIELD=VALUE, e.g. staff.day.count=4")
    try:
        value = tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw
    return field.strip(), value
