"""Fuzzing ``calcinosis triage --answers``: from a file and from standard input.

Any JSON value (lists, nulls, nested objects, wrong types), objects of answers with
good and bad values, duplicate keys, a byte-order mark, bytes that are not UTF-8,
truncated text, a 10 MB string, brackets nested 100 000 deep. Whatever comes in:

* the exit status is 0 or 2, with no traceback;
* 2 comes with one message on stderr naming ``--answers`` and nothing on stdout;
* 0 prints, with ``--json``, the result alone on stdout, valid against the schema,
  echoing every answer of the file in lower case;
* beyond :data:`MAX_ANSWERS_BYTES` the refusal says so, naming the limit.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from calcinosis_cli.answers import MAX_ANSWERS_BYTES
from calcinosis_cli.questions import LAB_FIELDS, QUESTION_IDS, QUESTIONS_BY_ID

OBJECT_EXAMPLES = 300
VALUE_EXAMPLES = 200
BYTES_EXAMPLES = 200
SUBPROCESS_EXAMPLES = 10

LIMIT_KIB = f"{MAX_ANSWERS_BYTES // 1024} KiB"
BOM = b"\xef\xbb\xbf"

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**30, max_value=10**300),
    st.floats(),  # NaN and Infinity are written as the JSON extensions Python reads back
    st.text(max_size=20),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=15,
)


def error_lines(stderr: str) -> int:
    """How many messages: lines that start with "Error" (a quoted value cannot start a line)."""
    return sum(line.startswith("Error") for line in stderr.splitlines())


def any_case(text: str) -> st.SearchStrategy[str]:
    return st.lists(st.booleans(), min_size=len(text), max_size=len(text)).map(
        lambda upper: "".join(c.upper() if u else c for c, u in zip(text, upper, strict=True))
    )


def good_value(qid: str) -> st.SearchStrategy[object]:
    allowed = st.sampled_from(QUESTIONS_BY_ID[qid].values).flatmap(any_case)
    padded = st.tuples(st.sampled_from(["", " ", "\t"]), allowed, st.sampled_from(["", " ", "\n"])).map("".join)
    return st.one_of(allowed, allowed, padded, st.just(""), st.none())


@st.composite
def answer_objects(draw: st.DrawFn) -> dict[str, object]:
    """Objects of answers: mostly question ids with good values, some bad ones, lab fields, strangers."""
    answers: dict[str, object] = {}
    for qid in draw(st.lists(st.sampled_from(QUESTION_IDS), max_size=19, unique=True)):
        answers[qid] = draw(st.one_of(good_value(qid), good_value(qid), good_value(qid), json_values))
    if draw(st.integers(0, 4)) == 0:
        for field in draw(st.lists(st.sampled_from(LAB_FIELDS), max_size=3, unique=True)):
            answers[field] = draw(
                st.one_of(
                    st.floats(min_value=0, max_value=40),
                    st.sampled_from(["mg/dl", "MMOL/L", "10", " 2.5 ", "nan", "1e400", "-3", "0x1"]),
                    json_values,
                )
            )
    if draw(st.integers(0, 6)) == 0:
        answers[draw(st.text(max_size=30).filter(lambda key: key not in answers))] = draw(json_values)
    return answers


def expected_status(value: object) -> int | None:
    """0 or 2 when the contract says which; None when it depends on the lab values."""
    if not isinstance(value, dict):
        return 2
    known = set(QUESTION_IDS) | set(LAB_FIELDS)
    if any(key not in known for key in value):
        return 2
    for qid in QUESTION_IDS:
        given = value.get(qid)
        if given is None or given == "":
            continue
        if not isinstance(given, str) or given.strip().lower() not in QUESTIONS_BY_ID[qid].values:
            return 2
    if any(field in value for field in LAB_FIELDS):
        return None
    return 0


def check(outcome: Any, validate: Callable[[Any], None] | None = None) -> Any:
    """The invariants of every run; the JSON result when there is one."""
    assert outcome.exception is None, f"raised {outcome.exception!r}"
    assert outcome.exit_code in (0, 2), f"exit {outcome.exit_code}: {outcome.stderr[-2000:]}"
    assert "Traceback" not in outcome.stdout and "Traceback" not in outcome.stderr, outcome.stderr[-3000:]
    if outcome.exit_code == 2:
        assert outcome.stdout == ""
        assert error_lines(outcome.stderr) == 1, outcome.stderr[-2000:]
        assert "--answers" in outcome.stderr, outcome.stderr
        assert len(outcome.stderr) < 1000, f"the message is {len(outcome.stderr)} characters long"
        return None
    result = json.loads(outcome.stdout)
    if validate is not None:
        validate(result)
    return result


def run_answers(invoke: Any, data: bytes, tmp_path: Path, via_stdin: bool) -> Any:
    if via_stdin:
        return invoke("triage", "--no-input", "--json", "--answers", "-", input=data)
    path = tmp_path / "answers.json"
    path.write_bytes(data)
    return invoke("triage", "--no-input", "--json", "--answers", str(path))


def echoes(result: dict[str, Any], answers: dict[str, object]) -> None:
    for qid in QUESTION_IDS:
        given = answers.get(qid)
        if isinstance(given, str) and given.strip():
            assert result["answers"][qid] == given.strip().lower()
            assert qid not in result["unanswered"]
        elif qid not in ("calcium", "phosphate"):
            assert result["answers"][qid] == "unknown" and qid in result["unanswered"]


def fuzz(examples: int) -> settings:
    """``examples`` cases; ``tmp_path`` is shared by the examples of a test (each rewrites its file)."""
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )


@fuzz(OBJECT_EXAMPLES)
@given(answers=answer_objects(), via_stdin=st.booleans(), bom=st.booleans(), indent=st.sampled_from([None, 0, 2]))
@example(answers={"calcium": "HIGH", "kidney_failure": " yes "}, via_stdin=False, bom=True, indent=None)
@example(answers={"calcium": None, "site": ""}, via_stdin=True, bom=False, indent=2)
@example(answers={"calcium_value": float("nan")}, via_stdin=True, bom=False, indent=None)
def test_any_object_of_answers_gives_a_result_or_one_clear_refusal(
    invoke: Any,
    validate_result: Callable[[Any], None],
    tmp_path: Path,
    answers: dict[str, object],
    via_stdin: bool,
    bom: bool,
    indent: int | None,
) -> None:
    data = (BOM if bom else b"") + json.dumps(answers, indent=indent).encode()
    outcome = run_answers(invoke, data, tmp_path, via_stdin)
    result = check(outcome, validate_result)
    expected = expected_status(answers)
    if expected is not None:
        assert outcome.exit_code == expected, f"{answers!r}: exit {outcome.exit_code}: {outcome.stderr}"
    if result is not None:
        echoes(result, answers)


@fuzz(VALUE_EXAMPLES)
@given(value=json_values, via_stdin=st.booleans())
@example(value=[], via_stdin=False)
@example(value=[{"calcium": "high"}], via_stdin=True)
@example(value=None, via_stdin=True)
@example(value="calcium=high", via_stdin=False)
@example(value={"calcium": {"level": "high"}}, via_stdin=False)
@example(value={"calcium": ["high"]}, via_stdin=True)
@example(value={"calcium": True}, via_stdin=True)
@example(value={"": "high"}, via_stdin=True)
def test_any_json_value_gives_a_result_or_one_clear_refusal(
    invoke: Any, validate_result: Callable[[Any], None], tmp_path: Path, value: object, via_stdin: bool
) -> None:
    outcome = run_answers(invoke, json.dumps(value).encode(), tmp_path, via_stdin)
    check(outcome, validate_result)
    expected = expected_status(value)
    if expected is not None:
        assert outcome.exit_code == expected, f"{value!r}: exit {outcome.exit_code}: {outcome.stderr}"


@st.composite
def damaged_bytes(draw: st.DrawFn) -> tuple[bytes, int | None]:
    """Good answers, damaged: cut short, a byte that is not UTF-8, a key given twice, junk.

    Returns the bytes and the status they must give (None: either)."""
    answers = draw(st.dictionaries(st.sampled_from(QUESTION_IDS), st.just("unknown"), min_size=1, max_size=6))
    text = json.dumps(answers).encode()
    damage = draw(st.sampled_from(["cut", "not utf-8", "twice", "junk", "bom twice", "bytes"]))
    if damage == "cut":
        return text[: draw(st.integers(0, len(text) - 1))], 2
    if damage == "not utf-8":
        at = draw(st.integers(0, len(text)))
        bad = draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xc0\xaf", b"\xfe\xff"]))
        return text[:at] + bad + text[at:], 2
    if damage == "twice":
        key = next(iter(answers))
        return text[:-1] + b', "' + key.encode() + b'": "unknown"}', 2
    if damage == "junk":
        return text + draw(st.sampled_from([b"x", b"{}", b",", b"\x00", b"]"])), 2
    if damage == "bom twice":
        return BOM + BOM + text, 2
    return draw(st.binary(max_size=200)), None


@fuzz(BYTES_EXAMPLES)
@given(case=damaged_bytes(), via_stdin=st.booleans())
@example(case=(b"", 2), via_stdin=True)
@example(case=(b"\x00" * 100, 2), via_stdin=False)
@example(case=(BOM, 2), via_stdin=True)
@example(case=(b'{"calcium": "\\ud800"}', 2), via_stdin=True)
@example(case=(b'{"\\ud800": "high"}', 2), via_stdin=False)
@example(case=(b'{"calcium": "high\\u0000"}', 2), via_stdin=False)
@example(case=('{"site": "face"}'.encode("utf-16"), 2), via_stdin=False)
def test_damaged_bytes_give_one_clear_refusal(
    invoke: Any, tmp_path: Path, case: tuple[bytes, int | None], via_stdin: bool
) -> None:
    data, expected = case
    outcome = run_answers(invoke, data, tmp_path, via_stdin)
    check(outcome)
    if expected is not None:
        assert outcome.exit_code == expected, f"{data!r}: exit {outcome.exit_code}"


# --- sizes and depths ------------------------------------------------------------------


def assert_too_large(outcome: Any) -> None:
    check(outcome)
    assert outcome.exit_code == 2
    assert "--answers" in outcome.stderr and LIMIT_KIB in outcome.stderr, outcome.stderr


@pytest.mark.parametrize("via_stdin", [False, True])
def test_a_10_mb_string_is_refused_naming_the_limit(invoke: Any, tmp_path: Path, via_stdin: bool) -> None:
    data = b'{"calcium": "' + b"x" * (10 * 1024 * 1024) + b'"}'
    assert_too_large(run_answers(invoke, data, tmp_path, via_stdin))


@pytest.mark.parametrize("via_stdin", [False, True])
def test_a_hundred_thousand_brackets_are_refused_without_a_crash(invoke: Any, tmp_path: Path, via_stdin: bool) -> None:
    assert_too_large(run_answers(invoke, b"[" * 100_000, tmp_path, via_stdin))


@pytest.mark.parametrize("opening", [b"[", b'{"a":', b'{"calcium":['])
def test_brackets_nested_deep_within_the_limit_are_refused_as_too_deep(
    invoke: Any, tmp_path: Path, opening: bytes
) -> None:
    data = opening * ((MAX_ANSWERS_BYTES - 100) // len(opening))
    outcome = run_answers(invoke, data, tmp_path, via_stdin=False)
    check(outcome)
    assert outcome.exit_code == 2


def test_answers_of_exactly_the_limit_are_read_and_one_byte_more_are_refused(invoke: Any, tmp_path: Path) -> None:
    body = b'{"calcium": "high"}'
    exact = body + b" " * (MAX_ANSWERS_BYTES - len(body))
    assert len(exact) == MAX_ANSWERS_BYTES
    accepted = check(run_answers(invoke, exact, tmp_path, via_stdin=False))
    assert accepted["answers"]["calcium"] == "high"
    assert_too_large(run_answers(invoke, exact + b" ", tmp_path, via_stdin=True))


@pytest.mark.parametrize("digits", [4300, 4301, 5000, 60_000])
@pytest.mark.parametrize("field", ["calcium_value", "site", "phosphate_value"])
def test_an_integer_with_thousands_of_digits_is_refused_without_a_crash(
    invoke: Any, tmp_path: Path, digits: int, field: str
) -> None:
    data = b'{"' + field.encode() + b'": ' + b"9" * digits + b"}"
    outcome = run_answers(invoke, data, tmp_path, via_stdin=False)
    check(outcome)
    assert outcome.exit_code == 2
    assert field in outcome.stderr or "number" in outcome.stderr, outcome.stderr


@pytest.mark.parametrize("text", ["9" * 5000, "1e400", "-" + "9" * 400])
def test_a_value_that_is_not_finite_is_refused_with_a_short_message(invoke: Any, tmp_path: Path, text: str) -> None:
    data = json.dumps({"calcium_value": text}).encode()
    outcome = run_answers(invoke, data, tmp_path, via_stdin=True)
    check(outcome)
    assert outcome.exit_code == 2
    assert "calcium_value" in outcome.stderr


# --- files that are not files ----------------------------------------------------------


def test_a_missing_file_a_folder_and_an_empty_file_are_refused(invoke: Any, tmp_path: Path) -> None:
    empty = tmp_path / "empty.json"
    empty.write_bytes(b"")
    for path in (tmp_path / "missing.json", tmp_path, empty, Path("/dev/null")):
        outcome = invoke("triage", "--no-input", "--json", "--answers", str(path))
        check(outcome)
        assert outcome.exit_code == 2, path


def test_an_endless_file_is_refused_at_the_limit(invoke: Any) -> None:
    assert_too_large(invoke("triage", "--no-input", "--json", "--answers", "/dev/zero"))


# --- the installed command: a small sample ----------------------------------------------------


@settings(max_examples=SUBPROCESS_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers=answer_objects())
def test_the_installed_command_reads_answers_from_standard_input(run: Any, answers: dict[str, object]) -> None:
    done = run("triage", "--no-input", "--json", "--answers", "-", input=json.dumps(answers))
    assert done.returncode in (0, 2), done.stderr
    assert "Traceback" not in done.stderr
    expected = expected_status(answers)
    if expected is not None:
        assert done.returncode == expected, done.stderr
    if done.returncode == 0:
        echoes(json.loads(done.stdout), answers)
    else:
        assert done.stdout == "" and "--answers" in done.stderr


def test_the_installed_command_refuses_10_mb_on_standard_input_without_reading_it_all(run: Any) -> None:
    done = run("triage", "--no-input", "--json", "--answers", "-", input='{"site": "' + "x" * (10 * 1024 * 1024) + '"}')
    assert done.returncode == 2
    assert "--answers" in done.stderr and LIMIT_KIB in done.stderr
    assert "Traceback" not in done.stderr
