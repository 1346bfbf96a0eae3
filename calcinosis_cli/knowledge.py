"""The knowledge base: the five types, their causes, sites and treatment notes,
reference ranges and the sources every fact comes from.

Texts are written for patients, in our own words; facts come from the sources
named beside them (see ``SOURCES``). Nothing here gives doses.
"""

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple


class Source(NamedTuple):
    title: str
    url: str


SOURCES: MappingProxyType[str, Source] = MappingProxyType(
    {
        "reiter2011": Source(
            "Reiter N et al. Calcinosis cutis: part I. Diagnostic pathway. J Am Acad Dermatol 2011;65(1):1-12",
            "https://pubmed.ncbi.nlm.nih.gov/21679810/",
        ),
        "statpearls": Source(
            "Le C, Bedocs P. Calcinosis Cutis. StatPearls",
            "https://www.statpearls.com/sp/md/393/18768/",
        ),
        "dermnet": Source("DermNet: Calcinosis cutis", "https://dermnetnz.org/topics/calcinosis-cutis"),
        "medscape": Source(
            "Nunley JR. Calcinosis Cutis. Medscape",
            "https://emedicine.medscape.com/article/1103137-overview",
        ),
        "medscape_tx": Source(
            "Nunley JR. Calcinosis Cutis: Treatment. Medscape",
            "https://emedicine.medscape.com/article/1103137-treatment",
        ),
        "traineau2020": Source(
            "Traineau H et al. Treatment of calcinosis cutis in systemic sclerosis and "
            "dermatomyositis: a review. J Am Acad Dermatol 2020;82:317-25",
            "https://doi.org/10.1016/j.jaad.2019.07.006",
        ),
        "balin2012": Source(
            "Balin SJ et al. Calcinosis cutis occurring in association with autoimmune "
            "connective tissue disease (Mayo Clinic series). Arch Dermatol 2012",
            "http://archderm.jamanetwork.com/article.aspx?articleid=1150959",
        ),
        "nigam2015": Source(
            "Calcinosis cutis after acne (case report). Indian Dermatol Online J 2015;6(7):37-39",
            "http://www.idoj.in/article.asp?issn=2229-5178;year=2015;volume=6;issue=7;"
            "spage=37;epage=39;aulast=Sahu;type=3",
        ),
        "jdm2014": Source(
            "Calcinosis in juvenile dermatomyositis. Curr Rheumatol Rep 2014",
            "https://doi.org/10.1007/s11926-014-0467-y",
        ),
        "jdm_pmc": Source(
            "Calcinosis in juvenile dermatomyositis (review)",
            "https://pmc.ncbi.nlm.nih.gov/articles/PMC10269219",
        ),
        "crest_surgery": Source(
            "Surgical treatment of digital calcinosis in CREST syndrome",
            "https://pubmed.ncbi.nlm.nih.gov/24142114/",
        ),
        "ckd_calcinosis": Source(
            "Metastatic calcinosis cutis in chronic kidney disease (review)",
            "https://pmc.ncbi.nlm.nih.gov/articles/PMC5468049",
        ),
        "phhpt_case": Source(
            "Calcinosis cutis in primary hyperparathyroidism (case report)",
            "https://www.endocrine-abstracts.org/ea/0063/ea0063p499",
        ),
        "binders": Source(
            "Phosphate binders in chronic kidney disease (review)",
            "https://pmc.ncbi.nlm.nih.gov/articles/PMC5313253",
        ),
        "hyperthyroid_ca": Source(
            "Hypercalcaemia in hyperthyroidism",
            "https://pmc.ncbi.nlm.nih.gov/articles/PMC5287984",
        ),
        "heelstick": Source(
            "Calcified nodules of the heel after neonatal heel sticks. JAMA Pediatrics",
            "https://jamanetwork.com/journals/jamapediatrics/fullarticle/486266",
        ),
        "iv_calcium_neonates": Source(
            "Neonatal iatrogenic calcinosis cutis after calcium gluconate extravasation (16 cases)",
            "https://pubmed.ncbi.nlm.nih.gov/37545297/",
        ),
        "iv_calcium_prevention": Source(
            "Iatrogenic calcinosis cutis after intravenous calcium (case report). J Med Case Rep",
            "https://jmedicalcasereports.biomedcentral.com/articles/10.1186/s13256-022-03306-w",
        ),
        "liver_tx": Source(
            "Calcinosis cutis after liver transplantation",
            "https://escholarship.org/uc/item/8bf9j333",
        ),
        "scrotal": Source(
            "Idiopathic scrotal calcinosis (case series)",
            "https://pmc.ncbi.nlm.nih.gov/articles/PMC9529499",
        ),
        "scrotal_tx": Source(
            "Idiopathic scrotal calcinosis: surgical treatment",
            "https://pmc.ncbi.nlm.nih.gov/articles/PMC9301062",
        ),
        "scn": Source(
            "DermNet: Subepidermal calcified nodule",
            "https://pro.dermnetnz.org/topics/subepidermal-calcified-nodule",
        ),
        "milia_down": Source(
            "Milia-like idiopathic calcinosis cutis in Down syndrome",
            "https://escholarship.org/uc/item/5s61z4v2",
        ),
        "tumoral": Source(
            "Boyce AM et al. Hyperphosphatemic tumoral calcinosis. Front Endocrinol 2020",
            "https://www.frontiersin.org/articles/10.3389/fendo.2020.00293",
        ),
        "sprague": Source(
            "Nigwekar SU et al. Calciphylaxis: risk factors, diagnosis and treatment (review)",
            "https://pmc.ncbi.nlm.nih.gov/articles/PMC3878687/",
        ),
        "warfarin_calciphylaxis": Source(
            "Warfarin-associated nonuremic calciphylaxis. JAMA Dermatol 2017",
            "https://pubmed.ncbi.nlm.nih.gov/28099971/",
        ),
        "calciphylaxis_care": Source(
            "Calciphylaxis: wound care and pain management (review)",
            "https://pmc.ncbi.nlm.nih.gov/articles/PMC7595979",
        ),
        "calciphylaxis_sites": Source(
            "Calciphylaxis: prognosis by site (review)",
            "https://pmc.ncbi.nlm.nih.gov/articles/PMC3601884/",
        ),
        "jimenez2015": Source(
            "Jiménez-Gallo D et al. Calcinosis cutis and calciphylaxis. Actas Dermosifiliogr 2015;106:785-94",
            "https://actasdermo.org/en-calcinosis-cutis-calciphylaxis-articulo-S1578219015002802",
        ),
        "msd_hypercalcemia": Source(
            "MSD Manual Professional: Hypercalcemia",
            "https://www.msdmanuals.com/professional/endocrine-and-metabolic-disorders/"
            "electrolyte-disorders/hypercalcemia",
        ),
        "healthwise_ca": Source(
            "Healthwise: Calcium blood test (adult and child ranges)",
            "http://www.sharecare.com/health/lab-tests/what-results-serum-calcium-measurement-mean",
        ),
        "medlineplus_p": Source(
            "A.D.A.M./MedlinePlus: Phosphorus blood test",
            "https://ufhealth.org/conditions-and-treatments/phosphorus-blood-test",
        ),
        "diasys_p": Source(
            "DiaSys reference ranges: phosphorus by age",
            "https://www.diasys-diagnostics.com/service-area/support/reference-ranges/analyte/phosphorus/analyte.show",
        ),
    }
)


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


