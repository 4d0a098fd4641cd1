"""Running the staffing report notebook: papermill execution (``simlib report``) and an offline HTML copy.

:func:`run_report_notebook` executes :data:`REPORT_NOTEBOOK` (package data,
found with :mod:`importlib.resources`) with papermill and can write an HTML
copy that needs no network (:func:`notebook_to_html`). Given a report
computed already (``simlib report`` computes it in its own process, where
its progress bars reach the terminal), the notebook reads it
(:func:`save_report`, :func:`load_report`) instead of simulating again.
Papermill, nbconvert and jupyter_client are imported only when used:
:func:`check_report_tools` says what to install when they are missing.
Guide: ``docs/experiments.md`` ("A staffing report").
"""

from __future__ import annotations

import pickle
import sys
import tempfile
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from simlib.report.findings import StaffingReport
from simlib.report.parameters import check_parameter_names

REPORT_NOTEBOOK = Path(str(resources.files("simlib.report") / "staffing_report.ipynb"))
"""The parameterised notebook that :func:`run_report_notebook` executes."""

NEEDS_PAPERMILL = "simlib report needs papermill: pip install -e '.[course]'"
"""The message when papermill or nbconvert is missing."""


class ReportFailed(RuntimeError):
    """A cell of the report notebook raised an error (the message names it and where the notebook is)."""


_OFFLINE_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
"""
"""JupyterLab's HTML template without the scripts it loads from a CDN (require.js, MathJax, Mermaid,
widgets): the report's figures are PNG and its text is rendered when converting, so nothing needs them."""


def notebook_to_html(notebook: str | Path, html: str | Path) -> Path:
    """Write an executed notebook as one self-contained HTML file: outputs and text, no code, no network.

    Images are embedded; no script is loaded from another machine.

    Parameters
    ----------
    notebook
        The executed notebook (``.ipynb``).
    html
        The HTML file to write; its folder is created.

    Returns
    -------
    Path
        ``html``.
    """
    import jinja2
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", template_file="simlib_offline.html.j2",
                            extra_loaders=[jinja2.DictLoader({"simlib_offline.html.j2": _OFFLINE_TEMPLATE})],
                            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nbformat.read(str(notebook), as_version=4))
    html = Path(html)
    html.parent.mkdir(parents=True, exist_ok=True)
    html.write_text(body, encoding="utf-8")
    return html


def check_report_tools(html: bool = False) -> None:
    """Raise ImportError (:data:`NEEDS_PAPERMILL`) if papermill, or nbconvert for ``html``, is missing.

    Parameters
    ----------
    html
        Whether an HTML copy is wanted (it needs nbconvert too).

    Raises
    ------
    ImportError
        With :data:`NEEDS_PAPERMILL` as its message.
    """
    try:
        import papermill  # noqa: F401
        if html:
            import nbconvert  # noqa: F401
    except ImportError:
        raise ImportError(NEEDS_PAPERMILL) from None


def report_kernel() -> str | None:
    """``"python3"`` if that Jupyter kernel exists (else None: the notebook's own kernelspec).

    A kernelspec whose command is ``python`` runs this very interpreter
    (jupyter_client substitutes ``sys.executable``). If it names another
    interpreter, a note on standard error says so.

    Returns
    -------
    str or None
        The kernel name to give papermill.
    """
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec("python3")
    except NoSuchKernel:
        return None
    command = spec.argv[0] if spec.argv else ""
    bare = {"python", f"python{sys.version_info[0]}", "python%d.%d" % sys.version_info[:2]}
    if command not in bare and not _same_file(command, sys.executable):
        print(f"note: the Jupyter kernel python3 runs {command}, not this Python ({sys.executable}); "
              "it needs simlib installed", file=sys.stderr)
    return "python3"


def _same_file(a: str, b: str) -> bool:
    """Whether two paths name the same existing file (False if either cannot be found)."""
    try:
        return Path(a).resolve().samefile(Path(b).resolve())
    except OSError:
        return False


def save_report(report: StaffingReport, path: str | Path) -> Path:
    """Write a computed report for the notebook to read (:func:`load_report`); returns ``path``.

    The file is a pickle: for handing a report from ``simlib report`` to its
    own notebook, not for keeping or sharing.
    """
    path = Path(path)
    with path.open("wb") as file:
        pickle.dump(report, file, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def load_report(path: str | Path) -> StaffingReport:
    """The report :func:`save_report` wrote.

    Raises
    ------
    FileNotFoundError
        When the file is gone (``simlib report`` deletes it once the
        notebook has run): set ``computed = None`` to compute the report in the notebook.
    TypeError
        When the file holds something else.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"computed = {str(path)!r}: no such file (simlib report writes it for one run of "
                                "the notebook); set computed = None to compute the report here")
    with path.open("rb") as file:
        report = pickle.load(file)  # a file this package wrote a moment ago
    if not isinstance(report, StaffingReport):
        raise TypeError(f"computed = {str(path)!r}: not a staffing report")
    return report


def run_report_notebook(out: str | Path, parameters: Mapping[str, Any], *, report: StaffingReport | None = None,
                        html: str | Path | None = None, progress: bool = False,
                        cwd: str | Path | None = None) -> list[Path]:
    """Execute :data:`REPORT_NOTEBOOK` with papermill; write the executed notebook and optionally HTML.

    Parameters
    ----------
    out
        The executed notebook (``.ipynb``); its folder is created.
    parameters
        Values for the notebook's ``parameters`` cell
        (:data:`simlib.report.parameters.REPORT_PARAMETERS`: ``scenario``,
        ``days``, ``replications``, ``service_level``, ``targets``, ...).
    report
        The report computed already with these parameters: the notebook
        reads it from a temporary file instead of simulating again. None: the
        notebook computes it.
    html
        Where to write an HTML copy (:func:`notebook_to_html`), or None.
    progress
        Papermill's cell-by-cell progress bar on standard error.
    cwd
        The kernel's working directory (default: this process's).

    Returns
    -------
    list of Path
        The files written: the notebook, then the HTML copy.

    Raises
    ------
    ValueError
        A parameter the notebook does not have (before anything runs).
    ImportError
        If papermill (or nbconvert, for ``html``) is missing: :data:`NEEDS_PAPERMILL`.
    ReportFailed
        If a cell of the notebook fails (naming the error; the partly run
        notebook is still written to ``out``).
    """
    check_parameter_names(list(parameters))
    check_report_tools(html is not None)
    import papermill

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="simlib-report-") as folder:
        values = dict(parameters)
        if report is not None:
            values["computed"] = str(save_report(report, Path(folder) / "report.pickle"))
        try:
            papermill.execute_notebook(str(REPORT_NOTEBOOK), str(out), parameters=values,
                                       kernel_name=report_kernel(), progress_bar=progress,
                                       cwd=str(cwd) if cwd is not None else None,
                                       extra_arguments=["--IPKernelApp.log_level=ERROR"])
        except papermill.PapermillExecutionError as error:
            raise ReportFailed(f"the report notebook failed in cell {error.exec_count}: {error.ename}: "
                               f"{error.evalue} (the partly run notebook is in {out})") from None
    written = [out]
    if html is not None:
        written.append(notebook_to_html(out, html))
    return written
