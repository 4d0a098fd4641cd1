"""Notebook 06 helpers: the twenty-line SimPy inbox, Erlang checks, CIs and common random numbers."""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import make_scenario
from matplotlib.figure import Figure

from simlib import replicate, summarise
from simlib.analysis.queueing import erlang_a
from simlib.course import inside
from simlib.i18n import set_language
from simlib.model.presets import load_preset

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "06_inside_the_simulation.ipynb"


def test_the_tiny_model_is_short_and_uses_the_reneging_idiom():
    source = inspect.getsource(inside.tiny_inbox)
    assert len(source.splitlines()) <= 30
    assert "simpy.Resource" in source
    assert "request | env.timeout(" in source and "request in result" in source


def test_the_notebook_shows_the_tested_model():
    if not NOTEBOOK.exists():
        pytest.skip("notebook 06 not written yet")
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    assert "source_code(tiny_inbox)" in code  # the notebook prints this very function
    assert "def tiny_inbox" not in code  # and does not keep a second copy that could drift


def test_same_seed_same_customers_other_seed_others():
    a, b = inside.tiny_inbox(days=0.5, seed=3), inside.tiny_inbox(days=0.5, seed=3)
    pd.testing.assert_frame_equal(a, b)
    c = inside.tiny_inbox(days=0.5, seed=4)
    assert not np.allclose(a["arrival"].head(20), c["arrival"].head(20))


def test_more_agents_same_arrivals_shorter_waits():
    three = inside.tiny_inbox(agents=3, days=1).set_index("customer").sort_index()
    six = inside.tiny_inbox(agents=6, days=1).set_index("customer").sort_index()
    common = three.index.intersection(six.index)
    assert len(common) > 0.99 * len(three)
    np.testing.assert_array_equal(three.loc[common, "arrival"], six.loc[common, "arrival"])
    assert six["wait"].mean() < three["wait"].mean() / 3


def test_extreme_values():
    crowd = inside.tiny_inbox(agents=200, days=0.5)
    assert crowd["answered"].all() and (crowd["wait"] == 0).all()
    no_patience = inside.tiny_inbox(patience_minutes=0.0, days=2)
    assert (no_patience["wait"] == 0).all()  # nobody waits: served at once or gone (Erlang B)
    assert 0.3 < 1 - no_patience["answered"].mean() < 0.4  # Erlang B(3 Erlangs, 3 agents) = 0.346


def test_tiny_model_agrees_with_erlang_a_within_a_95_ci():
    runs = pd.DataFrame([inside.tiny_kpis(inside.tiny_inbox(days=2, seed=s)) for s in range(1, 9)])
    s = summarise(runs, bounds={})
    exact = erlang_a(30, 6, 3, 10, 5)
    for kpi in ("p_abandon", "mean_wait_minutes", "service_level"):
        assert s.loc[kpi, "ci_low"] <= getattr(exact, kpi) <= s.loc[kpi, "ci_high"], kpi


def test_tiny_kpis_counts_the_impatient_as_misses():
    records = pd.DataFrame({"wait": [0.0, 3.0, 9.0, 2.0], "answered": [True, True, True, False]})
    assert inside.tiny_kpis(records, 5) == {"p_abandon": 0.25, "mean_wait_minutes": 3.5, "service_level": 0.5}


def test_erlang_inputs_reads_the_textbook_queue_and_refuses_others():
    inputs = inside.erlang_inputs(load_preset("erlang_a"))
    assert inputs == {"per_hour": 30.0, "handle_minutes": 6.0, "agents": 3, "patience_minutes": 10.0,
                      "target_minutes": 5.0}
    with pytest.raises(ValueError, match="channels"):
        inside.erlang_inputs(load_preset("high_volume"))
    with pytest.raises(ValueError, match="service"):
        inside.erlang_inputs(make_scenario(**{"service.abandonment": "stays"}))


