"""The result panel of contract 1.1 ("Output (1.1)"): a summary that fits one screen, with
the rest under --details, and the "not answered" list computed from the tree.

The summary is checked over the whole answer space (the strategies of test_properties)
and on every vignette of the test suite: the cases of test_cases_1_1 and test_tree, and
every case that the tests of test_rules_1_1 triage (recorded by running those tests).
"""

from __future__ import annotations

import inspect
import io
import itertools
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest
import test_cases_1_1
import test_properties
import test_rules_1_1
import test_tree
from hypothesis import HealthCheck, given, settings
from rich.console import Console

from calcinosis_cli import QUESTIONS, UsageError, triage_answers
from calcinosis_cli.knowledge import DISCLAIMER
from calcinosis_cli.knowledge.safety import DISCLAIMER_SHORT
from calcinosis_cli.render.panel import ResultPanel
from calcinosis_cli.render.text import TYPE_GLOSSES, short_flag, summary_next_steps, summary_reasons
from calcinosis_cli.result import Result
from calcinosis_cli.tree import RULE_BY_ID, RULES
from calcinosis_cli.tree.sensitivity import as_given, could_change, outcome

PROPERTY = settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
SCREEN = 24  # lines, borders included, at 80 columns
BORDERS = re.compile(r"[│╭╮╰╯─]")
RULE_ID = re.compile(r"\b(?:" + "|".join(sorted(RULES, key=len, reverse=True)) + r")\b")
SNAKE_IDS = tuple(q.id for q in QUESTIONS if "_" in q.id)
SAFETY_TITLES = ("When to call the emergency number", "When to get care the same day")
HEADINGS = ("Why", "Warning signs", "What to do next", *SAFETY_TITLES)
MORE = re.compile(r"\.\.\. (\d+) more \(--details\)")


def drawn(result: Result, width: int = 80, *, details: bool = False, colour: bool = False) -> str:
    console = Console(
        width=width, file=io.StringIO(), color_system="truecolor" if colour else None, force_terminal=colour
    )
    console.print(ResultPanel(result, details=details))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(text, str)
    return text


def words(text: str) -> str:
    """The text without borders, bullets or line breaks."""
    return " ".join(BORDERS.sub(" ", text).replace("•", " ").split())


def content_lines(text: str) -> list[str]:
    """The lines inside the box, without borders, empty lines dropped."""
    lines = [line.strip("│ ").rstrip() for line in text.splitlines()[1:-1]]
    return [line for line in lines if line]


def sections(text: str) -> dict[str, str]:
    """The text under each heading of the summary, as words."""
    found: dict[str, list[str]] = {}
    current = None
    for line in content_lines(text):
        if line in HEADINGS:
            current = found.setdefault(line, [])
        elif current is not None:
            current.append(line)
    return {title: words(" ".join(lines)) for title, lines in found.items()}


# --- every vignette of the test suite ------------------------------------------------


def parameter_sets(function: Any) -> Iterator[dict[str, Any]]:
    """The keyword arguments of every case of a test function's parametrize marks."""
    marks = [m for m in getattr(function, "pytestmark", []) if m.name == "parametrize"]
    expanded = []
    for mark in marks:
        names, values = mark.args[0], mark.args[1]
        names = [n.strip() for n in names.split(",")] if isinstance(names, str) else list(names)
        rows = []
        for value in values:
            value = value.values if hasattr(value, "values") and hasattr(value, "marks") else value
            rows.append(dict(zip(names, value if len(names) > 1 else (value,), strict=True)))
        expanded.append(rows)
    for combination in itertools.product(*expanded):
        yield {key: value for row in combination for key, value in row.items()}


@cache
def rule_vignettes() -> tuple[tuple[str, dict[str, Any]], ...]:
    """Every answer set that the example tests of test_rules_1_1 triage, found by running
    them with a recording triage."""
    seen: list[tuple[str, dict[str, Any]]] = []
    original = test_rules_1_1.triage_answers
    name = ""

    def recording(raw: Any) -> Result:
        seen.append((name, dict(raw)))
        return original(raw)

    test_rules_1_1.triage_answers = recording
    try:
        for name, function in sorted(vars(test_rules_1_1).items()):
            if not name.startswith("test_") or getattr(function, "is_hypothesis_test", False):
                continue
            wanted = set(inspect.signature(function).parameters)
            for kwargs in parameter_sets(function):
                if wanted <= set(kwargs):
                    function(**kwargs)
    finally:
        test_rules_1_1.triage_answers = original
    return tuple(seen)


