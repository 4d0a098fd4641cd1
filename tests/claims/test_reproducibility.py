"""Same seed, same numbers, on any machine.

A small scenario that uses every feature (weekly profile, three channels with
every distribution, day and night shifts, a weekend gap) was run once and its
records stored in ``tests/data/golden_records.csv``. This test reruns it and
compares. numpy's PCG64 streams are the same everywhere; the last binary digit
of a logarithm may differ between CPUs, hence a relative tolerance of 1e-12.

Regenerate the table (only after a deliberate change to the model or streams)::

    python tests/claims/test_reproducibility.py --write
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

from simlib import simulate, validate_scenario

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "golden_records.csv"
SCENARIO = {
    "name": "golden",
    "arrivals": {
        "per_hour": 3.0,
        "hour_factor": [0.2] * 8 + [1.0] * 10 + [2.0] * 4 + [0.5] * 2,
        "day_factor": [1, 1, 1, 1, 1.5, 2, 0.5],
    },
    "channels": {
        "comment": {"share": 0.5, "handling": {"dist": "lognormal", "mean": 4, "cv": 0.8},
                    "patience": {"dist": "gamma", "mean": 120, "cv": 0.5}, "priority": 1},
        "dm": {"share": 0.3, "handling": {"dist": "gamma", "mean": 8, "cv": 1.5},
               "patience": {"dist": "exponential", "mean": 240}, "priority": 0},
        "review": {"share": 0.2, "handling": {"dist": "fixed", "value": 10}},
    },
    "staff": {
        "day": {"count": 2, "start_hour": 9, "end_hour": 17, "days": ["mon", "tue", "wed", "thu", "fri"]},
        "night": {"count": 1, "start_hour": 20, "end_hour": 26, "days": ["fri", "sat"]},
    },
    "service": {"discipline": "priority", "abandonment": "stays", "target_minutes": 60},
    "run": {"days": 10, "seed": 2024},
}


def golden_records() -> pd.DataFrame:
    return simulate(validate_scenario(SCENARIO), replication=3).records


def test_records_match_the_stored_golden_table():
    stored = pd.read_csv(GOLDEN)
    fresh = golden_records()
    assert len(fresh) == len(stored)
    for column in stored.columns:
        if fresh[column].dtype.kind == "f":
            np.testing.assert_allclose(fresh[column], stored[column], rtol=1e-12, err_msg=column)
        else:
            assert fresh[column].astype(str).replace("nan", "").tolist() == \
                stored[column].astype(str).replace("nan", "").tolist(), column


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    golden_records().to_csv(GOLDEN, index=False, float_format="%.17g")
    print(f"wrote {GOLDEN}")
