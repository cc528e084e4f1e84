"""Writing time entries: the rules enforced by the services that pages, API and uploads share."""

from __future__ import annotations

from datetime import date

import pytest

from accounts.models import AuditEvent
from registration import services
from registration.models import DayOff, RegistrationStatus, TimeEntry

from .conftest import activity

pytestmark = pytest.mark.django_db

WED = date(2024, 10, 16)


def add(provider, day=WED, minutes=60, act=None, **kwargs):  # noqa: ANN001, ANN201
    return services.entry_add(
        actor=provider.user,
        provider=provider,
        day=day,
        activity=act or activity("treatment", "direct_contact"),
        minutes=minutes,
        **kwargs,
    )


def test_an_entry_is_stored_and_audited(provider, travel):
    travel(WED)
    result = add(provider, minutes=90)
    assert not result.merged
    entry = TimeEntry.objects.get()
    assert (entry.day, entry.minutes, entry.provider) == (WED, 90, provider)
    event = AuditEvent.objects.filter(action="time_entry.create").get()
    assert event.actor == provider.user
    assert event.details == {"day": "2024-10-16", "minutes": 90}


def test_the_same_activity_twice_on_a_day_adds_up_in_one_row(provider, travel):
    travel(WED)
    add(provider, minutes=60)
    result = add(provider, minutes=45)
    assert result.merged
    assert TimeEntry.objects.get().minutes == 105


@pytest.mark.parametrize("minutes", [10, 0, 20])
def test_only_quarter_hours(provider, travel, minutes):
    travel(WED)
    with pytest.raises(services.RuleError):
        add(provider, minutes=minutes)
    assert not TimeEntry.objects.exists()


def test_no_future_days(provider, travel):
    travel(WED)
    with pytest.raises(services.RuleError) as error:
        add(provider, day=date(2024, 10, 17))
    assert error.value.problem.code == "future"


def test_only_inside_the_study_period(provider, travel):
    travel(date(2024, 12, 16))
    with pytest.raises(services.RuleError) as error:
        add(provider, day=date(2024, 12, 14))
    assert error.value.problem.code == "outside"
    with pytest.raises(services.RuleError):
        add(provider, day=date(2024, 10, 11))
    add(provider, day=date(2024, 12, 13))  # the last day of the period, before closing


def test_no_changes_after_the_closing_day(provider, travel):
    travel(date(2024, 12, 20))
    entry = add(provider, day=date(2024, 12, 13)).entry
    travel(date(2024, 12, 21))
    for attempt in (
        lambda: add(provider, day=date(2024, 12, 12)),
        lambda: services.entry_update(actor=provider.user, entry=entry, minutes=120),
        lambda: services.entry_delete(actor=provider.user, entry=entry),
    ):
        with pytest.raises(services.RuleError) as error:
            attempt()
        assert error.value.problem.code == "closed"
    assert TimeEntry.objects.get().minutes == 60


def test_a_day_above_12_hours_needs_a_confirmation(provider, travel):
    travel(WED)
    add(provider, minutes=8 * 60)
    team = activity("treatment", "team_meeting")
    with pytest.raises(services.RuleError) as error:
        add(provider, act=team, minutes=4 * 60 + 15)
    assert error.value.problem.code == "long_day"
    add(provider, act=team, minutes=4 * 60 + 15, confirm_long_day=True)
    assert sum(TimeEntry.objects.values_list("minutes", flat=True)) == 12 * 60 + 15


def test_nothing_is_written_before_the_agreement_is_signed(provider, travel):
    travel(WED)
    provider.participation.agreement_signed_at = None
    provider.participation.save(update_fields=["agreement_signed_at"])
    with pytest.raises(services.RuleError) as error:
        add(provider)
    assert error.value.problem.code == "unsigned"


def test_people_marked_as_not_registering_cannot_register(provider, travel):
    travel(WED)
    provider.status = RegistrationStatus.INTERN
    provider.save(update_fields=["status"])
    with pytest.raises(services.RuleError) as error:
        add(provider)
    assert error.value.problem.code == "not_registering"


def test_an_inactive_activity_cannot_be_chosen(provider, travel):
    travel(WED)
    old = activity("other", "union_work")
    old.is_active = False
    old.save(update_fields=["is_active"])
    with pytest.raises(services.RuleError):
        add(provider, act=old)


def test_updating_checks_the_day_total_without_counting_the_entry_twice(provider, travel):
    travel(WED)
    entry = add(provider, minutes=8 * 60).entry
    services.entry_update(actor=provider.user, entry=entry, minutes=12 * 60)
    with pytest.raises(services.RuleError):
        services.entry_update(actor=provider.user, entry=entry, minutes=12 * 60 + 15)
    entry.refresh_from_db()
    assert entry.minutes == 12 * 60


def test_copy_previous_day_takes_the_last_day_with_entries_and_skips_what_is_there(
    provider, travel
):
    friday, monday = date(2024, 10, 18), date(2024, 10, 21)
    travel(friday)
    add(provider, day=friday, minutes=300)
    add(provider, day=friday, act=activity("treatment", "team_meeting"), minutes=90)
    travel(monday)
    add(provider, day=monday, act=activity("treatment", "team_meeting"), minutes=60)

    result = services.day_copy_previous(actor=provider.user, provider=provider, day=monday)

    assert (result.source_day, result.copied, result.skipped) == (friday, 1, 1)
    rows = dict(TimeEntry.objects.filter(day=monday).values_list("activity__code", "minutes"))
    assert rows == {"direct_contact": 300, "team_meeting": 60}
    again = services.day_copy_previous(actor=provider.user, provider=provider, day=monday)
    assert again.copied == 0


def test_copy_without_an_earlier_day_does_nothing(provider, travel):
    travel(WED)
    result = services.day_copy_previous(actor=provider.user, provider=provider, day=WED)
    assert result.source_day is None and result.copied == 0


def test_a_day_off_is_cleared_by_registering(provider, travel):
    travel(WED)
    services.day_off_set(actor=provider.user, provider=provider, day=WED, off=True)
    assert DayOff.objects.filter(provider=provider, day=WED).exists()
    add(provider)
    assert not DayOff.objects.exists()
    with pytest.raises(services.RuleError):
        services.day_off_set(actor=provider.user, provider=provider, day=WED, off=True)