def test_erlang_check_formulas_inside_the_simulated_intervals():
    scenario = load_preset("erlang_a", {"run.days": 4})
    check = inside.erlang_check(scenario, 8)
    assert list(check.index) == [label for _, label in inside.CHECKED_KPIS.values()]
    assert check["inside"].all(), check
    assert (check["ci_low"] < check["simulated"]).all() and (check["simulated"] < check["ci_high"]).all()


def test_erlang_check_notices_a_wrong_model():
    # simulate 4 people but compare with the formula for 3: the check must fail
    scenario = make_scenario(**{"staff.always.count": 4, "run.days": 3, "run.warmup_days": 0.5})
    figures = erlang_a(30, 6, 3, 10, 5)
    summary = summarise(replicate(scenario, 5))
    assert not summary.loc["p_abandon", "ci_low"] <= figures.p_abandon <= summary.loc["p_abandon", "ci_high"]


def test_ci_narrows_with_more_replications():
    table = replicate(make_scenario(**{"run.days": 1}), 24)
    ci = inside.ci_by_replications(table, "mean_wait_minutes", [3, 24])
    assert ci.loc[24, "half_width"] < ci.loc[3, "half_width"] / 2
    assert ci.loc[24, "mean"] == pytest.approx(table["mean_wait_minutes"].mean())
    with pytest.raises(ValueError, match="from 2 to 24"):
        inside.ci_by_replications(table, "mean_wait_minutes", [1, 30])
    fig = inside.plot_ci_shrinking(ci, "mean wait (minutes)", 2.0)
    assert isinstance(fig, Figure) and "narrower" in fig.axes[0].get_title()


def test_same_customers_under_different_staffing():
    table = inside.same_customers(make_scenario(), "always", [3, 5], hours=3)
    assert len(table) > 50
    assert table["wait_5"].mean() < table["wait_3"].mean()
    fig = inside.plot_same_customers(table)
    assert f"same {len(table)} customers" in fig.axes[0].get_title()


def test_common_random_numbers_give_a_sharper_difference():
    result = inside.paired_vs_independent(make_scenario(**{"run.days": 1}), "always", (3, 4),
                                          "mean_wait_minutes", replications=6)
    common, independent = result.loc["common random numbers"], result.loc["independent seeds"]
    assert common["ci_high"] < 0  # one more person: shorter waits, clearly
    assert common["ci_low"] < common["difference"] < common["ci_high"]
    assert common["half_width"] < independent["half_width"]


def test_replication_explorer_updates_and_reuses_runs():
    explorer = inside.replication_explorer(make_scenario(**{"run.days": 0.5}), max_replications=10)
    assert "5 replications" in explorer.result[1]
    explorer.controls["replications"].value = 8
    assert "8 replications" in explorer.result[1] and "Erlang A 1.969" in explorer.result[1]
    explorer.controls["kpi"].value = "p_abandon"
    assert explorer.result[1].startswith("share who give up")


def test_the_interval_figure_compares_its_narrowing_with_the_square_root_rule():
    ci = pd.DataFrame({"mean": [2.0, 2.0], "ci_low": [1.4, 1.85], "ci_high": [2.6, 2.15], "half_width": [0.6, 0.15]},
                      index=pd.Index([5, 40], name="replications"))
    title = inside.plot_ci_shrinking(ci, "mean wait (min)").axes[0].get_title()
    assert "4.0 times narrower" in title and "square-root rule says 2.8×" in title and "t of 5 runs" in title


