"""The adaptive questionnaire (contract 1.1, "When it prompts"): which question comes
next, how a reply is read, and the prompt loop.

One module a job, each using only those listed below it:

- ``session``: :func:`~.session.ask_questions` and :func:`~.session.prompt_mode`, what
  ``triage`` calls: the terminal chosen, the interview run, the offer of the details;
- ``loop``: :func:`~.loop.interview`, the questions asked in turn, back, and the review;
  ``menu``: :class:`~.menu.MenuTerminal`, menus with questionary (imported only there,
  only when a menu is shown);
- ``terminal``: the :class:`~.terminal.Terminal` the loop talks through, the prompts'
  words, and :class:`~.terminal.PlainTerminal`, the line protocol of 1.0;
- ``replies``: what a typed line means at a question, a measured value checked and put
  in words.
"""

# The values of --prompt (and CALCINOSIS_PROMPT): here, so that the command line names
# them without importing the prompts.
PROMPT_MODES: tuple[str, ...] = ("auto", "menu", "plain")
