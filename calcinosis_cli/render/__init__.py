"""Renderers: one module per output format of a result, each named in the one registry of
formats, :mod:`.registry`, which ``triage``, ``batch`` and ``triage --save`` all use
(``card`` draws the reference cards of ``types``). Only ``panel``, ``card``, ``console``
and ``export`` import Rich, and they are imported only to draw."""
