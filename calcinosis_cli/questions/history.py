"""The questions about the person's health: the risk factors for calciphylaxis and the
diseases of the body's defences, then the blood levels of calcium and phosphate and the
causes of high levels."""

from .model import YES_NO, Question, make_question

HISTORY: tuple[Question, ...] = (
    make_question(
        "kidney_failure",
        "Does the person have kidney failure, advanced kidney disease, or dialysis?",
        "kidney failure or dialysis",
        "Answer yes if a doctor has called it kidney failure or advanced (late-stage) kidney "
        "disease, or if the person has dialysis, whether the blood is cleaned by a machine or "
        "fluid is exchanged through the belly. Failing kidneys cannot clear phosphate from "
        "the blood.",
        YES_NO,
    ),
    make_question(
        "organ_transplant",
        "Has the person had an organ transplant?",
        "an organ transplant",
        "Count any transplanted organ, such as a kidney, liver, heart or lung.",
        YES_NO,
    ),
    make_question(
        "warfarin",
        "Does the person take warfarin or a similar blood thinner?",
        "warfarin or a similar blood thinner",
        "Warfarin (sold for example as Coumadin or Marevan) and similar medicines such as "
        "acenocoumarol or phenprocoumon thin the blood by blocking vitamin K. Newer blood "
        "thinners such as apixaban, rivaroxaban or dabigatran, aspirin, and heparin injections "
        "are not of this kind.",
        YES_NO,
    ),
    make_question(
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
    make_question(
        "obesity",
        "Is the person very overweight?",
        "being very overweight",
        "Answer yes if the person is much heavier than is healthy for their height, for example "
        "if a doctor has said they have obesity.",
        YES_NO,
    ),
    make_question(
        "diabetes",
        "Does the person have diabetes?",
        "diabetes",
        "Diabetes means a raised blood sugar that a doctor has diagnosed, type 1 or type 2, "
        "whether it is treated with diet, tablets or insulin.",
        YES_NO,
    ),
    make_question(
        "liver_disease",
        "Does the person have serious liver disease, such as cirrhosis?",
        "serious liver disease such as cirrhosis",
        "Serious means lasting liver damage that a doctor follows, such as cirrhosis (scarring "
        "of the liver) from alcohol, hepatitis or a fatty liver. A short illness that has "
        "passed does not count.",
        YES_NO,
    ),
    make_question(
        "steroids",
        "Has the person taken steroid tablets, such as prednisolone, for months?",
        "steroid tablets taken for months",
        "Steroid tablets (corticosteroids such as prednisolone, prednisone or dexamethasone) are "
        "used for conditions like asthma, arthritis or bowel disease. Count them when taken "
        "for months. Steroid creams, inhalers and nose sprays, and short courses of a week or "
        "two, do not count.",
        YES_NO,
    ),
    make_question(
        "cancer",
        "Does the person have cancer now, or has a cancer been treated in the last year?",
        "cancer now or in the last year",
        "Count any cancer that is there now or was treated in the last 12 months, including "
        "cancers of the blood and lymph glands such as lymphoma, leukaemia or myeloma. "
        "A growth that a doctor has called harmless (benign) is not a cancer.",
        YES_NO,
    ),
    make_question(
        "chemotherapy",
        "Has the person had chemotherapy or another cancer treatment in the last few weeks?",
        "chemotherapy or other cancer treatment in the last few weeks",
        "Chemotherapy means medicines that kill cancer cells, given by drip, injection or as "
        "tablets. Other cancer treatments count too, such as radiotherapy, immunotherapy or "
        "targeted medicines, when given in the last few weeks.",
        YES_NO,
    ),
    make_question(
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
    make_question(
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
    make_question(
        "calcium",
        "What did a blood test show about the calcium level?",
        "blood calcium level from a blood test",
        "Choose what the blood test report or the doctor said: high, normal or low. If you "
        "have the number from the report, you can type it instead, with its unit, such as "
        "9.5 mg/dl or 2.4 mmol/l. If no test has been done, or you do not know the result, "
        "choose 'I don't know'.",
        (("high", "High"), ("normal", "Normal"), ("low", "Low")),
    ),
    make_question(
        "phosphate",
        "What did a blood test show about the phosphate level?",
        "blood phosphate level from a blood test",
        "Phosphate (sometimes written as phosphorus) is usually measured in the same blood test "
        "as calcium. If you have the number from the report, you can type it instead, with its "
        "unit, such as 4.5 mg/dl or 1.4 mmol/l. If no test has been done, or you do not know "
        "the result, choose 'I don't know'.",
        (("high", "High"), ("normal", "Normal"), ("low", "Low")),
    ),
    make_question(
        "excess_vitamin_d",
        "Has the person been taking large amounts of vitamin D?",
        "large amounts of vitamin D",
        "Large amounts means more than a doctor advised or the packet says, or high-strength "
        "vitamin D taken for a long time. Too much vitamin D makes the gut take up too much "
        "calcium. The ordinary amount on the packet does not count.",
        YES_NO,
    ),
    make_question(
        "calcium_supplements",
        "Does the person take calcium tablets or antacids, or drink a lot of milk, every day?",
        "daily calcium tablets or antacids",
        "Count calcium tablets (often combined with vitamin D), chewable antacids for heartburn "
        "or indigestion (such as Tums or Rennie), or drinking much more milk than most people, "
        "every day.",
        YES_NO,
    ),
    make_question(
        "sarcoidosis",
        "Has a doctor said the person has sarcoidosis, tuberculosis (TB) or a similar disease?",
        "sarcoidosis or tuberculosis",
        "In sarcoidosis, small clumps of inflamed cells (granulomas) form in the lungs, skin, "
        "eyes or other organs. Tuberculosis (TB) is another disease that forms them; other "
        "diseases that form such clumps count too.",
        YES_NO,
    ),
    make_question(
        "bone_disease",
        "Does the person have Paget's disease of bone, bone cancer, or another disease that breaks down bone?",
        "a disease that breaks down bone such as Paget's disease or bone cancer",
        "Paget's disease makes bones grow too large and weak. Bone cancer includes cancer that "
        "started in a bone, cancer that has spread to the bones, and myeloma. Bone that is "
        "broken down releases its calcium into the blood. Thin bones (osteoporosis) and "
        "healed fractures do not count.",
        YES_NO,
    ),
    make_question(
        "family_history",
        "Has anyone in the person's family had similar lumps, or an inherited calcium or skin disease?",
        "someone in the family with similar lumps, or an inherited calcium or skin disease",
        "Think of parents, brothers and sisters, children and other blood relatives. An "
        "inherited disease is one passed down in families, such as one that affects the "
        "calcium or phosphate level, or the skin.",
        YES_NO,
    ),
)
