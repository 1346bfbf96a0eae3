"""The question bank: every question, its values, its wording and when it is asked.

This is the single place a question is defined. The command-line flags, the
interactive prompts, ``calcinosis questions``, the JSON Schema, the FHIR
Questionnaire and the README table are all derived from :data:`QUESTIONS`.
"""

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
    """When the adaptive questionnaire asks a question.

    ``behavior`` "all": every condition must hold; "any": one is enough. No
    conditions means the question is always asked (unless already answered).
    """

    conditions: tuple[Condition, ...] = ()
    behavior: Literal["all", "any"] = "all"

    def holds(self, answers: Mapping[str, str]) -> bool:
        if not self.conditions:
            return True
        results = (c.holds(answers) for c in self.conditions)
        return all(results) if self.behavior == "all" else any(results)

    def describe(self) -> str:
        if not self.conditions:
            return "always"
        joiner = " and " if self.behavior == "all" else " or "
        return "when " + joiner.join(c.describe() for c in self.conditions)


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


YES_NO = (("yes", "Yes"), ("no", "No"))

_LEVELS_NOT_HIGH = AskWhen((Condition("calcium", "!=", "high"), Condition("phosphate", "!=", "high")), "all")
_LEVELS_NOT_BOTH_NORMAL = AskWhen((Condition("calcium", "!=", "normal"), Condition("phosphate", "!=", "normal")), "any")
_SKIN_BREAKDOWN_POSSIBLE = AskWhen((Condition("skin_breakdown", "!=", "no"),))


def _q(
    id: str,
    text: str,
    about: str,
    explain: str,
    choices: tuple[tuple[str, str], ...],
    ask_when: AskWhen = ALWAYS,
) -> Question:
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


