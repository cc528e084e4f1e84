"""System checks that guard settings the law fixes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register

MINIMUM_AUDIT_RETENTION_YEARS = 10


@register()
def audit_retention_is_at_least_ten_years(app_configs: Any, **kwargs: Any) -> list[Error]:
    years = settings.AUDIT_RETENTION_YEARS
    if years < MINIMUM_AUDIT_RETENTION_YEARS:
        return [
            Error(
                f"AUDIT_RETENTION_YEARS is {years}; the audit log must be kept at least "
                f"{MINIMUM_AUDIT_RETENTION_YEARS} years.",
                id="accounts.E001",
            )
        ]
    return []
