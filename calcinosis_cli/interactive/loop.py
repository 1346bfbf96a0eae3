"""The prompt loop: :func:`interview` asks the questions
:func:`.tree.relevance.next_questions` still finds relevant, emergency questions first,
echoes each answer in words, lets the person go back, and, before the result, offers a
review in which any answer can be changed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..errors import Cancelled
from ..questions import QUESTIONS_BY_ID, Question
from ..tree.relevance import is_urgent, next_questions
from .replies import (
    MEASURED,
    QUIT_WORDS,
    Back,
    Help,
    Invalid,
    Measured,
    Quit,
    Reply,
    answer_words,
    contradiction,
    describe_measured,
    read_measured,
    read_reply,
    read_value,
)
from .terminal import Terminal


def header(number: int, at_most: int) -> str:
    return f"Question {number} (the last one)" if number >= at_most else f"Question {number} of at most {at_most}"


def interview(given: Mapping[str, object], terminal: Terminal) -> dict[str, object]:
    """Ask what ``given`` does not answer and may still change the result; return the
    answers given at the prompts (question ids, and the measured values typed)."""
    asked: dict[str, object] = {}
    order: list[str] = []  # the questions answered, in the order asked
    earlier: dict[str, str] = {}  # an answer taken back or being changed, in words

    def known() -> dict[str, object]:
        return {**given, **asked}

    while True:
        todo = next_questions(known())
        if todo:
            number = len(order) + 1
            _ask(todo[0], number, header(number, len(order) + len(todo)), terminal, asked, order, earlier, given)
            continue
        if not order or is_urgent(known()):
            return asked
        choice = _review(terminal, [(QUESTIONS_BY_ID[q], answer_words(QUESTIONS_BY_ID[q], known())) for q in order])
        if choice is None:
            return asked
        question = QUESTIONS_BY_ID[order[choice]]
        earlier[question.id] = answer_words(question, known())
        kept = _forget(question.id, asked)
        title = f"Changing answer {choice + 1}"
        if not _ask(question, choice + 1, title, terminal, asked, order, earlier, given, changing=True):
            asked.update(kept)  # back to the review: the answer stays as it was


def _forget(question_id: str, asked: dict[str, object]) -> dict[str, object]:
    """Take back the answer to ``question_id`` (a value typed, and its units once no value
    needs them); return what was taken back."""
    keys = [question_id]
    if question_id in MEASURED:
        keys.append(f"{question_id}_value")
        if not any(f"{a}_value" in asked for a in MEASURED if a != question_id):
            keys += ["units", "albumin_units"]  # the albumin's units: as it was read before the unit typed
    return {key: asked.pop(key) for key in keys if key in asked}


def _ask(
    question: Question,
    number: int,
    title: str,
    terminal: Terminal,
    asked: dict[str, object],
    order: list[str],
    earlier: dict[str, str],
    given: Mapping[str, object],
    changing: bool = False,
) -> bool:
    """Ask one question until it is answered (True) or the person goes back (False)."""
    kept_words = earlier.pop(question.id, None)
    typed = terminal.question(title, number, question, kept_words)
    while True:
        reply: Reply
        if typed == "#value":  # the menu's entry for a measured value
            typed = terminal.value(question)
            if not typed.strip():
                typed = terminal.again(number, question)
                continue
            reply = read_value(typed)  # a number typed here is a value, never a choice
        else:
            reply = read_reply(question, typed)
        if isinstance(reply, Quit):
            raise Cancelled
        if isinstance(reply, Help):
            terminal.say(question.explain)
        elif isinstance(reply, Back):
            if changing:
                terminal.say(f"Back to your answers; this one is kept: {kept_words}.")
                return False
            if order:
                last = QUESTIONS_BY_ID[order.pop()]
                earlier[last.id] = answer_words(last, {**given, **asked})
                _forget(last.id, asked)
                terminal.say(f"Back to question {number - 1}. Your answer was: {earlier[last.id]}.")
                return False
            terminal.say("This is the first question; there is nothing to go back to.")
        elif isinstance(reply, Invalid):
            terminal.say(reply.reason)
        elif isinstance(reply, Measured):
            fields = read_measured(question.id, reply, {**given, **asked})
            if isinstance(fields, Invalid):
                terminal.say(fields.reason)
            else:
                asked.update(fields)
                if question.id not in order:
                    order.append(question.id)
                terminal.say(describe_measured(question.id, {**given, **asked}))
                return True
        elif (problem := contradiction(question.id, reply, {**given, **asked})) is not None:
            terminal.say(problem.reason)
        else:
            asked[question.id] = reply
            if question.id not in order:
                order.append(question.id)
            terminal.say(f"Your answer: {question.label_of(reply)}.")
            return True
        typed = terminal.again(number, question)


def _review(terminal: Terminal, answers: Sequence[tuple[Question, str]]) -> int | None:
    """The index of the answer to change, or None to go on to the result."""
    again = False
    while True:
        typed = terminal.review(answers, again).strip().lower()
        again = True
        if not typed:
            return None
        if typed in QUIT_WORDS:
            raise Cancelled
        if typed.isascii() and typed.isdigit() and 1 <= int(typed) <= len(answers):
            return int(typed) - 1
        terminal.say(
            f"Type the number of an answer to change it (1 to {len(answers)}), or press Enter to see the result."
        )
