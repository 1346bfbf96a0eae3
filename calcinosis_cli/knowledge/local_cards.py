"""The cards of the three types where calcium settles in the tissue itself while blood
calcium and phosphate (usually) stay normal: dystrophic (damaged tissue), iatrogenic (a
treatment or procedure at the spot) and idiopathic (no cause found).

Texts are written for patients, in our own words; facts come from the sources
named beside them (ids of ``SOURCES``). Nothing here gives doses.
"""

from .codes import CALCINOSIS_CUTIS
from .facts import Cause, TypeCard, fact, when

DYSTROPHIC = TypeCard(
    id="dystrophic",
    name="Dystrophic calcinosis",
    summary=fact(
        "The most common type. Calcium settles in skin or tissue that has been damaged, "
        "while blood calcium and phosphate stay normal.",
        "reiter2011",
        "statpearls",
    ),
    blood_levels=fact("Calcium and phosphate in the blood are normal.", "reiter2011"),
    causes=(
        Cause(
            "An operation or a wound where the lumps are",
            ("dermnet",),
            when({"tissue_damage": "surgery|wound"}, {"procedure": "surgery"}),
        ),
        Cause("Acne scars", ("dermnet", "nigam2015"), when({"tissue_damage": "acne"})),
        Cause(
            "Injuries, small cuts or a joint injury",
            ("dermnet",),
            when({"tissue_damage": "injury|joint-injury"}),
        ),
        Cause("An infection of the skin or tissue", ("dermnet",), when({"tissue_damage": "infection"})),
        Cause(
            "An old burn scar, where deposits can form decades after the burn",
            ("burn_scar_calcinosis",),
            when({"tissue_damage": "burn"}),
        ),
        Cause(
            "In a newborn, firm lumps in the fat under the skin after a difficult birth or cooling "
            "treatment (called subcutaneous fat necrosis)",
            ("scfn_review", "scfn_cooling"),
            when({"tissue_damage": "difficult-birth"}),
        ),
        Cause(
            "Long-standing vein problems of the legs (varicose veins, swelling, leg ulcers)",
            ("venous_calcification", "dermnet"),
            when({"tissue_damage": "vein-disease"}),
        ),
        Cause("A tumour or cyst in the skin", ("dermnet",), when({"tumor": "yes"})),
        Cause(
            "Scleroderma (systemic sclerosis)",
            ("dermnet", "statpearls", "ssc_calcinosis"),
            when({"autoimmune": "scleroderma"}),
        ),
        Cause(
            "Dermatomyositis, most of all in children",
            ("dermnet", "jdm2014", "jdm_carra"),
            when({"autoimmune": "dermatomyositis"}),
        ),
        Cause("Lupus, though deposits in lupus are uncommon", ("dermnet",), when({"autoimmune": "lupus"})),
        Cause(
            "Rheumatoid arthritis, though deposits in it are uncommon",
            ("balin2012",),
            when({"autoimmune": "rheumatoid-arthritis"}),
        ),
        Cause("Another autoimmune or connective-tissue disease", ("balin2012",), when({"autoimmune": "other"})),
        Cause(
            "Signs of a connective-tissue disease not yet diagnosed (fingers that go white in the cold, "
            "tight skin on the fingers, muscle weakness, a purple rash on the eyelids or knuckles)",
            ("ctd_clues", "ssc_calcinosis"),
            when({"connective_tissue_signs": "yes"}),
        ),
        Cause("Inherited diseases of the elastic tissue such as pseudoxanthoma elasticum", ("pxe_medlineplus",)),
    ),
    sites=(
        fact("Usually only where the tissue was damaged.", "dermnet"),
        fact(
            "In scleroderma: fingertips, forearms, elbows and knees; in dermatomyositis: "
            "elbows, knees, hands, buttocks and trunk. These diseases can cause lumps in many places.",
            "crest_surgery",
            "jdm2014",
        ),
        fact("In old burn scars: mostly the legs, often as a sore that does not heal.", "burn_scar_calcinosis"),
    ),
    treatment=(
        fact(
            "Treating the disease that damages the tissue comes first; in dermatomyositis, "
            "early treatment may prevent deposits.",
            "medscape_tx",
            "jdm_pmc",
        ),
        fact(
            "The aim is usually to ease pain and keep movement, rather than to clear every deposit.",
            "traineau2020",
        ),
        fact(
            "Some medicines may help in some people, for example diltiazem (a calcium-channel "
            "blocker); the evidence is limited.",
            "balin2012",
            "traineau2020",
        ),
        fact(
            "Low-dose warfarin is not recommended for calcinosis: warfarin is a blood thinner, not a calcium blocker.",
            "traineau2020",
        ),
        fact(
            "Troublesome lumps can be removed by surgery, but they may come back, and an "
            "operation can itself cause new deposits.",
            "balin2012",
            "crest_surgery",
        ),
        fact(
            "A baby with such fat lumps after a difficult birth or cooling treatment needs calcium "
            "blood tests over the first 3 months, because calcium can rise later.",
            "scfn_monitoring",
            "scfn_review",
        ),
    ),
    see_doctor=fact(
        "See a doctor if a lump grows, hurts, breaks open, leaks chalky material or looks "
        "infected (redness, warmth, pus or fever).",
        "dermnet",
    ),
    codes=(CALCINOSIS_CUTIS,),
)

