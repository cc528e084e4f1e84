"""Time registration in a real browser, on a desktop and on a 375 px phone:

- a care provider copies the previous working day, registers today with the keyboard only
  (search, hours, minutes, Enter; cluster, activity, Enter), edits one entry and deletes another;
- a facility director sees the completeness of the registrations and the facility report;
- the agency reads the sector report and runs the seed's sensitivity analysis.

The study runs around today (a browser keeps the real clock), like the demo's.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import Role
from registration import services, workdays
from registration.models import (
    Activity,
    AnalysisRun,
    Participation,
    ProviderProfile,
    RegistrationStudy,
    TimeEntry,
)
from tests.browser.helpers import force_login, serious_accessibility_violations
from tests.factories import member
from tests.registration.conftest import ensure_catalogue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 812}}


def previous_working_day(day):  # noqa: ANN001, ANN201
    day -= timedelta(days=1)
    while not workdays.is_working_day(day):
        day -= timedelta(days=1)
    return day


def activity(cluster: str, code: str) -> Activity:
    return Activity.objects.get(cluster__code=cluster, code=code)


def profile(participation: Participation, user, function: str = "psychologist", cost: str = "4000"):  # noqa: ANN001, ANN201
    return ProviderProfile.objects.create(
        participation=participation,
        user=user,
        first_name=user.first_name,
        last_name=user.last_name,
        email=user.email,
        care_function=function,
        weekly_clinical_hours=Decimal("38"),
        monthly_clinical_cost=Decimal(cost),
        monthly_total_wage_cost=Decimal(cost) + 500,
        youth_share_percent=50,
        seniority_years=6,
    )


def open_study(cast):  # noqa: ANN001, ANN201
    """A study open today with facilities F and G (signed), providers and past entries."""
    ensure_catalogue()
    today = timezone.localdate()
    start = workdays.week_start(today) - timedelta(weeks=2)
    study = RegistrationStudy.objects.create(
        name="Registratie CAR en CGG",
        starts_on=start,
        ends_on=start + timedelta(days=59),
        edits_until=start + timedelta(days=66),
        delete_raw_on=start + timedelta(days=240),
        agreement_text="Overeenkomst.",
    )
    f, g = cast.organisations["facility_f"], cast.organisations["facility_g"]
    participations = {
        o.code: Participation.objects.create(
            study=study, facility=o, agreement_signed_at=timezone.now()
        )
        for o in (f, g)
    }
    me = profile(participations[f.code], cast.users[Role.CARE_PROVIDER])
    colleague = profile(
        participations[f.code],
        member(Role.CARE_PROVIDER, f, first_name="Els", last_name="Claes", email="els@example.org"),
        "social_worker",
        "3500",
    )
    other = profile(
        participations[g.code],
        member(
            Role.CARE_PROVIDER, g, first_name="Gijs", last_name="Maes", email="gijs@example.org"
        ),
        "psychiatrist",
        "6000",
    )
    plan = {
        me: [
            ("treatment", "direct_contact", 300),
            ("treatment", "team_meeting", 90),
            ("treatment", "administration", 90),
        ],
        colleague: [
            ("intake", "direct_contact", 240),
            ("consult_liaison", "network_meeting", 120),
            ("intake", "administration", 120),
        ],
        other: [
            ("diagnostics", "direct_contact", 300),
            ("treatment", "team_meeting", 120),
            ("consult_liaison", "liaison", 60),
        ],
    }
    days = workdays.working_days(start, today - timedelta(days=1))
    rows = []
    for provider, items in plan.items():
        for number, day in enumerate(days):
            if provider is me and day == previous_working_day(today):
                continue  # the day the story copies into
            if provider is colleague and number % 4 == 3:
                continue  # gaps for the completeness view
            rows += [
                TimeEntry(provider=provider, day=day, activity=activity(c, a), minutes=m)
                for c, a, m in items
            ]
    TimeEntry.objects.bulk_create(rows)
    run = AnalysisRun.objects.create(study=study)
    services.analysis_execute(run_id=run.pk)
    return study, me


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def viewport(request, page: Page) -> str:  # noqa: ANN001
    page.set_viewport_size(VIEWPORTS[request.param])
    return request.param


def csp_violations(page: Page) -> list[str]:
    """Content-Security-Policy violations the pages cause, collected as they happen.

    plotly.min.js bundles MapLibre, which injects its map stylesheet as an inline <style> on
    load; the policy blocks it, and since no chart here is a map, that one is expected.
    """
    found: list[str] = []
    page.expose_function("reportCspViolation", lambda text: found.append(text))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', function (e) {"
        " var target = e.target && e.target.outerHTML ? e.target.outerHTML.slice(0, 120) : '';"
        " if (target.indexOf('maplibregl') === -1) {"
        "  window.reportCspViolation(e.violatedDirective + ' ' + e.sourceFile + ' ' + target);"
        " } });"
    )
    return found


def test_a_provider_registers_a_day_with_the_keyboard_edits_deletes_and_copies(
    live_server, page: Page, cast, screenshot, viewport
):
    study, me = open_study(cast)
    today = timezone.localdate()
    yesterday = previous_working_day(today)
    problems = csp_violations(page)
    force_login(page, live_server.url, me.user)

    # Copy the day before onto the previous working day, which is still empty.
    page.goto(f"{live_server.url}/tijdsregistratie/dag/{yesterday.isoformat()}/")
    expect(page.get_by_text("Nog niets geregistreerd op deze dag")).to_be_visible()
    page.get_by_role("button", name="Kopieer van").click()
    expect(page.get_by_text("3 registraties gekopieerd van")).to_be_visible()
    expect(page.locator(".day-total")).to_contain_text("8 u")
    screenshot(f"{viewport}-copied")

    # Today: the page opens here; everything below is done with the keyboard only.
    page.goto(f"{live_server.url}/tijdsregistratie/dag/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("vandaag")
    expect(page.get_by_role("heading", name="Sneltoetsen")).to_be_visible()
    page.locator("body").click(position={"x": 5, "y": 5})  # focus the page, not a field
    page.keyboard.press("/")
    expect(page.locator("#activity-search")).to_be_focused()
    page.keyboard.type("teamoverleg behandeling")
    expect(page.locator("#activity-search-status")).to_contain_text("Teamoverleg")
    page.keyboard.press("Enter")  # picks the first match and moves to the hours
    expect(page.locator("#id_hours")).to_be_focused()
    page.keyboard.type("1")
    page.keyboard.press("Tab")
    page.keyboard.type("30")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Bewaard: Teamoverleg, 1 u 30 min.")).to_be_visible()
    expect(page.locator("#cluster-select")).to_be_focused()  # ready for the next one

    page.keyboard.type("Gespecialiseerde diag")  # choose the cluster by typing
    expect(page.locator("#cluster-select")).to_have_value(
        str(activity("diagnostics", "direct_contact").cluster_id)
    )
    page.keyboard.press("Tab")
    page.keyboard.type("Direct cli")
    page.keyboard.press("Tab")
    page.keyboard.type("4")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Bewaard: Direct cliëntencontact, 4 u.")).to_be_visible()
    expect(page.locator(".day-total")).to_contain_text("5 u 30 min")
    screenshot(f"{viewport}-registered")
    assert (found := serious_accessibility_violations(page)) == [], found

    # Edit the team meeting in place, then delete the direct contact (asked inline first).
    team = page.locator(".entry", has_text="Teamoverleg")
    team.get_by_text("Wijzig").click()
    team.get_by_label("Uren").select_option("2")
    team.get_by_role("button", name="Bewaar").click()
    expect(page.get_by_text("Gewijzigd: Teamoverleg, 2 u 30 min.")).to_be_visible()
    direct = page.locator(".entry", has_text="Direct cliëntencontact")
    direct.get_by_role("button", name="Verwijder").click()
    expect(direct.get_by_text("verwijderen?")).to_be_visible()
    screenshot(f"{viewport}-confirm-delete")
    direct.get_by_role("button", name="Ja, verwijder").click()
    expect(page.get_by_text("Verwijderd: Direct cliëntencontact, 4 u.")).to_be_visible()
    expect(page.locator(".entry")).to_have_count(1)
    expect(page.locator(".day-total")).to_contain_text("2 u 30 min")
    assert TimeEntry.objects.filter(provider=me, day=today).count() == 1
    assert problems == [], problems


def test_a_director_sees_completeness_and_the_facility_report(
    live_server, page: Page, cast, screenshot
):
    study, _me = open_study(cast)
    problems = csp_violations(page)
    force_login(page, live_server.url, cast.users[Role.FACILITY_DIRECTOR])
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Tijdsregistratie").first.click()
    page.get_by_role("link", name=study.name).click()
    page.get_by_role("link", name="Volledigheid van de registraties").click()
    expect(page.get_by_role("heading", name="Volledigheid van de registraties")).to_be_visible()
    claes = page.locator("tr", has_text="Els Claes")
    expect(claes.locator(".missing-days li").first).to_be_visible()
    expect(page.get_by_text("Teamoverleg")).to_have_count(0)  # never the content of entries
    screenshot("completeness")

    page.go_back()
    page.get_by_role("link", name="Analyserapport van je voorziening").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Analyserapport: Voorziening F")
    expect(
        page.locator("#fig-clusters + *, [data-figure='fig-clusters'] .main-svg").first
    ).to_be_visible()
    expect(
        page.get_by_role("table", name="Tijd en kost per cluster, voor de hele periode")
    ).to_be_visible()
    expect(page.get_by_text("Hoe berekenen we dit?").first).to_be_visible()
    expect(page.get_by_role("link", name="Download als Excel")).to_be_visible()
    screenshot("facility-report")
    page.set_viewport_size(VIEWPORTS["phone"])
    page.reload()
    expect(page.locator("[data-figure='fig-clusters'] .main-svg").first).to_be_visible()
    screenshot("facility-report-phone")
    assert problems == [], problems


def test_the_agency_reads_the_sector_report_and_runs_a_sensitivity_analysis(
    live_server, page: Page, cast, screenshot
):
    study, _me = open_study(cast)
    problems = csp_violations(page)
    force_login(page, live_server.url, cast.users[Role.AGENCY_ADMIN])
    page.goto(f"{live_server.url}/tijdsregistratie/studies/{study.pk}/")
    expect(page.get_by_role("heading", name="Analyse")).to_be_visible()
    page.get_by_role("link", name="Sectorrapport").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sectorrapport")
    expect(page.locator("[data-figure='fig-distribution'] .main-svg").first).to_be_visible()
    facilities = page.get_by_role(
        "table", name="Tijdsaandeel per cluster, per voorziening (gepseudonimiseerd)"
    )
    expect(facilities).to_contain_text("VZ-")
    expect(facilities).not_to_contain_text("Voorziening F")
    screenshot("sector-report")

    page.get_by_role("link", name="Sensitiviteitsanalyse").first.click()
    page.get_by_label("Wat verander je?").select_option("activity:treatment:team_meeting")
    page.get_by_label("Nieuw tijdsaandeel (in %)").fill("20")
    page.get_by_role("button", name="Bereken").click()
    expect(page.get_by_role("heading", name="Teamoverleg naar 20 % van de tijd")).to_be_visible()
    result = page.get_by_role(
        "table", name="Per onderdeel: nu en na de verandering, in % van de huidige totalen"
    )
    expect(result.locator("tr.is-selected")).to_contain_text("20,0 %")
    expect(page.locator("[data-figure='fig-sensitivity'] .main-svg").first).to_be_visible()
    screenshot("sensitivity")
    page.set_viewport_size(VIEWPORTS["phone"])
    page.reload()
    expect(result.locator("tr.is-selected")).to_contain_text("20,0 %")
    screenshot("sensitivity-phone")
    assert (found := serious_accessibility_violations(page)) == [], found
    assert problems == [], problems
