"""docs/scaling.md, run as written: the pandas and Dask examples in every run, PySpark
where pyspark and Java are installed; and the lean API they use, triage_records."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import test_properties
from hypothesis import given, settings
from hypothesis import strategies as st

from calcinosis_cli import RESULT_KEYS, triage_answers, triage_records
from calcinosis_cli.questions import QUESTIONS
from calcinosis_cli.tree import VERDICT_KEYS

DOC = Path(__file__).resolve().parent.parent / "docs" / "scaling.md"
BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)
FIELDS = ("suggested_type", "certainty", "urgency")

CASES: list[dict[str, str]] = [
    {"case_id": "a", "calcium": "high", "kidney_failure": "yes"},
    {"case_id": "b", "procedure": "heel-sticks", "age_group": "infant"},
    {"case_id": "c", "calcium": "purple"},
    {"case_id": "d", "calcium_value": "11.8", "phosphate_value": "5.2", "units": "mg/dl"},
    {"case_id": "e"},
    {"case_id": "f", "skin_breakdown": "yes", "kidney_failure": "yes", "pain": "mild"},
]


def example(marker: str) -> str:
    return next(block for block in BLOCK.findall(DOC.read_text(encoding="utf-8")) if marker in block)


def expected() -> list[dict[str, str]]:
    """What each case should give: the type, certainty and urgency, or the error."""
    rows = []
    for case in CASES:
        answers = {k: v for k, v in case.items() if k != "case_id" and v}
        try:
            result = triage_answers(answers)
        except Exception as error:  # UsageError
            rows.append({"case_id": case["case_id"], "error": str(getattr(error, "message", error))})
            continue
        rows.append(
            {
                "case_id": case["case_id"],
                "suggested_type": result.suggested_type,
                "certainty": result.certainty,
                "urgency": result.urgency,
            }
        )
    return rows


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    columns = ["case_id", *dict.fromkeys(key for case in CASES for key in case if key != "case_id")]
    with open(tmp_path / "cases.csv", "w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=columns)
        writer.writeheader()
        writer.writerows(CASES)
    return tmp_path


def run_example(code: str, folder: Path, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    script = folder / "example.py"
    script.write_text(code, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script)], cwd=folder, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def read_results(paths: list[Path]) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for path in sorted(paths):
        with open(path, encoding="utf-8") as results:
            rows.extend(csv.DictReader(results))
    return rows


def check(rows: list[dict[str, str]]) -> None:
    want = expected()
    assert [row["case_id"] for row in rows] == [case["case_id"] for case in CASES]
    for row, case in zip(rows, want, strict=True):
        if "error" in case:
            assert row["error"] == case["error"] and not row["suggested_type"]
        else:
            assert {key: row[key] for key in FIELDS} == {key: case[key] for key in FIELDS}
            assert not row["error"]


def test_the_pandas_example_runs_as_written(folder: Path) -> None:
    pytest.importorskip("pandas")
    done = run_example(example("pd.read_csv"), folder)
    check(read_results([folder / "results.csv"]))
    assert "urgent" in done.stdout  # it prints the urgent cases


def test_the_dask_example_runs_as_written(folder: Path) -> None:
    pytest.importorskip("dask.dataframe")
    done = run_example(example("map_partitions"), folder)
    check(read_results(list(folder.glob("results-*.csv"))))
    assert "urgency" in done.stdout


def test_the_pyspark_example_runs_as_written(folder: Path) -> None:
    pytest.importorskip("pyspark", reason="PySpark is not installed (pip install pyspark pandas pyarrow)")
    pytest.importorskip("pyarrow", reason="pyarrow is not installed")
    if shutil.which("java") is None:
        pytest.skip("Java is not installed: Spark runs on it")
    run_example(example("mapInPandas"), folder, timeout=600)
    check(read_results(list((folder / "results").glob("part-*.csv"))))


def test_the_first_example_prints_what_it_says() -> None:
    code = example("rows = list(triage_records(")
    namespace: dict[str, Any] = {}
    exec(compile(code, "docs/scaling.md", "exec"), namespace)
    first, second = namespace["rows"]
    assert first == {
        "id": "a",
        "suggested_type": "metastatic",
        "certainty": "likely",
        "urgency": "soon",
        "error": None,
    }
    assert second["id"] == "b" and second["suggested_type"] is None and "calcium" in second["error"]


# --- the lean API ------------------------------------------------------------------------

ANSWERS = st.fixed_dictionaries({}, optional={q.id: st.sampled_from(q.values) for q in QUESTIONS})


@settings(deadline=None)  # the first call builds the encoder's caches
@given(st.lists(ANSWERS, max_size=4))
def test_triage_records_without_fields_is_the_result_object(cases: list[dict[str, str]]) -> None:
    rows = list(triage_records(cases))
    assert rows == [triage_answers(case).to_dict() for case in cases]


@settings(deadline=None)  # the first call builds the encoder's caches
@given(ANSWERS, st.lists(st.sampled_from(RESULT_KEYS), min_size=1, max_size=5, unique=True))
def test_triage_records_with_fields_gives_those_keys_flat(case: dict[str, str], keys: list[str]) -> None:
    (row,) = triage_records([case], keys)
    assert list(row) == [*keys, "error"] and row["error"] is None
    full = triage_answers(case).to_dict()
    for key in keys:
        if key == "suggested_type":
            assert row[key] == full[key]["id"]
        elif key in ("alternatives", "look_alikes"):
            assert row[key] == [item["id"] for item in full[key]]
        else:
            assert row[key] == full[key]


@settings(deadline=None, max_examples=300)
@given(test_properties.answer_sets(), st.lists(st.sampled_from(sorted(VERDICT_KEYS)), min_size=1, unique=True))
def test_the_verdict_keys_alone_are_those_of_the_whole_result(raw: dict[str, Any], keys: list[str]) -> None:
    """With only the type, certainty and urgency asked for, the triage stops at the
    verdict: the values must be those of the whole result, and bad records the same errors."""
    (row,) = triage_records([raw], keys)
    (whole,) = triage_records([raw], [*keys, "reasons"])  # a key beyond the verdict: the whole walk
    assert row == {key: whole[key] for key in [*keys, "error"]}


@settings(deadline=None)  # the first call builds the encoder's caches
@given(ANSWERS)
def test_to_json_is_the_compact_json_of_to_dict(case: dict[str, str]) -> None:
    result = triage_answers(case)
    assert result.to_json() == json.dumps(result.to_dict(), ensure_ascii=False, separators=(",", ":"))
    assert json.loads(result.to_json(("urgency", "certainty"))) == {
        "urgency": result.urgency,
        "certainty": result.certainty,
    }


def test_triage_records_echoes_ids_and_reports_bad_records_in_place() -> None:
    records = [{"id": 1, "calcium": "high"}, {"id": "x", "calcium": "purple"}, {"id": [1]}, {"calcium": "low"}]
    rows = list(triage_records(records, FIELDS))
    assert [row.get("id") for row in rows] == [1, "x", None, None]
    assert rows[0]["error"] is None and rows[0]["suggested_type"] == "metastatic"
    assert "purple" in rows[1]["error"] and rows[1]["urgency"] is None
    assert "identifier" in rows[2]["error"] and rows[2]["error"].endswith("not a list")
    whole = list(triage_records(records[1:2]))
    assert whole == [{"id": "x", "error": rows[1]["error"]}]


def test_triage_records_refuses_an_unknown_key() -> None:
    from calcinosis_cli import UsageError

    with pytest.raises(UsageError, match="nonsense"):
        list(triage_records([{}], ("urgency", "nonsense")))


# --- bad input to the API: always UsageError, never another exception ------------------


@pytest.mark.parametrize("record", [5, None, "calcium", ["calcium", "high"], 2.5])
def test_triage_records_reports_a_record_that_is_no_mapping_in_place(record: object) -> None:
    rows = list(triage_records([{"calcium": "high"}, record, {"calcium": "low"}], FIELDS))
    assert [row["error"] is None for row in rows] == [True, False, True]
    assert "mapping" in rows[1]["error"] and rows[1]["urgency"] is None
    assert list(triage_records([record])) == [{"error": rows[1]["error"]}]


@pytest.mark.parametrize("records", [None, 5, {"calcium": "high"}, "calcium"])
def test_triage_records_refuses_records_that_are_no_iterable_of_mappings(records: Any) -> None:
    from calcinosis_cli import UsageError

    with pytest.raises(UsageError, match="records"):
        triage_records(records, FIELDS)


@pytest.mark.parametrize(
    ("fields", "match"),
    [([1], "must be a string"), ([None], "must be a string"), ([], "names no key"), (5, "must be a sequence")],
)
def test_triage_records_refuses_fields_that_are_not_keys(fields: Any, match: str) -> None:
    from calcinosis_cli import UsageError

    with pytest.raises(UsageError, match=match):
        triage_records([{}], fields)


def test_triage_records_reads_one_string_of_fields_as_keys_separated_by_commas() -> None:
    result = triage_answers({"calcium": "high"})
    (row,) = triage_records([{"calcium": "high"}], "urgency, certainty")
    assert row == {"urgency": result.urgency, "certainty": result.certainty, "error": None}


@pytest.mark.parametrize(
    ("id_field", "match"), [("calcium", "question id"), ("units", "lab field"), ("", "no field"), (1, "string")]
)
def test_triage_records_refuses_an_id_field_that_is_no_identifier(id_field: Any, match: str) -> None:
    """As ``batch --id-field`` does: a question's answer is never taken for an identifier."""
    from calcinosis_cli import UsageError

    with pytest.raises(UsageError, match=match):
        triage_records([{"calcium": "high"}], FIELDS, id_field=id_field)