def vignettes() -> list[Any]:
    cases = [pytest.param(v.answers, id=f"cases_1_1 {v.id}") for v in test_cases_1_1.VIGNETTES]
    cases += [pytest.param(p.values[0].answers, id=f"tree {p.id}") for p in test_tree.CASES]
    for number, (name, raw) in enumerate(rule_vignettes()):
        cases.append(pytest.param(raw, id=f"rules_1_1 {name} {number}"))
    return cases


VIGNETTES = vignettes()


def test_the_vignettes_of_the_suite_are_all_here() -> None:
    assert len(test_cases_1_1.VIGNETTES) >= 30 and len(test_tree.CASES) >= 30
    assert len(rule_vignettes()) > 200
    assert len(VIGNETTES) == len(test_cases_1_1.VIGNETTES) + len(test_tree.CASES) + len(rule_vignettes())


# --- the summary: one screen, top first -----------------------------------------------


def check_summary(result: Result) -> None:
    """What every summary promises (contract 1.1, "Output (1.1)")."""
    text = drawn(result)
    lines = text.splitlines()
    assert len(lines) <= SCREEN, text
    assert max(len(line) for line in lines) <= 80
    inside = content_lines(text)
    flat = words(text)
    # top first: how soon, in words; then the best fit and how sure
    first = inside[0]
    if result.urgency == "urgent":
        assert first.startswith("URGENT: get medical care today"), text
    elif result.urgency == "soon":
        assert first.startswith("SOON: see a doctor within the next few days"), text
    else:
        assert first.startswith("ROUTINE:") and "URGENT" not in text, text
    assert inside[1] == f"Best fit: {result.name} ({result.certainty}) — {TYPE_GLOSSES[result.suggested_type]}"
    # never cut: the urgent red flags (in full, or all in a few words each), the safety
    # net and the disclaimer, in two lines at the end
    urgent = [f for f in result.red_flags if RULE_BY_ID_BY_FLAG[f].urgency == "urgent"]
    in_full = all(words(f) in flat for f in urgent)
    assert in_full or all(words(short_flag(f)).lower() in flat.lower() for f in urgent), text
    for item in result.safety_net:
        assert words(item) in flat, f"safety net cut: {item!r}"
    assert " ".join(inside[-2:]) == DISCLAIMER_SHORT
    # no rule id and no question id as the only words
    assert not RULE_ID.search(BORDERS.sub(" ", text)), text
    for qid in SNAKE_IDS:
        assert qid not in text
    # each cut list ends with "... N more (--details)", N what was left out
    found = sections(text)
    for title, items in (
        ("Why", summary_reasons(result)),
        ("What to do next", summary_next_steps(result)),
        ("Warning signs", tuple(f for f in result.red_flags if f not in urgent)),
    ):
        shown = found.get(title, "")
        more = [int(n) for n in MORE.findall(shown)]
        present = sum(words(item) in shown for item in items)
        assert present + sum(more) == len(items), (title, shown)
        assert len(more) <= 1 and (not more or shown.endswith(MORE.findall(shown)[0] + " more (--details)"))
    assert sum(words(item) in found.get("Why", "") for item in summary_reasons(result)) <= 2
    assert sum(words(item) in found.get("What to do next", "") for item in summary_next_steps(result)) <= 3


RULE_BY_ID_BY_FLAG = {rule.flag: rule for rule in RULE_BY_ID.values()}


@PROPERTY
@given(test_properties.answer_sets())
def test_every_result_fits_one_screen_with_the_urgency_first(raw: dict[str, Any]) -> None:
    try:
        result = triage_answers(raw)
    except UsageError:
        return
    check_summary(result)


