"""The staffing report: its numbers, its sentences, its figures, its notebook and `simlib report`."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import make_business, make_scenario

from simlib.analysis.formatting import format_kpi
from simlib.cli import main
from simlib.report import (
    REPORT_NOTEBOOK,
    Findings,
    brief,
    caveats,
    cheapest_findings,
    check_report_parameters,
    comparison_findings,
    comparison_table,
    estimate_findings,
    estimate_table,
    head_count_findings,
    load_report_scenario,
    plot_cheapest,
    plot_head_counts,
    plot_profit,
    profit_findings,
    staffing_report,
)

ROOT = Path(__file__).resolve().parents[2]
HEADINGS = ["A staffing report", "What this report is", "The scenario in brief", "Erlang's first guess",
            "What head counts do", "The cheapest plan that meets the targets", "The most profitable plan",
            "Today's plan vs the recommendation", "Caveats"]


@pytest.fixture(scope="module")
def business():
    """The M/M/3 test queue with a business, 3 days, 2 replications: Erlang asks for 5 people."""
    return staffing_report(make_business(**{"run.days": 3.0}), 2, 0.8, workers=1, progress=False)


@pytest.fixture(scope="module")
def plain():
    """The same queue without a business, 1 day."""
    return staffing_report(make_scenario(**{"run.days": 1.0}), 2, 0.8, workers=1, progress=False)


def test_the_recommended_plan_meets_the_service_level_on_the_means(business):
    search = business.cheapest
    assert search is not None and business.recommended == search.plan and business.recommended_by == "cheapest"
    assert search.summary.loc["service_level", "mean"] >= 0.8
    assert business.today_summary.loc["service_level", "mean"] < 0.8  # 3 people today: too few
    # the paired comparison ran the same plans on the same customers as the search and the sweep
    paired = business.comparison.loc["service_level"]
    assert paired["mean_b"] == pytest.approx(search.summary.loc["service_level", "mean"])
    assert paired["mean_a"] == pytest.approx(business.today_summary.loc["service_level", "mean"])
    assert business.profit is not None and business.profit.summary.loc["profit", "mean"] >= \
        business.today_summary.loc["profit", "mean"]


def test_the_head_count_sweep_brackets_erlang_and_today(business):
    guess, today = int(business.estimate.loc["always", "agents"]), business.today["always"]
    counts = set(business.head_counts["head count"])
    assert counts == {*range(guess - 2, guess + 3), today - 1, today, today + 1}
    at_today = business.head_counts.query("`head count` == @today and kpi == 'service_level'").iloc[0]
    assert at_today["mean"] == pytest.approx(business.today_summary.loc["service_level", "mean"])


def test_the_findings_state_the_numbers_computed(business):
    summary, today = business.cheapest.summary, business.today_summary
    plan = business.cheapest.plan["always"]
    sentences = str(cheapest_findings(business))
    assert (f"With {plan} on always, {format_kpi('service_level', summary.loc['service_level', 'mean'])} "
            f"[{format_kpi('service_level', summary.loc['service_level', 'ci_low'])}, "
            f"{format_kpi('service_level', summary.loc['service_level', 'ci_high'])}] of questions get a first reply "
            f"within 5 min; today's plan reaches {format_kpi('service_level', today.loc['service_level', 'mean'])}.") \
        in sentences
    assert format_kpi("service_level", today.loc["service_level", "mean"]) in str(brief(business))
    guess = int(business.estimate.loc["always", "agents"])
    assert f"{guess} on always (today 3)" in str(estimate_findings(business))
    assert format_kpi("profit", business.profit.summary.loc["profit", "mean"], "EUR") in str(profit_findings(business))
    difference = 100 * business.comparison.loc["service_level", "difference"]
    assert f"service level +{difference:.1f} points" in str(comparison_findings(business))
    at = {n: business.head_counts.query("`head count` == @n and kpi == 'service_level'").iloc[0]["mean"] for n in (3, 4)}
    assert (f"Always: from 3 to 4, the service level goes from {format_kpi('service_level', at[3])} to "
            f"{format_kpi('service_level', at[4])}") in str(head_count_findings(business))
    assert str(caveats(business)).startswith("Targets are judged on the mean of 2 runs of 3 days.")
    table = comparison_table(business)
    assert table.loc["service level", "today"] == format_kpi("service_level", today.loc["service_level", "mean"])
    assert estimate_table(business).loc["always", "Erlang's guess"] == str(guess)


def test_the_figures_mark_targets_and_today(business):
    heads = plot_head_counts(business)
    gids = {artist.get_gid() for ax in heads.axes for artist in ax.get_children()}
    assert {"target:service_level", "today:service_level", "today:profit"} <= gids
    assert heads.axes[1].get_ylabel() == "profit (EUR)"
    assert "One more person on always lifts the service level" in heads.get_suptitle()
    cheapest, profit = plot_cheapest(business), plot_profit(business)
    assert "The cheapest plan meeting the targets" in cheapest.get_suptitle()
    assert profit.axes[0].get_ylabel() == "profit (EUR)"


def test_without_a_business_there_is_no_profit_section(plain):
    assert plain.profit is None and plot_profit(plain) is None
    assert "no [business] section" in str(profit_findings(plain))
    assert plain.cheapest.summary.loc["service_level", "mean"] >= 0.8 and plain.recommended == plain.cheapest.plan
    assert plot_head_counts(plain).axes[1].get_ylabel() == "median first response (min)"
    assert "profit" not in str(brief(plain)) and "(hours on duty)" in plot_cheapest(plain).axes[-1].get_ylabel()


def test_a_target_no_head_count_can_reach_is_explained_not_searched():
    scenario = make_scenario(**{"run.days": 2.0, "staff.always.start_hour": 9, "staff.always.end_hour": 17})
    report = staffing_report(scenario, 2, 0.8, workers=1, progress=False)
    assert report.cheapest is None and report.recommended is None and report.comparison is None
    ceiling = format_kpi("service_level", report.ceiling.loc["service_level", "mean"])
    text = str(cheapest_findings(report))
    assert text.startswith("No plan reaches 80% within 5 min") and ceiling in text
    assert "arrive while nobody is on duty" in text
    assert plot_cheapest(report) is None and comparison_table(report) is None
    assert "nothing to compare" in str(comparison_findings(report))


@pytest.mark.parametrize("changes, message", [
    ({"replications": 1}, "replications = 1: must be a whole number >= 2"),
    ({"service_level": 0}, "service_level = 0: must be a share between 0 and 1"),
    ({"service_level": 1.0}, "service_level = 1.0: must be a share between 0 and 1"),
    ({"reputation_floor": 70}, "reputation_floor = 70: needs a [business] section"),
    ({"shifts": ["night"]}, "staff.night: no such shift (shifts: always)"),
    ({"workers": 0}, "workers = 0: must be >= 1"),
])
def test_bad_parameters_are_refused_in_one_line(changes, message):
    arguments = {"replications": 2, "service_level": 0.8} | changes
    with pytest.raises(ValueError) as error:
        staffing_report(make_scenario(), progress=False, **arguments)
    assert str(error.value).startswith(message) and "\n" not in str(error.value)


def test_a_reputation_floor_must_be_a_score():
    with pytest.raises(ValueError, match=r"^reputation_floor = 120: must be a score between 0 and 100$"):
        staffing_report(make_business(), 2, 0.8, 120, progress=False)


def test_findings_escape_markdown():
    assert Findings(["late_shift *now* costs $5"])._repr_markdown_() == r"- late\_shift \*now\* costs \$5"
    assert load_report_scenario("luxury", days=2, seed=3).run.days == 2


def test_the_committed_notebook_has_no_outputs_and_a_parameters_cell():
    notebook = json.loads(REPORT_NOTEBOOK.read_text(encoding="utf-8"))
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert all(cell["outputs"] == [] and cell["execution_count"] is None for cell in code)
    (parameters,) = [cell for cell in code if "parameters" in cell["metadata"].get("tags", [])]
    values: dict = {}
    exec("".join(parameters["source"]), values)
    defaults = {k: v for k, v in values.items() if not k.startswith("__")}
    # the names simlib report fills in, and defaults that pass the report's own checks
    assert set(defaults) == {"scenario", "days", "replications", "service_level", "reputation_floor", "workers",
                             "seed"}
    scenario = load_report_scenario(defaults["scenario"], days=defaults["days"], seed=defaults["seed"])
    check_report_parameters(scenario, defaults["replications"], defaults["service_level"],
                            defaults["reputation_floor"], workers=defaults["workers"])
    markdown = "\n".join("".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "markdown")
    assert all(re.search(rf"^#+ {re.escape(h)}$", markdown, re.M) for h in HEADINGS)


@pytest.mark.parametrize("args, message", [
    (["--scenario", "nosuch"], "scenario 'nosuch': no such file or preset"),
    (["--scenario", "luxury", "--replications", "1"], "replications = 1: must be a whole number >= 2"),
    (["--scenario", "luxury", "--service-level", "1.5"], "service_level = 1.5: must be a share between 0 and 1"),
    (["--scenario", "erlang_a", "--reputation-floor", "70"], "reputation_floor = 70.0: needs a [business] section"),
    (["--scenario", "luxury", "--days", "0"], "run.days = 0"),
    (["--scenario", "luxury", "--out", "report.html"], "--out report.html: must end in .ipynb"),
])
def test_report_mistakes_stop_before_the_notebook_starts(args, message, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("simlib.report.run_report_notebook", lambda *a, **k: pytest.fail("the notebook started"))
    assert main(["report", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("simlib report: error: ") and message in err and err.count("\n") == 1


def test_without_papermill_the_report_says_what_to_install(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "papermill", None)  # import papermill now raises ImportError
    assert main(["report", "--scenario", "luxury", "--out", str(tmp_path / "r.ipynb")]) == 2
    captured = capsys.readouterr()
    assert captured.err == "simlib report needs papermill: pip install -e '.[course]'\n" and captured.out == ""


def test_simlib_report_writes_an_executed_notebook_and_an_offline_html_copy(tmp_path, capsys):
    out = tmp_path / "restaurant.ipynb"
    assert main(["report", "--scenario", "restaurant", "--days", "2", "--replications", "2", "--workers", "1",
                 "--out", str(out), "--html"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Restaurant, fine dining: a staffing report, 2 replications of 2 days, seed 1")
    assert lines[-2:] == [f"notebook: {out}", f"html: {out.with_suffix('.html')}"]
    notebook = nbformat.read(out, as_version=4)
    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [output for output in outputs if output.output_type == "error"]
    headings = [line.lstrip("#").strip() for cell in notebook.cells if cell.cell_type == "markdown"
                for line in cell.source.splitlines() if line.startswith("#")]
    assert headings == HEADINGS
    assert any("image/png" in output.get("data", {}) for output in outputs)
    assert any("Restaurant, fine dining" in output.get("data", {}).get("text/markdown", "") for output in outputs)
    html = out.with_suffix(".html").read_text(encoding="utf-8")
    assert "<h2" in html and "data:image/png;base64" in html
    assert not re.search(r"<script[^>]+src=[\"']?(https?:)?//", html)
