"""Fuzzing the answer flags of ``calcinosis triage``.

Random subsets of the 19 answer flags with random values (valid ones in any case,
junk, unicode, huge numbers, ``nan``, ``inf``, negative numbers), the blood-test
flags, repeated flags, unknown flags and stray arguments, in both ``--flag value``
and ``--flag=value`` forms. Whatever comes in, the contract holds:

* the exit status is 0 or 2 (never 1 or a crash), with no traceback;
* 2 exactly when some flag is bad, with one message on stderr and nothing on stdout;
* 0 prints a result, and with ``--json`` stdout is that result alone, valid against
  ``calcinosis schema``, echoing the answers given in lower case.

Most examples run in-process (the ``invoke`` fixture); a small sample runs the
installed command, including arguments that are not UTF-8.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from calcinosis_cli.questions import QUESTIONS, QUESTIONS_BY_ID, UNITS
from calcinosis_cli.render.registry import DOCUMENT_FORMATS as FORMATS

IN_PROCESS_EXAMPLES = 300
SUBPROCESS_EXAMPLES = 12
LAB_EXAMPLES = 150

# Values that have broken command-line programs before.
NASTY = [
    "",
    " ",
    "\t",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "Infinity",
    "-1",
    "0",
    "-0",
    "1e308",
    "1e400",
    "-1e400",
    "9" * 400,
    "0x10",
    "1_0",
    "null",
    "None",
    "true",
    "[]",
    "{}",
    "%s%n",
    "{0}",
    "$(reboot)",
    "'; DROP TABLE",
    "\x00",
    "\x1b[31mhigh",
    "high\nlow",
    "ｈｉｇｈ",  # full-width letters
    "hıgh",  # dotless i
    "İ",
    "\u202ehigh",  # right-to-left override
    "\ud800",  # a lone surrogate
    "🦴",
    "x" * 10_000,
    "--",
    "--help",
    "--json",
    "-",
]

# Tokens that are not options of ``triage`` (nor end-of-options ``--`` or ``--help``).
OPTION_NAMES = {"--help", "--"}
for _q in QUESTIONS:
    OPTION_NAMES.add(_q.flag)
OPTION_NAMES.update(
    {"--calcium-value", "--phosphate-value", "--units", "--no-input", "--answers", "--format", "--json"}
)
UNKNOWN_TOKENS = [
    "--foo",
    "--calcium-valu",
    "--age",
    "--Calcium",
    "--CALCIUM",
    "-c",
    "-x",
    "-",
    "---calcium",
    "--json=1",
    "--no-input=yes",
    "stray",
    "high",
    "",
    "--\ud800",
    "--é",
]


def error_lines(stderr: str) -> int:
    """How many messages: lines that start with "Error" (a quoted value cannot start a line)."""
    return sum(line.startswith("Error") for line in stderr.splitlines())


def unknown_token() -> st.SearchStrategy[str]:
    made_up = st.text(min_size=1, max_size=30).map(lambda text: "--" + text)
    return st.one_of(st.sampled_from(UNKNOWN_TOKENS), made_up).filter(
        lambda token: token.split("=", 1)[0] not in OPTION_NAMES
    )


def any_case(text: str) -> st.SearchStrategy[str]:
    return st.lists(st.booleans(), min_size=len(text), max_size=len(text)).map(
        lambda upper: "".join(c.upper() if u else c for c, u in zip(text, upper, strict=True))
    )


def value_for(qid: str) -> st.SearchStrategy[str]:
    """A value for the flag of ``qid``: an allowed one (any case, maybe padded) or anything else."""
    allowed = st.sampled_from(QUESTIONS_BY_ID[qid].values).flatmap(any_case)
    padded = st.tuples(st.sampled_from(["", " ", "\t"]), allowed, st.sampled_from(["", " ", "\n"])).map("".join)
    numbers = st.one_of(st.integers(), st.floats()).map(str)
    junk = st.one_of(st.sampled_from(NASTY), st.text(max_size=30), numbers)
    # Mostly good values, so that many command lines are valid as a whole.
    return st.one_of(allowed, allowed, allowed, padded, junk)


# Short forms taken for the values they stand for, where a question has that value.
SHORT_FORMS = {"y": "yes", "n": "no"}


def valid_choice(qid: str, value: str) -> bool:
    """The contract: values are case-insensitive (and surrounding blanks are ignored); "y"
    and "n" stand for yes and no where those are values."""
    typed = value.strip().lower()
    return SHORT_FORMS.get(typed, typed) in QUESTIONS_BY_ID[qid].values


@dataclass(frozen=True)
class Given:
    """One answer flag on the command line."""

    qid: str
    value: str
    joined: bool  # --flag=value rather than --flag value

    def args(self) -> list[str]:
        flag = QUESTIONS_BY_ID[self.qid].flag
        return [f"{flag}={self.value}"] if self.joined else [flag, self.value]


@st.composite
def flag_lines(draw: st.DrawFn, *, with_unknown: bool = True) -> tuple[list[str], dict[str, Any]]:
    """A command line of random answer flags and what it should do."""
    qids = draw(st.lists(st.sampled_from([q.id for q in QUESTIONS]), max_size=25))  # repeats allowed
    items: list[list[str]] = []
    last: dict[str, str] = {}
    for qid in qids:
        given = Given(qid, draw(value_for(qid)), draw(st.booleans()))
        items.append(given.args())
        last[qid] = given.value
    unknown = draw(st.lists(unknown_token(), max_size=2)) if with_unknown and draw(st.integers(0, 3)) == 0 else []
    for token in unknown:
        items.insert(draw(st.integers(0, len(items))), [token])
    as_json = draw(st.booleans())
    fmt = draw(st.one_of(st.none(), st.none(), st.sampled_from(FORMATS).flatmap(any_case), st.sampled_from(NASTY)))
    tail = (["--json"] if as_json else []) + (["--format", fmt] if fmt is not None else [])
    args = ["triage", "--no-input", *(arg for item in items for arg in item), *tail]
    fmt_ok = fmt is None or (fmt.strip().lower() in FORMATS and (not as_json or fmt.strip().lower() == "json"))
    resolved = "json" if as_json else (fmt.strip().lower() if fmt is not None and fmt_ok else "panel")
    bad_flags = [QUESTIONS_BY_ID[q].flag for q, v in last.items() if not valid_choice(q, v)]
    expect = {
        "last": last,
        "repeated": len(qids) != len(set(qids)),
        "unknown": unknown,
        "bad_flags": bad_flags,
        "fmt_ok": fmt_ok,
        "format": resolved,
    }
    return args, expect


def check_outcome(
    code: int,
    stdout: str,
    stderr: str,
    fmt: str,
    validate: Callable[[Any], None] | None = None,
) -> Any:
    """The invariants of every run; the parsed JSON result when there is one."""
    assert code in (0, 2), f"exit {code}; stderr: {stderr[-2000:]}"
    assert "Traceback" not in stdout and "Traceback" not in stderr, stderr[-3000:]
    if code == 2:
        assert stdout == "", "a refused command printed something on stdout"
        assert error_lines(stderr) == 1, f"not one message: {stderr[-2000:]!r}"
        return None
    assert stdout.strip(), "exit 0 but no result"
    if fmt != "json":
        return None
    result = json.loads(stdout)
    assert isinstance(result, dict)
    if validate is not None:
        validate(result)
    return result


@settings(max_examples=IN_PROCESS_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=flag_lines())
@example(case=(["triage", "--no-input", "--calcium", "nan"], {"bad_flags": ["--calcium"]}))
@example(
    case=(["triage", "--no-input", "--age-group", "INFANT", "--age-group", "purple"], {"bad_flags": ["--age-group"]})
)
def test_any_answer_flags_give_a_result_or_one_clear_refusal(
    invoke: Any, validate_result: Callable[[Any], None], case: tuple[list[str], dict[str, Any]]
) -> None:
    args, expect = case
    expect = {"last": {}, "repeated": False, "unknown": [], "fmt_ok": True, "format": "panel", **expect}
    outcome = invoke(*args)
    event(f"exit {outcome.exit_code}")
    assert outcome.exception is None, f"{args!r} raised {outcome.exception!r}"
    result = check_outcome(outcome.exit_code, outcome.stdout, outcome.stderr, expect["format"], validate_result)
    refused = bool(expect["unknown"] or expect["bad_flags"] or not expect["fmt_ok"])
    if refused:
        assert outcome.exit_code == 2, f"{args!r} should be refused; exit {outcome.exit_code}"
    elif not expect["repeated"]:
        assert outcome.exit_code == 0, f"{args!r} is valid; exit {outcome.exit_code}: {outcome.stderr}"
    if outcome.exit_code == 2 and not expect["unknown"] and expect["fmt_ok"] and expect["bad_flags"]:
        assert any(flag in outcome.stderr for flag in expect["bad_flags"]), (
            f"the message does not name any of {expect['bad_flags']}: {outcome.stderr!r}"
        )
    if result is not None:
        for qid, value in expect["last"].items():
            typed = value.strip().lower()
            assert result["answers"][qid] == SHORT_FORMS.get(typed, typed), f"{qid}: given {value!r}"


def lab_value() -> st.SearchStrategy[str]:
    numbers = st.one_of(
        st.floats(),
        st.floats(min_value=0, max_value=40),
        st.integers(),
        st.integers(min_value=10**20, max_value=10**400),
        st.integers(min_value=-(10**400), max_value=-1),
    ).map(str)
    return st.one_of(numbers, st.sampled_from(NASTY), st.text(max_size=20))


@settings(max_examples=LAB_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    calcium_value=st.none() | lab_value(),
    phosphate_value=st.none() | lab_value(),
    units=st.none() | st.sampled_from(UNITS).flatmap(any_case) | st.sampled_from(NASTY),
    age_group=st.none() | st.sampled_from(QUESTIONS_BY_ID["age_group"].values),
    calcium=st.none() | st.sampled_from(QUESTIONS_BY_ID["calcium"].values),
)
@example(calcium_value="nan", phosphate_value=None, units=None, age_group=None, calcium=None)
@example(calcium_value="inf", phosphate_value="-inf", units=None, age_group=None, calcium=None)
@example(calcium_value="1e400", phosphate_value="9" * 400, units="MMOL/L", age_group="infant", calcium=None)
@example(calcium_value="-5", phosphate_value="-0", units=None, age_group=None, calcium="high")
@example(calcium_value="13", phosphate_value=None, units=None, age_group="adult", calcium="normal")
def test_any_blood_test_values_give_a_result_or_one_clear_refusal(
    invoke: Any,
    validate_result: Callable[[Any], None],
    calcium_value: str | None,
    phosphate_value: str | None,
    units: str | None,
    age_group: str | None,
    calcium: str | None,
) -> None:
    args = ["triage", "--no-input", "--json"]
    for flag, value in (
        ("--calcium-value", calcium_value),
        ("--phosphate-value", phosphate_value),
        ("--units", units),
        ("--age-group", age_group),
        ("--calcium", calcium),
    ):
        if value is not None:
            args.append(f"{flag}={value}")
    outcome = invoke(*args)
    assert outcome.exception is None, f"{args!r} raised {outcome.exception!r}"
    result = check_outcome(outcome.exit_code, outcome.stdout, outcome.stderr, "json", validate_result)
    if outcome.exit_code == 2:
        named = ("--calcium-value", "--phosphate-value", "--units", "--calcium")
        assert any(flag in outcome.stderr for flag in named), outcome.stderr
        return
    assert result is not None
    for given_value, analyte in ((calcium_value, "calcium"), (phosphate_value, "phosphate")):
        if given_value is None or not given_value.strip():
            continue
        measured = result["labs"][analyte]
        assert measured is not None
        assert measured["level"] == result["answers"][analyte]
        low, high = measured["range"]["low"], measured["range"]["high"]
        expected = "high" if measured["value"] > high else "low" if measured["value"] < low else "normal"
        assert measured["level"] == expected or abs(measured["value"] - (high if expected == "high" else low)) < 1e-3


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e400", "9" * 5000, "-12", "0", "\x00", "\ud800", "🦴"])
@pytest.mark.parametrize("flag", ["--calcium-value", "--phosphate-value"])
def test_values_that_are_not_a_measurement_are_refused_naming_the_flag(invoke: Any, flag: str, value: str) -> None:
    outcome = invoke("triage", "--no-input", "--json", flag, value)
    assert outcome.exception is None
    assert outcome.exit_code == 2
    assert outcome.stdout == ""
    assert flag in outcome.stderr and "Traceback" not in outcome.stderr
    assert len(outcome.stderr) < 400, "the message quotes the whole value"


def test_a_huge_value_is_quoted_short(invoke: Any) -> None:
    outcome = invoke("triage", "--no-input", "--site", "x" * 1_000_000)
    assert outcome.exit_code == 2
    assert "--site" in outcome.stderr
    assert len(outcome.stderr) < 400


def test_every_flag_at_once_with_every_value_spelled_oddly(invoke: Any, validate_result: Callable[[Any], None]) -> None:
    args = ["triage", "--no-input", "--json"]
    for question in QUESTIONS:
        value = question.values[-2]
        args += [f"{question.flag}= {value.upper()}\t"]
    outcome = invoke(*args)
    result = check_outcome(outcome.exit_code, outcome.stdout, outcome.stderr, "json", validate_result)
    assert outcome.exit_code == 0
    assert result["unanswered"] == []
    assert result["answers"] == {q.id: q.values[-2] for q in QUESTIONS}


# --- the installed command: a small sample ------------------------------------------------

PRINTABLE = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=20)


@st.composite
def subprocess_lines(draw: st.DrawFn) -> tuple[list[str], dict[str, Any]]:
    args, expect = draw(flag_lines())
    # A real argv holds no NUL and no lone surrogate: replace them with something printable.
    if any("\x00" in a or any("\ud800" <= c <= "\udfff" for c in a) for a in args):
        args = ["triage", "--no-input", "--calcium", draw(PRINTABLE)]
        value = args[-1]
        expect = {
            "last": {"calcium": value},
            "repeated": False,
            "unknown": [],
            "bad_flags": [] if valid_choice("calcium", value) else ["--calcium"],
            "fmt_ok": True,
            "format": "panel",
        }
    return args, expect


@settings(max_examples=SUBPROCESS_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=subprocess_lines())
def test_the_installed_command_gives_a_result_or_one_clear_refusal(
    run: Any, case: tuple[list[str], dict[str, Any]]
) -> None:
    args, expect = case
    done = run(*args)
    check_outcome(done.returncode, done.stdout, done.stderr, expect["format"])
    refused = bool(expect["unknown"] or expect["bad_flags"] or not expect["fmt_ok"])
    if refused:
        assert done.returncode == 2
    elif not expect["repeated"]:
        assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    "argv",
    [
        [b"--calcium", b"\xff"],
        [b"--site=\xc3"],
        [b"--\xff\xfe"],
        [b"--calcium", "hé".encode("latin-1")],
        [b"\xff"],
    ],
)
@pytest.mark.parametrize("locale", [None, "C"])
def test_arguments_that_are_not_utf8_are_refused_cleanly(
    calcinosis_command: list[str], argv: list[bytes], locale: str | None
) -> None:
    looks = ("NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "COLUMNS", "LINES", "LC_ALL")
    env = {key: value for key, value in os.environ.items() if key not in looks}
    if locale:
        env["LC_ALL"] = locale
    done = subprocess.run(
        [*(part.encode() for part in calcinosis_command), b"triage", b"--no-input", *argv],
        capture_output=True,
        timeout=20,
        env=env,
    )
    stderr = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 2, stderr
    assert done.stdout == b""
    assert "Traceback" not in stderr and error_lines(stderr) == 1
