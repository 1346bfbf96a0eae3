"""The cards of the two types that the body's chemistry drives: metastatic (too much
calcium or phosphate in the blood) and calciphylaxis (calcium blocking small vessels of
the skin, above all in kidney failure).

Texts are written for patients, in our own words; facts come from the sources
named beside them (ids of ``SOURCES``). Nothing here gives doses.
"""

from .codes import CALCINOSIS_CUTIS
from .facts import Cause, TypeCard, fact, when

METASTATIC = TypeCard(
    id="metastatic",
    name="Metastatic calcinosis",
    summary=fact(
        "Too much calcium or phosphate (or both) in the blood makes calcium settle in healthy "
        "tissue, often quickly and in several places.",
        "reiter2011",
        "statpearls",
    ),
    blood_levels=fact(
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
            when({"kidney_failure": "yes"}),
        ),
        Cause(
            "An overactive parathyroid gland, the usual cause of high calcium",
            ("dermnet", "phhpt_case", "se_hypercalcaemia"),
            when({"overactive_gland": "parathyroid|yes"}),
        ),
        Cause(
            "An overactive thyroid gland, which raises calcium only a little",
            ("hyperthyroid_ca",),
            when({"overactive_gland": "thyroid"}),
        ),
        Cause("Too much vitamin D", ("dermnet",), when({"excess_vitamin_d": "yes"})),
        Cause(
            "Calcium tablets or antacids taken with a lot of milk (milk-alkali syndrome)",
            ("medscape_hypercalcemia", "milk_alkali_history"),
            when({"calcium_supplements": "yes"}),
        ),
        Cause(
            "Sarcoidosis or another disease that forms granulomas (small clumps of inflamed cells)",
            ("sarcoid_calcium", "se_hypercalcaemia"),
            when({"sarcoidosis": "yes"}),
        ),
        Cause(
            "Diseases that break down bone, such as Paget's disease or bone cancer",
            ("dermnet",),
            when({"bone_disease": "yes"}),
        ),
        Cause(
            "Cancer, above all cancer in the bones and myeloma",
            ("se_hypercalcaemia", "abeloff_hypercalcaemia", "myeloma_calcium"),
            when({"cancer": "yes"}),
        ),
        Cause(
            "Tumour lysis (many cancer cells breaking down at once) after cancer treatment: "
            "high phosphate with low calcium",
            ("tls_nejm", "tls_statpearls"),
            when({"chemotherapy": "yes", "phosphate": "high|unknown"}, {"chemotherapy": "yes", "calcium": "low"}),
        ),
        Cause(
            "An underactive parathyroid gland or kidney disease: low calcium with high phosphate",
            ("phosphate_pairs",),
            when({"calcium": "low", "phosphate": "high"}),
        ),
        Cause(
            "An inherited high phosphate with normal kidneys (familial tumoral calcinosis)",
            ("tumoral", "hftc_medlineplus"),
            when({"phosphate": "high", "calcium": "normal", "kidney_failure": "no", "family_history": "yes"}),
        ),
    ),
    sites=(
        fact("Around large joints such as shoulders, elbows and hips, and the fingertips.", "ckd_calcinosis"),
        fact("Also inside the body: blood vessels, kidneys and lungs.", "dermnet"),
    ),
    treatment=(
        fact(
            "Treatment aims at what raises calcium or phosphate: adjusting dialysis, treating an "
            "overactive parathyroid gland (sometimes by surgery), stopping extra vitamin D or calcium.",
            "medscape_tx",
        ),
        fact(
            "Less phosphate in food and medicines that bind phosphate in the gut lower blood "
            "phosphate. Aluminium antacids work this way; they do not remove calcium, help only "
            "with high phosphate, and can harm people with weak kidneys.",
            "binders",
            "medscape_tx",
        ),
        fact("Warfarin is not a calcium blocker and is not a treatment for calcinosis.", "traineau2020"),
        fact("Lumps can shrink once blood levels are back to normal.", "phhpt_case"),
    ),
    see_doctor=fact(
        "See a doctor soon about high blood calcium, and at once for its symptoms: great thirst, "
        "passing a lot of urine, vomiting, confusion or drowsiness.",
        "msd_hypercalcemia",
        "se_hypercalcaemia",
    ),
    codes=(CALCINOSIS_CUTIS,),
)

