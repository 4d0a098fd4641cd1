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

import struct
import zlib
from collections import OrderedDict
from collections.abc import Hashable, Iterable

import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure


def png_of(canvas: FigureCanvasAgg) -> bytes:
    """What ``canvas`` holds now, as PNG bytes: RGB (the figures are opaque), light compression (fast).

    Written directly (unfiltered rows, zlib level 1): a quarter of the time
    Pillow takes, which tries five row filters (PNG spec, ISO/IEC 15948).
    """
    pixels = np.asarray(canvas.buffer_rgba())
    height, width, _ = pixels.shape
    rows = np.zeros((height, 1 + 3 * width), dtype=np.uint8)  # each row: filter type 0 (none), then RGB
    rows[:, 1:].reshape(height, width, 3)[:] = pixels[:, :, :3]
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8 bits per channel, RGB, no interlace
    return b"".join((b"\x89PNG\r\n\x1a\n", _chunk(b"IHDR", header),
                     _chunk(b"IDAT", zlib.compress(rows.tobytes(), 1)), _chunk(b"IEND", b"")))


def _chunk(kind: bytes, data: bytes) -> bytes:
    """One PNG chunk: length, type, data, CRC-32 of type and data."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


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
