"""A dashboard laid out for a projector: title, controls, three or four headline numbers, one full-width figure.

:class:`Dashboard` is an :class:`~simlib.dashboards.explorer.Explorer`
whose ``draw`` returns a :class:`~simlib.dashboards.screens.Screen`. The
numbers and the picture sit right under the controls, so they are on the
first screen at 1280x720 and at 1920x1080 (the workshop template's CSS sizes
the picture to the screen's width and height); every number behind them is
in a closed "All numbers" section below. Each dashboard has a Reset button,
and its parts carry CSS classes (``simlib-dashboard``, ``simlib-numbers``,
``simlib-figure``) that the template and the browser tests use.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets

from simlib.dashboards.explorer import Explorer
from simlib.dashboards.headline import headline_html
from simlib.dashboards.screens import Screen
from simlib.i18n import tr

STATIC_STYLE = ("<style>.simlib-numbers{display:flex;gap:10px}.simlib-number{flex:1;border-left:5px solid #1f77b4;"
                "padding:0 8px;background:#f4f6f8}.simlib-value{font-size:26px;font-weight:bold}"
                ".simlib-note{color:#a01010;font-weight:bold}</style>")
"""The headline cards' look where the workshop template is absent (a static copy of a notebook)."""


class Dashboard(Explorer):
    """An explorer showing a :class:`~simlib.dashboards.screens.Screen`, with a title and a Reset button.

    Parameters
    ----------
    draw
        Called with one keyword per control; returns a :class:`Screen`.
    controls
        Name -> widget, as for :class:`Explorer`.
    title
        The dashboard's name, shown above its controls.
    button, afterwards
        As for :class:`Explorer`.

    Attributes
    ----------
    result
        The last :class:`Screen`.
    """

    def __init__(self, draw: Callable[..., Screen], controls: Mapping[str, widgets.ValueWidget], title: str,
                 button: str | None = None, afterwards: Callable[..., None] | None = None) -> None:
        self.title = widgets.HTML(f"<h2>{html.escape(title)}</h2>")
        self.title.add_class("simlib-title")
        self.headline = widgets.HTML()
        self.headline.add_class("simlib-headline")
        self.picture = widgets.Image(format="png")
        self.picture.add_class("simlib-figure")
        self.details = widgets.HTML()
        self.more = widgets.Accordion([self.details], titles=(tr("All numbers"),), selected_index=None)
        self.more.add_class("simlib-more")
        for control in controls.values():
            control.style.description_width = "initial"  # "target (min)" in full, each control as wide as it needs
        super().__init__(draw, controls, button=button, afterwards=afterwards, reset=True)
        self.add_class("simlib-dashboard")
        self.control_row.add_class("simlib-controls")
        self.status.add_class("simlib-status")

    def parts(self) -> list[widgets.Widget]:
        """Title, controls, status line, headline numbers, picture, and the closed table of all numbers."""
        return [self.title, self.control_row, self.status, self.headline, self.picture, self.more]

    def show(self, result: Any) -> None:
        """Put a :class:`Screen` on the page: numbers and notes, the picture, the table."""
        screen: Screen = result
        self.headline.value = headline_html(screen.numbers, screen.notes, screen.command)
        self.picture.value = screen.picture
        self.details.value = screen.table.to_html(classes="simlib-table")

    def static_html(self) -> str:
        """The title, numbers, picture and table as plain HTML, for a page without a kernel."""
        picture = base64.b64encode(self.picture.value).decode("ascii")
        alt = html.escape(tr("the dashboard as it first opens"))
        return (STATIC_STYLE + self.title.value + self.headline.value
                + f'<img alt="{alt}" style="width:100%" '
                + f'src="data:image/png;base64,{picture}">'
                + self.details.value)
