"""The shape of a question: :class:`Question`, when it is asked (:class:`AskWhen`, of
:class:`Condition` tests on earlier answers), the standard codes of its values
(:data:`OPTION_CODES`) and :func:`make_question`, which the bank's modules build each
question with ("I don't know" last)."""

from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal, NamedTuple

UNKNOWN = "unknown"
UNKNOWN_LABEL = "I don't know"


class Condition(NamedTuple):
    """One test on an earlier answer: ``question`` ``operator`` ``value``.

    ``"!="`` holds when the answer differs from ``value`` (an unanswered question
    counts as "unknown"); ``"="`` holds when it equals ``value``.
    """

    question: str
    operator: Literal["=", "!="]
    value: str

    def holds(self, answers: Mapping[str, str]) -> bool:
        answer = answers.get(self.question, UNKNOWN)
        return (answer == self.value) if self.operator == "=" else (answer != self.value)

    def describe(self) -> str:
        word = "is" if self.operator == "=" else "is not"
        return f"{self.question} {word} {self.value}"


class AskWhen(NamedTuple):
    """The conditions under which a question can be asked at all (the FHIR Questionnaire's
    ``enableWhen``); within them the interview asks it only while its answer can still
    change the result (contract 1.1, :mod:`calcinosis_cli.tree.relevance`).

    ``behavior`` "all": every condition must hold; "any": one is enough. No conditions:
    no static limit.
    """

    conditions: tuple[Condition, ...] = ()
    behavior: Literal["all", "any"] = "all"

    def holds(self, answers: Mapping[str, str]) -> bool:
        if not self.conditions:
            return True
        results = (c.holds(answers) for c in self.conditions)
        return all(results) if self.behavior == "all" else any(results)

    def describe(self) -> str:
        """When the interview asks the question, in words (``questions`` shows it)."""
        if not self.conditions:
            return ASKED_WHEN_RELEVANT
        joiner = " and " if self.behavior == "all" else " or "
        return "when " + joiner.join(c.describe() for c in self.conditions) + ", and " + ASKED_WHEN_RELEVANT


# Contract 1.1: a question is asked only while its answer can still change the result.
ASKED_WHEN_RELEVANT = "while its answer can still change the result"


ALWAYS = AskWhen()


class Question(NamedTuple):
    id: str
    text: str
    about: str
    explain: str
    values: tuple[str, ...]
    labels: tuple[str, ...]
    ask_when: AskWhen = ALWAYS

    @property
    def flag(self) -> str:
        return "--" + self.id.replace("_", "-")

    @property
    def choices(self) -> tuple[tuple[str, str], ...]:
        """(value, label) pairs, "unknown" last."""
        return tuple(zip(self.values, self.labels, strict=True))

    def label_of(self, value: str) -> str:
        return dict(self.choices).get(value, value)

    def codes_of(self, value: str) -> tuple["OptionCode", ...]:
        """Standard codes with the meaning of one of this question's values, beside our own."""
        return OPTION_CODES.get(value, ()) if value in self.values else ()


class OptionCode(NamedTuple):
    """A standard code (LOINC, SNOMED CT) whose meaning is an answer value; ``sources``
    are ids of the knowledge base's ``SOURCES`` that give it."""

    system: str
    code: str
    display: str
    sources: tuple[str, ...]


# LOINC answer codes that HL7's Structured Data Capture guide lists for Yes, No and
# Unknown (reference/medical-facts.md does not list SNOMED CT codes of any answer): they
# go with the value in every question that has it. Options without a cited code have
# only our own code.
_SDC_ANSWERS = ("hl7_sdc_yes_no_unknown",)
OPTION_CODES: MappingProxyType[str, tuple[OptionCode, ...]] = MappingProxyType(
    {
        "yes": (OptionCode("http://loinc.org", "LA33-6", "Yes", _SDC_ANSWERS),),
        "no": (OptionCode("http://loinc.org", "LA32-8", "No", _SDC_ANSWERS),),
        UNKNOWN: (OptionCode("http://loinc.org", "LA4489-6", "Unknown", _SDC_ANSWERS),),
    }
)


YES_NO = (("yes", "Yes"), ("no", "No"))


def make_question(
    id: str,
    text: str,
    about: str,
    explain: str,
    choices: tuple[tuple[str, str], ...],
    ask_when: AskWhen = ALWAYS,
) -> Question:
    """A question of ``choices`` (value, label), with "unknown" added last."""
    all_choices = (*choices, (UNKNOWN, UNKNOWN_LABEL))
    return Question(
        id=id,
        text=text,
        about=about,
        explain=explain,
        values=tuple(v for v, _ in all_choices),
        labels=tuple(label for _, label in all_choices),
        ask_when=ask_when,
    )
