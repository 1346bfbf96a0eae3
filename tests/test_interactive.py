"""The interactive questionnaire: in a real pseudo-terminal (pexpect) as a person meets
it, and the pure functions of calcinosis_cli.interactive behind it."""

from __future__ import annotations

import json
import os
import re
import shlex
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pexpect
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calcinosis_cli.errors import Cancelled
from calcinosis_cli.interactive.loop import interview
from calcinosis_cli.interactive.replies import (
    BACK_WORDS,
    HELP_WORDS,
    QUIT_WORDS,
    Back,
    Help,
    Invalid,
    Measured,
    Quit,
    read_measured,
    read_reply,
    read_value,
)
from calcinosis_cli.interactive.session import prompt_mode
from calcinosis_cli.interactive.terminal import DETAILS_PROMPT, PROMPT, REVIEW_PROMPT
from calcinosis_cli.knowledge import DISCLAIMER
from calcinosis_cli.questions import QUESTIONS, QUESTIONS_BY_ID, UNKNOWN, Question
from calcinosis_cli.tree.relevance import is_urgent, next_questions, relevant

TIMEOUT = 10
ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")
SGR = re.compile(r"\x1b\[([0-9;]*)m")
QUESTION_HEADER = re.compile(r"Question (\d+)(.*)")
QUESTION_ORDER = [question.id for question in QUESTIONS]
# The questions that can reveal an emergency, which 1.1 asks first.
EMERGENCY_FIRST = (
    "skin_breakdown",
    "skin_dark",
    "skin_patches",
    "pain",
    "high_calcium_symptoms",
    "low_calcium_symptoms",
)


def would_ask(given: Mapping[str, object], reply: str = UNKNOWN) -> list[str]:
    """The questions the interview asks after ``given`` when every reply is ``reply``."""
    known = dict(given)
    asked = []
    while todo := next_questions(known):
        asked.append(todo[0].id)
        known[todo[0].id] = reply if reply in todo[0].values else UNKNOWN
    return asked


def answered_by_flags(answers: Mapping[str, str]) -> list[str]:
    return [a for qid, value in answers.items() for a in (QUESTIONS_BY_ID[qid].flag, value)]


def dull_answers(*keep: str) -> dict[str, str]:
    """A non-urgent answer ("no", "none", "normal", ...) to every question but ``keep``."""
    answers = {}
    for question in QUESTIONS:
        if question.id not in keep:
            answers[question.id] = next(
                v for v in ("no", "none", "normal", "other", "single", "adult") if v in question.values
            )
    return answers


def plain(text: str) -> str:
    return ANSI.sub("", text).replace("\r\n", "\n").replace("\r", "\n")


def flat(text: str) -> str:
    return " ".join(plain(text).split())


def has_colour(text: str) -> bool:
    for match in SGR.finditer(text):
        params = [int(p) for p in match.group(1).split(";") if p]
        if any(30 <= p <= 38 or 40 <= p <= 48 or 90 <= p <= 97 or 100 <= p <= 107 for p in params):
            return True
    return False


class Session:
    """One interactive ``calcinosis`` in a pseudo-terminal, and what it showed."""

    def __init__(self, child: pexpect.spawn) -> None:
        self.child = child
        self.screens: list[str] = []  # what was shown before each prompt
        self.tail = ""  # what was shown after the last prompt
        self.raw_tail = ""  # the same with its escape codes
        self.reviews = 0  # how often the review before the result was offered
        self.offers = 0  # how often the details were offered after the result
        self.summary = ""  # what was shown before the offer of the details
        self.details_reply = ""  # the reply to that offer (Enter: no)

    def prompt(self) -> str:
        """Wait for the next question's prompt; return what was shown since the last reply."""
        index = self.child.expect_exact([PROMPT, REVIEW_PROMPT, pexpect.EOF])
        shown = plain(self.child.before or "")
        if index == 2:
            self.tail = shown
            raise AssertionError(f"the program ended instead of prompting; it showed:\n{shown[-1500:]}")
        if index == 1:
            self.reviews += 1
            raise AssertionError(f"the review came instead of a question; it showed:\n{shown[-1500:]}")
        self.screens.append(shown)
        return shown

    def review(self) -> str:
        """Wait for the review before the result; return what was shown."""
        index = self.child.expect_exact([REVIEW_PROMPT, PROMPT, pexpect.EOF])
        shown = plain(self.child.before or "")
        assert index == 0, f"expected the review of the answers; it showed:\n{shown[-1500:]}"
        self.reviews += 1
        return shown

    def reply(self, text: str) -> str:
        """Answer the prompt on screen, wait for the next one, return what came between."""
        self.child.sendline(text)
        return self.prompt()

    def finish(self, reply: str = "unknown", limit: int = 40) -> int:
        """Answer every remaining question with ``reply``, go on at the review (Enter),
        answer the offer of the details with :attr:`details_reply`; return the exit status."""
        sent = reply
        for _ in range(limit):
            self.child.sendline(sent)
            index = self.child.expect_exact([PROMPT, REVIEW_PROMPT, DETAILS_PROMPT, pexpect.EOF])
            shown = plain(self.child.before or "")
            if index == 3:
                self.tail += shown
                self.child.close()
                assert self.child.exitstatus is not None, f"killed by signal {self.child.signalstatus}"
                return int(self.child.exitstatus)
            if index == 2:
                self.offers += 1
                self.summary = self.tail = shown
                sent = self.details_reply
            elif index == 1:
                self.reviews += 1
                sent = ""
            else:
                self.screens.append(shown)
                sent = reply
        raise AssertionError(f"still asking after {limit} answers")

    def end(self) -> int:
        """Wait for the end (answering the offer of the details, if it comes, with
        :attr:`details_reply`); return the exit status."""
        if self.child.expect([pexpect.EOF, re.escape(DETAILS_PROMPT)]) == 1:
            self.offers += 1
            self.raw_tail = self.child.before or ""
            self.summary = plain(self.raw_tail)
            self.child.sendline(self.details_reply)
            self.child.expect(pexpect.EOF)
        self.raw_tail += self.child.before or ""
        self.tail = plain(self.raw_tail)
        self.child.close()
        assert self.child.exitstatus is not None, f"killed by signal {self.child.signalstatus}"
        return int(self.child.exitstatus)

    @property
    def asked(self) -> list[str]:
        """Ids of the questions shown, in order (a question re-shown after 'back' counts again)."""
        texts = {flat(q.text): q.id for q in QUESTIONS}
        found = []
        for screen in self.screens:
            shown = flat(screen)  # a long question wraps over several lines
            hits = sorted(
                (match.start(), -len(text), qid)
                for text, qid in texts.items()
                for match in re.finditer(re.escape(text), shown)
            )
            end = -1
            for start, length, qid in hits:
                if start >= end:  # not inside a longer question text found already
                    found.append(qid)
                    end = start - length
        return found

    def result_json(self) -> dict[str, Any]:
        start = self.tail.find("{")
        assert start != -1, f"no JSON after the last prompt: {self.tail[-500:]!r}"
        result: dict[str, Any] = json.JSONDecoder().raw_decode(self.tail[start:])[0]
        return result


