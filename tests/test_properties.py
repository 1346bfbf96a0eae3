"""Properties of the triage over the whole answer space: every question with any of
its values (unknown included, in any letter case), unanswered questions, and measured
blood values in either unit. Each test is named after the invariant it checks."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from vignette_blocks import OTHER_RISK, STRONG_RISK

import calcinosis_cli
import calcinosis_cli.labs
import calcinosis_cli.tree
import calcinosis_cli.tree.advice
import calcinosis_cli.tree.assess
import calcinosis_cli.tree.choice
import calcinosis_cli.tree.facts
import calcinosis_cli.tree.rules
import calcinosis_cli.tree.walk
from calcinosis_cli import QUESTIONS, TYPES, UsageError, result_schema, triage, triage_answers
from calcinosis_cli.knowledge import BOUNDS, LOOK_ALIKE_IDS, MMOL_PER_MGDL, REFERENCE_RANGES, SEVERE_CALCIUM
from calcinosis_cli.questions import LAB_FIELDS, QUESTIONS_BY_ID
from calcinosis_cli.tree import RULES

PROPERTY = settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
FEWER = settings(PROPERTY, max_examples=100)

VALUES = {question.id: question.values for question in QUESTIONS}
# medical-facts.md §7.1: the sources convert with Davis's factors (calcium × 0.25, phosphate × 0.323).
MG_PER_MMOL = {analyte: 1 / factor for analyte, factor in MMOL_PER_MGDL.items()}
# What a living person can have, in mg/dL, kept a little inside the program's limits.
PLAUSIBLE = {"calcium": (1.01, 29.9), "phosphate": (0.11, 29.9)}
# What a lab reports most often: the ranges around normal, where the interesting edges are.
TYPICAL = {"calcium": (5.0, 16.0), "phosphate": (1.5, 9.0)}

# decision.md 1.1 §3: the causes of high blood levels (an overactive thyroid is not one).
CAUSES_OF_HIGH_LEVELS = (
    "kidney_failure",
    "overactive_gland",
    "excess_vitamin_d",
    "calcium_supplements",
    "sarcoidosis",
    "bone_disease",
    "cancer",
    "chemotherapy",
)
RISK_FACTORS = (*STRONG_RISK, *OTHER_RISK)  # decision.md 1.1 §1
SKIN_SIGNS = ("skin_breakdown", "skin_dark", "skin_patches")
# decision.md 1.1 §5: tissue damage now includes burns, a difficult birth and vein disease.
DAMAGE = ("surgery", "wound", "acne", "injury", "joint-injury", "infection", "burn", "difficult-birth", "vein-disease")
DAMAGING_DISEASES = ("lupus", "rheumatoid-arthritis", "scleroderma", "dermatomyositis", "other")
LOCAL_PROCEDURES = ("heel-sticks", "electrode-paste", "calcium-injection", "heparin-injections", "other")
URGENCY_RANK = {"routine": 0, "soon": 1, "urgent": 2}

VALIDATOR = Draft202012Validator(result_schema())


# --- strategies -------------------------------------------------------------


# How a person might type a value: any letter case, stray spaces, and (contract 1.1)
# spaces or underscores for hyphens and y/n for yes/no.
SPELLINGS = (
    str.lower,
    str.upper,
    str.title,
    lambda v: f" {v} ",
    lambda v: f"{v.capitalize()}\t",
    lambda v: v.replace("-", " "),
    lambda v: v.replace("-", "_").upper(),
    lambda v: {"yes": "Y", "no": "n"}.get(v, v),
)


def canonical(typed: str) -> str:
    """The value a typed answer stands for (contract 1.1: case, spaces, underscores, y/n)."""
    value = "-".join(typed.strip().lower().replace("_", " ").split())
    return {"y": "yes", "n": "no"}.get(value, value)


# Per question: any of its values, None or "" (unanswered), or left out (twice as likely).
CHOICES = {question.id: (*question.values, None, "", "omit", "omit") for question in QUESTIONS}
# Drawn all at once: far cheaper for Hypothesis than one draw per question.
CHOSEN = st.tuples(*(st.tuples(st.sampled_from(CHOICES[q.id]), st.integers(0, len(SPELLINGS) - 1)) for q in QUESTIONS))

# Uniform draws seldom reach the narrow regions of the tree (the calciphylaxis pattern
# needs three answers at once); one of these is laid over some examples to reach them.
NORMAL = {"calcium": "normal", "phosphate": "normal", **dict.fromkeys(CAUSES_OF_HIGH_LEVELS, "no")}
NO_LOCAL_CAUSE = {"tissue_damage": "none", "autoimmune": "none", "tumor": "no", "procedure": "none"}
NO_RISK = {**dict.fromkeys(RISK_FACTORS, "no"), "autoimmune": "none"}
FOCUS = (
    {},
    {},
    {},
    {"skin_breakdown": "yes", "pain": "severe"},
    {"skin_breakdown": "yes"},
    {"skin_dark": "yes", "pain": "severe"},
    {"skin_patches": "yes"},
    {"skin_breakdown": "yes", **NO_RISK},
    {"skin_dark": "yes", "pain": "severe", **NO_RISK},
    {"skin_breakdown": "yes", **dict.fromkeys(STRONG_RISK, "no"), "obesity": "yes", "diabetes": "yes"},
    {"skin_breakdown": "yes", **dict.fromkeys(STRONG_RISK, "no"), "autoimmune": "scleroderma"},
    {"skin_breakdown": "unknown", "pain": "severe", "kidney_failure": "yes"},
    {"age_group": "newborn", "tissue_damage": "difficult-birth"},
    NORMAL,
    NO_LOCAL_CAUSE,
    {**NORMAL, **NO_LOCAL_CAUSE},
)

# Where a level changes: every bound of every age group's range, and severe calcium.
EDGES = {
    analyte: sorted({bound for found in by_age.values() for p in found.partitions for bound in p.mg_dl})
    for analyte, by_age in REFERENCE_RANGES.items()
}
EDGES["calcium"] += sorted({limit.mg_dl for severe in SEVERE_CALCIUM.values() for limit in (severe.high, severe.low)})
ALBUMIN_UNITS = (None, "g/dl", "g/l", "G/L")


def lab_values(analyte: str) -> st.SearchStrategy[float]:
    """A measured value in mg/dL: anywhere a person can have, mostly where labs report,
    often close to a bound where the level changes."""
    low, high = PLAUSIBLE[analyte]
    return st.one_of(
        st.floats(low, high),
        st.floats(*TYPICAL[analyte]),
        st.tuples(st.sampled_from(EDGES[analyte]), st.floats(-0.3, 0.3)).map(lambda pair: pair[0] + pair[1]),
    )


def refused_without_units(analyte: str, value: float) -> bool:
    """Contract 1.1: without units, a value ordinary in mmol/l but not in mg/dl is refused."""
    in_mg_dl, in_mmol = BOUNDS[analyte]["mg/dl"], BOUNDS[analyte]["mmol/l"]
    return not in_mg_dl.ordinary.holds(value) and in_mmol.ordinary.holds(value)


@st.composite
def answer_sets(draw: st.DrawFn, labs: bool | None = None) -> dict[str, Any]:
    """A raw answer mapping: each question left out, blank, or any of its values, and
    measured calcium and/or phosphate (and albumin) in either unit (``labs``: True always,
    False never, None sometimes)."""
    raw: dict[str, Any] = {}
    for question, (choice, spelling) in zip(QUESTIONS, draw(CHOSEN), strict=True):
        if choice != "omit":
            raw[question.id] = SPELLINGS[spelling](choice) if choice else choice
    raw.update(draw(st.sampled_from(FOCUS)))
    if labs or (labs is None and draw(st.booleans())):
        units = draw(st.sampled_from((None, "mg/dl", "mmol/l", "MMOL/L", "mg/dL")))
        in_mmol = units is not None and units.lower() == "mmol/l"
        if units is not None:
            raw["units"] = units
        for analyte in ("calcium", "phosphate"):
            if not draw(st.booleans()) and not (labs and analyte == "calcium"):
                continue
            mg_dl = draw(lab_values(analyte))
            value = mg_dl / MG_PER_MMOL[analyte] if in_mmol else mg_dl
            value = draw(st.sampled_from((value, round(value, 2), str(round(value, 2)))))
            if units is None and refused_without_units(analyte, float(value)):
                raw["units"] = "mg/dl"  # units are never guessed: such a value needs them (tested below)
            raw[f"{analyte}_value"] = value
            # A measured value may come with no level, a blank one, or "unknown".
            level = draw(st.sampled_from(("omit", None, "", "unknown", "UNKNOWN")))
            if level == "omit":
                raw.pop(analyte, None)
            else:
                raw[analyte] = level
        if draw(st.integers(0, 2)) == 0:  # contract 1.1: albumin, in its own units
            albumin_units = draw(st.sampled_from(ALBUMIN_UNITS))
            default = "g/l" if raw.get("units", "").lower() == "mmol/l" else "g/dl"
            in_g_l = (albumin_units or default).lower() == "g/l"
            g_dl = draw(st.floats(1.0, 6.0))
            raw["albumin_value"] = round(g_dl * 10 if in_g_l else g_dl, 2)
            if albumin_units is not None:
                raw["albumin_units"] = albumin_units
    return raw


def given_ids(raw: dict[str, Any]) -> set[str]:
    return {q.id for q in QUESTIONS if raw.get(q.id) not in (None, "")}


def measured(raw: dict[str, Any]) -> set[str]:
    return {a for a in ("calcium", "phosphate") if raw.get(f"{a}_value") not in (None, "")}


def run(raw: dict[str, Any]) -> dict[str, Any]:
    return triage_answers(raw).to_dict()


# --- what the answers say, read independently of the tree ---------------------


def high_levels(result: dict[str, Any]) -> bool:
    a = result["answers"]
    labs = result["labs"]
    product = labs and labs["product"]
    # decision.md 1.1 §3: the product's threshold applies to adults only (an unknown age counts as adult).
    product_high = bool(product and product["above_threshold"] and product["applies"])
    return a["calcium"] == "high" or a["phosphate"] == "high" or product_high


def levels_measured_not_high(result: dict[str, Any]) -> bool:
    a = result["answers"]
    return not high_levels(result) and a["calcium"] in ("normal", "low") and a["phosphate"] in ("normal", "low")


def yes(result: dict[str, Any], questions: tuple[str, ...]) -> bool:
    return any(result["answers"][q] == "yes" for q in questions)


def is_risk(question: str, answer: str) -> bool:
    """decision.md 1.1 §1: an answer that is a calciphylaxis risk factor."""
    if question == "overactive_gland":
        return answer in ("parathyroid", "yes")  # an overactive thyroid is not a risk factor
    if question == "autoimmune":
        return answer in DAMAGING_DISEASES
    return answer == "yes"


def is_no(question: str, answer: str) -> bool:
    if question == "overactive_gland":
        return answer in ("no", "thyroid")
    if question == "autoimmune":
        return answer == "none"
    return answer == "no"


def cause_of_high_levels(result: dict[str, Any]) -> bool:
    a = result["answers"]
    return any(a[q] in ("yes", "parathyroid") for q in CAUSES_OF_HIGH_LEVELS)


class Table:
    """The calciphylaxis table of decision.md 1.1 §1, read from the answers."""

    def __init__(self, result: dict[str, Any]) -> None:
        a = result["answers"]
        self.a = a
        skin = [a[q] for q in SKIN_SIGNS]
        self.any_skin = "yes" in skin
        self.skin_unknown = not self.any_skin and "unknown" in skin
        self.broken = "yes" in (a["skin_breakdown"], a["skin_dark"])
        self.patches = a["skin_patches"] == "yes"
        self.dark = a["skin_dark"] == "yes"
        self.severe = a["pain"] == "severe"
        self.worst = a["site"] in ("belly-thighs-buttocks", "penis")
        self.strong = any(is_risk(q, a[q]) for q in STRONG_RISK)
        self.other = [q for q in OTHER_RISK if is_risk(q, a[q])]
        self.all_no = all(is_no(q, a[q]) for q in RISK_FACTORS)
        self.none_known = not self.strong and not self.other and not self.all_no
        dark_severe = self.dark and self.severe
        n = len(self.other)
        # (row, names calciphylaxis?, urgent?) for every row that holds
        rows = [
            ("patches with a risk factor", True, self.patches and (self.strong or n > 0)),
            ("broken skin with a strong risk factor", True, self.broken and self.strong),
            (
                "broken skin, two other risk factors and an also",
                True,
                self.broken and n >= 2 and (self.dark or self.severe or self.worst),
            ),
            (
                "broken skin, one other risk factor and an also",
                self.other != ["autoimmune"],
                self.broken and n == 1 and (dark_severe or self.worst),
            ),
            ("dying painful skin, no risk factor known", True, self.any_skin and self.none_known and dark_severe),
            ("dying painful skin, every risk factor no", False, self.any_skin and self.all_no and dark_severe),
            (
                "skin not known, strong risk factor, severe pain",
                True,
                self.skin_unknown and self.strong and self.severe,
            ),
        ]
        self.urgent_rows = [row for row, _, holds in rows if holds]
        self.naming_rows = [row for row, names, holds in rows if holds and names]
        self.soon_rows = [
            row
            for row, holds in (
                ("broken skin, other risk factors, no also", self.broken and n >= 1),
                ("a skin sign, no risk factor known or all no", self.any_skin and not self.strong and n == 0),
                ("skin not known, other risk factors, severe pain", self.skin_unknown and n >= 1 and self.severe),
            )
            if holds
        ]
        self.kept_in_view = bool(self.urgent_rows or self.soon_rows) and not (
            self.all_no and not dark_severe and not self.strong and n == 0
        )


def severe_calcium(result: dict[str, Any]) -> bool:
    """decision.md 1.1 §2: a measured calcium in the severe range for the age group, in the
    units given; the corrected value for the low limit (the lower of both with kidney failure),
    the higher of measured and corrected for the high one."""
    labs = result["labs"]
    if not (labs and labs["calcium"]):
        return False
    reading = labs["calcium"]
    units = reading["units"]
    severe = SEVERE_CALCIUM[reading["range"]["age_group"]]
    measured_value = reading["value"]
    corrected = reading["corrected"]["value"] if reading["corrected"] else measured_value
    high_value = max(measured_value, corrected)
    low_value = min(measured_value, corrected) if result["answers"]["kidney_failure"] == "yes" else corrected
    high, low = severe.high.value(units), severe.low.value(units)
    beyond_high = high_value >= high if severe.high.inclusive else high_value > high
    beyond_low = low_value <= low if severe.low.inclusive else low_value < low
    return beyond_high or beyond_low


def urgent_expected(result: dict[str, Any]) -> bool:
    """decision.md 1.1 §2, the urgent bullets (and the urgent rows of §1)."""
    a = result["answers"]
    vulnerable = yes(result, ("kidney_failure", "organ_transplant", "steroids", "chemotherapy"))
    baby_after_birth = a["age_group"] in ("newborn", "infant") and a["tissue_damage"] == "difficult-birth"
    return bool(
        Table(result).urgent_rows
        or yes(result, ("high_calcium_symptoms", "low_calcium_symptoms"))
        or severe_calcium(result)
        or (a["infection_signs"] == "yes" and vulnerable)
        or (a["chemotherapy"] == "yes" and (a["phosphate"] == "high" or a["calcium"] == "low"))
        or (baby_after_birth and a["calcium"] == "high")
        or (a["procedure"] == "calcium-injection" and (a["skin_dark"] == "yes" or a["pain"] == "severe"))
    )


def soon_expected(result: dict[str, Any]) -> bool:
    """decision.md 1.1 §2, the soon bullets (and the soon rows of §1)."""
    a = result["answers"]
    labs = result["labs"]
    product = labs and labs["product"]
    return bool(
        Table(result).soon_rows
        or a["skin_breakdown"] == "yes"
        or yes(result, ("infection_signs", "lump_change", "kidney_failure"))
        or a["calcium"] in ("high", "low")
        or a["phosphate"] == "high"
        or (product and product["above_threshold"] and product["applies"])
        or a["pain"] in ("mild", "severe")
        or a["tissue_damage"] == "infection"
        or (a["age_group"] in ("newborn", "infant") and a["tissue_damage"] == "difficult-birth")
        or (a["procedure"] == "calcium-injection" and yes(result, ("infection_signs", "skin_breakdown")))
    )


def contradicts(type_id: str, result: dict[str, Any]) -> bool:
    """True when the answers contradict what defines the type in decision.md."""
    a = result["answers"]
    high = high_levels(result)
    if type_id == "metastatic":
        # Nothing high, and either no cause of high levels or both levels measured not high.
        return not high and (not cause_of_high_levels(result) or levels_measured_not_high(result))
    if type_id == "iatrogenic":
        return high or a["procedure"] in ("none", "unknown")
    if type_id == "dystrophic":
        no_damage = (
            a["tissue_damage"] == "none"
            and a["autoimmune"] == "none"
            and a["tumor"] == "no"
            and a["procedure"] not in ("surgery", "unknown")
            and a["connective_tissue_signs"] != "yes"  # decision.md 1.1 §5
        )
        return high or no_damage
    if type_id == "idiopathic":
        return (
            high
            or a["tissue_damage"] in DAMAGE
            or a["tumor"] == "yes"
            or a["autoimmune"] in DAMAGING_DISEASES
            or a["procedure"] in (*LOCAL_PROCEDURES, "surgery")
        )
    # calciphylaxis: named only by a row of the table of decision.md 1.1 §1 that names it
    return not Table(result).naming_rows


# --- every result is valid, complete and reproducible ----------------------------


@PROPERTY
@given(answer_sets())
def test_every_result_validates_against_the_schema(raw: dict[str, Any]) -> None:
    result = run(raw)
    errors = sorted(VALIDATOR.iter_errors(result), key=str)
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(result_schema())


@PROPERTY
@given(answer_sets())
def test_triage_is_deterministic(raw: dict[str, Any]) -> None:
    first = run(raw)
    assert run(dict(raw)) == first
    assert run(dict(reversed(list(raw.items())))) == first, "the order of the keys does not matter"
    assert triage(calcinosis_cli.parse_answers(raw)).to_dict() == first


CACHED_MODULES = (
    calcinosis_cli.labs,
    calcinosis_cli.tree.facts,
    calcinosis_cli.tree.assess,
    calcinosis_cli.tree.advice,
    calcinosis_cli.tree.rules,
    calcinosis_cli.tree.choice,
    calcinosis_cli.tree.walk,
    calcinosis_cli.tree,
)


def clear_tree_caches() -> int:
    """Clear every cache of the tree's functions; how many were cleared."""
    cleared = 0
    for module in CACHED_MODULES:
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)) and getattr(value, "__module__", None) == module.__name__:
                value.cache_clear()
                cleared += 1
    return cleared


