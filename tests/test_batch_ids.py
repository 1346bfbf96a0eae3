"""Batch identifiers (--id-field) and --fields, in JSON Lines, CSV and FHIR output,
with one process and with workers (contract 1.1, "Input (1.1)" and "Output (1.1)")."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from conftest import Invoke
from hypothesis import given
from hypothesis import strategies as st

from calcinosis_cli.answers import parse_answers
from calcinosis_cli.result import RESULT_KEYS
from calcinosis_cli.tree import triage


def jsonl(*cases: dict[str, Any]) -> str:
    return "".join(json.dumps(case) + "\n" for case in cases)


def lines_of(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


def test_each_result_and_error_line_echoes_its_id_unchanged(invoke: Invoke) -> None:
    cases = jsonl({"id": "case-7", "calcium": "high"}, {"id": 8, "calcium": "purple"}, {"calcium": "low"})
    outcome = invoke("batch", input=cases)
    assert outcome.exit_code == 1  # one bad case
    rows = lines_of(outcome.stdout)
    assert [row.get("id") for row in rows] == ["case-7", 8, None]
    assert list(rows[0])[:2] == ["id", "schema_version"]
    assert rows[1]["line"] == 2 and "purple" in rows[1]["error"]["message"]
    assert "id" not in rows[2]


def test_the_rest_of_a_result_is_the_same_with_or_without_an_id(invoke: Invoke) -> None:
    with_id = lines_of(invoke("batch", input=jsonl({"id": "x", "calcium": "high", "pain": "mild"})).stdout)[0]
    without = lines_of(invoke("batch", input=jsonl({"calcium": "high", "pain": "mild"})).stdout)[0]
    assert with_id.pop("id") == "x"
    assert with_id == without


@pytest.mark.parametrize(
    ("bad", "said"), [([1], "a list"), ({"a": 1}, "an object"), (1.5, "the number 1.5"), (True, "true or false")]
)
def test_an_id_that_is_not_a_string_or_an_integer_is_that_cases_error(invoke: Invoke, bad: object, said: str) -> None:
    outcome = invoke("batch", input=jsonl({"id": bad, "calcium": "high"}, {"id": "ok", "calcium": "high"}))
    rows = lines_of(outcome.stdout)
    assert outcome.exit_code == 1
    message = rows[0]["error"]["message"]
    assert "identifier" in message and "'id'" in message and message.endswith(f"not {said}")
    assert rows[1]["id"] == "ok" and rows[1]["suggested_type"]["id"] == "metastatic"


@pytest.mark.parametrize("fields", [(), ("--fields", "urgency")])
def test_an_id_with_a_lone_surrogate_escape_is_echoed_in_every_line(invoke: Invoke, fields: tuple[str, ...]) -> None:
    # JSON may escape half of a surrogate pair ("\\ud800"): it is echoed escaped, not a crash.
    text = '{"id": "\\ud800-a", "calcium": "high"}\n{"id": "\\udfff", "calcium": "purple"}\n'
    outcome = invoke("batch", "--jobs", "1", *fields, input=text)
    assert outcome.exit_code == 1, outcome.stderr
    rows = lines_of(outcome.stdout)
    assert [row["id"] for row in rows] == ["\ud800-a", "\udfff"]
    assert rows[0]["urgency"] == "soon" and "purple" in rows[1]["error"]["message"]


@pytest.mark.parametrize("fmt", ["jsonl", "fhir", "fhir-bundle"])
def test_an_id_holding_a_line_end_other_than_newline_keeps_its_case_on_one_line(invoke: Invoke, fmt: str) -> None:
    # U+2028, U+2029 and U+0085 in an id (or a message quoting one) were written raw:
    # valid JSON, but Python's str.splitlines() and JavaScript split the line there.
    ids = ["a\u2028b", "c\u2029d", "e\x85f"]
    cases = "".join(json.dumps({"id": case_id, "calcium": bad}) + "\n" for case_id in ids for bad in ("high", "purple"))
    outcome = invoke("batch", "--format", fmt, "-", input=cases)
    lines = outcome.stdout.splitlines()
    assert len(lines) == 2 * len(ids), lines
    echoed = [json.loads(line) for line in lines]
    if fmt == "jsonl":
        assert [line["id"] for line in echoed] == [case_id for case_id in ids for _ in (1, 2)]


def test_another_id_field_is_named_by_id_field_and_id_is_then_an_error(invoke: Invoke) -> None:
    outcome = invoke("batch", "--id-field", "case_id", input=jsonl({"case_id": 12, "calcium": "high"}))
    assert outcome.exit_code == 0
    assert lines_of(outcome.stdout)[0]["id"] == 12
    outcome = invoke("batch", "--id-field", "case_id", input=jsonl({"id": 12, "calcium": "high"}))
    assert outcome.exit_code == 1 and "'id'" in lines_of(outcome.stdout)[0]["error"]["message"]


@pytest.mark.parametrize("name", ["calcium", "calcium_value", "skin_breakdown", " "])
def test_id_field_may_not_name_a_question_or_lab_field(invoke: Invoke, name: str) -> None:
    outcome = invoke("batch", "--id-field", name, input=jsonl({"calcium": "high"}))
    assert outcome.exit_code == 2 and outcome.stdout == ""
    assert "--id-field" in outcome.stderr and "Traceback" not in outcome.stderr


def test_csv_output_has_an_id_column_first_when_id_field_is_given(invoke: Invoke) -> None:
    text = jsonl({"id": "a", "calcium": "high"}, {"calcium": "purple", "id": "b"})
    plain = list(csv.reader(io.StringIO(invoke("batch", "--format", "csv", input=text).stdout)))
    assert plain[0][0] == "line"  # no --id-field, JSON Lines input: no id column
    rows = list(csv.reader(io.StringIO(invoke("batch", "--format", "csv", "--id-field", "id", input=text).stdout)))
    assert rows[0][:3] == ["id", "line", "error"]
    assert [row[0] for row in rows[1:]] == ["a", "b"]
    assert rows[2][2].startswith("field 'calcium'")
    assert [row[1:] for row in rows] == plain  # the rest unchanged
    assert all(len(row) == len(rows[0]) for row in rows)


def test_an_integer_id_is_written_in_csv_as_the_number_it_is(invoke: Invoke) -> None:
    """An integer is never a formula: -7 stays -7 (it was written '-7, as the text
    "-7" is, to keep a spreadsheet from running it)."""
    text = jsonl({"id": -7, "calcium": "high"}, {"id": -8, "calcium": "purple"}, {"id": "-9", "calcium": "low"})
    for fields in ((), ("--fields", "urgency")):
        outcome = invoke("batch", "--format", "csv", "--id-field", "id", *fields, input=text)
        rows = list(csv.reader(io.StringIO(outcome.stdout)))
        assert [row[0] for row in rows[1:]] == ["-7", "-8", "'-9"]


def test_a_csv_input_with_an_id_column_gives_an_id_column(invoke: Invoke) -> None:
    text = "id,calcium,kidney_failure\nP-1,high,yes\nP-2,,no\n"
    outcome = invoke("batch", "--input-format", "csv", "--format", "csv", input=text)
    rows = list(csv.reader(io.StringIO(outcome.stdout)))
    assert rows[0][0] == "id" and [row[0] for row in rows[1:]] == ["P-1", "P-2"]
    jsonl_out = lines_of(invoke("batch", "--input-format", "csv", input=text).stdout)
    assert [row["id"] for row in jsonl_out] == ["P-1", "P-2"]  # CSV cells are text


def test_fhir_output_carries_the_id_as_the_responses_identifier(invoke: Invoke) -> None:
    outcome = invoke("batch", "--format", "fhir", input=jsonl({"id": 42, "calcium": "high"}, {"calcium": "low"}))
    first, second = lines_of(outcome.stdout)
    assert first["resourceType"] == "QuestionnaireResponse"
    assert first["identifier"]["value"] == "42"
    assert "identifier" not in second


@pytest.mark.parametrize("fmt", ["fhir", "fhir-bundle"])
def test_fhir_output_is_valid_fhir_whatever_the_id(invoke: Invoke, fmt: str) -> None:
    # FHIR has no empty string (an empty id is no identifier), and its strings are Unicode
    # text without control characters (half of a surrogate pair is written as its escape).
    from fhir.resources.R4B.bundle import Bundle
    from fhir.resources.R4B.operationoutcome import OperationOutcome
    from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

    models = {"Bundle": Bundle, "OperationOutcome": OperationOutcome, "QuestionnaireResponse": QuestionnaireResponse}
    text = '{"id": "", "calcium": "high"}\n{"id": "\\ud800-a\\u0001", "calcium": "high"}\n'
    text += '{"id": "\\udfff", "calcium": "purple"}\n{"id": "", "calcium": "purple"}\n'
    outcome = invoke("batch", "--format", fmt, "--jobs", "1", input=text)
    assert outcome.exit_code == 1, outcome.stderr
    resources = lines_of(outcome.stdout)
    for resource in resources:
        models[resource["resourceType"]].model_validate(resource)
    responses = [r if fmt == "fhir" else r["entry"][1]["resource"] for r in resources[:2]]
    assert "identifier" not in responses[0]
    assert responses[1]["identifier"] == {"value": "\\ud800-a\\x01"}
    assert resources[2]["issue"][0]["diagnostics"] == "line 3, id \\udfff"
    assert resources[3]["issue"][0]["diagnostics"] == "line 4"


def test_workers_echo_ids_as_one_process_does(invoke: Invoke) -> None:
    cases = [{"id": f"c{i}", "calcium": ("high", "low", "normal", "bad")[i % 4]} for i in range(3000)]
    text = jsonl(*cases)
    one = invoke("batch", "--jobs", "1", input=text).stdout
    many = invoke("batch", "--jobs", "2", input=text).stdout
    assert one == many
    assert [row["id"] for row in lines_of(many)] == [f"c{i}" for i in range(3000)]


def test_fields_keeps_only_those_keys_in_that_order(invoke: Invoke) -> None:
    outcome = invoke("batch", "--fields", "urgency,suggested_type", input=jsonl({"id": 3, "calcium": "high"}))
    (row,) = lines_of(outcome.stdout)
    assert list(row) == ["id", "urgency", "suggested_type"]
    assert row["suggested_type"]["id"] == "metastatic" and row["urgency"] == "soon"


def test_fields_in_csv_gives_the_columns_of_those_keys(invoke: Invoke) -> None:
    text = jsonl({"calcium": "high"}, {"calcium": "bad"})
    rows = list(
        csv.reader(io.StringIO(invoke("batch", "--format", "csv", "--fields", "certainty,urgency", input=text).stdout))
    )
    assert rows[0] == ["line", "error", "certainty", "urgency"]
    assert rows[1] == ["1", "", "likely", "soon"]
    assert rows[2][:2] == ["2", rows[2][1]] and rows[2][1] and rows[2][2:] == ["", ""]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--fields", "urgency,nonsense"), "nonsense"),
        (("--fields", "urgency,urgency"), "twice"),
        (("--fields", "urgency", "--format", "fhir"), "--format fhir"),
    ],
)
def test_bad_fields_are_a_usage_error_naming_the_flag(invoke: Invoke, args: tuple[str, ...], says: str) -> None:
    outcome = invoke("batch", *args, input=jsonl({"calcium": "high"}))
    assert outcome.exit_code == 2 and outcome.stdout == ""
    assert "--fields" in outcome.stderr and says in outcome.stderr
    if says == "nonsense":
        assert all(key in outcome.stderr for key in RESULT_KEYS)  # it lists the allowed keys


@given(st.lists(st.sampled_from(RESULT_KEYS), min_size=1, max_size=6, unique=True))
def test_any_fields_give_the_projection_of_the_full_result(keys: list[str]) -> None:
    from calcinosis_cli.result import encoder_for

    result = triage(parse_answers({"calcium": "high", "skin_breakdown": "yes", "kidney_failure": "yes"}))
    full = result.to_dict()
    line = json.loads(encoder_for(tuple(keys))(result))
    assert list(line) == keys
    assert line == {key: full[key] for key in keys}


def test_triage_json_fields_keeps_only_those_keys(invoke: Invoke) -> None:
    outcome = invoke("triage", "--no-input", "--json", "--calcium", "high", "--fields", "urgency,certainty")
    assert list(outcome.json()) == ["urgency", "certainty"]
    assert outcome.json() == {"urgency": "soon", "certainty": "likely"}


@pytest.mark.parametrize("args", [("--fields", "urgency"), ("--format", "markdown", "--fields", "urgency")])
def test_triage_fields_without_json_is_a_usage_error(invoke: Invoke, args: tuple[str, ...]) -> None:
    outcome = invoke("triage", "--no-input", "--calcium", "high", *args)
    assert outcome.exit_code == 2 and outcome.stdout == "" and "--fields" in outcome.stderr
