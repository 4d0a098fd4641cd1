"""The staffing report's parameters: its scenario, targets and replications, and checks that refuse bad values.

Both :func:`simlib.report.findings.staffing_report` and ``simlib report``
(before anything is simulated) use these, so a mistake gets the same
one-line message wherever it is made. :data:`REPORT_PARAMETERS` are the
names the report notebook takes; :func:`check_notebook_parameters` refuses
any other (a misspelt ``-p scenaro luxury`` given to papermill).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from simlib.analysis.intervals import Target, Targets
from simlib.errors import ScenarioError
from simlib.experiments.executors import check_workers
from simlib.model.presets import load_preset
from simlib.model.scenario import Scenario

REPORT_PARAMETERS: dict[str, Any] = {
    "scenario": "high_volume", "days": 14, "replications": None, "service_level": 0.8, "targets": None,
    "judge": "mean", "interval_minutes": 30, "reputation_floor": None, "feedback": False, "workers": None,
    "seed": None, "progress": True, "computed": None,
}
"""The report notebook's parameters and their defaults, in the order of its parameters cell."""

FALLBACK_REPLICATIONS = 10
"""Runs per plan when the scenario file asks for fewer than two (a confidence interval needs two)."""


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


def report_replications(scenario: Scenario, replications: int | None = None) -> tuple[int, str | None]:
    """Runs per plan: ``replications``, else the file's ``run.replications``, else :data:`FALLBACK_REPLICATIONS`.

    Parameters
    ----------
    scenario
        The business (its ``run.replications``).
    replications
        Asked for explicitly, or None.

    Returns
    -------
    int, str or None
        The replications, and a note when the file's ``run.replications`` is
        below 2 and the fallback is used instead (None otherwise).
    """
    if replications is not None:
        return replications, None
    if scenario.run.replications >= 2:
        return scenario.run.replications, None
    return FALLBACK_REPLICATIONS, (f"run.replications = {scenario.run.replications} in the scenario is too few for a "
                                   f"confidence interval: {FALLBACK_REPLICATIONS} replications instead "
                                   "(choose with --replications)")


def parse_target(text: str | Target, every_interval: bool) -> Target:
    """``"dm:0.8@60"``: a service-level target, as ``[CHANNEL:]SHARE[@MINUTES]`` (a Target is kept as it is).

    Parameters
    ----------
    text
        The target: no channel for all channels together, no minutes for
        the scenario's ``service.target_minutes``.
    every_interval
        Whether it must hold in every interval (else on the run's mean).

    Raises
    ------
    ValueError
        A target that does not read as ``[CHANNEL:]SHARE[@MINUTES]``.
    """
    return text if isinstance(text, Target) else Target.parse(text, every_interval)


def report_targets(service_level: float = 0.8, targets: Sequence[str | Target] | None = None, judge: str = "mean",
                   interval_minutes: int = 30) -> Targets:
    """The report's targets: ``service_level`` on all channels, or each of ``targets``, judged as ``judge`` says.

    Parameters
    ----------
    service_level
        Share answered within ``service.target_minutes`` on all channels
        (used when ``targets`` is None or empty).
    targets
        Targets per channel, e.g. ``["comments:0.8@15", "dm:0.8@60"]`` (:func:`parse_target`).
    judge
        ``"mean"``: on the run's mean; ``"interval"``: in every interval.
    interval_minutes
        Interval length: 15, 30 or 60 minutes (and 5, 10, 20).

    Returns
    -------
    Targets
        Not yet resolved against a scenario (see :func:`check_report_parameters`).
    """
    if judge not in ("mean", "interval"):
        raise ValueError(f"judge = {judge!r}: must be 'mean' (the run's mean) or 'interval' (every interval)")
    every = judge == "interval"
    if isinstance(targets, str):
        targets = [targets]
    if targets:
        chosen = [parse_target(t, every) for t in targets]
    else:
        chosen = [Target(_share(service_level), every_interval=every)]
    return Targets(tuple(chosen), interval_minutes)


