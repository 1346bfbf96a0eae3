"""The five types as cards (what it is, blood levels, causes, sites, treatment notes,
codes), the look-alikes, the safety net and the disclaimer.

Texts are written for patients, in our own words; facts come from the sources
named beside them (ids of ``SOURCES``). Nothing here gives doses.
"""

import itertools
from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple


class Fact(NamedTuple):
    """One statement shown to people, with the sources it rests on."""

    text: str
    sources: tuple[str, ...]


Clause = tuple[tuple[str, tuple[str, ...]], ...]


class Cause(NamedTuple):
    """A typical cause of a type. ``when`` lists the answers that point to it:
    the cause matches when, in any one clause, every listed question has one of
    its listed values. A cause with no clause is listed but never matched."""

    text: str
    sources: tuple[str, ...]
    when: tuple[Clause, ...] = ()

    def matches(self, answers: Mapping[str, str]) -> bool:
        return any(all(answers.get(q) in values for q, values in clause) for clause in self.when)

    @property
    def pairs(self) -> tuple[frozenset[tuple[str, str]], ...]:
        """Each clause as the sets of (question, answer) pairs that satisfy it: the cause
        matches answers whose items hold one of these sets."""
        found: list[frozenset[tuple[str, str]]] = []
        for clause in self.when:
            choices = [[(q, v) for v in values] for q, values in clause]
            found.extend(frozenset(combination) for combination in itertools.product(*choices))
        return tuple(found)


class Code(NamedTuple):
    """A code whose meaning is the type itself, from a cited source."""

    system: str
    code: str
    display: str
    sources: tuple[str, ...]


ICD10 = "http://hl7.org/fhir/sid/icd-10"
ICD10_CM = "http://hl7.org/fhir/sid/icd-10-cm"
SNOMED = "http://snomed.info/sct"
CODE_SYSTEMS: tuple[str, ...] = (ICD10, ICD10_CM, SNOMED)

# L94.2 is calcinosis cutis in the WHO's ICD-10: the code of the four types that are
# calcinosis of the skin. No cited source gives an ICD-10-CM or SNOMED CT code of any
# type, nor any code of calciphylaxis (medical-facts §7.11), so none is listed.
CALCINOSIS_CUTIS = Code(ICD10, "L94.2", "Calcinosis cutis", ("icd10_l942",))

# --- codes of the measured values (FHIR Observations and Questionnaire items) -----------

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"


class LabCode(NamedTuple):
    """The LOINC code of a measured value read in ``units`` (ours: mg/dl, mmol/l, g/dl,
    g/l), from a cited source. A LOINC code names the property too (mass or moles per
    volume), so it holds for the units of that property only."""

    analyte: str  # calcium, phosphate, albumin or corrected_calcium
    units: str
    code: Code


_CALCIUM_MASS = Code(
    LOINC, "17861-6", "Calcium [Mass/volume] in Serum or Plasma", ("hl7_pddi_calcium", "loinc_17861_6")
)
_ALBUMIN_MASS = Code(
    LOINC, "1751-7", "Albumin [Mass/volume] in Serum or Plasma", ("hl7_hspc_lab_codes", "loinc_1751_7")
)

# Only codes a cited source gives (medical-facts §7.11). No cited source confirms the
# LOINC code of total calcium in moles per volume (2000-8 is named only in public code),
# nor one of the albumin-corrected calcium in mass per volume: a value in those units is
# converted to the units of the cited code, and the value as entered kept beside it.
LAB_CODES: tuple[LabCode, ...] = (
    LabCode("calcium", "mg/dl", _CALCIUM_MASS),
    LabCode(
        "phosphate",
        "mg/dl",
        Code(
            LOINC,
            "2777-1",
            "Phosphate [Mass/volume] in Serum or Plasma",
            ("mayo_phosphorus", "arup_phosphorus", "loinc_2777_1"),
        ),
    ),
    LabCode(
        "phosphate",
        "mmol/l",
        Code(LOINC, "14879-1", "Phosphate [Moles/volume] in Serum or Plasma", ("nuh_phosphate", "loinc_14879_1")),
    ),
    LabCode("albumin", "g/dl", _ALBUMIN_MASS),
    LabCode("albumin", "g/l", _ALBUMIN_MASS),
    LabCode(
        "corrected_calcium",
        "mmol/l",
        Code(
            LOINC,
            "29265-6",
            "Calcium [Moles/volume] corrected for albumin in Serum or Plasma",
            ("hl7_pddi_calcium", "loinc_29265_6"),
        ),
    ),
)