@pytest.fixture
def spawn(calcinosis_command: list[str]) -> Iterator[Any]:
    children: list[pexpect.spawn] = []

    def _spawn(*args: str, env: Mapping[str, str] | None = None, shell: str | None = None) -> Session:
        environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES")}
        # The line protocol; tests/test_prompt_menu.py drives the menus.
        environment.update({"TERM": "xterm-256color", "CALCINOSIS_PROMPT": "plain", **(env or {})})
        if shell is None:
            command, argv = calcinosis_command[0], [*calcinosis_command[1:], *args]
        else:
            command, argv = "/bin/sh", ["-c", shell.format(cmd=shlex.join(calcinosis_command))]
        child = pexpect.spawn(command, argv, encoding="utf-8", timeout=TIMEOUT, dimensions=(40, 100), env=environment)
        children.append(child)
        return Session(child)

    yield _spawn
    for child in children:
        if child.isalive():
            child.close(force=True)


# --- a whole run ---------------------------------------------------------------------------


def test_answering_unknown_everywhere_ends_in_a_panel(spawn: Any) -> None:
    session = spawn("triage")
    session.prompt()
    assert session.finish("unknown") == 0
    # each relevant question is asked once, in the interview's order, emergency questions first
    assert session.asked == would_ask({})
    assert session.asked[1 : 1 + len(EMERGENCY_FIRST)] == list(EMERGENCY_FIRST), "emergency questions first"
    assert "warfarin" not in session.asked, "asked about warfarin although no skin sign or pain can be urgent"
    assert all("I don't know" in screen for screen in session.screens), "every question offers I don't know"
    assert session.reviews == 1, "the answers are reviewed once before the result"
    tail = session.tail
    assert "╭" in tail and "╰" in tail
    assert "not medical advice" in flat(tail)
    assert "Dystrophic" in tail or "uncertain" in tail
    assert "Traceback" not in tail
    widths = [len(line) for line in tail.splitlines()]
    assert max(widths) <= 80, "the panel is wider than 80 columns in a 100-column terminal"


def test_question_number_and_how_many_at_most_remain(spawn: Any) -> None:
    session = spawn("triage", "--calcium", "normal", "--phosphate", "normal")
    session.prompt()
    assert session.finish("unknown") == 0
    headers = [QUESTION_HEADER.search(screen) for screen in session.screens]
    assert all(headers), "every question shows its number"
    numbers = [int(h.group(1)) for h in headers if h]
    assert numbers == list(range(1, len(numbers) + 1))
    for header in (h for h in headers if h):
        bound = re.search(r"of at most (\d+)", header.group(2))
        if bound:
            assert int(bound.group(1)) >= len(numbers), f"'{header.group(0)}' but {len(numbers)} were asked"
        else:
            assert "last" in header.group(2), header.group(0)
            assert int(header.group(1)) == len(numbers)


def test_answer_by_number_word_label_and_prefix(spawn: Any) -> None:
    given = dull_answers("age_group", "pain", "site", "lesions")
    session = spawn("triage", "--json", *answered_by_flags(given))
    assert "How old" in session.prompt()
    shown = session.reply("3")  # by number: a child
    assert "Your answer: 1 to 17 years." in flat(shown), "the answer is echoed in words"
    assert "painful" in shown
    assert "Where are the lumps" in session.reply("Mild")  # by word, any case
    assert "How many lumps" in session.reply("neck f")  # by a prefix of its label: neck-folds
    session.child.sendline("a few")  # by its label
    session.review()
    session.child.sendline("")
    assert session.end() == 0
    answers = session.result_json()["answers"]
    assert (answers["age_group"], answers["pain"], answers["site"], answers["lesions"]) == (
        "child",
        "mild",
        "neck-folds",
        "few",
    )
    assert session.asked == ["age_group", "pain", "site", "lesions"]


def test_an_invalid_answer_says_why_and_asks_again(spawn: Any) -> None:
    session = spawn("triage", "--calcium", "high", "--phosphate", "high")
    first = session.prompt()
    assert "Question 1" in first
    shown = flat(session.reply("banana"))
    assert "banana" in shown
    assert "infant" in shown and "adult" in shown  # says what it takes
    assert "Question 2" not in shown
    shown = flat(session.reply("9"))
    assert re.search(r"\b1\b.*\b5\b", shown), shown  # the numbers it takes
    assert "Question 2" not in shown
    shown = flat(session.reply(""))
    assert "Question 2" not in shown and shown
    assert "Question 2" in session.reply("adult")


def test_a_superscript_digit_is_refused_without_a_crash(spawn: Any) -> None:
    """ "²" counts as a digit for str.isdigit() but is no number of a choice."""
    session = spawn("triage")
    session.prompt()
    session.child.sendline("²")
    index = session.child.expect_exact([PROMPT, pexpect.EOF])
    shown = plain(session.child.before or "")
    assert "Traceback" not in shown, shown[-400:]
    assert index == 0, "the program ended instead of asking again"
    assert "Question 2" not in shown
    assert "Question 2" in session.reply("unknown")


def test_question_mark_explains_the_question(spawn: Any) -> None:
    session = spawn("triage")
    session.prompt()
    shown = flat(session.reply("?"))
    assert flat(QUESTIONS_BY_ID["age_group"].explain) in shown
    assert "Question 2" not in shown
    assert "Question 2" in session.reply("unknown")


def test_the_help_at_the_first_skin_question_never_says_soon_for_dark_skin() -> None:
    # "Skin that breaks down or turns dark over hard lumps should be seen by a doctor soon",
    # one question before the help of the next says dark skin needs a doctor the same day
    # (and the result, with dialysis, says today).
    explain = QUESTIONS_BY_ID["skin_breakdown"].explain
    assert "turns dark over hard lumps should be seen by a doctor soon" not in explain
    assert "the same day" in explain and "the same day" in QUESTIONS_BY_ID["skin_dark"].explain


def test_back_returns_to_the_previous_question_and_shows_its_answer(spawn: Any) -> None:
    session = spawn("triage", "--json")
    session.prompt()
    shown = flat(session.reply("back"))
    assert re.search(r"nothing to go back|first question", shown, re.I), shown
    assert "Question 2" not in shown
    assert "Question 2" in session.reply("infant")
    shown = flat(session.reply("back"))
    assert "Question 1" in shown and QUESTIONS_BY_ID["age_group"].text in shown
    assert "Your answer was: 4 weeks to under 1 year." in shown
    assert "Question 2" in session.reply("child")
    assert session.finish("unknown") == 0
    assert session.result_json()["answers"]["age_group"] == "child"