@pytest.mark.parametrize("raw", VIGNETTES)
def test_every_vignette_of_the_suite_fits_one_screen(raw: dict[str, Any]) -> None:
    try:
        result = triage_answers(raw)
    except UsageError:  # the cases that test_rules_1_1 expects to be refused
        return
    check_summary(result)


def says_what_calciphylaxis_is(result: Result) -> None:
    shown = words(drawn(result)).lower()
    if "calciphylaxis" in shown:
        assert "small blood vessels" in shown, f"calciphylaxis named, never explained:\n{drawn(result)}"


@pytest.mark.parametrize("raw", VIGNETTES)
def test_a_summary_that_names_calciphylaxis_says_what_it_is(raw: dict[str, Any]) -> None:
    # A woman with scleroderma and an ulcerating finger lump was warned of "a risk factor for
    # calciphylaxis" (dystrophic the best fit): the word stood in the summary unexplained.
    try:
        result = triage_answers(raw)
    except UsageError:
        return
    says_what_calciphylaxis_is(result)


@PROPERTY
@given(test_properties.answer_sets())
def test_any_summary_that_names_calciphylaxis_says_what_it_is(raw: dict[str, Any]) -> None:
    try:
        result = triage_answers(raw)
    except UsageError:
        return
    says_what_calciphylaxis_is(result)


def test_the_most_crowded_urgent_result_still_fits_and_keeps_every_urgent_sign() -> None:
    raw = {
        "high_calcium_symptoms": "yes",
        "low_calcium_symptoms": "yes",
        "infection_signs": "yes",
        "kidney_failure": "yes",
        "chemotherapy": "yes",
        "phosphate": "high",
        "age_group": "newborn",
        "tissue_damage": "difficult-birth",
        "procedure": "calcium-injection",
        "skin_dark": "yes",
        "skin_breakdown": "yes",
        "skin_patches": "yes",
        "pain": "severe",
        "lump_change": "yes",
        "calcium_value": 16,
        "site": "belly-thighs-buttocks",
        "gout": "yes",
    }
    result = triage_answers(raw)
    assert sum(RULE_BY_ID_BY_FLAG[f].urgency == "urgent" for f in result.red_flags) >= 7
    check_summary(result)


def test_a_reason_that_a_red_flag_says_is_not_said_twice() -> None:
    result = triage_answers({"skin_breakdown": "yes", "kidney_failure": "yes", "pain": "severe"})
    flag = result.red_flags[0]
    assert flag in result.reasons
    assert words(drawn(result)).count(words(flag)) == 1


def test_the_urgency_line_is_in_colour_as_well_as_in_words() -> None:
    urgent = triage_answers({"skin_breakdown": "yes", "kidney_failure": "yes"})
    text = drawn(urgent, colour=True)
    first = text.splitlines()[1]
    assert "URGENT: get medical care today" in re.sub(r"\x1b\[[0-9;]*m", "", first)
    assert re.search(r"\x1b\[[0-9;]*;41m URGENT", first), repr(first)  # on a red background


def test_values_given_name_the_ranges_in_one_line() -> None:
    result = triage_answers({"calcium_value": 11.8, "phosphate_value": 6.1, "age_group": "adult"})
    lines = [line for line in content_lines(drawn(result)) if line.startswith("Blood tests")]
    assert len(lines) == 1
    assert "adult ranges" in lines[0] and "11.8" in lines[0] and "8.6–10.3" in lines[0]


def test_the_product_in_the_ranges_line_says_what_it_is_the_product_of() -> None:
    # "product 31 mg²/dL²" stood in the panel unexplained, after values in mmol/l.
    result = triage_answers({"calcium_value": 2.1, "phosphate_value": 1.1, "units": "mmol/l", "age_group": "adult"})
    assert "calcium × phosphate product 29 mg²/dL²" in words(drawn(result))


def test_not_answered_is_one_line_with_the_count_of_what_could_change_it() -> None:
    result = triage_answers({"skin_patches": "yes", "diabetes": "yes"})
    missing = could_change(result)
    assert set(missing) == {"kidney_failure", "pain"}
    line = f"{len(missing)} questions not answered that could change this; more with --details"
    assert line in content_lines(drawn(result))
    nothing_can = triage_answers({"skin_breakdown": "yes", "kidney_failure": "yes", "pain": "severe"})
    assert could_change(nothing_can) == ()
    assert "not answered" not in drawn(nothing_can)


