"""The scenarios that ship with simlib (presets), and finding a scenario by name or path.

The preset files are package data (``simlib/model/scenarios/*.toml``), read
through :mod:`importlib.resources`, so they are found wherever simlib is
installed. The checkout's ``scenarios/`` folder points at the same files.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from simlib.errors import ScenarioError
from simlib.i18n import tr
from simlib.model.base import show
from simlib.model.scenario import Scenario, load_scenario


def preset_names() -> list[str]:
    """Names of the shipped presets, sorted (``["erlang_a", "high_volume", "luxury", ...]``)."""
    folder = resources.files("simlib.model") / "scenarios"
    return sorted(entry.name.removesuffix(".toml") for entry in folder.iterdir() if entry.name.endswith(".toml"))


def find_scenario(name: str | Path) -> Path:
    """A scenario file by path, or a preset by name (``"luxury"``).

    Raises :class:`ScenarioError` naming the presets when ``name`` is neither.
    """
    if not str(name).strip():
        raise ScenarioError(tr("scenario '': give a preset name or a scenario file"))
    path = Path(name)
    try:
        if path.is_file():
            return path
        preset = resources.files("simlib.model") / "scenarios" / f"{name}.toml"
        if "/" not in str(name) and preset.is_file():
            return Path(str(preset))
        if path.exists():  # a folder, a pipe...: load_scenario says what it is
            return path
    except OSError:  # a name the system refuses (too long...): load_scenario says so
        return path
    raise ScenarioError(tr("scenario {name}: no such file or preset (presets: {presets})", name=show(str(name), 120),
                           presets=", ".join(preset_names())))


def load_preset(name: str | Path, changes: Mapping[str, Any] | None = None) -> Scenario:
    """Load a preset by name, or a scenario file by path, with dotted changes applied.

    ``load_preset("luxury", {"staff.late.count": 3})``. Errors are one-line
    :class:`ScenarioError` messages (unknown preset, bad field, bad value).
    """
    return load_scenario(find_scenario(name), dict(changes or {}))


def load_named(names: Iterable[str], changes: Mapping[str, Any] | None = None) -> dict[str, Scenario]:
    """Several scenarios by preset name or path, each with the same changes, keyed by file stem."""
    return {Path(name).stem: load_preset(name, changes) for name in names}
