"""The question bank in the order of the interview, and what is derived from it: the ids,
the questions of contract 1.0 and those added in 1.1, and the questions by id."""

from types import MappingProxyType

from .history import HISTORY
from .lumps import LUMPS
from .model import Question
from .signs import SIGNS

# The order here (of the three modules, and of the questions in each) is the order of
# the interview: who, then the questions that can
# reveal an emergency (skin signs, pain, symptoms, infection), then the risk factors
# for calciphylaxis, then blood levels and the causes of high levels, then the
# questions about the lumps and the spot where they are.
#
# No question has a static condition ("asked when"): under the 1.1 rules almost any
# answer can change the urgency, the type or the look-alikes, and a static condition
# must never hide a question that can matter. The interview decides what is still
# relevant from the decision tree itself (calcinosis_cli/tree/relevance.py).
QUESTIONS: tuple[Question, ...] = (*SIGNS, *HISTORY, *LUMPS)

QUESTION_IDS: tuple[str, ...] = tuple(q.id for q in QUESTIONS)
# The questions of contract 1.0, in the order of its CSV columns (which keep their positions).
CONTRACT_1_0_IDS: tuple[str, ...] = (
    "age_group",
    "skin_breakdown",
    "pain",
    "calcium",
    "phosphate",
    "kidney_failure",
    "overactive_gland",
    "excess_vitamin_d",
    "bone_disease",
    "organ_transplant",
    "warfarin",
    "procedure",
    "tissue_damage",
    "autoimmune",
    "tumor",
    "site",
    "lesions",
    "birth_defect",
    "down_syndrome",
)
ADDED_1_1_IDS: tuple[str, ...] = tuple(q for q in QUESTION_IDS if q not in CONTRACT_1_0_IDS)
QUESTIONS_BY_ID: MappingProxyType[str, Question] = MappingProxyType({q.id: q for q in QUESTIONS})
