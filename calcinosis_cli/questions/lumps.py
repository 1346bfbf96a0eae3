"""The last questions of the interview: what happened at the spot where the lumps are,
where they are and how many, how they change, and the conditions whose lumps look like
calcium deposits or that bring harmless calcium spots."""

from .model import YES_NO, Question, make_question

LUMPS: tuple[Question, ...] = (
    make_question(
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
    make_question(
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
    make_question(
        "tumor",
        "Has a doctor found a growth or cyst where the lumps are?",
        "a growth or cyst where the lumps are",
        "Count any growth (tumour) or cyst at the same spot that a doctor has found, harmless or "
        "not. Some skin growths and cysts can fill with calcium.",
        YES_NO,
    ),
    make_question(
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
    make_question(
        "lesions",
        "How many lumps are there?",
        "how many lumps",
        "Count the separate hard lumps or spots you can see or feel. A few means a small number "
        "that is easy to count; many means too many to count easily.",
        (("single", "One"), ("few", "A few"), ("many", "Many")),
    ),
    make_question(
        "lump_change",
        "Has any lump grown quickly, bled or changed colour, or is there a sore that does not heal?",
        "a lump that grows quickly, bleeds or changes colour, or a sore that does not heal",
        "Quickly means clearly bigger within weeks or a few months. A sore that does not heal "
        "is one still open after several weeks. Calcium lumps usually change slowly, so "
        "changes like these are worth showing to a doctor.",
        YES_NO,
    ),
    make_question(
        "gout",
        "Has a doctor ever said the person has gout?",
        "gout diagnosed by a doctor (its lumps, tophi, can look like calcium deposits)",
        "Gout is a kind of arthritis caused by crystals of uric acid, with attacks of sudden, "
        "very painful, swollen joints, often the big toe. Long-standing gout can form firm "
        "lumps under the skin (tophi) that look like calcium deposits.",
        YES_NO,
    ),
    make_question(
        "birth_defect",
        "Was the person born with a problem of the soft tissues (skin, fat or muscle)?",
        "born with a problem of the soft tissues",
        "Soft tissues are the skin, fat, muscles and the tissue that joins them. Answer yes if "
        "a doctor has said the person was born with a problem in them.",
        YES_NO,
    ),
    make_question(
        "down_syndrome",
        "Does the person have Down syndrome?",
        "Down syndrome",
        "Down syndrome (trisomy 21) is a genetic condition present from birth. People with it "
        "can get many small, harmless calcium spots on the hands and feet.",
        YES_NO,
    ),
)
