"""The workshop in Spanish: dashboards, KPI labels, figures, handouts, the page and the game key, every word a
person reads in Spanish and every number written the Spanish way, from the same code and the same runs."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import matplotlib
import pytest
from conftest import markdown_table_rows  # noqa: E402

matplotlib.use("Agg")  # headless: no window, as in CI

from simlib.analysis.registry import KPIS, heading, label  # noqa: E402
from simlib.dashboards import cache  # noqa: E402
from simlib.dashboards.game import KEY_FILES, Plan, verdict_text  # noqa: E402
from simlib.dashboards.handouts import SESSIONS, score_sheet, session_handout, write_all  # noqa: E402
from simlib.dashboards.serve import NOTEBOOKS, voila_command  # noqa: E402
from simlib.dashboards.views import ChangeCanvas, ExplorerCanvas  # noqa: E402
from simlib.dashboards.widgets import scenario_explorer, side_by_side_explorer  # noqa: E402
from simlib.i18n import get_language, set_language, tr  # noqa: E402

DAYS = 7  # short runs keep the file fast
ENGLISH_WORDS = re.compile(r"\b(service level|median first reply|slowest tenth|final reputation|profit|staff cost|"
                           r"answered|wages|before|people|verdict|qualifies|Reset|All numbers)\b")
"""English words a Spanish screen must not show (the KPI names and the commands are not words)."""


@pytest.fixture
def spanish() -> Iterator[None]:
    """Spanish for one test, then back to the language before."""
    before = get_language()
    set_language("es")
    yield
    set_language(before)


def words(html_text: str) -> str:
    return re.sub(r"<[^>]+>", " ", html_text)


def test_kpi_labels_are_translated_and_their_keys_never(spanish: None) -> None:
    assert label("answered_share") == "respondidas al final" and label("profit") == "beneficio"
    assert heading("profit", "USD") == "beneficio (USD)" and heading("crisis_day") == "primer día de crisis (días)"
    assert all(label(k.name) != k.label or k.label in ("crisis", "leads") for k in KPIS), "every label in Spanish"
    set_language("en")
    assert label("answered_share") == "answered by the end"


def test_the_explorer_speaks_spanish_with_spanish_numbers(spanish: None) -> None:
    explorer = scenario_explorer("luxury", days=DAYS, prefetch=False)
    shown = words(explorer.headline.value + explorer.title.value)
    assert "nivel de servicio (en 60 min)" in shown and "primera respuesta mediana" in shown
    assert "Un negocio: Joyería de lujo" in shown and "reputación final" in shown and "beneficio" in shown
    assert not ENGLISH_WORDS.search(shown), ENGLISH_WORDS.search(shown)
    assert re.search(r"\d+,\d\s%", shown) and " USD" in shown, "numbers the Spanish way: 70,3 %, 12.345 USD"
    assert [c.description for c in explorer.controls.values()][:2] == ["entre semana", "sábado"]
    assert explorer.reset_button.description == "Volver al inicio" and explorer.more.titles == ("Todas las cifras",)
    table = explorer.result.table
    assert "respondidas al final" in table.index and list(table.columns) == ["valor"]
    assert "answered_share" in explorer.result.data.index, "the numbers keep the KPI names"


def test_side_by_side_says_a_closed_business_in_spanish(spanish: None) -> None:
    board = side_by_side_explorer(("luxury", "high_volume"), days=DAYS, prefetch=False)
    board.controls["staff_change"].value = -1
    shown = words(board.headline.value)
    assert "Joyería: con una persona menos en cada turno no queda nadie de guardia" in shown
    assert "Joyería: beneficio" in shown and "Cadena de hamburgueserías: respondidas al final" in shown
    assert not ENGLISH_WORDS.search(shown), ENGLISH_WORDS.search(shown)
    assert ("Joyería", "después") in list(board.result.table.columns)


def test_figures_are_drawn_in_the_language_of_the_moment() -> None:
    english = ExplorerCanvas()
    set_language("es")
    try:
        spanish = ExplorerCanvas()
        change = ChangeCanvas(["Joyería", "Cadena de hamburgueserías"])
    finally:
        set_language("en")
    assert english.inbox.get_ylabel() == "questions waiting"
    assert spanish.inbox.get_ylabel() == "preguntas en espera" and spanish.crisis_text.get_text() == "línea de crisis"
    assert [t.get_text() for t in change.gain.get_xticklabels()] == ["Joyería", "Cadena de\nhamburgueserías"]


def test_answers_are_cached_per_language() -> None:
    english = cache.explorer_next_keys("luxury", {"weekday": 1}, "fifo", DAYS, 1)
    set_language("es")
    try:
        spanish = cache.explorer_next_keys("luxury", {"weekday": 1}, "fifo", DAYS, 1)
    finally:
        set_language("en")
    assert [k[:-1] for k in english] == [k[:-1] for k in spanish]
    assert {k[-1] for k in english} == {"en"} and {k[-1] for k in spanish} == {"es"}


def test_handouts_and_score_sheet_in_spanish(spanish: None, tmp_path: Path) -> None:
    written = write_all(tmp_path, url="http://192.0.2.1:8866/?token=abc")
    assert len(written) == len(SESSIONS) + 1
    page = session_handout("3-hour")
    assert "El taller de 3 horas" in page and "Juego por equipos" in page and "IC del 95 %" in page
    assert Plan(2, 2).command() in page and Plan(2, 2, "value").command() in page, "the commands stay as typed"
    assert "Team game" not in page and "lang='es'" in page
    sheet = score_sheet(teams=3)
    assert sheet.count('<tr class="blank">') == 6 and "reputación final [IC del 95 %]" in sheet


def test_make_handouts_writes_both_languages(tmp_path: Path) -> None:
    from simlib.dashboards.handouts import main

    main(["--output", str(tmp_path)])
    assert "El taller de 90 minutos" in (tmp_path / "es" / "handout-90-minute.html").read_text(encoding="utf-8")
    assert "The 90-minute workshop" in (tmp_path / "handout-90-minute.html").read_text(encoding="utf-8")
    assert get_language() == "en"


def test_the_spanish_page_has_the_english_pages_code_and_spanish_text() -> None:
    english, spanish = (json.loads(NOTEBOOKS[lang].read_text(encoding="utf-8")) for lang in ("en", "es"))
    code = [[c["source"] for c in nb["cells"] if c["cell_type"] == "code"] for nb in (english, spanish)]
    assert code[0] == code[1] and all(c["outputs"] == [] for c in spanish["cells"] if c["cell_type"] == "code")
    text = "".join("".join(c["source"]) for c in spanish["cells"] if c["cell_type"] == "markdown")
    assert "# La puerta abierta, en directo" in text
    assert str(NOTEBOOKS["es"]) in voila_command("127.0.0.1", 8866, "", browser=False, language="es")
    make = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    assert "--language $(if $(filter es%,$(LANG)),es,en)" in make


def test_the_spanish_answer_key_is_the_english_one_in_spanish(spanish: None) -> None:
    english, translated = markdown_table_rows(KEY_FILES["en"]), markdown_table_rows(KEY_FILES["es"])
    assert len(english) == len(translated) > 10
    plan, rank, cost = tr("plan (early-late order)"), tr("rank"), tr("staff cost (USD)")
    for en, es in zip(english, translated):
        assert es[plan] == en["plan (early-late order)"]
        assert es[rank] == verdict_text(en["rank"])
        assert es[cost] == en["staff cost (USD)"].replace(",", ".")
        assert re.fullmatch(r"\d+,\d \[\d+,\d; \d+,\d\]", es[tr("final reputation [95% CI]")])
    assert "## Ronda 2 (orden de trabajo: fifo, lifo, priority, value)" in KEY_FILES["es"].read_text(encoding="utf-8")


def test_the_server_says_where_to_connect_in_spanish(spanish: None) -> None:
    from simlib.dashboards.serve import announce

    said = announce("127.0.0.1", 8866, "", many=False)
    assert said.startswith("Paneles del taller solo en este portátil") and "http://127.0.0.1:8866/" in said
    assert "un panel por página: añade ?dashboard=1" in said and "Workshop" not in said
