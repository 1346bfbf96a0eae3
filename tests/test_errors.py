"""Bad usage and bad input: exit status 2, one clear message on standard error that
names the flag or field (and, for a value, what is allowed), no traceback, nothing
on standard output."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from calcinosis_cli.questions import QUESTIONS, QUESTIONS_BY_ID

TYPE_IDS = ("dystrophic", "metastatic", "iatrogenic", "idiopathic", "calciphylaxis")
LAB_FIELDS = ("calcium_value", "phosphate_value", "units")
# Blood values no living person has, in mg/dl.
IMPOSSIBLE_VALUES = ("-4", "0", "-0.0", "45", "1e9", "1e400", "nan", "NaN", "inf", "-inf", "Infinity")
NOT_NUMBERS = ("abc", "ten", "1.2.3", "0x10", "--", "1e3", "+-2", "1_0", "\u0661\u0662")
# 1.1: plain decimals only, at most this many characters (a sign, ASCII digits, one point).
PLAIN_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
LONGEST_NUMBER = 40


def typed_form(text: str, values: tuple[str, ...]) -> str:
    """A value as 1.1 reads what a person types: case-insensitive, spaces or underscores for
    hyphens, y/n for yes/no."""
    value = "-".join(text.strip().lower().replace("_", " ").split())
    return {"y": "yes", "n": "no"}.get(value, value) if "yes" in values else value


FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def flag(qid: str) -> str:
    return "--" + qid.replace("_", "-")


def assert_usage_error(outcome: Any, *named: str) -> str:
    """Exit 2, nothing on stdout, no traceback, exactly one error line naming ``named``."""
    assert "Traceback" not in outcome.stderr, outcome.stderr
    assert outcome.exception is None, repr(outcome.exception)
    assert outcome.exit_code == 2, (
        f"exit {outcome.exit_code}; stdout {outcome.stdout[:200]!r}; stderr {outcome.stderr!r}"
    )
    assert outcome.stdout == ""
    errors = [line for line in outcome.stderr.splitlines() if line.lower().startswith("error")]
    assert len(errors) == 1, f"expected one error message, got: {outcome.stderr!r}"
    message = errors[0]
    for word in named:
        assert word.lower() in message.lower(), f"{word!r} not named in {message!r}"
    return message


def answers_file(tmp_path: Path, content: str | bytes) -> str:
    path = tmp_path / "answers.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return str(path)


# --- flags ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("triage", "--bogus-flag"), "--bogus-flag"),
        (("triage", "--calcum", "high"), "--calcum"),
        (("triage", "--kidney_failure", "yes"), "--kidney_failure"),
        (("triage", "--calcium"), "--calcium"),
        (("triage", "stray"), "stray"),
        (("--bogus-flag",), "--bogus-flag"),
        (("nonsense-command",), "nonsense-command"),
        (("questions", "--yaml"), "--yaml"),
        (("schema", "extra"), "extra"),
    ],
)
def test_unknown_flag_or_command(invoke: Any, args: tuple[str, ...], named: str) -> None:
    assert_usage_error(invoke(*args), named)


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.id)
def test_value_outside_the_set_names_the_flag_and_the_allowed_values(invoke: Any, question: Any) -> None:
    message = assert_usage_error(invoke("triage", question.flag, "banana"), question.flag, "banana")
    for value in question.values:
        assert value in message


@pytest.mark.parametrize("option", ["--calcium", "--site", "--pain", "--calcium-value", "--units"])
def test_an_empty_flag_value_is_refused(invoke: Any, option: str) -> None:
    """`--calcium ""` (say, from an unset shell variable) is not one of the allowed values: it must
    not pass silently as "unknown" (a single space is already refused)."""
    extra = ("--calcium-value", "9.5") if option == "--units" else ()
    assert_usage_error(invoke("triage", "--no-input", "--json", *extra, option, ""), option)


@FAST
@given(
    question=st.sampled_from(QUESTIONS),
    text=st.text(min_size=1, max_size=30),
)
@example(question=QUESTIONS_BY_ID["calcium"], text=" ")
@example(question=QUESTIONS_BY_ID["calcium"], text="hi gh")
@example(question=QUESTIONS_BY_ID["site"], text="transplant sight")
@example(question=QUESTIONS_BY_ID["site"], text="transplant--site")
@example(question=QUESTIONS_BY_ID["pain"], text="unknown\nsevere")
@example(question=QUESTIONS_BY_ID["pain"], text="y")
def test_any_text_that_is_not_an_allowed_value_is_refused(invoke: Any, question: Any, text: str) -> None:
    if typed_form(text, question.values) in question.values:
        return  # the forms a person types (1.1) are accepted; that is covered in test_cli
    outcome = invoke("triage", "--no-input", "--json", f"{question.flag}={text}")
    message = assert_usage_error(outcome, question.flag)
    assert ", ".join(question.values) in message
    assert outcome.stderr.count("\n") == 1, "the message is one line"


@pytest.mark.parametrize(
    ("text", "hint"), [("transplant sight", "transplant-site"), ("sever", "severe"), ("hihg", "high")]
)
def test_a_near_miss_gets_a_did_you_mean_hint(invoke: Any, text: str, hint: str) -> None:
    question = next(q for q in QUESTIONS if hint in q.values)
    message = assert_usage_error(invoke("triage", "--no-input", "--json", f"{question.flag}={text}"), question.flag)
    assert f"did you mean {hint!r}?" in message.lower()


@pytest.mark.parametrize("text", ["transplant site", "Transplant_Site", "  TRANSPLANT   site "])
def test_the_forms_a_person_types_are_accepted(invoke: Any, text: str) -> None:
    outcome = invoke("triage", "--no-input", "--json", f"--site={text}")
    assert outcome.exit_code == 0, outcome.stderr
    assert json.loads(outcome.stdout)["answers"]["site"] == "transplant-site"


@pytest.mark.parametrize(
    ("level", "value_flag", "value"),
    [
        (("--calcium", "normal"), "--calcium-value", "13"),
        (("--calcium", "LOW"), "--calcium-value", "11"),
        (("--calcium", "high"), "--calcium-value", "9.5"),
        (("--phosphate", "low"), "--phosphate-value", "8"),
        (("--phosphate", "normal"), "--phosphate-value", "1.2"),
    ],
)
def test_a_value_that_contradicts_the_level(invoke: Any, level: Any, value_flag: str, value: str) -> None:
    message = assert_usage_error(invoke("triage", "--no-input", *level, value_flag, value), value_flag)
    assert level[0] in message


def test_a_value_that_contradicts_the_level_by_age(invoke: Any) -> None:
    # 5.2 mg/dl of phosphate is normal for a child but high for an adult
    args = ("triage", "--no-input", "--phosphate", "normal", "--phosphate-value", "5.2")
    assert_usage_error(invoke(*args, "--age-group", "adult"), "--phosphate-value", "--phosphate")
    assert invoke(*args, "--age-group", "child").exit_code == 0


@pytest.mark.parametrize("value", IMPOSSIBLE_VALUES)
@pytest.mark.parametrize("value_flag", ["--calcium-value", "--phosphate-value"])
def test_an_impossible_blood_value(invoke: Any, value_flag: str, value: str) -> None:
    assert_usage_error(invoke("triage", "--no-input", "--json", f"{value_flag}={value}"), value_flag)


@pytest.mark.parametrize("value", NOT_NUMBERS)
def test_a_value_that_is_not_a_number(invoke: Any, value: str) -> None:
    message = assert_usage_error(invoke("triage", "--no-input", f"--calcium-value={value}"), "--calcium-value")
    assert "number" in message


@pytest.mark.parametrize("value", ["11." + "0" * 40, "0" * 39 + "11"])
def test_a_plain_decimal_too_long_for_a_blood_value_is_said_to_be_too_long(invoke: Any, value: str) -> None:
    """It was told to be "a plain decimal number such as 2.5 (digits, at most one point)",
    which it is."""
    message = assert_usage_error(invoke("triage", "--no-input", f"--calcium-value={value}"), "--calcium-value")
    assert "plain decimal" not in message and f"longer than {LONGEST_NUMBER} characters" in message


@pytest.mark.parametrize(("value", "fixed"), [("12,5", "12.5"), ("-0,5", "-0.5"), (" 9,75 ", "9.75")])
def test_a_decimal_comma_is_refused_saying_how_to_write_it(invoke: Any, value: str, fixed: str) -> None:
    message = assert_usage_error(invoke("triage", "--no-input", f"--calcium-value={value}"), "--calcium-value")
    assert f"has a decimal comma: write {fixed} instead" in message


def test_a_value_in_the_wrong_units_is_impossible(invoke: Any) -> None:
    # 11 mg/dl is high; 11 mmol/l is over 40 mg/dl, which nobody lives with
    assert invoke("triage", "--no-input", "--calcium-value", "11").exit_code == 0
    assert_usage_error(invoke("triage", "--no-input", "--calcium-value", "11", "--units", "mmol/l"), "--calcium-value")


@FAST
@given(
    value=st.one_of(
        st.floats(allow_nan=True, allow_infinity=True).filter(lambda x: not (1.0 <= x <= 30.0)),
        st.sampled_from([float("nan"), float("inf"), -float("inf"), -0.0, 0.99, 30.01]),
    )
)
def test_any_calcium_value_outside_what_a_person_can_have_is_refused(invoke: Any, value: float) -> None:
    text = repr(value)
    outcome = invoke("triage", "--no-input", "--json", f"--calcium-value={text}")
    message = assert_usage_error(outcome, "--calcium-value")
    if PLAIN_DECIMAL.fullmatch(text) and len(text) <= LONGEST_NUMBER:
        # a number that no person can have in mg/dl (the default): the message gives the range
        assert "1 to 30 mg/dl" in message
    else:
        # nan, inf, 1e+16, 5e-324: 1.1 takes plain decimals only
        assert math.isnan(value) or math.isinf(value) or "e" in text
        assert "plain decimal number" in message


@pytest.mark.parametrize("units", ["mg", "mmol", "g/l", "mg/dL/", " "])
def test_unknown_units(invoke: Any, units: str) -> None:
    message = assert_usage_error(invoke("triage", "--no-input", "--calcium-value", "9", "--units", units), "--units")
    assert "mg/dl" in message and "mmol/l" in message


def test_json_and_another_format_contradict(invoke: Any) -> None:
    assert_usage_error(invoke("triage", "--no-input", "--json", "--format", "markdown"), "--json", "--format")
    assert_usage_error(invoke("triage", "--no-input", "--format", "panel", "--json"), "--json", "--format")


def test_unknown_format(invoke: Any) -> None:
    message = assert_usage_error(invoke("triage", "--no-input", "--format", "xml"), "--format", "xml")
    for fmt in ("panel", "json", "markdown"):
        assert fmt in message


@pytest.mark.parametrize("name", ["calcinosis", "metastasis", "", "dystrophic-x", "1"])
def test_unknown_type(invoke: Any, name: str) -> None:
    message = assert_usage_error(invoke("types", name), "type")
    for type_id in TYPE_IDS:
        assert type_id in message
    assert_usage_error(invoke("types", name, "--json"), "type")


# --- --answers ---------------------------------------------------------------------------


def test_missing_answers_file(invoke: Any, tmp_path: Path) -> None:
    missing = str(tmp_path / "nowhere.json")
    assert_usage_error(invoke("triage", "--no-input", "--answers", missing), "--answers", "nowhere.json")


def test_unreadable_answers_file(invoke: Any, tmp_path: Path) -> None:
    assert_usage_error(invoke("triage", "--no-input", "--answers", str(tmp_path)), "--answers")


@pytest.mark.parametrize(
    "content",
    ["", "   ", "{not json", '{"calcium": "high",}', "{'calcium': 'high'}", '{"calcium": "high"} {"pain": "none"}'],
    ids=["empty", "blank", "broken", "trailing comma", "single quotes", "two objects"],
)
def test_malformed_json(invoke: Any, tmp_path: Path, content: str) -> None:
    assert_usage_error(invoke("triage", "--no-input", "--answers", answers_file(tmp_path, content)), "--answers")
    assert_usage_error(invoke("triage", "--no-input", "--answers", "-", input=content), "--answers")


@pytest.mark.parametrize("content", ['{"calcium": "hi', '{"calcium": "hi\x01gh"}'], ids=["unterminated", "control"])
def test_a_json_error_whose_words_end_in_at_is_said_once(invoke: Any, content: str) -> None:
    """The json module's messages "Unterminated string starting at" and "Invalid control
    character at" were followed by our own "at line 1, column 13": "at at"."""
    message = assert_usage_error(invoke("triage", "--no-input", "--answers", "-", input=content), "--answers")
    assert " at at " not in message and re.search(r"at line 1, column \d+\)$", message)
    batch = json.loads(invoke("batch", input=content + "\n").stdout)["error"]["message"]
    assert " at (" not in batch and re.search(r"\(column \d+\)$", batch)


