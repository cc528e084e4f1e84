from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import Role
from tests.factories import member
from tests.parent_portal.factories import book, give_parent, make_child, make_session


@pytest.fixture
def world(cast):  # noqa: ANN001, ANN201
    """Pat's child (10 months) at bureau A with a booked appointment in 4 days; Nora the nurse at
    A; Bruno the nurse at bureau B with a child of his own bureau."""
    o = cast.organisations
    nurse = cast.users[Role.PRACTITIONER]
    child = make_child(o["bureau_a"], age_days=300)
    give_parent(child, cast.pat)
    session = make_session(
        o["bureau_a"], practitioner=nurse, on=timezone.localdate() + timedelta(days=4)
    )
    appointment = book(session, child)
    nurse_b = member(Role.PRACTITIONER, o["bureau_b"], first_name="Bruno")
    child_b = make_child(o["bureau_b"], age_days=400, first_name="Bert")
    cast.named.update(
        nurse=nurse,
        child=child,
        session=session,
        appointment=appointment,
        nurse_b=nurse_b,
        child_b=child_b,
    )
    return cast


def client_for(user) -> Client:  # noqa: ANN001
    client = Client()
    client.force_login(user)
    return client
