"""Interactive explorers for the notebooks: controls on top, the answer below.

Slow work never runs on every pixel of a slider drag: sliders update on
release (``continuous_update=False``), or on a button click when the
explorer is built with ``button=...``. Explorers work without a browser, so
tests build one, set ``.value`` on a control (or click the button) and read
:attr:`Explorer.result`.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import Image
from matplotlib.figure import Figure

FIGURE_DPI = 100
"""Pixels per inch of the pictures an explorer shows (Jupyter's inline default)."""


def display_output(item: Any) -> dict[str, Any]:
    """The notebook output Jupyter would show for ``item`` (a picture, a table, text), as a dict."""
    if isinstance(item, str):
        return {"output_type": "display_data", "data": {"text/plain": item}, "metadata": {}}
    data: dict[str, Any] = {"text/plain": repr(item)}
    for mime, method in (("text/html", "_repr_html_"), ("text/markdown", "_repr_markdown_"),
                         ("image/png", "_repr_png_")):
        represent = getattr(item, method, None)
        value = represent() if represent is not None else None
        if isinstance(value, tuple):  # (data, metadata)
            value = value[0]
        if isinstance(value, bytes):
            value = base64.b64encode(value).decode("ascii")
        if value is not None:
            data[mime] = value
    return {"output_type": "display_data", "data": data, "metadata": {}}


def figure_png(fig: Figure, dpi: float = FIGURE_DPI) -> bytes:
    """The figure as PNG bytes, made for speed: light compression, and no second
    layout pass when the figure already has a layout engine (``layout="constrained"``)."""
    buffer = io.BytesIO()
    tight = "tight" if fig.get_layout_engine() is None else None
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches=tight, pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


class Explorer(widgets.VBox):
    """A box of controls and an output area that shows ``draw(**values)``.

    Parameters
    ----------
    draw
        Called with one keyword per control (its current value); returns what
        to show: a matplotlib Figure, a pandas DataFrame, text, or a tuple of
        those.
    controls
        Name -> widget (``IntSlider``, ``Dropdown``...). Names are the keyword
        arguments of ``draw``.
    button
        If given, a button with this label runs ``draw``; controls alone do not.
    afterwards
        Called with the same keywords once the answer is shown: work for
        the time the room spends looking at it (e.g. computing likely next
        answers in the background).

    Attributes
    ----------
    result
        What the last call of ``draw`` returned.
    """

    def __init__(self, draw: Callable[..., Any], controls: Mapping[str, widgets.ValueWidget],
                 button: str | None = None, afterwards: Callable[..., None] | None = None) -> None:
        self.draw, self.controls, self.afterwards = draw, dict(controls), afterwards
        self.output = widgets.Output()
        self.status = widgets.HTML()
        self.result: Any = None
        for control in self.controls.values():
            if hasattr(control, "continuous_update"):
                control.continuous_update = False
        rows: list[widgets.Widget] = list(self.controls.values())
        if button:
            self.button = widgets.Button(description=button, button_style="primary")
            self.button.on_click(lambda _: self.refresh())
            rows.append(self.button)
        else:
            for control in self.controls.values():
                control.observe(lambda _: self.refresh(), names="value")
        super().__init__([widgets.HBox(rows, layout=widgets.Layout(flex_flow="row wrap")), self.status, self.output])
        self.refresh()

    def values(self) -> dict[str, Any]:
        """The controls' current values, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def refresh(self) -> None:
        """Run ``draw`` with the current values and show its result."""
        self.status.value = "<i>working...</i>"
        values = self.values()
        self.result = self.draw(**values)
        self.status.value = ""
        shown = self.result if isinstance(self.result, tuple) else (self.result,)
        pictures = [Image(figure_png(item), format="png") if isinstance(item, Figure) else item for item in shown]
        # Set the outputs directly rather than capturing `display` calls: no message routing through
        # the kernel, which keeps Voila and nbclient from waiting on it (voila-dashboards/voila#1428).
        self.output.outputs = tuple(display_output(item) for item in pictures)
        for item in shown:
            if isinstance(item, Figure):
                plt.close(item)
        if self.afterwards is not None:
            self.afterwards(**values)