@pytest.mark.parametrize("content", ['["calcium", "high"]', '"high"', "42", "null", "true"])
def test_json_that_is_not_an_object(invoke: Any, tmp_path: Path, content: str) -> None:
    message = assert_usage_error(
        invoke("triage", "--no-input", "--answers", answers_file(tmp_path, content)), "--answers"
    )
    assert "object" in message


def test_answers_that_are_not_utf8(invoke: Any, tmp_path: Path) -> None:
    path = answers_file(tmp_path, '{"site": "face"}'.encode("utf-16"))
    assert_usage_error(invoke("triage", "--no-input", "--answers", path), "--answers")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-be"])
def test_answers_and_cases_in_utf_16_or_32_are_said_to_be_so(invoke: Any, tmp_path: Path, encoding: str) -> None:
    """Windows PowerShell 5 writes UTF-16 with ``>``: the message said "not UTF-8 text
    (byte 0)", leaving the reader to guess what the file is."""

    def encoded(text: str) -> bytes:  # with its byte-order mark, as Windows writes it
        return (("\ufeff" if encoding.endswith(("-le", "-be")) else "") + text).encode(encoding)

    named = encoding[:6].upper()
    path = answers_file(tmp_path, encoded('{"site": "face"}\n'))
    message = assert_usage_error(invoke("triage", "--no-input", "--answers", path), "--answers")
    assert f"{named} text" in message and "save it as UTF-8" in message
    for fmt, text in (("jsonl", '{"site": "face"}\n'), ("csv", "site\nface\n")):
        cases = tmp_path / f"cases.{fmt}"
        cases.write_bytes(encoded(text))
        said = assert_usage_error(invoke("batch", str(cases)), "FILE")
        assert f"{named} text" in said and "save it as UTF-8" in said


