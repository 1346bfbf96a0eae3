"""The five types as cards, by id, in the order the decision names them: the cards of
:mod:`.local_cards` (dystrophic, iatrogenic, idiopathic) and :mod:`.systemic_cards`
(metastatic, calciphylaxis)."""

from types import MappingProxyType

from .facts import TypeCard
from .local_cards import DYSTROPHIC, IATROGENIC, IDIOPATHIC
from .systemic_cards import CALCIPHYLAXIS, METASTATIC

TYPES: MappingProxyType[str, TypeCard] = MappingProxyType(
    {card.id: card for card in (DYSTROPHIC, METASTATIC, IATROGENIC, IDIOPATHIC, CALCIPHYLAXIS)}
)
TYPE_IDS: tuple[str, ...] = tuple(TYPES)