@pytest.mark.parametrize("word", ["q", "quit"])
def test_q_or_quit_leaves_like_ctrl_c(spawn: Any, word: str) -> None:
    session = spawn("triage")
    session.prompt()
    session.reply("adult")
    session.child.sendline(word)
    assert session.end() == 130
    assert "Cancelled." in session.tail
    assert "╭" not in session.tail and "Traceback" not in session.tail


def test_the_review_changes_an_answer_by_its_number_and_asks_what_it_makes_relevant(spawn: Any) -> None:
    given = dull_answers("skin_dark", "pain", "warfarin")
    session = spawn("triage", "--json", *answered_by_flags(given))
    session.prompt()
    session.reply("no")  # skin_dark: no; warfarin can no longer make it urgent
    session.child.sendline("none")  # pain
    shown = flat(session.review())
    assert f"1. {QUESTIONS_BY_ID['skin_dark'].text} No" in shown
    assert "2. How painful are the lumps or the skin around them? Not painful" in shown
    session.child.sendline("7")
    assert "Type the number of an answer" in flat(session.review())
    shown = flat(session.reply("1"))
    assert "Changing answer 1" in shown and "Your answer was: No." in shown
    shown = flat(session.reply("yes"))  # dark skin: now warfarin can make it urgent
    assert QUESTIONS_BY_ID["warfarin"].text in shown, "the newly relevant question is asked"
    session.child.sendline("no")
    session.review()
    session.child.sendline("")
    assert session.end() == 0
    result = session.result_json()
    assert result["answers"]["skin_dark"] == "yes" and result["answers"]["warfarin"] == "no"


def test_a_measured_calcium_is_typed_at_the_calcium_question(spawn: Any) -> None:
    given = {k: v for k, v in dull_answers("age_group", "calcium", "phosphate").items()}
    session = spawn("triage", "--json", *answered_by_flags(given))
    session.prompt()
    shown = flat(session.reply("adult"))
    assert "Or type the value from the report" in shown
    shown = flat(session.reply("2.6"))  # ordinary in mmol/l only: the unit is asked for
    assert "type it with its unit" in shown and "Question 3" not in shown
    shown = flat(session.reply("40 mg/dl"))  # no living person has it
    assert "not a value a living person can have" in shown
    shown = flat(session.reply("2.6 mmol/L"))
    assert "Calcium 2.6 mmol/l: high" in shown
    assert "Question 3" in shown and "phosphate" in shown
    session.child.sendline("1.1")  # read in mmol/l like the calcium
    session.review()
    session.child.sendline("")
    assert session.end() == 0
    labs = session.result_json()["labs"]
    assert labs["units"] == "mmol/l"
    assert labs["calcium"]["value"] == 2.6 and labs["phosphate"]["value"] == 1.1


def test_a_unit_typed_at_the_calcium_question_never_rereads_a_phosphate_flag(spawn: Any) -> None:
    # --phosphate-value 4.5 without --units is 4.5 mg/dl (normal); a calcium typed in mmol/l
    # once made it 4.5 mmol/l (high) without a word, and the result metastatic and "soon".
    given = dull_answers("age_group", "calcium", "phosphate")
    session = spawn("triage", "--json", "--age-group", "adult", "--phosphate-value", "4.5", *answered_by_flags(given))
    session.prompt()
    shown = flat(session.reply("2.4 mmol/l"))
    assert "The phosphate was given in mg/dl: type the calcium in mg/dl too." in shown
    session.child.sendline("9.6 mg/dl")
    session.review()
    session.child.sendline("")
    assert session.end() == 0
    labs = session.result_json()["labs"]
    assert labs["units"] == "mg/dl"
    assert labs["calcium"]["value"] == 9.6 and labs["phosphate"]["value"] == 4.5
    assert labs["phosphate"]["level"] == "normal"


def test_questions_answered_by_flags_are_never_asked(spawn: Any) -> None:
    flags = {"age_group": "adult", "pain": "none", "site": "face", "kidney_failure": "no", "skin_breakdown": "yes"}
    session = spawn("triage", *[a for qid, v in flags.items() for a in (QUESTIONS_BY_ID[qid].flag, v)])
    session.prompt()
    assert session.finish("unknown") == 0
    assert not set(session.asked) & set(flags)
    for qid in flags:
        assert QUESTIONS_BY_ID[qid].text not in "".join(session.screens)


def test_a_flag_answering_unknown_is_not_asked_either(spawn: Any) -> None:
    session = spawn("triage", "--age-group", "unknown")
    assert "How old" not in session.prompt()
    assert session.finish("unknown") == 0
    assert "age_group" not in session.asked


