"""The question bank: every question, its values, its wording and when it is asked.

This is the single place a question is defined. The command-line flags, the
interactive prompts, ``calcinosis questions``, the JSON Schema, the FHIR
Questionnaire and the README table are all derived from :data:`QUESTIONS`.

- ``model``: :class:`Question`, when it is asked (:class:`AskWhen`, :class:`Condition`)
  and the standard codes of its values (:data:`OPTION_CODES`);
- ``signs``, ``history``, ``lumps``: the questions, in the order of the interview (who and
  the signs of an emergency; the person's health, blood levels and causes; the lumps and
  the spot where they are);
- ``bank``: :data:`QUESTIONS` in that order, and the ids and lookups derived from it;
- ``lab_fields``: the measured blood values accepted beside the answers, and their units.
"""

from .bank import ADDED_1_1_IDS, CONTRACT_1_0_IDS, QUESTION_IDS, QUESTIONS, QUESTIONS_BY_ID
from .lab_fields import ALBUMIN_UNITS, DEFAULT_UNITS, LAB_FIELDS, UNITS
from .model import (
    ALWAYS,
    ASKED_WHEN_RELEVANT,
    OPTION_CODES,
    UNKNOWN,
    UNKNOWN_LABEL,
    AskWhen,
    Condition,
    OptionCode,
    Question,
)

__all__ = [
    "ADDED_1_1_IDS",
    "ALBUMIN_UNITS",
    "ALWAYS",
    "ASKED_WHEN_RELEVANT",
    "CONTRACT_1_0_IDS",
    "DEFAULT_UNITS",
    "LAB_FIELDS",
    "OPTION_CODES",
    "QUESTIONS",
    "QUESTIONS_BY_ID",
    "QUESTION_IDS",
    "UNITS",
    "UNKNOWN",
    "UNKNOWN_LABEL",
    "AskWhen",
    "Condition",
    "OptionCode",
    "Question",
]