# --- below 80 columns, and widths that make no sense -------------------------------------


@pytest.mark.parametrize("width", [79, 60, 40, 20])
def test_a_narrower_panel_shows_the_same_parts_in_more_lines(width: int) -> None:
    for raw in ({}, {"skin_breakdown": "yes", "kidney_failure": "yes"}, {"calcium_value": 12, "kidney_failure": "yes"}):
        result = triage_answers(raw)
        narrow, wide = drawn(result, width), drawn(result)
        assert max(len(line) for line in narrow.splitlines()) <= width
        assert len(narrow.splitlines()) >= len(wide.splitlines())
        assert words(" ".join(content_lines(narrow))) == words(" ".join(content_lines(wide)))


@pytest.mark.parametrize("width", [1, 5, 19])
def test_a_console_too_narrow_for_a_box_still_shows_every_word(width: int) -> None:
    result = triage_answers({"skin_breakdown": "yes", "kidney_failure": "yes"})
    text = drawn(result, width)
    assert "╭" not in text
    joined = "".join(text.split())
    for part in ("URGENT:getmedicalcaretoday", "Bestfit:Calciphylaxis", "notmedicaladvice"):
        assert part in joined


def test_a_very_wide_console_still_gets_an_80_column_panel() -> None:
    result = triage_answers({"calcium": "high"})
    text = drawn(result, 5000)
    assert max(len(line) for line in text.splitlines()) == 80
    assert len(text.splitlines()) <= SCREEN


@pytest.mark.parametrize("columns", ["0", "1", "5000"])
def test_any_columns_gives_a_usable_summary(invoke: Any, columns: str) -> None:
    outcome_ = invoke(
        "triage", "--no-input", "--skin-breakdown", "yes", "--kidney-failure", "yes", env={"COLUMNS": columns}
    )
    assert outcome_.exit_code == 0, outcome_.stderr
    lines = outcome_.stdout.splitlines()
    assert 0 < len(lines) <= SCREEN and max(len(line) for line in lines) <= 80
    assert content_lines(outcome_.stdout)[0].startswith("URGENT: get medical care today")
    assert "not medical advice" in words(outcome_.stdout)


# --- --details ------------------------------------------------------------------------------


def test_details_add_the_rest_with_rule_ids_only_beside_plain_words(invoke: Any) -> None:
    args = ("triage", "--no-input", "--skin-patches", "yes", "--diabetes", "yes", "--calcium-value", "11")
    summary = invoke(*args, env={"COLUMNS": "80"})
    details = invoke(*args, "--details", env={"COLUMNS": "80"})
    assert summary.exit_code == details.exit_code == 0
    assert len(details.stdout.splitlines()) > len(summary.stdout.splitlines())
    text = words(details.stdout)
    result = triage_answers({"skin_patches": "yes", "diabetes": "yes", "calcium_value": 11})
    for heading in ("Also worth considering", "How this was decided", "Sources", "Typical causes of this type"):
        assert heading in text
    assert words(DISCLAIMER) in text
    # every rule id stands in brackets after the words of its rule
    for match in RULE_ID.finditer(text):
        before = text[: match.start()]
        assert before.endswith("(rule "), text[match.start() - 60 : match.end() + 5]
        assert len(before.rsplit(".", 1)[-1].split()) > 3  # plain words come first
    assert "Purple or net-like patches, or hard, very tender skin, with a risk factor: care today (rule C1)" in text
    # not answered: in words, only what could change the result, the flag beside
    assert "Not answered, and could change this" in text
    for qid in could_change(result):
        assert f"(--{qid.replace('_', '-')})" in text
    assert "Diabetes (--diabetes)" not in text  # answered
    assert "Gout" not in text.split("Not answered, and could change this")[1].split("How this was decided")[0]
    for qid in SNAKE_IDS:
        assert qid not in text