@pytest.mark.parametrize("answers", [None, 5, "calcium", [("calcium", "high")]])
def test_parse_and_triage_answers_refuse_what_is_no_mapping(answers: Any) -> None:
    from calcinosis_cli import UsageError, parse_answers

    for call in (parse_answers, triage_answers):
        with pytest.raises(UsageError, match="mapping"):
            call(answers)


@pytest.mark.parametrize("answers", [None, {"calcium": "high"}, ("calcium", "high"), 5])
def test_triage_refuses_what_is_not_answers_and_points_to_triage_answers(answers: Any) -> None:
    """``triage`` is public: a plain mapping handed to it (a slip any caller can make) is
    one UsageError that says what to call instead, not an AttributeError."""
    from calcinosis_cli import UsageError, parse_answers, triage

    with pytest.raises(UsageError, match=r"parse_answers\(\).*triage_answers\(\)"):
        triage(answers)
    if isinstance(answers, dict):
        assert triage(parse_answers(answers)) == triage_answers(answers)


@pytest.mark.parametrize(
    ("fields", "match"),
    [
        (("nope",), "'nope' is not a key"),
        (("urgency", "urgency"), "twice"),
        ((1,), "must be a string"),
        (5, "sequence"),
    ],
)
def test_to_dict_and_to_json_refuse_fields_that_are_not_keys(fields: Any, match: str) -> None:
    from calcinosis_cli import UsageError

    result = triage_answers({"calcium": "high"})
    for call in (result.to_dict, result.to_json):
        with pytest.raises(UsageError, match=match):
            call(fields)


