"""The one registry of output formats: what ``triage --format``, ``batch --format`` and
``triage --save`` offer is what it holds, each renderer loads from its name, and a
format is imported only when it is chosen."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import date
from typing import Any

import pytest

from calcinosis_cli import RESULT_KEYS, triage_answers
from calcinosis_cli.render.csv_rows import CSV_BY_KEY, CSV_COLUMNS
from calcinosis_cli.render.export import SAVE_FORMATS
from calcinosis_cli.render.registry import (
    DOCUMENT_FORMATS,
    PAGE_FORMATS,
    RENDERER_BY_NAME,
    STREAM_FORMATS,
)

Invoke = Any  # the fixture of conftest.py
CASE = {"kidney_failure": "yes", "skin_breakdown": "yes", "pain": "mild", "calcium_value": 9.5, "units": "mg/dL"}


def test_every_ending_that_save_accepts_has_a_page_renderer() -> None:
    assert set(SAVE_FORMATS.values()) == set(PAGE_FORMATS) == {"html", "svg"}


@pytest.mark.parametrize(("command", "formats"), [("triage", DOCUMENT_FORMATS), ("batch", STREAM_FORMATS)])
def test_help_offers_exactly_the_registry_s_formats(invoke: Invoke, command: str, formats: tuple[str, ...]) -> None:
    outcome = invoke(command, "--help", env={"COLUMNS": "200"})
    assert outcome.exit_code == 0, outcome.stderr
    assert "[" + "|".join(formats) + "]" in outcome.stdout


@pytest.mark.parametrize("name", DOCUMENT_FORMATS)
def test_triage_writes_each_document_format_with_its_renderer(invoke: Invoke, name: str) -> None:
    outcome = invoke("triage", "--no-input", "--format", name, "--kidney-failure", "yes", "--skin-breakdown", "yes")
    assert outcome.exit_code == 0, outcome.stderr
    if name == "json":
        data = json.loads(outcome.stdout)
        assert (data["suggested_type"]["id"], data["urgency"]) == ("calciphylaxis", "urgent")
    elif name == "fhir":
        assert json.loads(outcome.stdout)["resourceType"] == "QuestionnaireResponse"
    elif name == "fhir-bundle":
        bundle = json.loads(outcome.stdout)
        kinds = [entry["resource"]["resourceType"] for entry in bundle["entry"]]
        assert bundle["resourceType"] == "Bundle" and "RiskAssessment" in kinds
    else:
        assert "alciphylaxis" in outcome.stdout and "URGENT" in outcome.stdout


@pytest.mark.parametrize("name", STREAM_FORMATS)
def test_each_stream_writer_writes_a_result_and_an_error_as_lines(name: str) -> None:
    out: list[bytes] = []
    writer = RENDERER_BY_NAME[name].load_stream()(out.append, None, True)
    writer.start()
    writer.result(1, triage_answers(CASE), "case-1")
    writer.error(2, "line 2: nothing here", "case-2")
    lines = b"".join(out).decode().splitlines()
    assert len(lines) == 2 + (name == "csv")  # CSV: a header first
    assert "case-1" in lines[-2] and "calciphylaxis" in lines[-2]
    assert "case-2" in lines[-1] and "nothing here" in lines[-1]


@pytest.mark.parametrize("name", PAGE_FORMATS)
def test_each_page_is_a_whole_dated_document(name: str) -> None:
    page = RENDERER_BY_NAME[name].load_page()(triage_answers(CASE), date(2026, 1, 2))
    assert "2026-01-02" in page
    assert page.rstrip().endswith("</html>" if name == "html" else "</svg>")


def test_choosing_a_format_imports_only_its_renderer() -> None:
    script = (
        "import sys; from calcinosis_cli.render.registry import RENDERER_BY_NAME;"
        "RENDERER_BY_NAME['markdown'].load_document();"
        "print(sorted(m for m in sys.modules if m.startswith(('calcinosis_cli.render', 'rich', 'csv'))))"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    loaded = done.stdout
    assert "calcinosis_cli.render.markdown" in loaded
    for absent in ("rich", "'csv'", "calcinosis_cli.render.fhir", "calcinosis_cli.render.panel"):
        assert absent not in loaded, absent


CSV_CASES = [
    {},
    CASE,
    {
        "procedure": "calcium-injection",
        "calcium_value": 2.1,
        "phosphate_value": 1.9,
        "units": "mmol/L",
        "albumin_value": 30,
    },
    {"autoimmune": "scleroderma", "site": "fingers", "lesions": "many", "pain": "severe"},
]


def test_the_csv_columns_of_each_key_cover_the_result_in_its_order() -> None:
    assert tuple(CSV_BY_KEY) == RESULT_KEYS
    by_keys = {column for key in RESULT_KEYS for column in CSV_BY_KEY[key][0]}
    assert set(CSV_COLUMNS) - {"line", "error"} <= by_keys


@pytest.mark.parametrize("case", CSV_CASES)
def test_a_full_csv_row_and_the_rows_of_fields_agree_cell_by_cell(case: dict[str, object]) -> None:
    result = triage_answers(case)

    def rows(fields: tuple[str, ...] | None) -> list[list[str]]:
        out = io.BytesIO()
        writer = RENDERER_BY_NAME["csv"].load_stream()(out.write, fields)
        writer.start()
        writer.result(1, result)
        return list(csv.reader(io.StringIO(out.getvalue().decode())))

    header, full = rows(None)
    whole = dict(zip(header, full, strict=True))
    fields_header, fields_row = rows(RESULT_KEYS)
    for column, cell in zip(fields_header, fields_row, strict=True):
        if column in whole:
            assert whole[column] == cell, column