def test_a_key_given_twice_is_said_plainly(invoke: Any, tmp_path: Path) -> None:
    path = answers_file(tmp_path, '{"calcium": "high", "calcium": "low"}')
    message = assert_usage_error(invoke("triage", "--no-input", "--answers", path), "--answers", "given twice")
    assert message == "Error: --answers: field 'calcium' is given twice"
    outcome = invoke("batch", "--fields", "urgency", input='{"pain": "mild", "pain": "none"}\n')
    assert json.loads(outcome.stdout)["error"]["message"] == "field 'pain' is given twice"


def test_answers_too_large(invoke: Any, tmp_path: Path) -> None:
    path = answers_file(tmp_path, '{"calcium": "high"' + " " * 200_000 + "}")
    assert_usage_error(invoke("triage", "--no-input", "--answers", path), "--answers")


def test_answers_nested_too_deeply(invoke: Any) -> None:
    assert_usage_error(
        invoke("triage", "--no-input", "--answers", "-", input='{"calcium": ' + "[" * 50_000), "--answers"
    )


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"calcium": 3}, "calcium"),
        ({"calcium": True}, "calcium"),
        ({"calcium": ["high"]}, "calcium"),
        ({"calcium": {"level": "high"}}, "calcium"),
        ({"site": 1.5}, "site"),
        ({"calcium_value": "abc"}, "calcium_value"),
        ({"calcium_value": True}, "calcium_value"),
        ({"calcium_value": [9.5]}, "calcium_value"),
        ({"phosphate_value": {"value": 4}}, "phosphate_value"),
        ({"calcium_value": 9, "units": 5}, "units"),
    ],
)
def test_a_field_of_the_wrong_type(invoke: Any, tmp_path: Path, answers: dict[str, Any], field: str) -> None:
    path = answers_file(tmp_path, json.dumps(answers))
    assert_usage_error(invoke("triage", "--no-input", "--json", "--answers", path), field)


