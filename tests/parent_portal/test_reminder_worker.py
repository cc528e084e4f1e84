"""A real Celery worker sends the due reminders; running the beat task again sends nothing new."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import Role
from parent_portal import services
from parent_portal.models import ReminderDelivery
from tests.parent_portal.factories import book, give_parent, make_child, make_session
from tests.test_celery_worker import worker  # noqa: F401 - the real-worker fixture

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL") or connection.vendor != "postgresql",
        reason="needs Redis and PostgreSQL shared with a worker process",
    ),
]


def test_a_worker_sends_each_reminder_once(worker, cast):  # noqa: F811
    from parent_portal.tasks import send_due_reminders

    bureau = cast.organisations["bureau_a"]
    child = make_child(bureau)
    give_parent(child, cast.pat)
    session = make_session(
        bureau,
        practitioner=cast.users[Role.PRACTITIONER],
        on=timezone.localdate() + timedelta(days=1),
    )
    book(session, child)
    services.reminder_preference_save(
        actor=cast.pat, by_email=True, by_sms=False, phone="", days_before=2
    )
    first = send_due_reminders.apply_async(queue="email").get(timeout=60)
    again = send_due_reminders.apply_async(queue="email").get(timeout=60)
    assert (first, again) == (1, 0)
    assert ReminderDelivery.objects.filter(parent=cast.pat).count() == 1
