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


# The order here is the order of the interview: who, then the questions that can
# reveal an emergency (skin signs, pain, symptoms, infection), then the risk factors
# for calciphylaxis, then blood levels and the causes of high levels, then the
# questions about the lumps and the spot where they are.
#
# No question has a static condition ("asked when"): under the 1.1 rules almost any
# answer can change the urgency, the type or the look-alikes, and a static condition
# must never hide a question that can matter. The interview decides what is still
# relevant from the decision tree itself (calcinosis_cli/tree/relevance.py).
QUESTIONS: tuple[Question, ...] = (
    _q(
        "age_group",
        "How old is the person with the lumps?",
        "age group (newborn = first 4 weeks; infant = 4 weeks to under 1 year; child = 1 to 17 years)",
        "Choose the person's age today. A newborn is a baby in the first 4 weeks of life; "
        "an infant is a baby from 4 weeks old up to the first birthday. "
        "Normal blood levels are different at different ages.",
        (
            ("newborn", "Newborn (first 4 weeks)"),
            ("infant", "4 weeks to under 1 year"),
            ("child", "1 to 17 years"),
            ("adult", "18 or older"),
        ),
    ),
    _q(
        "skin_breakdown",
        "Is there an open sore or ulcer, or skin turning dark or black, around the lumps?",
        "open sores, ulcers, or skin turning dark or black around the lumps",
        "Look at the skin over and around the lumps. An open sore or ulcer is a place where "
        "the skin has broken and stays open, weeps or crusts over again and again. "
        "Skin that breaks down or turns dark over hard lumps should be seen by a doctor soon.",
        YES_NO,
    ),
    _q(
        "skin_dark",
        "Has the skin around the lumps turned black, dark purple or grey, or does it look dead, "
        "or is a sore there spreading?",
        "dark or black skin, or a spreading sore, around the lumps; skin that has turned black, dark purple "
        "or grey, or looks dead",
        "Skin that is badly damaged can look black, dark purple or grey, or like a dry, hard crust, "
        "and may feel cold or numb. A spreading sore is one that gets bigger from one day to "
        "the next. A bruise that turns green or yellow and fades does not count. "
        "Changes like these can mean the skin is not getting enough blood, and a doctor should "
        "see them the same day.",
        YES_NO,
    ),
    _q(
        "skin_patches",
        "Are there new purple, dark red or net-like patches on the skin around the lumps, "
        "or hard, very tender areas of skin, that do not fade like a bruise?",
        "purple or net-like patches, or hard, very tender skin, around the lumps; new purple, dark red or "
        "net-like (lace-pattern) patches that do not fade like an ordinary bruise",
        "Net-like means purple or red lines in a pattern like lace or a fishnet. Hard, very "
        "tender skin feels firm, like a plank under the skin, and hurts even when touched "
        "lightly. An ordinary bruise changes colour and fades within a week or two; count "
        "patches that stay or grow instead. Such patches can be an early sign of "
        "calciphylaxis, a rare condition in which calcium blocks small blood vessels in the skin.",
        YES_NO,
    ),
    _q(
        "pain",
        "How painful are the lumps or the skin around them?",
        "how painful the lumps or the skin around them are",
        "Think of the worst pain in the last few days. Mildly painful: it is noticed but does "
        "not stop everyday life. Very painful: it is hard to bear, keeps the person awake, or "
        "hurts even at a light touch. Most calcium lumps do not hurt, or hurt only when pressed.",
        (("none", "Not painful"), ("mild", "Mildly painful"), ("severe", "Very painful")),
    ),
    _q(
        "high_calcium_symptoms",
        "Has the person lately been confused, unusually sleepy or hard to wake, or vomiting again "
        "and again, or had two or more of great thirst, much more urine than usual and new "
        "constipation (in a baby: poor feeding, vomiting or irritability)?",
        "signs of very high calcium; confusion, unusual sleepiness or being hard to wake, or repeated "
        "vomiting, or at least two of great thirst, passing much more urine than usual and new "
        "constipation; in a baby, poor feeding, vomiting or irritability",
        "Confused means muddled, not knowing where they are, or not making sense. Count thirst, "
        "passing urine and constipation only when at least two of them are new or much worse "
        "than usual. In a baby, count feeding much less than usual, vomiting, or fussing and "
        "crying that is hard to settle. These can be signs of a very high blood calcium; "
        "confusion, being hard to wake or vomiting again and again need a doctor straight away, "
        "whatever the cause.",
        YES_NO,
    ),
    _q(
        "low_calcium_symptoms",
        "Has the person had tingling around the mouth, hands or feet that cramp and stay stuck "
        "in one position, a tight throat or noisy breathing, or a fit (seizure)?",
        "signs of very low calcium; tingling around the mouth, hands or feet that cramp into a fixed "
        "position, a tight throat or noisy breathing, or a fit (seizure); not ordinary leg cramps or "
        "fingers numb in the cold",
        "In this kind of cramp the fingers and wrist, or the toes and foot, bend and stay stiff "
        "for a while. Noisy breathing means a high-pitched sound when breathing in. Ordinary "
        "cramps in the legs, and fingers that go numb or white in the cold, do not count here. "
        "These can be signs of a very low blood calcium, and a fit or a tight throat needs "
        "a doctor straight away.",
        YES_NO,
    ),
    _q(
        "infection_signs",
        "Has a lump become red, hot and swollen, or is it leaking yellow or green pus that smells, "
        "or has the person had a fever of 38 °C or more?",
        "signs of infection; a lump that is red, hot and swollen, or leaks yellow or green, smelly pus "
        "(not the white, chalky paste calcium lumps can leak), or a fever of 38 °C or more",
        "Calcium lumps sometimes leak a white, chalky paste or gritty bits: that is not pus and "
        "does not count by itself. Pus is thick, yellow or green and often smells bad. "
        "A fever is a temperature of 38 °C (100.4 °F) or more, measured with a thermometer.",
        YES_NO,
    ),
    _q(
        "kidney_failure",
        "Does the person have kidney failure, advanced kidney disease, or dialysis?",
        "kidney failure or dialysis",
        "Answer yes if a doctor has called it kidney failure or advanced (late-stage) kidney "
        "disease, or if the person has dialysis, whether the blood is cleaned by a machine or "
        "fluid is exchanged through the belly. Failing kidneys cannot clear phosphate from "
        "the blood.",
        YES_NO,
    ),
    _q(
        "organ_transplant",
        "Has the person had an organ transplant?",
        "an organ transplant",
        "Count any transplanted organ, such as a kidney, liver, heart or lung.",
        YES_NO,
    ),
    _q(
        "warfarin",
        "Does the person take warfarin or a similar blood thinner?",
        "warfarin or a similar blood thinner",
        "Warfarin (sold for example as Coumadin or Marevan) and similar medicines such as "
        "acenocoumarol or phenprocoumon thin the blood by blocking vitamin K. Newer blood "
        "thinners such as apixaban, rivaroxaban or dabigatran, aspirin, and heparin injections "
        "are not of this kind.",
        YES_NO,
    ),
    _q(
        "overactive_gland",
        "Has a doctor found an overactive parathyroid gland or an overactive thyroid gland?",
        "an overactive parathyroid or thyroid gland",
        "Both are glands in the neck. The four small parathyroid glands set the calcium level: "
        "when they are overactive (hyperparathyroidism), blood calcium rises. An overactive "
        "thyroid (hyperthyroidism, for example Graves' disease) can raise calcium a little. "
        "If a doctor mentioned an overactive gland in the neck but you are not sure which one, "
        "choose 'Yes, not sure which'.",
        (
            ("parathyroid", "Overactive parathyroid"),
            ("thyroid", "Overactive thyroid"),
            ("yes", "Yes, not sure which"),
            ("no", "No"),
        ),
    ),
    _q(
        "obesity",
        "Is the person very overweight?",
        "being very overweight",
        "Answer yes if the person is much heavier than is healthy for their height, for example "
        "if a doctor has said they have obesity.",
        YES_NO,
    ),
    _q(
        "diabetes",
        "Does the person have diabetes?",
        "diabetes",
        "Diabetes means a raised blood sugar that a doctor has diagnosed, type 1 or type 2, "
        "whether it is treated with diet, tablets or insulin.",
        YES_NO,
    ),
    _q(
        "liver_disease",
        "Does the person have serious liver disease, such as cirrhosis?",
        "serious liver disease such as cirrhosis",
        "Serious means lasting liver damage that a doctor follows, such as cirrhosis (scarring "
        "of the liver) from alcohol, hepatitis or a fatty liver. A short illness that has "
        "passed does not count.",
        YES_NO,
    ),
    _q(
        "steroids",
        "Has the person taken steroid tablets, such as prednisolone, for months?",
        "steroid tablets taken for months",
        "Steroid tablets (corticosteroids such as prednisolone, prednisone or dexamethasone) are "
        "used for conditions like asthma, arthritis or bowel disease. Count them when taken "
        "for months. Steroid creams, inhalers and nose sprays, and short courses of a week or "
        "two, do not count.",
        YES_NO,
    ),
    _q(
        "cancer",
        "Does the person have cancer now, or has a cancer been treated in the last year?",
        "cancer now or in the last year",
        "Count any cancer that is there now or was treated in the last 12 months, including "
        "cancers of the blood and lymph glands such as lymphoma, leukaemia or myeloma. "
        "A growth that a doctor has called harmless (benign) is not a cancer.",
        YES_NO,
    ),
    _q(
        "chemotherapy",
        "Has the person had chemotherapy or another cancer treatment in the last few weeks?",
        "chemotherapy or other cancer treatment in the last few weeks",
        "Chemotherapy means medicines that kill cancer cells, given by drip, injection or as "
        "tablets. Other cancer treatments count too, such as radiotherapy, immunotherapy or "
        "targeted medicines, when given in the last few weeks.",
        YES_NO,
    ),
    _q(
        "autoimmune",
        "Does the person have an autoimmune or connective-tissue disease?",
        "an autoimmune or connective-tissue disease",
        "In these diseases the body's defences attack its own tissues; some of them damage skin "
        "and muscle. Choose the one a doctor has diagnosed, or 'Another one' for a different "
        "one, such as Sjögren's syndrome or mixed connective-tissue disease.",
        (
            ("none", "None"),
            ("lupus", "Lupus"),
            ("rheumatoid-arthritis", "Rheumatoid arthritis"),
            ("scleroderma", "Scleroderma (systemic sclerosis)"),
            ("dermatomyositis", "Dermatomyositis"),
            ("other", "Another one"),
        ),
    ),
    _q(
        "connective_tissue_signs",
        "Does the person have fingers that turn white or blue in the cold, tight shiny skin on "
        "the fingers, muscle weakness, or a purple-red rash on the eyelids or knuckles?",
        "signs of a connective-tissue disease not yet diagnosed",
        "These can be signs of a connective-tissue disease, one in which the body's defences attack its "
        "own skin, joints or muscles, that has not been diagnosed yet; so answer even if no doctor has "
        "named a disease. Muscle weakness means trouble climbing "
        "stairs, getting up from a chair or lifting the arms to brush the hair, not only "
        "feeling tired.",
        YES_NO,
    ),
    _q(
        "calcium",
        "What did a blood test show about the calcium level?",
        "blood calcium level from a blood test",
        "Choose what the blood test report or the doctor said: high, normal or low. If you "
        "have the number from the report, you can type it instead, with its unit, such as "
        "9.5 mg/dl or 2.4 mmol/l. If no test has been done, or you do not know the result, "
        "choose 'I don't know'.",
        (("high", "High"), ("normal", "Normal"), ("low", "Low")),
    ),
    _q(
        "phosphate",
        "What did a blood test show about the phosphate level?",
        "blood phosphate level from a blood test",
        "Phosphate (sometimes written as phosphorus) is usually measured in the same blood test "
        "as calcium. If you have the number from the report, you can type it instead, with its "
        "unit, such as 4.5 mg/dl or 1.4 mmol/l. If no test has been done, or you do not know "
        "the result, choose 'I don't know'.",
        (("high", "High"), ("normal", "Normal"), ("low", "Low")),
    ),
    _q(
        "excess_vitamin_d",
        "Has the person been taking large amounts of vitamin D?",
        "large amounts of vitamin D",
        "Large amounts means more than a doctor advised or the packet says, or high-strength "
        "vitamin D taken for a long time. Too much vitamin D makes the gut take up too much "
        "calcium. The ordinary amount on the packet does not count.",
        YES_NO,
    ),
    _q(
        "calcium_supplements",
        "Does the person take calcium tablets or antacids, or drink a lot of milk, every day?",
        "daily calcium tablets or antacids",
        "Count calcium tablets (often combined with vitamin D), chewable antacids for heartburn "
        "or indigestion (such as Tums or Rennie), or drinking much more milk than most people, "
        "every day.",
        YES_NO,
    ),
    _q(
        "sarcoidosis",
        "Has a doctor said the person has sarcoidosis, tuberculosis (TB) or a similar disease?",
        "sarcoidosis or tuberculosis",
        "In sarcoidosis, small clumps of inflamed cells (granulomas) form in the lungs, skin, "
        "eyes or other organs. Tuberculosis (TB) is another disease that forms them; other "
        "diseases that form such clumps count too.",
        YES_NO,
    ),
    _q(
        "bone_disease",
        "Does the person have Paget's disease of bone, bone cancer, or another disease that breaks down bone?",
        "a disease that breaks down bone such as Paget's disease or bone cancer",
        "Paget's disease makes bones grow too large and weak. Bone cancer includes cancer that "
        "started in a bone, cancer that has spread to the bones, and myeloma. Bone that is "
        "broken down releases its calcium into the blood. Thin bones (osteoporosis) and "
        "healed fractures do not count.",
        YES_NO,
    ),
    _q(
        "family_history",
        "Has anyone in the person's family had similar lumps, or an inherited calcium or skin disease?",
        "someone in the family with similar lumps, or an inherited calcium or skin disease",
        "Think of parents, brothers and sisters, children and other blood relatives. An "
        "inherited disease is one passed down in families, such as one that affects the "
        "calcium or phosphate level, or the skin.",
        YES_NO,
    ),
    _q(
        "procedure",
        "Was there a medical procedure at the same spot as the lumps?",
        "a medical procedure at the same spot",
        "Think of what was done at the very spot where the lumps are now. Repeated heel "
        "sticks in a baby, electrode paste left on for brain-activity tests, calcium given "
        "into a vein or injected, an operation, or blood-thinning injections under the skin "
        "(some heparin injections contain calcium) can each leave calcium deposits where "
        "they were done. If nothing was done there, choose 'No procedure there'.",
        (
            ("none", "No procedure there"),
            ("heel-sticks", "Repeated heel sticks (baby)"),
            ("electrode-paste", "Electrode paste (e.g. brain-activity test)"),
            ("calcium-injection", "Calcium given into a vein or injected"),
            ("surgery", "An operation"),
            ("other", "Another procedure"),
            ("heparin-injections", "Blood-thinning injections under the skin"),
        ),
    ),
    _q(
        "tissue_damage",
        "Was the skin or tissue damaged where the lumps are?",
        "damage to skin or tissue where the lumps are",
        "Think of what happened at the spot where the lumps are now. Calcium can settle in "
        "tissue that was damaged, even when blood levels are normal. Damage includes an old "
        "burn scar (lumps can form decades later), a baby's difficult birth or cooling "
        "treatment after birth, and long-standing varicose veins, leg swelling or leg ulcers.",
        (
            ("none", "No damage"),
            ("surgery", "A recent operation"),
            ("wound", "A wound"),
            ("acne", "Acne"),
            ("injury", "Small cuts or another injury"),
            ("joint-injury", "A joint injury"),
            ("infection", "An infection"),
            ("burn", "An old burn scar"),
            ("difficult-birth", "A difficult birth or cooling treatment (baby)"),
            ("vein-disease", "Varicose veins, leg swelling or leg ulcers"),
        ),
    ),
    _q(
        "tumor",
        "Has a doctor found a growth or cyst where the lumps are?",
        "a growth or cyst where the lumps are",
        "Count any growth (tumour) or cyst at the same spot that a doctor has found, harmless or "
        "not. Some skin growths and cysts can fill with calcium.",
        YES_NO,
    ),
    _q(
        "site",
        "Where are the lumps?",
        "where the lumps are",
        "Choose the place of the lumps, or 'Several places' when they are in more than one. "
        "Legs means below the knee; the thighs go with the belly, buttocks and breasts. "
        "Neck folds include the armpits, elbow creases and groin.",
        (
            ("face", "Face"),
            ("scrotum", "Scrotum"),
            ("vulva", "Vulva"),
            ("heel", "Heel"),
            ("fingers", "Fingers"),
            ("joints", "Around joints"),
            ("scalp", "Scalp"),
            ("legs", "Legs below the knee"),
            ("transplant-site", "Where a transplanted organ is"),
            ("other", "Somewhere else"),
            ("multiple", "Several places"),
            ("ears", "Ears"),
            ("neck-folds", "Neck, armpits, elbow creases or groin"),
            ("arms", "Arms"),
            ("belly-thighs-buttocks", "Belly, thighs, buttocks or breasts"),
            ("penis", "Penis"),
        ),
    ),
    _q(
        "lesions",
        "How many lumps are there?",
        "how many lumps",
        "Count the separate hard lumps or spots you can see or feel. A few means a small number "
        "that is easy to count; many means too many to count easily.",
        (("single", "One"), ("few", "A few"), ("many", "Many")),
    ),
    _q(
        "lump_change",
        "Has any lump grown quickly, bled or changed colour, or is there a sore that does not heal?",
        "a lump that grows quickly, bleeds or changes colour, or a sore that does not heal",
        "Quickly means clearly bigger within weeks or a few months. A sore that does not heal "
        "is one still open after several weeks. Calcium lumps usually change slowly, so "
        "changes like these are worth showing to a doctor.",
        YES_NO,
    ),
    _q(
        "gout",
        "Has a doctor ever said the person has gout?",
        "gout diagnosed by a doctor (its lumps, tophi, can look like calcium deposits)",
        "Gout is a kind of arthritis caused by crystals of uric acid, with attacks of sudden, "
        "very painful, swollen joints, often the big toe. Long-standing gout can form firm "
        "lumps under the skin (tophi) that look like calcium deposits.",
        YES_NO,
    ),
    _q(
        "birth_defect",
        "Was the person born with a problem of the soft tissues (skin, fat or muscle)?",
        "born with a problem of the soft tissues",
        "Soft tissues are the skin, fat, muscles and the tissue that joins them. Answer yes if "
        "a doctor has said the person was born with a problem in them.",
        YES_NO,
    ),
    _q(
        "down_syndrome",
        "Does the person have Down syndrome?",
        "Down syndrome",
        "Down syndrome (trisomy 21) is a genetic condition present from birth. People with it "
        "can get many small, harmless calcium spots on the hands and feet.",
        YES_NO,
    ),
)

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

# Measured blood values, accepted beside the answers.
LAB_FIELDS: tuple[str, ...] = ("calcium_value", "phosphate_value", "units", "albumin_value", "albumin_units")
UNITS: tuple[str, ...] = ("mg/dl", "mmol/l")
DEFAULT_UNITS = "mg/dl"
ALBUMIN_UNITS: tuple[str, ...] = ("g/dl", "g/l")