CALCIPHYLAXIS = TypeCard(
    id="calciphylaxis",
    name="Calciphylaxis",
    summary=fact(
        "A rare and serious condition: calcium blocks small blood vessels of the skin and fat, so "
        "that the skin they feed is harmed and can break down into painful sores. It needs care the same day.",
        "reiter2011",
        "sprague",
    ),
    blood_levels=fact(
        "Often high phosphate and high parathyroid hormone, but levels can be normal.",
        "reiter2011",
        "sprague",
        "kalajian2009",
    ),
    causes=(
        Cause("Kidney failure, above all on dialysis", ("sprague",), when({"kidney_failure": "yes"})),
        Cause("A kidney or other organ transplant", ("sprague",), when({"organ_transplant": "yes"})),
        Cause(
            "Warfarin and similar blood thinners",
            ("sprague", "warfarin_calciphylaxis"),
            when({"warfarin": "yes"}),
        ),
        Cause(
            "An overactive parathyroid gland",
            ("sprague", "nigwekar2008"),
            when({"overactive_gland": "parathyroid|yes"}),
        ),
        Cause(
            "Being very overweight",
            ("weenig2007", "calciphylaxis_risk_table"),
            when({"obesity": "yes"}),
        ),
        Cause("Diabetes", ("calciphylaxis_risk_table", "medscape_calciphylaxis_risk"), when({"diabetes": "yes"})),
        Cause(
            "Serious liver disease",
            ("weenig2007", "nigwekar2008"),
            when({"liver_disease": "yes"}),
        ),
        Cause(
            "Steroid tablets taken for a long time",
            ("weenig2007", "nigwekar2008"),
            when({"steroids": "yes"}),
        ),
        Cause(
            "Cancer and its treatment",
            ("nigwekar2008", "kalajian2009"),
            when({"cancer": "yes"}, {"chemotherapy": "yes"}),
        ),
        Cause(
            "Autoimmune and connective-tissue diseases",
            ("nigwekar2008",),
            when(
                {"autoimmune": "lupus|rheumatoid-arthritis|scleroderma|dermatomyositis|other"},
                {"connective_tissue_signs": "yes"},
            ),
        ),
    ),
    sites=(
        fact("Fatty areas: belly, thighs, buttocks and breasts; also the legs and, rarely, the penis.", "sprague"),
        fact(
            "Sores on the trunk, thighs or penis are more serious than those lower down the legs or on the fingers.",
            "calciphylaxis_sites",
            "calciphylaxis_cohort2025",
            "penile_calciphylaxis",
        ),
        fact(
            "It often starts as very tender, hard skin or purple, net-like patches before any sore opens.",
            "habif_calciphylaxis",
            "medscape_calciphylaxis",
        ),
    ),
    treatment=(
        fact("Care by a team of specialists in hospital.", "sprague"),
        fact(
            "Doctors correct calcium, phosphate and parathyroid hormone, and may stop warfarin, vitamin D and calcium.",
            "sprague",
        ),
        fact("Wound care and strong pain control.", "calciphylaxis_care"),
        fact(
            "Sodium thiosulfate through a drip is often used, off-label: no medicine is approved for "
            "calciphylaxis, and studies have not shown that it improves survival.",
            "sts_offlabel",
            "jimenez2015",
        ),
    ),
    see_doctor=fact(
        "Very painful dark or purple patches or open sores, above all in someone on dialysis, "
        "after a transplant or on warfarin, need medical care the same day.",
        "sprague",
    ),
)
