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

from calcinosis_cli.interactive import (
    BACK_WORDS,
    HELP_WORDS,
    PROMPT,
    Back,
    Cancelled,
    Help,
    Invalid,
    interview,
    is_urgent,
    most_remaining,
    next_question,
    read_reply,
)
from calcinosis_cli.questions import QUESTIONS, QUESTIONS_BY_ID, UNKNOWN, Question

TIMEOUT = 10
ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")
SGR = re.compile(r"\x1b\[([0-9;]*)m")
QUESTION_HEADER = re.compile(r"Question (\d+)(.*)")
# The questions asked only while neither blood level is high (none in 1.1: every question
# of the bank is asked always, and the interview stops once the result is urgent).
GATED_ON_LEVELS = [q.id for q in QUESTIONS if not q.ask_when.holds({"calcium": "high", "phosphate": UNKNOWN})]
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


def unasked(given: Mapping[str, str]) -> list[str]:
    """The questions ``given`` does not answer, in interview order."""
    return [qid for qid in QUESTION_ORDER if qid not in given]


def answered_by_flags(answers: Mapping[str, str]) -> list[str]:
    return [a for qid, value in answers.items() for a in (QUESTIONS_BY_ID[qid].flag, value)]


def dull_answers(*keep: str) -> dict[str, str]:
    """A non-urgent answer ("no", "none" or "normal") to every question but ``keep``."""
    answers = {}
    for question in QUESTIONS:
        if question.id not in keep:
            answers[question.id] = next(v for v in ("no", "none", "normal") if v in question.values)
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

    def prompt(self) -> str:
        """Wait for the next prompt; return what was shown since the last reply."""
        index = self.child.expect_exact([PROMPT, pexpect.EOF])
        shown = plain(self.child.before or "")
        if index == 1:
            self.tail = shown
            raise AssertionError(f"the program ended instead of prompting; it showed:\n{shown[-1500:]}")
        self.screens.append(shown)
        return shown

    def reply(self, text: str) -> str:
        """Answer the prompt on screen, wait for the next one, return what came between."""
        self.child.sendline(text)
        return self.prompt()

    def finish(self, reply: str = "unknown", limit: int = 40) -> int:
        """Answer every remaining prompt with ``reply``; return the exit status."""
        for _ in range(limit):
            self.child.sendline(reply)
            index = self.child.expect_exact([PROMPT, pexpect.EOF])
            shown = plain(self.child.before or "")
            if index == 1:
                self.tail = shown
                self.child.close()
                assert self.child.exitstatus is not None, f"killed by signal {self.child.signalstatus}"
                return int(self.child.exitstatus)
            self.screens.append(shown)
        raise AssertionError(f"still asking after {limit} answers")

    def end(self) -> int:
        self.child.expect(pexpect.EOF)
        self.raw_tail = self.child.before or ""
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
        environment.update({"TERM": "xterm-256color", **(env or {})})
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
    # nothing decides between the types and nothing is urgent: each question is asked once, in order
    assert session.asked == [q.id for q in QUESTIONS]
    assert session.asked[1 : 1 + len(EMERGENCY_FIRST)] == list(EMERGENCY_FIRST), "emergency questions first"
    assert all("I don't know" in screen for screen in session.screens), "every question offers I don't know"
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
    for position, header in enumerate(h for h in headers if h):
        rest = header.group(2)
        still_to_come = len(numbers) - position - 1
        bound = re.search(r"(\d+)", rest)
        if bound:
            assert int(bound.group(1)) >= still_to_come, f"'{header.group(0)}' but {still_to_come} more were asked"
        else:
            assert "last" in rest, header.group(0)
            assert still_to_come == 0
    last = headers[-1]
    assert last is not None and "last" in last.group(2), "the last question says it is the last"


def test_answer_by_number_word_label_and_prefix(spawn: Any) -> None:
    given = dull_answers("age_group", "pain", "site", "lesions")
    session = spawn("triage", "--json", *answered_by_flags(given))
    assert "How old" in session.prompt()
    assert "painful" in session.reply("4")  # by number: adult
    assert "Where are the lumps" in session.reply("Mild")  # by word, any case
    assert "How many lumps" in session.reply("transpl")  # by a prefix: transplant-site
    session.child.sendline("a few")  # by its label
    assert session.end() == 0
    answers = session.result_json()["answers"]
    assert answers["age_group"] == "adult"
    assert answers["pain"] == "mild"
    assert answers["site"] == "transplant-site"
    assert answers["lesions"] == "few"
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