class TypeCard(NamedTuple):
    id: str
    name: str
    summary: Fact
    blood_levels: Fact
    causes: tuple[Cause, ...]
    sites: tuple[Fact, ...]
    treatment: tuple[Fact, ...]
    see_doctor: Fact

    @property
    def facts(self) -> tuple[Fact | Cause, ...]:
        return (self.summary, self.blood_levels, *self.causes, *self.sites, *self.treatment, self.see_doctor)

    @property
    def source_ids(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for fact in self.facts:
            for sid in fact.sources:
                seen.setdefault(sid, None)
        return tuple(seen)


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
            "An operation or a wound at the site",
            ("dermnet",),
            _when({"tissue_damage": "surgery|wound"}, {"procedure": "surgery"}),
        ),
        Cause("Acne scars", ("dermnet", "nigam2015"), _when({"tissue_damage": "acne"})),
        Cause(
            "Injuries, small cuts, burns or a joint injury",
            ("dermnet",),
            _when({"tissue_damage": "injury|joint-injury"}),
        ),
        Cause("An infection of the skin or tissue", ("dermnet",), _when({"tissue_damage": "infection"})),
        Cause("A tumour or cyst in the skin", ("dermnet",), _when({"tumor": "yes"})),
        Cause(
            "Scleroderma (systemic sclerosis)",
            ("dermnet", "statpearls"),
            _when({"autoimmune": "scleroderma"}),
        ),
        Cause(
            "Dermatomyositis, most of all in children",
            ("dermnet", "jdm2014"),
            _when({"autoimmune": "dermatomyositis"}),
        ),
        Cause("Lupus (rarely)", ("dermnet",), _when({"autoimmune": "lupus"})),
        Cause("Rheumatoid arthritis (rarely)", ("balin2012",), _when({"autoimmune": "rheumatoid-arthritis"})),
        Cause("Another autoimmune or connective-tissue disease", ("balin2012",), _when({"autoimmune": "other"})),
        Cause("Long-standing vein problems in the legs (varicose veins)", ("dermnet",)),
        Cause("Inherited connective-tissue diseases such as pseudoxanthoma elasticum", ("dermnet",)),
    ),
    sites=(
        _f("Usually only where the tissue was damaged.", "dermnet"),
        _f(
            "In scleroderma: fingertips, forearms, elbows and knees; in dermatomyositis: "
            "elbows, knees, hands, buttocks and trunk. These diseases can cause lumps in many places.",
            "crest_surgery",
            "jdm2014",
        ),
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
    ),
    see_doctor=_f(
        "See a doctor if a lump grows, hurts, breaks open, leaks chalky material or looks "
        "infected (redness, warmth, pus or fever).",
        "dermnet",
    ),
)

