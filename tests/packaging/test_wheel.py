"""simlib installs from a wheel and runs outside the checkout: presets and the report notebook ship as package data."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OFFLINE = ["--no-deps", "--no-index", "--no-build-isolation", "--quiet"]
CLEAN = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}  # nothing from the checkout


def test_wheel_installed_in_a_fresh_environment_runs_a_preset(tmp_path):
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, symlinks=True, ignore=shutil.ignore_patterns(
        ".venv", ".git", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", "notebooks", "solutions",
        "exercises", "tests", "docs", "benchmarks", "workshop", "reports"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", *OFFLINE, "-w", str(tmp_path / "dist"), str(source)],
                   check=True)
    wheel = next((tmp_path / "dist").glob("simlib-*.whl"))

    env = tmp_path / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True)
    python = env / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", *OFFLINE, str(wheel)], check=True)
    # The dependencies (numpy, simpy...) come from the test environment, read-only; simlib from the wheel.
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    (site / "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    where = subprocess.run([str(python), "-c", "import simlib; print(simlib.__file__)"], cwd=tmp_path, env=CLEAN,
                           capture_output=True, text=True, check=True).stdout
    assert Path(where.strip()).is_relative_to(env), where
    run = subprocess.run([str(env / "bin" / "simlib"), "run", "--scenario", "luxury", "--days", "7"], cwd=tmp_path,
                         env=CLEAN, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "service_level" in run.stdout and "revenue" in run.stdout
    notebook = subprocess.run([str(python), "-c", "from importlib.resources import files; "
                               "print(files('simlib.report').joinpath('staffing_report.ipynb').is_file())"],
                              cwd=tmp_path, env=CLEAN, capture_output=True, text=True)
    assert notebook.stdout.strip() == "True", notebook.stderr
    export = subprocess.run([str(python), "-c", "from simlib.fit.example import example_path; print(example_path())"],
                            cwd=tmp_path, env=CLEAN, capture_output=True, text=True, check=True).stdout.strip()
    assert Path(export).is_relative_to(env), export
    fitted = subprocess.run([str(env / "bin" / "simlib"), "fit", export, "--out", "fitted.toml", "--staff-from",
                             "shop_weekdays"], cwd=tmp_path, env=CLEAN, capture_output=True, text=True)
    assert fitted.returncode == 0 and "2,086 messages" in fitted.stdout, fitted.stderr  # the export ships too
    run = subprocess.run([str(env / "bin" / "simlib"), "run", "--scenario", "fitted.toml"], cwd=tmp_path, env=CLEAN,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
