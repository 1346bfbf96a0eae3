"""The first questions of the interview: who the person is, then the signs that can reveal
an emergency (the skin around the lumps, pain, signs of very high or very low calcium,
infection)."""

from .model import YES_NO, Question, make_question

SIGNS: tuple[Question, ...] = (
    make_question(
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
    make_question(
        "skin_breakdown",
        "Is there an open sore or ulcer, or skin turning dark or black, around the lumps?",
        "open sores, ulcers, or skin turning dark or black around the lumps",
        "Look at the skin over and around the lumps. An open sore or ulcer is a place where "
        "the skin has broken and stays open, weeps or crusts over again and again. "
        "Skin that breaks down over hard lumps should be seen by a doctor soon; skin that turns "
        "dark or black, the same day.",
        YES_NO,
    ),
    make_question(
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
    make_question(
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
    make_question(
        "pain",
        "How painful are the lumps or the skin around them?",
        "how painful the lumps or the skin around them are",
        "Think of the worst pain in the last few days. Mildly painful: it is noticed but does "
        "not stop everyday life. Very painful: it is hard to bear, keeps the person awake, or "
        "hurts even at a light touch. Most calcium lumps do not hurt, or hurt only when pressed.",
        (("none", "Not painful"), ("mild", "Mildly painful"), ("severe", "Very painful")),
    ),
    make_question(
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
    make_question(
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
    make_question(
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
)