def test_the_tree_keeps_its_facts_in_caches_that_can_be_cleared() -> None:
    assert clear_tree_caches() >= 20  # the measured values, risk, site, the assessors, the rules, the path, ...


@settings(PROPERTY, max_examples=600)
@given(answer_sets())
def test_results_from_the_caches_equal_those_computed_after_clearing_them(raw: dict[str, Any]) -> None:
    """The tree keeps what it computed for the answers a function reads; a function that
    read an answer it was not given would hand one case the result of another. Hundreds
    of cases share the caches here, so such a function would show."""
    kept = run(raw)
    clear_tree_caches()
    assert run(raw) == kept


@PROPERTY
@given(answer_sets())
def test_the_disclaimer_is_always_present(raw: dict[str, Any]) -> None:
    disclaimer = run(raw)["disclaimer"].lower()
    for words in ("not medical advice", "not a diagnosis", "health professional", "emergency"):
        assert words in disclaimer


@PROPERTY
@given(answer_sets())
def test_every_result_has_a_safety_net_and_a_list_of_look_alikes(raw: dict[str, Any]) -> None:
    """decision.md 1.1 §2 and §8: a non-empty safety net; §7: look-alikes with fixed ids."""
    result = run(raw)
    net = result["safety_net"]
    assert net and all(line.strip() for line in net)
    text = " ".join(net).lower()
    if result["urgency"] == "urgent":
        assert "emergency number" in text
        assert "fit" in text and "confusion" in text and "black skin" in text
    else:
        # (1) skin changes, (2) symptoms of very high or low calcium, (3) fever
        assert "sore" in text and ("purple" in text or "black" in text)
        assert "confusion" in text and "vomiting" in text and "fit" in text
        assert "fever" in text
        strong_possible = any(is_risk(q, a) or a == "unknown" for q, a in result["answers"].items() if q in STRONG_RISK)
        assert ("even if it does not hurt" in text) is strong_possible
    assert isinstance(result["look_alikes"], list)
    ids = [x["id"] for x in result["look_alikes"]]
    assert set(ids) <= set(LOOK_ALIKE_IDS) and len(ids) == len(set(ids))
    assert all(x["name"].strip() and x["why"].strip() for x in result["look_alikes"])