# Our unit names as UCUM codes (case-sensitive), and the product's unit, mg²/dL².
UCUM_CODES: MappingProxyType[str, str] = MappingProxyType(
    {"mg/dl": "mg/dL", "mmol/l": "mmol/L", "g/dl": "g/dL", "g/l": "g/L"}
)
UCUM_PRODUCT = "mg2/dL2"
UCUM_SOURCES: tuple[str, ...] = ("ucum", "hl7_mcode_units", "hl7_us_core_calcium")


class TypeCard(NamedTuple):
    id: str
    name: str
    summary: Fact
    blood_levels: Fact
    causes: tuple[Cause, ...]
    sites: tuple[Fact, ...]
    treatment: tuple[Fact, ...]
    see_doctor: Fact
    codes: tuple[Code, ...] = ()

    @property
    def facts(self) -> tuple[Fact | Cause | Code, ...]:
        return (
            self.summary,
            self.blood_levels,
            *self.causes,
            *self.sites,
            *self.treatment,
            self.see_doctor,
            *self.codes,
        )

    @property
    def source_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(sid for fact in self.facts for sid in fact.sources))


def _when(*clauses: dict[str, str]) -> tuple[Clause, ...]:
    """Clauses written as ``{"question": "value|other value"}``."""
    return tuple(tuple((q, tuple(v.split("|"))) for q, v in clause.items()) for clause in clauses)


def _f(text: str, *sources: str) -> Fact:
    return Fact(text, sources)


