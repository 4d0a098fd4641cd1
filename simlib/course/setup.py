"""Helpers for notebook 00, *Start here*: the installation check, the glossary and the course map.

- :func:`check_installation` imports the packages the course needs, runs a
  short seeded simulation and says whether everything is ready.
- :func:`glossary` is the course's vocabulary: Spanish terms from the source
  texts, their English name and what each means in this course.
- :func:`course_map` lists the nine notebooks in reading order with the time
  each needs, read from the notebooks themselves when they exist.
"""

from __future__ import annotations

import importlib
import json
import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pandas as pd

__all__ = [
    "COURSE_PLAN",
    "GLOSSARY",
    "REQUIRED_PACKAGES",
    "InstallationReport",
    "check_installation",
    "course_map",
    "glossary",
    "notebook_heading",
]

REQUIRED_PACKAGES = ("simlib", "simpy", "numpy", "pandas", "scipy", "matplotlib", "pydantic", "ipywidgets")
"""Import names of the packages every notebook needs, simlib first."""

NOTEBOOKS_DIR = Path(__file__).resolve().parents[2] / "notebooks"
"""The course's ``notebooks/`` folder (next to ``simlib/``)."""


@dataclass(frozen=True)
class InstallationReport:
    """What :func:`check_installation` found.

    Attributes
    ----------
    packages
        One row per package: ``package``, ``version`` (empty if missing) and
        ``status`` (``"OK"`` or the import error).
    questions
        Questions in the short seeded simulation (0 if it could not run).
    answered_share
        Share of them that got a reply (0-1; NaN if it could not run).
    problem
        Empty when everything works, else what went wrong, in one line.
    """

    packages: pd.DataFrame
    questions: int
    answered_share: float
    problem: str = ""

    @property
    def ok(self) -> bool:
        """True when every package imports and the simulation ran."""
        return not self.problem

    def summary(self) -> str:
        """One line for the learner: OK with the simulation's numbers, or the problem.

        The numbers come from a seeded run, so they are the same on every
        machine: a different number means a different simlib.
        """
        if not self.ok:
            return f"NOT READY: {self.problem}"
        return (f"OK: {len(self.packages)} packages import, and a short seeded simulation ran "
                f"(one day of the course's textbook call centre: {self.questions} questions, "
                f"{self.answered_share:.0%} answered).")


def check_installation(packages: tuple[str, ...] = REQUIRED_PACKAGES, seed: int = 1) -> InstallationReport:
    """Import the course's packages and run a short seeded simulation.

    The simulation is the textbook call centre (``scenarios/erlang_a.toml``)
    cut to one simulated day: about 720 questions, well under a second.

    Parameters
    ----------
    packages
        Import names to try (default :data:`REQUIRED_PACKAGES`).
    seed
        Seed of the short simulation.

    Returns
    -------
    InstallationReport
        Versions, the simulation's numbers and any problem; never raises for
        a missing package, so a learner always gets a readable answer.
    """
    rows, missing = [], []
    for name in packages:
        try:
            module = importlib.import_module(name)
        except Exception as exc:  # any import failure is worth reporting, not raising
            rows.append({"package": name, "version": "", "status": f"{type(exc).__name__}: {exc}"})
            missing.append(name)
        else:
            rows.append({"package": name, "version": _version(name, module), "status": "OK"})
    table = pd.DataFrame(rows, columns=["package", "version", "status"])
    if missing:
        return InstallationReport(table, 0, float("nan"), f"cannot import {', '.join(missing)}: run `make lab` again")
    try:
        from simlib import kpis, simulate
        from simlib.model.presets import load_preset

        scenario = load_preset("erlang_a", {"run.days": 1, "run.warmup_days": 0, "run.seed": seed})
        figures = kpis(simulate(scenario))
    except Exception as exc:  # a broken install shows here: say so plainly
        return InstallationReport(table, 0, float("nan"), f"the test simulation failed: {type(exc).__name__}: {exc}")
    return InstallationReport(table, int(figures["questions"]), float(figures["answered_share"]))


