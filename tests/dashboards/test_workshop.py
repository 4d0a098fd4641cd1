"""The workshop view: ``make workshop`` serves the three dashboards as a code-free page that works offline,
laid out for a projector (checked in headless Chromium at 1280x720 and 1920x1080), with a present mode,
a token whenever the room can connect, and a mode for many participants."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import socket
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from simlib.dashboards.browser import Chromium, Tab, chromium_binary
from simlib.dashboards.serve import Served, needs_token, urls, voila_command
from simlib.dashboards.views import FIGURE_DPI, SMALL
from simlib.dashboards.workshop import DASHBOARDS, requested

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "workshop" / "dashboards.ipynb"
RENDER_SECONDS = 120  # for Voilà to run the notebook and Chromium to show the widgets
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
SCREENS = ((1280, 720), (1920, 1080))
SHOWN = "document.querySelectorAll('.simlib-dashboard img.simlib-figure[src^=\"blob:\"], " \
        ".simlib-dashboard img.simlib-figure[src^=\"data:\"]').length"


def notebook() -> dict[str, Any]:
    return json.loads(NOTEBOOK.read_text())


def code_cells() -> list[dict[str, Any]]:
    return [cell for cell in notebook()["cells"] if cell["cell_type"] == "code"]


def headings() -> list[str]:
    """The notebook's markdown headings, without the leading #."""
    return [line.lstrip("#").strip() for cell in notebook()["cells"] if cell["cell_type"] == "markdown"
            for line in "".join(cell["source"]).splitlines() if line.startswith("#")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def read_all(url: str, seconds: float) -> tuple[int, str]:
    """Status and body of ``url`` (Voilà streams the page while it runs the notebook)."""
    with urllib.request.urlopen(url, timeout=seconds) as response:
        return response.status, response.read().decode()


@pytest.fixture(scope="module")
def server() -> Iterator[Served]:
    """The workshop page served as ``make workshop`` serves it, on a free localhost port."""
    with Served(free_port()) as served:
        yield served


@pytest.fixture(scope="module")
def page(server: Served) -> str:
    """The page as served, once Voilà has run the notebook."""
    status, body = read_all(server.url, RENDER_SECONDS)
    assert status == 200
    return body


def test_notebook_is_saved_thin_and_without_outputs() -> None:
    cells = code_cells()
    assert len(cells) == len(DASHBOARDS), "one code cell per dashboard"
    for cell in cells:
        assert cell["outputs"] == [] and cell["execution_count"] is None
        assert len("".join(cell["source"]).strip().splitlines()) <= 3
        assert "from simlib" in "".join(cell["source"])
    assert "widgets" not in notebook()["metadata"], "no saved widget state"


def test_make_workshop_serves_this_laptop_by_default_and_the_room_with_a_token() -> None:
    recipe = re.search(r"^workshop:.*\n\t(.+)$", (ROOT / "Makefile").read_text(), re.M).group(1)
    assert "simlib.dashboards.serve --host $(HOST)" in recipe and "$(if $(MANY),--many)" in recipe
    assert re.search(r"^HOST \?= 127\.0\.0\.1$", (ROOT / "Makefile").read_text(), re.M)
    assert not needs_token("127.0.0.1") and not needs_token("::1")
    assert needs_token("0.0.0.0") and needs_token("192.168.1.20")
    assert all("?token=abc" in url for url in urls("0.0.0.0", 8866, "abc"))
    assert "--token=abc" in voila_command("0.0.0.0", 8866, "abc", browser=False)
    assert not any(arg.startswith("--token") for arg in voila_command("127.0.0.1", 8866, "", browser=True))


def test_a_token_is_required_when_one_is_set() -> None:
    port = free_port()
    with Served(port, token="workshop-token") as served:
        for url in (f"http://127.0.0.1:{port}/", f"http://127.0.0.1:{port}/?token=wrong"):
            with urllib.request.urlopen(url, timeout=30) as response:  # sent to the login page, no dashboard
                assert "/login?" in response.url and WIDGET_VIEW not in response.read().decode(), served.said()
        with urllib.request.urlopen(served.url + "&dashboard=3", timeout=RENDER_SECONDS) as response:
            assert response.status == 200 and response.read().decode().count(WIDGET_VIEW) == len(DASHBOARDS)


def test_page_shows_every_heading_and_a_dashboard_per_code_cell(page: str) -> None:
    text = html.unescape(page)
    for heading in headings():
        assert heading in text
    assert page.count(WIDGET_VIEW) == len(code_cells())
    assert "from simlib" not in text, "Voilà hides the code"


def test_page_has_no_error_output(page: str) -> None:
    for sign in ('"output_type": "error"', "Traceback", "There was an error when executing cell"):
        assert sign not in page


def test_page_loads_nothing_from_outside(page: str) -> None:
    addresses = re.findall(r"<(?:script|link|img|iframe)\b[^>]*?\b(?:src|href)=[\"']([^\"']+)", page)
    assert addresses, "expected the page's own scripts and styles"
    outside = [a for a in addresses if re.match(r"(https?:)?//", a)
               and not re.match(r"(https?:)?//(127\.0\.0\.1|localhost)[:/]", a)]
    assert outside == []
    assert not re.search(r"import\(\s*[\"']https?:", page), "no module imported from a CDN"


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chromium]:
    """Headless Chromium; skips (before Voilà starts) when there is none."""
    binary = chromium_binary()
    if binary is None:
        pytest.skip("no Chromium on PATH (apt-get install chromium; .ci/run installs it)")
    with Chromium(binary, tmp_path_factory.mktemp("profile")) as running:
        yield running


