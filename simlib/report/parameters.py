"""The staffing report's parameters: its scenario, and checks that refuse bad values in one line.

Both :func:`simlib.report.findings.staffing_report` and ``simlib report``
(before the notebook starts) use these, so a mistake gets the same message
wherever it is made.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from simlib.errors import ScenarioError
from simlib.experiments.executors import check_workers
from simlib.model.presets import load_preset
from simlib.model.scenario import Scenario


def load_report_scenario(scenario: str | Path | Scenario, days: float | None = None,
                         seed: int | None = None) -> Scenario:
    """The report's scenario: a preset name (``"luxury"``), a file or a Scenario, with run length and seed.

    Parameters
    ----------
    scenario
        Preset name, path of a ``.toml`` file, or a :class:`Scenario`.
    days
        Simulated days per run (``run.days``); None keeps the scenario's.
    seed
        Random seed (``run.seed``); None keeps the scenario's.

    Returns
    -------
    Scenario
        A new scenario with those changes, validated.

    Raises
    ------
    ScenarioError
        An unknown preset or file, or a bad ``days``/``seed`` (naming ``run.days``/``run.seed``).
    """
    changes = {field: value for field, value in (("run.days", days), ("run.seed", seed)) if value is not None}
    if isinstance(scenario, Scenario):
        return scenario.with_changes(changes)
    return load_preset(str(scenario), changes)


def check_report_parameters(scenario: Scenario, replications: int, service_level: float,
                            reputation_floor: float | None = None, shifts: Sequence[str] | None = None,
                            workers: int | None = None) -> list[str]:
    """Refuse bad report parameters with a one-line message naming the parameter and its allowed range.

    Parameters
    ----------
    scenario
        The business as today.
    replications
        Runs per plan: a whole number, at least 2.
    service_level
        Target share of questions answered within ``service.target_minutes``, in (0, 1).
    reputation_floor
        Target lowest reputation (0-100, needs a ``[business]`` section), or None.
    shifts
        Shifts to staff, or None for every shift of the scenario.
    workers
        Local processes (at least 1), or None for all cores.

    Returns
    -------
    list of str
        The shifts to staff (``shifts``, or every shift of the scenario).

    Raises
    ------
    ValueError, ScenarioError
        ``replications`` below 2, ``service_level`` outside (0, 1), a
        ``reputation_floor`` outside 0-100 or without a ``[business]``
        section, an unknown shift, or ``workers`` below 1.
    """
    if isinstance(replications, bool) or not isinstance(replications, (int, np.integer)) or replications < 2:
        raise ValueError(f"replications = {replications!r}: must be a whole number >= 2 "
                         "(a confidence interval needs at least two runs)")
    if isinstance(service_level, bool) or not isinstance(service_level, (int, float)) or not 0 < service_level < 1:
        raise ValueError(f"service_level = {service_level!r}: must be a share between 0 and 1, e.g. 0.8 "
                         "(1 would need every single reply in time, which no head count guarantees)")
    if reputation_floor is not None:
        if scenario.business is None:
            raise ScenarioError(f"reputation_floor = {reputation_floor!r}: needs a [business] section "
                                "(it is a floor on lowest_reputation)")
        if isinstance(reputation_floor, bool) or not isinstance(reputation_floor, (int, float)) \
                or not 0 <= reputation_floor <= 100:
            raise ValueError(f"reputation_floor = {reputation_floor!r}: must be a score between 0 and 100")
    if not scenario.staff:
        raise ScenarioError("the scenario has no shifts to staff: add a [staff.NAME] section")
    names = list(scenario.staff) if shifts is None else list(shifts)
    if not names:
        raise ScenarioError("shifts: give at least one shift (shifts: " + ", ".join(scenario.staff) + ")")
    for shift in names:
        if shift not in scenario.staff:
            raise ScenarioError(f"staff.{shift}: no such shift (shifts: {', '.join(scenario.staff)})")
    check_workers(workers)
    return names
