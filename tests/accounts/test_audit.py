from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts import audit
from accounts.models import AuditCheckpoint, AuditEvent, AuditLogIsAppendOnlyError, Role
from accounts.retention import prune_audit_events, retention_cutoff
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def make_events(count: int, **fields) -> list[AuditEvent]:  # noqa: ANN003
    return [
        audit.record(action="test.event", category=audit.Category.READ, details={"n": n}, **fields)
        for n in range(count)
    ]


def verify() -> str:
    out = StringIO()
    call_command("audit_verify", stdout=out)
    return out.getvalue()


def edit_by_hand(sql: str, params: list) -> None:
    """What someone with database access might do; on PostgreSQL they must bypass the trigger."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)


def test_events_form_a_chain_that_verifies(cast):
    events = make_events(5, actor=cast.bob)
    assert [e.sequence for e in events] == list(range(events[0].sequence, events[0].sequence + 5))
    assert events[1].prev_hash == events[0].hash
    assert verify().startswith("OK")


def test_audit_verify_reports_a_row_edited_by_hand(cast):
    events = make_events(4, actor=cast.bob)
    edit_by_hand("UPDATE accounts_auditevent SET outcome = 'denied' WHERE id = %s", [events[2].pk])
    with pytest.raises(CommandError, match=f"#{events[2].sequence}"):
        verify()


def test_audit_verify_reports_a_row_deleted_by_hand(cast):
    events = make_events(4, actor=cast.bob)
    edit_by_hand("DELETE FROM accounts_auditevent WHERE id = %s", [events[1].pk])
    with pytest.raises(CommandError, match="rows removed"):
        verify()


def test_the_model_refuses_to_change_or_delete_an_event():
    event = make_events(1)[0]
    event.outcome = "denied"
    with pytest.raises(AuditLogIsAppendOnlyError):
        event.save()
    with pytest.raises(AuditLogIsAppendOnlyError):
        event.delete()
    with pytest.raises(AuditLogIsAppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(outcome="denied")
    with pytest.raises(AuditLogIsAppendOnlyError):
        AuditEvent.objects.all().delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL")
def test_postgresql_refuses_update_and_delete_on_the_audit_table():
    event = make_events(1)[0]
    for sql in (
        "UPDATE accounts_auditevent SET outcome = 'denied' WHERE id = %s",
        "DELETE FROM accounts_auditevent WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [event.pk])


def test_an_event_holds_the_nen_7513_fields(cast, client):
    client.force_login(cast.alice)
    client.get(
        reverse("accounts:organisation_members", args=[cast.organisations["bureau_a"].pk]),
        HTTP_USER_AGENT="TestBrowser/1.0",
    )
    event = AuditEvent.objects.get(action="membership.list")
    assert event.event_id and event.occurred_at
    assert event.actor == cast.alice
    assert event.actor_role == Role.ORGANISER
    assert event.organisation == cast.organisations["bureau_a"]
    assert event.object_type == "accounts.organisation"
    assert event.ip_address == "127.0.0.1"
    assert len(event.session_hash) == 64
    assert event.session_hash != client.session.session_key
    assert event.user_agent == "TestBrowser/1.0"
    assert event.outcome == "success"


def test_a_refused_request_is_logged_too(cast, client):
    client.force_login(cast.pat)
    response = client.get(
        reverse("accounts:organisation_members", args=[cast.organisations["bureau_a"].pk])
    )
    assert response.status_code == 403
    event = AuditEvent.objects.get(action="access.refused")
    assert event.actor == cast.pat
    assert event.outcome == "denied"
    assert event.details["view"] == "accounts:organisation_members"


def test_another_organisations_object_is_not_found_and_logged(cast, client):
    client.force_login(cast.alice)
    response = client.get(
        reverse("accounts:organisation_members", args=[cast.organisations["bureau_b"].pk])
    )
    assert response.status_code == 404
    assert AuditEvent.objects.filter(action="access.not_found", actor=cast.alice).exists()


def test_logins_logouts_and_failures_are_logged(cast, client):
    from tests.helpers import login_with_mfa

    client.post(reverse("account_login"), {"login": cast.bob.email, "password": "fout-fout-fout"})
    login_with_mfa(client, cast.bob.email)
    client.post(reverse("account_logout"))
    actions = list(AuditEvent.objects.order_by("sequence").values_list("action", flat=True))
    assert actions[:1] == ["auth.login_failed"]
    assert "auth.login" in actions and actions[-1] == "auth.logout"
    failed = AuditEvent.objects.get(action="auth.login_failed")
    assert failed.subject_ref == audit.subject_ref_for(cast.bob)
    assert failed.outcome == "failure"


def test_every_admin_change_is_logged(cast, client):
    client.force_login(cast.admin)
    organisation = OrganisationFactory(name="Oud")
    response = client.post(
        reverse("admin:accounts_organisation_change", args=[organisation.pk]),
        {
            "name": "Nieuw",
            "code": organisation.code,
            "kind": organisation.kind,
            "facility_type": "",
            "size_class": "",
        },
    )
    assert response.status_code == 302, response.content[:600]
    event = AuditEvent.objects.get(action="admin.change")
    assert event.actor == cast.admin
    assert event.object_type == "accounts.organisation"
    assert event.object_id == str(organisation.pk)


def test_reading_the_audit_log_is_itself_logged(cast, client):
    client.force_login(cast.admin)
    assert client.get(reverse("admin:accounts_auditevent_changelist")).status_code == 200
    assert AuditEvent.objects.filter(action="audit.read", actor=cast.admin).count() == 1
    assert client.get(reverse("admin:accounts_auditevent_add")).status_code == 403


def test_a_person_sees_who_viewed_their_records(cast, client):
    audit.record(
        action="child.read",
        category=audit.Category.READ,
        actor=cast.users[Role.PRACTITIONER],
        subject_ref=audit.subject_ref_for(cast.pat),
    )
    client.force_login(cast.pat)
    page = client.get(reverse("accounts:access_log"))
    assert page.status_code == 200
    assert cast.users[Role.PRACTITIONER].email in page.content.decode()
    assert AuditEvent.objects.filter(action="audit.read_own", actor=cast.pat).exists()

    client.force_login(cast.bob)
    assert (
        cast.users[Role.PRACTITIONER].email
        not in client.get(reverse("accounts:access_log")).content.decode()
    )


def test_retention_never_removes_anything_younger_than_ten_years():
    now = timezone.now()
    with time_machine.travel(now - timedelta(days=365 * 10 + 10), tick=False):
        old = make_events(3)
    with time_machine.travel(now - timedelta(days=365 * 10 - 10), tick=False):
        almost = make_events(2)
    recent = make_events(2)

    removed = prune_audit_events(now=now)

    assert removed == 3
    remaining = set(AuditEvent.objects.values_list("pk", flat=True))
    assert not remaining & {e.pk for e in old}
    assert {e.pk for e in almost + recent} <= remaining
    checkpoint = AuditCheckpoint.objects.get()
    assert checkpoint.pruned_through_sequence == old[-1].sequence
    assert verify().startswith("OK")  # the rest still verifies from the checkpoint


def test_retention_keeps_a_young_event_even_behind_an_old_one_out_of_order():
    now = timezone.now()
    with time_machine.travel(now - timedelta(days=365 * 11), tick=False):
        make_events(1)
    young = make_events(1)[0]
    with time_machine.travel(now - timedelta(days=365 * 12), tick=False):
        behind = make_events(1)[0]  # a clock that went backwards
    prune_audit_events(now=now)
    assert AuditEvent.objects.filter(pk__in=[young.pk, behind.pk]).count() == 2


def test_a_retention_period_under_ten_years_is_refused():
    from django.core import checks
    from django.core.exceptions import ImproperlyConfigured

    with override_settings(AUDIT_RETENTION_YEARS=9):
        errors = [e for e in checks.run_checks() if e.id == "accounts.E001"]
        assert errors
        with pytest.raises(ImproperlyConfigured):
            prune_audit_events()
    with pytest.raises(ImproperlyConfigured):
        retention_cutoff(timezone.now(), 5)
