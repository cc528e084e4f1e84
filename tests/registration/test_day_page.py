"""The care provider's daily page: what it shows, how it writes, and that it stays fast."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import Role
from registration import services
from registration.models import TimeEntry

from .conftest import activity, login

pytestmark = pytest.mark.django_db

WED = date(2024, 10, 16)


@pytest.fixture
def client_p(provider):  # noqa: ANN001, ANN201
    """Logs in lazily, at the first request, so the session starts after the last time travel."""

    class LazyClient:
        _client = None

        def __getattr__(self, name):  # noqa: ANN001, ANN204
            if self._client is None:
                self._client = login(provider.user)
            return getattr(self._client, name)

    return LazyClient()


def day_url(day: date) -> str:
    return reverse("registration:day", args=[day])


def add(provider, day=WED, minutes=60, cluster="treatment", code="direct_contact"):  # noqa: ANN001, ANN201
    return services.entry_add(
        actor=provider.user,
        provider=provider,
        day=day,
        activity=activity(cluster, code),
        minutes=minutes,
    ).entry


def test_it_opens_on_today(client_p, provider, travel):
    travel(WED)
    add(provider, minutes=90)
    response = client_p.get(reverse("registration:day_today"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "woensdag 16 oktober 2024" in text
    assert "Direct cliëntencontact" in text and "1 u 30 min" in text
    assert "Sneltoetsen" in text
    assert "registration/registration.js" in text


def test_after_the_period_it_opens_on_the_last_day_read_only(client_p, provider, travel):
    travel(date(2024, 12, 22))
    response = client_p.get(reverse("registration:day_today"))
    text = response.content.decode()
    assert "vrijdag 13 december 2024" in text
    assert "De registratie is afgesloten sinds 20/12/2024" in text
    assert 'id="entry-form"' not in text


def test_a_future_day_is_read_only(client_p, provider, travel):
    travel(WED)
    text = client_p.get(day_url(date(2024, 10, 18))).content.decode()
    assert "Je kan niet vooruit registreren" in text
    assert 'id="entry-form"' not in text


def test_the_date_picker_jumps_to_a_day(client_p, provider, travel):
    travel(WED)
    response = client_p.get(reverse("registration:day_today"), {"datum": "2024-10-15"})
    assert response.status_code == 302 and response.url == day_url(date(2024, 10, 15))
    response = client_p.get(reverse("registration:day_today"), {"datum": "gisteren"}, follow=True)
    assert "Kies een datum met de datumkiezer" in response.content.decode()


def test_adding_an_entry_redirects_back_to_the_form(client_p, provider, travel):
    travel(WED)
    team = activity("treatment", "team_meeting")
    response = client_p.post(
        reverse("registration:entry_add", args=[WED]),
        {"activity": team.pk, "hours": 1, "minutes": 15},
    )
    assert response.status_code == 302
    assert response.url == day_url(WED) + "#nieuw"
    assert TimeEntry.objects.get().minutes == 75
    page = client_p.get(response.url).content.decode()
    assert "Bewaard: Teamoverleg, 1 u 15 min." in page


def test_form_errors_say_what_to_do_and_keep_the_choice(client_p, provider, travel):
    travel(WED)
    team = activity("treatment", "team_meeting")
    response = client_p.post(
        reverse("registration:entry_add", args=[WED]),
        {"activity": team.pk, "hours": 0, "minutes": 0},
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "Kies een duur van minstens 15 minuten." in text
    assert f'<option value="{team.pk}" selected>' in text
    response = client_p.post(
        reverse("registration:entry_add", args=[WED]), {"hours": 1, "minutes": 0}
    )
    assert "Kies een cluster en een activiteit." in response.content.decode()
    response = client_p.post(
        reverse("registration:entry_add", args=[WED]),
        {"activity": team.pk, "hours": 1, "minutes": 10},
    )
    assert response.status_code == 200
    assert not TimeEntry.objects.exists()


def test_a_long_day_asks_for_confirmation_then_saves(client_p, provider, travel):
    travel(WED)
    add(provider, minutes=11 * 60)
    team = activity("treatment", "team_meeting")
    data = {"activity": team.pk, "hours": 1, "minutes": 30}
    response = client_p.post(reverse("registration:entry_add", args=[WED]), data)
    text = response.content.decode()
    assert "Deze dag komt op 12 u 30 min, meer dan 12 uur" in text
    assert "Ja, ik werkte meer dan 12 uur op deze dag" in text
    assert TimeEntry.objects.count() == 1
    response = client_p.post(
        reverse("registration:entry_add", args=[WED]), {**data, "confirm_long_day": "on"}
    )
    assert response.status_code == 302
    assert TimeEntry.objects.count() == 2


def test_editing_in_place(client_p, provider, travel):
    travel(WED)
    entry = add(provider, minutes=60)
    response = client_p.post(
        reverse("registration:entry_edit", args=[entry.pk]),
        {f"edit-{entry.pk}-hours": 2, f"edit-{entry.pk}-minutes": 45},
    )
    assert response.status_code == 302 and response.url.endswith(f"#regel-{entry.pk}")
    entry.refresh_from_db()
    assert entry.minutes == 165


def test_deleting_asks_first_then_deletes(client_p, provider, travel):
    travel(WED)
    entry = add(provider, minutes=60)
    url = reverse("registration:entry_delete", args=[entry.pk])
    page = client_p.get(url).content.decode()
    assert "Registratie verwijderen?" in page and "Direct cliëntencontact" in page
    response = client_p.post(url)  # without confirmation: the question again
    assert response.status_code == 200 and TimeEntry.objects.exists()
    response = client_p.post(url, {"confirmed": "1"})
    assert response.status_code == 302
    assert not TimeEntry.objects.exists()


def test_copy_previous_day_from_the_page(client_p, provider, travel):
    travel(date(2024, 10, 15))
    add(provider, day=date(2024, 10, 15), minutes=300)
    add(provider, day=date(2024, 10, 15), minutes=60, code="administration")
    travel(WED)
    page = client_p.get(day_url(WED)).content.decode()
    assert "Kopieer van dinsdag 15/10" in page
    response = client_p.post(reverse("registration:day_copy", args=[WED]), follow=True)
    assert "2 registraties gekopieerd van dinsdag 15 oktober." in response.content.decode()
    assert TimeEntry.objects.filter(day=WED).count() == 2


def test_week_total_against_contract_hours_warns_when_a_past_week_is_off(
    client_p, provider, travel
):
    travel(date(2024, 10, 14))
    add(provider, day=date(2024, 10, 14), minutes=8 * 60)
    travel(date(2024, 10, 22))
    text = client_p.get(day_url(date(2024, 10, 14))).content.decode()
    assert "van 38 u volgens je contract" in text
    assert "79% minder dan je contracturen" in text


def test_recent_activities_are_offered_as_one_click_choices(client_p, provider, travel):
    travel(WED)
    add(provider, day=date(2024, 10, 15), code="team_meeting")
    text = client_p.get(day_url(WED)).content.decode()
    team = activity("treatment", "team_meeting")
    assert f'data-activity="{team.pk}"' in text


def test_someone_elses_entry_is_not_found(client_p, colleague, provider_g, travel):
    travel(WED)
    for other in (colleague, provider_g):
        entry = add(other)
        assert (
            client_p.get(reverse("registration:entry_delete", args=[entry.pk])).status_code == 404
        )
        response = client_p.post(
            reverse("registration:entry_edit", args=[entry.pk]),
            {f"edit-{entry.pk}-hours": 9, f"edit-{entry.pk}-minutes": 0},
        )
        assert response.status_code == 404
        assert (
            client_p.post(
                reverse("registration:entry_delete", args=[entry.pk]), {"confirmed": "1"}
            ).status_code
            == 404
        )
    assert TimeEntry.objects.count() == 2
    text = client_p.get(day_url(WED)).content.decode()
    assert "Nog niets geregistreerd op deze dag" in text


def test_charlie_from_another_organisation_is_refused(cast, provider, travel):
    travel(WED)
    client = login(cast.charlie)
    assert client.get(reverse("registration:day_today")).status_code == 403
    assert client.post(reverse("registration:entry_add", args=[WED]), {}).status_code == 403


def test_a_care_provider_on_no_list_is_told_what_to_do(cast, travel):
    travel(WED)
    client = login(cast.users[Role.CARE_PROVIDER])
    text = client.get(reverse("registration:day_today")).content.decode()
    assert "Je staat nog niet op de lijst" in text


def test_the_provider_never_sees_cost_data(client_p, provider, travel):
    travel(WED)
    add(provider)
    text = client_p.get(day_url(WED)).content.decode()
    assert "€" not in text and "24,29" not in text


def _queries_for_day_page(client, url, django_assert_max_num_queries):  # noqa: ANN001, ANN202
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_day_page_uses_a_constant_number_of_queries(
    client_p, provider, travel, django_assert_num_queries
):
    travel(WED)
    client_p.get(day_url(WED))  # the first request writes the session; measure the next ones
    few = _queries_for_day_page(client_p, day_url(WED), None)
    codes = [
        "direct_contact",
        "team_meeting",
        "administration",
        "no_show",
        "direct_contact_on_location",
    ]
    for day in (date(2024, 10, 14), date(2024, 10, 15), WED):
        for cluster in ("treatment", "diagnostics", "intake"):
            for code in codes:
                add(provider, day=day, minutes=15, cluster=cluster, code=code)
    with django_assert_num_queries(few):
        client_p.get(day_url(WED))
    assert few <= 14  # 9 of them are the foundation's (session, user, MFA, memberships)