def test_questions_answered_by_the_file_are_never_asked(spawn: Any, tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    given = {"age_group": "child", "calcium": "normal", "phosphate": "normal"}
    answers.write_text(json.dumps(given))
    session = spawn("triage", "--answers", str(answers))
    session.prompt()
    assert session.finish("unknown") == 0
    assert session.asked == would_ask(given)
    assert not set(given) & set(session.asked)


@pytest.mark.parametrize("flags", [("--calcium", "high"), ("--calcium-value", "13.5")], ids=["level", "value"])
def test_high_calcium_asks_what_can_still_change_the_result(spawn: Any, flags: tuple[str, ...]) -> None:
    session = spawn("triage", "--phosphate", "high", *flags)
    session.prompt()
    assert session.finish("unknown") == 0
    assert "calcium" not in session.asked
    assert "tissue_damage" in session.asked  # an infection where the lumps are is a red flag
    assert "tumor" not in session.asked  # with high levels a tumour there no longer changes the type
    assert "Metastatic" in session.tail


def test_dark_skin_makes_the_warfarin_question_matter(spawn: Any) -> None:
    session = spawn("triage", "--age-group", "adult", "--skin-breakdown", "no", "--skin-dark", "yes")
    session.prompt()
    assert session.finish("unknown") == 0
    assert "warfarin" in session.asked


def test_an_urgent_answer_ends_the_interview_at_once(spawn: Any) -> None:
    session = spawn("triage", "--json", "--kidney-failure", "yes")
    session.prompt()
    while session.asked[-1] != "skin_breakdown":
        session.reply("unknown")
    session.child.sendline("y")  # y for yes
    assert session.end() == 0
    result = session.result_json()
    assert result["urgency"] == "urgent"
    assert result["answers"]["skin_breakdown"] == "yes"
    assert session.asked == QUESTION_ORDER[: QUESTION_ORDER.index("skin_breakdown") + 1]
    assert session.reviews == 0, "an urgent result is shown at once"


def test_the_dialysis_patient_with_painful_black_sores_is_told_to_get_care_today(spawn: Any) -> None:
    session = spawn("triage")
    session.prompt()
    for reply in ("adult", "yes", "yes", "unknown"):  # age, open sores, black skin, patches
        session.reply(reply)
    session.child.sendline("very")  # very painful
    assert session.end() == 0
    assert session.asked == ["age_group", "skin_breakdown", "skin_dark", "skin_patches", "pain"]
    assert "care today" in flat(session.summary).lower(), "the urgent summary comes before the offer"
    assert session.offers == 1


# --- the offer of the details at the end ----------------------------------------------------

DETAILS_ONLY = ("How this was decided", "Sources")


def test_y_at_the_end_of_an_interactive_run_shows_the_details(spawn: Any) -> None:
    session = spawn("triage")
    session.prompt()
    session.details_reply = "y"
    assert session.finish("unknown") == 0
    assert session.offers == 1
    summary, after = flat(session.summary), flat(session.tail[len(session.summary) :])
    assert "more with --details" in summary and "not medical advice" in summary
    assert not any(part in summary for part in DETAILS_ONLY), "the summary comes first"
    assert all(part in after for part in DETAILS_ONLY), after[-800:]
    assert DISCLAIMER in " ".join(re.sub("[│╭╮╰╯─]", " ", after).split()), "the details carry the whole disclaimer"
    assert "Traceback" not in session.tail


@pytest.mark.parametrize("reply", ["", "n", "no thanks"])
def test_anything_but_yes_at_the_offer_finishes_without_the_details(spawn: Any, reply: str) -> None:
    session = spawn("triage", "--calcium", "normal", "--phosphate", "normal")
    session.prompt()
    session.details_reply = reply
    assert session.finish("unknown") == 0
    assert session.offers == 1
    assert "╰" in session.summary
    assert not any(part in session.tail for part in DETAILS_ONLY)


def test_ctrl_c_at_the_offer_leaves_with_130_after_the_result(spawn: Any) -> None:
    session = spawn("triage", "--kidney-failure", "yes", "--age-group", "adult")
    session.prompt()
    session.child.sendline("yes")  # open sores with kidney failure: urgent at once
    session.child.expect_exact(DETAILS_PROMPT)
    assert "care today" in flat(session.child.before or "").lower()
    session.child.sendintr()
    assert session.end() == 130
    assert "Cancelled." in session.tail and "Traceback" not in session.tail


@pytest.mark.parametrize(
    "args",
    [("--details",), ("--json",), ("--format", "markdown")],
    ids=["details already", "json", "markdown"],
)
def test_no_offer_when_the_result_is_not_the_summary(spawn: Any, args: tuple[str, ...]) -> None:
    session = spawn("triage", "--calcium", "normal", "--phosphate", "normal", *args)
    session.prompt()
    assert session.finish("unknown") == 0
    assert session.offers == 0 and "Show the details" not in session.tail
    if args == ("--details",):
        assert all(part in session.tail for part in DETAILS_ONLY)


def test_no_offer_without_a_question_asked(spawn: Any) -> None:
    given = dull_answers()
    session = spawn("triage", *answered_by_flags(given))  # every question answered: nothing asked
    assert session.end() == 0
    assert session.offers == 0 and "╰" in session.tail
    with_no_input = spawn("triage", "--no-input", "--pain", "mild")
    assert with_no_input.end() == 0
    assert with_no_input.offers == 0 and "╰" in with_no_input.tail


def test_no_offer_when_the_result_goes_to_a_file(spawn: Any, tmp_path: Path) -> None:
    out = tmp_path / "result.txt"
    session = spawn(shell="exec {cmd} triage --calcium normal --phosphate normal > " + shlex.quote(str(out)))
    session.prompt()
    assert session.finish("unknown") == 0
    assert session.offers == 0
    assert "not medical advice" in flat(out.read_text()) and "How this was decided" not in out.read_text()


def test_prompts_go_to_stderr_so_the_result_can_be_redirected(spawn: Any, tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    session = spawn(shell="exec {cmd} triage --json --calcium high --phosphate high > " + shlex.quote(str(out)))
    session.prompt()
    assert session.finish("unknown") == 0
    assert session.asked, "the questions are shown on the terminal"
    assert json.loads(out.read_text())["suggested_type"]["id"] == "metastatic"


def test_a_closed_standard_output_is_refused_before_the_first_question(spawn: Any) -> None:
    # Started with >&-, it asked every question and only then said "Error: input or output
    # failed: standard output is closed": the answers were lost.
    session = spawn(shell="exec {cmd} triage >&-")
    assert session.end() == 2
    assert "standard output is closed" in session.tail
    assert "Question 1" not in session.tail and "Traceback" not in session.tail


# --- cancelling ---------------------------------------------------------------------------------


@pytest.mark.parametrize("answered", [0, 2])
def test_ctrl_c_cancels_with_status_130(spawn: Any, answered: int) -> None:
    session = spawn("triage")
    session.prompt()
    for _ in range(answered):
        session.reply("unknown")
    session.child.sendintr()
    assert session.end() == 130
    assert "Cancelled." in session.tail
    assert "Traceback" not in session.tail
    assert "╭" not in session.tail, "no result after cancelling"


def test_ctrl_d_cancels_with_status_130(spawn: Any) -> None:
    session = spawn("triage")
    session.prompt()
    session.child.sendeof()
    assert session.end() == 130
    assert "Cancelled" in session.tail
    assert "Traceback" not in session.tail


# --- colour in a terminal ------------------------------------------------------------------------


def test_a_terminal_gets_colour_unless_no_color(spawn: Any) -> None:
    urgent = ("--kidney-failure", "yes", "--pain", "severe", "--skin-breakdown", "yes")
    coloured = spawn("triage", "--no-input", *urgent)
    assert coloured.end() == 0
    uncoloured = spawn("triage", "--no-input", *urgent, env={"NO_COLOR": "1"})
    assert uncoloured.end() == 0
    assert has_colour(coloured.raw_tail)
    assert not has_colour(uncoloured.raw_tail), "NO_COLOR is set but the output has colour"
    assert "advice" in uncoloured.tail


def test_urgent_panel_in_a_terminal_starts_with_the_urgent_line(spawn: Any) -> None:
    session = spawn("triage", "--no-input", "--kidney-failure", "yes", "--pain", "severe", "--skin-breakdown", "yes")
    assert session.end() == 0
    lines = [flat(re.sub(r"[│╭╮╰╯─]", " ", line)) for line in session.tail.splitlines()]
    content = [line for line in lines if line and "calcinosis triage" not in line]
    assert content[0].startswith("URGENT"), content[:2]


# --- the pure functions ------------------------------------------------------------------------------


class FakeTerminal:
    """Replies from a script; records what the interview showed and said."""

    def __init__(self, replies: list[str], then: str | None = None, reviews: list[str] | None = None) -> None:
        self.replies = list(replies)
        self.then = then
        self.reviews = list(reviews or [])
        self.shown: list[tuple[str, int, str, str | None]] = []
        self.said: list[str] = []
        self.reviewed: list[list[tuple[str, str]]] = []  # what each fresh review showed

    def _next(self) -> str:
        if self.replies:
            return self.replies.pop(0) + "\n"
        if self.then is not None:
            return self.then + "\n"
        raise Cancelled

    def question(self, title: str, number: int, question: Question, earlier: str | None) -> str:
        self.shown.append((title, number, question.id, earlier))
        return self._next()

    def again(self, number: int, question: Question) -> str:
        return self._next()

    def value(self, question: Question) -> str:
        return self._next()

    def review(self, answers: Any, again: bool) -> str:
        if not again:
            self.reviewed.append([(q.id, words) for q, words in answers])
        return self.reviews.pop(0) if self.reviews else ""

    def details(self) -> bool:
        return False

    def say(self, text: str) -> None:
        self.said.append(text)


def q(qid: str) -> Question:
    return QUESTIONS_BY_ID[qid]


@pytest.mark.parametrize(
    ("qid", "typed", "expected"),
    [
        ("age_group", "1", "newborn"),
        ("age_group", "2", "infant"),
        ("age_group", " 4 ", "adult"),
        ("age_group", "5", "unknown"),
        ("age_group", "ADULT", "adult"),
        ("age_group", "18 or older", "adult"),
        ("age_group", "inf", "infant"),
        ("age_group", "I don't know", "unknown"),
        ("age_group", "i  DON'T   know", "unknown"),
        ("age_group", "I don\u2019t know", "unknown"),  # with the apostrophe of a document, pasted
        ("age_group", "not sure", "unknown"),
        ("skin_breakdown", "dunno", "unknown"),
        ("calcium", "no idea", "unknown"),
        ("calcium", "unknown", "unknown"),
        ("calcium", "Normal", "normal"),
        ("pain", "very", "severe"),
        ("pain", "sev", "severe"),
        ("site", "transpl", "transplant-site"),
        ("site", "12", "ears"),
        ("site", "17", "unknown"),
        ("site", "neck folds", "neck-folds"),
        ("autoimmune", "rheumatoid arthritis", "rheumatoid-arthritis"),
        ("tissue_damage", "joint_injury", "joint-injury"),
        ("site", "10", "other"),
        ("autoimmune", "rheum", "rheumatoid-arthritis"),
        ("procedure", "electrode", "electrode-paste"),
        ("procedure", "ano", "other"),
        ("lesions", "a few", "few"),
        ("skin_breakdown", "y", "yes"),
        ("skin_breakdown", "n", "no"),
    ],
)
def test_read_reply_accepts_numbers_words_labels_and_prefixes(qid: str, typed: str, expected: str) -> None:
    assert read_reply(q(qid), typed) == expected


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda question: question.id)
def test_read_reply_accepts_every_value_its_number_and_its_label(question: Question) -> None:
    for number, (value, label) in enumerate(question.choices, 1):
        assert read_reply(question, str(number)) == value
        assert read_reply(question, f"  {value.upper()} ") == value
        assert read_reply(question, label) == value


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda question: question.id)
def test_read_reply_accepts_every_unambiguous_prefix_of_a_value(question: Question) -> None:
    """Typing the start of a choice is enough when no other choice starts that way."""
    for value in question.values:
        for end in range(1, len(value)):
            prefix = value[:end]
            candidates = {
                v for v, label in question.choices if v.startswith(prefix) or label.lower().startswith(prefix)
            }
            if candidates == {value} and prefix not in BACK_WORDS + HELP_WORDS + QUIT_WORDS:  # "b" means back
                if question.id in ("calcium", "phosphate") and prefix in ("n", "no"):
                    continue  # could mean "no blood test": asked about (the test below)
                assert read_reply(question, prefix) == value, f"{prefix!r} should mean {value!r}"