@PROPERTY
@given(answer_sets())
def test_answers_echo_the_input_in_lower_case(raw: dict[str, Any]) -> None:
    result = run(raw)
    assert set(result["answers"]) == set(VALUES)
    for qid, answer in result["answers"].items():
        if qid in measured(raw):
            level = result["labs"][qid]["level"]
            # decision.md 1.1 §3: a level borderline for age counts as unknown
            assert answer == ("unknown" if level == "borderline" else level)
        elif qid in given_ids(raw):
            assert answer == canonical(raw[qid])
            assert answer in VALUES[qid]
        else:
            assert answer == "unknown"


@PROPERTY
@given(answer_sets())
def test_unanswered_is_exactly_the_questions_not_given(raw: dict[str, Any]) -> None:
    result = run(raw)
    expected = set(VALUES) - given_ids(raw) - measured(raw)
    assert set(result["unanswered"]) == expected
    assert len(result["unanswered"]) == len(expected)


@PROPERTY
@given(answer_sets(labs=True))
def test_measured_values_are_read_against_the_age_groups_range(raw: dict[str, Any]) -> None:
    result = run(raw)
    labs = result["labs"]
    if not measured(raw):
        assert labs is None or labs["calcium"] is labs["phosphate"] is None
        return
    age = result["answers"]["age_group"]
    age_used = "adult" if age == "unknown" else age
    for analyte in ("calcium", "phosphate"):
        if analyte not in measured(raw):
            assert labs[analyte] is None
            continue
        reading = labs[analyte]
        value = float(raw[f"{analyte}_value"])
        mg_dl = value if reading["units"] == "mg/dl" else value * MG_PER_MMOL[analyte]
        assert reading["value_mg_dl"] == pytest.approx(mg_dl, abs=1e-3)  # rounded to 3 decimals
        ref = REFERENCE_RANGES[analyte][age_used]
        assert reading["range"]["age_group"] == age_used
        # Read against the limits as the sources print them, in the units given.
        low, high = ref.limits(reading["units"])
        assert (reading["range"]["low"], reading["range"]["high"]) == (low, high)
        shared_low, shared_high = ref.shared(reading["units"])
        corrected = reading.get("corrected")
        # contract 1.1: from 1 year of age, the level is that of the albumin-corrected calcium
        read = corrected["value"] if corrected else value
        expected = (
            "high"
            if read > high
            else "low"
            if read < low
            else "normal"
            if shared_low <= read <= shared_high
            else "borderline"
        )
        if corrected is None or (abs(read - low) > 1e-9 and abs(read - high) > 1e-9):
            assert reading["level"] == expected
        if analyte == "calcium":
            albumin = labs["albumin"]
            used = albumin is not None and age_used in ("child", "adult")
            assert (corrected is not None) is used, (albumin, age_used)
    if labs["calcium"] and labs["phosphate"]:
        calcium = labs["calcium"]["corrected"]
        calcium_mg_dl = (
            labs["calcium"]["value_mg_dl"]
            if calcium is None
            else calcium["value"] * (MG_PER_MMOL["calcium"] if calcium["units"] == "mmol/l" else 1)
        )
        product = calcium_mg_dl * labs["phosphate"]["value_mg_dl"]
        assert labs["product"]["value"] == pytest.approx(product, abs=0.05)
        if abs(product - 70) > 0.1:
            assert labs["product"]["above_threshold"] is (product >= 70)
        assert labs["product"]["applies"] is (age_used == "adult")  # decision.md 1.1 §3
    else:
        assert labs["product"] is None


