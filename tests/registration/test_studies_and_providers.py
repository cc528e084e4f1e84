"""Studies (the agency), the participation agreement and the provider list (directors)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import AuditEvent, Invitation, Membership, Role, User
from registration.models import Participation, ProviderProfile, RegistrationStudy

from .conftest import add_provider, login, make_study

pytestmark = pytest.mark.django_db


def test_the_agency_creates_a_study_with_participating_facilities(cast):
    client = login(cast.users[Role.AGENCY_ADMIN])
    page = client.get(reverse("registration:study_create")).content.decode()
    assert "Deelnameovereenkomst en gegevensverwerking" in page  # the default agreement text
    response = client.post(
        reverse("registration:study_create"),
        {
            "name": "Registratie 2024",
            "starts_on": "2024-10-14",
            "ends_on": "2024-12-13",
            "edits_until": "2024-12-20",
            "delete_raw_on": "",
            "send_nudges": "on",
            "agreement_text": "Wij doen mee.",
            "facilities": [
                cast.organisations["facility_f"].pk,
                cast.organisations["facility_g"].pk,
            ],
        },
    )
    study = RegistrationStudy.objects.get()
    assert response.status_code == 302
    assert study.delete_raw_on == date(2025, 6, 13)  # six months after the period by default
    assert set(study.participations.values_list("facility__code", flat=True)) == {
        cast.organisations["facility_f"].code,
        cast.organisations["facility_g"].code,
    }
    assert AuditEvent.objects.filter(action="registration_study.create").exists()


def test_study_dates_must_be_in_order(cast):
    client = login(cast.users[Role.AGENCY_ADMIN])
    response = client.post(
        reverse("registration:study_create"),
        {
            "name": "Fout",
            "starts_on": "2024-10-14",
            "ends_on": "2024-10-01",
            "edits_until": "2024-10-02",
            "delete_raw_on": "2024-10-03",
            "agreement_text": "x",
        },
    )
    assert response.status_code == 200
    assert (
        "Kies een laatste registratiedag na de eerste registratiedag." in response.content.decode()
    )
    assert not RegistrationStudy.objects.exists()


def test_only_agency_admins_create_studies(cast):
    for role in (Role.RESEARCHER, Role.FACILITY_DIRECTOR, Role.CARE_PROVIDER):
        assert login(cast.users[role]).get(reverse("registration:study_create")).status_code == 403


def test_a_facility_with_providers_cannot_be_removed_from_a_study(cast, provider):
    study = provider.participation.study
    client = login(cast.users[Role.AGENCY_ADMIN])
    response = client.post(
        reverse("registration:study_edit", args=[study.pk]),
        {
            "name": study.name,
            "starts_on": "2024-10-14",
            "ends_on": "2024-12-13",
            "edits_until": "2024-12-20",
            "delete_raw_on": "2025-06-13",
            "agreement_text": "x",
            "facilities": [cast.organisations["facility_g"].pk],
        },
    )
    assert "heeft al zorgverleners op de lijst" in response.content.decode()
    assert study.participations.count() == 2


def test_the_director_signs_the_agreement(cast):
    study = make_study(cast, signed=False)
    facility = cast.organisations["facility_f"]
    client = login(cast.users[Role.FACILITY_DIRECTOR])
    url = reverse("registration:agreement", args=[study.pk, facility.pk])
    assert "Overeenkomst." in client.get(url).content.decode()
    response = client.post(url, {})
    assert "Vink aan dat je de overeenkomst ondertekent." in response.content.decode()
    response = client.post(url, {"agree": "on"})
    assert response.status_code == 302
    participation = Participation.objects.get(study=study, facility=facility)
    assert participation.agreement_signed_by == cast.users[Role.FACILITY_DIRECTOR]
    assert len(participation.agreement_sha256) == 64


def test_another_facilitys_participation_is_not_found(cast, study):
    client = login(cast.users[Role.FACILITY_DIRECTOR])
    g = cast.organisations["facility_g"]
    for name in ("agreement", "providers", "completeness", "provider_create"):
        assert client.get(reverse(f"registration:{name}", args=[study.pk, g.pk])).status_code == 404


def test_adding_a_provider_creates_the_account_the_role_and_an_invitation(cast, participation_f):
    client = login(cast.users[Role.FACILITY_DIRECTOR])
    facility = cast.organisations["facility_f"]
    url = reverse("registration:provider_create", args=[participation_f.study_id, facility.pk])
    with_captured = client.post(
        url,
        {
            "first_name": "Ilse",
            "last_name": "Peeters",
            "email": "Ilse.Peeters@Example.org",
            "care_function": "psychologist",
            "status": "registers",
            "weekly_clinical_hours": "30.4",
            "monthly_clinical_cost": "4200",
            "monthly_total_wage_cost": "5000",
            "youth_share_percent": "70",
            "seniority_years": "12",
        },
    )
    assert with_captured.status_code == 302
    provider = ProviderProfile.objects.get()
    user = User.objects.get(email="ilse.peeters@example.org")
    assert provider.user == user
    assert Membership.objects.filter(
        user=user, organisation=facility, role=Role.CARE_PROVIDER
    ).exists()
    assert Invitation.objects.filter(user=user, purpose="registration_provider").exists()
    # 4,200 × 12 / (30.4 × 52) = 50,400 / 1,580.8 = 31.88
    assert provider.cost_per_hour == Decimal("31.88")


def test_invitation_mail_is_sent_after_commit(
    cast, participation_f, django_capture_on_commit_callbacks
):
    from registration import services

    with django_capture_on_commit_callbacks(execute=True):
        services.provider_create(
            actor=cast.users[Role.FACILITY_DIRECTOR],
            participation=participation_f,
            first_name="Jan",
            last_name="Janssens",
            email="jan@example.org",
            care_function="nurse",
            status="registers",
            weekly_clinical_hours=Decimal("38"),
            monthly_clinical_cost=Decimal("3800"),
            monthly_total_wage_cost=Decimal("4000"),
            youth_share_percent=0,
            seniority_years=3,
        )
    assert len(mail.outbox) == 1
    assert "jan@example.org" in mail.outbox[0].to
    assert "Tijdsregistratie" in mail.outbox[0].subject


def test_an_existing_account_is_reused_and_not_invited(cast, participation_f):
    from registration import services

    existing = cast.users[Role.CARE_PROVIDER]
    provider = services.provider_create(
        actor=cast.users[Role.FACILITY_DIRECTOR],
        participation=participation_f,
        first_name="X",
        last_name="Y",
        email=existing.email.upper(),
        care_function="nurse",
        status="registers",
        weekly_clinical_hours=Decimal("38"),
        monthly_clinical_cost=Decimal("3800"),
        monthly_total_wage_cost=Decimal("4000"),
        youth_share_percent=0,
        seniority_years=3,
    )
    assert provider.user == existing
    assert provider.invited_at is None
    assert Membership.objects.filter(user=existing, role=Role.CARE_PROVIDER).count() == 1


def test_interns_need_no_cost_data_but_registering_staff_do(cast, participation_f):
    client = login(cast.users[Role.FACILITY_DIRECTOR])
    url = reverse(
        "registration:provider_create", args=[participation_f.study_id, participation_f.facility_id]
    )
    base = {"first_name": "S", "last_name": "T", "care_function": "psychologist"}
    response = client.post(url, {**base, "email": "s@example.org", "status": "registers"})
    text = response.content.decode()
    assert "Vul de uren klinisch werk per week in" in text
    assert "Vul de bruto kost per maand voor klinisch werk in" in text
    response = client.post(url, {**base, "email": "stagiair@example.org", "status": "intern"})
    assert response.status_code == 302
    intern = ProviderProfile.objects.get()
    assert intern.user is None  # interns do not register: no account needed
    response = client.post(
        url,
        {
            **base,
            "email": "k@example.org",
            "status": "registers",
            "weekly_clinical_hours": "38",
            "monthly_clinical_cost": "6000",
            "monthly_total_wage_cost": "5000",
            "youth_share_percent": "101",
            "seniority_years": "1",
        },
    )
    text = response.content.decode()
    assert "kan niet hoger zijn dan de totale loonkost" in text
    assert ProviderProfile.objects.count() == 1


def test_the_provider_list_shows_the_formula_and_cost_per_hour(cast, provider):
    client = login(cast.users[Role.FACILITY_DIRECTOR])
    p = provider.participation
    text = client.get(
        reverse("registration:providers", args=[p.study_id, p.facility_id])
    ).content.decode()
    assert (
        "bruto kost per maand voor klinisch werk × 12 ÷ (uren klinisch werk per week × 52)" in text
    )
    assert "€ 24,29" in text
    assert AuditEvent.objects.filter(action="registration_provider.list").exists()


def test_providers_and_the_agency_admin_never_see_the_provider_list(cast, provider):
    p = provider.participation
    url = reverse("registration:providers", args=[p.study_id, p.facility_id])
    for role in (Role.CARE_PROVIDER, Role.AGENCY_ADMIN, Role.RESEARCHER):
        assert login(cast.users[role]).get(url).status_code == 403
    assert login(cast.charlie).get(url).status_code == 403


def test_a_provider_with_entries_cannot_be_deleted(cast, provider, travel):
    from registration import services

    from .conftest import activity

    travel(date(2024, 10, 16))
    services.entry_add(
        actor=provider.user,
        provider=provider,
        day=date(2024, 10, 16),
        activity=activity("intake", "direct_contact"),
        minutes=60,
    )
    client = login(cast.users[Role.FACILITY_DIRECTOR])
    p = provider.participation
    url = reverse("registration:provider_delete", args=[p.study_id, p.facility_id, provider.pk])
    response = client.post(url, follow=True)
    assert "heeft al registraties" in response.content.decode()
    assert ProviderProfile.objects.filter(pk=provider.pk).exists()


def test_completeness_lists_empty_working_days_without_showing_content(
    cast, provider, colleague, travel
):
    from registration import services

    from .conftest import activity

    travel(date(2024, 10, 14))
    services.entry_add(
        actor=provider.user,
        provider=provider,
        day=date(2024, 10, 14),
        activity=activity("treatment", "team_meeting"),
        minutes=480,
    )
    travel(date(2024, 10, 15))
    services.day_off_set(actor=colleague.user, provider=colleague, day=date(2024, 10, 14), off=True)
    travel(date(2024, 10, 17))
    client = login(cast.users[Role.FACILITY_DIRECTOR])
    p = provider.participation
    response = client.get(reverse("registration:completeness", args=[p.study_id, p.facility_id]))
    text = response.content.decode()
    assert "We tellen 3 werkdagen tot en met 16 oktober 2024" in text
    assert "di 15/10" in text and "wo 16/10" in text
    assert "Teamoverleg" not in text and "8 u" not in text
    from registration import selectors

    result = selectors.completeness(p)
    missing = {row.provider.pk: row.missing for row in result.rows}
    assert missing[provider.pk] == [date(2024, 10, 15), date(2024, 10, 16)]
    assert missing[colleague.pk] == [date(2024, 10, 15), date(2024, 10, 16)]


def test_the_director_sees_only_studies_of_their_facility(cast, study):
    other = RegistrationStudy.objects.create(
        name="Andere studie",
        starts_on=date(2024, 1, 1),
        ends_on=date(2024, 2, 1),
        edits_until=date(2024, 2, 5),
        delete_raw_on=date(2024, 8, 1),
        agreement_text="x",
    )
    Participation.objects.create(study=other, facility=cast.organisations["facility_g"])
    client = login(cast.users[Role.FACILITY_DIRECTOR])
    text = client.get(reverse("registration:studies")).content.decode()
    assert study.name in text and "Andere studie" not in text
    assert client.get(reverse("registration:study_detail", args=[other.pk])).status_code == 404
    add_provider  # noqa: B018 - imported for other tests of this module