@pytest.mark.parametrize("typed", ["?", " ? ", "help"])
def test_read_reply_help(typed: str) -> None:
    assert isinstance(read_reply(q("site"), typed), Help)


@pytest.mark.parametrize("typed", ["back", "BACK", " back "])
def test_read_reply_back(typed: str) -> None:
    assert isinstance(read_reply(q("site"), typed), Back)


@pytest.mark.parametrize(
    ("qid", "typed", "says"),
    [
        ("age_group", "", "answer"),
        ("age_group", "   ", "answer"),
        ("age_group", "0", "1 to 5"),
        ("age_group", "6", "1 to 5"),
        ("age_group", "banana", "newborn, infant, child, adult, unknown"),
        ("procedure", "an", "surgery"),  # "An operation" or "Another procedure"
        ("site", "s", "scrotum"),
    ],
)
def test_read_reply_says_why_a_reply_is_invalid(qid: str, typed: str, says: str) -> None:
    reply = read_reply(q(qid), typed)
    assert isinstance(reply, Invalid)
    assert says in reply.reason


@pytest.mark.parametrize(
    ("qid", "typed", "close"),
    [("skin_breakdown", "yse", "yes"), ("autoimmune", "sclerodrema", "scleroderma"), ("pain", "sevre", "severe")],
)
def test_a_typo_at_the_prompt_gets_did_you_mean(qid: str, typed: str, close: str) -> None:
    # Contract 1.1: "A value that is not accepted gets 'did you mean ...?' when one is close",
    # at the prompts too; flags and --answers said it, the prompt only listed the choices.
    reply = read_reply(q(qid), typed)
    assert isinstance(reply, Invalid)
    assert f"Did you mean '{close}'?" in reply.reason


@pytest.mark.parametrize("typed", ["²", "¹", "①", "1²"])
def test_read_reply_refuses_digits_that_are_not_numbers(typed: str) -> None:
    assert isinstance(read_reply(q("age_group"), typed), Invalid)


@pytest.mark.parametrize("qid", ["calcium", "phosphate"])
@pytest.mark.parametrize("digit", ["5", "6", "7", "8", "9"])
def test_one_digit_past_the_choices_is_a_value_only_with_its_unit(qid: str, digit: str) -> None:
    # "7" at the calcium question, a slip for a choice's number, was read as 7 mg/dl: very
    # low, urgent at once, the questions stopped.
    reply = read_reply(q(qid), digit)
    assert isinstance(reply, Invalid)
    assert f"no choice {digit}" in reply.reason and f"{digit} mg/dl" in reply.reason
    assert read_reply(q(qid), f"{digit} mg/dl") == Measured(digit, "mg/dl")
    assert read_reply(q(qid), f"{digit}.0") == Measured(f"{digit}.0", None)  # a decimal is a value
    assert read_reply(q(qid), "10") == Measured("10", None)  # so is a number no choice has


