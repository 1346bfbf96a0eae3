"""The pandas example of docs/scaling.md, as written, beside ``batch --jobs 1`` on the same cases.

    python benchmarks/pandas_run.py                  # 1,000,000 rows: several minutes
    python benchmarks/pandas_run.py --rows 20000     # a short run

Run it from the repository root with the Python of the virtual environment that has
calcinosis and pandas installed (``.venv/bin/python benchmarks/pandas_run.py``); without
pandas it says so and measures nothing. ``benchmarks/run.py --pandas`` runs it too, its
figures in the same table as the others.

It writes ``cases.csv``, random cases (the same as ``run.py``'s, with a ``case_id``
column, empty cells unknown), and runs, in turn in fresh processes: the first Python
example under "## pandas" in docs/scaling.md, taken from the document as it stands, in
the folder of ``cases.csv``; and ``calcinosis batch --jobs 1 --id-field case_id
cases.csv`` writing its JSON Lines to a file. Goals (issue 14): the example takes at most
1.5× the wall time of ``batch --jobs 1``, and its peak memory is at most 300 MiB above
the memory of the process just after ``pd.read_csv`` returned the DataFrame (its
resident size then, from ``/proc/self/statm``; elsewhere the peak so far).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from measure import (
    ROOT,
    Row,
    calcinosis,
    child_env,
    load,
    machine,
    question_bank,
    random_cases,
    run_child,
    summary,
    table,
)

DOC = ROOT / "docs" / "scaling.md"
LAB_COLUMNS = ("calcium_value", "phosphate_value", "units")
MIB_ABOVE_FRAME = 300
GOAL = 1.5
WARM_UP_ROWS = 1_000

# Runs the example as a script, with ``pandas.read_csv`` wrapped to note the memory of
# the process when the DataFrame has been read; then writes that and the peak (KiB) to
# the file named by its second argument.
WRAPPER = """
import json, os, resource, runpy, sys
import pandas

def resident_kib():
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
    except OSError:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak // 1024 if sys.platform == "darwin" else peak

loaded = {}
read_csv = pandas.read_csv

def read_csv_noted(*args, **kwargs):
    frame = read_csv(*args, **kwargs)
    loaded.setdefault("kib", resident_kib())
    return frame

pandas.read_csv = read_csv_noted
runpy.run_path(sys.argv[1], run_name="__main__")
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
peak = peak // 1024 if sys.platform == "darwin" else peak
with open(sys.argv[2], "w") as out:
    json.dump({"after_load_kib": loaded.get("kib"), "peak_kib": peak}, out)
"""


def pandas_example(doc: Path = DOC) -> str:
    """The first ``python`` block under the heading "## pandas" of docs/scaling.md."""
    text = doc.read_text(encoding="utf-8")
    found = re.search(r"^## pandas\s*$.*?^```python\n(.*?)^```", text, re.MULTILINE | re.DOTALL)
    if found is None:
        raise SystemExit(f"{doc}: no ```python block under '## pandas'")
    return found.group(1)


def write_csv_cases(path: Path, count: int, bank: list[dict[str, Any]]) -> None:
    """The random cases of ``run.py`` as CSV: a ``case_id`` column, one column a
    question and a lab field, empty cells unknown."""
    columns = ["case_id", *(str(q["id"]) for q in bank), *LAB_COLUMNS]
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(columns)
        for number, case in enumerate(random_cases(count, bank), 1):
            writer.writerow([f"case-{number}", *(case.get(column, "") for column in columns[1:])])


def pandas_present() -> bool:
    done = subprocess.run([sys.executable, "-c", "import pandas"], capture_output=True)
    return done.returncode == 0


def pandas_rows(rows: int, runs: int, folder: Path, pycache: Path) -> list[Row]:
    """The two pandas figures: time beside ``batch --jobs 1``, memory above the DataFrame."""
    env = child_env(pycache)
    bank = question_bank(env)
    example = folder / "pandas_example.py"
    example.write_text(pandas_example(), encoding="utf-8")
    noted = folder / "pandas-memory.json"
    ours = [sys.executable, "-c", WRAPPER, str(example), str(noted)]
    batch = [*calcinosis(), "batch", "--jobs", "1", "--id-field", "case_id", "cases.csv", "-o", "results.jsonl"]
    # A warm-up of both on a few cases fills the bytecode cache.
    cases = folder / "cases.csv"
    write_csv_cases(cases, min(rows, WARM_UP_ROWS), bank)
    run_child(ours, env, cwd=folder)
    run_child([*batch, "--force"], env, cwd=folder)
    write_csv_cases(cases, rows, bank)
    walls: dict[str, list[float]] = {"ours": [], "batch": []}
    cpus: dict[str, list[float]] = {"ours": [], "batch": []}
    above: list[float] = []
    for round_ in range(runs):
        for which in ("ours", "batch") if round_ % 2 == 0 else ("batch", "ours"):
            done = run_child(ours if which == "ours" else [*batch, "--force"], env, cwd=folder)
            walls[which].append(done.wall)
            cpus[which].append(done.cpu)
            if which == "ours":
                memory = json.loads(noted.read_text(encoding="utf-8"))
                above.append((memory["peak_kib"] - memory["after_load_kib"]) / 1024)
    check_outputs(folder, rows)
    figure = f"pandas example of docs/scaling.md, {rows:,} rows"
    note = f"floor: batch --jobs 1 on the same cases.csv; median of {runs}"
    return [
        Row(figure, "wall", statistics.median(walls["ours"]), statistics.median(walls["batch"]), "s", GOAL, note),
        Row(figure, "CPU", statistics.median(cpus["ours"]), statistics.median(cpus["batch"]), "s", None),
        Row(
            figure,
            "memory",
            statistics.median(above),
            None,
            "MiB",
            MIB_ABOVE_FRAME,
            "peak RSS minus RSS once pd.read_csv returned the DataFrame",
        ),
    ]


def check_outputs(folder: Path, rows: int) -> None:
    """Both wrote one result a case (so that neither was timed doing less)."""
    with open(folder / "results.csv", encoding="utf-8", newline="") as results:
        written = sum(1 for _ in csv.reader(results)) - 1
    with open(folder / "results.jsonl", "rb") as results:
        lines = sum(1 for _ in results)
    if written != rows or lines != rows:
        raise SystemExit(f"for {rows} cases the pandas example wrote {written} rows and batch {lines} lines")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The pandas example of docs/scaling.md beside batch --jobs 1.")
    parser.add_argument("--rows", type=int, default=1_000_000, help="cases in cases.csv (default 1,000,000)")
    parser.add_argument("--runs", type=int, default=1, help="runs of each, alternately (default 1)")
    args = parser.parse_args(argv)
    if args.rows < 1 or args.runs < 1:
        parser.error("--rows and --runs must be at least 1")
    print(machine())
    print(f"pandas run, {args.rows:,} rows, {time.strftime('%Y-%m-%d %H:%M')}", flush=True)
    if not pandas_present():
        print(f"pandas is not installed for {sys.executable}: nothing measured (pip install pandas)")
        return 0
    with tempfile.TemporaryDirectory(prefix="calcinosis-bench-") as temporary:
        folder = Path(temporary)
        rows = pandas_rows(args.rows, args.runs, folder, folder / "pycache")
    print()
    print(table(rows))
    print()
    print(summary(rows))
    print(f"{load()} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
