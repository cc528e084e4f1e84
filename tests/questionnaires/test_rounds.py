"""Rounds for organisations: the agency opens a round, a circle's team fills it in together,
an access manager submits once, the deadline makes it read-only, the agency follows the status
and closes the round; notices (the opening, reminders) go out exactly once."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import Role
from parent_portal.selectors import assignable_questionnaires
from questionnaires import notices, services
from questionnaires.models import Answer, Questionnaire, Response, RoundEntry, RoundNotice
from tests.factories import member
from tests.questionnaires.factories import make_round_questionnaire, open_round, question

MAM, AM, CU = Role.MAIN_ACCESS_MANAGER, Role.ACCESS_MANAGER, Role.CIRCLE_USER


def client_for(user) -> Client:  # noqa: ANN001
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def round_world(cast):  # noqa: ANN001, ANN201
    """A round for circles C and D; Dora is a circle user of D."""
    o = cast.organisations
    round_ = open_round(cast.admin, [o["circle_c"], o["circle_d"]])
    cast.named.update(
        round=round_,
        questionnaire=round_.questionnaire,
        entry_c=RoundEntry.objects.get(round=round_, organisation=o["circle_c"]),
        entry_d=RoundEntry.objects.get(round=round_, organisation=o["circle_d"]),
        dora=member(CU, o["circle_d"], first_name="Dora"),
    )
    return cast


def section_url(entry, number: int) -> str:  # noqa: ANN001
    return reverse("questionnaires:entry_section", args=[entry.pk, number])


def field(world, code: str) -> str:  # noqa: ANN001
    return f"q_{question(world.questionnaire, code).pk}"


# --- Definitions ----------------------------------------------------------------------------------


def test_a_questionnaire_for_organisations_is_not_offered_to_nurses_for_a_child(db):
    for_circles = make_round_questionnaire()
    for_parents = Questionnaire.objects.create(title="Consult", code="consult")
    assert list(assignable_questionnaires()) == [for_parents]
    assert for_circles.audience == Questionnaire.Audience.ORGANISATIONS


def test_the_agency_previews_a_questionnaire_with_its_conditions(round_world):
    w = round_world
    page = client_for(w.admin).get(reverse("questionnaires:preview", args=[w.questionnaire.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Waarom niet (altijd)?" in text
    assert 'data-show-values="[&quot;beperkt&quot;, &quot;nee&quot;]"' in text
    assert "data-preview" in text


# --- Opening --------------------------------------------------------------------------------------


def test_opening_a_round_gives_each_organisation_one_empty_response(round_world):
    w = round_world
    entries = RoundEntry.objects.filter(round=w.round)
    assert sorted(e.organisation.name for e in entries) == ["Kring C", "Kring D"]
    assert all(e.response.status == Response.Status.DRAFT for e in entries)
    assert w.entry_c.response.research_pseudonym != w.entry_d.response.research_pseudonym


def test_the_agency_opens_a_round_for_all_circles_from_the_page(
    cast, django_capture_on_commit_callbacks, eager_tasks
):
    questionnaire = make_round_questionnaire()
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(cast.admin).post(
            reverse("questionnaires:round_new"),
            {
                "questionnaire": questionnaire.pk,
                "title": "Toegankelijkheid 2026",
                "opens_on": today.isoformat(),
                "deadline_on": (today + timedelta(days=20)).isoformat(),
                "all_gp_circles": "on",
                "reminder_days": "7, 2",
            },
        )
    entries = RoundEntry.objects.filter(round__title="Toegankelijkheid 2026")
    assert response.status_code == 302
    assert {e.organisation.name for e in entries} == {"Kring C", "Kring D"}
    # The opening e-mail reached the circle's members at once (the round starts today).
    recipients = {m.to[0] for m in mail.outbox}
    assert cast.users[CU].email in recipients
    assert cast.users[MAM].email in recipients
    assert all("Toegankelijkheid 2026" in m.subject for m in mail.outbox)
    assert entries.first().round.reminder_days == [7, 2]


def test_the_round_form_says_what_to_fix(cast):
    questionnaire = make_round_questionnaire()
    today = timezone.localdate()
    response = client_for(cast.admin).post(
        reverse("questionnaires:round_new"),
        {
            "questionnaire": questionnaire.pk,
            "title": "Te laat",
            "opens_on": today.isoformat(),
            "deadline_on": (today - timedelta(days=2)).isoformat(),
            "reminder_days": "zeven",
        },
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "Kies minstens één organisatie" in text
    assert "Kies een deadline op of na de startdatum." in text
    assert "Vul aantallen dagen tussen 1 en 60 in" in text


def test_a_round_refuses_a_questionnaire_for_parents_and_a_bureau(cast):
    for_parents = Questionnaire.objects.create(title="Consult", code="consult")
    with pytest.raises(ValidationError) as error:
        open_round(cast.admin, [cast.organisations["bureau_a"]], questionnaire=for_parents)
    assert set(error.value.message_dict) == {"questionnaire", "organisations"}


# --- Filling in together, submitting once ---------------------------------------------------------


def test_a_circle_user_saves_half_and_the_access_manager_completes_and_submits(round_world):
    w = round_world
    user = client_for(w.users[CU])
    response = user.post(
        section_url(w.entry_c, 1),
        {
            field(w, "nieuwe_patienten"): "beperkt",
            field(w, "stop_reden"): ["werkdruk"],
            "action": "later",
        },
    )
    assert response.status_code == 302
    overview = user.get(reverse("questionnaires:entry", args=[w.entry_c.pk])).content.decode()
    assert "nog 1 verplichte vraag open" in overview

    manager = client_for(w.users[AM])
    page = manager.get(section_url(w.entry_c, 1)).content.decode()
    assert 'value="beperkt"' in page and "checked" in page  # the colleague's answers
    manager.post(section_url(w.entry_c, 2), {field(w, "wachttijd_dagen"): "6", "action": "next"})
    review = manager.get(reverse("questionnaires:entry_review", args=[w.entry_c.pk]))
    assert "Dien de vragenlijst in" in review.content.decode()
    done = manager.post(reverse("questionnaires:entry_review", args=[w.entry_c.pk]))
    assert done.status_code == 302
    w.entry_c.response.refresh_from_db()
    assert w.entry_c.response.is_submitted
    assert w.entry_c.response.submitted_by == w.users[AM]
    # Submitted: read-only for everyone, with a printable copy.
    assert user.get(section_url(w.entry_c, 1)).status_code == 302
    copy = user.get(reverse("questionnaires:entry_print", args=[w.entry_c.pk])).content.decode()
    assert "Beperkt" in copy and "Werkdruk" in copy and "6" in copy
    assert "Ingediend op" in copy


def test_saving_as_you_go_stores_each_change(round_world):
    w = round_world
    user = client_for(w.users[CU])
    response = user.post(
        section_url(w.entry_c, 2), {field(w, "wachttijd_dagen"): "12", "action": "autosave"}
    )
    assert response.status_code == 204
    assert Answer.objects.get(response=w.entry_c.response).value == 12
    bad = user.post(
        section_url(w.entry_c, 2), {field(w, "wachttijd_dagen"): "120", "action": "autosave"}
    )
    assert bad.status_code == 400
    assert Answer.objects.get(response=w.entry_c.response).value == 12


def test_a_circle_user_cannot_submit(round_world):
    w = round_world
    services.round_answers_save(
        actor=w.users[CU],
        entry=w.entry_c,
        values={
            question(w.questionnaire, "nieuwe_patienten").pk: "ja",
            question(w.questionnaire, "wachttijd_dagen").pk: 3,
        },
    )
    user = client_for(w.users[CU])
    review = user.get(reverse("questionnaires:entry_review", args=[w.entry_c.pk])).content.decode()
    assert "Alleen een (hoofd)toegangsbeheerder kan de vragenlijst indienen" in review
    assert "Dien de vragenlijst in" not in review
    assert user.post(reverse("questionnaires:entry_review", args=[w.entry_c.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        services.round_entry_submit(actor=w.users[CU], entry=w.entry_c)
    assert not Response.objects.get(pk=w.entry_c.response_id).is_submitted


def test_submitting_needs_every_shown_required_answer_and_drops_hidden_ones(round_world):
    w = round_world
    manager = client_for(w.users[MAM])
    services.round_answers_save(
        actor=w.users[MAM],
        entry=w.entry_c,
        values={
            question(w.questionnaire, "nieuwe_patienten").pk: "nee",
            question(w.questionnaire, "wachttijd_dagen").pk: 10,
        },
    )
    refused = manager.post(reverse("questionnaires:entry_review", args=[w.entry_c.pk]))
    assert refused.status_code == 400
    assert "Er is nog 1 vraag niet beantwoord" in refused.content.decode()
    services.round_answers_save(
        actor=w.users[MAM],
        entry=w.entry_c,
        values={
            question(w.questionnaire, "stop_reden").pk: ["tekort"],
            question(w.questionnaire, "nieuwe_patienten").pk: "ja",
        },
    )
    services.round_entry_submit(actor=w.users[MAM], entry=w.entry_c)
    codes = set(
        Answer.objects.filter(response=w.entry_c.response).values_list("question__code", flat=True)
    )
    assert codes == {"nieuwe_patienten", "wachttijd_dagen"}  # the hidden follow-up is dropped
    with pytest.raises(services.ResponseAlreadySubmittedError):
        services.round_entry_submit(actor=w.users[MAM], entry=w.entry_c)


def test_another_circle_never_sees_or_fills_our_entry(round_world):
    w = round_world
    dora = client_for(w.dora)
    assert dora.get(reverse("questionnaires:entry", args=[w.entry_c.pk])).status_code == 404
    assert dora.get(section_url(w.entry_c, 1)).status_code == 404
    assert dora.get(reverse("questionnaires:entry_print", args=[w.entry_c.pk])).status_code == 404
    assert dora.post(reverse("questionnaires:entry_review", args=[w.entry_c.pk])).status_code == 404
    charlie = client_for(w.charlie)
    assert charlie.get(reverse("questionnaires:entry", args=[w.entry_c.pk])).status_code == 403
    assert charlie.get(reverse("questionnaires:round_detail", args=[w.round.pk])).status_code == 403
    mine = dora.get(reverse("questionnaires:my_rounds")).content.decode()
    assert "Kring D" in mine and "Kring C" not in mine


def test_a_round_that_has_not_started_is_not_shown_to_members(cast):
    now = timezone.now()
    round_ = open_round(
        cast.admin,
        [cast.organisations["circle_c"]],
        opens_at=now + timedelta(days=3),
        deadline=now + timedelta(days=20),
    )
    entry = round_.entries.get()
    user = client_for(cast.users[CU])
    assert user.get(reverse("questionnaires:entry", args=[entry.pk])).status_code == 404


# --- The deadline ---------------------------------------------------------------------------------


def test_after_the_deadline_everything_is_read_only(round_world):
    w = round_world
    target = question(w.questionnaire, "wachttijd_dagen").pk
    services.round_answers_save(actor=w.users[CU], entry=w.entry_c, values={target: 4})
    with time_machine.travel(w.round.deadline + timedelta(minutes=1), tick=False):
        user = client_for(w.users[MAM])
        page = user.get(reverse("questionnaires:entry", args=[w.entry_c.pk])).content.decode()
        assert "De deadline" in page and "is voorbij" in page
        assert "Begin met invullen" not in page and "Verder invullen" not in page
        assert user.get(section_url(w.entry_c, 2)).status_code == 302
        late = user.post(section_url(w.entry_c, 2), {f"q_{target}": "9", "action": "autosave"})
        assert late.status_code == 409
        assert (
            user.post(reverse("questionnaires:entry_review", args=[w.entry_c.pk])).status_code
            == 302
        )
        with pytest.raises(services.RoundClosedError):
            services.round_answers_save(actor=w.users[MAM], entry=w.entry_c, values={target: 9})
        with pytest.raises(services.RoundClosedError):
            services.round_entry_submit(actor=w.users[MAM], entry=w.entry_c)
    assert Answer.objects.get(response=w.entry_c.response).value == 4
    assert not Response.objects.get(pk=w.entry_c.response_id).is_submitted


# --- Status, closing ------------------------------------------------------------------------------


def test_the_agency_sees_each_organisations_status_and_closes_the_round(round_world):
    w = round_world
    services.round_answers_save(
        actor=w.users[CU],
        entry=w.entry_d,
        values={question(w.questionnaire, "wachttijd_dagen").pk: 5},
    )
    closed = []
    services.on_round_closed(closed.append)
    try:
        agency = client_for(w.admin)
        page = agency.get(
            reverse("questionnaires:round_detail", args=[w.round.pk])
        ).content.decode()
        assert "0 van 2 organisaties hebben ingediend" in page
        assert "1 bezig" in page and "1 nog niet begonnen" in page
        confirm = agency.get(
            reverse("questionnaires:round_close", args=[w.round.pk])
        ).content.decode()
        assert "2 van de 2 organisaties hebben nog niet ingediend." in confirm
        agency.post(reverse("questionnaires:round_close", args=[w.round.pk]))
        agency.post(reverse("questionnaires:round_close", args=[w.round.pk]))
    finally:
        services._round_closed_listeners.remove(closed.append)
    w.round.refresh_from_db()
    assert w.round.closed_by == w.admin
    assert [r.pk for r in closed] == [w.round.pk]  # once, though asked twice
    with pytest.raises(services.RoundClosedError):
        services.round_answers_save(
            actor=w.users[CU],
            entry=w.entry_c,
            values={question(w.questionnaire, "opmerking").pk: "x"},
        )


def test_rounds_past_their_deadline_close_by_themselves(round_world):
    w = round_world
    closed = []
    services.on_round_closed(closed.append)
    try:
        assert services.close_rounds_past_deadline() == 0
        assert services.close_rounds_past_deadline(now=w.round.deadline) == 1
        assert services.close_rounds_past_deadline(now=w.round.deadline) == 0
    finally:
        services._round_closed_listeners.remove(closed.append)
    w.round.refresh_from_db()
    assert w.round.closed_at is not None and w.round.closed_by is None
    assert len(closed) == 1


def test_the_agency_downloads_status_and_answers_with_formulas_neutralised(round_world):
    w = round_world
    services.round_answers_save(
        actor=w.users[MAM],
        entry=w.entry_c,
        values={
            question(w.questionnaire, "nieuwe_patienten").pk: "ja",
            question(w.questionnaire, "wachttijd_dagen").pk: 7,
            question(w.questionnaire, "opmerking").pk: '=HYPERLINK("http://x")',
        },
    )
    services.round_entry_submit(actor=w.users[MAM], entry=w.entry_c)
    agency = client_for(w.admin)
    response = agency.get(reverse("questionnaires:round_export", args=[w.round.pk]))
    assert response.status_code == 200
    workbook = load_workbook(BytesIO(response.content))
    answers = list(workbook["Antwoorden"].values)
    assert answers[0][:2] == ("Organisatie", "Ingediend op")
    assert answers[0][2:] == ("nieuwe_patienten", "stop_reden", "wachttijd_dagen", "opmerking")
    assert answers[1][0] == "Kring C"
    assert answers[1][2:] == ("Ja", None, 7, '\'=HYPERLINK("http://x")')
    status = {row[0]: row[1] for row in list(workbook["Status"].values)[1:]}
    assert status == {"Kring C": "Ingediend", "Kring D": "Niet begonnen"}
    entry = agency.get(reverse("questionnaires:round_entry", args=[w.round.pk, w.entry_c.pk]))
    assert "Ja" in entry.content.decode()


# --- Notices: the opening and reminders, each once ------------------------------------------------


def test_reminders_go_out_once_before_the_deadline_to_who_did_not_submit(round_world):
    w = round_world
    deadline = w.round.deadline
    # The opening notice (normally sent right after opening) first.
    assert notices.send_round_notices() == 2
    opened = len(mail.outbox)
    assert opened == 4  # circle C's three managers/users and Dora at D
    assert notices.send_round_notices() == 0

    services.round_answers_save(
        actor=w.users[MAM],
        entry=w.entry_d,
        values={
            question(w.questionnaire, "nieuwe_patienten").pk: "ja",
            question(w.questionnaire, "wachttijd_dagen").pk: 2,
        },
    )
    with time_machine.travel(deadline - timedelta(days=6), tick=False):
        services.round_entry_submit(actor=member(AM, w.organisations["circle_d"]), entry=w.entry_d)
        assert notices.send_round_notices() == 1  # D submitted: only C
        assert notices.send_round_notices() == 0
    reminders = mail.outbox[opened:]
    assert {m.to[0] for m in reminders} == {w.users[r].email for r in (MAM, AM, CU)}
    assert all("Herinnering" in m.subject for m in reminders)
    assert "nog geen enkele vraag beantwoord" in reminders[0].body
    with time_machine.travel(deadline - timedelta(days=1), tick=False):
        assert notices.send_round_notices() == 1  # the two-day reminder
        assert notices.send_round_notices() == 0
    assert set(RoundNotice.objects.filter(entry=w.entry_c).values_list("kind", flat=True)) == {
        "opened",
        "reminder_7",
        "reminder_2",
    }
    with time_machine.travel(deadline + timedelta(hours=1), tick=False):
        assert notices.send_round_notices() == 0  # nothing after the deadline


def test_a_reminder_already_claimed_by_another_run_is_not_sent_again(round_world):
    w = round_world
    due = [d for d in notices.due_notices() if d.entry.pk == w.entry_c.pk]
    RoundNotice.objects.create(entry=w.entry_c, kind="opened")  # another worker was first
    assert notices.send_one(due[0]) is False
    assert mail.outbox == []


def test_a_late_round_gets_no_reminder_from_before_its_start(cast):
    now = timezone.now()
    round_ = open_round(
        cast.admin,
        [cast.organisations["circle_c"]],
        opens_at=now - timedelta(hours=1),
        deadline=now + timedelta(days=3),
    )
    due = notices.due_notices()
    assert [d.kinds for d in due] == [("opened",)]
    with time_machine.travel(round_.deadline - timedelta(days=2), tick=False):
        later = notices.due_notices()
    assert [d.kinds for d in later] == [("opened", "reminder_2")]
    assert later[0].days_left == 2
