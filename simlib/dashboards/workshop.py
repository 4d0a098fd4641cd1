"""The workshop page's dashboards, by number, and its present mode (one dashboard per page).

``workshop/dashboards.ipynb`` calls :func:`dashboard` once per dashboard. The
page served with ``?dashboard=2`` (present mode: one dashboard filling the
screen) builds only dashboard 2: the others' cells show nothing and cost
nothing, which also suits participants who open one dashboard each (teams
open ``?dashboard=4``, the team game, on their own laptops). Voilà
passes the page's query string to the kernel as ``QUERY_STRING``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from urllib.parse import parse_qs

import ipywidgets as widgets

from simlib.dashboards.game_dashboard import game_dashboard
from simlib.dashboards.projector import Dashboard
from simlib.dashboards.widgets import scenario_explorer, side_by_side_explorer, staffing_planner
from simlib.i18n import N_, tr

DASHBOARDS: dict[int, tuple[str, Callable[[], Dashboard]]] = {
    1: (N_("One business"), lambda: scenario_explorer("high_volume")),
    2: (N_("Side by side"), lambda: side_by_side_explorer(("luxury", "high_volume"))),
    3: (N_("Plan a shift"), lambda: staffing_planner("high_volume", shift="late", counts=(1, 5), days=7)),
    4: (N_("Team game"), lambda: game_dashboard(2)),
}
"""Number -> (name, how to build it): the dashboards of the workshop page, in page order (names in English,
shown with :func:`simlib.i18n.tr`)."""


def requested(query: str | None = None) -> int | None:
    """The dashboard a page asked for with ``?dashboard=N`` (None: all of them).

    ``query`` defaults to the ``QUERY_STRING`` Voilà gives the kernel.
    """
    values = parse_qs(os.environ.get("QUERY_STRING", "") if query is None else query).get("dashboard", [])
    return int(values[0]) if values and values[0].isdigit() and int(values[0]) in DASHBOARDS else None


def dashboard(number: int, query: str | None = None) -> Dashboard | widgets.HTML:
    """Dashboard ``number`` of the workshop page, or an empty widget when the page asked for another one."""
    wanted = requested(query)
    if wanted is not None and wanted != number:
        return widgets.HTML("")
    shown = DASHBOARDS[number][1]()
    link = tr("all dashboards") if wanted else tr("present")
    target = "?" if wanted else f"?dashboard={number}"
    hint = tr("one dashboard per page; press f for full screen")
    shown.title.value = shown.title.value.replace("</h2>", f' <a href="{target}" title="{hint}">{link}</a></h2>')
    return shown