@pytest.mark.parametrize("qid", ["calcium", "phosphate", "age_group"])
def test_a_choice_number_typed_with_its_dot_is_that_choice(qid: str) -> None:
    # The choices are shown as "1. High": "1." typed at the calcium question was read as a
    # calcium of 1 mg/dl, "in the range where very low calcium can be dangerous", and the
    # questions stopped with an urgent result.
    for number, value in enumerate(q(qid).values, 1):
        assert read_reply(q(qid), f"{number}.") == value
        assert read_reply(q(qid), f" {number}. ") == value
    past = len(q(qid).values) + 1
    reply = read_reply(q(qid), f"{past}.")
    assert isinstance(reply, Invalid) and f"no choice {past}" in reply.reason
    if qid in ("calcium", "phosphate"):
        assert read_reply(q(qid), "10.") == Measured("10.", None), "a number no choice has stays a value"


def test_one_dot_typed_after_the_choice_at_the_calcium_question_answers_it(spawn: Any) -> None:
    given = dull_answers("calcium")
    session = spawn("triage", "--json", *answered_by_flags(given))
    assert "calcium level" in session.prompt()
    session.child.sendline("1.")
    shown = flat(session.review())
    assert "Your answer: High." in shown and "mg/dl" not in shown
    session.child.sendline("")
    assert session.end() == 0
    result = session.result_json()
    assert result["answers"]["calcium"] == "high" and result["labs"] is None


@pytest.mark.parametrize("digit", ["1", "2", "3", "4"])
def test_a_number_typed_as_the_value_is_never_taken_for_a_choice(digit: str) -> None:
    # At the menu's "Calcium value:" prompt, "2" (meant as 2 mmol/l, a low calcium) was
    # read as choice 2: "Your answer: Normal."
    assert read_value(digit) == Measured(digit, None)
    assert read_value(f"{digit} mmol/l") == Measured(digit, "mmol/l")
    assert isinstance(read_value("high"), Invalid) and isinstance(read_value("7 stones"), Invalid)
    assert isinstance(read_value("q"), Quit)


@pytest.mark.parametrize("qid", ["calcium", "phosphate"])
@pytest.mark.parametrize("typed", ["no", "n", " No "])
def test_no_at_a_blood_test_question_is_asked_about_instead_of_read_as_normal(qid: str, typed: str) -> None:
    # "no" (meaning no blood test was done) was read as the start of "normal": a normal
    # level recorded for a test nobody had, which makes metastatic calcinosis unlikely.
    reply = read_reply(q(qid), typed)
    assert isinstance(reply, Invalid)
    assert "unknown" in reply.reason and "normal" in reply.reason
    assert read_reply(q(qid), "nor") == "normal" and read_reply(q(qid), "unknown") == UNKNOWN


def test_read_reply_shortens_a_long_invalid_reply() -> None:
    reply = read_reply(q("pain"), "x" * 500)
    assert isinstance(reply, Invalid)
    assert len(reply.reason) < 200


@settings(max_examples=200, deadline=None)
@given(question=st.sampled_from(QUESTIONS), typed=st.text(max_size=40))
def test_read_reply_always_returns_a_value_or_a_reason(question: Question, typed: str) -> None:
    reply = read_reply(question, typed)
    if isinstance(reply, str):
        assert reply in question.values
    elif isinstance(reply, Invalid):
        assert reply.reason
    elif isinstance(reply, Measured):
        assert question.id in ("calcium", "phosphate")
    else:
        assert isinstance(reply, (Help, Back, Quit))


def test_interview_answering_unknown_everywhere() -> None:
    terminal = FakeTerminal([], then="unknown")
    answers = interview({}, terminal)
    assert list(answers) == would_ask({})
    assert all(value == UNKNOWN for value in answers.values())
    titles = [title for title, *_ in terminal.shown]
    assert titles[0] == f"Question 1 of at most {len(QUESTIONS)}"
    assert titles[-1] == f"Question {len(titles)} (the last one)"
    assert [number for _, number, _, _ in terminal.shown] == list(range(1, len(answers) + 1))
    assert terminal.said[0] == "Your answer: I don't know."
    assert len(terminal.reviewed) == 1 and [qid for qid, _ in terminal.reviewed[0]] == list(answers)
    assert PROMPT.endswith(": ") and REVIEW_PROMPT.endswith(": ")


def test_interview_never_asks_what_is_given() -> None:
    given = {"age_group": "adult", "calcium": "high", "pain": "none"}
    terminal = FakeTerminal([], then="unknown")
    answers = interview(given, terminal)
    shown = [qid for _, _, qid, _ in terminal.shown]
    assert not set(shown) & set(given)
    assert "phosphate" in shown
    assert set(answers) == set(shown)


def test_interview_help_invalid_back_and_the_earlier_answer() -> None:
    terminal = FakeTerminal(["back", "?", "banana", "infant", "back", "child", "yes"], then="unknown")
    answers = interview({}, terminal)
    assert answers["age_group"] == "child"
    assert answers["skin_breakdown"] == "yes"
    assert any("nothing to go back" in said or "first question" in said for said in terminal.said)
    assert q("age_group").explain in terminal.said
    assert any("banana" in said for said in terminal.said)
    assert "Back to question 1. Your answer was: 4 weeks to under 1 year." in terminal.said
    shown = [(number, qid, earlier) for _, number, qid, earlier in terminal.shown[:4]]
    assert shown == [
        (1, "age_group", None),
        (2, "skin_breakdown", None),
        (1, "age_group", "4 weeks to under 1 year"),
        (2, "skin_breakdown", None),
    ]


def test_interview_review_changes_an_answer_and_asks_again_what_became_relevant() -> None:
    given = dull_answers("skin_dark", "pain", "warfarin")
    terminal = FakeTerminal(["no", "none", "yes", "no"], reviews=["x", "99", "1", ""])
    answers = interview(given, terminal)
    assert answers == {"skin_dark": "yes", "pain": "none", "warfarin": "no"}
    assert [qid for _, _, qid, _ in terminal.shown] == ["skin_dark", "pain", "skin_dark", "warfarin"]
    assert terminal.shown[2][0] == "Changing answer 1" and terminal.shown[2][3] == "No"
    assert sum("Type the number of an answer" in said for said in terminal.said) == 2
    assert len(terminal.reviewed) == 2
    assert terminal.reviewed[-1][-1] == ("warfarin", "No")


