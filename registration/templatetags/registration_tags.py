"""Formatting filters for registration pages; they take finished values and never query."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .. import rules

register = template.Library()


@register.filter
def duration(minutes: int | None) -> str:
    """`7 u 30 min` from 450."""
    return rules.format_minutes(minutes or 0)


@register.filter
def hours(minutes: int | None) -> str:
    """Decimal hours with a localised comma: `7,5`."""
    return number_format(Decimal(minutes or 0) / 60, decimal_pos=2 if (minutes or 0) % 30 else 1)


@register.filter
def percent(share: float | None, digits: int = 1) -> str:
    """`45,0 %` from 0.45; a dash when there is no value."""
    if share is None:
        return "–"
    return f"{number_format(round(float(share) * 100, digits), decimal_pos=digits)} %"


@register.filter
def euro(amount: float | Decimal | None) -> str:
    if amount is None:
        return "–"
    return f"€ {number_format(Decimal(str(amount)), decimal_pos=2, force_grouping=True)}"


@register.filter
def euro0(amount: float | Decimal | None) -> str:
    if amount is None:
        return "–"
    return f"€ {number_format(round(float(amount)), decimal_pos=0, force_grouping=True)}"


@register.filter
def number1(value: float | None) -> str:
    if value is None:
        return "–"
    return number_format(round(float(value), 1), decimal_pos=1, force_grouping=True)


@register.filter
def signed_percent(change: float | None) -> str:
    """`+7,3 %`, `0,0 %`, `−2,1 %` for a relative change of 0.073."""
    if change is None:
        return "–"
    value = round(float(change) * 100, 1)
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    return f"{sign}{number_format(abs(value), decimal_pos=1)} %"


def _sign(value: float) -> str:
    return "+" if value > 0 else ("−" if value < 0 else "")


@register.filter
def signed1(value: float | None) -> str:
    """`+50,4`, `−12,0`: a change in hours."""
    if value is None:
        return "–"
    rounded = round(float(value), 1)
    return f"{_sign(rounded)}{number_format(abs(rounded), decimal_pos=1, force_grouping=True)}"


@register.filter
def signed_euro0(value: float | None) -> str:
    """`+€ 1.484`, `−€ 1.484`: a change in euro."""
    if value is None:
        return "–"
    rounded = round(float(value))
    return f"{_sign(rounded)}€ {number_format(abs(rounded), decimal_pos=0, force_grouping=True)}"


@register.simple_tag
def quick_select(
    name: str, element_id: str, choices: list, selected: object, described_by: str = ""
) -> str:
    """A <select> without Django's widget templates: the daily page renders a dozen of them and
    widget templates cost ~5 ms each. Values and labels are escaped here."""
    wanted = "" if selected is None else str(selected)
    options = "".join(
        f'<option value="{escape(value)}"{" selected" if str(value) == wanted else ""}>'
        f"{escape(label)}</option>"
        for value, label in choices
    )
    describe = f' aria-describedby="{escape(described_by)}"' if described_by else ""
    return mark_safe(  # noqa: S308 - every part above is escaped
        f'<select name="{escape(name)}" id="{escape(element_id)}"{describe}>{options}</select>'
    )