def test_what_notebook_06_and_its_model_answers_say_about_the_twenty_lines():
    """The prose: about one customer in five gives up with 3 people; single days of that week range from about 16%
    to 23%; a fourth person takes the week from 20.5% to 9.4%, as Erlang A says (about 20% and 9%)."""
    three = inside.tiny_inbox(per_hour=30, handle_minutes=6, agents=3, patience_minutes=10, days=7, seed=1)
    four = inside.tiny_inbox(per_hour=30, handle_minutes=6, agents=4, patience_minutes=10, days=7, seed=1)
    assert f"{inside.tiny_kpis(three)['p_abandon']:.1%}" == "20.5%"
    assert f"{inside.tiny_kpis(four)['p_abandon']:.1%}" == "9.4%"
    daily = (~three["answered"]).groupby(three["arrival"] // 1440).mean()
    assert daily.min() == pytest.approx(0.16, abs=0.01) and daily.max() == pytest.approx(0.23, abs=0.01)
    assert erlang_a(30, 6, 3, 10, 5).p_abandon == pytest.approx(0.20, abs=0.005)
    assert erlang_a(30, 6, 4, 10, 5).p_abandon == pytest.approx(0.09, abs=0.005)


def test_what_notebook_06_says_about_its_intervals():
    """The prose, on the notebook's 40 one-day runs of the textbook queue: with 5 runs the interval is more than half
    a minute wide; with 40 it is a few seconds either side of the formula, and it narrowed a little more than the
    square root of 8 predicts."""
    short = load_preset("erlang_a", {"run.days": 1, "run.warmup_days": 0.25})
    ci = inside.ci_by_replications(replicate(short, 40), "mean_wait_minutes", [5, 10, 20, 40])
    exact = erlang_a(30, 6, 3, 10, 5).mean_wait_minutes
    assert 2 * ci.loc[5, "half_width"] > 0.5
    assert ci.loc[40, "half_width"] * 60 < 10 and ci.loc[40, "ci_low"] < exact < ci.loc[40, "ci_high"]
    assert np.sqrt(8) < ci.loc[5, "half_width"] / ci.loc[40, "half_width"] < 2 * np.sqrt(8)


@pytest.fixture
def spanish():
    set_language("es")
    yield
    set_language("en")


def test_the_model_shown_is_the_code_itself_with_its_comments_in_the_readers_language(spanish):
    shown, code = inside.source_code(inside.tiny_inbox), inspect.getsource(inside.tiny_inbox)
    assert "# NUEVO: " in shown and "# NEW" not in shown and "Erlang A en SimPy" in shown

    def without_comments(text):
        return [line.split("#")[0].rstrip() for line in text.splitlines() if not line.lstrip().startswith('"""')]

    assert without_comments(shown) == without_comments(code)
    set_language("en")
    assert inside.source_code(inside.tiny_inbox) == code


def test_the_check_table_figures_and_explorer_speak_spanish(spanish):
    check = pd.DataFrame({"erlang_a": [0.197, 1.97], "simulated": [0.2, 2.0], "ci_low": [0.19, 1.9],
                          "ci_high": [0.21, 2.1], "inside": [True, False]},
                         index=pd.Index(["share who give up", "mean wait (min)"], name="kpi"))
    table = inside.check_table(check)
    assert table.index.name == "cifra" and list(table.index) == ["proporción que se rinde", "espera media (min)"]
    assert table.loc["espera media (min)"].tolist() == ["1,97 min", "2,00 min", "1,90 min a 2,10 min", "no"]
    assert table.loc["proporción que se rinde", "fórmula dentro del IC"] == "sí"
    ci = pd.DataFrame({"mean": [2.0, 2.0], "ci_low": [1.4, 1.85], "ci_high": [2.6, 2.15], "half_width": [0.6, 0.15]},
                      index=pd.Index([5, 40], name="replications"))
    ax = inside.plot_ci_shrinking(ci, "Mean wait (minutes)", 2.0).axes[0]
    assert "4,0 veces más estrecho" in ax.get_title() and ax.get_ylabel() == "Espera media (minutos)"
    explorer = inside.replication_explorer(make_scenario(**{"run.days": 0.5}), max_replications=6)
    assert explorer.result[1].startswith("espera media (min): simulada") and "5 réplicas" in explorer.result[1]
    from simlib.i18n.tables import localised

    shown = localised(inside.tiny_inbox(days=0.1).head())  # as a Spanish notebook shows the records
    assert list(shown.columns) == ["cliente", "llegada", "espera", "respondidas"]
