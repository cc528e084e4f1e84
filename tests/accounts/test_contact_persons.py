"""Contact persons of a circle: a first to-do until one exists, a nudge after 12 months."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from accounts.access_management import services
from accounts.models import AuditEvent, ContactPerson, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def circle(cast):  # noqa: ANN001, ANN201
    return cast.organisations["circle_c"]


@pytest.fixture
def manager(cast):  # noqa: ANN001, ANN201
    return cast.users[Role.ACCESS_MANAGER]


def contacts_url(organisation) -> str:  # noqa: ANN001
    return reverse("accounts:contact_persons", args=[organisation.pk])


def create(manager, circle, **overrides):  # noqa: ANN001, ANN003, ANN201
    values = {
        "name": "Sara Secretariaat",
        "role": "secretariaat",
        "email": "sara@kring.be",
        "phone": "09 123 45 67",
    } | overrides
    return services.contact_person_create(actor=manager, organisation=circle, **values)


def test_the_first_to_do_of_a_circle_is_a_contact_person_until_one_exists(
    cast, client, circle, manager
):
    client.force_login(manager)
    home = client.get(reverse("home")).content.decode()
    assert "Eerst te doen:" in home
    assert "Voeg een contactpersoon toe" in home
    assert contacts_url(circle) in home

    response = client.post(
        contacts_url(circle),
        {
            "name": "Sara Secretariaat",
            "role": "secretariaat",
            "email": "Sara@Kring.be",
            "phone": "+32 9 123 45 67",
        },
        follow=True,
    )

    assert "Sara Secretariaat is toegevoegd als contactpersoon." in response.content.decode()
    contact = ContactPerson.objects.get()
    assert (contact.email, contact.last_confirmed_by) == ("sara@kring.be", manager)
    assert "Voeg een contactpersoon toe" not in client.get(reverse("home")).content.decode()
    assert AuditEvent.objects.filter(action="contact_person.create", actor=manager).exists()


def test_a_contact_person_need_not_be_a_user(cast, circle, manager):
    from accounts.models import User

    create(manager, circle)
    assert not User.objects.filter(email="sara@kring.be").exists()


def test_errors_say_what_to_do_and_keep_what_was_typed(cast, client, circle, manager):
    create(manager, circle)
    client.force_login(manager)
    response = client.post(
        contacts_url(circle),
        {"name": "", "role": "voorzitter", "email": "SARA@kring.be", "phone": "12"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Vul de naam van de contactpersoon in." in page
    assert 'value="voorzitter"' in page
    response = client.post(
        contacts_url(circle),
        {"name": "Sam", "role": "voorzitter", "email": "SARA@kring.be", "phone": "12"},
    )
    page = response.content.decode()
    assert "Er is al een contactpersoon met dit e-mailadres." in page
    assert "Vul een telefoonnummer in met 8 tot 15 cijfers" in page
    assert ContactPerson.objects.count() == 1


def test_after_twelve_months_the_portal_asks_to_check_the_contact_persons(
    cast, client, circle, manager
):
    contact = create(manager, circle)
    client.force_login(manager)
    with time_machine.travel(timezone.now() + timedelta(days=366)):
        client.force_login(manager)
        home = client.get(reverse("home")).content.decode()
        page = client.get(contacts_url(circle)).content.decode()
        assert "Kloppen je contactpersonen nog?" in home
        assert "Kloppen deze gegevens nog?" in page

        client.post(reverse("accounts:contact_persons_confirm", args=[circle.pk]))

        assert "Kloppen je contactpersonen nog?" not in client.get(reverse("home")).content.decode()
    contact.refresh_from_db()
    assert contact.last_confirmed_at > timezone.now() + timedelta(days=365)


def test_editing_confirms_and_removing_keeps_the_trail(cast, client, circle, manager):
    contact = create(manager, circle)
    main = cast.users[Role.MAIN_ACCESS_MANAGER]
    client.force_login(main)
    edit = reverse("accounts:contact_person_edit", args=[circle.pk, contact.pk])
    assert 'value="Sara Secretariaat"' in client.get(edit).content.decode()
    client.post(edit, {"name": "Sara Peeters", "role": "coördinator", "email": "sara@kring.be"})
    contact.refresh_from_db()
    assert (contact.name, contact.phone, contact.last_confirmed_by) == ("Sara Peeters", "", main)

    remove = reverse("accounts:contact_person_remove", args=[circle.pk, contact.pk])
    assert "blijft die toegang bestaan" in client.get(remove).content.decode()
    client.post(remove)
    contact.refresh_from_db()
    assert contact.removed_by == main
    assert client.get(remove).status_code == 404
    assert set(
        AuditEvent.objects.filter(object_type="accounts.contactperson").values_list(
            "action", flat=True
        )
    ) == {"contact_person.create", "contact_person.update", "contact_person.remove"}


def test_contact_persons_of_another_circle_are_not_found(cast, client, circle, manager):
    other = cast.organisations["circle_d"]
    foreign = services.contact_person_create(
        actor=cast.admin, organisation=other, name="D", role="r", email="d@d.be"
    )
    client.force_login(manager)
    assert client.get(contacts_url(other)).status_code == 404
    edit = reverse("accounts:contact_person_edit", args=[circle.pk, foreign.pk])
    assert client.get(edit).status_code == 404
    with pytest.raises(PermissionDenied):
        services.contact_person_remove(actor=manager, contact=foreign)


def test_charlie_and_circle_users_are_refused_contact_persons(cast, client, circle):
    for user in (cast.charlie, cast.users[Role.CIRCLE_USER]):
        client.force_login(user)
        assert client.get(contacts_url(circle)).status_code == 403


def test_managers_are_emailed_monthly_until_they_confirm(
    cast, circle, manager, mailoutbox, django_capture_on_commit_callbacks
):
    from portal.celery import app

    contact = create(manager, circle)
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.contact_persons_nudge(now=now + timedelta(days=300)) == 0
        assert services.contact_persons_nudge(now=now + timedelta(days=366)) == 1
        assert services.contact_persons_nudge(now=now + timedelta(days=380)) == 0
        assert services.contact_persons_nudge(now=now + timedelta(days=397)) == 1

    [first, second] = mailoutbox
    assert sorted(first.to) == sorted([cast.users[Role.MAIN_ACCESS_MANAGER].email, manager.email])
    assert "Kloppen de contactpersonen van Kring C nog?" in first.subject
    assert contacts_url(circle) in first.body
    assert AuditEvent.objects.filter(action="contact_person.nudge").count() == 2
    with time_machine.travel(now + timedelta(days=398)):
        services.contact_persons_confirm(actor=manager, organisation=circle)
        assert services.contact_persons_nudge() == 0
    contact.refresh_from_db()
    assert contact.nudged_at is not None
    route = app.amqp.router.route({}, "accounts.email.nudge_stale_contact_persons")
    assert route["queue"].name == "email"
