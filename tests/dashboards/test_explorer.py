"""The shared explorer works without a browser: set a value, read the result."""

from __future__ import annotations

import base64
import io

import ipywidgets as widgets
import matplotlib.pyplot as plt

from simlib.dashboards.explorer import Explorer, display_output


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


def test_figures_are_shown_as_pictures_of_their_full_size():
    from PIL import Image

    from simlib.dashboards.explorer import FIGURE_DPI, figure_png

    laid_out, _ = plt.subplots(figsize=(4, 3), layout="constrained")
    free, ax = plt.subplots(figsize=(4, 3))
    ax.set_ylabel("a label the tight box keeps")
    for fig in (laid_out, free):
        picture = Image.open(io.BytesIO(figure_png(fig)))
        assert picture.format == "PNG"
        width, height = picture.size
        if fig is laid_out:  # the layout engine already fits the figure: no cropping pass
            assert (width, height) == (4 * FIGURE_DPI, 3 * FIGURE_DPI)
        else:  # cropped to what is drawn, as Jupyter's inline backend does
            assert width <= 4 * FIGURE_DPI + 10 and height <= 3 * FIGURE_DPI + 10
        plt.close(fig)


def test_the_output_area_shows_a_png_for_each_figure_and_text_as_text():
    explorer = Explorer(draw_square, {"n": widgets.IntSlider(value=3), "label": widgets.Text(value="s")})
    picture, text = explorer.output.outputs
    assert base64.b64decode(picture["data"]["image/png"]).startswith(b"\x89PNG")
    assert text["data"] == {"text/plain": "s: 9"}


def test_tables_are_shown_as_html():
    import pandas as pd

    output = display_output(pd.DataFrame({"value": [0.5]}, index=["share"]))
    assert output["output_type"] == "display_data" and "<table" in output["data"]["text/html"]


def test_afterwards_runs_once_the_answer_is_shown_with_the_same_values():
    events = []
    slider = widgets.IntSlider(value=2)
    Explorer(lambda n: events.append(("draw", n)) or str(n), {"n": slider},
             afterwards=lambda n: events.append(("afterwards", n)))
    slider.value = 4
    assert events == [("draw", 2), ("afterwards", 2), ("draw", 4), ("afterwards", 4)]