@FEWER
@given(answer_sets(labs=False), st.sampled_from(("calcium", "phosphate")), st.data())
def test_a_value_ordinary_only_in_mmol_without_units_is_refused(
    raw: dict[str, Any], analyte: str, data: st.DataObject
) -> None:
    """Contract 1.1: units are never guessed."""
    ordinary = BOUNDS[analyte]["mmol/l"].ordinary
    value = data.draw(
        st.floats(ordinary.low, ordinary.high)
        .filter(lambda v: refused_without_units(analyte, v))
        .map(lambda v: round(v, 2))
    )
    if not refused_without_units(analyte, value):
        value = ordinary.low
    case = {**raw, f"{analyte}_value": value}
    case.pop(analyte, None)
    with pytest.raises(UsageError) as caught:
        triage_answers(case)
    assert caught.value.field == f"{analyte}_value"
    assert "units" in str(caught.value) and "mmol/l" in str(caught.value)
    triage_answers({**case, "units": "mmol/l"})  # with the units given, it is read in them


# --- the suggestion respects decision.md --------------------------------------


@settings(PROPERTY, max_examples=600)
@given(answer_sets())
def test_never_suggests_a_type_the_answers_contradict(raw: dict[str, Any]) -> None:
    result = run(raw)
    suggested = result["suggested_type"]["id"]
    assert not contradicts(suggested, result), (suggested, result["answers"], result["labs"], result["reasons"])
    if suggested == "idiopathic" and result["certainty"] != "uncertain":
        # decision.md 1.1 §6: idiopathic needs no cause of high levels
        assert not cause_of_high_levels(result), result["answers"]


