"""What every app's Plotly figures share."""

from __future__ import annotations

from django.utils.translation import get_language


def number_separators() -> str:
    """Plotly's `separators` for the active language: decimal comma and thousands dot in Dutch,
    as in the tables beside the charts; decimal point in English."""
    return ",." if (get_language() or "nl").startswith("nl") else ".,"