def test_interview_back_while_changing_an_answer_keeps_it_and_the_others() -> None:
    given = dull_answers("skin_dark", "pain")
    terminal = FakeTerminal(["no", "none", "back"], reviews=["2", ""])
    answers = interview(given, terminal)
    assert answers == {"skin_dark": "no", "pain": "none"}
    assert "Back to your answers; this one is kept: Not painful." in terminal.said


def test_an_urgent_change_at_the_review_shows_the_result_at_once() -> None:
    given = {**dull_answers("pain", "kidney_failure"), "skin_patches": "unknown"}
    terminal = FakeTerminal(["none", "yes", "severe"], reviews=["1"])
    answers = interview(given, terminal)
    assert answers["pain"] == "severe" and is_urgent({**given, **answers})
    assert len(terminal.reviewed) == 1


@pytest.mark.parametrize("where", ["question", "review"])
def test_quit_raises_cancelled(where: str) -> None:
    given = dull_answers("pain")
    terminal = FakeTerminal(["q"] if where == "question" else ["mild"], reviews=["quit"])
    with pytest.raises(Cancelled):
        interview(given, terminal)


def test_interview_passes_cancelling_on() -> None:
    with pytest.raises(Cancelled):
        interview({}, FakeTerminal(["adult", "no"]))


def test_interview_takes_a_measured_value_and_says_what_it_is() -> None:
    given = dull_answers("age_group", "calcium", "phosphate")
    terminal = FakeTerminal(["child", "10.1 mg", "#value", "", "#value", "abc", "1.4 mmol/l", "4.5"])
    answers = interview(given, terminal)
    assert answers == {"age_group": "child", "calcium_value": "10.1", "units": "mg/dl", "phosphate_value": "4.5"}
    assert any(said.startswith("Calcium 10.1 mg/dl: normal") for said in terminal.said)
    assert any("type the phosphate in mg/dl too" in said for said in terminal.said)
    assert [words for _, words in terminal.reviewed[0]][1:] == ["10.1 mg/dl (normal)", "4.5 mg/dl (normal)"]


def test_a_calcium_corrected_for_albumin_is_echoed_with_the_corrected_value() -> None:
    # With --albumin-value 2.0, a typed calcium of 8.0 mg/dl was echoed "Calcium 8 mg/dl:
    # normal (adult total calcium: 8.6 to 10.3 mg/dl)": below the range it names, yet normal,
    # because the level was that of the corrected calcium (9.6 mg/dl), which it did not say.
    given = {**dull_answers("calcium"), "albumin_value": "2.0"}
    terminal = FakeTerminal(["8.0 mg/dl"])
    assert interview(given, terminal) == {"calcium_value": "8.0", "units": "mg/dl"}
    assert terminal.said[0] == (
        "Calcium 8 mg/dl: low (adult total calcium: 8.6 to 10.3 mg/dl); "
        "corrected for albumin 9.6 mg/dl (normal), the level that counts."
    )
    assert terminal.reviewed == [[("calcium", "8 mg/dl (low), corrected for albumin 9.6 mg/dl (normal)")]]


def test_a_calcium_typed_without_albumin_says_how_to_give_the_albumin() -> None:
    # A report of calcium 2.1 mmol/l and albumin 30 g/l: the calcium was echoed "low" and the
    # result said "Blood calcium outside the normal range", though corrected for the albumin it
    # is 2.3 mmol/l, normal; nothing said that the albumin counts or how to give it.
    terminal = FakeTerminal(["2.1 mmol/l"])
    assert interview(dull_answers("calcium"), terminal) == {"calcium_value": "2.1", "units": "mmol/l"}
    assert terminal.said[0].startswith("Calcium 2.1 mmol/l: low")
    assert "--albumin-value" in terminal.said[0] and "albumin" in terminal.said[0].split("--")[0]
    # not where the albumin is given already, nor under 1 year (where it is not used)
    for known in (
        {**dull_answers("calcium"), "albumin_value": "3.0"},
        {**dull_answers("calcium"), "age_group": "infant"},
    ):
        terminal = FakeTerminal(["8.0 mg/dl"])
        interview(known, terminal)
        assert "--albumin-value" not in terminal.said[0]


def test_an_answer_that_would_make_the_given_values_disagree_is_asked_again() -> None:
    # --calcium high --calcium-value 10.5 agree for an adult (range 8.6 to 10.3 mg/dl); the
    # answer "newborn" (range 7 to 12) ended the questions with "Error: field
    # 'calcium_value': 10.5 mg/dl is normal for the newborn ... range, but field 'calcium'
    # says high", status 2, naming fields that were flags.
    given = {"calcium": "high", "calcium_value": "10.5"}
    terminal = FakeTerminal(["newborn", "adult"], then="unknown")
    assert interview(given, terminal)["age_group"] == "adult"
    assert terminal.shown[0][2] == "age_group" and terminal.shown[1][2] != "age_group"
    assert "normal for the newborn" in terminal.said[0] and "the calcium says high" in terminal.said[0]
    assert "Choose another answer" in terminal.said[0]
    assert terminal.said[1] == "Your answer: 18 or older."


@pytest.mark.parametrize(
    ("albumin", "units", "typed", "kept"),
    [("3.5", None, "2.1 mmol/l", "g/dl"), ("35", "mmol/l", "8.4 mg/dl", "g/l")],
    ids=["g/dl by default", "g/l with --units mmol/l"],
)
def test_a_unit_typed_at_the_calcium_question_never_rereads_the_albumin(
    albumin: str, units: str | None, typed: str, kept: str
) -> None:
    # --albumin-value 3.5 is read in g/dl (no --units); a calcium typed in mmol/l made it
    # g/l, and the calcium was refused with "The albumin value: 3.5 is an ordinary albumin
    # in g/dl but not in g/l: add the albumin units set to 'g/dl' (or ...)", which nobody
    # can do at the prompt.
    given = {**dull_answers("calcium"), "albumin_value": albumin, **({"units": units} if units else {})}
    answers = interview(given, FakeTerminal([typed]))
    assert answers == {"calcium_value": typed.split()[0], "units": typed.split()[1], "albumin_units": kept}
    terminal = FakeTerminal([typed, "normal"], reviews=["1", ""])  # then changed at the review
    assert interview(given, terminal) == {"calcium": "normal"}, "the units typed are forgotten with the value"
    assert "corrected for albumin" in terminal.said[0], terminal.said
    assert "corrected for albumin" in terminal.reviewed[0][0][1]


