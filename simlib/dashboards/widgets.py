"""The three dashboards as widgets: controls wired to answers computed elsewhere.

- :func:`scenario_explorer`: one preset; head count per shift, target, discipline, days;
- :func:`side_by_side_explorer`: one staffing change for several businesses;
- :func:`staffing_planner`: a sweep of one shift's head count, on a button.

Each is a :class:`simlib.dashboards.projector.Dashboard` (sliders update on
release; a Reset button; headline numbers and one figure on the first
screen), whose ``result`` is a :class:`simlib.dashboards.screens.Screen`.
Nothing is computed here: answers come from :mod:`simlib.dashboards.cache`
and :mod:`simlib.dashboards.answers`, figures from
:mod:`simlib.dashboards.views`.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import ipywidgets as widgets

from simlib.dashboards.answers import DISCIPLINES, StaffingPlan, staffing_plan
from simlib.dashboards.cache import (
    ANSWERS,
    explorer_answer,
    explorer_next_keys,
    side_by_side_answer,
    side_by_side_next_keys,
)
from simlib.dashboards.headline import business_name
from simlib.dashboards.projector import Dashboard
from simlib.dashboards.run_cache import prefetch_by_default
from simlib.dashboards.runs import base_preset
from simlib.dashboards.screens import plan_screen
from simlib.dashboards.views import plan_png
from simlib.i18n import tr

_GROUPS = itertools.count(1)
"""Each dashboard prefetches in its own group, so one never drops another's prepared answers."""


def _days_slider(days: float | None, preset: str) -> widgets.IntSlider:
    default = int(days if days is not None else base_preset(preset).run.days)
    return widgets.IntSlider(value=default, min=1, max=max(56, default), description=tr("days"),
                             continuous_update=False)


def scenario_explorer(preset: str = "luxury", days: float | None = None, prefetch: bool | None = None) -> Dashboard:
    """Sliders for one preset: head count per shift, target, discipline, days, replications.

    Shows service level, median first reply, reputation and profit, and
    :func:`simlib.dashboards.views.explorer_figure` (questions waiting,
    reputation). Controls are named ``staff_<shift>``, ``target_minutes``,
    ``discipline``, ``days``, ``replications``; ``explorer.result`` is a
    :class:`simlib.dashboards.screens.Screen` (numbers in ``result.data``).

    Parameters
    ----------
    preset
        ``luxury``, ``restaurant``, ``high_volume`` (or a scenario file).
    days
        Run length the days slider starts at (days); None: the preset's.
    prefetch
        Simulate and draw the settings of
        :func:`simlib.dashboards.cache.explorer_next_keys` in the background
        after each answer, so the next one-step move is answered from the
        cache; a new answer drops this dashboard's stale prefetches and never
        another dashboard's. None: on unless ``SIMLIB_PREFETCH=0``.
    """
    prefetch = prefetch_by_default() if prefetch is None else prefetch
    scenario = base_preset(preset)
    controls: dict[str, widgets.ValueWidget] = {
        f"staff_{name}": widgets.IntSlider(value=s.count, min=0, max=max(10, 2 * s.count),
                                          description=tr(name), continuous_update=False)
        for name, s in scenario.staff.items()
    }
    controls["target_minutes"] = widgets.IntSlider(value=int(scenario.service.target_minutes), min=5, max=480,
                                                   step=5, description=tr("target (min)"), continuous_update=False)
    controls["discipline"] = widgets.Dropdown(options=DISCIPLINES, value=scenario.service.discipline,
                                              description=tr("discipline"))
    controls["days"] = _days_slider(days, preset)
    controls["replications"] = widgets.IntSlider(value=1, min=1, max=10, description=tr("replications"),
                                                 continuous_update=False)

    def draw(target_minutes: int, discipline: str, days: int, replications: int, **staff: int):
        counts = {name.removeprefix("staff_"): count for name, count in staff.items()}
        return explorer_answer(preset, counts, target_minutes, discipline, days, replications)

    group = f"explorer {next(_GROUPS)}"

    def prepare_next(discipline: str, days: int, replications: int, **others: int) -> None:
        counts = {name.removeprefix("staff_"): count for name, count in others.items() if name.startswith("staff_")}
        ANSWERS.prefetch(explorer_next_keys(preset, counts, discipline, days, replications), group)

    return Dashboard(draw, controls, tr("One business: {name}", name=business_name(scenario.name, short=False)),
                     afterwards=prepare_next if prefetch else None)


