from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from accounts import policies


def portal(request: HttpRequest) -> dict[str, Any]:
    """Header data: the user's organisations for the switcher and the current one."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    memberships = policies.active_memberships(user)
    organisations = {m.organisation_id: m.organisation for m in memberships}
    current = getattr(request, "current_membership", None)
    return {
        "header_organisations": list(organisations.values()),
        "current_organisation": current.organisation if current else None,
    }