def test_to_dict_and_to_json_take_fields_as_a_list_or_a_string() -> None:
    result = triage_answers({"calcium": "high"})
    wanted = {"urgency": result.urgency, "certainty": result.certainty}
    for fields in (["urgency", "certainty"], "urgency,certainty", ("urgency", "certainty")):
        assert result.to_dict(fields) == wanted
        assert json.loads(result.to_json(fields)) == wanted


# --- values as data frames hold them: missing markers, numpy scalars ---------------------


class _Incomparable:
    """A value whose ``==`` gives no truth value, as ``pd.NA`` and numpy arrays do."""

    def __eq__(self, other: object) -> bool:
        raise TypeError("boolean value of NA is ambiguous")

    __hash__ = object.__hash__


def _incomparable_values() -> list[object]:
    values: list[object] = [_Incomparable()]
    try:
        import numpy as np
        import pandas as pd
    except ImportError:  # pragma: no cover - both are installed beside the tests
        return values
    return [*values, pd.NA, np.array(["high", "low"])]


@pytest.mark.parametrize("key", ["calcium", "calcium_value", "units", "albumin_units"])
@pytest.mark.parametrize("value", _incomparable_values(), ids=lambda value: type(value).__name__)
def test_a_value_that_cannot_be_compared_is_that_records_error(key: str, value: object) -> None:
    """``dict(row)`` of a pandas row holds ``pd.NA`` for a missing cell: that record is an
    error (as ``NaN`` is), and the records after it are still triaged; parse_answers
    raises UsageError, never the TypeError of ``pd.NA == ""``."""
    from calcinosis_cli import UsageError, parse_answers

    records = [{"id": 1, "calcium": "high"}, {"id": 2, key: value}, {"id": 3, "calcium": "low"}]
    rows = list(triage_records(records, FIELDS))
    assert [row["id"] for row in rows] == [1, 2, 3]
    assert [row["error"] is None for row in rows] == [True, False, True]
    assert key in rows[1]["error"]
    with pytest.raises(UsageError, match=key):
        parse_answers({key: value})


