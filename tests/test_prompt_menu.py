"""The menus on a capable terminal (questionary on prompt_toolkit), driven in a real
pseudo-terminal as a person meets them: arrow keys and Enter, the number, the first
letters; and that nothing of the menus is loaded when no question is asked."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator, Mapping
from typing import Any

import pexpect
import pytest

from calcinosis_cli.interactive.terminal import PROMPT
from calcinosis_cli.questions import QUESTIONS

TIMEOUT = 15
ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_]|[()][0-9A-B])")
MENU = "(↑/↓ and Enter, or a number or first letters)"
# At 40 columns the instruction is shorter, so that it fits on the menu's line.
NARROW_MENU = r"\(↑/↓ and Enter, or a number\)|\(↑/↓, Enter\)"
OFFER = "Show the details as well?"  # after the result, y or n (Enter: no)
DOWN, ENTER = "\x1b[B", "\r"
# An adult with no skin sign and no pain: no emergency, the questions go on.
CALM = ("--age-group", "adult", "--skin-breakdown", "no", "--skin-dark", "no", "--skin-patches", "no", "--pain", "none")


def plain(text: str) -> str:
    return " ".join(ANSI.sub("", text).split())


class Menus:
    """One ``calcinosis triage`` in a pseudo-terminal of 80 × 40, with menus."""

    def __init__(self, child: pexpect.spawn) -> None:
        self.child = child
        self.seen = ""
        self.offers = 0  # how often the details were offered after the result
        self.summary = ""  # what was shown before that offer
        self.details_key = ENTER  # the reply to it

    def menu(self) -> str:
        """Wait for the next menu; what was shown before it."""
        self.child.expect_exact(MENU)
        shown = plain(self.child.before or "")
        self.seen += shown
        return shown

    def keys(self, *keys: str) -> str:
        """Press keys at a menu and wait for the next one."""
        for key in keys:
            self.child.send(key)
        return self.menu()

    def end(self, *keys: str) -> int:
        """Press keys, answer the offer of the details (if it comes) with :attr:`details_key`,
        wait for the end; the exit status."""
        for key in keys:
            self.child.send(key)
        if self.child.expect([pexpect.EOF, re.escape(OFFER)]) == 1:
            self.offers += 1
            self.summary = plain(self.child.before or "")
            self.seen += self.summary
            self.child.send(self.details_key)
            self.child.expect(pexpect.EOF)
        self.seen += plain(self.child.before or "")
        self.child.close()
        assert self.child.exitstatus is not None, f"killed by signal {self.child.signalstatus}"
        return int(self.child.exitstatus)


@pytest.fixture
def menus(calcinosis_command: list[str]) -> Iterator[Any]:
    children: list[pexpect.spawn] = []

    def start(*args: str, env: Mapping[str, str] | None = None, size: tuple[int, int] = (40, 80)) -> Menus:
        environment = {
            k: v
            for k, v in os.environ.items()
            if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "CALCINOSIS_PROMPT")
        }
        # A pseudo-terminal answers no cursor-position request: prompt_toolkit would wait
        # for each answer in vain; it is told not to ask (as on a terminal without them).
        environment.update({"TERM": "xterm-256color", "PROMPT_TOOLKIT_NO_CPR": "1", **(env or {})})
        child = pexpect.spawn(
            calcinosis_command[0],
            [*calcinosis_command[1:], "triage", *args],
            encoding="utf-8",
            codec_errors="replace",
            timeout=TIMEOUT,
            dimensions=size,
            env=environment,
        )
        children.append(child)
        return Menus(child)

    yield start
    for child in children:
        if child.isalive():
            child.close(force=True)


def test_the_dialysis_patient_with_painful_black_sores_sees_get_care_today(menus: Any) -> None:
    session = menus("--kidney-failure", "yes")
    assert "How old is the person with the lumps?" in session.menu()
    assert "Your answer: 18 or older." in session.keys("4", ENTER)  # by its number
    # open sores, by the first letter: with dialysis, urgent at once, no further question
    assert session.end("y", ENTER) == 0
    assert "Your answer: Yes." in session.seen
    assert "care today" in session.summary.lower(), "the urgent result comes before the offer of the details"
    assert "URGENT" in session.summary
    assert session.offers == 1


@pytest.mark.parametrize("key", ["y", "n", ENTER])
def test_the_details_are_offered_at_the_end_and_y_shows_them(menus: Any, key: str) -> None:
    session = menus(*CALM, "--calcium", "normal", "--phosphate", "normal")
    while "Change one, or see the result" not in session.menu():
        session.child.send("i" + ENTER)  # I don't know
    session.details_key = key
    assert session.end(ENTER) == 0  # see the result
    assert session.offers == 1
    assert "more with --details" in session.summary and "How this was decided" not in session.summary
    after = session.seen[len(session.summary) :]
    if key == "y":
        assert "How this was decided" in after and "Sources" in after
    else:
        assert "How this was decided" not in after
    assert "Traceback" not in session.seen


def test_no_offer_with_json(menus: Any) -> None:
    session = menus("--json", *CALM, "--calcium", "normal", "--phosphate", "normal")
    while "Change one, or see the result" not in session.menu():
        session.child.send("i" + ENTER)
    assert session.end(ENTER) == 0
    assert session.offers == 0 and OFFER not in session.seen


def test_arrow_keys_and_enter_choose(menus: Any) -> None:
    session = menus()
    session.menu()
    assert "Your answer: 1 to 17 years." in session.keys(DOWN, DOWN, ENTER)


def test_first_letters_choose_among_many(menus: Any) -> None:
    session = menus(*CALM)
    while "Where are the lumps?" not in session.menu():
        session.child.send("i" + ENTER)  # I don't know
    assert "Your answer: Belly, thighs, buttocks or breasts." in session.keys("bel", ENTER)
    session.child.send("\x03")
    assert session.end() == 130


@pytest.mark.parametrize("typed", ["i don't know", "I dont know", "idk", "not sure", "dunno"])
def test_i_dont_know_typed_in_words_at_a_menu_is_i_dont_know(menus: Any, typed: str) -> None:
    # "i don't know" typed at the first menu answered "Newborn": each letter that matched
    # no choice started the search again on its own, so the "n" of "don't" pointed at
    # "Newborn"; "dunno" answered "No" the same way.
    session = menus()
    session.menu()
    assert "Your answer: I don't know." in session.keys(typed, ENTER)
    assert "Your answer: I don't know." in session.keys(typed, ENTER)  # at a yes-or-no question
    session.child.send("\x03")
    assert session.end() == 130


def test_a_space_or_a_value_typed_at_a_menu_never_points_at_the_blank_line(menus: Any) -> None:
    # Spaces, typed now that "i don't know" can be typed in words, pointed at the blank line
    # between the choices and the extras: Enter then answered "Please type an answer".
    session = menus()
    session.menu()
    assert "Your answer: 4 weeks to under 1 year." in session.keys("2 mmol/l", ENTER)
    assert "Please type" not in session.seen
    session.child.send("\x03")
    assert session.end() == 130


@pytest.mark.parametrize(
    ("typed", "answer"),
    [("18 or older", "18 or older"), ("4 weeks", "4 weeks to under 1 year"), ("1 to", "1 to 17 years")],
)
def test_a_label_that_starts_with_a_digit_typed_at_a_menu_is_that_choice(menus: Any, typed: str, answer: str) -> None:
    # "18 or older", the words of choice 4, typed at the first menu: the "1" pointed at
    # choice 1, the "8" at nothing, and the letters after them began again on their own
    # (the "d" of "older" at "I don't know", the "e" at "Explain"): Enter explained.
    session = menus()
    session.menu()
    assert f"Your answer: {answer}." in session.keys(typed, ENTER)
    session.child.send("\x03")
    assert session.end() == 130


def test_text_pasted_at_a_menu_points_at_its_choice_and_is_not_drawn(menus: Any) -> None:
    # A paste (a terminal sends it between ESC [200~ and ESC [201~) was drawn after the
    # menu's instruction, several lines of it over the choices, and chose nothing: Enter
    # then took the first choice ("Newborn") whatever was pasted.
    session = menus()
    session.menu()
    session.child.send("\x1b[200~some notes\r\nabout the lumps\x1b[201~")
    assert session.child.expect([pexpect.TIMEOUT, "notes|lumps"], timeout=2) == 0, "the paste was drawn"
    session.child.send("\x1b[200~3\r2\r\x1b[201~")  # as tmux pastes: lines end with CR
    assert "Your answer: 1 to 17 years." in session.keys(ENTER)
    session.child.send("\x03")
    assert session.end() == 130


def test_keys_that_edit_text_change_nothing_at_a_menu(menus: Any) -> None:
    # Ctrl-Z drew "^Z" after the instruction; Esc then Enter (or Alt-Enter) answered the
    # menu with nothing: "Please type an answer (a number or a word)", at a menu, and at the
    # review it went on to the result wherever the pointer was.
    session = menus()
    session.menu()
    session.child.send("\x1a")
    session.child.send("\x1b\r")
    assert session.child.expect([pexpect.TIMEOUT, r"\^Z|Please type"], timeout=2) == 0, session.child.after
    assert "Your answer: 4 weeks to under 1 year." in session.keys(DOWN, ENTER)
    session.child.send("\x03")
    assert session.end() == 130


def test_question_mark_explains_and_go_back_shows_the_earlier_answer(menus: Any) -> None:
    session = menus()
    session.menu()
    session.keys("4", ENTER)
    shown = session.keys("?")
    assert "An open sore or ulcer is a place where the skin has broken" in shown
    shown = session.keys("go", ENTER)  # the menu's "Go back"
    assert "Back to question 1. Your answer was: 18 or older." in shown
    assert "Question 1" in shown


def test_after_go_back_enter_keeps_the_earlier_answer(menus: Any) -> None:
    # Back at a question, the menu pointed at its first choice: Enter, to keep the answer
    # shown as "Your answer was", silently replaced it with the first choice (an adult
    # became a newborn); at the review's change the same.
    session = menus()
    session.menu()
    session.keys("4", ENTER)
    assert "Your answer was: 18 or older." in session.keys("go", ENTER)
    assert "Your answer: 18 or older." in session.keys(ENTER)
    session.child.send("\x03")
    assert session.end() == 130


@pytest.mark.parametrize("typed", ["back", "b"])
def test_back_typed_at_a_menu_goes_back(menus: Any, typed: str) -> None:
    # "back", the word of the line protocol, typed at a menu matched no choice and left the
    # pointer where it was: Enter answered "Yes" to open sores.
    session = menus()
    session.menu()
    session.keys("4", ENTER)
    shown = session.keys(typed, ENTER)
    assert "Back to question 1." in shown and "Your answer: Yes." not in shown
    assert "Your answer: 1 to 17 years." in session.keys("3", ENTER)  # at question 1 again
    session.child.send("\x03")
    assert session.end() == 130


@pytest.mark.parametrize("typed", ["help", "h"])
def test_help_typed_at_a_menu_explains(menus: Any, typed: str) -> None:
    session = menus()
    session.menu()
    session.keys("4", ENTER)
    shown = session.keys(typed, ENTER)
    assert "An open sore or ulcer is a place where the skin has broken" in shown and "Your answer" not in shown
    session.child.send("\x03")
    assert session.end() == 130


@pytest.mark.parametrize("key", ["q", "\x03", "\x04"], ids=["q", "ctrl-c", "ctrl-d"])
def test_q_ctrl_c_and_ctrl_d_leave_with_130(menus: Any, key: str) -> None:
    session = menus()
    session.menu()
    assert session.end(key) == 130
    assert "Cancelled." in session.seen and "Traceback" not in session.seen


def test_i_dont_know_to_the_end_then_the_review_then_the_result(menus: Any) -> None:
    session = menus("--json")
    asked = 0
    while "Change one, or see the result" not in session.menu():
        asked += 1
        session.child.send("i" + ENTER)
        assert asked <= len(QUESTIONS)
    assert "Your answers (choose one to change it):" in session.seen
    assert session.end(ENTER) == 0  # "See the result" is the first choice
    start = session.seen.find('{ "schema_version"')
    result = json.loads(session.seen[start:]) if start != -1 else None
    assert result is not None and result["suggested_type"]["id"] in ("dystrophic", "idiopathic")
    assert all(value == "unknown" for value in result["answers"].values())


def test_the_review_on_a_narrow_terminal_shows_each_question_whole(menus: Any) -> None:
    # At 40 columns the review cut each question to a dozen letters: "Has the perso…" stood
    # for several questions, and nobody could tell which answer a choice would change.
    session = menus(*CALM, size=(150, 40))
    shown = ""
    for _ in QUESTIONS:
        # A question's menu (its instruction shortened at 40 columns), or the review's.
        found = session.child.expect([NARROW_MENU, re.escape("Change one, or see the result")])
        shown = plain(session.child.before or "")
        session.seen += shown
        if found == 1:
            break
        session.child.send("i" + ENTER)
    session.child.expect(pexpect.TIMEOUT, timeout=2)  # the choices, drawn after the instruction
    review = plain(session.child.before or "")
    before = session.seen[: session.seen.find("Your answers")]
    asked = sorted((q for q in QUESTIONS if plain(q.text) in before), key=lambda q: before.find(plain(q.text)))
    assert asked and "See the result" in review and "…" not in review
    for number, question in enumerate(asked, 1):
        assert f"{number}. I don't know · {plain(question.text)}" in review, question.id
    session.child.send("\x03")
    assert session.end() == 130


def at_the_procedure_menu(menus: Any, columns: int) -> tuple[Menus, str]:
    """Every question but the procedure answered by its flag, at ``columns`` columns: the
    session, and what it shows up to the end of the procedure's menu (the longest choices)."""
    flags = [a for q in QUESTIONS if q.id != "procedure" for a in (q.flag, "unknown")]
    session = menus(*flags, size=(40, columns))
    session.child.expect_exact("Quit (q)")
    return session, plain(session.child.before or "")


