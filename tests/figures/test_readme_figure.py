"""Tests for simlib.figures.readme: the README figure as a small PNG."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # headless: no window, as in CI

from simlib.figures.readme import main as readme_main  # noqa: E402
from simlib.figures.readme import make_figure  # noqa: E402

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_readme_figure_writes_a_small_png_creating_folders(tmp_path):
    out = make_figure(tmp_path / "img" / "inbox.png", overrides={"run.days": 7})
    data = out.read_bytes()
    assert data[:8] == PNG_MAGIC
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (900, 400)
    assert len(data) < 80_000


def test_readme_figure_command_draws_the_shop_scenario(tmp_path, capsys):
    out = tmp_path / "inbox-week.png"
    assert readme_main([str(out)]) == 0
    assert out.read_bytes()[:8] == PNG_MAGIC
    assert str(out) in capsys.readouterr().out


def test_readme_figure_reports_a_bad_scenario_in_one_line(tmp_path, capsys):
    assert readme_main([str(tmp_path / "x.png"), "--scenario", str(tmp_path / "none.toml")]) == 2
    assert "no such file or preset" in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists()