def _version(name: str, module: object) -> str:
    """The installed version of a package: its distribution's, else its ``__version__``, else "?"."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return str(getattr(module, "__version__", "?"))


GLOSSARY = (
    # (Spanish term, English term, meaning in this course)
    ("comunidad", "community",
     "People connected around something they share (a shop, a passion, a place); the audience a business talks with."),
    ("community manager", "community manager",
     "The person who opens the business's social doors and answers whoever knocks; in the simulation, one member of a shift."),
    ("conexión", "connection",
     "First engagement phase: people who follow the brand but do nothing visible yet (inactive)."),
    ("interacción", "interaction",
     "Second phase: a conversation has started; people watch and sometimes ask (spectators)."),
    ("participación", "participation",
     "Third phase: people know the brand and take part: they comment, ask, share others' posts (semi-active)."),
    ("influencia", "influence",
     "Fourth phase: people promote the brand to others on their own (creators)."),
    ("crítico", "critic",
     "Someone a bad experience turned against the brand; critics post complaints of their own."),
    ("engagement", "engagement",
     "How involved people are with the brand: the climb from connection to influence."),
    ("lead", "lead",
     "A person who may become a customer: in the simulation, a pre-sale question."),
    ("CRM social", "social CRM",
     "Keeping what you learn about each person from their conversations with you, to serve and sell better; simlib.analysis.crm."),
    ("embudo (de ventas)", "sales funnel",
     "The steps from first contact to purchase; in the CRM: lead, prospect, customer, repeat customer, advocate."),
    ("conversión", "conversion",
     "The share of leads who buy; it falls the longer they wait for a reply."),
    ("ticket medio", "mean ticket",
     "What one purchase is worth on average, in the business's currency."),
    ("experiencia de cliente", "customer experience",
     "What a customer feels about a brand from every contact with it, including what others tell them."),
    ("punto de contacto", "touchpoint",
     "Any moment a customer meets the brand: an ad, a post, a reply, the shop, the after-sale help."),
    ("reputación", "reputation",
     "What the public thinks of the brand; in the simulation a 0-100 score that complaints lower and praise raises."),
    ("crisis de reputación", "reputation crisis",
     "When complaints pile up faster than they fade: the score falls below the crisis line."),
    ("bandeja de entrada", "inbox",
     "The questions waiting for a first reply: comments, direct messages (DMs) and reviews."),
)
"""The course glossary: (Spanish, English, meaning in this course)."""


def glossary() -> pd.DataFrame:
    """The course glossary as a table, one row per term.

    Returns
    -------
    DataFrame
        Columns ``español``, ``English`` and ``in this course``, in the order of
        :data:`GLOSSARY` (from the community to the inbox).
    """
    return pd.DataFrame(GLOSSARY, columns=["español", "English", "in this course"])


COURSE_PLAN = (
    # (file stem, title, minutes)
    ("00_start_here", "Start here", 15),
    ("01_the_open_door", "The open door", 30),
    ("02_luxury_vs_high_volume", "Luxury vs high volume", 35),
    ("03_engagement_phases", "Engagement phases", 30),
    ("04_social_crm", "Social CRM", 30),
    ("05_customer_experience", "Customer experience", 30),
    ("06_inside_the_simulation", "Inside the simulation", 40),
    ("07_staffing_scenarios", "Staffing scenarios", 35),
    ("08_capstone", "Capstone", 60),
)
"""The nine notebooks in reading order, with planned titles and minutes."""

_TITLE = re.compile(r"^#\s*\d\d\s*·\s*(?P<title>.+?)\s*$", re.M)
_TIME = re.compile(r"Time needed\W*(?:about\s+)?(?P<minutes>\d+)\s*min", re.I)


def notebook_heading(path: str | Path) -> tuple[str | None, int | None]:
    """A notebook's title and time needed, as written in its first markdown cells.

    Reads the ``# NN · Title`` line and the ``Time needed: NN minutes`` line
    of the course skeleton (``docs/writing-notebooks.md``).

    Parameters
    ----------
    path
        An ``.ipynb`` file.

    Returns
    -------
    (title, minutes)
        Either may be None when the notebook does not state it.
    """
    cells = json.loads(Path(path).read_text(encoding="utf-8")).get("cells", [])
    markdown = "\n".join("".join(c.get("source", "")) for c in cells if c.get("cell_type") == "markdown")
    title, minutes = _TITLE.search(markdown), _TIME.search(markdown)
    return (title["title"] if title else None, int(minutes["minutes"]) if minutes else None)


def course_map(notebooks_dir: str | Path = NOTEBOOKS_DIR) -> pd.DataFrame:
    """The course's nine notebooks in reading order, with the time each needs.

    Titles and times are read from the notebooks in ``notebooks_dir``
    (:func:`notebook_heading`); a notebook that is missing, or does not state
    them, keeps the plan of :data:`COURSE_PLAN`.

    Parameters
    ----------
    notebooks_dir
        Folder of the course notebooks (default: the project's ``notebooks/``).

    Returns
    -------
    DataFrame
        Indexed by ``notebook`` number (``"00"``...); columns ``title``,
        ``minutes``, ``file``. ``table.attrs["total_minutes"]`` is the sum.
    """
    folder = Path(notebooks_dir)
    rows = []
    for stem, planned_title, planned_minutes in COURSE_PLAN:
        path = folder / f"{stem}.ipynb"
        title, minutes = notebook_heading(path) if path.is_file() else (None, None)
        rows.append({"notebook": stem[:2], "title": title or planned_title,
                     "minutes": minutes or planned_minutes, "file": f"{stem}.ipynb"})
    table = pd.DataFrame(rows).set_index("notebook")
    table.attrs["total_minutes"] = int(table["minutes"].sum())
    return table