def test_numpy_numbers_are_numbers_as_measured_values_and_identifiers() -> None:
    """A pandas row read as ``dict(row)`` or from ``itertuples`` holds numpy scalars: an
    int64 is an integer (it was refused as "must be a number (got int64)")."""
    np = pytest.importorskip("numpy")
    records = [
        {"id": np.int64(7), "calcium_value": np.int64(12), "units": "mg/dl"},
        {"id": np.uint8(8), "calcium_value": np.float32(11.5), "phosphate_value": np.float16(4)},
    ]
    rows = list(triage_records(records, ("labs",)))
    assert [row["error"] for row in rows] == [None, None]
    assert [row["id"] for row in rows] == [7, 8] and all(type(row["id"]) is int for row in rows)
    assert rows[0]["labs"]["calcium"]["value"] == 12 and rows[1]["labs"]["calcium"]["value"] == 11.5
    assert json.loads(triage_answers({"calcium_value": np.int64(12)}).to_json(["labs"]))["labs"]["calcium"]["level"]
    (flagged,) = triage_records([{"kidney_failure": np.bool_(True)}], FIELDS)
    assert "must be a string" in flagged["error"]  # true or false answers no question, numpy's neither


def test_an_id_field_with_spaces_around_is_the_field_it_names() -> None:
    """The id field is checked stripped (as ``batch --id-field ' id '``), so it is used stripped."""
    (row,) = triage_records([{"id": "a", "calcium": "high"}], FIELDS, id_field=" id ")
    assert row["id"] == "a" and row["error"] is None


def test_a_data_frame_given_as_the_records_is_refused_at_the_call() -> None:
    """Iterating a data frame gives its column names: each was a record "not a mapping",
    as many error rows as the frame has columns (not rows). The docs promise UsageError
    at the call for records that are not an iterable of mappings."""
    pd = pytest.importorskip("pandas")
    from calcinosis_cli import UsageError

    frame = pd.DataFrame({"case_id": ["a", "b"], "calcium": ["high", "low"]})
    with pytest.raises(UsageError, match=r"data frame.*to_dict\(orient='records'\)"):
        triage_records(frame, FIELDS, id_field="case_id")
    rows = list(triage_records(frame.to_dict(orient="records"), FIELDS, id_field="case_id"))
    assert [row["id"] for row in rows] == ["a", "b"]

    class Mappings(list[dict[str, str]]):
        """Rows of a database query as mappings (SQLAlchemy's MappingResult has a columns() too)."""

        def columns(self) -> None: ...

    (row,) = triage_records(Mappings([{"calcium": "high"}]), FIELDS)
    assert row["error"] is None


def test_decimal_numbers_are_numbers_as_measured_values() -> None:
    """A database's NUMERIC column reaches Python as ``decimal.Decimal`` (psycopg, pandas'
    ``read_sql``): a measured value given so is read as the number it is; a Decimal that
    is not finite is refused as a float that is not."""
    from decimal import Decimal

    (row,) = triage_records([{"calcium_value": Decimal("11.80"), "units": "mg/dl"}], ("labs",))
    assert row["error"] is None and row["labs"]["calcium"]["value"] == 11.8
    assert row["labs"]["calcium"]["level"] == "high"
    (bad,) = triage_records([{"calcium_value": Decimal("NaN")}], ("labs",))
    assert "must be a finite number" in bad["error"]