DYSTROPHIC = TypeCard(
    id="dystrophic",
    name="Dystrophic calcinosis",
    summary=_f(
        "The most common type. Calcium settles in skin or tissue that has been damaged, "
        "while blood calcium and phosphate stay normal.",
        "reiter2011",
        "statpearls",
    ),
    blood_levels=_f("Calcium and phosphate in the blood are normal.", "reiter2011"),
    causes=(
        Cause(
            "An operation or a wound where the lumps are",
            ("dermnet",),
            _when({"tissue_damage": "surgery|wound"}, {"procedure": "surgery"}),
        ),
        Cause("Acne scars", ("dermnet", "nigam2015"), _when({"tissue_damage": "acne"})),
        Cause(
            "Injuries, small cuts or a joint injury",
            ("dermnet",),
            _when({"tissue_damage": "injury|joint-injury"}),
        ),
        Cause("An infection of the skin or tissue", ("dermnet",), _when({"tissue_damage": "infection"})),
        Cause(
            "An old burn scar, where deposits can form decades after the burn",
            ("burn_scar_calcinosis",),
            _when({"tissue_damage": "burn"}),
        ),
        Cause(
            "In a newborn, firm lumps in the fat under the skin after a difficult birth or cooling "
            "treatment (called subcutaneous fat necrosis)",
            ("scfn_review", "scfn_cooling"),
            _when({"tissue_damage": "difficult-birth"}),
        ),
        Cause(
            "Long-standing vein problems of the legs (varicose veins, swelling, leg ulcers)",
            ("venous_calcification", "dermnet"),
            _when({"tissue_damage": "vein-disease"}),
        ),
        Cause("A tumour or cyst in the skin", ("dermnet",), _when({"tumor": "yes"})),
        Cause(
            "Scleroderma (systemic sclerosis)",
            ("dermnet", "statpearls", "ssc_calcinosis"),
            _when({"autoimmune": "scleroderma"}),
        ),
        Cause(
            "Dermatomyositis, most of all in children",
            ("dermnet", "jdm2014", "jdm_carra"),
            _when({"autoimmune": "dermatomyositis"}),
        ),
        Cause("Lupus, though deposits in lupus are uncommon", ("dermnet",), _when({"autoimmune": "lupus"})),
        Cause(
            "Rheumatoid arthritis, though deposits in it are uncommon",
            ("balin2012",),
            _when({"autoimmune": "rheumatoid-arthritis"}),
        ),
        Cause("Another autoimmune or connective-tissue disease", ("balin2012",), _when({"autoimmune": "other"})),
        Cause(
            "Signs of a connective-tissue disease not yet diagnosed (fingers that go white in the cold, "
            "tight skin on the fingers, muscle weakness, a purple rash on the eyelids or knuckles)",
            ("ctd_clues", "ssc_calcinosis"),
            _when({"connective_tissue_signs": "yes"}),
        ),
        Cause("Inherited diseases of the elastic tissue such as pseudoxanthoma elasticum", ("pxe_medlineplus",)),
    ),
    sites=(
        _f("Usually only where the tissue was damaged.", "dermnet"),
        _f(
            "In scleroderma: fingertips, forearms, elbows and knees; in dermatomyositis: "
            "elbows, knees, hands, buttocks and trunk. These diseases can cause lumps in many places.",
            "crest_surgery",
            "jdm2014",
        ),
        _f("In old burn scars: mostly the legs, often as a sore that does not heal.", "burn_scar_calcinosis"),
    ),
    treatment=(
        _f(
            "Treating the disease that damages the tissue comes first; in dermatomyositis, "
            "early treatment may prevent deposits.",
            "medscape_tx",
            "jdm_pmc",
        ),
        _f(
            "The aim is usually to ease pain and keep movement, rather than to clear every deposit.",
            "traineau2020",
        ),
        _f(
            "Some medicines may help in some people, for example diltiazem (a calcium-channel "
            "blocker); the evidence is limited.",
            "balin2012",
            "traineau2020",
        ),
        _f(
            "Low-dose warfarin is not recommended for calcinosis: warfarin is a blood thinner, not a calcium blocker.",
            "traineau2020",
        ),
        _f(
            "Troublesome lumps can be removed by surgery, but they may come back, and an "
            "operation can itself cause new deposits.",
            "balin2012",
            "crest_surgery",
        ),
        _f(
            "A baby with such fat lumps after a difficult birth or cooling treatment needs calcium "
            "blood tests over the first 3 months, because calcium can rise later.",
            "scfn_monitoring",
            "scfn_review",
        ),
    ),
    see_doctor=_f(
        "See a doctor if a lump grows, hurts, breaks open, leaks chalky material or looks "
        "infected (redness, warmth, pus or fever).",
        "dermnet",
    ),
    codes=(CALCINOSIS_CUTIS,),
)