def test_a_value_outside_the_set_in_the_file(invoke: Any) -> None:
    message = assert_usage_error(
        invoke("triage", "--no-input", "--answers", "-", input='{"calcium": "purple"}'), "calcium", "purple"
    )
    for value in QUESTIONS_BY_ID["calcium"].values:
        assert value in message


def test_a_contradiction_in_the_file(invoke: Any) -> None:
    outcome = invoke("triage", "--no-input", "--answers", "-", input='{"calcium": "normal", "calcium_value": 13}')
    assert_usage_error(outcome, "calcium_value")


def test_an_impossible_value_in_the_file(invoke: Any) -> None:
    for value in ("-4", "1e999", '"nan"', '"inf"', "400"):
        outcome = invoke("triage", "--no-input", "--answers", "-", input='{"calcium_value": ' + value + "}")
        assert_usage_error(outcome, "calcium_value")


def test_unknown_field(invoke: Any, tmp_path: Path) -> None:
    path = answers_file(tmp_path, json.dumps({"calcium": "high", "colour": "red"}))
    assert_usage_error(invoke("triage", "--no-input", "--answers", path), "colour")


def test_duplicate_key(invoke: Any, tmp_path: Path) -> None:
    path = answers_file(tmp_path, '{"calcium": "high", "pain": "none", "calcium": "low"}')
    message = assert_usage_error(invoke("triage", "--no-input", "--answers", path), "--answers", "calcium")
    assert "twice" in message or "duplicate" in message.lower()


