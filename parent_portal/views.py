"""The parent's pages: children, appointments, growth, milestones, questionnaires, advice."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from accounts import audit, policies
from questionnaires import forms as q_forms
from questionnaires import selectors as q_selectors
from questionnaires import services as q_services

from . import charts, ics, schedule, selectors, services
from .forms import ChildDetailsForm, ReminderPreferenceForm, SlotChoiceForm
from .models import ReminderPreference


def _read(request: HttpRequest, child, what: str) -> None:  # noqa: ANN001
    audit.record_personal_data(
        request, operation="read", obj=child, subject=child, details={"page": what}
    )


@policies.requires("parent")
def children(request: HttpRequest) -> HttpResponse:
    kids = selectors.children_for_parent(request.user)
    closed = selectors.children_closed_for_parent(request.user)
    if len(kids) == 1 and not closed:
        return redirect("parent_portal:child", kids[0].pk)
    return render(request, "parent_portal/children.html", {"children": kids, "closed": closed})


@policies.requires("parent")
def child(request: HttpRequest, child_id: int) -> HttpResponse:
    kid = selectors.child_get_for_parent(request.user, child_id)
    _read(request, kid, "overview")
    appointments = selectors.appointments_of_child(kid)
    upcoming = sorted(
        (a for a in appointments if a.is_upcoming), key=lambda a: (a.date, a.slot_time)
    )
    assignments = [a for a in selectors.assignments_of(kid) if not a.response.is_submitted]
    return render(
        request,
        "parent_portal/child.html",
        {
            "child": kid,
            "next_appointment": upcoming[0] if upcoming else None,
            "visits": selectors.visits_ahead(kid, appointments),
            "open_assignments": assignments,
            "advice": selectors.advice_for_age(kid.age_in_months()),
        },
    )


@policies.requires("parent")
def appointments(request: HttpRequest, child_id: int) -> HttpResponse:
    kid = selectors.child_get_for_parent(request.user, child_id)
    _read(request, kid, "appointments")
    rows = selectors.appointments_of_child(kid)
    upcoming = sorted((a for a in rows if a.is_upcoming), key=lambda a: (a.date, a.slot_time))
    past = [a for a in rows if not a.is_upcoming]
    move_rules = {a.pk: services.parent_may_move(a) for a in upcoming}
    preference = ReminderPreference.objects.filter(parent=request.user).first()
    return render(
        request,
        "parent_portal/appointments.html",
        {
            "child": kid,
            "upcoming": [(a, move_rules[a.pk]) for a in upcoming],
            "past": past,
            "visits": selectors.visits_ahead(kid, rows),
            "preference": preference,
        },
    )


@policies.requires("parent")
def appointment_move(request: HttpRequest, appointment_id: int) -> HttpResponse:
    appointment = selectors.appointment_get_for_parent(request.user, appointment_id)
    rule = services.parent_may_move(appointment)
    slots = selectors.move_options(appointment) if rule.allowed else []
    form = SlotChoiceForm(request.POST or None, slots=slots)
    if request.method == "POST" and rule.allowed and form.is_valid():
        target, slot_time = form.chosen()
        try:
            new = services.appointment_move_by_parent(
                actor=request.user,
                appointment=appointment,
                target=target,
                slot_time=slot_time,
                request=request,
            )
        except services.SlotTakenError:
            form.add_error("slot", _("Iemand anders koos dit moment net. Kies een ander moment."))
        except services.NotAllowedError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Je afspraak is verzet naar %(date)s om %(time)s.")
                % {"date": new.date.strftime("%d/%m/%Y"), "time": new.slot_time.strftime("%H:%M")},
            )
            return redirect("parent_portal:appointments", appointment.child_id)
        slots = selectors.move_options(appointment)
        form.fields["slot"].choices = SlotChoiceForm(slots=slots).fields["slot"].choices
        form.slots = SlotChoiceForm(slots=slots).slots
    return render(
        request,
        "parent_portal/appointment_move.html",
        {
            "appointment": appointment,
            "child": appointment.child,
            "rule": rule,
            "form": form,
            "slots": slots,
        },
    )


@policies.requires("parent")
def appointment_book(request: HttpRequest, child_id: int, moment_code: str) -> HttpResponse:
    kid = selectors.child_get_for_parent(request.user, child_id)
    moment = schedule.moment_by_code(moment_code)
    if moment is None or not moment.at_clinic:
        raise Http404
    opens, closes = moment.booking_window(kid.birth_date)
    today = timezone.localdate()
    can_book = opens <= today
    slots = (
        selectors.free_slots(
            bureau_id=kid.organisation_id,
            practitioner_kind=None,
            start=max(opens, today),
            end=closes,
            not_before=timezone.now() + services.MOVE_DEADLINE,
        )
        if can_book
        else []
    )
    form = SlotChoiceForm(request.POST or None, slots=slots)
    if request.method == "POST" and can_book and form.is_valid():
        target, slot_time = form.chosen()
        try:
            new = services.appointment_book_by_parent(
                actor=request.user,
                child=kid,
                moment=moment,
                target=target,
                slot_time=slot_time,
                request=request,
            )
        except services.SlotTakenError:
            form.add_error("slot", _("Iemand anders koos dit moment net. Kies een ander moment."))
        except services.NotAllowedError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Je afspraak staat op %(date)s om %(time)s.")
                % {"date": new.date.strftime("%d/%m/%Y"), "time": new.slot_time.strftime("%H:%M")},
            )
            return redirect("parent_portal:appointments", kid.pk)
    return render(
        request,
        "parent_portal/appointment_book.html",
        {
            "child": kid,
            "moment": moment,
            "opens": opens,
            "closes": closes,
            "can_book": can_book,
            "target": moment.target_date(kid.birth_date),
            "form": form,
            "slots": slots,
        },
    )


@policies.requires("parent")
def appointment_ics(request: HttpRequest, appointment_id: int) -> HttpResponse:
    appointment = selectors.appointment_get_for_parent(request.user, appointment_id)
    response = HttpResponse(
        ics.appointment_ics(appointment), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="afspraak-{appointment.date:%Y-%m-%d}.ics"'
    )
    return response


@policies.requires("parent")
def reminders(request: HttpRequest) -> HttpResponse:
    preference = ReminderPreference.objects.filter(parent=request.user).first()
    form = ReminderPreferenceForm(
        request.POST or None, instance=preference or ReminderPreference(parent=request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.reminder_preference_save(
                actor=request.user,
                by_email=data["by_email"],
                by_sms=data["by_sms"],
                phone=data["phone"],
                days_before=data["days_before"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Je herinneringen zijn bewaard."))
            back = request.GET.get("terug", "")
            if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
                back = reverse("parent_portal:reminders")
            return redirect(back)
    return render(request, "parent_portal/reminders.html", {"form": form})


@policies.requires("parent")
def growth(request: HttpRequest, child_id: int) -> HttpResponse:
    kid = selectors.child_get_for_parent(request.user, child_id)
    _read(request, kid, "growth")
    figures = charts.growth_charts(kid, selectors.measurements_of(kid))
    return render(request, "parent_portal/growth.html", {"child": kid, "charts": figures})


@policies.requires("parent")
def milestones(request: HttpRequest, child_id: int) -> HttpResponse:
    kid = selectors.child_get_for_parent(request.user, child_id)
    _read(request, kid, "milestones")
    return render(
        request,
        "parent_portal/milestones.html",
        {"child": kid, **selectors.milestone_overview(kid)},
    )


@policies.requires("parent")
def details(request: HttpRequest, child_id: int) -> HttpResponse:
    kid = selectors.child_get_for_parent(request.user, child_id)
    form = ChildDetailsForm(request.POST or None, instance=kid)
    if request.method == "GET":
        _read(request, kid, "details")
    if request.method == "POST" and form.is_valid():
        change = services.child_details_update(
            actor=request.user, child=kid, data=form.cleaned_data, by_parent=True, request=request
        )
        messages.success(
            request,
            _(
                "Je wijzigingen zijn bewaard. Het consultatiebureau ziet ze bij de volgende "
                "afspraak."
            )
            if change
            else _("Er was niets gewijzigd."),
        )
        return redirect("parent_portal:child", kid.pk)
    return render(request, "parent_portal/details.html", {"child": kid, "form": form})


@policies.requires("parent")
def advice_index(request: HttpRequest) -> HttpResponse:
    return render(
        request, "parent_portal/advice_index.html", {"groups": selectors.advice_by_theme()}
    )


@policies.requires("parent")
def advice(request: HttpRequest, slug: str) -> HttpResponse:
    article = selectors.advice_get(slug)
    return render(request, "parent_portal/advice.html", {"article": article})


# --- Questionnaires ------------------------------------------------------------------------------


def _sections(assignment):  # noqa: ANN001, ANN202
    return q_selectors.sections_of(assignment.response.questionnaire)


@policies.requires("parent")
def questionnaire(request: HttpRequest, child_id: int, assignment_id: int) -> HttpResponse:
    kid = selectors.child_get_for_parent(request.user, child_id)
    assignment = selectors.assignment_get_for_parent(request.user, kid, assignment_id)
    if assignment.response.is_submitted:
        audit.record_personal_data(request, operation="read", obj=assignment.response, subject=kid)
        return render(
            request,
            "parent_portal/questionnaire_done.html",
            {
                "child": kid,
                "assignment": assignment,
                "rows": q_selectors.answer_rows(assignment.response),
            },
        )
    return redirect("parent_portal:questionnaire_section", kid.pk, assignment.pk, 1)


@policies.requires("parent")
def questionnaire_section(
    request: HttpRequest, child_id: int, assignment_id: int, number: int
) -> HttpResponse:
    kid = selectors.child_get_for_parent(request.user, child_id)
    assignment = selectors.assignment_get_for_parent(request.user, kid, assignment_id)
    response = assignment.response
    if response.is_submitted:
        return redirect("parent_portal:questionnaire", kid.pk, assignment.pk)
    sections = _sections(assignment)
    if not 1 <= number <= len(sections):
        raise Http404
    section = sections[number - 1]
    questions = list(section.questions.all())
    answers = q_services.answers_of(response)
    form = q_forms.SectionForm(request.POST or None, questions=questions, answers=answers)
    if request.method == "POST":
        action = request.POST.get("action", "next")
        if form.is_valid():
            q_services.answers_save(
                actor=request.user,
                response=response,
                values=form.values(),
                subject=kid,
                request=request,
            )
            if action == "autosave":
                return HttpResponse(status=204)
            if action == "previous" and number > 1:
                return redirect(
                    "parent_portal:questionnaire_section", kid.pk, assignment.pk, number - 1
                )
            if action == "later":
                messages.success(
                    request, _("Je antwoorden zijn bewaard. Je kunt later verder gaan.")
                )
                return redirect("parent_portal:child", kid.pk)
            if number < len(sections):
                return redirect(
                    "parent_portal:questionnaire_section", kid.pk, assignment.pk, number + 1
                )
            return redirect("parent_portal:questionnaire_review", kid.pk, assignment.pk)
        if action == "autosave":
            return HttpResponse(status=400)
    rows = form.rows_with_visibility(sections=sections, section=section, answers=answers)
    return render(
        request,
        "parent_portal/questionnaire_section.html",
        {
            "child": kid,
            "assignment": assignment,
            "section": section,
            "form": form,
            "rows": rows,
            "number": number,
            "total": len(sections),
        },
    )


@policies.requires("parent")
def questionnaire_review(request: HttpRequest, child_id: int, assignment_id: int) -> HttpResponse:
    kid = selectors.child_get_for_parent(request.user, child_id)
    assignment = selectors.assignment_get_for_parent(request.user, kid, assignment_id)
    if assignment.response.is_submitted:
        return redirect("parent_portal:questionnaire", kid.pk, assignment.pk)
    problems = []
    if request.method == "POST":
        try:
            q_services.response_submit(
                actor=request.user, response=assignment.response, subject=kid, request=request
            )
        except q_services.ResponseAlreadySubmittedError:
            return redirect("parent_portal:questionnaire", kid.pk, assignment.pk)
        except ValidationError as error:
            problems = error.params.get("missing", []) if error.params else []
        else:
            return redirect("parent_portal:questionnaire_submitted", kid.pk, assignment.pk)
    rows = q_selectors.answer_rows(assignment.response)
    return render(
        request,
        "parent_portal/questionnaire_review.html",
        {"child": kid, "assignment": assignment, "rows": rows, "problems": problems},
    )


@policies.requires("parent")
def questionnaire_submitted(
    request: HttpRequest, child_id: int, assignment_id: int
) -> HttpResponse:
    kid = selectors.child_get_for_parent(request.user, child_id)
    assignment = selectors.assignment_get_for_parent(request.user, kid, assignment_id)
    return render(
        request,
        "parent_portal/questionnaire_submitted.html",
        {"child": kid, "assignment": assignment},
    )
