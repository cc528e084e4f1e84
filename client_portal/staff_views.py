"""The practitioner's workspace: their trajectories, and per trajectory the participants and
their activation, documents with approvals and signatures, consents, messages, shared diary
notes, appointments and medication; starting (behind the signing gate) and ending."""

from __future__ import annotations

from typing import Any

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import audit, policies

from . import selectors, services
from .forms import (
    AppointmentForm,
    EndForm,
    MedicationForm,
    ParentAccessForm,
    ParticipantAddForm,
    PractitionerDocumentForm,
    PractitionerNoteForm,
    PractitionersForm,
    PractitionerThreadForm,
    TrajectoryCreateForm,
)
from .models import ConsentTopic, DiaryNote, is_twelve_or_older
from .views import _file_response, posted

RULE = "client_portal_practitioner"


def _errors_to_form(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for item in errors:
                form.add_error(field if field in form.fields else None, item)
    else:
        for item in error.messages:
            form.add_error(None, item)


@policies.requires(RULE)
def workspace(request: HttpRequest) -> HttpResponse:
    closed = request.GET.get("status") == "afgesloten"
    trajectories = selectors.trajectories_for_practitioner(request.user, closed=closed)
    return render(
        request,
        "client_portal/staff/workspace.html",
        {"trajectories": trajectories, "closed": closed},
    )


@policies.requires(RULE)
def trajectory_new(request: HttpRequest) -> HttpResponse:
    facilities = policies.facility_practitioner_organisations(request.user)
    current = getattr(request, "current_membership", None)
    facility = next(
        (f for f in facilities if current and f.pk == current.organisation_id), facilities[0]
    )
    colleagues = [u for u in selectors.facility_practitioners(facility) if u.pk != request.user.pk]
    form = TrajectoryCreateForm(posted(request), colleagues=colleagues)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        parents = [
            services.NewPerson(
                data[f"parent{n}_email"],
                data[f"parent{n}_first_name"],
                data[f"parent{n}_last_name"],
            )
            for n in ("1", "2")
            if data.get(f"parent{n}_email")
        ]
        client_account = (
            services.NewPerson(
                data["client_email"], data["client_first_name"], data["client_last_name"]
            )
            if data.get("client_email")
            else None
        )
        try:
            trajectory = services.trajectory_create(
                actor=request.user,
                facility=facility,
                title=data["title"],
                start_date=data["start_date"],
                client_first_name=data["client_first_name"],
                client_last_name=data["client_last_name"],
                client_birth_date=data["client_birth_date"],
                client_sex=data["client_sex"],
                parents=parents,
                client_account=client_account,
                practitioners=form.chosen_practitioners(),
                request=request,
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(
                request,
                _(
                    "Het traject is aangemaakt. Iedereen krijgt een e-mail met een activeringslink "
                    "(7 dagen geldig) en ondertekent daarna de overeenkomst."
                ),
            )
            return redirect("client_portal:staff_trajectory", trajectory.pk)
    return render(
        request, "client_portal/staff/trajectory_new.html", {"form": form, "facility": facility}
    )


@policies.requires(RULE)
def trajectory_detail(request: HttpRequest, trajectory_id: int) -> HttpResponse:
    trajectory = selectors.trajectory_get_for_practitioner(request.user, trajectory_id)
    note_form = PractitionerNoteForm(posted(request))
    if request.method == "POST" and trajectory.is_open() and note_form.is_valid():
        services.diary_note_write(
            actor=request.user,
            trajectory=trajectory,
            body=note_form.cleaned_data["body"],
            visibility=DiaryNote.Visibility.EVERYONE,
            request=request,
        )
        messages.success(request, _("Je notitie staat in het dagboek van het gezin."))
        return redirect("client_portal:staff_trajectory", trajectory.pk)
    audit.record_personal_data(
        request,
        operation="read",
        obj=trajectory,
        subject=trajectory.client,
        action="trajectory.read",
    )
    documents = selectors.practitioner_documents(trajectory)
    signers = services.required_signers(trajectory)
    upcoming, past = _appointments(trajectory)
    today = timezone.localdate()
    return render(
        request,
        "client_portal/staff/trajectory.html",
        {
            "trajectory": trajectory,
            "participants": selectors.participant_statuses(trajectory),
            "start_documents": [d for d in documents if d.signature_required],
            "documents": [d for d in documents if not d.signature_required],
            "signers": signers,
            "signature_rows": _signature_rows(
                [d for d in documents if d.signature_required], signers
            ),
            "blockers": services.start_blockers(trajectory) if not trajectory.started_at else [],
            "consents": selectors.consent_rows(trajectory, with_parent_access=True),
            "twelve_plus": is_twelve_or_older(trajectory.client),
            "threads": selectors.trajectory_threads(request.user, trajectory),
            "notes": selectors.shared_diary_notes(request.user, trajectory),
            "upcoming": upcoming,
            "past": past[:5],
            "medications": list(trajectory.medications.select_related("prescribed_by")),
            "today": today,
            "note_form": note_form,
            "changes": selectors.details_changes(trajectory),
            "practitioners": list(trajectory.practitioners.order_by("first_name")),
        },
    )


def _signature_rows(documents: list[Any], signers: list[Any]) -> list[tuple[Any, list]]:
    """Per start document, each required signer with their signature (or None)."""
    rows = []
    for document in documents:
        by_user = {s.user_id: s for s in document.signatures.all()}
        cells = [(s, by_user.get(s.user.pk) if s.user else None) for s in signers]
        rows.append((document, cells))
    return rows


def _appointments(trajectory: Any) -> tuple[list[Any], list[Any]]:
    rows = list(trajectory.appointments.select_related("practitioner").order_by("starts_at"))
    now = timezone.now()
    return [a for a in rows if a.ends_at >= now], sorted(
        (a for a in rows if a.ends_at < now), key=lambda a: a.starts_at, reverse=True
    )


@policies.requires(RULE)
def practitioners(request: HttpRequest, trajectory_id: int) -> HttpResponse:
    """Who treats this client: colleagues at the facility can be added (or a leaver removed)."""
    trajectory = selectors.open_trajectory_get_for_practitioner(request.user, trajectory_id)
    colleagues = selectors.facility_practitioners(trajectory.facility)
    current = [str(u.pk) for u in trajectory.practitioners.all()]
    form = PractitionersForm(
        posted(request), colleagues=colleagues, initial={"practitioners": current}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.trajectory_practitioners_set(
                actor=request.user,
                trajectory=trajectory,
                practitioners=form.chosen(),
                request=request,
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("De behandelaars van dit traject zijn aangepast."))
            if request.user in form.chosen():
                return redirect("client_portal:staff_trajectory", trajectory.pk)
            return redirect("client_portal:staff_workspace")
    return render(
        request,
        "client_portal/staff/practitioners.html",
        {"trajectory": trajectory, "form": form},
    )


@policies.requires(RULE)
def participant_add(request: HttpRequest, trajectory_id: int) -> HttpResponse:
    trajectory = selectors.open_trajectory_get_for_practitioner(request.user, trajectory_id)
    form = ParticipantAddForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_add(
                actor=request.user,
                trajectory=trajectory,
                relation=form.cleaned_data["relation"],
                email=form.cleaned_data["email"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                request=request,
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("De deelnemer is toegevoegd en krijgt een e-mail."))
            return redirect("client_portal:staff_trajectory", trajectory.pk)
    return render(
        request,
        "client_portal/staff/participant_add.html",
        {"trajectory": trajectory, "form": form},
    )


@policies.requires(RULE)
def participant_activation(request: HttpRequest, participant_id: int) -> HttpResponse:
    """Send a new activation link; for an active account, re-activate it (after confirming)."""
    participant = selectors.participant_get_for_practitioner(request.user, participant_id)
    trajectory = participant.trajectory
    if not trajectory.is_open():
        messages.error(request, _("Dit traject is afgesloten."))
        return redirect("client_portal:staff_trajectory", trajectory.pk)
    reset = participant.user.has_usable_password()
    if request.method == "POST":
        try:
            services.participant_send_activation(
                actor=request.user, participant=participant, reset_login=reset, request=request
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _(
                    "%(name)s krijgt een nieuwe activeringslink (7 dagen geldig). Oudere links "
                    "werken niet meer."
                )
                % {"name": participant.user},
            )
        return redirect("client_portal:staff_trajectory", trajectory.pk)
    return render(
        request,
        "client_portal/staff/participant_activation.html",
        {"participant": participant, "trajectory": trajectory, "reset": reset},
    )


@policies.requires(RULE)
def document_new(request: HttpRequest, trajectory_id: int) -> HttpResponse:
    trajectory = selectors.trajectory_get_for_practitioner(request.user, trajectory_id)
    initial = {"kind": "start"} if request.GET.get("soort") == "start" else {}
    form = PractitionerDocumentForm(posted(request), request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.document_share(
            actor=request.user,
            trajectory=trajectory,
            kind=form.document_kind(),
            title=data["title"],
            description=data["description"],
            body=data["body"],
            file=data.get("file"),
            approval_requested=data["approval_requested"] and data["kind"] != "start",
            signature_required=data["kind"] == "start",
            request=request,
        )
        messages.success(request, _("Het document staat in het dossier van de cliënt."))
        return redirect("client_portal:staff_trajectory", trajectory.pk)
    return render(
        request, "client_portal/staff/document_new.html", {"trajectory": trajectory, "form": form}
    )


@policies.requires(RULE)
def document_download(request: HttpRequest, document_id: int) -> HttpResponse:
    document = selectors.practitioner_document_get(request.user, document_id)
    audit.record_personal_data(
        request,
        operation="export",
        obj=document,
        subject=document.trajectory.client,
        action="client_document.download",
    )
    return _file_response(document)


@policies.requires(RULE)
def parent_access(request: HttpRequest, trajectory_id: int) -> HttpResponse:
    trajectory = selectors.open_trajectory_get_for_practitioner(request.user, trajectory_id)
    current = services.current_consents(trajectory).get(ConsentTopic.PARENT_ACCESS)
    form = ParentAccessForm(
        posted(request),
        initial={"given": None if current is None else ("yes" if current.given else "no")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.parent_access_record(
                actor=request.user,
                trajectory=trajectory,
                given=form.cleaned_data["given"],
                request=request,
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(
                request,
                _("Genoteerd. De ouders zien het portaal vanaf nu.")
                if form.cleaned_data["given"]
                else _("Genoteerd. De ouders zien het portaal vanaf nu niet meer."),
            )
            return redirect("client_portal:staff_trajectory", trajectory.pk)
    return render(
        request,
        "client_portal/staff/parent_access.html",
        {"trajectory": trajectory, "form": form, "current": current},
    )


@policies.requires(RULE)
def appointment_new(request: HttpRequest, trajectory_id: int) -> HttpResponse:
    trajectory = selectors.open_trajectory_get_for_practitioner(request.user, trajectory_id)
    practitioners = list(trajectory.practitioners.order_by("first_name"))
    form = AppointmentForm(
        posted(request),
        practitioners=practitioners,
        initial={"practitioner": request.user.pk},
    )
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.moments()
        services.appointment_create(
            actor=request.user,
            trajectory=trajectory,
            starts_at=starts_at,
            ends_at=ends_at,
            practitioner=form.chosen_practitioner(),
            mode=form.cleaned_data["mode"],
            location=form.cleaned_data["location"],
            note=form.cleaned_data["note"],
            request=request,
        )
        messages.success(request, _("De afspraak staat in het portaal van het gezin."))
        return redirect("client_portal:staff_trajectory", trajectory.pk)
    return render(
        request,
        "client_portal/staff/appointment_new.html",
        {"trajectory": trajectory, "form": form},
    )


@policies.requires(RULE)
@require_POST
def appointment_cancel(request: HttpRequest, appointment_id: int) -> HttpResponse:
    appointment = selectors.practitioner_appointment_get(request.user, appointment_id)
    services.appointment_cancel(actor=request.user, appointment=appointment, request=request)
    messages.success(request, _("De afspraak is geannuleerd. Het gezin ziet dat in het portaal."))
    return redirect("client_portal:staff_trajectory", appointment.trajectory_id)


@policies.requires(RULE)
def medication_new(request: HttpRequest, trajectory_id: int) -> HttpResponse:
    trajectory = selectors.open_trajectory_get_for_practitioner(request.user, trajectory_id)
    prescribers = selectors.facility_practitioners(trajectory.facility)
    form = MedicationForm(
        posted(request), prescribers=prescribers, initial={"prescribed_by": request.user.pk}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.medication_add(
            actor=request.user,
            trajectory=trajectory,
            name=data["name"],
            dose=data["dose"],
            instructions=data["instructions"],
            prescribed_by=form.prescribers[data["prescribed_by"]],
            start_date=data["start_date"],
            end_date=data.get("end_date"),
            request=request,
        )
        messages.success(request, _("De medicatie staat in het dossier."))
        return redirect("client_portal:staff_trajectory", trajectory.pk)
    return render(
        request, "client_portal/staff/medication_new.html", {"trajectory": trajectory, "form": form}
    )


@policies.requires(RULE)
@require_POST
def medication_stop(request: HttpRequest, medication_id: int) -> HttpResponse:
    medication = selectors.practitioner_medication_get(request.user, medication_id)
    services.medication_stop(actor=request.user, medication=medication, request=request)
    messages.success(request, _("De medicatie is gestopt vanaf vandaag."))
    return redirect("client_portal:staff_trajectory", medication.trajectory_id)


@policies.requires(RULE)
def message_new(request: HttpRequest, trajectory_id: int) -> HttpResponse:
    trajectory = selectors.open_trajectory_get_for_practitioner(request.user, trajectory_id)
    participants = list(trajectory.participants.select_related("user"))
    form = PractitionerThreadForm(posted(request), request.FILES or None, participants=participants)
    if request.method == "POST" and form.is_valid():
        thread = services.practitioner_thread_start(
            actor=request.user,
            participant=form.chosen_participant(),
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            files=form.cleaned_data["attachments"],
            request=request,
        )
        messages.success(request, _("Je bericht is verstuurd; de ontvanger krijgt een e-mail."))
        return redirect("messaging:thread", thread.pk)
    return render(
        request,
        "client_portal/staff/message_new.html",
        {"trajectory": trajectory, "form": form, "participants": participants},
    )


@policies.requires(RULE)
def trajectory_start(request: HttpRequest, trajectory_id: int) -> HttpResponse:
    trajectory = selectors.open_trajectory_get_for_practitioner(request.user, trajectory_id)
    if request.method == "POST":
        try:
            services.trajectory_start(actor=request.user, trajectory=trajectory, request=request)
        except services.StartBlockedError as blocked:
            for problem in blocked.problems:
                messages.error(request, problem)
        else:
            messages.success(request, _("Het traject is gestart."))
        return redirect("client_portal:staff_trajectory", trajectory.pk)
    return render(
        request,
        "client_portal/staff/trajectory_start.html",
        {"trajectory": trajectory, "blockers": services.start_blockers(trajectory)},
    )


@policies.requires(RULE)
@reauthentication_required
def trajectory_end(request: HttpRequest, trajectory_id: int) -> HttpResponse:
    trajectory = selectors.open_trajectory_get_for_practitioner(request.user, trajectory_id)
    form = EndForm(posted(request))
    if request.method == "POST" and form.is_valid():
        end_date = form.cleaned_data["end_date"]
        services.trajectory_end(
            actor=request.user, trajectory=trajectory, end_date=end_date, request=request
        )
        if end_date <= timezone.localdate():
            messages.success(
                request,
                _(
                    "Het traject is beëindigd en de toegang tot het portaal is gesloten. Er is "
                    "niets gewist; de deelnemers krijgen een e-mail."
                ),
            )
        else:
            messages.success(
                request,
                _("Het traject eindigt op %(date)s. De toegang sluit de dag erna.")
                % {"date": end_date.strftime("%d/%m/%Y")},
            )
        return redirect("client_portal:staff_trajectory", trajectory.pk)
    participants = list(trajectory.participants.select_related("user"))
    return render(
        request,
        "client_portal/staff/trajectory_end.html",
        {"trajectory": trajectory, "form": form, "participants": participants},
    )