METASTATIC = TypeCard(
    id="metastatic",
    name="Metastatic calcinosis",
    summary=_f(
        "Too much calcium or phosphate (or both) in the blood makes calcium settle in healthy "
        "tissue, often quickly and in several places.",
        "reiter2011",
        "statpearls",
    ),
    blood_levels=_f(
        "Calcium or phosphate (or both) are high. In kidney failure calcium can be normal or low "
        "while phosphate is high. In adults, a calcium × phosphate product of 70 mg²/dL² or "
        "more makes deposits likely.",
        "statpearls",
        "medscape",
    ),
    causes=(
        Cause(
            "Kidney failure or advanced kidney disease, the most common cause",
            ("dermnet", "ckd_calcinosis"),
            _when({"kidney_failure": "yes"}),
        ),
        Cause(
            "An overactive parathyroid gland, the usual cause of high calcium",
            ("dermnet", "phhpt_case", "se_hypercalcaemia"),
            _when({"overactive_gland": "parathyroid|yes"}),
        ),
        Cause(
            "An overactive thyroid gland, which raises calcium only a little",
            ("hyperthyroid_ca",),
            _when({"overactive_gland": "thyroid"}),
        ),
        Cause("Too much vitamin D", ("dermnet",), _when({"excess_vitamin_d": "yes"})),
        Cause(
            "Calcium tablets or antacids taken with a lot of milk (milk-alkali syndrome)",
            ("medscape_hypercalcemia", "milk_alkali_history"),
            _when({"calcium_supplements": "yes"}),
        ),
        Cause(
            "Sarcoidosis or another disease that forms granulomas (small clumps of inflamed cells)",
            ("sarcoid_calcium", "se_hypercalcaemia"),
            _when({"sarcoidosis": "yes"}),
        ),
        Cause(
            "Diseases that break down bone, such as Paget's disease or bone cancer",
            ("dermnet",),
            _when({"bone_disease": "yes"}),
        ),
        Cause(
            "Cancer, above all cancer in the bones and myeloma",
            ("se_hypercalcaemia", "abeloff_hypercalcaemia", "myeloma_calcium"),
            _when({"cancer": "yes"}),
        ),
        Cause(
            "Tumour lysis (many cancer cells breaking down at once) after cancer treatment: "
            "high phosphate with low calcium",
            ("tls_nejm", "tls_statpearls"),
            _when({"chemotherapy": "yes", "phosphate": "high|unknown"}, {"chemotherapy": "yes", "calcium": "low"}),
        ),
        Cause(
            "An underactive parathyroid gland or kidney disease: low calcium with high phosphate",
            ("phosphate_pairs",),
            _when({"calcium": "low", "phosphate": "high"}),
        ),
        Cause(
            "An inherited high phosphate with normal kidneys (familial tumoral calcinosis)",
            ("tumoral", "hftc_medlineplus"),
            _when({"phosphate": "high", "calcium": "normal", "kidney_failure": "no", "family_history": "yes"}),
        ),
    ),
    sites=(
        _f("Around large joints such as shoulders, elbows and hips, and the fingertips.", "ckd_calcinosis"),
        _f("Also inside the body: blood vessels, kidneys and lungs.", "dermnet"),
    ),
    treatment=(
        _f(
            "Treatment aims at what raises calcium or phosphate: adjusting dialysis, treating an "
            "overactive parathyroid gland (sometimes by surgery), stopping extra vitamin D or calcium.",
            "medscape_tx",
        ),
        _f(
            "Less phosphate in food and medicines that bind phosphate in the gut lower blood "
            "phosphate. Aluminium antacids work this way; they do not remove calcium, help only "
            "with high phosphate, and can harm people with weak kidneys.",
            "binders",
            "medscape_tx",
        ),
        _f("Warfarin is not a calcium blocker and is not a treatment for calcinosis.", "traineau2020"),
        _f("Lumps can shrink once blood levels are back to normal.", "phhpt_case"),
    ),
    see_doctor=_f(
        "See a doctor soon about high blood calcium, and at once for its symptoms: great thirst, "
        "passing a lot of urine, vomiting, confusion or drowsiness.",
        "msd_hypercalcemia",
        "se_hypercalcaemia",
    ),
    codes=(CALCINOSIS_CUTIS,),
)

