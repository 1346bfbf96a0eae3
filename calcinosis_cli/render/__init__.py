"""Renderers: one module per output format, each named in the one registry of formats,
:mod:`.registry`, which ``triage``, ``batch`` and ``triage --save`` all use. Only
``panel``, ``card``, ``console`` and ``export`` import Rich, and they are imported only
to draw."""
