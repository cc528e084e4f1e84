"""Helpers for files people open in Excel."""

from __future__ import annotations

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: str) -> str:
    """Prefix text that a spreadsheet would run as a formula (CSV/formula injection, OWASP)."""
    if value and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
