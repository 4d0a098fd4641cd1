"""A figure drawn in two layers, for pictures redrawn many times: what never changes is rendered once.

Most of the time matplotlib spends on a dashboard figure goes into its axes:
tick marks, tick labels and axis labels, which are the same from one answer
to the next. :class:`Layers` renders the figure once per *key* (whatever the
static parts depend on, e.g. the run's length) with the changing artists left
out, keeps that background, and for each picture restores it and draws only
the changing artists on top, in the order matplotlib itself would draw them
(by axes, then by z-order). The picture is the same, pixel for pixel, as a
full drawing of the figure, provided the changing artists include everything
drawn above them that overlaps them (the dashboards' tests compare the two).

Example::

    layers = Layers(fig)
    line.set_data(x, y)
    picture = layers.png(key=(days,), dynamic=[line, ax.yaxis, *ax.spines.values(), title])
"""

from __future__ import annotations

import io
from collections import OrderedDict
from collections.abc import Hashable, Iterable

from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image


def png_of(canvas: FigureCanvasAgg) -> bytes:
    """What ``canvas`` holds now, as PNG bytes: RGB (the figures are opaque), light compression (fast)."""
    width, height = canvas.get_width_height()
    picture = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1).convert("RGB")
    buffer = io.BytesIO()
    picture.save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


class Layers:
    """Pictures of ``fig``: a static background rendered once per key, the changing artists drawn on it.

    Parameters
    ----------
    fig
        The figure (it gets an Agg canvas of its own).
    keep
        Backgrounds kept (one per key, 2 MB each at 1280x400), the least recently used forgotten first.
    """

    def __init__(self, fig: Figure, keep: int = 4) -> None:
        self.fig = fig
        self.canvas = FigureCanvasAgg(fig)
        self.keep = keep
        self.backgrounds: OrderedDict[Hashable, object] = OrderedDict()
        self.rendered = 0
        """Backgrounds rendered (full drawings of the figure) so far."""

    def png(self, key: Hashable, dynamic: Iterable[Artist]) -> bytes:
        """The picture of the figure as it is now.

        ``key`` names everything the figure's other (static) artists depend on:
        a new key renders a new background. ``dynamic`` are the artists that
        change between pictures of the same key; they are drawn on the
        background in matplotlib's own order.
        """
        changing = set(dynamic)
        for artist in changing:
            artist.set_animated(True)  # left out of canvas.draw(): the background
        background = self.backgrounds.get(key)
        if background is None:
            self.canvas.draw()
            background = self.canvas.copy_from_bbox(self.fig.bbox)
            self.rendered += 1
            self.backgrounds[key] = background
            while len(self.backgrounds) > self.keep:
                self.backgrounds.popitem(last=False)
        else:
            self.backgrounds.move_to_end(key)
            self.canvas.restore_region(background)
        for artist in self.drawing_order(changing):
            self.fig.draw_artist(artist)
        return png_of(self.canvas)

    def drawing_order(self, artists: set[Artist]) -> list[Artist]:
        """``artists`` in the order a full drawing draws them: axes by axes, each by z-order (stable)."""
        ordered = []
        for ax in self.fig.axes:
            ordered += sorted((a for a in ax.get_children() if a in artists), key=lambda a: a.get_zorder())
        return ordered
