"""Pseudonyms (stable, keyed, not reversible), raw data deleted at the deletion date while the
stored aggregates survive, and the pseudonymised research export."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from accounts.models import AuditEvent, Role
from registration import services
from registration.models import (
    AnalysisResult,
    AnalysisRun,
    DayOff,
    Participation,
    ProviderProfile,
    TimeEntry,
)
from registration.pseudonyms import pseudonym
from registration.tasks import delete_expired_raw_data

from .conftest import activity, login


def test_pseudonyms_are_stable_and_differ_per_kind_and_study():
    first = pseudonym("provider", 1, 42, key=b"k")
    assert first == pseudonym("provider", 1, 42, key=b"k")
    assert first.startswith("ZV-") and len(first) == 12
    assert pseudonym("facility", 1, 42, key=b"k").startswith("VZ-")
    assert pseudonym("provider", 2, 42, key=b"k") != first
    assert pseudonym("provider", 1, 43, key=b"k") != first


def test_pseudonyms_cannot_be_reversed_without_the_key():
    target = pseudonym("provider", 1, 4242, key=b"the-real-key")
    # Trying every id with another key, or with a plain hash, never finds the person.
    with_wrong_key = {pseudonym("provider", 1, i, key=b"a-guess") for i in range(10_000)}
    assert target not in with_wrong_key
    plain = {
        "ZV-" + hashlib.sha256(f"provider:1:{i}".encode()).hexdigest()[:8].upper()
        for i in range(10_000)
    }
    assert target not in plain
    # With the key it is found, which is why only the key's holder can link them.
    assert target in {pseudonym("provider", 1, i, key=b"the-real-key") for i in range(10_000)}


def test_the_key_comes_from_the_settings():
    with override_settings(REGISTRATION_PSEUDONYM_KEY="one"):
        one = pseudonym("facility", 1, 1)
    with override_settings(REGISTRATION_PSEUDONYM_KEY="two"):
        two = pseudonym("facility", 1, 1)
    assert one != two
    assert settings.REGISTRATION_PSEUDONYM_KEY == "" or isinstance(
        settings.REGISTRATION_PSEUDONYM_KEY, str
    )


@pytest.fixture
def analysed(cast, provider, provider_g, travel):  # noqa: ANN001, ANN201
    travel(date(2024, 10, 16))
    for p in (provider, provider_g):
        services.entry_add(
            actor=p.user,
            provider=p,
            day=date(2024, 10, 16),
            activity=activity("treatment", "team_meeting"),
            minutes=120,
        )
    services.day_off_set(actor=provider.user, provider=provider, day=date(2024, 10, 15), off=True)
    travel(date(2024, 12, 16))
    run = AnalysisRun.objects.create(study=provider.participation.study)
    services.analysis_execute(run_id=run.pk)
    return provider.participation.study


@pytest.mark.django_db
def test_raw_data_is_deleted_on_the_deletion_date_and_aggregates_survive(cast, analysed, travel):
    study = analysed
    travel(date(2025, 6, 12))
    assert delete_expired_raw_data.apply().get() == []
    assert TimeEntry.objects.count() == 2

    travel(date(2025, 6, 13))
    assert delete_expired_raw_data.apply().get() == [study.pk]

    study.refresh_from_db()
    assert study.raw_deleted_at is not None
    assert not TimeEntry.objects.exists()
    assert not DayOff.objects.exists()
    assert not ProviderProfile.objects.exists()  # names, e-mail addresses and wages go too
    assert Participation.objects.filter(study=study).count() == 2
    assert AnalysisResult.objects.filter(run__study=study).count() == 3  # sector + 2 facilities
    event = AuditEvent.objects.get(action="registration_study.raw_data_deleted")
    assert event.details["entries"] == 2 and event.details["providers"] == 2
    # Running again deletes nothing more.
    assert delete_expired_raw_data.apply().get() == []

    # The stored reports still open; a new analysis is refused with a reason.
    director = login(cast.users[Role.FACILITY_DIRECTOR])
    report = director.get(
        reverse(
            "registration:facility_report", args=[study.pk, cast.organisations["facility_f"].pk]
        )
    )
    assert "Analyserapport: Voorziening F" in report.content.decode()
    admin = login(cast.users[Role.AGENCY_ADMIN])
    response = admin.post(reverse("registration:analysis_run", args=[study.pk]), follow=True)
    assert "een nieuwe analyse kan niet meer" in response.content.decode()


def test_the_deletion_runs_daily_on_the_retention_queue():
    entry = settings.CELERY_BEAT_SCHEDULE["registration-delete-raw-data"]
    assert entry["task"] == "registration.retention.delete_expired_raw_data"
    from portal.celery import app

    assert app.amqp.router.route({}, entry["task"])["queue"].name == "retention"
    assert (
        app.amqp.router.route({}, "registration.aggregation.run_study_analysis")["queue"].name
        == "aggregation"
    )


@pytest.mark.django_db
def test_the_research_export_is_pseudonymised(cast, analysed, provider):
    study = analysed
    client = login(cast.users[Role.RESEARCHER])
    response = client.get(reverse("registration:research_export", args=[study.pk]))
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    lines = text.strip().splitlines()
    assert lines[0].startswith("facility;facility_type;size_class;provider;care_function")
    assert len(lines) == 3
    assert pseudonym("provider", study.pk, provider.pk) in text
    assert provider.user.email not in text and provider.last_name not in text
    assert "Voorziening F" not in text
    assert "24.29" in text  # cost per clinical hour: researchers see cost data
    assert AuditEvent.objects.filter(action="registration_research.export").exists()


@pytest.mark.django_db
def test_only_researchers_get_the_research_export(cast, analysed):
    url = reverse("registration:research_export", args=[analysed.pk])
    for role in (Role.AGENCY_ADMIN, Role.FACILITY_DIRECTOR, Role.CARE_PROVIDER):
        assert login(cast.users[role]).get(url).status_code == 403
    assert login(cast.charlie).get(url).status_code == 403