METASTATIC = TypeCard(
    id="metastatic",
    name="Metastatic calcinosis",
    summary=_f(
        "Too much calcium and/or phosphate in the blood makes calcium settle in healthy "
        "tissue, often quickly and in several places.",
        "reiter2011",
        "statpearls",
    ),
    blood_levels=_f(
        "Calcium and/or phosphate are high. In kidney failure calcium can be normal or low "
        "while phosphate is high. A calcium × phosphate product above 70 mg²/dL² makes "
        "deposits likely.",
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
            "Overactive parathyroid glands (the article this project started from calls them "
            "the thyroid; an overactive thyroid only sometimes raises calcium)",
            ("dermnet", "phhpt_case", "hyperthyroid_ca"),
            _when({"overactive_gland": "yes"}),
        ),
        Cause("Too much vitamin D", ("dermnet",), _when({"excess_vitamin_d": "yes"})),
        Cause(
            "Diseases that destroy bone, such as Paget's disease, bone cancer or myeloma",
            ("dermnet",),
            _when({"bone_disease": "yes"}),
        ),
        Cause("Cancers that raise blood calcium", ("dermnet",)),
        Cause("Too much calcium with antacids (milk-alkali syndrome)", ("dermnet",)),
        Cause("Sarcoidosis", ("dermnet",)),
    ),
    sites=(
        _f("Around large joints such as shoulders, elbows and hips, and the fingertips.", "ckd_calcinosis"),
        _f("Also inside the body: blood vessels, kidneys and lungs.", "dermnet"),
    ),
    treatment=(
        _f(
            "Treat what raises calcium or phosphate: adjust dialysis, treat an overactive "
            "parathyroid gland (sometimes by surgery), stop extra vitamin D or calcium.",
            "medscape_tx",
        ),
        _f(
            "Less phosphate in food and medicines that bind phosphate in the gut lower blood "
            "phosphate. Aluminium antacids work this way; they do not remove calcium, suit only "
            "high phosphate, and can harm people with weak kidneys.",
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
    ),
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
            ("dermnet", "iv_calcium_neonates"),
            _when({"procedure": "calcium-injection"}),
        ),
        Cause(
            "Another treatment at the spot, such as calcium alginate dressings",
            ("dermnet",),
            _when({"procedure": "other"}),
        ),
        Cause(
            "Large amounts of calcium given during a liver transplant",
            ("liver_tx",),
        ),
    ),
    sites=(
        _f(
            "Where the procedure was done: the heel, the scalp or other electrode sites, a drip site.",
            "heelstick",
            "iv_calcium_neonates",
        ),
    ),
    treatment=(
        _f("Usually harmless and goes away by itself within weeks to months.", "iv_calcium_neonates"),
        _f("Heel-stick nodules in babies usually disappear by 18 to 30 months of age.", "heelstick"),
        _f(
            "Prevention: check drips often and dilute calcium given into a vein. A severe leak "
            "with dying skin may need wound care.",
            "iv_calcium_prevention",
        ),
    ),
    see_doctor=_f(
        "Get prompt care for swelling, redness, blisters or dark skin where calcium was given into a vein.",
        "iv_calcium_prevention",
    ),
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
        Cause("Children born with defects of the soft tissues", ("medscape",), _when({"birth_defect": "yes"})),
        Cause("Lumps of the scrotum or vulva", ("scrotal", "statpearls"), _when({"site": "scrotum|vulva"})),
        Cause(
            "A single lump on a child's face or ear (subepidermal calcified nodule)",
            ("scn",),
            _when({"site": "face", "lesions": "single", "age_group": "child|infant"}),
        ),
        Cause(
            "Many small lumps on the hands and feet in Down syndrome",
            ("milia_down",),
            _when({"down_syndrome": "yes"}),
        ),
        Cause(
            "Lumps at the site of an organ transplant",
            ("medscape", "liver_tx"),
            _when({"site": "transplant-site", "organ_transplant": "yes|unknown"}),
        ),
        Cause("Tumoral calcinosis, large deposits near hips, elbows or shoulders", ("statpearls", "tumoral")),
    ),
    sites=(
        _f(
            "Scrotum, vulva, the face or ears of children, hands and feet in Down syndrome.",
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
        _f("Treatment does not always work.", "medscape_tx"),
    ),
    see_doctor=_f("See a doctor if a lump grows quickly, bleeds or changes.", "dermnet"),
)

