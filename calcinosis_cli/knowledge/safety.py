"""What every result says to keep its reader safe: the sources of the safety net (the
signs that need care the same day, decision.md 1.1, §2) and the disclaimer, in full and
in the two lines of the panel."""

from types import MappingProxyType

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