@PROPERTY
@given(answer_sets())
def test_high_blood_levels_always_suggest_metastatic_unless_calciphylaxis(raw: dict[str, Any]) -> None:
    result = run(raw)
    if high_levels(result):
        suggested = result["suggested_type"]["id"]
        assert suggested in ("metastatic", "calciphylaxis")
        if suggested == "metastatic":
            assert result["certainty"] == "likely"


@PROPERTY
@given(answer_sets())
def test_the_calciphylaxis_rows_that_name_it_come_first(raw: dict[str, Any]) -> None:
    """decision.md 1.1 §0 and §1: the first row that names a type gives the suggestion;
    likely for the first two rows with kidney failure or severe pain, else possible."""
    result = run(raw)
    table = Table(result)
    if table.naming_rows:
        strong_row = table.naming_rows[0] in ("patches with a risk factor", "broken skin with a strong risk factor")
        likely = strong_row and (result["answers"]["kidney_failure"] == "yes" or table.severe)
        expected = ("calciphylaxis", "likely" if likely else "possible")
        assert (result["suggested_type"]["id"], result["certainty"]) == expected, table.naming_rows


@PROPERTY
@given(answer_sets())
def test_skin_breakdown_with_a_strong_risk_factor_is_urgent_calciphylaxis_whatever_the_pain(
    raw: dict[str, Any],
) -> None:
    """decision.md 1.1 §1 (was soon with mild pain in 1.0)."""
    result = run(raw)
    table = Table(result)
    if table.broken and table.strong:
        assert result["suggested_type"]["id"] == "calciphylaxis"
        assert result["urgency"] == "urgent"


