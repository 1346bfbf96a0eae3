"""Headings and wording shared by the panel and Markdown renderers: the summary a person
needs first (contract 1.1, "Output (1.1)") and the details that follow.

Rule ids and question ids are for scripts: here they only ever stand beside plain words.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ..knowledge import PRODUCT_THRESHOLD, SOURCES, TYPES
from ..knowledge.safety import DISCLAIMER_SHORT
from ..labs import Measurement
from ..questions import QUESTIONS_BY_ID
from ..result import Result
from ..tree import RULES
from ..tree.rules import RULE_BY_ID
from ..tree.sensitivity import could_change

URGENT_LINE = "URGENT: get medical care today, at an emergency department or a doctor."
SOON_LINE = "SOON: see a doctor within the next few days about these warning signs."
ROUTINE_LINE = "ROUTINE: no warning sign in these answers; see a doctor in the usual way."
URGENCY_LINES: Mapping[str, str] = {"urgent": URGENT_LINE, "soon": SOON_LINE, "routine": ROUTINE_LINE}

# The summary's budget (contract 1.1): at most this many of each list.
MAX_REASONS = 2
MAX_RED_FLAGS = 3
MAX_NEXT_STEPS = 3

# The next steps that say again what the urgency line says.
_SAID_BY_THE_URGENCY_LINE = ("get medical care today", "see a doctor within the next few days")

_URGENT_FLAGS = {rule.flag: rule for rule in RULE_BY_ID.values() if rule.urgency == "urgent"}
_RULE_URGENCY_WORDS = {"urgent": "care today", "soon": "a doctor soon"}


# What each type's name means, in a few words beside it (each card's summary says it in
# full, with its sources), so that no name of a type stands unexplained.
TYPE_GLOSSES: Mapping[str, str] = {
    "dystrophic": "calcium in damaged tissue",
    "metastatic": "from high blood levels",
    "iatrogenic": "from a medical treatment",
    "idiopathic": "with no cause found",
    "calciphylaxis": "calcium blocking small blood vessels",
}


def headline(result: Result) -> str:
    """ "Best fit: Iatrogenic calcinosis (possible) — from a medical treatment"."""
    gloss = TYPE_GLOSSES.get(result.suggested_type)
    return f"Best fit: {result.name} ({result.certainty})" + (f" — {gloss}" if gloss else "")


def urgency_line(result: Result) -> str:
    return URGENCY_LINES[result.urgency]


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- the summary ---------------------------------------------------------------------


def is_urgent_flag(flag: str) -> bool:
    return flag in _URGENT_FLAGS


def short_flag(flag: str) -> str:
    """A red flag in a few words (its rule's label), for a summary that has no room for
    every urgent flag in full."""
    rule = _URGENT_FLAGS.get(flag)
    return rule.label if rule is not None and rule.label else flag


def summary_reasons(result: Result) -> tuple[str, ...]:
    """The reasons, without those that a red flag already says."""
    flags = set(result.red_flags)
    return tuple(reason for reason in result.reasons if reason not in flags)


def summary_next_steps(result: Result) -> tuple[str, ...]:
    """The next steps, without the one that the urgency line already says."""
    return (
        tuple(step for step in result.next_steps if not step.lower().startswith(_SAID_BY_THE_URGENCY_LINE))
        or result.next_steps
    )


def safety_net_title(result: Result) -> str:
    """The heading of the safety net: when to act at once, not an order to act now."""
    return "When to call the emergency number" if result.urgency == "urgent" else "When to get care the same day"


def missing_line(result: Result, missing: tuple[str, ...] | None = None) -> str | None:
    """'N questions not answered that could change this; more with --details', or None."""
    count = len(could_change(result) if missing is None else missing)
    if not count:
        return None
    questions = "question" if count == 1 else "questions"
    return f"{count} {questions} not answered that could change this; more with --details"


def more_line(count: int) -> str:
    return f"... {count} more (--details)"


def disclaimer_short() -> str:
    return DISCLAIMER_SHORT


def level_as_measured(m: Measurement) -> str:
    """The level of the value as measured: where albumin corrected the calcium, the level
    that counts (``m.level``) is the corrected one, which is said beside it."""
    return m.corrected.measured_level if m.corrected is not None else m.level


def corrected_words(m: Measurement) -> str:
    """The calcium corrected for albumin and its level, the one that counts, in the words
    every output uses: "corrected for albumin 9.6 mg/dl (normal)"; "" where it was not."""
    if m.corrected is None:
        return ""
    return f"corrected for albumin {m.corrected.value:.3g} {m.units} ({m.corrected.level})"


def value_with_level(m: Measurement, level_words: Callable[[str], str] = str) -> str:
    """A measured value with its level as measured (in ``level_words``), and the calcium
    corrected for albumin where it was: "8 mg/dl (low), corrected for albumin 9.6 mg/dl (normal)"."""
    words = f"{m.value:g} {m.units} ({level_words(level_as_measured(m))})"
    return f"{words}, {corrected_words(m)}" if m.corrected is not None else words


def ranges_line(result: Result) -> str | None:
    """One line naming the measured values and the ranges they were read with."""
    labs = result.answers.labs
    if labs is None:
        return None
    parts = []
    ages = set()
    for m in (labs.calcium, labs.phosphate):
        if m is None:
            continue
        ages.add(m.age_group_used)
        text = f"{m.analyte} {m.value:g} {m.units} ({level_as_measured(m)}; range {m.low:g}–{m.high:g})"
        if m.corrected is not None:
            text += f", {corrected_words(m)}"
        parts.append(text)
    product = labs.product
    if product is not None:
        parts.append(f"calcium × phosphate product {product:.0f} mg²/dL²")
    if not parts:
        return "Albumin given without a calcium value: not used (see --details)."
    unknown_age = result.answers.values["age_group"] == "unknown"
    ranges = f"{'/'.join(sorted(ages))} ranges" + (" (age not given)" if unknown_age else "")
    return f"Blood tests, {ranges}: " + "; ".join(parts) + "."


# --- the details ---------------------------------------------------------------------


def sections(result: Result) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(heading, items) of the whole result, in the order a reader needs them; empty
    sections dropped."""
    alternatives = tuple(named(a.name, a.why) for a in result.alternatives)
    look_alikes = tuple(named(x.name, x.why) for x in result.look_alikes)
    found = (
        ("Why", result.reasons),
        ("Warning signs", result.red_flags),
        ("What to do next", result.next_steps),
        (safety_net_title(result), result.safety_net),
        *detail_sections(result, alternatives, look_alikes),
    )
    return tuple((title, items) for title, items in found if items)


def detail_sections(
    result: Result, alternatives: tuple[str, ...] | None = None, look_alikes: tuple[str, ...] | None = None
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(heading, items) of what the summary leaves to --details; empty sections dropped."""
    if alternatives is None:
        alternatives = tuple(named(a.name, a.why) for a in result.alternatives)
    if look_alikes is None:
        look_alikes = tuple(named(x.name, x.why) for x in result.look_alikes)
    found = (
        ("Also worth considering", alternatives),
        ("Not calcinosis, but can look like it", look_alikes),
        ("Causes your answers point to", result.matched_causes),
        ("Typical causes of this type", result.typical_causes),
        ("How it is usually managed (general notes, no doses)", result.treatment_notes),
        ("Codes", codes(result)),
        ("Blood tests", labs_lines(result)),
    )
    return tuple((title, items) for title, items in found if items)


CODE_SYSTEM_NAMES: Mapping[str, str] = {
    "http://hl7.org/fhir/sid/icd-10": "ICD-10",
    "http://hl7.org/fhir/sid/icd-10-cm": "ICD-10-CM",
    "http://snomed.info/sct": "SNOMED CT",
}


def codes(result: Result) -> tuple[str, ...]:
    """The codes of the type, each with the name of its code system."""
    return tuple(
        f"{c.display}: {CODE_SYSTEM_NAMES.get(c.system, c.system)} {c.code}" for c in TYPES[result.suggested_type].codes
    )


def labs_lines(result: Result) -> tuple[str, ...]:
    """The measured values in full: each with its range, the albumin and its correction,
    the calcium × phosphate product."""
    labs = result.answers.labs
    if labs is None:
        return ()
    lines = []
    for m in (labs.calcium, labs.phosphate):
        if m is None:
            continue
        line = f"{capital(m.analyte)} {m.value:g} {m.units}: {level_as_measured(m)}, {m.range_words()}"
        if m.corrected is not None:
            line += f"; {corrected_words(m)}, the level that counts"
        if m.severe is not None:
            line += f"; in the severe {m.severe} range for the age"
        lines.append(line + ".")
    if labs.albumin is not None:
        a = labs.albumin
        note = f": {a.note}" if a.note else ": used to correct the calcium"
        lines.append(f"Albumin {a.value:g} {a.units}{note}.")
    product = labs.product
    if product is not None:
        above = "at or above" if product >= PRODUCT_THRESHOLD else "below"
        line = f"Calcium × phosphate product {product:.0f} mg²/dL² ({above} the threshold of {PRODUCT_THRESHOLD:g})"
        if not labs.product_applies:
            line += "; the threshold holds for adults only: children run higher phosphate"
        lines.append(line + ".")
    return tuple(lines)


def about(question_id: str) -> str:
    """What a question is about, in a few words: the bank's ``about`` without a closing
    aside in brackets or after a semicolon."""
    text = QUESTIONS_BY_ID[question_id].about
    if text.endswith(")") and " (" in text:
        text = text[: text.rindex(" (")]
    return text.split("; ")[0]


def question_words(question_id: str) -> str:
    """A question in a few words, its flag beside them."""
    return f"{capital(about(question_id))} ({QUESTIONS_BY_ID[question_id].flag})"


def not_answered_lines(result: Result, missing: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """The unanswered questions that could change the result, in words; and how many others."""
    missing = could_change(result) if missing is None else missing
    lines = [question_words(q) for q in missing]
    others = len(result.answers.unanswered) - len(missing)
    if others:
        other = " other" if missing else ""
        lines.append(
            f"{others}{other} question{'s' if others > 1 else ''} not answered, which would not change this result."
        )
    return tuple(lines)


def not_answered_title(missing: tuple[str, ...]) -> str:
    return "Not answered, and could change this" if missing else "Not answered"


def rule_id(rule: str) -> str:
    """The id of a path step's rule ("C2: ..." gives "C2")."""
    return rule.split(":", 1)[0]


def rule_plain(rule: str) -> str:
    """A rule in plain words: "Open sores or dark skin with a strong risk factor: care today"."""
    identifier = rule_id(rule)
    urgency_rule = RULE_BY_ID.get(identifier)
    if urgency_rule is not None and urgency_rule.label:
        return f"{urgency_rule.label}: {_RULE_URGENCY_WORDS[urgency_rule.urgency]}"
    return capital(RULES.get(identifier, rule.split(": ", 1)[-1]))


def rule_words(rule: str) -> str:
    """A rule in plain words, its id beside them: "Open sores or dark skin with a strong
    risk factor: care today (rule C2)"."""
    return f"{rule_plain(rule)} (rule {rule_id(rule)})"


def lower_first(label: str) -> str:
    """A label or sentence inside a sentence: "Very painful" gives "very painful", "A few"
    "a few"; "I don't know", names ("Down syndrome", "Paget's disease") and "ICD-10" keep
    their capitals."""
    first = label.split(" ", 1)[0]
    if first == "I" or first in _NAMES or (len(first) > 1 and not first[1].islower()):
        return label
    return label[:1].lower() + label[1:]


def named(name: str, text: str) -> str:
    """ "Metastatic calcinosis: not ruled out until ...": a name and what is said of it."""
    return f"{name}: {lower_first(text)}"


_NAMES = frozenset(("Down", "Paget's", "Sjögren's", "Graves'"))


def path_lines(result: Result) -> tuple[str, ...]:
    """The decision path in plain words: each rule once, in the order the tree took it,
    with the answers it read; an answer named by an earlier rule is not named again."""
    order: dict[str, list[str]] = {}
    for step in result.path:
        question = QUESTIONS_BY_ID[step.question]
        answer = f"{about(step.question)}: {lower_first(question.label_of(step.answer))}"
        answers = order.setdefault(step.rule, [])
        if answer not in answers:
            answers.append(answer)
    lines = []
    named: set[str] = set()
    for rule, answers in order.items():
        new = [answer for answer in answers if answer not in named]
        if not new:
            used = "From the same answers as above."
        elif len(new) < len(answers):
            used = f"From the answers above and: {'; '.join(new)}."
        else:
            used = f"From the answers: {'; '.join(new)}."
        named.update(answers)
        lines.append(f"{rule_words(rule)}. {used}")
    return tuple(lines)


def source_lines(result: Result) -> tuple[str, ...]:
    return tuple(f"{SOURCES[s].title}: {SOURCES[s].url}" for s in result.source_ids)


def source_links(result: Result) -> tuple[str, ...]:
    """The sources as Markdown links."""
    return tuple(f"[{SOURCES[s].title}]({SOURCES[s].url})" for s in result.source_ids)
