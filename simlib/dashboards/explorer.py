"""Interactive explorers for the notebooks: controls on top, the answer below.

Slow work never runs on every pixel of a slider drag: sliders update on
release (``continuous_update=False``), or on a button click when the
explorer is built with ``button=...``. Explorers work without a browser, so
tests build one, set ``.value`` on a control (or click the button) and read
:attr:`Explorer.result`. A value ``draw`` refuses (``ValueError``, e.g. a
head count of 1.9) is said in one line instead of a traceback. A static copy
of the notebook (``make html``) shows the explorer's first answer as HTML.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import Image
from matplotlib.figure import Figure

from simlib.i18n import tr

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
    reset
        If true, a "Reset" button puts every control back to its first value
        (one answer, not one per control).

    Attributes
    ----------
    result
        What the last call of ``draw`` returned.
    """

    def __init__(self, draw: Callable[..., Any], controls: Mapping[str, widgets.ValueWidget],
                 button: str | None = None, afterwards: Callable[..., None] | None = None,
                 reset: bool = False) -> None:
        self.draw, self.controls, self.afterwards = draw, dict(controls), afterwards
        self.output = widgets.Output()
        self.status = widgets.HTML()
        self.result: Any = None
        self.first_values = self.values()
        self._holding = False
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
                control.observe(lambda _: None if self._holding else self.refresh(), names="value")
        if reset:
            self.reset_button = widgets.Button(description=tr("Reset"), icon="undo",
                                               tooltip=tr("back to the first values"))
            self.reset_button.add_class("simlib-reset")
            self.reset_button.on_click(lambda _: self.reset())
            rows.append(self.reset_button)
        self.control_row = widgets.HBox(rows, layout=widgets.Layout(flex_flow="row wrap"))
        super().__init__(self.parts())
        self.refresh()

    def parts(self) -> list[widgets.Widget]:
        """The widgets of the box, top to bottom (controls, status line, output)."""
        return [self.control_row, self.status, self.output]

    def values(self) -> dict[str, Any]:
        """The controls' current values, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def reset(self) -> None:
        """Put every control back to its first value and show that answer once."""
        self._holding = True
        try:
            for name, value in self.first_values.items():
                self.controls[name].value = value
        finally:
            self._holding = False
        self.refresh()

    def refresh(self) -> None:
        """Run ``draw`` with the current values and show its result (a refused value: one line in the status)."""
        working = html.escape(tr("working..."))
        self.status.value = f"<i>{working}</i>"
        values = self.values()
        try:
            self.result = self.draw(**values)
        except ValueError as error:  # ScenarioError is one: a value the model refuses, said plainly
            self.status.value = f'<span class="simlib-refused">{html.escape(str(error))}</span>'
            return
        self.status.value = ""
        self.show(self.result)
        if self.afterwards is not None:
            self.afterwards(**values)

    def show(self, result: Any) -> None:
        """Show what ``draw`` returned in the output area (figures as PNG pictures, tables as HTML)."""
        shown = result if isinstance(result, tuple) else (result,)
        pictures = [Image(figure_png(item), format="png") if isinstance(item, Figure) else item for item in shown]
        # Set the outputs directly rather than capturing `display` calls: no message routing through
        # the kernel, which keeps Voila and nbclient from waiting on it (voila-dashboards/voila#1428).
        self.output.outputs = tuple(display_output(item) for item in pictures)
        for item in shown:
            if isinstance(item, Figure):
                plt.close(item)

    def static_html(self) -> str:
        """What the explorer shows now, as plain HTML (pictures inline): the copy a page without a kernel shows."""
        parts = []
        for output in self.output.outputs:
            data = output.get("data", {})
            if "image/png" in data:
                alt = html.escape(tr("the explorer as it first opens"))
                parts.append(f'<img alt="{alt}" style="max-width:100%" '
                             f'src="data:image/png;base64,{data["image/png"]}">')
            elif "text/html" in data:
                parts.append(data["text/html"])
            else:
                parts.append(f"<pre>{html.escape(data.get('text/plain', ''))}</pre>")
        return "".join(parts)

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = super()._repr_mimebundle_(**kwargs)
        said = tr("The explorer as it first opens (move its controls in a running notebook):")
        bundle["text/html"] = (f'<div class="simlib-static"><p><i>{html.escape(said)}</i></p>'
                               + self.static_html() + "</div>")
        return bundle
