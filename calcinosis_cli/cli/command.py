"""The Click command that the Typer app becomes, with every value as the command line
gives it: calcinosis checks the values itself."""

from collections.abc import Callable
from typing import Any


def values_as_given(command: Any) -> Any:
    """``command`` (and its subcommands), each option that may be left out taking its value
    as the command line gives it: a text, a yes/no flag, or None when it is not given.

    calcinosis checks every value itself, naming the flag. Left to Typer, each value
    would be checked again by a pydantic TypeAdapter, one built for each option, pydantic
    loaded for the first: some 100 ms of every start-up (measured; see the README), and
    Typer's own message for a bad choice instead of ours. So the step of Click that turns
    what the command line gave into the parameter's value, ``process_value``, is the one
    below for these options: it calls the option's callback, if any, and nothing else."""
    for sub in getattr(command, "commands", {}).values():
        values_as_given(sub)
    for param in command.get_params(command.context_class(command)):  # --help included
        if not param.required and not param.multiple and param.nargs == 1:
            param.process_value = as_given(param)
    return command


def as_given(param: Any) -> Callable[[Any, Any], Any]:
    """``param``'s ``process_value``: its callback, if any, on the value as given."""

    def process_value(ctx: Any, value: Any) -> Any:
        return value if param.callback is None else param.callback(ctx, param, value)

    return process_value
