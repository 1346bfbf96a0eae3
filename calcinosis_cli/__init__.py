"""calcinosis: a triage questionnaire about calcinosis (general information, not medical advice).

The public Python API::

    from calcinosis_cli import triage_answers
    result = triage_answers({"calcium": "high", "kidney_failure": "yes"})
    result.suggested_type, result.certainty, result.to_dict()

For many records (a data frame's rows, say), ``triage_records(records, fields=...)``
gives one plain dict each; ``Result.to_json()`` is the compact JSON line of ``batch``.

``QUESTIONS`` is the question bank and ``TYPES`` the knowledge base.
"""

from __future__ import annotations

from collections.abc import Mapping

from .answers import Answers, parse_answers
from .errors import UsageError
from .knowledge import SOURCES, TYPES
from .questions import QUESTIONS, QUESTIONS_BY_ID
from .records import triage_records
from .result import RESULT_KEYS, Result, result_schema
from .tree import triage
from .version import __version__

__all__ = [
    "QUESTIONS",
    "QUESTIONS_BY_ID",
    "RESULT_KEYS",
    "SOURCES",
    "TYPES",
    "Answers",
    "Result",
    "UsageError",
    "__version__",
    "parse_answers",
    "result_schema",
    "triage",
    "triage_answers",
    "triage_records",
]


def triage_answers(answers: Mapping[str, object]) -> Result:
    """Validate a mapping ``{question_id: value, ...}`` (plus ``calcium_value``,
    ``phosphate_value`` and ``units``) and return the triage :class:`Result`.

    Raises :class:`UsageError` naming the field for a value that is not allowed.
    """
    return triage(parse_answers(answers))