def side_by_side_explorer(presets: Sequence[str] = ("luxury", "high_volume"), days: float | None = None,
                          prefetch: bool | None = None) -> Dashboard:
    """A slider adding (or removing) people on every shift of several businesses at once.

    Controls ``staff_change``, ``days``, ``replications``; ``explorer.result``
    is a :class:`simlib.dashboards.screens.Screen`: each business's change in
    profit and share answered, notes when a business is closed, a PNG of
    :func:`simlib.dashboards.views.plot_change`, and
    :func:`simlib.dashboards.answers.side_by_side_change`'s deltas
    (numbers in ``result.data``).

    Parameters
    ----------
    presets
        Preset names (or scenario files), side by side.
    days
        Run length the days slider starts at (days); None: the first preset's.
    prefetch
        Simulate and draw every other slider position in the background,
        nearest first. None: on unless ``SIMLIB_PREFETCH=0``.
    """
    presets = tuple(presets)
    prefetch = prefetch_by_default() if prefetch is None else prefetch
    controls = {
        "staff_change": widgets.IntSlider(value=1, min=-3, max=3, description=tr("staff change"),
                                          continuous_update=False),
        "days": _days_slider(days, presets[0]),
        "replications": widgets.IntSlider(value=1, min=1, max=10, description=tr("replications"),
                                          continuous_update=False),
    }

    def draw(staff_change: int, days: int, replications: int):
        return side_by_side_answer(presets, staff_change, days, replications)

    group = f"side by side {next(_GROUPS)}"

    def prepare_next(staff_change: int, days: int, replications: int) -> None:
        slider = controls["staff_change"]
        ANSWERS.prefetch(side_by_side_next_keys(presets, staff_change, days, replications,
                                                range(slider.min, slider.max + 1)), group)

    names = tr(" and ").join(business_name(base_preset(p).name).lower() for p in presets)
    return Dashboard(draw, controls, tr("Side by side: the {names}", names=names),
                     afterwards=prepare_next if prefetch else None)


def staffing_planner(preset: str = "luxury", shift: str | None = None, days: float | None = None,
                     counts: tuple[int, int] = (0, 4), replications: int = 3) -> PlannerExplorer:
    """Sweep one shift's head count on a button: staff cost, revenue, reputation, best profit, Erlang guess.

    Controls ``shift``, ``counts`` (an inclusive range), ``replications``,
    ``days``; ``explorer.result`` is a :class:`simlib.dashboards.screens.Screen`
    (best head count, Erlang's guess, what the best person adds; the summary
    per head count, money in the preset's currency) and ``explorer.plan`` the
    last :class:`simlib.dashboards.answers.StaffingPlan`.

    Parameters
    ----------
    preset
        Preset name (or scenario file).
    shift
        The shift the dropdown starts at; None: the preset's first.
    days
        Run length the days slider starts at (days); None: the preset's.
    counts
        Head counts the range slider starts at (inclusive).
    replications
        Runs per head count the slider starts at.
    """
    scenario = base_preset(preset)
    shifts = list(scenario.staff)
    controls = {
        "shift": widgets.Dropdown(options=[(tr(name), name) for name in shifts], value=shift or shifts[0],
                                  description=tr("shift")),
        "counts": widgets.IntRangeSlider(value=counts, min=0, max=20, description=tr("head counts"),
                                         continuous_update=False),
        "replications": widgets.IntSlider(value=replications, min=1, max=10, description=tr("replications"),
                                          continuous_update=False),
        "days": _days_slider(days, preset),
    }
    holder: dict[str, StaffingPlan] = {}

    def draw(shift: str, counts: tuple[int, int], replications: int, days: int):
        plan = staffing_plan(preset, shift, range(counts[0], counts[1] + 1), replications, days)
        holder["plan"] = plan
        return plan_screen(plan, plan_png(plan))

    explorer = PlannerExplorer(draw, controls,
                               tr("Plan a shift: {name}", name=business_name(scenario.name, short=False)),
                               button=tr("Run the sweep"))
    explorer.plans = holder
    return explorer


class PlannerExplorer(Dashboard):
    """A :class:`Dashboard` that also keeps the last :class:`simlib.dashboards.answers.StaffingPlan` (``.plan``)."""

    plans: dict[str, StaffingPlan]

    @property
    def plan(self) -> StaffingPlan | None:
        """The plan behind the last result."""
        return self.plans.get("plan")
