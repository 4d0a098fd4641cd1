"""The report notebook, ``simlib report`` and ``simlib compare``'s defaults."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import nbformat
import pytest

from simlib.cli import main
from simlib.model.presets import load_preset
from simlib.report import (
    REPORT_NOTEBOOK,
    REPORT_PARAMETERS,
    check_notebook_parameters,
    check_report_parameters,
    load_report_scenario,
    report_targets,
    run_report_notebook,
)

HEADINGS = ["A staffing report", "What this report is", "The scenario in brief", "Today's plan against the targets",
            "Erlang's first guess", "What head counts do", "The cheapest plan that meets the targets",
            "The most profitable plan", "Today's plan vs the recommendation", "Caveats"]
SCENARIO = """name = "Two-day desk"
[arrivals]
per_hour = 20.0
[channels.dm]
share = 1.0
handling = { dist = "exponential", mean = 6.0 }
[staff.always]
count = 3
[service]
target_minutes = 5.0
[run]
days = 1
seed = 3
replications = 3
"""


def test_the_committed_notebook_has_no_outputs_and_the_report_parameters():
    notebook = json.loads(REPORT_NOTEBOOK.read_text(encoding="utf-8"))
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert all(cell["outputs"] == [] and cell["execution_count"] is None for cell in code)
    (parameters,) = [cell for cell in code if "parameters" in cell["metadata"].get("tags", [])]
    values: dict = {}
    exec("".join(parameters["source"]), values)
    defaults = {k: v for k, v in values.items() if not k.startswith("__")}
    assert defaults == REPORT_PARAMETERS  # the names simlib report fills in, in the notebook's order
    assert list(defaults) == list(REPORT_PARAMETERS)
    scenario = load_report_scenario(defaults["scenario"], days=defaults["days"], seed=defaults["seed"])
    targets = report_targets(defaults["service_level"], defaults["targets"], defaults["judge"],
                             defaults["interval_minutes"])
    check_report_parameters(scenario, 10, targets, defaults["reputation_floor"], workers=defaults["workers"])
    markdown = "\n".join("".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "markdown")
    assert all(re.search(rf"^#+ {re.escape(h)}$", markdown, re.MULTILINE) for h in HEADINGS)
    # the first code cell checks the names before anything else
    assert "".join(code[1]["source"]).index("check_notebook_parameters(globals())") < \
        "".join(code[1]["source"]).index("staffing_report(")


def test_a_misspelt_parameter_is_named_with_the_closest_one():
    with pytest.raises(ValueError, match=r"^not a parameter of the staffing report: 'scenaro' \(did you mean "
                                         r"'scenario'\?\); its parameters are scenario, days, "):
        check_notebook_parameters({**REPORT_PARAMETERS, "scenaro": "luxury", "_private": 1, "report": object()})
    check_notebook_parameters({**REPORT_PARAMETERS, "json": json, "_": [1]})  # modules and private names pass
    with pytest.raises(ValueError, match=r"'scenaro' \(did you mean 'scenario'\?\)"):
        run_report_notebook(Path("unused.ipynb"), {"scenaro": "luxury"})


def test_papermill_with_a_misspelt_parameter_stops_before_reporting_anything(tmp_path):
    papermill = pytest.importorskip("papermill")
    out = tmp_path / "typo.ipynb"
    with pytest.raises(papermill.PapermillExecutionError) as error:
        papermill.execute_notebook(str(REPORT_NOTEBOOK), str(out), parameters={"scenaro": "luxury"},
                                   kernel_name="python3", progress_bar=False)
    assert error.value.ename == "ValueError"
    assert "not a parameter of the staffing report: 'scenaro' (did you mean 'scenario'?)" in error.value.evalue
    executed = nbformat.read(out, as_version=4)
    assert not any("brief(report)" in cell.source and cell.outputs for cell in executed.cells)


@pytest.mark.parametrize("args, message", [
    (["--scenario", "nosuch"], "scenario 'nosuch': no such file or preset"),
    (["--scenario", "luxury", "--replications", "1"], "replications = 1: must be a whole number >= 2"),
    (["--scenario", "luxury", "--service-level", "1.5"], "service_level = 1.5: must be a share between 0 and 1"),
    (["--scenario", "luxury", "--target", "chat:0.8"], "target channel 'chat': no such channel"),
    (["--scenario", "luxury", "--target", "dm:fast"], "target 'dm:fast': expected [CHANNEL:]SHARE[@MINUTES]"),
    (["--scenario", "erlang_a", "--reputation-floor", "70"], "reputation_floor = 70.0: needs a [business] section"),
    (["--scenario", "luxury", "--days", "0"], "run.days = 0"),
    (["--scenario", "luxury", "--out", "report.html"], "--out report.html: must end in .ipynb"),
])
def test_report_mistakes_stop_before_anything_is_simulated(args, message, capsys, monkeypatch):
    monkeypatch.setattr("simlib.report.staffing_report", lambda *a, **k: pytest.fail("the report started"))
    monkeypatch.setattr("simlib.report.run_report_notebook", lambda *a, **k: pytest.fail("the notebook started"))
    assert main(["report", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("simlib report: error: ") and message in err and err.count("\n") == 1


def test_without_papermill_the_report_says_what_to_install(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "papermill", None)  # import papermill now raises ImportError
    monkeypatch.setattr("simlib.report.staffing_report", lambda *a, **k: pytest.fail("the report started"))
    assert main(["report", "--scenario", "luxury", "--out", str(tmp_path / "r.ipynb")]) == 2
    captured = capsys.readouterr()
    assert captured.err == "simlib report needs papermill: pip install -e '.[course]'\n" and captured.out == ""


def test_report_and_compare_take_their_replications_from_the_file(tmp_path, capsys, monkeypatch):
    path = tmp_path / "desk.toml"
    path.write_text(SCENARIO, encoding="utf-8")
    asked = {}

    def record(scenario, replications, *args, **kwargs):
        asked["replications"] = replications
        raise KeyboardInterrupt  # stop there: the command exits with 130

    monkeypatch.setattr("simlib.report.staffing_report", record)
    assert main(["report", "--scenario", str(path), "--out", str(tmp_path / "r.ipynb")]) == 130
    assert asked["replications"] == 3
    assert capsys.readouterr().out.startswith("Two-day desk: a staffing report, 3 replications of 1 day, seed 3")
    assert main(["report", "--scenario", "luxury", "--out", str(tmp_path / "r.ipynb")]) == 130
    lines = capsys.readouterr().out.splitlines()
    assert asked["replications"] == 10 and lines[1] == (
        "run.replications = 1 in the scenario is too few for a confidence interval: 10 replications instead "
        "(choose with --replications)")
    other = tmp_path / "other.toml"
    other.write_text(SCENARIO.replace("count = 3", "count = 4"), encoding="utf-8")
    capsys.readouterr()
    assert main(["compare", str(path), str(other), "--figure", str(tmp_path / "c.png")]) == 0
    assert capsys.readouterr().out.startswith("desk vs other: 3 replications each")
    assert main(["compare", str(path), str(other), "--set", "run.replications=1", "--figure",
                 str(tmp_path / "c.png")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("desk vs other: 5 replications each") and lines[1] == (
        "run.replications = 1 in desk is too few for a confidence interval: 5 replications instead "
        "(choose with --replications)")


def test_simlib_report_computes_in_the_terminal_and_writes_the_notebook_and_an_offline_html_copy(tmp_path, capsys):
    out = tmp_path / "restaurant.ipynb"
    assert main(["report", "--scenario", "restaurant", "--days", "2", "--replications", "2", "--workers", "1",
                 "--out", str(out), "--html"]) == 0
    lines = capsys.readouterr().out.splitlines()
    target = load_preset("restaurant").service.target_minutes  # the preset's own target
    assert lines[0] == ("Restaurant, fine dining: a staffing report, 2 replications of 2 days, seed 1, target 80.0% "
                        f"within {target:g} min on the run's mean")
    assert lines[1].startswith("Planned at a fixed forecast of ")
    assert "No plan found meets every target, and no plan is recommended over today's (1 on afternoon and 1 on " \
        "evening)." in lines  # the restaurant is closed on Mondays and at night: 80% on the mean is out of reach
    assert lines[-2:] == [f"notebook: {out}", f"html: {out.with_suffix('.html')}"]
    notebook = nbformat.read(out, as_version=4)
    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [output for output in outputs if output.output_type == "error"]
    headings = [line.lstrip("#").strip() for cell in notebook.cells if cell.cell_type == "markdown"
                for line in cell.source.splitlines() if line.startswith("#")]
    assert headings == HEADINGS
    assert any("image/png" in output.get("data", {}) for output in outputs)
    markdown = "\n".join(output.get("data", {}).get("text/markdown", "") for output in outputs)
    assert "Restaurant, fine dining" in markdown and "No plan found meets every target" in markdown
    html = out.with_suffix(".html").read_text(encoding="utf-8")
    assert "<h2" in html and "data:image/png;base64" in html
    assert not re.search(r"<script[^>]+src=[\"']?(https?:)?//", html)
    assert not list(tmp_path.glob("*.pickle"))  # the computed report was handed over in a temporary file
