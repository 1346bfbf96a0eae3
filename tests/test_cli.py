"""The commands, the output formats and the answer flags, as the public contract
(../shared/spec/interface.md) describes them."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import calcinosis_cli
from calcinosis_cli.interactive.terminal import PROMPT
from calcinosis_cli.questions import QUESTIONS_BY_ID
from calcinosis_cli.render.text import named

# The answer flags of the contract (1.0, with what 1.1 adds): fixed, scripts rely on them.
YES_NO_UNKNOWN = ("yes", "no", "unknown")
CONTRACT_VALUES: dict[str, tuple[str, ...]] = {
    "age_group": ("newborn", "infant", "child", "adult", "unknown"),
    "calcium": ("high", "normal", "low", "unknown"),
    "phosphate": ("high", "normal", "low", "unknown"),
    "kidney_failure": ("yes", "no", "unknown"),
    "overactive_gland": ("parathyroid", "thyroid", "yes", "no", "unknown"),
    "excess_vitamin_d": ("yes", "no", "unknown"),
    "bone_disease": ("yes", "no", "unknown"),
    "tissue_damage": (
        "none",
        "surgery",
        "wound",
        "acne",
        "injury",
        "joint-injury",
        "infection",
        "burn",
        "difficult-birth",
        "vein-disease",
        "unknown",
    ),
    "autoimmune": ("none", "lupus", "rheumatoid-arthritis", "scleroderma", "dermatomyositis", "other", "unknown"),
    "tumor": ("yes", "no", "unknown"),
    "procedure": (
        "none",
        "heel-sticks",
        "electrode-paste",
        "calcium-injection",
        "surgery",
        "other",
        "heparin-injections",
        "unknown",
    ),
    "site": (
        "face",
        "scrotum",
        "vulva",
        "heel",
        "fingers",
        "joints",
        "scalp",
        "legs",
        "transplant-site",
        "other",
        "multiple",
        "ears",
        "neck-folds",
        "arms",
        "belly-thighs-buttocks",
        "penis",
        "unknown",
    ),
    "lesions": ("single", "few", "many", "unknown"),
    "birth_defect": ("yes", "no", "unknown"),
    "down_syndrome": ("yes", "no", "unknown"),
    "organ_transplant": ("yes", "no", "unknown"),
    "warfarin": ("yes", "no", "unknown"),
    "pain": ("none", "mild", "severe", "unknown"),
    "skin_breakdown": ("yes", "no", "unknown"),
    # New in 1.1.
    **{
        qid: YES_NO_UNKNOWN
        for qid in (
            "skin_patches",
            "skin_dark",
            "obesity",
            "diabetes",
            "liver_disease",
            "steroids",
            "cancer",
            "chemotherapy",
            "calcium_supplements",
            "sarcoidosis",
            "high_calcium_symptoms",
            "low_calcium_symptoms",
            "infection_signs",
            "connective_tissue_signs",
            "family_history",
            "lump_change",
            "gout",
        )
    },
}
RESULT_KEYS = (
    "schema_version",
    "suggested_type",
    "certainty",
    "alternatives",
    "reasons",
    "path",
    "typical_causes",
    "matched_causes",
    "treatment_notes",
    "red_flags",
    "urgency",
    "next_steps",
    "answers",
    "unanswered",
    "labs",
    "sources",
    "disclaimer",
)
TYPE_IDS = ("dystrophic", "metastatic", "iatrogenic", "idiopathic", "calciphylaxis")
URGENT_CASE = ("--kidney-failure", "yes", "--pain", "severe", "--skin-breakdown", "yes")
# Cases that between them reach every type, every urgency, lab values and the all-unknown result.
CASES: dict[str, tuple[str, ...]] = {
    "nothing answered": (),
    "high calcium": ("--calcium", "high"),
    "calciphylaxis pattern": URGENT_CASE,
    "heel sticks in a baby": ("--procedure", "heel-sticks", "--age-group", "infant", "--calcium", "normal"),
    "acne scar": ("--calcium", "normal", "--phosphate", "normal", "--tissue-damage", "acne", "--lesions", "few"),
    "child's face": ("--calcium", "normal", "--phosphate", "normal", "--age-group", "child", "--site", "face"),
    "measured values": ("--calcium-value", "11.8", "--phosphate-value", "6.1", "--kidney-failure", "yes"),
    "everything answered": tuple(
        arg
        for qid, value in {
            **{qid: "no" for qid, values in CONTRACT_VALUES.items() if values == YES_NO_UNKNOWN},
            "age_group": "adult",
            "calcium": "normal",
            "phosphate": "normal",
            "kidney_failure": "no",
            "overactive_gland": "no",
            "excess_vitamin_d": "no",
            "bone_disease": "no",
            "tissue_damage": "surgery",
            "autoimmune": "scleroderma",
            "tumor": "no",
            "procedure": "surgery",
            "site": "fingers",
            "lesions": "many",
            "birth_defect": "no",
            "down_syndrome": "no",
            "organ_transplant": "no",
            "warfarin": "no",
            "pain": "mild",
            "skin_breakdown": "no",
        }.items()
        for arg in ("--" + qid.replace("_", "-"), value)
    ),
}
ESCAPE = "\x1b"
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]")


def flag(qid: str) -> str:
    return "--" + qid.replace("_", "-")


def words(text: str) -> str:
    """Text with box-drawing borders, bullets and line breaks folded away, for
    finding a sentence that a panel wrapped over several lines."""
    text = ANSI.sub("", text)
    text = re.sub(r"[│╭╮╰╯─┃━•]", " ", text)
    return " ".join(text.split())


def triage_json(invoke: Any, *args: str, input: str | None = None) -> dict[str, Any]:
    outcome = invoke("triage", "--no-input", "--json", *args, input=input)
    assert outcome.exit_code == 0, outcome.stderr
    result: dict[str, Any] = json.loads(outcome.stdout)
    return result


# --- version and help -------------------------------------------------------------


def test_version_prints_the_version(invoke: Any) -> None:
    outcome = invoke("--version")
    assert outcome.exit_code == 0
    assert re.fullmatch(r"calcinosis \d+\.\d+(\.\d+)?\S*\n", outcome.stdout)
    assert calcinosis_cli.__version__ in outcome.stdout


def test_installed_command_and_python_m_behave_alike(run: Any) -> None:
    for command in (None, [sys.executable, "-m", "calcinosis_cli"]):
        version = run("--version", command=command)
        assert version.returncode == 0, version.stderr
        assert calcinosis_cli.__version__ in version.stdout
        result = run("triage", "--no-input", "--json", "--calcium", "high", command=command)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["suggested_type"]["id"] == "metastatic"
        bad = run("triage", "--calcium", "banana", command=command)
        assert bad.returncode == 2
        assert "--calcium" in bad.stderr
        assert "Traceback" not in bad.stderr


@pytest.mark.parametrize("command", [(), ("triage",), ("questions",), ("types",), ("schema",)])
def test_help_of_every_command_shows_an_example(invoke: Any, command: tuple[str, ...]) -> None:
    outcome = invoke(*command, "--help")
    assert outcome.exit_code == 0
    assert outcome.stderr == ""
    assert re.search(r"Usage: calcinosis", outcome.stdout)
    example = re.search(r"Examples?:\s*\n?\s*(.*)", outcome.stdout)
    assert example, f"no example in the help of {command}:\n{outcome.stdout}"
    assert re.search(
        r"\bcalcinosis " + (re.escape(command[0]) if command else r"\w+"), outcome.stdout[example.start() :]
    )


def test_main_help_lists_every_command(invoke: Any) -> None:
    outcome = invoke("--help")
    for command in ("triage", "questions", "types", "schema"):
        assert re.search(rf"^\s+{command}\s", outcome.stdout, re.M), command


def test_main_help_says_what_each_command_does_in_a_whole_sentence(invoke: Any) -> None:
    """The list of commands at 80 columns: each summary whole, never cut off with "..."."""
    listing = invoke("--help", env={"COLUMNS": "80"}).stdout.partition("Commands:")[2]
    summaries = re.findall(r"^  (\w+) +(.+)$", listing, re.M)
    assert [command for command, _ in summaries] == ["triage", "questions", "types", "schema", "batch"]
    for command, summary in summaries:
        assert summary.endswith(".") and not summary.endswith("..."), f"{command}: {summary!r}"
        assert len(f"  {command}  {summary}") <= 80, command


def test_triage_help_brings_in_what_a_sign_means_with_a_colon(invoke: Any) -> None:
    # The bank's "about" is a few words, then "; " and what they mean: --help printed that
    # semicolon ("Signs of very high calcium; confusion, unusual sleepiness ...").
    help_text = " ".join(invoke("triage", "--help").stdout.split())
    for start in ("Signs of very high calcium", "Signs of very low calcium", "Signs of infection"):
        assert f"{start}: " in help_text and f"{start};" not in help_text, start
    assert "around the lumps: skin that has turned black" in help_text
    assert "(newborn = first 4 weeks; infant = 4 weeks to under 1 year; child = 1 to 17 years)" in help_text


def test_triage_help_lists_every_answer_flag_and_its_values(invoke: Any) -> None:
    help_text = invoke("triage", "--help").stdout
    for qid, values in CONTRACT_VALUES.items():
        assert re.search(rf"{re.escape(flag(qid))}\b", help_text), flag(qid)
        assert "|".join(values) in help_text.replace("\n", ""), f"{flag(qid)} values not shown"
    for option in (
        "--calcium-value",
        "--phosphate-value",
        "--units",
        "--albumin-value",
        "--albumin-units",
        "--no-input",
        "--answers",
        "--format",
        "--json",
    ):
        assert option in help_text


def test_types_usage_line_shows_the_argument_once(invoke: Any) -> None:
    usage = invoke("types", "--help").stdout.splitlines()[0]
    assert "[[" not in usage, f"doubled brackets in {usage!r}"
    assert "TYPE" in usage


# --- the result as JSON -----------------------------------------------------------


@pytest.mark.parametrize("as_json", [("--json",), ("--format", "json"), ("--format", "JSON")])
@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_json_result_is_only_json_and_validates(invoke: Any, validate_result: Any, case: Any, as_json: Any) -> None:
    outcome = invoke("triage", "--no-input", *as_json, *case)
    assert outcome.exit_code == 0, outcome.stderr
    result = json.loads(outcome.stdout)  # the whole of stdout is one JSON document
    validate_result(result)
    assert set(RESULT_KEYS) <= set(result)
    assert result["schema_version"] == 1
    assert ESCAPE not in outcome.stdout


def test_result_answers_hold_every_question_id(invoke: Any) -> None:
    result = triage_json(invoke, "--calcium", "high")
    assert set(result["answers"]) == set(CONTRACT_VALUES)
    assert result["answers"]["calcium"] == "high"
    assert "calcium" not in result["unanswered"]
    assert set(result["unanswered"]) == set(CONTRACT_VALUES) - {"calcium"}
    assert all(result["answers"][qid] == "unknown" for qid in result["unanswered"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(
        st.sampled_from(sorted(CONTRACT_VALUES)),
        st.sampled_from(sorted({v for values in CONTRACT_VALUES.values() for v in values})),
    ).flatmap(
        lambda keys: st.fixed_dictionaries(
            {qid: st.sampled_from(CONTRACT_VALUES[qid]).map(lambda v: v.upper()) for qid in keys}
        )
    )
)
def test_any_answers_give_a_valid_result_echoing_them_in_lower_case(
    invoke: Any, validate_result: Any, answers: dict[str, str]
) -> None:
    args = [arg for qid, value in answers.items() for arg in (flag(qid), value)]
    result = triage_json(invoke, *args)
    validate_result(result)
    for qid, value in answers.items():
        assert result["answers"][qid] == value.lower()
    assert set(result["unanswered"]) == set(CONTRACT_VALUES) - set(answers)
    assert all(step["answer"] == step["answer"].lower() for step in result["path"])


@pytest.mark.parametrize(
    ("qid", "value"), [(qid, value) for qid, values in CONTRACT_VALUES.items() for value in values]
)
def test_every_flag_takes_every_value_in_any_case(invoke: Any, qid: str, value: str) -> None:
    for typed in (value.upper(), value.title()):
        result = triage_json(invoke, f"{flag(qid)}={typed}")
        assert result["answers"][qid] == value
        if value != "unknown":
            assert qid not in result["unanswered"]


def test_flags_are_generated_from_the_question_bank(invoke: Any) -> None:
    assert set(QUESTIONS_BY_ID) == set(CONTRACT_VALUES)
    for qid, values in CONTRACT_VALUES.items():
        question = QUESTIONS_BY_ID[qid]
        assert question.flag == flag(qid)
        assert set(question.values) == set(values)


# --- the panel ----------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_panel_is_a_summary_of_one_screen_with_the_disclaimer(invoke: Any, case: Any) -> None:
    """Contract 1.1: at 80 columns the default panel is at most 24 lines, borders included."""
    result = triage_json(invoke, *case)
    outcome = invoke("triage", "--no-input", *case, env={"COLUMNS": "80"})
    assert outcome.exit_code == 0, outcome.stderr
    lines = outcome.stdout.splitlines()
    assert len(lines) <= 24, outcome.stdout
    too_wide = [line for line in lines if len(line) > 80]
    assert not too_wide, f"{len(too_wide)} lines wider than 80 columns, e.g. {too_wide[0]!r}"
    text = words(outcome.stdout)
    assert f"Best fit: {result['suggested_type']['name']} ({result['certainty']})" in text
    assert "not medical advice" in text.lower() and "emergency number" in text
    for item in result["safety_net"]:  # never cut
        assert words(item) in text, f"safety net: {item!r} not in the panel"
    assert "--details" in text


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_details_show_the_whole_result_within_80_columns(invoke: Any, case: Any) -> None:
    result = triage_json(invoke, *case)
    outcome = invoke("triage", "--no-input", "--details", *case, env={"COLUMNS": "80"})
    assert outcome.exit_code == 0, outcome.stderr
    lines = outcome.stdout.splitlines()
    too_wide = [line for line in lines if len(line) > 80]
    assert not too_wide, f"{len(too_wide)} lines wider than 80 columns, e.g. {too_wide[0]!r}"
    text = words(outcome.stdout)
    assert result["suggested_type"]["name"] in text
    assert re.search(rf"\b{result['certainty']}\b", text)
    assert words(result["disclaimer"]) in text
    for key in ("reasons", "typical_causes", "matched_causes", "treatment_notes", "red_flags", "next_steps"):
        for item in result[key]:
            assert words(item) in text, f"{key}: {item!r} not in the panel"
    for alternative in result["alternatives"]:
        assert words(named(alternative["name"], alternative["why"])) in text
    for source in result["sources"]:
        assert source["url"] in outcome.stdout.replace("│", "").replace("\n", "").replace(" ", "")
    for step in result["path"]:  # the rule id beside plain words, never alone
        assert f"(rule {step['rule'].split(':')[0]})" in text
    assert "Decision path:" not in text


def test_panel_fits_a_narrow_terminal(invoke: Any) -> None:
    outcome = invoke("triage", "--no-input", *URGENT_CASE, env={"COLUMNS": "60"})
    assert outcome.exit_code == 0
    assert max(len(line) for line in outcome.stdout.splitlines()) <= 60


def test_panel_stays_80_columns_wide_on_a_wide_terminal(invoke: Any) -> None:
    outcome = invoke("triage", "--no-input", "--calcium", "high", env={"COLUMNS": "200"})
    assert outcome.exit_code == 0
    assert max(len(line) for line in outcome.stdout.splitlines()) <= 80


def test_panel_is_the_default_format(invoke: Any) -> None:
    default = invoke("triage", "--no-input", "--calcium", "high")
    explicit = invoke("triage", "--no-input", "--calcium", "high", "--format", "panel")
    assert default.exit_code == explicit.exit_code == 0
    assert default.stdout == explicit.stdout
    assert "╭" in default.stdout or "┌" in default.stdout or "+" in default.stdout


def test_urgent_panel_starts_with_the_urgent_line(invoke: Any) -> None:
    assert triage_json(invoke, *URGENT_CASE)["urgency"] == "urgent"
    lines = [words(line) for line in invoke("triage", "--no-input", *URGENT_CASE).stdout.splitlines()]
    content = [line for line in lines if line and "calcinosis triage" not in line]
    assert content[0].startswith("URGENT"), content[:3]


def test_routine_panel_has_no_urgent_line(invoke: Any) -> None:
    result = triage_json(invoke, "--calcium", "normal", "--phosphate", "normal", "--tissue-damage", "acne")
    assert result["urgency"] == "routine"
    outcome = invoke("triage", "--no-input", "--calcium", "normal", "--phosphate", "normal", "--tissue-damage", "acne")
    assert "URGENT" not in outcome.stdout


# --- Markdown -------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_markdown_has_headings_the_content_and_the_disclaimer(invoke: Any, case: Any) -> None:
    result = triage_json(invoke, *case)
    outcome = invoke("triage", "--no-input", "--format", "markdown", *case)
    assert outcome.exit_code == 0, outcome.stderr
    markdown = outcome.stdout
    assert ESCAPE not in markdown
    assert markdown.startswith("# ")
    assert re.search(r"^## \S", markdown, re.M)
    assert result["suggested_type"]["name"] in markdown
    assert re.search(rf"\b{result['certainty']}\b", markdown)
    assert result["disclaimer"] in markdown
    for key in ("reasons", "typical_causes", "matched_causes", "treatment_notes", "red_flags", "next_steps"):
        for item in result[key]:
            assert item in markdown, f"{key}: {item!r} not in the Markdown"
    for source in result["sources"]:
        assert source["url"] in markdown
    for step in result["path"]:  # rule ids beside plain words: "... (rule C2)"
        assert f"(rule {step['rule'].split(':')[0]})" in markdown
        assert f"`{step['question']}`" not in markdown


def test_urgent_markdown_puts_the_urgent_line_before_any_section(invoke: Any) -> None:
    markdown = invoke("triage", "--no-input", "--format", "markdown", *URGENT_CASE).stdout
    urgent = markdown.find("URGENT")
    assert urgent != -1
    assert urgent < markdown.find("\n## ")


# --- colour -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("triage", "--no-input", *URGENT_CASE),
        ("triage", "--no-input", "--format", "markdown", *URGENT_CASE),
        ("questions",),
        ("types",),
        ("types", "calciphylaxis"),
    ],
    ids=["panel", "markdown", "questions", "types", "one type"],
)
def test_piped_output_has_no_escape_codes(run: Any, args: Any) -> None:
    for env in ({}, {"NO_COLOR": "1"}, {"TERM": "xterm-256color"}):
        outcome = run(*args, env=env)
        assert outcome.returncode == 0, outcome.stderr
        assert ESCAPE not in outcome.stdout, env
        assert outcome.stdout.strip()


def test_force_color_colours_piped_panel_output(run: Any) -> None:
    outcome = run("triage", "--no-input", *URGENT_CASE, env={"FORCE_COLOR": "1", "TERM": "xterm-256color"})
    assert outcome.returncode == 0
    assert "\x1b[" in outcome.stdout


def test_force_color_leaves_json_clean(run: Any) -> None:
    outcome = run("triage", "--no-input", "--json", *URGENT_CASE, env={"FORCE_COLOR": "1", "TERM": "xterm-256color"})
    assert outcome.returncode == 0
    assert ESCAPE not in outcome.stdout
    assert json.loads(outcome.stdout)["urgency"] == "urgent"


# --- answers from a file or standard input ------------------------------------------


def test_answers_file(invoke: Any, tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"calcium": "HIGH", "kidney_failure": "yes", "age_group": "adult"}))
    result = triage_json(invoke, "--answers", str(path))
    assert result["answers"]["calcium"] == "high"
    assert result["answers"]["kidney_failure"] == "yes"
    assert result["suggested_type"]["id"] == "metastatic"
    assert "calcium" not in result["unanswered"]


def test_answers_from_standard_input(invoke: Any) -> None:
    result = triage_json(invoke, "--answers", "-", input='{"procedure": "heel-sticks", "age_group": "infant"}')
    assert result["answers"]["procedure"] == "heel-sticks"
    assert result["answers"]["age_group"] == "infant"


def test_answers_file_with_lab_values(invoke: Any, tmp_path: Path) -> None:
    path = tmp_path / "labs.json"
    path.write_text(json.dumps({"calcium_value": 2.9, "phosphate_value": "1.0", "units": "mmol/l"}))
    result = triage_json(invoke, "--answers", str(path))
    assert result["answers"]["calcium"] == "high"
    assert result["answers"]["phosphate"] == "normal"
    assert result["labs"]["units"] == "mmol/l"


def test_flags_win_over_the_answers_file(invoke: Any, tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"calcium": "normal", "pain": "mild", "site": "face"}))
    result = triage_json(invoke, "--answers", str(path), "--calcium", "high", "--site", "heel")
    assert result["answers"]["calcium"] == "high"
    assert result["answers"]["site"] == "heel"
    assert result["answers"]["pain"] == "mild"  # the file still answers what no flag did


def test_flags_win_over_answers_from_standard_input(invoke: Any) -> None:
    result = triage_json(invoke, "--calcium", "high", "--answers", "-", input='{"calcium": "low", "pain": "none"}')
    assert result["answers"]["calcium"] == "high"
    assert result["answers"]["pain"] == "none"


def test_answers_file_with_a_byte_order_mark(invoke: Any, tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"calcium": "high"}).encode())
    assert triage_json(invoke, "--answers", str(path))["answers"]["calcium"] == "high"


# --- measured blood values -------------------------------------------------------------


def test_calcium_value_becomes_a_level_with_the_range_used(invoke: Any) -> None:
    result = triage_json(invoke, "--calcium-value", "11.8", "--age-group", "adult")
    assert result["answers"]["calcium"] == "high"
    assert "calcium" not in result["unanswered"]
    calcium = result["labs"]["calcium"]
    assert calcium["value"] == 11.8
    assert calcium["units"] == "mg/dl"  # the default
    assert calcium["level"] == "high"
    assert calcium["range"]["low"] < calcium["range"]["high"] < 11.8
    assert "adult" in calcium["range"]["label"]
    assert result["suggested_type"]["id"] == "metastatic"


def test_values_in_mmol_per_litre(invoke: Any) -> None:
    result = triage_json(invoke, "--calcium-value", "2.4", "--phosphate-value", "1.0", "--units", "MMOL/L")
    assert result["answers"]["calcium"] == "normal"
    assert result["answers"]["phosphate"] == "normal"
    assert result["labs"]["units"] == "mmol/l"
    calcium = result["labs"]["calcium"]
    assert calcium["range"]["units"] == "mmol/l"
    assert calcium["range"]["low"] < 2.4 < calcium["range"]["high"]


def test_the_range_follows_the_age_group(invoke: Any) -> None:
    adult = triage_json(invoke, "--phosphate-value", "5.2", "--age-group", "adult")
    child = triage_json(invoke, "--phosphate-value", "5.2", "--age-group", "child")
    assert adult["answers"]["phosphate"] == "high"
    # 1.1: 5.2 mg/dl is within the widest child range but not normal at every age:
    # borderline for age, which is not a level, so the answer stays unknown.
    assert child["labs"]["phosphate"]["level"] == "borderline"
    assert child["answers"]["phosphate"] == "unknown"
    normal_child = triage_json(invoke, "--phosphate-value", "4.3", "--age-group", "child")
    assert normal_child["answers"]["phosphate"] == "normal"
    assert normal_child["labs"]["phosphate"]["level"] == "normal"
    assert "child" in child["labs"]["phosphate"]["range"]["label"]
    assert "adult" in adult["labs"]["phosphate"]["range"]["label"]


def test_calcium_phosphate_product(invoke: Any) -> None:
    high = triage_json(invoke, "--calcium-value", "10", "--phosphate-value", "7.5")
    assert high["labs"]["product"]["value"] == pytest.approx(75, abs=0.01)
    assert high["labs"]["product"]["above_threshold"] is True
    low = triage_json(invoke, "--calcium-value", "9.5", "--phosphate-value", "3.5")
    assert low["labs"]["product"]["value"] == pytest.approx(33.25, abs=0.01)
    assert low["labs"]["product"]["above_threshold"] is False
    assert triage_json(invoke, "--calcium-value", "9.5")["labs"]["product"] is None


def test_no_values_means_no_labs(invoke: Any) -> None:
    assert triage_json(invoke, "--calcium", "high")["labs"] is None


def test_a_value_that_agrees_with_the_level_is_accepted(invoke: Any) -> None:
    result = triage_json(invoke, "--calcium", "high", "--calcium-value", "12")
    assert result["answers"]["calcium"] == "high"


def test_panel_and_markdown_show_the_lab_values_and_range(invoke: Any) -> None:
    args = ("--no-input", "--calcium-value", "11.8", "--phosphate-value", "6.1", "--age-group", "adult")
    for fmt in ("panel", "markdown"):
        text = words(invoke("triage", *args, "--format", fmt).stdout)
        assert "11.8" in text and "6.1" in text, fmt
        assert "range" in text.lower(), fmt
        assert "product" in text.lower(), fmt


# --- no terminal, no prompt ---------------------------------------------------------------


def test_without_a_terminal_it_never_prompts(run: Any) -> None:
    outcome = run("triage", "--json", input="")
    assert outcome.returncode == 0, outcome.stderr
    assert PROMPT.strip() not in outcome.stderr
    result = json.loads(outcome.stdout)
    assert set(result["unanswered"]) == set(CONTRACT_VALUES)


def test_without_a_terminal_it_does_not_wait_for_input(calcinosis_command: list[str], tmp_path: Path) -> None:
    """Standard input is a pipe that never closes: the command must not read it."""
    out = (tmp_path / "out").open("w+")
    err = (tmp_path / "err").open("w+")
    process = subprocess.Popen(
        [*calcinosis_command, "triage", "--calcium", "high"], stdin=subprocess.PIPE, stdout=out, stderr=err
    )
    try:
        assert process.wait(timeout=15) == 0
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        pytest.fail("triage waited for input on a standard input that is not a terminal")
    finally:
        assert process.stdin is not None
        process.stdin.close()
    out.seek(0)
    err.seek(0)
    assert "Metastatic" in out.read()
    assert PROMPT.strip() not in err.read()


def test_no_input_never_prompts(invoke: Any) -> None:
    outcome = invoke("triage", "--no-input", "--json", input="adult\n" * 30)
    assert outcome.exit_code == 0
    assert PROMPT.strip() not in outcome.stderr
    assert json.loads(outcome.stdout)["answers"]["age_group"] == "unknown"


# --- questions, types, schema --------------------------------------------------------------


def test_questions_json_lists_every_question(invoke: Any) -> None:
    outcome = invoke("questions", "--json")
    assert outcome.exit_code == 0
    questions = json.loads(outcome.stdout)
    by_id = {q["id"]: q for q in questions}
    assert set(by_id) == set(CONTRACT_VALUES)
    for qid, values in CONTRACT_VALUES.items():
        question = by_id[qid]
        assert question["flag"] == flag(qid)
        assert set(question["values"]) == set(values)
        assert question["question"].strip().endswith("?")
        asked = question["asked"]
        assert isinstance(asked, str) and asked
        conditions = QUESTIONS_BY_ID[qid].ask_when.conditions
        if not conditions:  # contract 1.1: asked only while it is relevant, never "always"
            assert asked == "while its answer can still change the result"
        for condition in conditions:
            assert condition.question in asked and condition.value in asked, (qid, asked)


def test_questions_table_lists_every_flag(invoke: Any) -> None:
    outcome = invoke("questions", env={"COLUMNS": "80"})
    assert outcome.exit_code == 0
    assert max(len(line) for line in outcome.stdout.splitlines()) <= 80
    for qid in CONTRACT_VALUES:
        assert re.search(rf"{re.escape(flag(qid))}\s", outcome.stdout), flag(qid)


def test_types_json_has_the_five_cards(invoke: Any) -> None:
    outcome = invoke("types", "--json")
    assert outcome.exit_code == 0
    cards = json.loads(outcome.stdout)
    assert [card["id"] for card in cards] == list(TYPE_IDS)
    for card in cards:
        assert card["name"] and card["summary"] and card["blood_levels"]
        for key in ("typical_causes", "typical_sites", "treatment_notes"):
            assert card[key] and all(isinstance(item, str) and item for item in card[key]), (card["id"], key)
        assert card["sources"]
        for source in card["sources"]:
            assert source["title"]
            assert source["url"].startswith(("http://", "https://"))


@pytest.mark.parametrize("type_id", TYPE_IDS)
def test_one_type(invoke: Any, type_id: str) -> None:
    cards = json.loads(invoke("types", type_id.upper(), "--json").stdout)
    assert [card["id"] for card in cards] == [type_id]
    outcome = invoke("types", type_id, env={"COLUMNS": "80"})
    assert outcome.exit_code == 0
    assert cards[0]["name"] in outcome.stdout
    assert max(len(line) for line in outcome.stdout.splitlines()) <= 80
    others = [card["name"] for card in json.loads(invoke("types", "--json").stdout) if card["id"] != type_id]
    titles = [line for line in outcome.stdout.splitlines() if line.startswith(("╭", "┌"))]
    assert not any(name in line for name in others for line in titles)


@pytest.mark.parametrize(("typed", "meant"), [("calciphylaxsis", "calciphylaxis"), ("Metastatik", "metastatic")])
def test_a_type_mistyped_is_a_usage_error_that_says_which_was_meant(invoke: Any, typed: str, meant: str) -> None:
    """As for every value a person types: "did you mean ...?" when one is close."""
    for args in (("types", typed), ("types", typed, "--json")):
        outcome = invoke(*args)
        assert outcome.exit_code == 2 and not outcome.stdout
        assert outcome.stderr.startswith("Error: TYPE:") and f"Did you mean {meant!r}?" in outcome.stderr
        assert "Traceback" not in outcome.stderr and len(outcome.stderr.splitlines()) == 1
    assert "Did you mean" not in invoke("types", "nothing-like-it").stderr


def test_types_shows_every_card(invoke: Any) -> None:
    outcome = invoke("types")
    assert outcome.exit_code == 0
    for card in json.loads(invoke("types", "--json").stdout):
        assert card["name"] in outcome.stdout
        assert words(card["treatment_notes"][0]) in words(outcome.stdout)


def test_schema_is_draft_2020_12_and_requires_every_contract_key(invoke: Any) -> None:
    outcome = invoke("schema")
    assert outcome.exit_code == 0
    schema = json.loads(outcome.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert set(RESULT_KEYS) <= set(schema["required"])
    assert set(RESULT_KEYS) <= set(schema["properties"])
    assert set(schema["properties"]["suggested_type"]["properties"]["id"]["enum"]) == set(TYPE_IDS)


def test_schema_rejects_a_result_that_breaks_the_contract(invoke: Any, result_schema: dict[str, Any]) -> None:
    result = triage_json(invoke, "--calcium", "high")
    validator = jsonschema.Draft202012Validator(result_schema)
    for broken in (
        {k: v for k, v in result.items() if k != "disclaimer"},
        {**result, "certainty": "sure"},
        {**result, "urgency": "whenever"},
        {**result, "suggested_type": {"id": "made-up", "name": "x"}},
    ):
        assert not validator.is_valid(broken)


def test_in_process_runs_match_the_installed_command(invoke: Any, run: Any) -> None:
    """The fixture the other tests use gives what the real command gives."""
    for args in (
        ("triage", "--no-input", "--json", "--calcium", "high"),
        ("triage", "--calcium", "banana"),
        ("triage", "--calcium", "normal", "--calcium-value", "13"),
        ("types", "nonsense"),
        ("--version",),
    ):
        inside, outside = invoke(*args), run(*args)
        assert (inside.exit_code, inside.stdout, inside.stderr) == (outside.returncode, outside.stdout, outside.stderr)


def test_a_triage_loads_no_pydantic_to_read_its_flags() -> None:
    """Typer builds a pydantic TypeAdapter for each option it coerces (and loads
    pydantic's plugins for the first), some 20-30 ms of start-up; `triage` takes its
    text and yes/no options as given and checks them itself."""
    import typer.core

    if not hasattr(typer.core._TyperParameter, "get_runtime_param"):
        pytest.skip("this Typer coerces options without pydantic")
    program = (
        "import sys\n"
        "sys.argv = ['calcinosis', 'triage', '--no-input', '--json', '--calcium', 'high']\n"
        "from calcinosis_cli.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exit_:\n"
        "    assert exit_.code in (None, 0), exit_.code\n"
        "sys.stderr.write(repr(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'pydantic_core'))))\n"
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["suggested_type"]["id"] == "metastatic"
    assert done.stderr == "[]"