@PROPERTY
@given(answer_sets())
def test_skin_signs_without_a_risk_factor_keep_calciphylaxis_in_mind(raw: dict[str, Any]) -> None:
    """decision.md 1.1 §1: with no risk factor known, calciphylaxis is named or an alternative;
    with every risk factor no, only dying, painful skin keeps it in view."""
    result = run(raw)
    table = Table(result)
    named = [result["suggested_type"]["id"], *(alt["id"] for alt in result["alternatives"])]
    if table.any_skin and (table.none_known or (table.all_no and table.dark and table.severe)):
        assert "calciphylaxis" in named
        assert URGENCY_RANK[result["urgency"]] >= URGENCY_RANK["soon"]
    if table.any_skin and table.all_no and not (table.dark and table.severe):
        assert "calciphylaxis" not in named


@settings(PROPERTY, max_examples=600)
@given(answer_sets())
def test_urgent_exactly_when_a_rule_of_decision_1_1_says_so(raw: dict[str, Any]) -> None:
    result = run(raw)
    assert (result["urgency"] == "urgent") == urgent_expected(result), (
        result["answers"],
        result["labs"],
        result["red_flags"],
    )


@settings(PROPERTY, max_examples=600)
@given(answer_sets())
def test_soon_exactly_when_a_soon_rule_holds_and_no_urgent_one(raw: dict[str, Any]) -> None:
    result = run(raw)
    if not urgent_expected(result):
        assert (result["urgency"] == "soon") == soon_expected(result), (result["answers"], result["red_flags"])


