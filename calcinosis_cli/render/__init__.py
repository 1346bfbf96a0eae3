"""Renderers: one module per output format. Only ``panel``, ``card`` and ``export``
(``triage --save``) import Rich, and they are imported only to draw."""

from __future__ import annotations

FORMATS: tuple[str, ...] = ("panel", "json", "markdown", "fhir")
