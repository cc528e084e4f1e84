from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from accounts import policies

from . import tiles


@policies.requires(policies.AUTHENTICATED)
def home(request: HttpRequest) -> HttpResponse:
    """The role-based home: a group of tiles per organisation, then the personal tiles."""
    memberships = policies.active_memberships(request.user)
    groups = tiles.home_groups(request.user, memberships)
    return render(request, "portal/home.html", {"groups": groups})


@policies.requires(policies.PUBLIC)
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for the load balancer: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def error_500(request: HttpRequest) -> HttpResponse:
    # Rendered without the request: whatever broke the page must not break the error page too.
    from django.template.loader import render_to_string

    return HttpResponse(render_to_string("errors/500.html"), status=500)
