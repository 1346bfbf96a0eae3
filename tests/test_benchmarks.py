"""The benchmark scripts still run (with tiny settings), so that they cannot rot.

The benchmarks themselves are not tests (they take minutes and their figures depend on
the machine); this only checks that ``benchmarks/run.py`` and ``benchmarks/pandas_run.py``
(and ``stages.py``) run to the end against the installed program and print every figure, with a verdict, and
that the cases and verdicts they are built on are right.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import measure  # noqa: E402  (benchmarks/ is a folder of scripts, not a package)

TIMEOUT = 300  # seconds: tiny settings, but a busy machine


def benchmark(script: str, *args: str) -> list[str]:
    """Run a benchmark script as a user does; its table rows, split into cells."""
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout.splitlines()


def rows_of(lines: list[str]) -> dict[tuple[str, str], list[str]]:
    """(figure, measure) -> the cells of that row of the table."""
    header = next(i for i, line in enumerate(lines) if line.startswith("figure "))
    rows: dict[tuple[str, str], list[str]] = {}
    figure = ""
    for line in lines[header + 2 :]:
        if not line.strip():
            break
        cells = [cell.strip() for cell in line.split("|")]
        cells += [""] * (8 - len(cells))  # a row without a note ends early
        figure = cells[0] or figure
        rows[(figure, cells[1])] = cells
    return rows


def test_run_prints_every_figure_with_wall_and_cpu_time_and_a_verdict() -> None:
    lines = benchmark("run.py", "--cases", "150", "--runs", "1")
    rows = rows_of(lines)
    figures = {figure for figure, _ in rows}
    expected = [
        r"triage --no-input --json, \d+ answer flags",
        r"triage --no-input, panel.*",
        r"batch --jobs 1, 150 cases",
        r"batch \(default.*\), 150 cases",
        r"batch peak memory, 750 vs 150 cases",
        r"batch peak memory, 150 cases",
        r"triage_records\(.*\), 150 records",
    ]
    for pattern in expected:
        assert any(re.fullmatch(pattern, figure) for figure in figures), (pattern, figures)
    timed = {figure for figure in figures if "memory" not in figure}
    assert {(figure, by) for figure in timed for by in ("wall", "CPU")} <= set(rows)
    for cells in rows.values():
        assert cells[6] in ("pass", "FAIL", "info"), cells
    # batch --jobs 1 is judged by CPU time as well as wall time, both against 2.0×.
    one = next(figure for figure in figures if figure.startswith("batch --jobs 1"))
    assert rows[(one, "wall")][5] == rows[(one, "CPU")][5] == "≤ 2.00×"
    # The start-up floor is Python importing Typer; the goal 1.15×.
    startup = next(figure for figure in figures if figure.startswith("triage --no-input --json"))
    assert rows[(startup, "wall")][5] == "≤ 1.15×"
    assert 'python -c "import typer"' in rows[(startup, "wall")][7]
    assert re.fullmatch(r"\d+ of 7 goals met\.", next(line for line in lines if "goals met" in line))


def test_pandas_run_times_the_documented_example_beside_batch() -> None:
    rows = rows_of(benchmark("pandas_run.py", "--rows", "120"))
    figure = "pandas example of docs/scaling.md, 120 rows"
    assert set(rows) == {(figure, "wall"), (figure, "CPU"), (figure, "memory")}
    assert rows[(figure, "wall")][5] == "≤ 1.50×"
    assert rows[(figure, "memory")][5] == "≤ 300 MiB"
    assert all(cells[6] in ("pass", "FAIL", "info") for cells in rows.values())


def test_stages_says_where_the_time_of_a_case_goes() -> None:
    lines = benchmark("stages.py", "--cases", "300")
    assert lines[0].startswith("300 cases (")
    steps = {re.split(r"\s{2,}", line.strip())[0]: line for line in lines[1:] if line.startswith("  ")}
    for step in ("json.loads", "read the answers", "the tree", "encode", "its verdict", "all the steps", "the floor"):
        assert re.search(r"\d+\.\d", steps[step]), step
    assert re.match(r"a result line: \d+\.\d KiB on average", lines[-1])


def test_the_pandas_example_is_the_one_docs_scaling_shows() -> None:
    import pandas_run

    example = pandas_run.pandas_example()
    assert example in (ROOT / "docs" / "scaling.md").read_text(encoding="utf-8")
    assert "triage_records" in example
    assert 'read_csv("cases.csv"' in example


def test_the_random_cases_are_fixed_and_three_in_ten_carry_measured_values() -> None:
    bank = [{"id": "calcium", "values": ["high", "normal"]}, {"id": "pain", "values": ["none", "mild"]}]
    cases = list(measure.random_cases(10_000, bank))
    assert cases == list(measure.random_cases(10_000, bank))
    measured = sum("calcium_value" in case for case in cases) / len(cases)
    assert 0.28 < measured < 0.32
    assert all("calcium" not in case for case in cases if "calcium_value" in case)
    json.dumps(cases)  # each one a line of JSON


@given(
    measured=st.floats(0.01, 1e6),
    floor=st.floats(0.01, 1e6),
    goal=st.floats(0.5, 5),
)
def test_a_ratio_passes_exactly_when_it_is_at_most_its_goal(measured: float, floor: float, goal: float) -> None:
    row = measure.Row("figure", "wall", measured, floor, "s", goal)
    assert row.result == ("pass" if measured / floor <= goal else "FAIL")
    assert measure.Row("figure", "wall", measured, floor, "s", None).result == "info"


@given(measured=st.floats(0, 1000), limit=st.floats(1, 1000))
def test_a_limit_to_stay_under_fails_when_reached(measured: float, limit: float) -> None:
    under = measure.Row("figure", "memory", measured, None, "MiB", limit, below=True)
    at_most = measure.Row("figure", "memory", measured, None, "MiB", limit)
    assert under.result == ("pass" if measured < limit else "FAIL")
    assert at_most.result == ("pass" if measured <= limit else "FAIL")
    assert measure.Row("figure", "memory", limit, None, "MiB", limit, below=True).result == "FAIL"