def layout(tab: Tab, index: int) -> dict[str, float]:
    """Where dashboard ``index``'s numbers and figure are, in CSS pixels of the viewport."""
    return tab.evaluate(f"""(() => {{
        const d = document.querySelectorAll('.simlib-dashboard')[{index}];
        const box = s => d.querySelector(s).getBoundingClientRect();
        const img = d.querySelector('img.simlib-figure');
        const text = document.querySelector('.jp-RenderedMarkdown p') || document.querySelector('.simlib-label');
        return {{numbers_top: box('.simlib-numbers').top, numbers_bottom: box('.simlib-numbers').bottom,
                 figure_top: box('img.simlib-figure').top, figure_bottom: box('img.simlib-figure').bottom,
                 figure_width: img.clientWidth, natural_width: img.naturalWidth,
                 page_text: parseFloat(getComputedStyle(text).fontSize),
                 screen_width: innerWidth, screen_height: innerHeight}};
    }})()""")


def keep_screenshot(path: Path) -> None:
    """Copy a screenshot to ``$SIMLIB_SCREENSHOTS`` when set (how docs/img/workshop-*.png are made)."""
    folder = os.environ.get("SIMLIB_SCREENSHOTS")
    if folder:
        shutil.copy(path, Path(folder) / path.name)


@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_each_dashboard_fits_one_screen(browser: Chromium, server: Served, tmp_path: Path,
                                        width: int, height: int) -> None:
    tab = browser.open(server.url, width, height)
    try:
        tab.wait_for(f"{SHOWN} === {len(DASHBOARDS)}", RENDER_SECONDS, every=0.5)
    except TimeoutError:
        pytest.fail(f"Chromium did not show every dashboard's figure\n{server.said()}")
    text = tab.evaluate("document.body.innerText")
    assert "Loading widget" not in text and "Traceback" not in text
    for label in ("service level (within 15 min)", "median first reply", "final reputation", "profit",
                  "Jeweller: profit", "best profit at", "Erlang C first guess", "Reset", "verdict",
                  "Hand in: simlib run --scenario high_volume"):
        assert label in text
    assert "answered_share" not in text and not re.search(r"\d\.\d{4,}", text), "no code names, no raw floats"
    keep_screenshot(tab.screenshot(tmp_path / f"workshop-{width}x{height}.png"))
    first = layout(tab, 0)
    assert first["numbers_top"] >= 0 and first["figure_bottom"] <= height, f"first screen: {first}"
    for index in range(len(DASHBOARDS)):
        tab.evaluate(f"document.querySelectorAll('.simlib-dashboard')[{index}].scrollIntoView()")
        where = layout(tab, index)
        assert 0 <= where["numbers_top"] and where["figure_bottom"] <= height, f"dashboard {index + 1}: {where}"
        assert where["figure_width"] >= 0.9 * width, "the figure takes the page's width"
        figure_text = SMALL * FIGURE_DPI / 72 * where["figure_width"] / where["natural_width"]
        assert figure_text >= where["page_text"], f"figure text {figure_text:.1f} px < page text"
        if index:
            keep_screenshot(tab.screenshot(tmp_path / f"workshop-{index + 1}-{width}x{height}.png"))


def test_a_page_asks_for_one_dashboard_with_its_query_string() -> None:
    assert requested("dashboard=2") == 2 and requested("dashboard=9") is None and requested("") is None