def test_back_while_changing_an_answer_keeps_it_and_returns_to_the_review() -> None:
    # The menu offers "Go back" when answer 2 or later is being changed; it said "Choose an
    # answer for this question: the others are kept." and went nowhere.
    given = dull_answers("age_group", "calcium")
    terminal = FakeTerminal(["adult", "2.3 mmol/l", "back"], reviews=["2", ""])
    assert interview(given, terminal) == {"age_group": "adult", "calcium_value": "2.3", "units": "mmol/l"}
    assert "Back to your answers; this one is kept: 2.3 mmol/l (normal)." in terminal.said
    assert len(terminal.reviewed) == 2 and terminal.reviewed[1] == terminal.reviewed[0], "the review again"


def test_changing_a_measured_value_at_the_review_forgets_it() -> None:
    given = dull_answers("age_group", "calcium")
    terminal = FakeTerminal(["adult", "2.3 mmol/l", "normal"], reviews=["2", ""])
    answers = interview(given, terminal)
    assert answers == {"age_group": "adult", "calcium": "normal"}
    assert terminal.shown[-1][3] == "2.3 mmol/l (normal)"


@pytest.mark.parametrize(
    ("analyte", "typed", "known", "says"),
    [
        ("calcium", "2.5", {}, "type it with its unit"),
        ("calcium", "9.6 mmol/l", {}, "9.6 mg/dl would be ordinary"),
        ("calcium", "95", {}, "not a value a living person can have"),
        ("phosphate", "3,5", {}, "decimal comma"),
        ("phosphate", "1.1 mg/dl", {"calcium_value": "2.4", "units": "mmol/l"}, "in mmol/l too"),
        ("phosphate", "1.1 mmol/l", {"calcium_value": "9.5"}, "calcium was given in mg/dl"),  # mg/dl by default
        ("calcium", "2.4 mmol/l", {"phosphate_value": "4.5"}, "type the calcium in mg/dl too"),
    ],
)
def test_an_impossible_or_unclear_value_is_asked_again_with_why(
    analyte: str, typed: str, known: dict[str, object], says: str
) -> None:
    reply = read_reply(q(analyte), typed)
    assert isinstance(reply, Measured)
    found = read_measured(analyte, reply, {"age_group": "adult", **known})
    assert isinstance(found, Invalid) and says in found.reason, found


def test_a_value_in_the_units_given_by_the_flags_needs_no_unit() -> None:
    reply = read_reply(q("calcium"), "2.4")
    assert isinstance(reply, Measured)
    assert read_measured("calcium", reply, {"units": "MMOL/L"}) == {"calcium_value": "2.4", "units": "mmol/l"}


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("10.5", Measured("10.5", None)),
        ("2.6 mmol/L", Measured("2.6", "mmol/l")),
        ("9.1mg/dl", Measured("9.1", "mg/dl")),
        ("10", Measured("10", None)),
        ("3", "low"),  # a choice's number stays that choice
        ("2 mmol", Measured("2", "mmol/l")),
    ],
)
def test_read_reply_takes_a_measured_value_at_the_calcium_question(typed: str, expected: object) -> None:
    assert read_reply(q("calcium"), typed) == expected


def test_read_reply_names_a_unit_it_does_not_read() -> None:
    reply = read_reply(q("phosphate"), "3.5 grains")
    assert isinstance(reply, Invalid) and "mg/dl or mmol/l" in reply.reason
    assert isinstance(read_reply(q("pain"), "10.5"), Invalid), "only calcium and phosphate take values"


@pytest.mark.parametrize("typed", QUIT_WORDS)
def test_read_reply_quit(typed: str) -> None:
    assert isinstance(read_reply(q("pain"), typed), Quit)


@pytest.mark.parametrize(
    ("option", "env", "expected"),
    [
        (None, {"TERM": "xterm"}, "plain"),  # the test's standard error is no terminal
        ("plain", {"TERM": "xterm"}, "plain"),
        ("menu", {"TERM": "xterm"}, "menu"),
        (None, {"TERM": "xterm", "CALCINOSIS_PROMPT": "menu"}, "menu"),
        (None, {"TERM": "xterm", "CALCINOSIS_PROMPT": "Plain"}, "plain"),
        ("menu", {"TERM": "dumb"}, "plain"),  # always plain on a dumb terminal
    ],
)
def test_prompt_mode(option: str | None, env: dict[str, str], expected: str) -> None:
    assert prompt_mode(option, env) == expected


def test_a_bad_prompt_mode_names_where_it_came_from() -> None:
    from calcinosis_cli.errors import UsageError

    with pytest.raises(UsageError, match="CALCINOSIS_PROMPT"):
        prompt_mode(None, {"CALCINOSIS_PROMPT": "fancy"})
    with pytest.raises(UsageError, match="--prompt"):
        prompt_mode("fancy", {})


def test_a_bad_prompt_option_is_a_usage_error(invoke: Any) -> None:
    outcome = invoke("triage", "--no-input", "--prompt", "fancy")
    assert outcome.exit_code == 2
    assert "--prompt" in outcome.stderr


REPLIES = st.one_of(
    st.sampled_from(["back", "?", "unknown", "banana", "", "1", "2", "3", "yes", "no", "high", "normal", "none"]),
    st.text(alphabet=st.characters(max_codepoint=127), max_size=8).filter(
        lambda t: t.strip().lower() not in QUIT_WORDS
    ),
)


@settings(max_examples=100, deadline=None)
@given(
    given_answers=st.dictionaries(
        st.sampled_from(QUESTION_ORDER), st.sampled_from(["unknown", "high", "normal", "no", "yes", "none"])
    ).map(lambda d: {k: v for k, v in d.items() if v in q(k).values}),
    replies=st.lists(REPLIES, max_size=60),
)
def test_interview_asks_exactly_what_can_still_matter(given_answers: dict[str, str], replies: list[str]) -> None:
    terminal = FakeTerminal(replies, then="unknown")
    answers = interview(given_answers, terminal)
    final = {**given_answers, **answers}
    assert not set(answers) & set(given_answers), "asked a question that was given"
    for question in QUESTIONS:
        if question.id in answers:
            assert answers[question.id] in question.values
    # it stops at once when the result is urgent, else when nothing can change it
    assert is_urgent(final) or not relevant(final), f"stopped although {relevant(final)} can change the result"
    if is_urgent(final) and answers:
        last = list(answers)[-1]  # the answer given last (going back removes an answer)
        before = {k: v for k, v in final.items() if k != last}
        assert not is_urgent(before), f"asked {last} although the result was already urgent"
    # every question shown could still change the result when it was shown (it is relevant now
    # or was answered since); and without going back, "at most N" is never exceeded
    numbers = [number for _, number, _, _ in terminal.shown]
    if numbers == list(range(1, len(numbers) + 1)):
        for title, _, qid, _ in terminal.shown:
            bound = re.search(r"of at most (\d+)", title)
            assert bound is None or int(bound.group(1)) >= len(numbers), f"at {qid}: {title}, {len(numbers)} asked"
