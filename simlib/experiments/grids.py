"""What a sweep varies: ``--vary`` fields and their values, the grid of points, and its size limits.

A *grid* maps dotted fields to the values each takes; its *points* are every
combination (first field slowest), each a set of changes to a base scenario
(:func:`point_scenarios`). :mod:`simlib.experiments.sweeps` runs them.
"""

from __future__ import annotations

import copy
import itertools
import json
import math
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from simlib.errors import ScenarioError
from simlib.i18n import tr
from simlib.model.scenario import Scenario, set_field, validate_scenario

Grid = Mapping[str, Sequence[Any]]
"""Dotted field -> the values it takes; points are every combination, first field slowest."""

MAX_VALUES = 10_000
"""The most values one ``--vary`` field takes."""
MAX_POINTS = 100_000
"""The most points in a grid (every combination of the fields' values)."""
MAX_RUNS = 1_000_000
"""The most runs in a sweep: points x replications (the table of a million runs takes about 300 MB)."""
MAX_REPLICATIONS = 100_000
"""The most replications per point (as ``run.replications``)."""




def parse_vary(text: str) -> tuple[str, list[Any]]:
    """Parse ``--vary FIELD=SPEC`` into a field and its values.

    SPEC is ``START:STOP`` (numbers from START to STOP inclusive, step 1),
    ``START:STOP:STEP``, or a comma-separated list of TOML values or bare
    words: ``1,2,4``, ``fifo,priority``, ``{count=2, start_hour=8},{count=3}``.

    >>> parse_vary("staff.day=1:4")
    ('staff.day', [1, 2, 3, 4])
    >>> parse_vary("service.discipline=fifo,priority")
    ('service.discipline', ['fifo', 'priority'])
    """
    field, sep, spec = (part.strip() for part in text.partition("="))
    if not sep or not field or not spec:
        raise ScenarioError(tr("--vary {text}: expected FIELD=START:STOP[:STEP] or FIELD=V1,V2,..., e.g. "
                               "staff.day.count=1:6 or service.discipline=fifo,priority", text=repr(text)))
    if ":" in spec and not spec.lstrip().startswith(("{", "[", '"', "'")):
        return field, _range(field, spec)
    try:
        values = tomllib.loads(f"v = [{spec}]")["v"]
    except tomllib.TOMLDecodeError:
        values = [_toml_or_word(item.strip()) for item in spec.split(",")]
    except RecursionError:
        raise ScenarioError(tr("--vary {field}: the values are nested too deeply", field=field[:80])) from None
    if len(values) > MAX_VALUES:
        raise ScenarioError(tr("--vary {field}: {count:,} values; at most {limit:,}", field=field[:80],
                               count=len(values), limit=MAX_VALUES))
    return field, values


def _range(field: str, spec: str) -> list[int | float]:
    parts = [_toml_or_word(p.strip()) for p in spec.split(":")]
    usage = tr("--vary {field}={spec}: expected START:STOP[:STEP] with numbers, START <= STOP and STEP > 0",
               field=field, spec=spec)
    if len(parts) not in (2, 3) or not all(isinstance(p, (int, float)) and not isinstance(p, bool) for p in parts):
        raise ScenarioError(usage)
    start, stop, step = (*parts, 1)[:3]
    if not all(math.isfinite(p) for p in (start, stop, step)):
        raise ScenarioError(tr("--vary {field}={spec}: START, STOP and STEP must be finite numbers", field=field,
                               spec=spec))
    if step <= 0 or stop < start:
        raise ScenarioError(usage)
    span = (stop - start) / step
    if not span < MAX_VALUES:  # also an overflow to infinity
        raise ScenarioError(tr("--vary {field}={spec}: about {count:,.3g} values; at most {limit:,} (a larger STEP "
                               "or a shorter range)", field=field, spec=spec, count=span + 1, limit=MAX_VALUES))
    count = math.floor(span + 1e-9) + 1
    return [round(start + k * step, 12) for k in range(count)]  # 0.1 steps give 0.3, not 0.30000000000000004


