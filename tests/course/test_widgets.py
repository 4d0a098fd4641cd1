"""The shared explorer works without a browser: set a value, read the result."""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt

from simlib.course.widgets import Explorer


def draw_square(n: int, label: str) -> tuple:
    fig, ax = plt.subplots()
    ax.plot(range(n), [i * i for i in range(n)])
    return fig, f"{label}: {n * n}"


def test_a_slider_release_redraws_and_nothing_runs_while_dragging():
    slider = widgets.IntSlider(value=3, min=1, max=10)
    explorer = Explorer(draw_square, {"n": slider, "label": widgets.Text(value="square")})
    assert explorer.result[1] == "square: 9"
    assert slider.continuous_update is False
    slider.value = 5
    assert explorer.result[1] == "square: 25"
    assert len(explorer.result[0].axes[0].lines[0].get_xdata()) == 5
    assert not plt.get_fignums()  # figures are closed once shown


def test_with_a_button_only_a_click_redraws():
    calls = []

    def draw(n: int) -> str:
        calls.append(n)
        return str(n)

    slider = widgets.IntSlider(value=2)
    explorer = Explorer(draw, {"n": slider}, button="Run")
    slider.value = 7
    assert calls == [2]
    explorer.button.click()
    assert calls == [2, 7] and explorer.result == "7"
