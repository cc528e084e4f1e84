"""Questionnaires: conditions, saving as you go, submitting once, staff view, research export,
retention, and the API of a parent app."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from types import SimpleNamespace

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from parent_portal import services
from parent_portal.models import QuestionnaireAssignment
from questionnaires import logic
from questionnaires import services as q_services
from questionnaires.models import Answer, Question, Response
from tests.factories import member
from tests.parent_portal.conftest import client_for, world  # noqa: F401 - fixture
from tests.parent_portal.factories import give_parent, make_questionnaire


def q(pk, show_if=None, values=(), required=True):  # noqa: ANN001, ANN201
    return SimpleNamespace(
        pk=pk, show_if_question_id=show_if, show_if_values=list(values), required=required
    )


def test_a_condition_shows_a_question_only_for_the_chosen_answer():
    child = q(2, show_if=1, values=["nee"])
    assert not logic.is_shown(child, {})
    assert not logic.is_shown(child, {1: "ja"})
    assert logic.is_shown(child, {1: "nee"})
    assert logic.is_shown(q(3, show_if=1, values=["a"]), {1: ["b", "a"]})  # multiple choice


def test_a_question_below_a_hidden_question_is_hidden_too():
    first, second, third = q(1), q(2, show_if=1, values=["ja"]), q(3, show_if=2, values=["x"])
    by_id = {1: first, 2: second, 3: third}
    assert not logic.is_shown(third, {1: "nee", 2: "x"}, by_id)


def test_required_questions_count_only_when_shown():
    questions = [q(1), q(2, show_if=1, values=["nee"]), q(3, required=False)]
    assert [x.pk for x in logic.missing_required(questions, {})] == [1]
    assert [x.pk for x in logic.missing_required(questions, {1: "nee"})] == [2]
    assert logic.missing_required(questions, {1: "ja"}) == []


@pytest.fixture
def assigned(world):  # noqa: F811, ANN001, ANN201
    questionnaire = make_questionnaire()
    assignment = services.questionnaire_assign(
        actor=world.nurse,
        child=world.child,
        questionnaire=questionnaire,
        appointment=world.appointment,
    )
    world.named.update(questionnaire=questionnaire, assignment=assignment)
    return world


def question(code: str) -> Question:
    return Question.objects.get(code=code)


def section_url(w, number: int) -> str:  # noqa: ANN001
    return reverse(
        "parent_portal:questionnaire_section", args=[w.child.pk, w.assignment.pk, number]
    )


def test_a_parent_saves_halfway_and_the_other_parent_submits(assigned):
    w = assigned
    pat = client_for(w.pat)
    response = pat.post(
        section_url(w, 1),
        {
            f"q_{question('gezond').pk}": "nee",
            f"q_{question('uitleg').pk}": "Oorontsteking",
            "action": "later",
        },
    )
    assert response.status_code == 302
    assert Answer.objects.filter(response=w.assignment.response).count() == 2
    other = member(Role.PARENT, w.organisations["bureau_a"])
    give_parent(w.child, other)
    partner = client_for(other)
    page = partner.get(section_url(w, 1))
    assert "Oorontsteking" in page.text  # the answers are shared by both parents
    partner.post(
        section_url(w, 2),
        {
            f"q_{question('slaapuren').pk}": "11",
            f"q_{question('doorslapen').pk}": "4",
            "action": "next",
        },
    )
    review = partner.get(
        reverse("parent_portal:questionnaire_review", args=[w.child.pk, w.assignment.pk])
    )
    assert "Oorontsteking" in review.text and "11" in review.text
    submitted = partner.post(
        reverse("parent_portal:questionnaire_review", args=[w.child.pk, w.assignment.pk])
    )
    assert submitted.url == reverse(
        "parent_portal:questionnaire_submitted", args=[w.child.pk, w.assignment.pk]
    )
    w.assignment.response.refresh_from_db()
    assert w.assignment.response.is_submitted
    assert w.assignment.response.submitted_by == other
    assert w.assignment.response.delete_after.year == timezone.localdate().year + 15


def test_autosave_stores_answers_without_leaving_the_page(assigned):
    w = assigned
    response = client_for(w.pat).post(
        section_url(w, 2), {f"q_{question('slaapuren').pk}": "10", "action": "autosave"}
    )
    assert response.status_code == 204
    assert q_services.answers_of(w.assignment.response) == {question("slaapuren").pk: 10}


def test_submitting_lists_what_is_missing(assigned):
    w = assigned
    client = client_for(w.pat)
    client.post(section_url(w, 1), {f"q_{question('gezond').pk}": "nee", "action": "next"})
    page = client.post(
        reverse("parent_portal:questionnaire_review", args=[w.child.pk, w.assignment.pk])
    )
    assert "Er zijn nog 3 vragen niet beantwoord" in page.text
    assert not Response.objects.get(pk=w.assignment.response.pk).is_submitted


def test_a_response_is_submitted_once_and_hidden_answers_are_dropped(assigned):
    w = assigned
    response = w.assignment.response
    values = {
        question("gezond").pk: "nee",
        question("uitleg").pk: "Koorts",
        question("slaapuren").pk: 10,
        question("doorslapen").pk: 3,
    }
    q_services.answers_save(actor=w.pat, response=response, values=values)
    q_services.answers_save(actor=w.pat, response=response, values={question("gezond").pk: "ja"})
    q_services.response_submit(actor=w.pat, response=response)
    assert question("uitleg").pk not in q_services.answers_of(response)
    with pytest.raises(q_services.ResponseAlreadySubmittedError):
        q_services.response_submit(actor=w.pat, response=response)
    with pytest.raises(q_services.ResponseAlreadySubmittedError):
        q_services.answers_save(
            actor=w.pat, response=response, values={question("gezond").pk: "nee"}
        )
    page = client_for(w.pat).get(section_url(w, 1))
    assert page.status_code == 302  # read-only: back to the submitted answers


def test_staff_see_a_submitted_questionnaire_in_the_childs_record(assigned):
    w = assigned
    response = w.assignment.response
    q_services.answers_save(
        actor=w.pat,
        response=response,
        values={
            question("gezond").pk: "ja",
            question("slaapuren").pk: 9,
            question("doorslapen").pk: 2,
        },
    )
    q_services.response_submit(actor=w.pat, response=response)
    record = client_for(w.nurse).get(reverse("parent_portal:staff_child", args=[w.child.pk]))
    assert "ingediend op" in record.text
    answers = client_for(w.nurse).get(
        reverse("parent_portal:staff_questionnaire", args=[w.assignment.pk])
    )
    assert "Hoeveel uur slaapt je kind?" in answers.text and ">9<" in answers.text
    assert (
        client_for(w.nurse_b)
        .get(reverse("parent_portal:staff_questionnaire", args=[w.assignment.pk]))
        .status_code
        == 404
    )


def test_a_number_out_of_range_is_refused_with_a_clear_message(assigned):
    w = assigned
    page = client_for(w.pat).post(
        section_url(w, 2), {f"q_{question('slaapuren').pk}": "30", "action": "next"}
    )
    assert "Vul een getal van hoogstens 16 in." in page.text


def test_the_research_export_is_anonymised_with_a_stable_pseudonym(assigned):
    w = assigned
    for _round in range(2):
        assignment = services.questionnaire_assign(
            actor=w.nurse, child=w.child, questionnaire=w.questionnaire
        )
        q_services.answers_save(
            actor=w.pat,
            response=assignment.response,
            values={
                question("gezond").pk: "nee",
                question("uitleg").pk: "Lotte had griep",
                question("slaapuren").pk: 11,
                question("doorslapen").pk: 4,
            },
        )
        q_services.response_submit(actor=w.pat, response=assignment.response)
    researcher = client_for(w.users[Role.RESEARCHER])
    export = researcher.get(reverse("questionnaires:research_export", args=[w.questionnaire.pk]))
    rows = list(csv.reader(io.StringIO(export.content.decode()), delimiter=";"))
    assert rows[0] == ["pseudoniem", "ingediend_maand", "slaapuren", "doorslapen"]
    assert len(rows) == 3  # the draft of the fixture is not exported
    assert rows[1][0] == rows[2][0] and len(rows[1][0]) == 24  # one child, one pseudonym
    text = export.content.decode()
    for identifier in ("Lotte", "griep", w.child.birth_date.isoformat()):
        assert identifier not in text
    assert all(len(row) == 4 for row in rows)  # no id column
    assert (
        client_for(w.pat)
        .get(reverse("questionnaires:research_export", args=[w.questionnaire.pk]))
        .status_code
        == 403
    )


def test_free_text_cannot_be_a_research_question(db):
    questionnaire = make_questionnaire()
    free_text = question("uitleg")
    free_text.is_research = True
    with pytest.raises(ValidationError):
        free_text.full_clean()
    assert questionnaire.pk


def test_answers_are_deleted_after_15_years(assigned):
    w = assigned
    response = w.assignment.response
    q_services.answers_save(
        actor=w.pat,
        response=response,
        values={
            question("gezond").pk: "ja",
            question("slaapuren").pk: 9,
            question("doorslapen").pk: 2,
        },
    )
    q_services.response_submit(actor=w.pat, response=response)
    deadline = response.delete_after
    assert deadline.year == timezone.localdate().year + 15
    with time_machine.travel(timezone.now() + timedelta(days=400), tick=False):
        younger = services.questionnaire_assign(
            actor=w.nurse, child=w.child, questionnaire=w.questionnaire
        )
    with time_machine.travel(deadline, tick=False):
        assert q_services.delete_expired_responses() == 0
    from questionnaires.tasks import delete_expired_responses

    with time_machine.travel(deadline + timedelta(days=1), tick=False):
        assert delete_expired_responses.apply().get() == 1
    assert not Response.objects.filter(pk=response.pk).exists()
    assert not QuestionnaireAssignment.objects.filter(pk=w.assignment.pk).exists()
    assert Response.objects.filter(pk=younger.response.pk).exists()


def test_a_parent_app_fetches_answers_and_submits_through_the_api(assigned):
    w = assigned
    api = client_for(w.pat)
    detail = api.get(reverse("parent_portal_api:assignment", args=[w.assignment.pk])).json()
    assert [s["title"] for s in detail["sections"]] == ["Gezondheid", "Slapen"]
    url = reverse("parent_portal_api:assignment_answers", args=[w.assignment.pk])
    bad = api.patch(
        url, {"answers": {str(question("slaapuren").pk): 40}}, content_type="application/json"
    )
    assert bad.status_code == 400
    ok = api.patch(
        url,
        {
            "answers": {
                str(question("gezond").pk): "ja",
                str(question("slaapuren").pk): 10,
                str(question("doorslapen").pk): 5,
            }
        },
        content_type="application/json",
    )
    assert ok.status_code == 204
    submit = api.post(reverse("parent_portal_api:assignment_submit", args=[w.assignment.pk]))
    assert submit.status_code == 200 and submit.json()["status"] == "submitted"
    again = api.post(reverse("parent_portal_api:assignment_submit", args=[w.assignment.pk]))
    assert again.status_code == 409
    charlie = client_for(w.charlie)
    assert (
        charlie.get(reverse("parent_portal_api:assignment", args=[w.assignment.pk])).status_code
        == 403
    )
    stranger = client_for(member(Role.PARENT, w.organisations["bureau_b"]))
    assert (
        stranger.get(reverse("parent_portal_api:assignment", args=[w.assignment.pk])).status_code
        == 404
    )


def test_a_condition_on_an_earlier_part_hides_the_question_on_a_later_part(assigned):
    w = assigned
    follow_up = Question.objects.create(
        section=question("slaapuren").section,
        position=9,
        code="ziek_slaap",
        kind="text",
        text="Slaapt je kind slechter sinds het ziek was?",
        required=False,
        show_if_question=question("gezond"),
        show_if_values=["nee"],
    )
    client = client_for(w.pat)
    client.post(section_url(w, 1), {f"q_{question('gezond').pk}": "ja", "action": "next"})
    page = client.get(section_url(w, 2))
    assert f'id="question-{follow_up.pk}" data-show-if' in page.text
    assert 'data-show-values="[&quot;nee&quot;]" hidden' in page.text
    client.post(
        section_url(w, 1),
        {
            f"q_{question('gezond').pk}": "nee",
            f"q_{question('uitleg').pk}": "Griep",
            "action": "next",
        },
    )
    assert 'data-show-values="[&quot;nee&quot;]" hidden' not in client.get(section_url(w, 2)).text