IATROGENIC = TypeCard(
    id="iatrogenic",
    name="Iatrogenic calcinosis",
    summary=_f(
        "Calcium deposits caused by a medical treatment or procedure, usually at one spot.",
        "reiter2011",
    ),
    blood_levels=_f(
        "Usually normal (babies given calcium into a vein may have had low calcium before).",
        "reiter2011",
        "iv_calcium_neonates",
    ),
    causes=(
        Cause(
            "Repeated heel sticks for blood tests in a baby",
            ("dermnet", "heelstick"),
            _when({"procedure": "heel-sticks"}),
        ),
        Cause(
            "Calcium-containing electrode paste left on during brain or muscle tests",
            ("dermnet",),
            _when({"procedure": "electrode-paste"}),
        ),
        Cause(
            "Calcium (or phosphate) given into a vein or injected, even without a visible leak",
            ("dermnet", "iv_calcium_neonates", "extravasation_infants"),
            _when({"procedure": "calcium-injection"}),
        ),
        Cause(
            "Blood-thinning injections under the skin that contain calcium (calcium heparin)",
            ("heparin_calcinosis", "heparin_calcinosis_review"),
            _when({"procedure": "heparin-injections"}),
        ),
        Cause(
            "Another treatment at the spot, such as calcium alginate dressings",
            ("dermnet",),
            _when({"procedure": "other"}),
        ),
        Cause(
            "Large amounts of calcium given into a vein with blood transfusions, as during a liver transplant",
            ("liver_tx",),
        ),
    ),
    sites=(
        _f(
            "Where the procedure was done: the heel, the scalp or other electrode sites, a drip site, "
            "injection sites on the belly or thighs.",
            "heelstick",
            "iv_calcium_neonates",
            "heparin_calcinosis",
        ),
    ),
    treatment=(
        _f("Usually harmless and goes away by itself within weeks to months.", "iv_calcium_neonates"),
        _f("Heel-stick nodules in babies usually disappear by 18 to 30 months of age.", "heelstick"),
        _f(
            "Lumps from calcium-containing heparin injections usually go once the injections stop.",
            "heparin_calcinosis",
        ),
        _f(
            "To prevent leaks, calcium given into a vein is diluted and the drip checked often. "
            "A bad leak that damages the skin may need wound care.",
            "iv_calcium_prevention",
        ),
    ),
    see_doctor=_f(
        "Get prompt care for swelling, redness, blisters or dark skin where calcium was given into a vein: "
        "a leak can damage the skin and the tissue below it.",
        "iv_calcium_prevention",
        "extravasation_psnet",
    ),
    codes=(CALCINOSIS_CUTIS,),
)

IDIOPATHIC = TypeCard(
    id="idiopathic",
    name="Idiopathic calcinosis",
    summary=_f(
        "Calcium deposits with normal blood levels and no damage or other cause found.",
        "reiter2011",
    ),
    blood_levels=_f(
        "Normal (a rare inherited form, tumoral calcinosis, has high phosphate).",
        "reiter2011",
        "tumoral",
    ),
    causes=(
        Cause("Children born with a problem of the soft tissues", ("medscape",), _when({"birth_defect": "yes"})),
        Cause(
            "Lumps of the scrotum, penis or vulva",
            ("scrotal", "statpearls"),
            _when({"site": "scrotum|vulva|penis"}),
        ),
        Cause(
            "A single lump on a child's face or ear (called a subepidermal calcified nodule)",
            ("scn",),
            _when({"site": "face|ears", "lesions": "single", "age_group": "child|infant"}),
        ),
        Cause(
            "Many small lumps on the hands and feet in Down syndrome",
            ("milia_down",),
            _when({"down_syndrome": "yes"}),
        ),
        Cause(
            "Lumps where a transplanted organ was placed",
            ("medscape", "liver_tx"),
            _when({"site": "transplant-site", "organ_transplant": "yes|unknown"}),
        ),
        Cause(
            "Tumoral calcinosis, large deposits near hips, elbows or shoulders, sometimes in families",
            ("statpearls", "tumoral", "hftc_medlineplus"),
            _when({"family_history": "yes", "phosphate": "high|normal"}),
        ),
    ),
    sites=(
        _f(
            "Scrotum, penis or vulva, the face or ears of children, hands and feet in Down syndrome.",
            "scrotal",
            "scn",
            "milia_down",
        ),
    ),
    treatment=(
        _f(
            "Scrotal and vulval lumps and single nodules can be removed by surgery; they may come back.",
            "scrotal_tx",
            "scn",
        ),
        _f("Small lumps in Down syndrome can be left alone; they tend to fade by adulthood.", "milia_down"),
        _f("Treatment does not help everyone.", "medscape_tx"),
    ),
    see_doctor=_f("See a doctor if a lump grows quickly, bleeds or changes.", "dermnet"),
    codes=(CALCINOSIS_CUTIS,),
)

