"""The parent-app API, the parent's own pages (details, advice, children) and the demo seed."""

from __future__ import annotations

from datetime import timedelta

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, Role
from parent_portal import services
from parent_portal.models import Appointment, Child
from tests.factories import member
from tests.parent_portal.conftest import client_for
from tests.parent_portal.factories import make_article, make_child, make_session


def test_the_api_lists_only_the_callers_children(world):
    other_child = make_child(world.organisations["bureau_a"], first_name="Niet-van-Pat")
    parent = client_for(world.pat).get(reverse("parent_portal_api:children")).json()
    assert [c["first_name"] for c in parent["results"]] == ["Lotte"]
    nurse = client_for(world.nurse).get(reverse("parent_portal_api:children")).json()
    assert {c["first_name"] for c in nurse["results"]} == {"Lotte", other_child.first_name}
    foreign = client_for(world.nurse_b).get(
        reverse("parent_portal_api:child", args=[world.child.pk])
    )
    assert foreign.status_code == 404
    charlie = client_for(world.charlie).get(reverse("parent_portal_api:children"))
    assert charlie.status_code == 403


def test_a_parent_app_reschedules_through_the_api(world):
    target = make_session(
        world.organisations["bureau_a"],
        practitioner=world.nurse,
        on=timezone.localdate() + timedelta(days=10),
    )
    api = client_for(world.pat)
    slots = api.get(
        reverse("parent_portal_api:appointment_slots", args=[world.appointment.pk])
    ).json()
    assert {"session": target.pk, "date": target.date.isoformat(), "slot_time": "09:20:00"} in slots
    url = reverse("parent_portal_api:appointment_reschedule", args=[world.appointment.pk])
    moved = api.post(
        url, {"session": target.pk, "slot_time": "09:20"}, content_type="application/json"
    )
    assert moved.status_code == 200 and moved.json()["date"] == target.date.isoformat()
    again = api.post(
        url, {"session": target.pk, "slot_time": "09:40"}, content_type="application/json"
    )
    assert again.status_code == 400  # the old appointment is no longer booked
    assert "niet meer gepland" in again.json()["detail"]
    listing = api.get(reverse("parent_portal_api:appointments") + f"?child={world.child.pk}").json()
    assert {a["status"] for a in listing["results"]} == {"booked", "postponed_via_portal"}


def test_measurements_come_with_their_centiles(world):
    services.measurement_record(
        actor=world.nurse,
        child=world.child,
        measured_on=world.child.birth_date + timedelta(days=200),
        weight_kg=7.3,
        length_cm=66.0,
    )
    data = (
        client_for(world.pat)
        .get(reverse("parent_portal_api:measurements", args=[world.child.pk]))
        .json()
    )
    assert data["measurements"][0]["weight_kg"] == "7.300"
    indicators = {c["indicator"]: c for c in data["centiles"]}
    assert set(indicators) == {"weight", "length"}
    assert 0 < indicators["weight"]["centile"] < 100


def test_the_openapi_schema_lists_the_parent_app_endpoints(world):
    schema = client_for(world.pat).get(reverse("api:schema")).content.decode()
    for path in (
        "/api/v1/ouderportaal/children/",
        "/api/v1/ouderportaal/appointments/{appointment_id}/reschedule/",
        "/api/v1/ouderportaal/questionnaires/{assignment_id}/answers/",
    ):
        assert path in schema