@pytest.mark.parametrize("columns", [40, 20])
def test_a_narrow_terminal_shows_each_choice_whole(menus: Any, columns: int) -> None:
    # At 40 columns the longer choices were cut at the edge: "Calcium given into a vein or
    # injec", "Blood-thinning injections under th". At 20, words longer than a line's room
    # were cut in two ("Blood-thin" / "ning", "brai" / "n-activity"), and the menu's own
    # entries at the edge: "Explain this ques".
    session, shown = at_the_procedure_menu(menus, columns)
    procedure = next(q for q in QUESTIONS if q.id == "procedure")
    for number, (_, label) in enumerate(procedure.choices, 1):
        assert f"{number}. {label}" in shown, label
    assert "Explain this question (?)" in shown
    session.child.send("q")
    assert session.end() == 130


@pytest.mark.parametrize("columns", [40, 30])
def test_a_narrow_terminal_shows_the_instruction_whole_on_the_menus_line(menus: Any, columns: int) -> None:
    # At 40 columns " Answer (↑/↓ and Enter, or a number or first letters)" ran past the
    # edge, and the terminal cut it mid-word: "or f" on one line, "irst letters)" on the next.
    session = menus(size=(40, columns))
    session.child.expect(NARROW_MENU)
    line = " Answer " + session.child.after
    assert len(line) <= columns, line
    assert MENU not in plain(session.child.before or "")
    session.child.send("q")
    assert session.end() == 130