def _toml_or_word(text: str) -> Any:
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def resolve_grid(scenario: Scenario, grid: Grid) -> dict[str, list[Any]]:
    """Check a grid against its base scenario and spell every field out in full.

    ``staff.NAME`` stands for ``staff.NAME.count`` when the values are head
    counts; whole tables (``{count=2, start_hour=8}``) replace the shift. A
    field must exist in the scenario unless its values are tables.

    Raises
    ------
    ScenarioError
        For an unknown field (naming the fields there are) or an empty list.
    """
    data = scenario.model_dump()
    resolved: dict[str, list[Any]] = {}
    for field, values in grid.items():
        if isinstance(values, (str, dict)) or not isinstance(values, Iterable):
            values = [values]  # a single value
        values = [v.item() if isinstance(v, np.generic) else v for v in values]
        if not values:
            raise ScenarioError(tr("--vary {field}: no values", field=field))
        tables = all(isinstance(v, dict) for v in values)
        parts = field.split(".")
        if len(parts) == 2 and parts[0] == "staff" and parts[1] in scenario.staff and not tables:
            field = f"{field}.count"
        if not tables:
            _check_field_exists(data, field)
        if field in resolved:
            raise ScenarioError(tr("--vary {field}: given twice", field=field))
        resolved[field] = values
    return resolved


def _check_field_exists(data: dict[str, Any], dotted: str) -> None:
    node: Any = data
    parts = dotted.split(".")
    for i, key in enumerate(parts):
        if not isinstance(node, dict) or key not in node:
            where = ".".join(parts[:i]) or tr("the scenario")
            has = tr("has: {fields}", fields=", ".join(node)) if isinstance(node, dict) else \
                tr("is not set") if node is None else tr("is a value")
            raise ScenarioError(tr("--vary {field}: no such field ({where} {has})", field=dotted, where=where, has=has))
        node = node[key]


def check_sweep_size(grid: Grid, replications: int) -> None:
    """Refuse, before anything is built or run, a grid or sweep above :data:`MAX_POINTS` or :data:`MAX_RUNS`.

    Raises :class:`ScenarioError` with the count and the limit.
    """
    if replications > MAX_REPLICATIONS:
        raise ScenarioError(f"replications = {replications:,}: at most {MAX_REPLICATIONS:,} per point")
    points = math.prod(len(values) for values in grid.values())
    if points > MAX_POINTS:
        raise ScenarioError(f"the grid has {points:,} points ({' x '.join(str(len(v)) for v in grid.values())}); "
                            f"at most {MAX_POINTS:,}")
    if points * replications > MAX_RUNS:
        raise ScenarioError(f"{points:,} points x {replications:,} replications = {points * replications:,} runs; "
                            f"at most {MAX_RUNS:,}")


def grid_points(grid: Grid) -> list[dict[str, Any]]:
    """Every combination of the grid's values (the cartesian product), first field slowest."""
    return [dict(zip(grid, values)) for values in itertools.product(*grid.values())]


def point_scenarios(scenario: Scenario, points: Sequence[Mapping[str, Any]]) -> list[Scenario]:
    """The validated scenario of each point: the base with the point's changes applied.

    Raises
    ------
    ScenarioError
        At the first point that is not a valid scenario, naming the point and the field.
    """
    base = scenario.model_dump()
    scenarios = []
    for point in points:
        data = copy.deepcopy(base)
        for field, value in point.items():
            set_field(data, field, copy.deepcopy(value))
        try:
            scenarios.append(validate_scenario(data))
        except ScenarioError as error:
            where = ", ".join(f"{f}={table_cell(v)}" for f, v in point.items())
            raise ScenarioError(f"grid point {where}: {error}") from None
    return scenarios


def table_cell(value: Any) -> Any:
    """A point's value as a table cell: scalars as they are, tables and lists as JSON text."""
    return json.dumps(value, sort_keys=True) if isinstance(value, (dict, list)) else value


