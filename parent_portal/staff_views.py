"""Pages of doctors and nurses: children of the organisation, the week of sessions, visits."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import audit, policies
from questionnaires import selectors as q_selectors

from . import charts, selectors, services
from .forms import (
    AssignQuestionnaireForm,
    BookForm,
    ChildCreateForm,
    MeasurementForm,
    MilestonesForm,
    OutcomeForm,
    ParentInviteForm,
    PostponeByPhoneForm,
    SessionForm,
)
from .models import Appointment


def _apply_errors(form, error: ValidationError) -> None:  # noqa: ANN001
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@policies.requires("youth_health_staff")
def staff_home(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("zoek", "").strip()
    kids = list(selectors.children_for_staff(request.user, search)[:100])
    bureaus = policies.bureaus_scheduled_by(request.user)
    return render(
        request,
        "parent_portal/staff/home.html",
        {
            "children": kids,
            "search": search,
            "bureaus": bureaus,
            "my_sessions": selectors.sessions_of_practitioner(request.user),
        },
    )


def _current_staff_organisation(request: HttpRequest):  # noqa: ANN202 - Organisation
    """The organisation chosen in the header, if the user works there; else their first one."""
    organisations = policies.youth_health_staff_organisations(request.user)
    current = getattr(request, "current_membership", None)
    for organisation in organisations:
        if current is not None and organisation.pk == current.organisation_id:
            return organisation
    return organisations[0]


@policies.requires("youth_health_staff")
def child_create(request: HttpRequest) -> HttpResponse:
    organisation = _current_staff_organisation(request)
    form = ChildCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            kid = services.child_create(
                actor=request.user,
                organisation=organisation,
                first_name=data["first_name"],
                last_name=data["last_name"],
                birth_date=data["birth_date"],
                sex=data["sex"],
                registration_date=data["registration_date"],
                enrolment_date=data["enrolment_date"],
                gestational_age_weeks=data["gestational_age_weeks"],
                request=request,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("%(name)s is toegevoegd.") % {"name": kid})
            return redirect("parent_portal:staff_child", kid.pk)
    return render(
        request,
        "parent_portal/staff/child_create.html",
        {"form": form, "organisation": organisation},
    )


@policies.requires("youth_health_staff")
def staff_child(request: HttpRequest, child_id: int) -> HttpResponse:
    kid = selectors.child_get_for_staff(request.user, child_id)
    audit.record_personal_data(request, operation="read", obj=kid, subject=kid)
    measurements = selectors.measurements_of(kid)
    figures = charts.growth_charts(kid, measurements)
    return render(
        request,
        "parent_portal/staff/child.html",
        {
            "child": kid,
            "guardians": selectors.guardians_of(kid),
            "appointments": selectors.appointments_of_child(kid),
            "measurements": list(reversed(measurements)),
            "charts": figures,
            "crossings": [(c, cross) for c in figures for cross in c.crossings],
            "milestones": selectors.milestone_overview(kid),
            "assignments": selectors.assignments_of(kid),
            "changes": selectors.details_changes(kid),
        },
    )


@policies.requires("youth_health_staff")
def invite_parent(request: HttpRequest, child_id: int) -> HttpResponse:
    kid = selectors.child_get_for_staff(request.user, child_id)
    form = ParentInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            parent, invitation = services.parent_invite(
                actor=request.user,
                child=kid,
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                has_parental_authority=True,
                request=request,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            if invitation:
                messages.success(
                    request,
                    _(
                        "%(email)s krijgt een e-mail met een link die 7 dagen geldig is. De ouder "
                        "bevestigt met de geboortedatum van %(child)s en kiest zelf een wachtwoord."
                    )
                    % {"email": parent.email, "child": kid.first_name},
                )
            else:
                messages.success(
                    request,
                    _("%(email)s had al een account en ziet %(child)s nu in het ouderportaal.")
                    % {"email": parent.email, "child": kid.first_name},
                )
            return redirect("parent_portal:staff_child", kid.pk)
    return render(request, "parent_portal/staff/invite_parent.html", {"child": kid, "form": form})


@policies.requires("youth_health_staff")
def measurement_add(request: HttpRequest, child_id: int) -> HttpResponse:
    kid = selectors.child_get_for_staff(request.user, child_id)
    appointment = _appointment_param(request, kid)
    form = MeasurementForm(
        request.POST or None,
        birth_date=kid.birth_date,
        initial={"measured_on": appointment.date if appointment else timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.measurement_record(
                actor=request.user,
                child=kid,
                measured_on=data["measured_on"],
                length_cm=data["length_cm"],
                weight_kg=data["weight_kg"],
                head_circumference_cm=data["head_circumference_cm"],
                appointment=appointment,
                request=request,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("De meting is bewaard."))
            return redirect(_back(request, kid))
    return render(
        request,
        "parent_portal/staff/measurement_add.html",
        {"child": kid, "form": form, "appointment": appointment},
    )


@policies.requires("youth_health_staff")
def milestones_add(request: HttpRequest, child_id: int) -> HttpResponse:
    kid = selectors.child_get_for_staff(request.user, child_id)
    appointment = _appointment_param(request, kid)
    overview = selectors.milestone_overview(kid)
    items = [s.item for s in overview["due"]] or [s.item for s in overview["upcoming"]]
    form = MilestonesForm(
        request.POST or None,
        items=items,
        initial={"observed_on": appointment.date if appointment else timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        scores = [
            services.ItemScore(item, s, left, right) for item, s, left, right in form.scores()
        ]
        try:
            saved = services.milestones_record(
                actor=request.user,
                child=kid,
                observed_on=form.cleaned_data["observed_on"],
                scores=scores,
                appointment=appointment,
                request=request,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("%(n)s kenmerken bewaard.") % {"n": len(saved)})
            return redirect(_back(request, kid))
    return render(
        request,
        "parent_portal/staff/milestones_add.html",
        {"child": kid, "form": form, "items": items, "appointment": appointment, **overview},
    )


@policies.requires("youth_health_staff")
def questionnaire_assign(request: HttpRequest, child_id: int) -> HttpResponse:
    kid = selectors.child_get_for_staff(request.user, child_id)
    form = AssignQuestionnaireForm(
        request.POST or None,
        questionnaires=selectors.assignable_questionnaires(),
        appointments=selectors.upcoming_appointments_of(kid),
    )
    if request.method == "POST" and form.is_valid():
        services.questionnaire_assign(
            actor=request.user,
            child=kid,
            questionnaire=form.cleaned_data["questionnaire"],
            appointment=form.cleaned_data["appointment"],
            request=request,
        )
        messages.success(request, _("De vragenlijst staat klaar voor de ouders."))
        return redirect("parent_portal:staff_child", kid.pk)
    return render(
        request, "parent_portal/staff/questionnaire_assign.html", {"child": kid, "form": form}
    )


@policies.requires("youth_health_staff")
def staff_questionnaire(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = selectors.assignment_get_for_staff(request.user, assignment_id)
    audit.record_personal_data(
        request, operation="read", obj=assignment.response, subject=assignment.child
    )
    return render(
        request,
        "parent_portal/staff/questionnaire.html",
        {
            "assignment": assignment,
            "child": assignment.child,
            "rows": q_selectors.answer_rows(assignment.response),
        },
    )


def _appointment_param(request: HttpRequest, kid) -> Appointment | None:  # noqa: ANN001
    value = request.GET.get("afspraak") or request.POST.get("afspraak")
    if not value or not value.isdigit():
        return None
    appointment = selectors.appointment_get_for_staff(request.user, int(value))
    return appointment if appointment.child_id == kid.pk else None


def _back(request: HttpRequest, kid) -> str:  # noqa: ANN001
    appointment = _appointment_param(request, kid)
    if appointment:
        return reverse("parent_portal:staff_appointment", args=[appointment.pk])
    return reverse("parent_portal:staff_child", args=[kid.pk])


# --- Week view and sessions ---------------------------------------------------------------------


def _monday(value: str | None) -> date:
    try:
        day = date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:
        day = timezone.localdate()
    return day - timedelta(days=day.weekday())


@policies.requires("youth_health_staff")
def week(request: HttpRequest, bureau_id: int) -> HttpResponse:
    bureau = selectors.bureau_get_for_staff(request.user, bureau_id)
    monday = _monday(request.GET.get("week"))
    return render(
        request,
        "parent_portal/staff/week.html",
        {
            "bureau": bureau,
            "monday": monday,
            "days": selectors.week_of(bureau, monday),
            "previous": monday - timedelta(days=7),
            "next": monday + timedelta(days=7),
            "bureaus": policies.bureaus_scheduled_by(request.user),
            "today": timezone.localdate(),
        },
    )


@policies.requires("youth_health_staff")
def session_create(request: HttpRequest, bureau_id: int) -> HttpResponse:
    bureau = selectors.bureau_get_for_staff(request.user, bureau_id)
    practitioners = selectors.practitioners_of(bureau)
    initial = {
        "practitioner": request.user.pk,
        "date": request.GET.get("datum") or None,
        "practitioner_kind": "nurse",
    }
    form = SessionForm(request.POST or None, practitioners=practitioners, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.session_create(
                actor=request.user,
                bureau=bureau,
                practitioner=data["practitioner"],
                practitioner_kind=data["practitioner_kind"],
                date=data["date"],
                start_time=data["start_time"],
                end_time=data["end_time"],
                slot_minutes=data["slot_minutes"],
                capacity=data["capacity"],
                note=data["note"],
                request=request,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("De zitting is gepland."))
            return redirect("parent_portal:session", session.pk)
    return render(
        request, "parent_portal/staff/session_create.html", {"bureau": bureau, "form": form}
    )


@policies.requires("youth_health_staff")
def session(request: HttpRequest, session_id: int) -> HttpResponse:
    clinic = selectors.session_get_for_staff(request.user, session_id)
    kids = selectors.children_for_staff(request.user).filter(organisation=clinic.bureau)
    slots = selectors.session_slots(clinic)
    taken = [(t, any(a.status in Appointment.HOLDS_SLOT for a in appts)) for t, appts in slots]
    form = BookForm(request.POST or None, children=kids, slots=taken)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.appointment_book(
                actor=request.user,
                session=clinic,
                child=data["child"],
                slot_time=data["slot_time"],
                consult_kind=data["consult_kind"],
                duo_partner=data["duo_partner"],
                request=request,
            )
        except services.SlotTakenError:
            form.add_error(
                "slot_time", _("Dit uur is al bezet, of het kind staat al in deze zitting.")
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("De afspraak is gemaakt."))
            return redirect("parent_portal:session", clinic.pk)
    return render(
        request,
        "parent_portal/staff/session.html",
        {
            "session": clinic,
            "slots": selectors.session_slots(clinic),
            "form": form,
            "monday": clinic.date - timedelta(days=clinic.date.weekday()),
        },
    )


@policies.requires("youth_health_staff")
def staff_appointment(request: HttpRequest, appointment_id: int) -> HttpResponse:
    appointment = selectors.appointment_get_for_staff(request.user, appointment_id)
    audit.record_personal_data(
        request, operation="read", obj=appointment, subject=appointment.child
    )
    form = OutcomeForm(
        request.POST or None,
        initial={
            "status": Appointment.Status.DONE,
            "consult_kind": appointment.consult_kind,
            "note": appointment.outcome_note,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.appointment_record_outcome(
                actor=request.user,
                appointment=appointment,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                consult_kind=form.cleaned_data["consult_kind"],
                request=request,
            )
        except (services.NotAllowedError, services.SlotTakenError) as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("De uitkomst is bewaard."))
            return redirect("parent_portal:session", appointment.session_id)
    return render(
        request,
        "parent_portal/staff/appointment.html",
        {
            "appointment": appointment,
            "child": appointment.child,
            "form": form,
            "measurements": appointment.measurements.all(),
            "assignments": selectors.assignments_of(appointment.child),
            "observations": appointment.milestone_observations.select_related("item"),
        },
    )


@policies.requires("youth_health_staff")
def postpone_by_phone(request: HttpRequest, appointment_id: int) -> HttpResponse:
    appointment = selectors.appointment_get_for_staff(request.user, appointment_id)
    now = timezone.now()
    slots = selectors.free_slots(
        bureau_id=appointment.session.bureau_id,
        practitioner_kind=appointment.session.practitioner_kind,
        start=timezone.localdate(now),
        end=timezone.localdate(now) + timedelta(weeks=8),
        not_before=now,
    )
    form = PostponeByPhoneForm(request.POST or None, slots=slots)
    if request.method == "POST" and form.is_valid():
        target, slot_time = form.slots.get(form.cleaned_data["slot"], (None, None))
        try:
            services.appointment_postpone_by_phone(
                actor=request.user,
                appointment=appointment,
                target=target,
                slot_time=slot_time,
                request=request,
            )
        except services.SlotTakenError:
            form.add_error("slot", _("Dit moment is net ingenomen. Kies een ander."))
        except services.NotAllowedError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Genoteerd: verzet via de telefoonlijn."))
            return redirect("parent_portal:session", appointment.session_id)
    return render(
        request,
        "parent_portal/staff/postpone.html",
        {"appointment": appointment, "child": appointment.child, "form": form},
    )


@policies.requires("youth_health_staff")
@require_POST
def change_seen(request: HttpRequest, child_id: int) -> HttpResponse:
    kid = selectors.child_get_for_staff(request.user, child_id)
    services.details_changes_mark_seen(actor=request.user, child=kid)
    return redirect("parent_portal:staff_child", kid.pk)
