"""The types of the urgency rules of decision.md 1.1: the :class:`Signs` they read (the
facts of one case) and one :class:`Rule` (its urgency, its texts, the fields it reads,
its test and its sources), with the words and fields they share.

The rules themselves are data in :mod:`.calciphylaxis_table` (§1) and
:mod:`.urgency_bullets` (§2); :mod:`.rules` evaluates them.
"""

from collections.abc import Callable
from typing import NamedTuple

YES = "yes"
URGENT, SOON = "urgent", "soon"


class Signs(NamedTuple):
    """The facts the urgency rules read."""

    breakdown: str  # skin_breakdown
    dark: str  # skin_dark
    patches: str  # skin_patches
    pain: str
    worst_site: bool  # the fatty areas or the penis
    strong: bool  # a strong calciphylaxis risk factor is yes
    others: int  # other risk factors yes, 0, 1 or 2 (two or more)
    high_symptoms: str  # high_calcium_symptoms
    low_symptoms: str  # low_calcium_symptoms
    infection: str  # infection_signs
    lump_change: str
    vulnerable: bool  # kidney failure, a transplant, steroids or chemotherapy: yes
    chemotherapy: str
    calcium: str
    phosphate: str
    severe: str | None  # measured calcium in the severe range: "high" or "low"
    baby: bool  # newborn or infant
    difficult_birth: bool  # tissue_damage difficult-birth
    calcium_injection: bool  # procedure calcium-injection
    tissue_infection: bool  # tissue_damage infection
    kidney_failure: str
    product_high: bool  # an adult's calcium × phosphate product at or above the threshold

    @property
    def broken(self) -> bool:
        """Skin breakdown or dark, dying-looking skin."""
        return YES in (self.breakdown, self.dark)

    @property
    def any_skin(self) -> bool:
        return YES in (self.breakdown, self.dark, self.patches)

    @property
    def skin_possible(self) -> bool:
        """Not all three skin signs no: one is yes, or not known."""
        return (self.breakdown, self.dark, self.patches) != ("no", "no", "no")

    @property
    def any_risk(self) -> bool:
        return self.strong or self.others > 0

    @property
    def severe_pain(self) -> bool:
        return self.pain == "severe"

    @property
    def dark_and_severe(self) -> bool:
        return self.dark == YES and self.severe_pain


class Rule(NamedTuple):
    """One urgency rule: when it holds, the result is at least ``urgency``. ``flag`` is the
    warning sign shown; ``cites`` the questions the decision path names for it."""

    id: str
    urgency: str
    summary: str
    flag: str
    cites: tuple[str, ...]
    reads: tuple[str, ...]
    holds: Callable[[Signs], bool]
    sources: tuple[str, ...] = ()
    # Calciphylaxis rows only: "name" (the row names calciphylaxis) or "alternative" (another
    # type, calciphylaxis kept in view), with a condition on the risk factors: "-if-none-known"
    # (else the row says nothing of calciphylaxis), "-unless-only-autoimmune" (then only an
    # alternative). Each row holds whenever its signs do, so that every row is monotone; the
    # rows before it in the table take the cases the decision table gives them.
    calciphylaxis: str = ""
    # A few plain words naming the rule, for a person: the decision path of --details puts
    # the id beside it ("Open sores or dark skin with a strong risk factor (rule C2)").
    label: str = ""


# The skin questions, and the risk factors among the fields of Signs.
SKIN_QUESTIONS = ("skin_breakdown", "skin_dark", "skin_patches")
RISK = ("strong", "others")