# The order here is the order of the interview: who, then the warning signs,
# then blood levels and their causes, then local damage and procedures.
QUESTIONS: tuple[Question, ...] = (
    _q(
        "age_group",
        "How old is the person with the lumps?",
        "age group (infant = under 1 year)",
        "Blood levels that count as normal differ with age, and some types are seen mostly in babies or children.",
        (("infant", "Under 1 year"), ("child", "1 to 17 years"), ("adult", "18 or older")),
    ),
    _q(
        "skin_breakdown",
        "Is there an open sore or ulcer, or skin turning dark or black, around the lumps?",
        "open sores, ulcers, or skin turning dark or black around the lumps",
        "Skin that breaks down or turns dark over hard lumps can be a sign of "
        "calciphylaxis, which needs care the same day.",
        YES_NO,
    ),
    _q(
        "pain",
        "How painful are the lumps or the skin around them?",
        "how painful the lumps or the skin around them are",
        "Most calcium deposits do not hurt. Severe pain, above all with skin changes, is a warning sign.",
        (("none", "Not painful"), ("mild", "Mildly painful"), ("severe", "Very painful")),
    ),
    _q(
        "calcium",
        "Has a blood test shown the calcium level?",
        "blood calcium level from a blood test",
        "A blood test tells whether calcium in the blood is high, normal or low. "
        "High levels point to the metastatic type.",
        (("high", "High"), ("normal", "Normal"), ("low", "Low")),
    ),
    _q(
        "phosphate",
        "Has a blood test shown the phosphate level?",
        "blood phosphate level from a blood test",
        "Phosphate is measured in the same blood test as calcium. High phosphate "
        "(common with kidney failure) points to the metastatic type.",
        (("high", "High"), ("normal", "Normal"), ("low", "Low")),
    ),
    _q(
        "kidney_failure",
        "Does the person have kidney failure, advanced kidney disease, or dialysis?",
        "kidney failure, advanced kidney disease or dialysis",
        "Failing kidneys cannot clear phosphate, the most common cause of the "
        "metastatic type, and dialysis is the main risk for calciphylaxis.",
        YES_NO,
    ),
    _q(
        "overactive_gland",
        "Has a doctor found an overactive parathyroid (or thyroid) gland?",
        "overactive parathyroid (or thyroid) gland",
        "The parathyroid glands in the neck set the calcium level; when they are overactive, blood calcium rises.",
        YES_NO,
    ),
    _q(
        "excess_vitamin_d",
        "Has the person been taking large amounts of vitamin D?",
        "taking large amounts of vitamin D",
        "Too much vitamin D makes the gut absorb too much calcium.",
        YES_NO,
        _LEVELS_NOT_BOTH_NORMAL,
    ),
    _q(
        "bone_disease",
        "Is there Paget's disease of bone, bone cancer or another bone-destroying disease?",
        "Paget's disease of bone, bone cancer or another bone-destroying disease",
        "Bone that is broken down releases its calcium into the blood.",
        YES_NO,
        _LEVELS_NOT_BOTH_NORMAL,
    ),
    _q(
        "organ_transplant",
        "Has the person had an organ transplant?",
        "has had an organ transplant (the lumps may be at its site: see site)",
        "A transplant is a risk factor for calciphylaxis, and lumps can form where the organ was placed.",
        YES_NO,
    ),
    _q(
        "warfarin",
        "Does the person take warfarin or a similar vitamin-K-blocking blood thinner?",
        "takes warfarin or a similar vitamin-K-blocking blood thinner",
        "Warfarin is a risk factor for calciphylaxis. It is asked only when the skin may be breaking down.",
        YES_NO,
        _SKIN_BREAKDOWN_POSSIBLE,
    ),
    _q(
        "procedure",
        "Was there a medical procedure at the same spot as the lumps?",
        "a medical procedure at the same spot",
        "Repeated heel sticks in a baby, electrode paste left on for brain-activity "
        "tests, calcium given into a vein or injected, or an operation can each "
        "leave calcium deposits where they were done.",
        (
            ("none", "No procedure there"),
            ("heel-sticks", "Repeated heel sticks (baby)"),
            ("electrode-paste", "Electrode paste (e.g. brain-activity test)"),
            ("calcium-injection", "Calcium given into a vein or injected"),
            ("surgery", "An operation"),
            ("other", "Another procedure"),
        ),
        _LEVELS_NOT_HIGH,
    ),
    _q(
        "tissue_damage",
        "Was the skin or tissue damaged where the lumps are?",
        "damage to skin or tissue where the lumps are",
        "Calcium can settle in tissue that was damaged, even with normal blood levels.",
        (
            ("none", "No damage"),
            ("surgery", "A recent operation"),
            ("wound", "A wound"),
            ("acne", "Acne"),
            ("injury", "Small cuts or another injury"),
            ("joint-injury", "A joint injury"),
            ("infection", "An infection"),
        ),
        _LEVELS_NOT_HIGH,
    ),
    _q(
        "autoimmune",
        "Does the person have an autoimmune or connective-tissue disease?",
        "an autoimmune or connective-tissue disease",
        "Some of these diseases damage skin and muscle, and calcium can settle in the damaged places.",
        (
            ("none", "None"),
            ("lupus", "Lupus"),
            ("rheumatoid-arthritis", "Rheumatoid arthritis"),
            ("scleroderma", "Scleroderma (systemic sclerosis)"),
            ("dermatomyositis", "Dermatomyositis"),
            ("other", "Another one"),
        ),
        _LEVELS_NOT_HIGH,
    ),
    _q(
        "tumor",
        "Is there a tumour (growth) where the lumps are?",
        "a tumour where the lumps are",
        "Some skin growths and cysts can calcify.",
        YES_NO,
        _LEVELS_NOT_HIGH,
    ),
    _q(
        "site",
        "Where are the lumps?",
        "where the lumps are",
        "Some types favour particular places: heels in babies, the scrotum or "
        "vulva, the face of a child, fingers, or around joints.",
        (
            ("face", "Face"),
            ("scrotum", "Scrotum"),
            ("vulva", "Vulva"),
            ("heel", "Heel"),
            ("fingers", "Fingers"),
            ("joints", "Around joints"),
            ("scalp", "Scalp"),
            ("legs", "Legs"),
            ("transplant-site", "Where a transplanted organ is"),
            ("other", "Somewhere else"),
            ("multiple", "Several places"),
        ),
    ),
    _q(
        "lesions",
        "How many lumps are there?",
        "how many lumps",
        "Deposits from local damage are usually few and in one place; many lumps in several places point elsewhere.",
        (("single", "One"), ("few", "A few"), ("many", "Many")),
        _LEVELS_NOT_HIGH,
    ),
    _q(
        "birth_defect",
        "Was the person born with a defect of the soft tissues?",
        "born with a defect of the soft tissues",
        "Deposits with no other cause are seen in children born with soft-tissue defects.",
        YES_NO,
        _LEVELS_NOT_HIGH,
    ),
    _q(
        "down_syndrome",
        "Does the person have Down syndrome?",
        "Down syndrome",
        "Children with Down syndrome can get many small harmless deposits on the hands and feet.",
        YES_NO,
        _LEVELS_NOT_HIGH,
    ),
)

QUESTION_IDS: tuple[str, ...] = tuple(q.id for q in QUESTIONS)
QUESTIONS_BY_ID: MappingProxyType[str, Question] = MappingProxyType({q.id: q for q in QUESTIONS})

# Measured blood values, accepted beside the answers.
LAB_FIELDS: tuple[str, ...] = ("calcium_value", "phosphate_value", "units")
UNITS: tuple[str, ...] = ("mg/dl", "mmol/l")
DEFAULT_UNITS = "mg/dl"
