"""The dashboard pages and downloads as their users see them: tiles, filters, chart and table,
definition, downloads, audit; and an authorised person only ever sees their own bureaus."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.authorisations import diff, review, services
from accounts.models import AuditEvent, Role, User
from tests.accounts.conftest import addition, submit
from tests.dashboards.conftest import MARCH_APRIL, client_for
from tests.factories import enrol_totp

pytestmark = pytest.mark.django_db


def page(slug: str) -> str:
    return reverse("dashboards:question", args=[slug])


def download(slug: str, fmt: str) -> str:
    return reverse("dashboards:download", args=[slug, fmt])


def test_the_home_page_has_a_dashboard_tile_for_organisers_authorised_persons_and_the_agency(
    schedule,
):
    for user in (schedule.alice, schedule.bob, schedule.admin):
        home = client_for(user).get(reverse("home")).content.decode()
        assert reverse("dashboards:overview") in home, user
    for role in (Role.PARENT, Role.PRACTITIONER, Role.CIRCLE_USER):
        home = client_for(schedule.users[role]).get(reverse("home")).content.decode()
        assert reverse("dashboards:overview") not in home, role


def test_the_overview_shows_a_tile_per_question_with_its_figure(schedule):
    response = client_for(schedule.alice).get(reverse("dashboards:overview"), MARCH_APRIL)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="tile"') == 9
    # Bureaus A and A2, March-April 2025: occupancy (11 + 5) / (15 + 6) = 76.2 %.
    assert "76,2 %" in html
    # Postponed 4 of 17 planned contacts at A, none of 5 at A2: 4/22 x 100 = 18.18 per 100.
    assert "18,18" in html
    assert f"{page('sessions')}?organiser=" in html
    event = AuditEvent.objects.filter(action="dashboards.overview").latest("occurred_at")
    assert event.category == "read"
    assert event.details["start"] == "2025-03-01"


def test_a_question_page_shows_the_chart_the_table_the_definition_and_downloads(schedule):
    bureau = schedule.organisations["bureau_a"].pk
    response = client_for(schedule.bob).get(
        page("sessions"), {**MARCH_APRIL, "granularity": "part_of_day"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>3. Zittingen, bezetting en vruchteloze contacten</h1>" in html
    assert 'data-figure="figure-0-sessions"' in html
    assert '<th scope="col" class="number">Bezetting</th>' in html
    # Morning at A: 7 of 8 places = 87,5 %; afternoon 66,7 %; evening 50,0 %; total 73,3 %.
    for text in ("87,5 %", "66,7 %", "50,0 %", "73,3 %", "18,2 %"):
        assert f'<td class="number">{text}</td>' in html, text
    assert "<caption" in html
    assert "Bezetting = bezette plaatsen ÷ plaatsen × 100" in html
    assert "samenvattingstabellen" in html
    assert "Laatst bijgewerkt" in html
    assert "Download als Excel (.xlsx)" in html
    assert "Download als CSV (.csv," in html
    event = AuditEvent.objects.filter(action="dashboards.read").latest("occurred_at")
    assert (event.category, event.details["slug"], event.details["bureaus"]) == (
        "read",
        "sessions",
        [bureau],
    )
    assert event.actor_id == schedule.bob.pk


def test_every_question_page_answers_for_every_granularity(schedule, django_assert_max_num_queries):
    client = client_for(schedule.alice)
    from dashboards.questions import QUESTIONS

    for question in QUESTIONS:
        for granularity in ("global", "month", "week", "day", "part_of_day"):
            # About 16 are the session, MFA, membership and audit-chain queries of every page;
            # the dashboard itself reads the facts in a handful of grouped queries.
            with django_assert_max_num_queries(24):
                response = client.get(
                    page(question.slug), {**MARCH_APRIL, "granularity": granularity}
                )
            assert response.status_code == 200, (question.slug, granularity)
            html = response.content.decode()
            assert "<caption" in html
            assert "Geen gegevens in deze periode." not in html, (question.slug, granularity)


def test_bad_dates_show_an_error_summary_and_keep_the_input(schedule):
    response = client_for(schedule.alice).get(
        page("sessions"), {"period": "custom", "start": "2025-05-01", "end": "2025-04-01"}
    )
    html = response.content.decode()
    assert "Er is 1 probleem" in html
    assert "De einddatum moet op of na de begindatum liggen." in html
    assert 'value="2025-05-01"' in html
    assert "data-figure" not in html


def test_the_xlsx_download_holds_the_table_and_the_definition(schedule, tmp_path):
    bureau = schedule.organisations["bureau_a"].pk
    response = client_for(schedule.alice).get(
        download("consult-kinds", "xlsx"),
        {**MARCH_APRIL, "bureau": bureau, "granularity": "part_of_day"},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="dashboard-consult')
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[1][:3] == ["Dagdeel", "Gewone consulten", "Duoconsulten"]
    # Morning: regular 3, duo 1, squeezed-in 1, combined 1, extra 0, all 6.
    assert rows[2] == ["voormiddag", 3, 1, 1, 1, 0, 6]
    assert rows[-1] == ["Totaal", 5, 1, 1, 1, 1, 9]
    about = {row[0].value: row[1].value for row in book["Definitie"].iter_rows()}
    assert about["Bron"].startswith("samenvattingstabellen")
    assert about["Bureaus"] == "Bureau A"
    event = AuditEvent.objects.filter(action="dashboards.export").latest("occurred_at")
    assert (event.category, event.details["format"], event.details["bureaus"]) == (
        "export",
        "xlsx",
        [bureau],
    )


def test_the_csv_download_opens_in_excel(schedule):
    bureau = schedule.organisations["bureau_a"].pk
    response = client_for(schedule.alice).get(
        download("postponements", "csv"), {**MARCH_APRIL, "bureau": bureau, "granularity": "global"}
    )
    content = response.content
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Verzette contacten per kanaal"]
    header, values = rows[1], rows[2]
    row = dict(zip(header, values, strict=True))
    # Doctor: 1 of 14 via the portal = 7,14 per 100; 2 of 14 by phone = 14,29.
    assert row["Via het portaal per 100 geplande (artsen)"] == "7,14"
    assert row["Via de telefoonlijn per 100 geplande (artsen)"] == "14,29"
    assert row["Geplande contacten (artsen)"] == "14"


def test_a_name_that_looks_like_a_formula_is_text_in_both_downloads(schedule):
    """A doctor's or bureau's name goes into the downloads as text, never as a formula."""
    schedule.named["an"].__class__.objects.filter(pk=schedule.named["an"].pk).update(
        first_name="=HYPERLINK(1)", last_name=""
    )
    bureau = schedule.organisations["bureau_a"].pk
    query = {**MARCH_APRIL, "bureau": bureau, "granularity": "global"}
    client = client_for(schedule.alice)
    text = client.get(download("contacts-per-doctor", "csv"), query).content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text
    book = load_workbook(
        io.BytesIO(client.get(download("contacts-per-doctor", "xlsx"), query).content)
    )
    labels = [row[0].value for row in book.worksheets[0].iter_rows()]
    assert "'=HYPERLINK(1)" in labels
    assert book.worksheets[0]["A3"].data_type != "f"


def test_suppressed_doctors_show_a_dash_and_a_note(schedule):
    html = (
        client_for(schedule.alice)
        .get(page("contacts-per-doctor"), {**MARCH_APRIL, "granularity": "global"})
        .content.decode()
    )
    assert '<th scope="row">Bert Bos</th><td class="number">1</td><td class="number">—</td>' in html
    assert "minder dan 5 uitgevoerde contacten" in html
    # The doctor filter offers the doctors of the chosen bureaus (not organiser B's Bea).
    assert f'<option value="{schedule.an.pk}">An Arts</option>' in html
    assert "Bea Baert" not in html
    assert '<th scope="row">An Arts</th><td class="number">3</td><td class="number">10</td>' in html


def test_an_authorised_person_of_organiser_a_never_sees_organiser_bs_bureaus(schedule):
    bob, charlie = client_for(schedule.bob), client_for(schedule.charlie)
    a, a2, b = (schedule.organisations[k].pk for k in ("bureau_a", "bureau_a2", "bureau_b"))
    organiser_a = schedule.organisations["organiser_a"].pk
    for url in (page("sessions"), download("sessions", "xlsx"), download("sessions", "csv")):
        assert bob.get(url, {"bureau": b}).status_code == 404
        assert bob.get(url, {"bureau": a2}).status_code == 404  # not authorised for A2
        assert charlie.get(url, {"bureau": a}).status_code == 404
        assert charlie.get(url, {"organiser": organiser_a}).status_code == 404
    # Without a bureau: only their own.
    html = bob.get(page("sessions"), MARCH_APRIL).content.decode()
    assert "Organisator A, 1 bureau," in html
    assert "Bureau A2" not in html
    assert "Bureau B" not in html
    html = charlie.get(page("sessions"), MARCH_APRIL).content.decode()
    assert "Organisator B, 1 bureau," in html
    assert "Bureau A" not in html
    assert "Organisator A" not in html


def test_the_overview_and_pages_refuse_other_roles(schedule):
    for role in (Role.PARENT, Role.PRACTITIONER, Role.RESEARCHER, Role.FACILITY_DIRECTOR):
        client = client_for(schedule.users[role])
        assert client.get(reverse("dashboards:overview")).status_code == 403
        assert client.get(page("sessions")).status_code == 403


def test_an_approved_person_sees_their_bureaus_and_a_removed_one_nothing_at_once(schedule):
    organiser = schedule.organisations["organiser_a"]
    a2 = schedule.organisations["bureau_a2"]
    auth_request = submit(
        schedule.alice, organiser, additions=[addition("Jan", "Janssens", "jan@example.org", a2)]
    )
    review.authorisation_request_approve(
        actor=schedule.admin,
        auth_request=auth_request,
        fingerprint=diff.request_diff(auth_request).fingerprint,
    )
    jan = User.objects.get(email="jan@example.org")
    enrol_totp(jan)
    client = client_for(jan)
    html = client.get(page("sessions"), MARCH_APRIL).content.decode()
    # A2 only (S5): 5 of 6 places = 83,3 %.
    assert "Organisator A, 1 bureau," in html
    assert '<td class="number">83,3 %</td>' in html
    assert (
        client.get(page("sessions"), {"bureau": schedule.organisations["bureau_a"].pk}).status_code
        == 404
    )

    services.authorised_person_remove_now(actor=schedule.alice, organiser=organiser, person=jan)
    assert client.get(page("sessions")).status_code in (302, 403)
    from accounts import policies

    jan = User.objects.get(pk=jan.pk)
    assert not policies.dashboard_bureaus_visible_to(jan).exists()
    assert not policies.can_read_bureau_dashboards(jan)


def test_the_agency_sees_every_organiser(schedule):
    html = client_for(schedule.admin).get(page("sessions")).content.decode()
    assert "Organisator A</option>" in html
    assert "Organisator B</option>" in html
    b = schedule.organisations["bureau_b"].pk
    response = client_for(schedule.admin).get(page("sessions"), {**MARCH_APRIL, "bureau": b})
    # Bureau B (S6): 2 of 3 places = 66,7 %.
    assert '<td class="number">66,7 %</td>' in response.content.decode()