def test_back_returns_to_the_previous_question(spawn: Any) -> None:
    session = spawn("triage", "--json")
    session.prompt()
    shown = flat(session.reply("back"))
    assert re.search(r"nothing to go back|first question", shown, re.I), shown
    assert "Question 2" not in shown
    assert "Question 2" in session.reply("infant")
    shown = session.reply("back")
    assert "Question 1" in shown and QUESTIONS_BY_ID["age_group"].text in shown
    assert "Question 2" in session.reply("child")
    assert session.finish("unknown") == 0
    assert session.result_json()["answers"]["age_group"] == "child"


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
    answers.write_text(json.dumps({"age_group": "child", "calcium": "normal", "phosphate": "normal"}))
    session = spawn("triage", "--answers", str(answers))
    session.prompt()
    assert session.finish("unknown") == 0
    assert not {"age_group", "calcium", "phosphate"} & set(session.asked)
    # 1.1 asks every other question of the bank, in order (nothing here is urgent)
    assert session.asked == unasked({"age_group": "child", "calcium": "normal", "phosphate": "normal"})


@pytest.mark.parametrize("flags", [("--calcium", "high"), ("--calcium-value", "13.5")], ids=["level", "value"])
def test_high_calcium_still_asks_the_questions_about_local_causes(spawn: Any, flags: tuple[str, ...]) -> None:
    """1.1 gates no question on the levels: a local cause can still change the result."""
    assert not GATED_ON_LEVELS
    session = spawn("triage", *flags)
    session.prompt()
    assert session.finish("unknown") == 0
    assert "calcium" not in session.asked
    assert session.asked == unasked({"calcium": "high"})
    assert {"procedure", "tissue_damage", "autoimmune", "tumor"} <= set(session.asked)
    assert "Metastatic" in session.tail


def test_no_skin_breakdown_still_asks_the_warfarin_question(spawn: Any) -> None:
    session = spawn("triage", "--calcium", "high", "--phosphate", "high")
    session.prompt()
    while session.asked[-1] != "skin_breakdown":
        session.reply("unknown")
    session.reply("no")
    assert session.finish("unknown") == 0
    assert "warfarin" in session.asked
    assert session.asked == unasked({"calcium": "high", "phosphate": "high"})


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


