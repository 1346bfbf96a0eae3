"""Every source the knowledge base cites, by id. A fact names its sources by these ids."""

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
        "diasys_p": Source(
            "DiaSys reference ranges: phosphorus by age",
            "https://www.diasys-diagnostics.com/service-area/support/reference-ranges/analyte/phosphorus/analyte.show",
        ),
        # --- added for the 1.1 rules (reference/medical-facts.md section 7) ---
        "davis_ca": Source(
            "Davis's Lab & Diagnostic Tests: Calcium, blood, total and ionized (reference ranges by age)",
            "https://www.labdxtest.com/labdxtest/view/Davis-Lab-and-Diagnostic-Tests/425451/all/Calcium__Blood__Total_and_Ionized",
        ),
        "diasys_ca": Source(
            "DiaSys reference ranges: calcium by age",
            "https://www.diasys-diagnostics.com/service-area/support/reference-ranges/analyte/calcium/analyte.show",
        ),
        "stclair_ca": Source(
            "St Clair Hospital laboratory: calcium (ranges and critical values by age)",
            "https://stclairhospitallab.testcatalog.org/show/CA",
        ),
        "augusta_ca": Source(
            "Augusta Health laboratory: calcium (critical values by age)",
            "https://augustahealth.testcatalog.org/show/Calcium",
        ),
        "davis_p": Source(
            "Davis's Lab & Diagnostic Tests: Phosphorus, blood (reference ranges by age)",
            "https://www.labdxtest.com/labdxtest/view/Davis-Lab-and-Diagnostic-Tests/425171/all/Phosphorus__Blood",
        ),
        "medscape_ca_correction": Source(
            "Medscape: Calcium correction for hypoalbuminemia (calculator)",
            "https://reference.medscape.com/calculator/267/calcium-correction-for-hypoalbuminemia",
        ),
        "gpnotebook_ca": Source(
            "GPnotebook: Calculation of calcium concentration",
            "https://gpnotebook.com/en-IE/pages/gastroenterology/calculation-of-calcium-concentration",
        ),
        "statpearls_hypercalcemia": Source(
            "StatPearls: Resistant hypercalcemia",
            "https://statpearls.com/point-of-care/131067",
        ),
        "albumin_children": Source(
            "Adjusted calcium equations in children. Ann Clin Biochem 2012;49:352-8",
            "https://pubmed.ncbi.nlm.nih.gov/22535865/",
        ),
        "adjusted_ckd": Source(
            "Adjusted versus unadjusted total calcium in chronic kidney disease (cohort)",
            "https://pmc.ncbi.nlm.nih.gov/articles/PMC5892769",
        ),
        "se_hypercalcaemia": Source(
            "Walsh J et al. Society for Endocrinology emergency guidance: acute hypercalcaemia. "
            "Endocr Connect 2016;5:G9",
            "https://ec.bioscientifica.com/view/journals/ec/5/5/G9.xml",
        ),
        "se_hypocalcaemia": Source(
            "Turner J et al. Society for Endocrinology emergency guidance: acute hypocalcaemia. "
            "Endocr Connect 2016;5:G7",
            "https://ec.bioscientifica.com/view/journals/ec/5/5/G7.xml",
        ),
        "abeloff_hypercalcaemia": Source(
            "Abeloff's Clinical Oncology: hypercalcaemia of malignancy",
            "http://doctorlib.info/oncology/clinical/50.html",
        ),
        "scfn_babies": Source(
            "Subcutaneous fat necrosis of the newborn and hypercalcemia (signs in babies). JAMA Dermatology",
            "https://jamanetwork.com/journals/jamadermatology/article-abstract/541424",
        ),
        "habif_calciphylaxis": Source(
            "Habif TP. Clinical Dermatology: calciphylaxis",
            "https://skin-disease-care.biocyclopedia.com/21161626.php",
        ),
        "medscape_calciphylaxis": Source(
            "Nunley JR. Calciphylaxis: clinical presentation. Medscape",
            "https://emedicine.medscape.com/article/1095481-clinical",
        ),
        "medscape_calciphylaxis_risk": Source(
            "Medscape: What are risk factors for the development of calciphylaxis?",
            "https://www.medscape.com/answers/1095481-61886/what-are-risk-factors-for-the-development-of-calciphylaxis",
        ),
        "calciphylaxis_risk_table": Source(
            "Risk factors for calciphylaxis (review table)",
            "https://pmc.ncbi.nlm.nih.gov/articles/PMC2952095/table/T1",
        ),
        "weenig2007": Source(
            "Weenig RH et al. Calciphylaxis: natural history, risk factor analysis and outcome (Mayo series). "
            "J Am Acad Dermatol 2007",
            "https://pubmed.ncbi.nlm.nih.gov/17141359/",
        ),
        "nigwekar2008": Source(
            "Nigwekar SU et al. Nonuremic calciphylaxis: a systematic review. Clin J Am Soc Nephrol 2008",
            "https://pubmed.ncbi.nlm.nih.gov/18417747/",
        ),
        "kalajian2009": Source(
            "Kalajian AH et al. Calciphylaxis with normal renal and parathyroid function. Arch Dermatol 2009",
            "http://archderm.jamanetwork.com/article.aspx?articleid=711985",
        ),
        "calciphylaxis_cohort2025": Source(
            "Calciphylaxis outcomes by lesion site: a multicentre US cohort (2025)",
            "https://pubmed.ncbi.nlm.nih.gov/40409721/",
        ),
        "penile_calciphylaxis": Source(
            "Gabel CK et al. Penile calciphylaxis: a retrospective case-control study. J Am Acad Dermatol",
            "https://escholarship.umassmed.edu/ssp/287/",
        ),
        "sts_offlabel": Source(
            "Medscape: What is the role of sodium thiosulfate in the treatment of calciphylaxis?",
            "https://www.medscape.com/answers/1095481-61905/what-is-the-role-of-sodium-thiosulfate-in-the-treatment-of-calciphylaxis",
        ),
        "medscape_hypercalcemia": Source(
            "Medscape: Hypercalcemia (causes, milk-alkali syndrome)",
            "https://emedicine.medscape.com/article/123324-print",
        ),
        "milk_alkali_history": Source(
            "Milk-alkali syndrome: the re-emergence of an old cause of hypercalcaemia (series)",
            "https://pubmed.ncbi.nlm.nih.gov/7891547/",
        ),
        "sarcoid_calcium": Source(
            "Hypercalcaemia and hypercalciuria in sarcoidosis and other granulomatous diseases (review)",
            "https://pubmed.ncbi.nlm.nih.gov/10958237/",
        ),
        "tls_nejm": Source(
            "Howard SC et al. The tumor lysis syndrome. N Engl J Med 2011",
            "https://pmc.ncbi.nlm.nih.gov/articles/PMC3437249/",
        ),
        "tls_statpearls": Source(
            "StatPearls: Tumor lysis syndrome",
            "https://www.statpearls.com/sp/rn/551/30680/",
        ),
        "myeloma_calcium": Source(
            "Hypercalcaemia of malignancy: bone metastases and myeloma (review)",
            "https://pubmed.ncbi.nlm.nih.gov/30641526/",
        ),
        "phosphate_pairs": Source(
            "National Jewish Health laboratories: phosphorus (interpreting calcium and phosphate together)",
            "https://nationaljewish.org/for-professionals/diagnostic-testing/advanced-diagnostic-laboratories/phosphorus",
        ),
        "scfn_review": Source(
            "Rodd C et al. Subcutaneous fat necrosis of the newborn. Semin Fetal Neonatal Med 2021",
            "https://pubmed.ncbi.nlm.nih.gov/34340905/",
        ),
        "scfn_monitoring": Source(
            "Siegel DH et al. Subcutaneous fat necrosis of the newborn: a retrospective study of 32 infants. "
            "Pediatr Dermatol 2022",
            "https://www.scholars.northwestern.edu/en/publications/subcutaneous-fat-necrosis-of-the-newborn-a-retrospective-study-of",
        ),
        "scfn_cooling": Source(
            "Subcutaneous fat necrosis after moderate therapeutic hypothermia in neonates. Pediatrics 2011",
            "https://publications.aap.org/pediatrics/article-abstract/128/2/e450/30649/",
        ),
        "burn_scar_calcinosis": Source(
            "Calcinosis cutis in old burn scars: review and two cases. J Dtsch Dermatol Ges 2022",
            "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC9303380/",
        ),
        "venous_calcification": Source(
            "Subcutaneous calcification in chronic venous insufficiency. Acta Derm Venereol 2009;89:505",
            "https://medicaljournals.se/acta/content/html/10.2340/00015555-0680",
        ),
        "pxe_medlineplus": Source(
            "MedlinePlus Genetics: Pseudoxanthoma elasticum",
            "https://ghr.nlm.nih.gov/condition/pseudoxanthoma-elasticum",
        ),
        "heparin_calcinosis": Source(
            "Calcinosis cutis after calcium-containing heparin injections (case report). "
            "Saudi J Kidney Dis Transpl 2014",
            "http://www.sjkdt.org/printarticle.asp?issn=1319-2442;year=2014;volume=25;issue=5;spage=1068;"
            "epage=1071;aulast=Fatma",
        ),
        "heparin_calcinosis_review": Source(
            "Calcinosis cutis from subcutaneous calcium heparin (case and review)",
            "https://escholarship.org/uc/item/7m82j26d",
        ),
        "extravasation_infants": Source(
            "Calcium gluconate extravasation in infants. JACEP 1977",
            "https://pubmed.ncbi.nlm.nih.gov/830982/",
        ),
        "extravasation_psnet": Source(
            "AHRQ PSNet: Danger of intravenous calcium chloride extravasation",
            "https://psnet.ahrq.gov./web-mm/danger-10-intravenous-calcium-chloride-extravasation",
        ),
        "hftc_medlineplus": Source(
            "MedlinePlus Genetics: Hyperphosphatemic familial tumoral calcinosis",
            "https://medlineplus.gov/genetics/condition/hyperphosphatemic-familial-tumoral-calcinosis",
        ),
        "gout_tophi": Source(
            "Habif TP. Clinical Dermatology: gout and tophi",
            "https://skin-disease-care.biocyclopedia.com/21121622.php",
        ),
        "gout_dect": Source(
            "Dual-energy CT for gout (diagnostic accuracy review)",
            "https://pmc.ncbi.nlm.nih.gov/articles/PMC4431329",
        ),
        "pilomatricoma": Source(
            "Pilomatricoma in children. JAMA Pediatrics",
            "https://jamanetwork.com/journals/jamapediatrics/fullarticle/382293",
        ),
        "pilomatricoma_ultrasound": Source(
            "The common ultrasonographic features of pilomatricoma",
            "https://pure.ewha.ac.kr/en/publications/the-common-ultrasonographic-features-of-pilomatricoma",
        ),
        "osteoma_cutis": Source(
            "Osteoma cutis in pseudohypoparathyroidism and Albright hereditary osteodystrophy (case report)",
            "https://synapse.koreamed.org/articles/1045096",
        ),
        "osteoma_cutis_xray": Source(
            "Osteoma cutis in a child: radiograph and biopsy. JAMA Pediatrics",
            "https://jamanetwork.com/journals/jamapediatrics/fullarticle/380436",
        ),
        "marjolin": Source(
            "Marjolin's ulcer: malignant change in burn scars (review). World J Clin Cases 2014",
            "https://www.wjgnet.com/2307-8960/full/v2/i10/507.htm",
        ),
        "ctd_clues": Source(
            "Cutaneous signs of connective-tissue disease (table). Can Fam Physician",
            "https://www.cfp.ca/highwire/markup/34502/expansion?width=1000&height=500&iframe=true",
        ),
        "ssc_calcinosis": Source(
            "Calcinosis in systemic sclerosis: the Canadian Scleroderma Research Group cohort",
            "https://pmc.ncbi.nlm.nih.gov/articles/PMC5144666",
        ),
        "jdm_carra": Source(
            "Calcinosis in juvenile dermatomyositis: the CARRA registry. Pediatr Rheumatol 2018",
            "https://ped-rheum.biomedcentral.com/articles/10.1186/s12969-018-0299-9",
        ),
        "icd10_l942": Source(
            "ICD-10 L94.2 Calcinosis cutis",
            "https://disease.expert/items/calcinosis-cutis",
        ),
        # --- codes and units of the FHIR resources (reference/medical-facts.md section 7.11) ---
        "hl7_pddi_calcium": Source(
            "HL7 FHIR PDDI CDS implementation guide: ValueSet LOINC codes for serum calcium "
            "(17861-6, 29265-6 and others)",
            "https://hl7.org/fhir/uv/pddi/en/ValueSet-valueset-calcium-LOINC.html",
        ),
        "hl7_us_core_calcium": Source(
            "HL7 FHIR US Core: example Observation of serum calcium (LOINC 17861-6 in UCUM mg/dL)",
            "https://www.hl7.org/fhir/us/core/2022Jan/Observation-serum-calcium.html",
        ),
        "mayo_phosphorus": Source(
            "Mayo Clinic Laboratories: Phosphorus (inorganic), serum (LOINC 2777-1)",
            "http://pediatric.testcatalog.org/show/PHOS",
        ),
        "arup_phosphorus": Source(
            "ARUP Laboratories: Phosphorus, inorganic, serum or plasma (LOINC 2777-1)",
            "http://ltd.aruplab.com/tests/pub/0020028",
        ),
        "nuh_phosphate": Source(
            "National University Hospital Singapore laboratory: Phosphate, serum, in mmol/L (LOINC 14879-1)",
            "https://nuhsingapore.testcatalog.org/show/PO4",
        ),
        "hl7_hspc_lab_codes": Source(
            "HL7 FHIR: ValueSet of quantitative LOINC laboratory codes used in HSPC (1751-7 albumin)",
            "https://www.hl7.org/fhir/2015May/hspc-QuantitativeLabCodes.html",
        ),
        "loinc_17861_6": Source(
            "LOINC 17861-6: Calcium [Mass/volume] in Serum or Plasma", "https://loinc.org/17861-6/"
        ),
        "loinc_29265_6": Source(
            "LOINC 29265-6: Calcium [Moles/volume] corrected for albumin in Serum or Plasma",
            "https://loinc.org/29265-6/",
        ),
        "loinc_2777_1": Source("LOINC 2777-1: Phosphate [Mass/volume] in Serum or Plasma", "https://loinc.org/2777-1/"),
        "loinc_14879_1": Source(
            "LOINC 14879-1: Phosphate [Moles/volume] in Serum or Plasma", "https://loinc.org/14879-1/"
        ),
        "loinc_1751_7": Source("LOINC 1751-7: Albumin [Mass/volume] in Serum or Plasma", "https://loinc.org/1751-7/"),
        "hl7_sdc_yes_no_unknown": Source(
            "HL7 FHIR Structured Data Capture: LOINC answers Yes (LA33-6), No (LA32-8), Unknown (LA4489-6)",
            "https://hl7.org/fhir/uv/sdc/en/ValueSet-questionnaire-sdc-profile-example-loinc_ll2817-6.html",
        ),
        "hl7_mcode_units": Source(
            "HL7 FHIR mCODE: ValueSet of UCUM units g/dL, g/L and mg/dL",
            "https://www.hl7.org/fhir/us/mcode/2019Sep/ValueSet-obf-lab-ChoiceOfUnitsVS-g-per-dL.html",
        ),
        "ucum": Source(
            "The Unified Code for Units of Measure (UCUM) specification, Regenstrief Institute",
            "https://ucum.org/ucum",
        ),
    }
)
