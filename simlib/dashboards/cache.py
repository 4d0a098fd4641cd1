"""The dashboards' answers with their pictures already drawn, cached and prepared in the background.

An answer is what an explorer shows for one setting of its controls, with the
figure drawn into a PNG: the slow part. :data:`ANSWERS` keeps the recent ones
and, while the room looks at the current answer, computes the settings a
trainer is likely to ask for next (:func:`explorer_next_keys`,
:func:`side_by_side_next_keys`) in a background process.
:func:`clear_cache` empties this cache and the run cache of
:mod:`simlib.dashboards.runs`. A key ends with the language the picture is
drawn in (:func:`simlib.i18n.get_language`), which the background process
switches to before drawing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from simlib.dashboards.answers import DISCIPLINES, explore_scenario, side_by_side_change
from simlib.dashboards.run_cache import RunCache
from simlib.dashboards.runs import RUNS, StaffKey, clear_runs, staff_key
from simlib.dashboards.screens import Screen, change_screen, explorer_screen
from simlib.dashboards.views import change_png, explorer_png
from simlib.i18n import get_language, set_language

ExplorerKey = tuple[str, str, StaffKey, str, float | None, int, str]
"""("explorer", preset, sorted (shift, head count) pairs, discipline, days, replications, language)."""

SideKey = tuple[str, tuple[str, ...], int, float | None, int, str]
"""("side_by_side", presets, staff change, days, replications, language)."""


def answer_with_picture(key: ExplorerKey | SideKey) -> tuple[Any, bytes]:
    """What a dashboard shows for one setting, picture already drawn: the slow part, fit for a background process.

    Explorer keys give ``(runs, png)``: one run per replication (the reply-time
    target is applied later, when scoring) and the picture of the first run.
    Side-by-side keys give ``(ChangeView, png)``. The picture is drawn in the
    key's language (this process switches to it).
    """
    set_language(key[-1])
    if key[0] == "explorer":
        _, preset, staff, discipline, days, replications, _language = key
        runs = tuple(RUNS.get((preset, staff, discipline, days, k)) for k in range(replications))
        return runs, explorer_png(runs[0])
    _, presets, staff_change, days, replications, _language = key
    change = side_by_side_change(staff_change, presets, days, replications)
    return change, change_png(change)


ANSWERS: RunCache[ExplorerKey | SideKey, tuple[Any, bytes]] = RunCache(answer_with_picture, max_entries=24)
"""The explorers' recent answers (:func:`answer_with_picture`), filled ahead in the background."""


def explorer_answer(preset: str, counts: Mapping[str, int], target_minutes: float, discipline: str,
                    days: float | None, replications: int) -> Screen:
    """What the scenario explorer shows for one setting: headline numbers, the PNG of the first run, the KPIs.

    Parameters are those of :func:`simlib.dashboards.answers.explore_scenario`
    (``counts``: shift name -> head count; ``target_minutes`` in minutes).
    The runs come from :data:`ANSWERS` (perhaps prepared in the background)
    and are kept in the run cache, so the reply-time target only re-scores them.

    Returns
    -------
    Screen
        :func:`simlib.dashboards.screens.explorer_screen` (money in the preset's currency).
    """
    key = staff_key(counts, preset)
    runs, png = ANSWERS.get(("explorer", preset, key, discipline, days, replications, get_language()))
    for k, run in enumerate(runs):  # computed elsewhere, perhaps: keep them for scoring
        RUNS.put((preset, key, discipline, days, k), run)
    view = explore_scenario(preset, counts, target_minutes, discipline, days, replications)
    return explorer_screen(view, png)


def side_by_side_answer(presets: Sequence[str], staff_change: int, days: float | None,
                        replications: int) -> Screen:
    """What the side-by-side explorer shows for one setting: what each business gains, the picture, the deltas.

    Parameters are those of :func:`simlib.dashboards.answers.side_by_side_change`.

    Returns
    -------
    Screen
        :func:`simlib.dashboards.screens.change_screen` (money in each business's currency).
    """
    change, png = ANSWERS.get(("side_by_side", tuple(presets), staff_change, days, replications, get_language()))
    return change_screen(change, png)


def explorer_next_keys(preset: str, counts: Mapping[str, int], discipline: str, days: float | None,
                       replications: int) -> list[ExplorerKey]:
    """The settings a trainer is likely to ask the explorer for next, most likely first.

    One person more or fewer on each shift, then each other queue policy;
    the reply-time target needs no run of its own.
    """
    changes = [({**counts, shift: count + step}, discipline)
               for shift, count in counts.items() for step in (1, -1) if count + step >= 0]
    changes += [(dict(counts), other) for other in DISCIPLINES if other != discipline]
    return [("explorer", preset, staff_key(staff), policy, days, replications, get_language())
            for staff, policy in changes]


def side_by_side_next_keys(presets: Sequence[str], staff_change: int, days: float | None, replications: int,
                           changes: Sequence[int] = range(-3, 4)) -> list[SideKey]:
    """Every other position of the side-by-side slider (``changes``), nearest to ``staff_change`` first."""
    order = sorted((c for c in changes if c != staff_change), key=lambda c: (abs(c - staff_change), c))
    return [("side_by_side", tuple(presets), change, days, replications, get_language()) for change in order]


def clear_cache() -> None:
    """Forget every cached run and answer (the next call of each dashboard simulates again)."""
    clear_runs()
    ANSWERS.clear()


def wait_for_background() -> None:
    """Block until the answers being prepared in the background are ready (for tests and benchmarks)."""
    ANSWERS.wait()