def test_a_parent_completes_details_and_staff_see_it_changed_by_the_parent(world):
    response = client_for(world.pat).post(
        reverse("parent_portal:details", args=[world.child.pk]),
        {
            "phone": "0470 12 34 56",
            "email": "",
            "daycare_or_school": "De Rups, Gent",
            "general_practitioner": "Dr. Peeters",
        },
    )
    assert response.status_code == 302
    child = Child.objects.get(pk=world.child.pk)
    assert child.daycare_or_school == "De Rups, Gent"
    assert AuditEvent.objects.filter(action="child.details_update", actor=world.pat).exists()
    record = client_for(world.nurse).get(reverse("parent_portal:staff_child", args=[child.pk]))
    assert "gewijzigd door ouder" in record.text and "De Rups, Gent" in record.text
    wrong = client_for(world.pat).post(
        reverse("parent_portal:details", args=[child.pk]), {"phone": "12", "email": "geen-adres"}
    )
    assert "Vul een telefoonnummer in" in wrong.text and "naam@voorbeeld.be" in wrong.text


def test_the_childs_page_shows_the_next_visit_and_advice_for_its_age(world):
    make_article()
    page = client_for(world.pat).get(reverse("parent_portal:child", args=[world.child.pk]))
    assert "Volgende afspraak" in page.text
    assert "Veilig slapen" in page.text  # 0-24 months
    assert "Bezoek op 12 maanden" in page.text


def test_home_shows_parent_and_staff_tiles(world):
    parent_home = client_for(world.pat).get(reverse("home")).text
    assert "Ouderportaal" in parent_home and "1 kind" in parent_home
    nurse_home = client_for(world.nurse).get(reverse("home")).text
    assert "Weekplanning" in nurse_home and "Kinderen en zittingen" in nurse_home
    assert "Ouderportaal" not in client_for(world.charlie).get(reverse("home")).text


def test_a_parent_with_several_children_sees_a_list(world):
    second = make_child(world.organisations["bureau_a"], first_name="Noor")
    services.guardianship_create(actor=None, parent=world.pat, child=second)
    page = client_for(world.pat).get(reverse("parent_portal:children"))
    assert "Lotte" in page.text and "Noor" in page.text


def test_the_demo_seed_is_idempotent(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115, PTH123
    counts = (Child.objects.count(), Appointment.objects.count())
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115, PTH123
    assert (Child.objects.count(), Appointment.objects.count()) == counts
    assert counts[0] >= 10 and counts[1] > 200
    parent = member(Role.PARENT, Child.objects.first().organisation)  # the seed keeps working
    assert parent.pk


def test_a_nurse_adds_a_child_with_registration_and_enrolment_dates(world):
    nurse = client_for(world.nurse)
    birth = timezone.localdate() - timedelta(days=20)
    response = nurse.post(
        reverse("parent_portal:staff_child_create"),
        {
            "first_name": "Fien",
            "last_name": "Nieuw",
            "birth_date": birth.isoformat(),
            "sex": "female",
            "gestational_age_weeks": "35",
            "registration_date": (birth + timedelta(days=2)).isoformat(),
            "enrolment_date": (birth + timedelta(days=1)).isoformat(),
        },
    )
    assert "De inschrijving komt na de aanmelding." in response.text
    response = nurse.post(
        reverse("parent_portal:staff_child_create"),
        {
            "first_name": "Fien",
            "last_name": "Nieuw",
            "birth_date": birth.isoformat(),
            "sex": "female",
            "gestational_age_weeks": "35",
            "registration_date": (birth + timedelta(days=2)).isoformat(),
            "enrolment_date": (birth + timedelta(days=9)).isoformat(),
        },
    )
    child = Child.objects.get(first_name="Fien")
    assert response.url == reverse("parent_portal:staff_child", args=[child.pk])
    assert child.organisation == world.organisations["bureau_a"] and child.is_preterm
    assert child.enrolment_date == birth + timedelta(days=9)


def test_parents_browse_advice_by_theme(world):
    make_article()
    page = client_for(world.pat).get(reverse("parent_portal:advice_index"))
    assert "Slapen" in page.text and "Veilig slapen" in page.text
    article = client_for(world.pat).get(reverse("parent_portal:advice", args=["veilig-slapen"]))
    assert "Meer tekst." in article.text
    assert client_for(world.charlie).get(reverse("parent_portal:advice_index")).status_code == 403