def test_prompts_go_to_stderr_so_the_result_can_be_redirected(spawn: Any, tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    session = spawn(shell="exec {cmd} triage --json --calcium high --phosphate high > " + shlex.quote(str(out)))
    session.prompt()
    assert session.finish("unknown") == 0
    assert session.asked, "the questions are shown on the terminal"
    assert json.loads(out.read_text())["suggested_type"]["id"] == "metastatic"


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

    def __init__(self, replies: list[str], then: str | None = None) -> None:
        self.replies = list(replies)
        self.then = then
        self.shown: list[tuple[int, int, str]] = []
        self.said: list[str] = []
        self.prompts: list[str] = []

    def show_question(self, number: int, remaining: int, question: Question) -> None:
        self.shown.append((number, remaining, question.id))

    def ask(self, prompt: str) -> str:
        self.prompts.append(prompt)
        if self.replies:
            return self.replies.pop(0) + "\n"
        if self.then is not None:
            return self.then + "\n"
        raise Cancelled

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
            if candidates == {value} and prefix not in BACK_WORDS + HELP_WORDS:  # "b" means back
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


@pytest.mark.parametrize("typed", ["²", "¹", "①", "1²"])
def test_read_reply_refuses_digits_that_are_not_numbers(typed: str) -> None:
    assert isinstance(read_reply(q("age_group"), typed), Invalid)


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
    else:
        assert isinstance(reply, (Help, Back))


def test_next_question_follows_the_interview_order() -> None:
    assert next_question({}, {}) == QUESTIONS[0]
    assert next_question({"age_group": "adult"}, {}) == QUESTIONS[1]
    assert next_question({}, {"age_group": "adult"}) == QUESTIONS[1]
    everything = {question.id: UNKNOWN for question in QUESTIONS}
    assert next_question(everything, {}) is None
    last = QUESTIONS[-1]
    assert next_question({k: v for k, v in everything.items() if k != last.id}, {}) == last


def test_next_question_skips_only_what_is_answered() -> None:
    """1.1: no answer rules a question out; only what is answered is skipped."""
    given = {"calcium": "high", "phosphate": "high"}
    asked: dict[str, str] = {}
    while (question := next_question(given, asked)) is not None:
        assert question.id not in given
        asked[question.id] = UNKNOWN
    assert list(asked) == unasked(given)
    before_warfarin = {qid: UNKNOWN for qid in QUESTION_ORDER[: QUESTION_ORDER.index("warfarin")]}
    assert next_question(before_warfarin, {}) == q("warfarin")
    assert next_question({**before_warfarin, "skin_breakdown": "no"}, {}) == q("warfarin")


def test_most_remaining() -> None:
    assert most_remaining({}, {}) == len(QUESTIONS)
    assert most_remaining({question.id: UNKNOWN for question in QUESTIONS}, {}) == 0
    assert most_remaining({"age_group": "adult"}, {"pain": "none"}) == len(QUESTIONS) - 2
    both_high = {"calcium": "high", "phosphate": "high"}
    assert most_remaining(both_high, {}) == len(QUESTIONS) - 2 - len(GATED_ON_LEVELS)


def test_interview_answering_unknown_everywhere() -> None:
    terminal = FakeTerminal([], then="unknown")
    answers = interview({}, terminal)
    assert answers == {question.id: UNKNOWN for question in QUESTIONS}
    assert [number for number, _, _ in terminal.shown] == list(range(1, len(QUESTIONS) + 1))
    assert [remaining for _, remaining, _ in terminal.shown] == list(range(len(QUESTIONS), 0, -1))
    assert terminal.prompts == [f"Answer to question {n} {PROMPT}" for n in range(1, len(QUESTIONS) + 1)]
    assert PROMPT.endswith(": ")


def test_interview_never_asks_what_is_given() -> None:
    given = {"age_group": "adult", "calcium": "high", "pain": "none"}
    terminal = FakeTerminal([], then="unknown")
    answers = interview(given, terminal)
    shown = [qid for _, _, qid in terminal.shown]
    assert not set(shown) & set(given)
    assert not set(shown) & set(GATED_ON_LEVELS)
    assert "phosphate" in shown
    assert set(answers) == set(shown)


def test_interview_help_invalid_and_back() -> None:
    terminal = FakeTerminal(["back", "?", "banana", "infant", "back", "child", "yes"], then="unknown")
    answers = interview({}, terminal)
    assert answers["age_group"] == "child"
    assert answers["skin_breakdown"] == "yes"
    assert any("nothing to go back" in said or "first question" in said for said in terminal.said)
    assert q("age_group").explain in terminal.said
    assert any("banana" in said for said in terminal.said)
    shown = [(number, qid) for number, _, qid in terminal.shown[:4]]
    assert shown == [(1, "age_group"), (2, "skin_breakdown"), (1, "age_group"), (2, "skin_breakdown")]


def test_interview_passes_cancelling_on() -> None:
    with pytest.raises(Cancelled):
        interview({}, FakeTerminal(["adult", "no"]))


REPLIES = st.one_of(
    st.sampled_from(["back", "?", "unknown", "banana", "", "1", "2", "3", "yes", "no", "high", "normal", "none"]),
    st.text(alphabet=st.characters(max_codepoint=127), max_size=8),  # odd digits: see the read_reply tests
)


@settings(max_examples=150, deadline=None)
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
            assert question.ask_when.holds(final), f"{question.id} asked although {question.ask_when.describe()}"
    # 1.1: it asks until every question is answered, or stops at once when the result is urgent
    if is_urgent(final):
        if answers:
            last = list(answers)[-1]  # the answer given last (going back removes an answer)
            before = {k: v for k, v in final.items() if k != last}
            assert not is_urgent(before), f"asked {last} although the result was already urgent"
        else:
            assert is_urgent(given_answers)
    else:
        assert set(final) == set(QUESTION_ORDER), f"never asked {set(QUESTION_ORDER) - set(final)}"
    # without going back, "at most N" is never less than the questions then still to come
    numbers = [number for number, _, _ in terminal.shown]
    if numbers == list(range(1, len(numbers) + 1)):
        for index, (_, remaining, qid) in enumerate(terminal.shown):
            assert remaining >= len(numbers) - index, f"at {qid}: at most {remaining}, but {len(numbers) - index} came"
