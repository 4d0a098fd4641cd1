"""Tables a student can read: the checker finds cut text, raw names, long decimals and bare shares, and the
course's tables have none.

The notebooks themselves are checked cell by cell while nbval runs them (the references plugin fails a
course cell whose output is unreadable); ``python -m simlib.course.readability build/html/*.html`` checks
the executed HTML of ``make html``.
"""

from __future__ import annotations

import nbformat
import pandas as pd
import pytest
from pandas.io.formats.style import Styler

from simlib.course import readability
from simlib.course.readability import unreadable, unreadable_html, unreadable_page
from simlib.course.tables import duration, duration_estimate, kpi_heading, kpi_rows, readable

LONG = "everything that shapes the brand before anyone thinks of buying: ads, news, what friends say"


def html(table) -> str:
    return table.to_html() if isinstance(table, Styler) else table._repr_html_()


def test_pandas_default_width_cuts_text_and_the_checker_sees_it():
    with pd.option_context("display.max_colwidth", 50):
        cut = html(pd.DataFrame({"what it covers": [LONG]}, index=["branding"]))
    assert any("cut text" in p for p in unreadable_html(cut))
    with pd.option_context("display.max_colwidth", None):
        assert unreadable_html(html(pd.DataFrame({"what it covers": [LONG]}, index=["branding"]))) == []


def test_raw_kpi_names_long_decimals_and_bare_shares_are_found():
    table = pd.DataFrame({"service level": [0.36, 0.45], "moved up a phase": [0.457143, 0.0]},
                         index=pd.Index(["a", "b"], name="team"))
    with pd.option_context("display.precision", 6):  # pandas' default; the course shows two decimals
        found = unreadable_html(html(table))
    assert any("decimals: 0.457143" in p for p in found)
    assert any("shares shown as decimals in 'service level'" in p for p in found)
    rows = pd.DataFrame({"jeweller": [131.0]}, index=["median_first_response_minutes"])
    assert any("raw KPI names" in p for p in unreadable_html(html(rows)))


def test_a_column_of_zero_counts_is_not_taken_for_shares():
    counts = pd.DataFrame({"gave up": [0.0, 0.0]}, index=["Ana", "Ana and Ben"])
    assert unreadable_html(html(counts)) == []


def test_a_few_rows_of_raw_data_may_show_code_names():
    records = pd.DataFrame({"first_response": [1.5, 2.25], "revenue_lost": [10.0, 0.0]})
    assert unreadable_html(html(records.head())) == []


def test_printed_text_with_six_decimals_is_found():
    assert unreadable([{"output_type": "stream", "name": "stdout", "text": "share 0.457143\n"}])
    assert unreadable([{"output_type": "stream", "name": "stdout", "text": "share 46%\n"}]) == []


def test_an_executed_html_page_is_checked_whole(tmp_path):
    """The same check on ``jupyter nbconvert --to html --execute`` output, with and without the course's display."""
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter

    def page(setup: str) -> str:
        notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
            f"{setup}import pandas as pd\npd.DataFrame({{'what it covers': [{LONG!r}]}}, index=['branding'])")])
        NotebookClient(notebook, timeout=120, resources={"metadata": {"path": str(tmp_path)}}).execute()
        return HTMLExporter().from_notebook_node(notebook)[0]

    assert any("cut text" in p for p in unreadable_page(page("")))
    assert unreadable_page(page("import simlib.course\n")) == []


def test_the_command_line_reports_each_page(tmp_path, capsys):
    good, bad = tmp_path / "good.html", tmp_path / "bad.html"
    good.write_text("<table><tr><th>a</th></tr><tr><td>whole text</td></tr></table>")
    bad.write_text("<pre># NBVAL_CHECK_OUTPUT</pre>")
    assert readability.main([str(good), str(bad)]) == 1
    out = capsys.readouterr().out
    assert "good.html: readable" in out and "nbval marker" in out


# --- the course's table helpers -------------------------------------------------------------------------------

@pytest.mark.parametrize("minutes, text", [(0.5, "30 s"), (4.25, "4.2 min"), (42.3, "42 min"), (131, "2.2 h"),
                                           (60 * 58, "2.4 days"), (float("nan"), "never")])
def test_durations_read_as_people_say_them(minutes, text):
    assert duration(minutes) == text


def test_a_wait_and_its_interval_share_one_unit():
    assert duration_estimate(131, 96) == "2.2 ± 1.6 h" and duration_estimate(0.7, 9.2) == "0.7 ± 9.2 min"
    assert duration_estimate(12.0, float("nan")) == "12 min"


def test_kpi_headings_carry_unit_currency_and_period():
    assert kpi_heading("revenue_lost", "USD", 28) == "revenue lost (USD per 4 weeks)"
    assert kpi_heading("profit", "USD", 7) == "profit (USD per week)"
    assert kpi_heading("complaints", days=14) == "public complaints (per 2 weeks)"
    assert kpi_heading("median_first_response_minutes") == "median first reply (min)"
    assert kpi_heading("median_first_response_minutes", durations=True) == "median first reply"
    assert kpi_heading("service_level") == "service level" and kpi_heading("offered_load") == "offered load"


def test_kpi_rows_and_readable_tables_pass_the_checker():
    means = pd.DataFrame({"jeweller": [131.0, 0.19, 145899.2, 119.55], "burger chain": [11.6, 0.18, 30465.0, 3.47]},
                         index=["median_first_response_minutes", "conversion", "revenue_lost",
                                "revenue_lost_per_question_hour"])
    shown = kpi_rows(means, "USD", 28)
    assert list(shown.index) == ["median first reply", "conversion", "revenue lost (USD per 4 weeks)",
                                 "revenue lost per question-hour (USD)"]
    assert shown.loc["median first reply", "jeweller"] == "2.2 h" and shown.loc["conversion", "jeweller"] == "19.0%"
    assert unreadable_html(html(shown)) == []
    ladder = pd.DataFrame({"occupancy": [0.922, 0.692], "p_wait": [0.857, 0.416], "mean_wait_minutes": [9.3, 0.85],
                           "service_level": [0.785, 1.0], "meets": [False, True]},
                          index=pd.Index([3, 4], name="agents"))
    styled = readable(ladder, labels={"agents": "people"})
    text = html(styled)
    assert unreadable_html(text) == [] and "92%" in text and "9.3 min" in text and "had to wait" in text
    assert styled.data.equals(ladder.rename_axis("people"))  # the numbers stay underneath


def test_the_course_tables_shown_in_the_notebooks_are_readable():
    from simlib.course.engagement import phase_guide
    from simlib.course.experience import EXPERIENCE_LEGS
    from simlib.course.setup import course_map, glossary
    from simlib.course.staffing import service_level_conventions
    from simlib.course.value import business_profile, load_businesses

    tables = [course_map(), glossary(), phase_guide(), pd.Series(EXPERIENCE_LEGS, name="what it covers").to_frame(),
              business_profile(load_businesses(days=1)),
              readable(service_level_conventions()[["target", "used_for", "source"]], hide_index=True)]
    for table in tables:
        assert unreadable_html(html(table)) == [], table
