"""Every URL of the project, for an anonymous visitor and a user of every role.

The expectations live in tests/access_matrix/*.py. A URL pattern missing from the table fails,
a view of ours without a declared access rule fails, and object URLs tried with another
organisation's object must answer 404.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import Role
from accounts.policies import rule_of_view
from tests import access_matrix
from tests.access_matrix import LOGIN, NOT_FOUND, OK, REDIRECT, Case
from tests.conftest import ROLE_HOME

OUR_PACKAGES = (
    "portal",
    "accounts",
    "dashboards",
    "excel_intake",
    "gp_accessibility",
    "parent_portal",
    "client_portal",
    "registration",
    "messaging",
    "questionnaires",
)
ROLES = ["anonymous", *Role.values]


def _table_modules() -> list:
    return [
        importlib.import_module(f"tests.access_matrix.{info.name}")
        for info in pkgutil.iter_modules(access_matrix.__path__)
    ]


def all_cases() -> list[Case]:
    return [case for module in _table_modules() for case in module.CASES]


def unnamed_patterns() -> set[str]:
    return set().union(*(getattr(m, "UNNAMED_PATTERNS", set()) for m in _table_modules()))


def walk(resolver: URLResolver, prefix: str = "", namespace: str = "") -> Iterator[tuple]:
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield name, prefix + str(pattern.pattern), pattern.callback


def test_every_url_pattern_is_in_the_table():
    declared = [case.name for case in all_cases()]
    duplicates = {name for name in declared if declared.count(name) > 1}
    assert not duplicates, f"declared twice: {sorted(duplicates)}"
    patterns = list(walk(get_resolver()))
    missing = sorted(
        name or route
        for name, route, _ in patterns
        if (name and name not in declared) or (not name and route not in unnamed_patterns())
    )
    assert not missing, f"URLs without expectations in tests/access_matrix: {missing}"
    named = {name for name, _, _ in patterns if name}
    stale = sorted(set(declared) - named)
    assert not stale, f"expectations for URLs that no longer exist: {stale}"


def test_every_view_of_ours_declares_its_access_rule():
    undeclared = sorted(
        name or route
        for name, route, callback in walk(get_resolver())
        # The admin guards itself (staff + MFA); its expectations are in the table.
        if callback.__module__.split(".")[0] in OUR_PACKAGES
        and not (name or "").startswith("admin:")
        and not rule_of_view(callback)
    )
    assert not undeclared, f"views without an access rule (accounts/policies.py): {undeclared}"


def outcome(response) -> int | str:  # noqa: ANN001
    if response.status_code in (301, 302):
        location = response.headers["Location"].split("?")[0]
        if location in (reverse("account_login"), reverse("admin:login")):
            return LOGIN
        return REDIRECT
    return response.status_code


def client_for(role: str, cast) -> Client:  # noqa: ANN001
    client = Client()
    if role != "anonymous":
        client.force_login(cast.users[role])
        cast.named["current_user_home"] = cast.organisations[ROLE_HOME[role]]
    else:
        cast.named["current_user_home"] = cast.organisations["bureau_a"]
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_each_role_as_declared(role, cast):
    client = client_for(role, cast)
    mismatches = []
    for case in all_cases():
        url = reverse(case.name, kwargs=case.args(cast)) + case.query_for(cast)
        got = outcome(client.get(url))
        if got != case.expected(role):
            mismatches.append(f"{case.name} ({url}): expected {case.expected(role)}, got {got}")
    assert not mismatches, f"{role}:\n" + "\n".join(mismatches)


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_another_organisations_object_is_not_found(role, cast):
    client = client_for(role, cast)
    checked = []
    for case in all_cases():
        if case.foreign is None or case.expected(role) != OK or role in case.foreign_visible_to:
            continue
        url = reverse(case.name, kwargs=case.foreign(cast)) + case.foreign_query_for(cast)
        got = outcome(client.get(url))
        checked.append(f"{case.name} ({url}): got {got}")
        assert got == NOT_FOUND, checked[-1]
    assert REDIRECT != OK  # the table's constants stay distinct