MONOTONE = {
    **{q: ("yes",) for q in ("skin_breakdown", "skin_dark", "skin_patches", "infection_signs", "lump_change")},
    **{q: ("yes",) for q in ("high_calcium_symptoms", "low_calcium_symptoms")},
    **{q: tuple(v for v in QUESTIONS_BY_ID[q].values if is_risk(q, v)) for q in RISK_FACTORS},
}


@PROPERTY
@given(answer_sets(), st.sampled_from(sorted((*MONOTONE, "pain"))), st.data())
def test_a_more_worrying_answer_never_lowers_the_urgency(
    raw: dict[str, Any], question: str, data: st.DataObject
) -> None:
    """decision.md 1.1 §2, "Monotone" (sampled here over the whole answer space)."""
    result = run(raw)
    before = result["answers"][question]
    if question == "pain":
        order = ("none", "mild", "severe")
        if before not in order[:-1]:
            return
        worse = data.draw(st.sampled_from(order[order.index(before) + 1 :]))
    else:
        if is_risk(question, before) or before == "yes":
            return
        worse = data.draw(st.sampled_from(MONOTONE[question]))
    after = run({**raw, question: worse})
    assert URGENCY_RANK[after["urgency"]] >= URGENCY_RANK[result["urgency"]], (question, before, worse)


@PROPERTY
@given(answer_sets())
def test_urgent_results_say_to_get_care_today(raw: dict[str, Any]) -> None:
    result = run(raw)
    if result["urgency"] == "urgent":
        assert "today" in result["next_steps"][0].lower()
        assert result["red_flags"]


@PROPERTY
@given(answer_sets())
def test_warning_signs_are_never_routine(raw: dict[str, Any]) -> None:
    result = run(raw)
    a = result["answers"]
    warning = (
        a["skin_breakdown"] == "yes"
        or a["pain"] in ("mild", "severe")
        or a["calcium"] == "high"
        or result["suggested_type"]["id"] == "calciphylaxis"
    )
    if warning:
        assert URGENCY_RANK[result["urgency"]] >= URGENCY_RANK["soon"]
        assert result["red_flags"]
    if result["urgency"] != "routine":
        assert result["red_flags"], "a raised urgency says which warning signs raised it"


@PROPERTY
@given(answer_sets())
def test_a_blood_test_is_advised_while_the_levels_are_not_known(raw: dict[str, Any]) -> None:
    result = run(raw)
    known = high_levels(result) or levels_measured_not_high(result)
    advises = any("blood test of calcium and phosphate" in step.lower() for step in result["next_steps"])
    assert advises == (not known), (result["answers"], result["next_steps"])


@PROPERTY
@given(answer_sets())
def test_the_suggested_type_is_never_an_alternative_and_alternatives_are_unique(raw: dict[str, Any]) -> None:
    result = run(raw)
    ids = [alt["id"] for alt in result["alternatives"]]
    assert result["suggested_type"]["id"] not in ids
    assert len(ids) == len(set(ids))
    assert all(alt["name"] == TYPES[alt["id"]].name and alt["why"].strip() for alt in result["alternatives"])
    for chosen in (result["suggested_type"], *result["alternatives"]):  # contract 1.1: codes
        expected = [{"system": c.system, "code": c.code, "display": c.display} for c in TYPES[chosen["id"]].codes]
        assert chosen["codes"] == expected


@PROPERTY
@given(answer_sets())
def test_an_uncertain_result_names_alternatives_and_what_would_decide(raw: dict[str, Any]) -> None:
    result = run(raw)
    if result["certainty"] == "uncertain":
        assert result["alternatives"]
        assert result["next_steps"]


@PROPERTY
@given(answer_sets())
def test_matched_causes_are_typical_causes_of_the_suggested_type(raw: dict[str, Any]) -> None:
    result = run(raw)
    card = TYPES[result["suggested_type"]["id"]]
    assert result["typical_causes"] == [cause.text for cause in card.causes]
    assert set(result["matched_causes"]) <= set(result["typical_causes"])
    assert result["treatment_notes"] == [fact.text for fact in card.treatment]


@PROPERTY
@given(answer_sets())
def test_every_step_of_the_path_names_a_rule_of_the_tree(raw: dict[str, Any]) -> None:
    result = run(raw)
    for step in result["path"]:
        rule_id, _, text = step["rule"].partition(": ")
        assert RULES.get(rule_id) == text, step
        assert step["answer"] == result["answers"][step["question"]]


