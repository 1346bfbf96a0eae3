"""Renderers: one module per output format. Only ``panel`` imports Rich."""

from __future__ import annotations

FORMATS: tuple[str, ...] = ("panel", "json", "markdown")
