"""The measured blood values accepted beside the answers, and their units."""

LAB_FIELDS: tuple[str, ...] = ("calcium_value", "phosphate_value", "units", "albumin_value", "albumin_units")
UNITS: tuple[str, ...] = ("mg/dl", "mmol/l")
DEFAULT_UNITS = "mg/dl"
ALBUMIN_UNITS: tuple[str, ...] = ("g/dl", "g/l")