CALCIPHYLAXIS = TypeCard(
    id="calciphylaxis",
    name="Calciphylaxis",
    summary=_f(
        "A rare and serious condition: calcium blocks small blood vessels of the skin and fat, "
        "and the skin starts to die. It needs care the same day.",
        "reiter2011",
        "sprague",
    ),
    blood_levels=_f(
        "Often high phosphate and high parathyroid hormone, but levels can be normal.",
        "reiter2011",
        "sprague",
    ),
    causes=(
        Cause("Kidney failure, above all on dialysis", ("sprague",), _when({"kidney_failure": "yes"})),
        Cause("A kidney or other organ transplant", ("sprague",), _when({"organ_transplant": "yes"})),
        Cause(
            "Warfarin and similar blood thinners",
            ("sprague", "warfarin_calciphylaxis"),
            _when({"warfarin": "yes"}),
        ),
        Cause("An overactive parathyroid gland", ("sprague",), _when({"overactive_gland": "yes"})),
        Cause("Obesity, diabetes and liver cirrhosis", ("sprague",)),
    ),
    sites=(
        _f("Fatty areas: thighs, belly, buttocks and legs.", "sprague"),
        _f(
            "Lumps on the trunk or thighs are more serious than lower down the legs or on the fingers.",
            "calciphylaxis_sites",
        ),
    ),
    treatment=(
        _f("Care by a team of specialists in hospital.", "sprague"),
        _f(
            "Correct calcium, phosphate and parathyroid hormone; stop warfarin, vitamin D and "
            "calcium where doctors advise.",
            "sprague",
        ),
        _f("Wound care and strong pain control.", "calciphylaxis_care"),
        _f("Sodium thiosulfate through a drip is often used first.", "jimenez2015"),
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


# --- blood tests -----------------------------------------------------------


class Range(NamedTuple):
    """A reference range and where it comes from: limits in mg/dL and, as the
    sources state them, in mmol/L (so a value on a printed limit is normal)."""

    low: float
    high: float
    label: str
    sources: tuple[str, ...]
    mmol: tuple[float, float]

    def limits(self, units: str) -> tuple[float, float]:
        return self.mmol if units == "mmol/l" else (self.low, self.high)


# Conversion factors mg/dL -> mmol/L (atomic weights Ca 40.08, P 30.97).
MMOL_PER_MGDL: MappingProxyType[str, float] = MappingProxyType({"calcium": 1 / 4.008, "phosphate": 1 / 3.097})
CONVERSION_SOURCE = "msd_hypercalcemia"

# Values no living person has (mg/dL); beyond these a value is a typing mistake.
PLAUSIBLE_MGDL: MappingProxyType[str, tuple[float, float]] = MappingProxyType(
    {"calcium": (1.0, 30.0), "phosphate": (0.1, 30.0)}
)

REFERENCE_RANGES: MappingProxyType[str, MappingProxyType[str, Range]] = MappingProxyType(
    {
        "calcium": MappingProxyType(
            {
                "adult": Range(8.8, 10.4, "adult total calcium", ("healthwise_ca", "msd_hypercalcemia"), (2.2, 2.6)),
                "child": Range(6.7, 10.7, "child total calcium", ("healthwise_ca",), (1.90, 2.75)),
                "infant": Range(
                    6.7, 10.7, "child total calcium (no infant range in our sources)", ("healthwise_ca",), (1.90, 2.75)
                ),
            }
        ),
        "phosphate": MappingProxyType(
            {
                "adult": Range(2.8, 4.5, "adult phosphate", ("medlineplus_p",), (0.90, 1.45)),
                "child": Range(4.0, 7.0, "child phosphate", ("medlineplus_p",), (1.29, 2.26)),
                "infant": Range(3.5, 6.6, "infant phosphate (1 to 12 months)", ("diasys_p",), (1.15, 2.15)),
            }
        ),
    }
)

# Above this calcium × phosphate product (mg²/dL²) calcium can settle in healthy tissue.
PRODUCT_THRESHOLD = 70.0
PRODUCT_SOURCES: tuple[str, ...] = ("statpearls", "medscape")

# Above this calcium (mg/dL) high calcium is severe and can be dangerous.
SEVERE_CALCIUM_MGDL = 14.0


def reference_range_for(analyte: str, age_group: str) -> Range:
    """The range used for an age group; an unknown age uses the adult range."""
    by_age = REFERENCE_RANGES[analyte]
    return by_age.get(age_group, by_age["adult"])


DISCLAIMER = (
    "This is general information, not medical advice and not a diagnosis. Only a health "
    "professional who examines the person can say what the lumps are: please see one. "
    "In an emergency, call your local emergency number."
)
