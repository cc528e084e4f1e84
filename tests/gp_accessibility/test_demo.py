"""The demo: eleven circles with lists, synthetic indicators said to be synthetic, a closed and an
open round of the accessibility questionnaire, and results that are not suppressed."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import Organisation, User
from gp_accessibility.models import IndicatorValue, ResultSet
from questionnaires.models import Response, Round, RoundEntry


def test_the_demo_seed_is_idempotent_and_shows_results_beside_flanders(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())

    assert Organisation.objects.filter(kind="gp_circle", is_demo=True).count() == 11
    assert IndicatorValue.objects.filter(is_synthetic=False).count() == 0
    closed = Round.objects.get(title="Toegankelijkheid huisartsenzorg 2025")
    assert closed.closed_at is not None
    assert closed.entries.filter(response__status=Response.Status.SUBMITTED).count() == 11
    gent = RoundEntry.objects.get(
        round__title="Toegankelijkheid huisartsenzorg 2026", organisation__code="hak-gent"
    )
    assert gent.response.status == Response.Status.DRAFT and gent.response.answers.count() == 3
    latest = ResultSet.objects.first()
    assert latest.is_synthetic and latest.circle_count == 11
    assert latest.flanders["gps_per_100k"]["suppressed"] is False

    client = Client()
    client.force_login(User.objects.get(email="kringgebruiker@demo.example.org"))
    page = client.get(reverse("gp_accessibility:index"), follow=True).content.decode()
    assert "Synthetische cijfers." in page
    assert "Toegankelijkheid huisartsenzorg 2025" in page
    assert "niet getoond: minder dan 5 kringen</td>" not in page
