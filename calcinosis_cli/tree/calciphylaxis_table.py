"""The calciphylaxis table of decision.md 1.1, §1, as data: one :class:`Rule` a row, next
to what it reads and its sources, in the order of the table (the first row that names a
type gives it).
"""

from .rule_types import RISK, SOON, URGENT, YES, Rule

# decision.md 1.1, §1. Sources: the early signs (patches, hard tender skin) before any sore
# (habif_calciphylaxis, medscape_calciphylaxis); risk factors (sprague, weenig2007,
# nigwekar2008, kalajian2009, calciphylaxis_risk_table); worst prognosis on the trunk,
# thighs and penis (calciphylaxis_sites, calciphylaxis_cohort2025, penile_calciphylaxis).
CALCIPHYLAXIS_TABLE: tuple[Rule, ...] = (
    Rule(
        "C1",
        URGENT,
        "purple, dark red or net-like patches, or hard very tender skin, with a risk factor: calciphylaxis",
        "Purple or net-like patches, or hard, very tender skin, with a risk factor: possible early "
        "calciphylaxis, which needs care today.",
        ("skin_patches",),
        ("patches", *RISK),
        lambda s: s.patches == YES and s.any_risk,
        ("habif_calciphylaxis", "medscape_calciphylaxis", "calciphylaxis_risk_table"),
        "name",
        label="Purple or net-like patches, or hard, very tender skin, with a risk factor",
    ),
    Rule(
        "C2",
        URGENT,
        "skin breakdown or dark skin with a strong risk factor: calciphylaxis, whatever the pain",
        "Open sores or skin turning dark or black, with a strong risk factor for calciphylaxis: it needs "
        "care today, even if it does not hurt much.",
        ("skin_breakdown", "skin_dark"),
        ("breakdown", "dark", "strong"),
        lambda s: s.broken and s.strong,
        ("sprague", "warfarin_calciphylaxis", "medscape_calciphylaxis"),
        "name",
        label="Open sores or dark skin with a strong risk factor",
    ),
    Rule(
        "C3",
        URGENT,
        "skin breakdown with two or more other risk factors and dark skin, severe pain or a fatty area or the penis",
        "Open sores or dark skin with several risk factors for calciphylaxis: it needs care today.",
        ("skin_breakdown", "skin_dark", "pain"),
        ("breakdown", "dark", "pain", "worst_site", "others"),
        lambda s: s.broken and s.others >= 2 and (s.dark == YES or s.severe_pain or s.worst_site),
        ("weenig2007", "nigwekar2008", "calciphylaxis_sites"),
        "name",
        label="Open sores or dark skin with several risk factors",
    ),
    Rule(
        "C4",
        URGENT,
        "skin breakdown with one or more other risk factors and dark, very painful skin or a fatty area or the penis",
        "Open sores or dark skin with a risk factor for calciphylaxis (calcium blocking small blood "
        "vessels), in a place or with pain that makes it more serious: it needs care today.",
        ("skin_breakdown", "skin_dark", "pain", "site"),
        ("breakdown", "dark", "pain", "worst_site", "others"),
        lambda s: s.broken and s.others >= 1 and (s.dark_and_severe or s.worst_site),
        ("kalajian2009", "calciphylaxis_cohort2025", "penile_calciphylaxis"),
        # Calcinosis of scleroderma or dermatomyositis often ulcerates: with that disease as
        # the one risk factor, the deposits are named dystrophic, calciphylaxis kept in view.
        "name-unless-only-autoimmune",
        label="Open sores or dark skin with a risk factor, very painful or in a fatty area",
    ),
    Rule(
        "C5",
        SOON,
        "skin breakdown with other risk factors only, none of the signs that make it urgent: keep calciphylaxis in view",
        "Open sores or dark skin with a risk factor for calciphylaxis (calcium blocking small blood "
        "vessels): a doctor should look soon.",
        ("skin_breakdown", "skin_dark"),
        ("breakdown", "dark", "others"),
        lambda s: s.broken and s.others >= 1,
        ("nigwekar2008", "ssc_calcinosis"),
        "alternative",
        label="Open sores or dark skin with a risk factor",
    ),
    Rule(
        "C6",
        URGENT,
        "dark, very painful skin: same-day care whatever the cause; calciphylaxis possible while no risk factor is known",
        "Dark, very painful skin around the lumps: it needs care today.",
        ("skin_dark", "pain"),
        ("dark", "pain"),
        lambda s: s.dark_and_severe,
        ("medscape_calciphylaxis",),
        # Named only while no risk factor is known either way; with every one "no", dying,
        # painful skin still needs same-day care, whatever its cause.
        "name-if-none-known",
        label="Dark, very painful skin",
    ),
    Rule(
        "C7",
        SOON,
        "skin signs around the lumps: a doctor should look soon; calciphylaxis kept in view while no risk factor is known",
        "Changes of the skin around the lumps: a doctor should look soon.",
        ("skin_breakdown", "skin_dark", "skin_patches"),
        ("breakdown", "dark", "patches"),
        lambda s: s.any_skin,
        ("medscape_calciphylaxis",),
        "alternative-if-none-known",
        label="Changes of the skin around the lumps",
    ),
    Rule(
        "C8",
        URGENT,
        "a strong risk factor and severe pain, skin signs not all no: possible calciphylaxis (pain often comes first)",
        "Severe pain with a strong risk factor for calciphylaxis: pain often comes before the skin "
        "changes, so it needs care today.",
        ("pain",),
        ("breakdown", "dark", "patches", "pain", "strong"),
        lambda s: s.skin_possible and s.strong and s.severe_pain,
        ("medscape_calciphylaxis", "sprague"),
        "name",
        label="Severe pain with a strong risk factor",
    ),
    Rule(
        "C9",
        SOON,
        "other risk factors and severe pain, skin signs not all no: keep calciphylaxis in view",
        "Severe pain with a risk factor for calciphylaxis (calcium blocking small blood vessels): a "
        "doctor should look soon.",
        ("pain",),
        ("breakdown", "dark", "patches", "pain", "others"),
        lambda s: s.skin_possible and s.others >= 1 and s.severe_pain,
        ("medscape_calciphylaxis",),
        "alternative",
        label="Severe pain with a risk factor",
    ),
)
