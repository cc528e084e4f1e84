"""Threads scoped to a subject (messaging.scopes): the app that owns the subject says which
clients and which staff take part; everyone else at the staff organisation does not see it."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts import policies
from accounts.models import Role, User
from messaging import scopes, services
from messaging.models import Thread
from messaging.selectors import recipients_for
from messaging.tasks import notify_new_message
from tests.factories import member

pytestmark = pytest.mark.django_db

KIND = "tests.case"


@pytest.fixture
def scope(cast, monkeypatch):  # noqa: ANN001, ANN201
    """Case 7: the client Cleo and the handler Hanna take part; Harry works at the same facility."""
    facility = cast.organisations["facility_f"]
    cleo = member(Role.YOUTH, facility, first_name="Cleo")
    hanna = member(Role.PRACTITIONER, facility, first_name="Hanna")
    harry = member(Role.PRACTITIONER, facility, first_name="Harry")
    state = {"clients": {cleo.pk}, "handlers": {hanna.pk}}
    registered = scopes.MessageScope(
        kind=KIND,
        requester_scope_ids=lambda user: [7] if user.pk in state["clients"] else [],
        handler_scope_ids=lambda user: [7] if user.pk in state["handlers"] else [],
        handlers=lambda scope_id: User.objects.filter(pk__in=state["handlers"]),
        requester_url=lambda thread: f"/zaak/{thread.scope_id}/{thread.pk}/",
    )
    monkeypatch.setitem(scopes._scopes, KIND, registered)
    cast.named.update(facility=facility, cleo=cleo, hanna=hanna, harry=harry, state=state)
    return cast


def start(cast, side: str = "requester") -> Thread:  # noqa: ANN001
    author = cast.cleo if side == "requester" else cast.hanna
    return services.client_thread_start(
        actor=author,
        client=cast.cleo,
        handler=cast.facility,
        subject="Vraag",
        body="Hallo",
        side=side,
        scope_kind=KIND,
        scope_id=7,
        subject_ref="tests.case:7",
    )


def visible(user) -> bool:  # noqa: ANN001
    return policies.message_threads_visible_to(user).filter(scope_kind=KIND).exists()


def test_only_the_scopes_client_and_handlers_see_the_thread(scope):
    start(scope)
    assert visible(scope.cleo)
    assert visible(scope.hanna)
    assert not visible(scope.harry)  # a colleague at the facility, not on this case
    assert not visible(scope.charlie)


def test_the_client_loses_sight_when_the_scope_no_longer_admits_them(scope):
    start(scope)
    scope.state["clients"].clear()
    assert not visible(scope.cleo)
    assert visible(scope.hanna)


def test_a_clients_message_goes_to_the_scopes_handlers_only(scope):
    thread = start(scope)
    assert recipients_for(thread.messages.first()) == [scope.hanna]
    notify_new_message(thread.messages.first().pk)
    message = mail.outbox[-1]
    assert message.to == [scope.hanna.email]
    assert reverse("messaging:thread", args=[thread.pk]) in message.body
    assert "Hallo" not in message.body  # no content in the e-mail


def test_a_handlers_message_reaches_the_client_on_the_scopes_page(scope):
    thread = start(scope, side="handler")
    notify_new_message(thread.messages.first().pk)
    message = mail.outbox[-1]
    assert message.to == [scope.cleo.email]
    assert f"/zaak/7/{thread.pk}/" in message.body
    scope.state["clients"].clear()
    assert recipients_for(thread.messages.first()) == []


def test_a_scope_needs_both_its_kind_and_its_subject(scope):
    with pytest.raises(IntegrityError), transaction.atomic():
        Thread.objects.create(
            subject="x",
            client=scope.cleo,
            handler=scope.facility,
            created_by=scope.cleo,
            last_message_at="2026-01-01T00:00:00Z",
            scope_kind=KIND,
        )