@pytest.mark.parametrize("columns", [20, 25])
def test_the_narrowest_terminal_shows_no_instruction_rather_than_one_cut(menus: Any, columns: int) -> None:
    # Where no instruction of ours fitted, the menu showed questionary's own, cut by the edge:
    # "Answer (Use arrow k" / "eys)"; at 25 columns the review's "Change one, or see the r" /
    # "esult".
    session, shown = at_the_procedure_menu(menus, columns)
    assert "Use arrow keys" not in shown and "Answer" in shown
    session.child.send("i" + ENTER)  # I don't know: then the review
    session.child.expect_exact("See the result")
    shown = plain(session.child.before or "")
    assert "Change one, or see the result" in shown and "Use arrow keys" not in shown, shown[-200:]
    session.child.send("\x03")
    assert session.end() == 130


def test_the_offer_of_the_details_wraps_between_words(menus: Any) -> None:
    # At 25 columns: "Show the details as well" / "? (y/N)".
    session = menus("--age-group", "adult", "--kidney-failure", "yes", size=(40, 25))
    session.child.expect_exact("Quit (q)")
    session.child.send("1" + ENTER)  # open sores with kidney failure: urgent, the result at once
    session.child.expect_exact("(y/N)")
    assert "Show the details as well? (y/N)" in plain(session.child.before + session.child.after)
    session.child.send(ENTER)
    assert session.end() == 0


