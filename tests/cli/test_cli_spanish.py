"""The command line in Spanish (SIMLIB_LANGUAGE=es): help, one-line input errors and the run summary.

English stays the default and is unchanged; the machine's locale (LANG, LC_ALL) is never read.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from simlib.cli import main

ROOT = Path(__file__).resolve().parents[2]
ERLANG_A = str(ROOT / "scenarios" / "erlang_a.toml")
SHORT = ["--days", "3", "--set", "run.warmup_days=0.5"]


def error_line(capsys, *args: str) -> str:
    try:
        status = main(list(args))
    except SystemExit as exit_:  # argparse's errors end the program
        status = exit_.code
    assert status == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1
    return captured.err.strip()


@pytest.fixture
def spanish(monkeypatch):
    monkeypatch.setenv("SIMLIB_LANGUAGE", "es")


def test_a_bad_field_is_one_spanish_line_naming_the_field_the_value_and_what_is_allowed(capsys, spanish):
    assert error_line(capsys, "run", "--scenario", ERLANG_A, "--set", "staff.always.count=-1") == (
        "simlib run: error: staff.always.count = -1: debe ser mayor o igual que 0")
    assert error_line(capsys, "run", "--scenario", ERLANG_A, "--set", "service.discipline=lifo2") == (
        "simlib run: error: service.discipline = 'lifo2': debe ser 'fifo', 'lifo', 'priority' o 'value'")
    assert error_line(capsys, "run", "--scenario", ERLANG_A, "--set", "service.bogus=1") == (
        "simlib run: error: service: campo desconocido 'bogus' (se admiten: discipline, abandonment, "
        "target_minutes)")
    assert error_line(capsys, "run", "--scenario", ERLANG_A, "--set", "staff.nobody.count=2") == (
        "simlib run: error: staff.nobody: no existe ese turno (turnos: always)")
    assert error_line(capsys, "run", "--scenario", ERLANG_A, "--set", "staff.nobody=2") == (
        "simlib run: error: staff.nobody: no existe ese turno (turnos: always); para añadirlo, usa "
        "--add 'staff.nobody={...}'")
    assert error_line(capsys, "run", "--scenario", str(ROOT / "no_such.toml")).startswith(
        "simlib run: error: escenario ")


def test_a_bad_option_is_one_spanish_line_with_where_to_look(capsys, spanish):
    assert error_line(capsys, "run", "--scenario", ERLANG_A, "--days", "x") == (
        "simlib run: error: argumento --days: valor float no válido: 'x' (consulta simlib run --help)")
    assert error_line(capsys, "run", "--scenario", ERLANG_A, "--replications", "0") == (
        "simlib run: error: run.replications = 0: debe ser mayor o igual que 1")


def test_the_run_summary_is_in_spanish_with_spanish_numbers(capsys, spanish):
    assert main(["run", "--scenario", ERLANG_A, *SHORT, "--replications", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Erlang A check: 3 días, semilla 1, 2 réplicas (media e IC del 95 %)"
    service = next(line for line in lines if line.split()[0] == "service_level")
    # 82,1 % [79,0 %; 85,2 %]: decimal comma, a space before %, the interval's ends apart by ";"
    assert re.search(r"\d+,\d\u00a0%  \[\d+,\d\u00a0%; \d+,\d\u00a0%\]\s+nivel de servicio$", service), service
    assert "." not in service.split("[")[0]


def test_help_is_in_spanish(capsys, spanish):
    with pytest.raises(SystemExit):
        main(["run", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("uso: simlib run") and "opciones:" in out and "días simulados (sustituye a run.days)" in out


def test_english_is_the_default_and_unchanged_whatever_the_machine_locale(capsys, monkeypatch):
    monkeypatch.delenv("SIMLIB_LANGUAGE")
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    monkeypatch.setenv("LC_ALL", "es_ES.UTF-8")
    assert error_line(capsys, "run", "--scenario", ERLANG_A, "--set", "staff.always.count=-1") == (
        "simlib run: error: staff.always.count = -1: Input should be greater than or equal to 0")
    assert main(["run", "--scenario", ERLANG_A, *SHORT, "--replications", "2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Erlang A check: 3 days, seed 1, 2 replications (mean and 95% CI)\n")
    assert re.search(r"service_level +\d+\.\d%  \[\d+\.\d%, \d+\.\d%\] +share whose reply started within the target",
                     out)


def test_an_unknown_language_is_said_once_and_english_is_used(capsys, monkeypatch):
    monkeypatch.setenv("SIMLIB_LANGUAGE", "klingon")
    assert main(["erlang", "--arrivals-per-hour", "30", "--handle-minutes", "6", "--agents", "3", "--json"]) == 0
    captured = capsys.readouterr()
    assert captured.err == "simlib erlang: warning: SIMLIB_LANGUAGE=klingon: not one of en, es; English it is\n"
    assert captured.out.startswith("{")


def test_the_erlang_figures_are_in_spanish(capsys, spanish):
    assert main(["erlang", "--arrivals-per-hour", "30", "--handle-minutes", "6", "--service-level", "0.8",
                 "--target-minutes", "5"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Erlang C (M/M/c): carga ofrecida 3 erlangs (personas ocupadas de media)"
    assert lines[1].startswith("agentes necesarios para 80,0\u00a0% en menos de 5 min: ")
    assert lines[2].split() == ["agentes", "service_level", "p_wait", "mean_wait_minutes", "p_abandon", "occupancy"]


def test_an_optimise_option_out_of_range_is_one_spanish_line(capsys, spanish):
    assert error_line(capsys, "optimise", "--scenario", ERLANG_A, "--service-level", "0.8",
                      "--night-premium", "20") == (
        "simlib optimise: error: --night-premium 20: debe ser como máximo 10 (0.25: +25 %)")


def test_a_bad_export_row_is_one_spanish_line_naming_file_row_column_and_value(capsys, spanish, tmp_path):
    export = tmp_path / "export.csv"
    export.write_text("arrived,channel,first_reply\nnope,dm,2026-01-05 09:00\n", encoding="utf-8")
    assert error_line(capsys, "fit", str(export), "--out", str(tmp_path / "fitted.toml")) == (
        f"simlib fit: error: exportación '{export}', fila 2, columna 'arrived': 'nope' no es una fecha y hora "
        "(p. ej. 2026-01-05 09:30 o 2026-01-05T09:30:00+01:00)")
