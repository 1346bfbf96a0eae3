"""The floor of ``triage --json``: a one-command Typer app with one string option
that prints a line of JSON. Whatever it costs to start Python and Typer, the real
command cannot avoid either."""

from __future__ import annotations

import json
from typing import Annotated

import typer

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)


@app.command()
def main(name: Annotated[str, typer.Option("--name")] = "floor") -> None:
    print(json.dumps({"name": name, "values": [1, 2, 3]}))


if __name__ == "__main__":
    app()
