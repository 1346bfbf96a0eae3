"""The floor of ``triage`` drawing its panel: a one-command Typer app with one
string option that prints one Rich panel."""

from __future__ import annotations

from typing import Annotated

import typer

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)


@app.command()
def main(name: Annotated[str, typer.Option("--name")] = "floor") -> None:
    from rich.console import Console
    from rich.panel import Panel
    from rich.text import Text

    text = Text.assemble((f"Hello, {name}.", "bold"), "\n", ("A second line, in italics.", "italic"))
    Console().print(Panel(text, title="floor", border_style="cyan", width=80))


if __name__ == "__main__":
    app()