IATROGENIC = TypeCard(
    id="iatrogenic",
    name="Iatrogenic calcinosis",
    summary=fact(
        "Calcium deposits caused by a medical treatment or procedure, usually at one spot.",
        "reiter2011",
    ),
    blood_levels=fact(
        "Usually normal (babies given calcium into a vein may have had low calcium before).",
        "reiter2011",
        "iv_calcium_neonates",
    ),
    causes=(
        Cause(
            "Repeated heel sticks for blood tests in a baby",
            ("dermnet", "heelstick"),
            when({"procedure": "heel-sticks"}),
        ),
        Cause(
            "Calcium-containing electrode paste left on during brain or muscle tests",
            ("dermnet",),
            when({"procedure": "electrode-paste"}),
        ),
        Cause(
            "Calcium (or phosphate) given into a vein or injected, even without a visible leak",
            ("dermnet", "iv_calcium_neonates", "extravasation_infants"),
            when({"procedure": "calcium-injection"}),
        ),
        Cause(
            "Blood-thinning injections under the skin that contain calcium (calcium heparin)",
            ("heparin_calcinosis", "heparin_calcinosis_review"),
            when({"procedure": "heparin-injections"}),
        ),
        Cause(
            "Another treatment at the spot, such as calcium alginate dressings",
            ("dermnet",),
            when({"procedure": "other"}),
        ),
        Cause(
            "Large amounts of calcium given into a vein with blood transfusions, as during a liver transplant",
            ("liver_tx",),
        ),
    ),
    sites=(
        fact(
            "Where the procedure was done: the heel, the scalp or other electrode sites, a drip site, "
            "injection sites on the belly or thighs.",
            "heelstick",
            "iv_calcium_neonates",
            "heparin_calcinosis",
        ),
    ),
    treatment=(
        fact("Usually harmless and goes away by itself within weeks to months.", "iv_calcium_neonates"),
        fact("Heel-stick nodules in babies usually disappear by 18 to 30 months of age.", "heelstick"),
        fact(
            "Lumps from calcium-containing heparin injections usually go once the injections stop.",
            "heparin_calcinosis",
        ),
        fact(
            "To prevent leaks, calcium given into a vein is diluted and the drip checked often. "
            "A bad leak that damages the skin may need wound care.",
            "iv_calcium_prevention",
        ),
    ),
    see_doctor=fact(
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
    summary=fact(
        "Calcium deposits with normal blood levels and no damage or other cause found.",
        "reiter2011",
    ),
    blood_levels=fact(
        "Normal (a rare inherited form, tumoral calcinosis, has high phosphate).",
        "reiter2011",
        "tumoral",
    ),
    causes=(
        Cause("Children born with a problem of the soft tissues", ("medscape",), when({"birth_defect": "yes"})),
        Cause(
            "Lumps of the scrotum, penis or vulva",
            ("scrotal", "statpearls"),
            when({"site": "scrotum|vulva|penis"}),
        ),
        Cause(
            "A single lump on a child's face or ear (called a subepidermal calcified nodule)",
            ("scn",),
            when({"site": "face|ears", "lesions": "single", "age_group": "child|infant"}),
        ),
        Cause(
            "Many small lumps on the hands and feet in Down syndrome",
            ("milia_down",),
            when({"down_syndrome": "yes"}),
        ),
        Cause(
            "Lumps where a transplanted organ was placed",
            ("medscape", "liver_tx"),
            when({"site": "transplant-site", "organ_transplant": "yes|unknown"}),
        ),
        Cause(
            "Tumoral calcinosis, large deposits near hips, elbows or shoulders, sometimes in families",
            ("statpearls", "tumoral", "hftc_medlineplus"),
            when({"family_history": "yes", "phosphate": "high|normal"}),
        ),
    ),
    sites=(
        fact(
            "Scrotum, penis or vulva, the face or ears of children, hands and feet in Down syndrome.",
            "scrotal",
            "scn",
            "milia_down",
        ),
    ),
    treatment=(
        fact(
            "Scrotal and vulval lumps and single nodules can be removed by surgery; they may come back.",
            "scrotal_tx",
            "scn",
        ),
        fact("Small lumps in Down syndrome can be left alone; they tend to fade by adulthood.", "milia_down"),
        fact("Treatment does not help everyone.", "medscape_tx"),
    ),
    see_doctor=fact("See a doctor if a lump grows quickly, bleeds or changes.", "dermnet"),
    codes=(CALCINOSIS_CUTIS,),
)
