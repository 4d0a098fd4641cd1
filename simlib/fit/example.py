"""The shipped synthetic export, ``scenarios/shop_export.csv``: ``python -m simlib.fit.example``.

Six weeks of the ``shop_weekdays`` preset simulated (seed 17), written as a
help-desk tool would export them (:func:`simlib.fit.export.export_from_result`):
about 2,100 messages, no personal data, clock times from Monday 5 January
2026. ``simlib fit scenarios/shop_export.csv --out my_inbox.toml`` fits it.
"""

from __future__ import annotations

import argparse
from importlib import resources
from pathlib import Path

import pandas as pd

from simlib.fit.export import export_from_result
from simlib.model.engine import simulate
from simlib.model.presets import load_preset

PRESET = "shop_weekdays"
DAYS = 42
SEED = 17
FILE_NAME = "shop_export.csv"


def example_export() -> pd.DataFrame:
    """The synthetic export: one row per message (columns arrived, channel, first_reply, closed, gave_up)."""
    scenario = load_preset(PRESET, {"run.days": DAYS})
    return export_from_result(simulate(scenario, seed=SEED))


def example_path() -> Path:
    """Where the shipped export is (package data, beside the presets)."""
    return Path(str(resources.files("simlib.model") / "scenarios" / FILE_NAME))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m simlib.fit.example", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=example_path(), help="where to write (default: the shipped file)")
    out = parser.parse_args(argv).out
    frame = example_export()
    frame.to_csv(out, index=False)
    print(f"{out}: {len(frame):,} messages")


if __name__ == "__main__":
    main()