CALCIPHYLAXIS = TypeCard(
    id="calciphylaxis",
    name="Calciphylaxis",
    summary=_f(
        "A rare and serious condition: calcium blocks small blood vessels of the skin and fat, so "
        "that the skin they feed is harmed and can break down into painful sores. It needs care the same day.",
        "reiter2011",
        "sprague",
    ),
    blood_levels=_f(
        "Often high phosphate and high parathyroid hormone, but levels can be normal.",
        "reiter2011",
        "sprague",
        "kalajian2009",
    ),
    causes=(
        Cause("Kidney failure, above all on dialysis", ("sprague",), _when({"kidney_failure": "yes"})),
        Cause("A kidney or other organ transplant", ("sprague",), _when({"organ_transplant": "yes"})),
        Cause(
            "Warfarin and similar blood thinners",
            ("sprague", "warfarin_calciphylaxis"),
            _when({"warfarin": "yes"}),
        ),
        Cause(
            "An overactive parathyroid gland",
            ("sprague", "nigwekar2008"),
            _when({"overactive_gland": "parathyroid|yes"}),
        ),
        Cause(
            "Being very overweight",
            ("weenig2007", "calciphylaxis_risk_table"),
            _when({"obesity": "yes"}),
        ),
        Cause("Diabetes", ("calciphylaxis_risk_table", "medscape_calciphylaxis_risk"), _when({"diabetes": "yes"})),
        Cause(
            "Serious liver disease",
            ("weenig2007", "nigwekar2008"),
            _when({"liver_disease": "yes"}),
        ),
        Cause(
            "Steroid tablets taken for a long time",
            ("weenig2007", "nigwekar2008"),
            _when({"steroids": "yes"}),
        ),
        Cause(
            "Cancer and its treatment",
            ("nigwekar2008", "kalajian2009"),
            _when({"cancer": "yes"}, {"chemotherapy": "yes"}),
        ),
        Cause(
            "Autoimmune and connective-tissue diseases",
            ("nigwekar2008",),
            _when(
                {"autoimmune": "lupus|rheumatoid-arthritis|scleroderma|dermatomyositis|other"},
                {"connective_tissue_signs": "yes"},
            ),
        ),
    ),
    sites=(
        _f("Fatty areas: belly, thighs, buttocks and breasts; also the legs and, rarely, the penis.", "sprague"),
        _f(
            "Sores on the trunk, thighs or penis are more serious than those lower down the legs or on the fingers.",
            "calciphylaxis_sites",
            "calciphylaxis_cohort2025",
            "penile_calciphylaxis",
        ),
        _f(
            "It often starts as very tender, hard skin or purple, net-like patches before any sore opens.",
            "habif_calciphylaxis",
            "medscape_calciphylaxis",
        ),
    ),
    treatment=(
        _f("Care by a team of specialists in hospital.", "sprague"),
        _f(
            "Doctors correct calcium, phosphate and parathyroid hormone, and may stop warfarin, vitamin D and calcium.",
            "sprague",
        ),
        _f("Wound care and strong pain control.", "calciphylaxis_care"),
        _f(
            "Sodium thiosulfate through a drip is often used, off-label: no medicine is approved for "
            "calciphylaxis, and studies have not shown that it improves survival.",
            "sts_offlabel",
            "jimenez2015",
        ),
    ),
    see_doctor=_f(
        "Very painful dark or purple patches or open sores, above all in someone on dialysis, "
        "after a transplant or on warfarin, need medical care the same day.",
        "sprague",
    ),
)

TYPES: MappingProxyType[str, TypeCard] = MappingProxyType(
    {card.id: card for card in (DYSTROPHIC, METASTATIC, IATROGENIC, IDIOPATHIC, CALCIPHYLAXIS)}
)
TYPE_IDS: tuple[str, ...] = tuple(TYPES)