@FAST
@given(key=st.from_regex(r"[a-z][a-z_]{0,30}", fullmatch=True))
def test_any_unknown_field_is_named(invoke: Any, key: str) -> None:
    if key in QUESTIONS_BY_ID or key in LAB_FIELDS:
        return
    outcome = invoke("triage", "--no-input", "--answers", "-", input=json.dumps({key: "yes"}))
    assert_usage_error(outcome, key)


@FAST
@given(
    question=st.sampled_from(QUESTIONS),
    value=st.one_of(
        st.integers(),
        st.floats(allow_nan=False),
        st.booleans(),
        st.lists(st.sampled_from(["yes", "high"]), max_size=2),
        st.dictionaries(st.sampled_from(["value", "level"]), st.sampled_from(["yes", "high"]), max_size=2),
    ),
)
def test_any_answer_that_is_not_a_string_is_refused(invoke: Any, question: Any, value: Any) -> None:
    outcome = invoke("triage", "--no-input", "--answers", "-", input=json.dumps({question.id: value}))
    message = assert_usage_error(outcome, question.id)
    # What was given is said as JSON names it, never as a Python type (int, bool, dict).
    assert re.search(r"\(got (a number|true or false|a list|an object)\)", message), message


@pytest.mark.parametrize(
    ("fields", "twice"), [("urgency,certainty,urgency", "urgency"), ("answers,answers", "answers")]
)
def test_a_key_named_twice_in_fields_is_named(invoke: Any, tmp_path: Path, fields: str, twice: str) -> None:
    cases = tmp_path / "cases.jsonl"
    cases.write_text('{"calcium": "high"}\n', encoding="utf-8")
    message = assert_usage_error(invoke("batch", "--jobs", "1", "--fields", fields, str(cases)), "--fields")
    assert f"'{twice}' twice" in message


# --- the real executable -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "stdin", "named"),
    [
        (("triage", "--no-input", "--bogus-flag"), "", "--bogus-flag"),
        (("triage", "--no-input", "--calcium", "banana"), "", "--calcium"),
        (("triage", "--no-input", "--calcium", "normal", "--calcium-value", "13"), "", "--calcium-value"),
        (("triage", "--no-input", "--calcium-value", "nan"), "", "--calcium-value"),
        (("triage", "--no-input", "--answers", "/nonexistent/answers.json"), "", "--answers"),
        (("triage", "--answers", "-"), "{not json", "--answers"),
        (("triage", "--answers", "-"), '{"calcium": "high", "calcium": "low"}', "calcium"),
        (("triage", "--json", "--format", "markdown"), "", "--format"),
        (("types", "bogus"), "", "type"),
    ],
)
def test_the_installed_command_exits_2_with_one_message(run: Any, args: Any, stdin: str, named: str) -> None:
    outcome = run(*args, input=stdin)
    assert outcome.returncode == 2, outcome.stderr
    assert outcome.stdout == ""
    assert "Traceback" not in outcome.stderr
    errors = [line for line in outcome.stderr.splitlines() if line.lower().startswith("error")]
    assert len(errors) == 1, outcome.stderr
    assert named.lower() in errors[0].lower()