def type_calcium_value(session: Menus, typed: str) -> str:
    """Answer "I don't know" up to the calcium question, choose "Type the value from the
    report", type ``typed``; what is shown before the next menu."""
    while "What did a blood test show about the calcium level?" not in session.menu():
        session.child.send("i" + ENTER)
    session.child.send("ty" + ENTER)
    session.child.expect_exact("Calcium value:")
    session.child.send(typed + ENTER)
    return session.menu()


def test_a_number_typed_at_the_value_prompt_is_never_taken_for_a_choice(menus: Any) -> None:
    # "2" typed at "Calcium value:" (meant as 2 mmol/l, a low calcium) was read as the
    # menu's choice 2: "Your answer: Normal."
    session = menus(*CALM)
    shown = type_calcium_value(session, "2")  # asked for the unit, then the choices again
    assert "type it with its unit" in shown and "Your answer" not in shown
    session.child.send("ty" + ENTER)
    session.child.expect_exact("Calcium value:")
    session.child.send("2 mmol/l" + ENTER)
    assert "Calcium 2 mmol/l: low" in session.menu()
    session.child.send("\x03")
    assert session.end() == 130


def test_a_measured_calcium_is_typed_from_the_menu(menus: Any) -> None:
    session = menus(*CALM)
    shown = type_calcium_value(session, "2.75 mmol/l")
    assert "Calcium 2.75 mmol/l: high" in shown
    assert "What did a blood test show about the phosphate level?" in shown
    session.child.send("\x03")
    assert session.end() == 130