# --- conditions that are not calcinosis but can look like it (decision.md 1.1, §7) ----


class LookAlike(NamedTuple):
    id: str
    name: str
    why: str  # why the answers point to it
    tells_apart: Fact  # the next step that tells it from calcinosis
    sources: tuple[str, ...]

    @property
    def facts(self) -> tuple[Fact, ...]:
        return (Fact(self.why, self.sources), self.tells_apart)


LOOK_ALIKES: MappingProxyType[str, LookAlike] = MappingProxyType(
    {
        x.id: x
        for x in (
            LookAlike(
                "gout-tophi",
                "Gout lumps (tophi)",
                "Gout can form chalky lumps under the skin, often on the ears, elbows and fingers, that "
                "look like calcium deposits and can also break open.",
                _f(
                    "A doctor can tell gout lumps from calcium deposits with a sample of the chalky material "
                    "looked at under a microscope, or a special CT scan.",
                    "gout_tophi",
                    "gout_dect",
                ),
                ("gout_tophi",),
            ),
            LookAlike(
                "pilomatricoma",
                "Pilomatricoma",
                "A single hard lump on a child's face, ear, neck or arm is most often a pilomatricoma, a harmless "
                "growth of a hair root that contains calcium.",
                _f(
                    "An ultrasound scan usually tells a pilomatricoma (a harmless growth of a hair root) from "
                    "calcium deposits; a lump that grows quickly should have a biopsy (a small sample to examine).",
                    "pilomatricoma_ultrasound",
                    "pilomatricoma",
                ),
                ("pilomatricoma",),
            ),
            LookAlike(
                "marjolin-ulcer",
                "Skin cancer in a scar (Marjolin ulcer)",
                "A sore in an old burn scar that changes or does not heal should be checked, because rarely a "
                "skin cancer can grow in such a scar.",
                _f(
                    "A sore in an old burn scar that does not heal needs a biopsy (a small sample of skin).",
                    "marjolin",
                    "burn_scar_calcinosis",
                ),
                ("marjolin", "burn_scar_calcinosis"),
            ),
            LookAlike(
                "osteoma-cutis",
                "Bone in the skin (osteoma cutis)",
                "Low calcium with high phosphate and working kidneys fits pseudohypoparathyroidism, a condition "
                "with these blood levels and a raised parathyroid hormone, in which small pieces of bone, not "
                "calcium, can form in the skin.",
                _f(
                    "An X-ray and a biopsy tell bone in the skin from calcium deposits; a doctor may also test "
                    "parathyroid hormone.",
                    "osteoma_cutis_xray",
                    "osteoma_cutis",
                ),
                ("osteoma_cutis",),
            ),
        )
    }
)
LOOK_ALIKE_IDS: tuple[str, ...] = tuple(LOOK_ALIKES)


# --- the safety net (decision.md 1.1, §2): signs that need care the same day ----------

SAFETY_NET_SOURCES: MappingProxyType[str, tuple[str, ...]] = MappingProxyType(
    {
        "emergency": ("se_hypercalcaemia", "se_hypocalcaemia", "medscape_calciphylaxis"),
        "skin": ("habif_calciphylaxis", "medscape_calciphylaxis", "sprague"),
        "calcium": ("se_hypercalcaemia", "se_hypocalcaemia", "scfn_babies"),
        "infection": ("dermnet", "kalajian2009"),
    }
)

DISCLAIMER = (
    "This is general information, not medical advice and not a diagnosis. Only a health "
    "professional who examines the person can say what the lumps are: please see one. "
    "In an emergency, call your local emergency number."
)

# The disclaimer in two lines of an 80-column panel (the summary of contract 1.1); the
# full one above is in every result, --details and every other format.
DISCLAIMER_SHORT = (
    "Not a diagnosis and not medical advice: only a health professional can say what the "
    "lumps are. In an emergency, call your local emergency number."
)