def test_markdown_names_rules_and_questions_in_words(invoke: Any) -> None:
    markdown = invoke("triage", "--no-input", "--skin-patches", "yes", "--diabetes", "yes", "--format", "markdown")
    assert markdown.exit_code == 0
    assert "## How this was decided" in markdown.stdout
    assert "(rule C1)" in markdown.stdout and "→" not in markdown.stdout
    for qid in SNAKE_IDS:
        assert qid not in markdown.stdout
    assert "Kidney failure or dialysis (--kidney-failure)" in markdown.stdout


# --- what could change the result: tree/sensitivity.py ---------------------------------------


def changes_it(raw: dict[str, Any], question: str, result: Result) -> bool:
    """Whether some value of ``question``, the rest of ``raw`` as it is, changes the
    outcome: read from the raw answers, independently of sensitivity.py."""
    for value in QUESTIONS_BY_ID[question].values:
        if value == "unknown":
            continue
        try:
            other = triage_answers({**raw, question: value})
        except UsageError:
            continue
        if outcome(other) != outcome(result):
            return True
    return False


QUESTIONS_BY_ID = {q.id: q for q in QUESTIONS}


@settings(PROPERTY, max_examples=120)
@given(test_properties.answer_sets())
def test_not_answered_lists_exactly_the_questions_that_could_change_the_result(raw: dict[str, Any]) -> None:
    try:
        result = triage_answers(raw)
    except UsageError:
        return
    missing = could_change(result)
    assert set(missing) <= set(result.answers.unanswered)
    assert list(missing) == [q.id for q in QUESTIONS if q.id in missing]  # the order of the bank
    for question in result.answers.unanswered:
        assert (question in missing) == changes_it(raw, question, result), question


@settings(PROPERTY, max_examples=300)
@given(test_properties.answer_sets())
def test_the_answers_as_given_read_back_the_same(raw: dict[str, Any]) -> None:
    try:
        answers = triage_answers(raw).answers
    except UsageError:
        return
    again = triage_answers(as_given(answers)).answers
    assert dict(again.values) == dict(answers.values)
    assert set(again.unanswered) == set(answers.unanswered)
    assert again.labs == answers.labs


def test_the_age_group_counts_when_it_changes_how_a_value_reads() -> None:
    # 10.8 mg/dl is high for an adult (the range used when the age is not given), normal for a child
    result = triage_answers({"calcium_value": 10.8, "kidney_failure": "no"})
    assert result.suggested_type == "metastatic"
    assert "age_group" in could_change(result)


def test_kidney_failure_counts_through_the_severe_range_of_a_corrected_calcium() -> None:
    # measured 6.5 with a low albumin: corrected 8.1, not in the severe range; with kidney
    # failure the lower of measured and corrected decides, which is severe (urgent)
    raw = {"calcium_value": 6.5, "albumin_value": 2.0, "age_group": "adult"}
    result = triage_answers(raw)
    severe = triage_answers({**raw, "kidney_failure": "yes"})
    assert (result.urgency, severe.urgency) == ("soon", "urgent")
    assert "kidney_failure" in could_change(result)


def test_an_age_group_that_contradicts_a_level_given_with_the_value_is_no_variant() -> None:
    # "high" agrees with the measured 10.5 (adult range), though the albumin-corrected value
    # is normal; under 1 year albumin is not used and 10.5 is normal: "high" then contradicts
    raw = {"calcium": "high", "calcium_value": 10.5, "albumin_value": 4.5}
    answers = triage_answers(raw).answers
    assert answers.values["calcium"] == "high"
    assert as_given(answers)["calcium"] == "high"
    with pytest.raises(UsageError):
        triage_answers({**as_given(answers), "age_group": "infant"})
    # a child or a newborn contradicts "high" as well (no variant), an adult reads it as now:
    # the age group is not counted as a question that could change the result
    assert "age_group" not in could_change(triage_answers(raw))


@pytest.mark.parametrize(
    "raw",
    [{"phosphate_value": 6.0}, {"albumin_value": 4.0}, {"calcium_value": 9.5, "albumin_value": 4.0, "units": "mg/dl"}],
)
def test_values_without_a_calcium_or_with_an_albumin_are_given_back(raw: dict[str, Any]) -> None:
    answers = triage_answers(raw).answers
    assert triage_answers(as_given(answers)).answers.labs == answers.labs