@pytest.mark.parametrize("typed", ["n", "no"])
def test_n_at_a_blood_test_menu_never_chooses_normal(menus: Any, typed: str) -> None:
    # "n" then Enter, as at every yes-or-no question before, pointed at "Normal" (the first
    # choice starting with n) and recorded a normal calcium for a test nobody had: the line
    # protocol asks what "no" means there; the menu points at "I don't know" instead.
    session = menus(*CALM)
    while "What did a blood test show about the calcium level?" not in session.menu():
        session.child.send("i" + ENTER)
    shown = session.keys(typed, ENTER)
    assert "Your answer: I don't know." in shown and "Your answer: Normal." not in shown
    assert "Your answer: Normal." in session.keys("nor", ENTER)  # at phosphate
    session.child.send("\x03")
    assert session.end() == 130


def test_term_dumb_is_always_the_line_protocol(menus: Any) -> None:
    session = menus("--prompt", "menu", env={"TERM": "dumb"})
    session.child.expect_exact(PROMPT)
    assert "1. Newborn (first 4 weeks)" in plain(session.child.before or "")
    session.child.sendline("q")
    assert session.end() == 130


@pytest.mark.parametrize("how", [("--prompt", "plain"), ("--prompt", "PLAIN")])
def test_prompt_plain_gives_numbered_choices_and_plain_lines(menus: Any, how: tuple[str, ...]) -> None:
    session = menus(*how)
    session.child.expect_exact(PROMPT)
    assert "1. Newborn (first 4 weeks)" in plain(session.child.before or "")
    assert MENU not in plain(session.child.before or "")


def test_calcinosis_prompt_plain_in_the_environment(menus: Any) -> None:
    session = menus(env={"CALCINOSIS_PROMPT": "plain"})
    session.child.expect_exact(PROMPT)


NO_MENUS = """
import sys
from calcinosis_cli import cli
sys.argv = ["calcinosis", *sys.argv[1:]]
try:
    cli.main()
except SystemExit as done:
    code = done.code
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("prompt_toolkit", "questionary"))
sys.stderr.write(repr((code, loaded)))
"""


@pytest.mark.parametrize(
    "args",
    [
        ("triage", "--no-input", "--json", "--calcium", "high"),
        ("triage", "--json", "--pain", "mild"),  # standard input is no terminal: no prompting
        ("schema",),
        ("questions", "--json"),
    ],
)
def test_nothing_of_the_menus_is_imported_when_nothing_is_asked(args: tuple[str, ...]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", NO_MENUS, *args], stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60
    )
    code, loaded = eval(done.stderr.strip().splitlines()[-1])  # the repr written last
    assert code in (0, None), done.stderr
    assert loaded == [], f"{' '.join(args)} imported {loaded}"
