"""The reference cards of ``calcinosis types``, drawn with Rich."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console, Group
from rich.panel import Panel
from rich.text import Text

from ..knowledge import TypeCard


def render_cards(cards: Iterable[TypeCard], console: Console) -> None:
    for card in cards:
        parts: list[Text] = [Text(card.summary.text), Text("")]
        parts.append(Text.assemble(("Blood levels: ", "bold"), card.blood_levels.text))
        for title, items in (
            ("Typical causes", [c.text for c in card.causes]),
            ("Typical sites", [f.text for f in card.sites]),
            ("General treatment notes (no doses)", [f.text for f in card.treatment]),
        ):
            parts += [Text(""), Text(title, style="bold underline")]
            parts += [Text(f"• {item}") for item in items]
        parts += [Text(""), Text.assemble(("When to see a doctor: ", "bold"), card.see_doctor.text)]
        console.print(Panel(Group(*parts), title=card.name, width=min(console.width, 80)))