def _share(value: float) -> float:
    """A target share, refused in one line unless strictly between 0 and 1."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1:
        raise ValueError(f"service_level = {value!r}: must be a share between 0 and 1, e.g. 0.8 "
                         "(1 would need every single reply in time, which no head count guarantees)")
    return float(value)


def check_report_parameters(scenario: Scenario, replications: int, service_level: float | Targets,
                            reputation_floor: float | None = None, shifts: Sequence[str] | None = None,
                            workers: int | None = None) -> tuple[list[str], Targets]:
    """Refuse bad report parameters with a one-line message naming the parameter and its allowed range.

    Parameters
    ----------
    scenario
        The business as today.
    replications
        Runs per plan: a whole number, at least 2.
    service_level
        Targets (:func:`report_targets`), or a share between 0 and 1 of
        questions answered within ``service.target_minutes`` on the run's mean.
    reputation_floor
        Target lowest reputation (0-100, needs a ``[business]`` section), or None.
    shifts
        Shifts to staff, or None for every shift of the scenario.
    workers
        Local processes (at least 1), or None for all cores.

    Returns
    -------
    list of str, Targets
        The shifts to staff (``shifts``, or every shift of the scenario), and
        the targets resolved against the scenario (reply times filled in).

    Raises
    ------
    ValueError, ScenarioError
        ``replications`` below 2, a target share outside (0, 1), a channel
        the scenario lacks, a ``reputation_floor`` outside 0-100 or without a
        ``[business]`` section, an unknown shift, or ``workers`` below 1.
    """
    if isinstance(replications, bool) or not isinstance(replications, (int, np.integer)) or replications < 2:
        raise ValueError(f"replications = {replications!r}: must be a whole number >= 2 "
                         "(a confidence interval needs at least two runs)")
    if isinstance(service_level, Targets):
        for target in service_level.targets:
            _share(target.at_least)
        targets = service_level.resolved(scenario)
    else:
        targets = Targets.service_level(_share(service_level), every_interval=False).resolved(scenario)
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
    return names, targets


def check_parameter_names(names: Sequence[str]) -> None:
    """Refuse a name that is not a report parameter, suggesting the closest one (``scenaro``: ``scenario``).

    Raises
    ------
    ValueError
        Naming the unknown parameters and listing the known ones.
    """
    unknown = [name for name in names if name not in REPORT_PARAMETERS]
    if unknown:
        hints = []
        for name in unknown:
            close = difflib.get_close_matches(name, REPORT_PARAMETERS, n=1)
            hints.append(f"{name!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
        raise ValueError(f"not a parameter of the staffing report: {', '.join(hints)}; its parameters are "
                         f"{', '.join(REPORT_PARAMETERS)}")


def check_notebook_parameters(namespace: Mapping[str, Any]) -> None:
    """In the report notebook, after papermill's parameters: refuse a name no parameter has.

    Papermill writes every ``-p NAME VALUE`` as ``NAME = VALUE`` after the
    parameters cell, and only warns about a name the notebook does not know:
    ``-p scenaro luxury`` would report on the default scenario. The variables
    defined so far are the parameters and anything papermill added; a plain
    value (text, number, list, dict, None) under any other name is such a
    misspelling. Names IPython defines and names starting with ``_`` are not looked at.

    Parameters
    ----------
    namespace
        The notebook's globals (``globals()``).

    Raises
    ------
    ValueError
        As :func:`check_parameter_names`.
    """
    try:
        from IPython import get_ipython

        shell = get_ipython()
    except ImportError:
        shell = None
    hidden = shell.user_ns_hidden if shell is not None else {}
    plain = (str, int, float, bool, list, dict, tuple, type(None))
    check_parameter_names([name for name, value in namespace.items()
                           if not name.startswith("_") and name not in hidden and isinstance(value, plain)])
