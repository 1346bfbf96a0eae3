"""Conditions that are not calcinosis but can look like it (decision.md 1.1, §7): why
the answers point to each, and the next step that tells it from calcinosis, with the
sources (ids of ``SOURCES``).
"""

from types import MappingProxyType
from typing import NamedTuple

from .facts import Fact, fact


class LookAlike(NamedTuple):
    id: str
    name: str
    why: str  # why the answers point to it
    tells_apart: Fact  # the next step that tells it from calcinosis
    sources: tuple[str, ...]

    @property
    def facts(self) -> tuple[Fact, ...]:
        return (Fact(self.why, self.sources), self.tells_apart)


LOOK_ALIKES: MappingProxyType[str, LookAlike] = MappingProxyType(
    {
        x.id: x
        for x in (
            LookAlike(
                "gout-tophi",
                "Gout lumps (tophi)",
                "Gout can form chalky lumps under the skin, often on the ears, elbows and fingers, that "
                "look like calcium deposits and can also break open.",
                fact(
                    "A doctor can tell gout lumps from calcium deposits with a sample of the chalky material "
                    "looked at under a microscope, or a special CT scan.",
                    "gout_tophi",
                    "gout_dect",
                ),
                ("gout_tophi",),
            ),
            LookAlike(
                "pilomatricoma",
                "Pilomatricoma",
                "A single hard lump on a child's face, ear, neck or arm is most often a pilomatricoma, a harmless "
                "growth of a hair root that contains calcium.",
                fact(
                    "An ultrasound scan usually tells a pilomatricoma (a harmless growth of a hair root) from "
                    "calcium deposits; a lump that grows quickly should have a biopsy (a small sample to examine).",
                    "pilomatricoma_ultrasound",
                    "pilomatricoma",
                ),
                ("pilomatricoma",),
            ),
            LookAlike(
                "marjolin-ulcer",
                "Skin cancer in a scar (Marjolin ulcer)",
                "A sore in an old burn scar that changes or does not heal should be checked, because rarely a "
                "skin cancer can grow in such a scar.",
                fact(
                    "A sore in an old burn scar that does not heal needs a biopsy (a small sample of skin).",
                    "marjolin",
                    "burn_scar_calcinosis",
                ),
                ("marjolin", "burn_scar_calcinosis"),
            ),
            LookAlike(
                "osteoma-cutis",
                "Bone in the skin (osteoma cutis)",
                "Low calcium with high phosphate and working kidneys fits pseudohypoparathyroidism, a condition "
                "with these blood levels and a raised parathyroid hormone, in which small pieces of bone, not "
                "calcium, can form in the skin.",
                fact(
                    "An X-ray and a biopsy tell bone in the skin from calcium deposits; a doctor may also test "
                    "parathyroid hormone.",
                    "osteoma_cutis_xray",
                    "osteoma_cutis",
                ),
                ("osteoma_cutis",),
            ),
        )
    }
)
LOOK_ALIKE_IDS: tuple[str, ...] = tuple(LOOK_ALIKES)
