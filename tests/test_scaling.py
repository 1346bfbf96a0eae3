"""docs/scaling.md: its examples are valid Python, and the pandas one gives, row by row,
what the Python API gives (run only where pandas is installed)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from calcinosis_cli import UsageError, triage_answers

DOC = Path(__file__).resolve().parent.parent / "docs" / "scaling.md"
BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)


def python_blocks() -> list[str]:
    return BLOCK.findall(DOC.read_text(encoding="utf-8"))


def test_every_python_example_in_the_scaling_doc_compiles() -> None:
    blocks = python_blocks()
    assert len(blocks) >= 4
    for number, code in enumerate(blocks, 1):
        compile(code, f"{DOC.name}, example {number}", "exec")


def test_the_doc_names_the_python_api_it_relies_on() -> None:
    text = DOC.read_text(encoding="utf-8")
    for name in ("triage_answers", "to_dict()", "UsageError", "mapInPandas", "map_partitions"):
        assert name in text


def pandas_example() -> dict[str, Any]:
    """Run the example that defines ``triage_frame`` and return what it defines."""
    pytest.importorskip("pandas")
    code = next(block for block in python_blocks() if "def triage_frame" in block)
    namespace: dict[str, Any] = {"__name__": "scaling_example"}
    exec(compile(code, "docs/scaling.md", "exec"), namespace)
    return namespace


def test_the_pandas_example_gives_the_api_result_for_every_row() -> None:
    pd = pytest.importorskip("pandas")
    example = pandas_example()
    cases = [
        {"case_id": "a", "calcium": "high", "kidney_failure": "yes"},
        {"case_id": "b", "procedure": "heel-sticks", "age_group": "infant"},
        {"case_id": "c", "calcium": "purple"},
        {"case_id": "d", "calcium_value": "11.8", "phosphate_value": "5.2", "units": "mg/dl"},
        {"case_id": "e"},
    ]
    frame = pd.DataFrame(cases, index=[10, 11, 12, 13, 14])
    results = example["triage_frame"](frame, keep=["case_id"])
    assert list(results.index) == [10, 11, 12, 13, 14]
    assert list(results.columns) == ["case_id", *example["RESULT_COLUMNS"]]
    assert list(results["case_id"]) == ["a", "b", "c", "d", "e"]
    for case, (_, row) in zip(cases, results.iterrows(), strict=True):
        answers = {key: value for key, value in case.items() if key != "case_id"}
        try:
            expected = triage_answers(answers).to_dict()
        except UsageError as error:
            assert row["error"] == error.message
            assert pd.isna(row["result"]) and pd.isna(row["suggested_type"])
            continue
        assert pd.isna(row["error"])
        assert json.loads(row["result"]) == expected
        assert (row["suggested_type"], row["certainty"], row["urgency"]) == (
            expected["suggested_type"]["id"],
            expected["certainty"],
            expected["urgency"],
        )


def test_the_pandas_example_reads_empty_and_missing_cells_as_unknown() -> None:
    pd = pytest.importorskip("pandas")
    example = pandas_example()
    frame = pd.DataFrame({"calcium": ["high", "", None], "pain": [float("nan"), "severe", ""]})
    results = example["triage_frame"](frame)
    answers = [json.loads(result)["answers"] for result in results["result"]]
    assert [a["calcium"] for a in answers] == ["high", "unknown", "unknown"]
    assert [a["pain"] for a in answers] == ["unknown", "severe", "unknown"]