def test_present_mode_shows_one_dashboard_and_a_move_keeps_it_on_screen(browser: Chromium, server: Served,
                                                                       tmp_path: Path) -> None:
    tab = browser.open(server.url + "?dashboard=1", 1280, 720)
    tab.wait_for(f"{SHOWN} === 1", RENDER_SECONDS, every=0.5)
    assert tab.evaluate("document.querySelectorAll('.simlib-dashboard').length") == 1
    assert tab.evaluate("document.body.classList.contains('simlib-present')")
    before = tab.evaluate("document.querySelector('.simlib-numbers').innerText")
    tab.evaluate("document.querySelector('.simlib-dashboard .noUi-handle').focus()")
    tab.press("ArrowRight", "ArrowRight", 39)  # one more person on the early shift
    tab.wait_for(f"document.querySelector('.simlib-numbers').innerText !== {json.dumps(before)}", 60)
    where = layout(tab, 0)
    assert where["figure_bottom"] <= 720, where
    tab.evaluate("[...document.querySelectorAll('button')].find(b => b.innerText.includes('Reset')).click()")
    tab.wait_for(f"document.querySelector('.simlib-numbers').innerText === {json.dumps(before)}", 60)


@pytest.fixture(scope="module")
def spanish_server() -> Iterator[Served]:
    """The Spanish workshop page, as ``make workshop LANG=es`` serves it, on a free localhost port."""
    with Served(free_port(), language="es") as served:
        yield served


SPANISH_LABELS = ("La puerta abierta, en directo", "Un negocio: Cadena de hamburgueserías, gran volumen",
                  "nivel de servicio (en 15 min)", "primera respuesta mediana", "reputación final", "beneficio",
                  "Joyería: beneficio", "Lado a lado: joyería y cadena de hamburgueserías", "mejor beneficio con",
                  "primera estimación de Erlang C", "Lanzar el barrido", "Volver al inicio", "veredicto",
                  "Puntuar este plan", "Entregad: simlib run --scenario high_volume", "Todas las cifras", "presentar")
"""What the Spanish page must say: headings, titles, headline labels, buttons (each dashboard's)."""
ENGLISH_LABELS = ("The open door", "One business", "service level", "median first reply", "final reputation",
                  "profit", "Side by side", "best profit", "Erlang C first guess", "Run the sweep", "Reset", "verdict",
                  "Score this plan", "Hand in", "All numbers", "answered_share")
"""Their English versions, none of which the Spanish page may show."""


def test_the_spanish_workshop_speaks_spanish_and_its_headline_fits_the_first_screen(
        browser: Chromium, spanish_server: Served, tmp_path: Path) -> None:
    tab = browser.open(spanish_server.url, 1280, 720)
    try:
        tab.wait_for(f"{SHOWN} === {len(DASHBOARDS)}", RENDER_SECONDS, every=0.5)
    except TimeoutError:
        pytest.fail(f"Chromium did not show every dashboard's figure\n{spanish_server.said()}")
    text = tab.evaluate("document.body.innerText")
    assert "Loading widget" not in text and "Traceback" not in text
    assert [label for label in SPANISH_LABELS if label not in text] == []
    assert [label for label in ENGLISH_LABELS if label in text] == []
    assert re.search(r"\d+,\d\s%", text) and re.search(r"\d{1,3}\.\d{3} USD", text), "70,3 %, 90.272 USD"
    assert not re.search(r"\d\.\d{4,}", text), "no raw floats"
    assert tab.evaluate("document.documentElement.lang") == "es", "the page waits in Spanish too (Ejecutando 1 de 5)"
    keep_screenshot(tab.screenshot(tmp_path / "workshop-es-1280x720.png"))
    first = layout(tab, 0)
    assert first["numbers_top"] >= 0 and first["figure_bottom"] <= 720, f"first screen: {first}"
    cards = tab.evaluate("""[...document.querySelectorAll('.simlib-dashboard')[0].querySelectorAll('.simlib-number')]
        .map(c => { const r = c.getBoundingClientRect(), l = c.querySelector('.simlib-label');
                    return {left: r.left, right: r.right, bottom: r.bottom,
                            clipped: l.scrollWidth > l.clientWidth}; })""")
    assert len(cards) == 4
    assert all(0 <= c["left"] and c["right"] <= 1280 and c["bottom"] <= 720 and not c["clipped"] for c in cards), cards
    assert tab.evaluate("document.documentElement.scrollWidth") <= 1280, "nothing wider than the screen"
    for index in range(1, len(DASHBOARDS)):
        tab.evaluate(f"document.querySelectorAll('.simlib-dashboard')[{index}].scrollIntoView()")
        where = layout(tab, index)
        assert 0 <= where["numbers_top"] and where["figure_bottom"] <= 720, f"dashboard {index + 1}: {where}"
        keep_screenshot(tab.screenshot(tmp_path / f"workshop-es-{index + 1}-1280x720.png"))