@FEWER
@given(answer_sets())
def test_an_explicit_level_that_agrees_with_the_measured_value_changes_nothing(raw: dict[str, Any]) -> None:
    result = run(raw)
    if not measured(raw):
        return
    restated = {
        **raw,
        **{
            analyte: result["answers"][analyte].upper()
            for analyte in measured(raw)
            if result["answers"][analyte] != "unknown"
        },
    }
    assert run(restated) == result


# --- invalid input is a usage error naming the field ----------------------------


@st.composite
def invalid_choices(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    raw = draw(answer_sets(labs=False))
    question = draw(st.sampled_from(QUESTIONS))
    bad = draw(
        st.one_of(
            st.text(max_size=30).filter(lambda s: s != "" and s.strip().lower() not in question.values),
            st.sampled_from(question.values).map(lambda v: v + "x"),
            st.integers(),
            st.floats(allow_nan=True),
            st.booleans(),
            st.lists(st.sampled_from(question.values), max_size=2),
            st.just({"value": "yes"}),
        )
    )
    return {**raw, question.id: bad}, question.id


@PROPERTY
@given(invalid_choices())
def test_a_value_outside_the_set_raises_usage_error_naming_the_field(case: tuple[dict[str, Any], str]) -> None:
    raw, field = case
    with pytest.raises(UsageError) as caught:
        triage_answers(raw)
    assert caught.value.field == field
    assert field in str(caught.value)


@st.composite
def invalid_lab_values(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    raw = draw(answer_sets(labs=False))
    analyte = draw(st.sampled_from(("calcium", "phosphate")))
    low, high = PLAUSIBLE[analyte]
    units = draw(st.sampled_from(("mg/dl", "mmol/l")))
    per_unit = 1.0 if units == "mg/dl" else 1 / MG_PER_MMOL[analyte]
    bad = draw(
        st.one_of(
            st.floats(max_value=(low - 0.02) * per_unit, allow_nan=False),
            st.floats(min_value=(high + 0.2) * per_unit, allow_nan=False),
            st.just(float("nan")),
            st.sampled_from(("abc", "12 mg", "1,2.3", "--1", "inf", "nan", " ")),
            # contract 1.1: plain decimal numbers only (no digit separators, other digits, exponents)
            st.sampled_from(("1_0", "９.５", "\u0669.5", "9.5e0", "0x9", "9..5", "12,5")),
            st.booleans(),
            st.lists(st.floats(5, 10), min_size=1, max_size=2),
        )
    )
    raw.pop(analyte, None)
    return {**raw, f"{analyte}_value": bad, "units": units}, f"{analyte}_value"


@PROPERTY
@given(invalid_lab_values())
def test_an_impossible_blood_value_raises_usage_error_naming_the_field(case: tuple[dict[str, Any], str]) -> None:
    raw, field = case
    with pytest.raises(UsageError) as caught:
        triage_answers(raw)
    assert caught.value.field == field
    assert field in str(caught.value)


@FEWER
@given(
    answer_sets(labs=False),
    st.text(min_size=1, max_size=20).filter(lambda k: k not in VALUES and k not in LAB_FIELDS),
)
def test_an_unknown_field_raises_usage_error_naming_it(raw: dict[str, Any], key: str) -> None:
    with pytest.raises(UsageError) as caught:
        triage_answers({**raw, key: "yes"})
    assert repr(key) in str(caught.value)  # quoted, control characters escaped


@FEWER
@given(
    answer_sets(labs=False),
    st.text(max_size=10).filter(lambda u: u.strip().lower() not in ("mg/dl", "mmol/l") and u != ""),
)
def test_unknown_units_raise_usage_error_naming_units(raw: dict[str, Any], units: str) -> None:
    with pytest.raises(UsageError) as caught:
        triage_answers({**raw, "calcium_value": 9.5, "units": units})
    assert caught.value.field == "units"
    assert "units" in str(caught.value)


@FEWER
@given(answer_sets(), st.sampled_from(("calcium", "phosphate")), st.data())
def test_a_level_contradicting_the_measured_value_raises_usage_error(
    raw: dict[str, Any], analyte: str, data: st.DataObject
) -> None:
    if analyte not in measured(raw):
        return
    reading = run(raw)["labs"][analyte]
    # contract 1.1: an explicit level agrees with a value if it matches either the measured
    # or the corrected level (a borderline level is checked in test_tree).
    agreeing = {reading["level"], *([reading["corrected"]["measured_level"]] if reading.get("corrected") else [])}
    if "borderline" in agreeing:
        return
    other = data.draw(st.sampled_from([v for v in ("high", "normal", "low") if v not in agreeing]))
    with pytest.raises(UsageError) as caught:
        triage_answers({**raw, analyte: other})
    assert caught.value.field == f"{analyte}_value"
    assert f"{analyte}_value" in str(caught.value)
