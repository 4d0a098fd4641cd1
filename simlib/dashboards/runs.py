"""The dashboards' runs: a preset with the controls' changes, simulated once per setting.

Runs are cached by (preset, staff, discipline, days, replication), so a slider
moved back to a value already seen, and the unchanged "before" runs of the
side-by-side, cost nothing; a new reply-time target only re-scores the cached
run (the target does not change what happens). Times are in minutes and days
as the scenario files give them.
"""

from __future__ import annotations

import functools
import numbers
from collections.abc import Mapping
from dataclasses import replace

from simlib.analysis.kpis import kpis
from simlib.dashboards.run_cache import RunCache
from simlib.errors import ScenarioError
from simlib.experiments.replications import run_one, whole_result
from simlib.model.presets import load_preset
from simlib.model.records import SimulationResult
from simlib.model.scenario import Scenario

StaffKey = tuple[tuple[str, int], ...]
"""Sorted (shift, head count) pairs: a staffing as a cache key."""

RunKey = tuple[str, StaffKey, str | None, float | None, int]
"""(preset, sorted (shift, head count) pairs, discipline, days, replication) of one cached run."""


@functools.lru_cache(maxsize=16)
def base_preset(preset: str) -> Scenario:
    """The preset (``luxury``, ``restaurant``, ``high_volume`` or a path) as its file gives it, read once."""
    return load_preset(preset)


def preset_scenario(preset: str, staff: Mapping[str, int] | None = None, target_minutes: float | None = None,
                    discipline: str | None = None, days: float | None = None) -> Scenario:
    """A preset (``luxury``, ``restaurant``, ``high_volume`` or a path) with some fields changed.

    Parameters
    ----------
    preset
        Preset name or scenario file.
    staff
        Shift name -> head count (>= 0); shifts not named keep the preset's count.
    target_minutes, discipline, days
        ``service.target_minutes`` (minutes), ``service.discipline`` and
        ``run.days`` (days); None keeps the preset's value.

    Raises
    ------
    ScenarioError
        For an unknown shift, a head count that is not a whole number >= 0
        (1.9 or -0.5 are refused, not truncated), or another invalid value
        (one line naming the preset and the field).
    """
    changes: dict[str, object] = {f"staff.{shift}.count": head_count(preset, shift, count)
                                  for shift, count in (staff or {}).items()}
    if target_minutes is not None:
        changes["service.target_minutes"] = float(target_minutes)
    if discipline is not None:
        changes["service.discipline"] = discipline
    if days is not None:
        changes["run.days"] = float(days)
    try:
        return base_preset(preset).with_changes(changes)
    except ScenarioError as error:
        raise ScenarioError(f"{preset}: {error}") from None


def head_count(preset: str, shift: str, count: object) -> int:
    """``count`` as a head count: a whole number >= 0 (3 or 3.0), else a one-line ScenarioError."""
    if isinstance(count, bool) or not isinstance(count, numbers.Real) or count != int(count) or count < 0:
        raise ScenarioError(f"{preset}: staff.{shift}.count = {count!r}: a head count is a whole number of "
                            f"people, 0 or more")
    return int(count)


def staff_key(staff: Mapping[str, int], preset: str = "staff") -> StaffKey:
    """Shift name -> head count as a cache key: sorted (shift, count) pairs (whole numbers >= 0, else
    a ScenarioError naming ``preset``)."""
    return tuple(sorted((str(k), head_count(preset, str(k), v)) for k, v in staff.items()))


def simulate_run(key: RunKey) -> SimulationResult:
    """One run of a :data:`RunKey`.

    The reply-time target is left out: it changes how replies are scored, not what happens.
    """
    preset, staff, discipline, days, replication = key
    return run_one(preset_scenario(preset, dict(staff), None, discipline, days), None, replication, whole_result)


RUNS: RunCache[RunKey, SimulationResult] = RunCache(simulate_run, max_entries=48)
"""The runs the dashboards have simulated (or had simulated in the background)."""


@functools.lru_cache(maxsize=96)
def scored_run(preset: str, staff: StaffKey, target_minutes: float | None, discipline: str | None,
               days: float | None, replication: int) -> tuple[dict[str, float], SimulationResult]:
    """KPIs of one cached run scored against a reply-time target (minutes), and the run with that target.

    Parameters are those of :func:`preset_scenario` (``staff`` as :func:`staff_key`
    gives it) and the replication number.
    """
    scenario = preset_scenario(preset, dict(staff), target_minutes, discipline, days)
    result = replace(RUNS.get((preset, staff, discipline, days, replication)), scenario=scenario)
    return kpis(result), result


def clear_runs() -> None:
    """Forget every cached preset, run and score."""
    scored_run.cache_clear()
    RUNS.clear()
    base_preset.cache_clear()
