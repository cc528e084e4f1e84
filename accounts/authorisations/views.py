"""Pages of the authorisation flow: the organiser's overview and request, the agency's review."""

from __future__ import annotations

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from .. import audit, policies
from ..models import AuthorisationRequest
from . import diff, history, selectors, services
from . import review as agency
from .forms import AuthorisationRequestForm, RejectForm, RemoveNowForm
from .rules import user_label

ROW_BUTTONS = {"add_addition": "additions", "add_change": "changes"}


# --- Organisers -----------------------------------------------------------------------------------


@policies.requires("authorisation_viewer")
def authorised_persons(request: HttpRequest, organiser_id: int) -> HttpResponse:
    """Per bureau: who is authorised now, who is pending, who was removed; and the requests."""
    organiser = selectors.organiser_get_for_viewer(request.user, organiser_id)
    overview = selectors.organiser_overview(organiser)
    audit.record(
        action="authorisation.list",
        category=audit.Category.READ,
        request=request,
        obj=organiser,
        organisation=organiser,
    )
    return render(
        request,
        "accounts/authorisations/overview.html",
        {
            "overview": overview,
            "organiser": organiser,
            "can_request": policies.can_request_for(request.user, organiser),
        },
    )


@policies.requires("organiser")
def authorisation_request_new(request: HttpRequest, organiser_id: int) -> HttpResponse:
    organiser = selectors.organiser_get_for_requester(request.user, organiser_id)
    return _request_form(request, organiser, editing=None)


@policies.requires("organiser")
def authorisation_request_edit(request: HttpRequest, request_id: int) -> HttpResponse:
    auth_request = selectors.request_get_for_user(request.user, request_id)
    if not auth_request.is_open:
        messages.warning(
            request,
            _("Deze aanvraag is al %(status)s en kan niet meer veranderen.")
            % {"status": auth_request.get_status_display().lower()},
        )
        return redirect("accounts:authorisation_request_detail", auth_request.pk)
    return _request_form(request, auth_request.organiser, editing=auth_request)


def _request_form(request: HttpRequest, organiser, editing) -> HttpResponse:  # noqa: ANN001
    declaration = selectors.current_declaration()
    if request.method == "POST" and editing is None:
        earlier = selectors.request_for_submission_key(
            request.user, request.POST.get("declaration-submission_key", "")
        )
        if earlier is not None:
            return _already_submitted(request, earlier)
    data = request.POST.copy() if request.method == "POST" else None
    added_row = next((p for button, p in ROW_BUTTONS.items() if data and button in data), None)
    if added_row:
        # "Add a row" works without JavaScript: one more empty row, nothing is submitted.
        key = f"{added_row}-TOTAL_FORMS"
        rows = min(int(data.get(key) or 0), 49) + 1
        data[key] = str(rows)
    form = AuthorisationRequestForm(
        organiser=organiser,
        actor=request.user,
        declaration=declaration,
        data=data,
        editing=editing,
    )
    if added_row:
        form.quiet()
        form.focus_new_row(added_row)
    elif data is not None and form.is_valid():
        response = _save_request(request, organiser, editing, form)
        if response is not None:
            return response
    return render(
        request,
        "accounts/authorisations/request_form.html",
        {
            "form": form,
            "organiser": organiser,
            "editing": editing,
            "declaration": declaration,
            "declaration_text": declaration.text_for(),
            "error_summary": [] if added_row or data is None else form.error_summary(),
            "expected_by": selectors.expected_decision_date(timezone.now()),
        },
    )


def _save_request(request: HttpRequest, organiser, editing, form) -> HttpResponse | None:  # noqa: ANN001
    declaration = form.declaration.cleaned_data
    signature = services.Signature(
        declaration=form.declaration_text, name=declaration["signature_name"]
    )
    try:
        if editing is None:
            auth_request = services.authorisation_request_submit(
                actor=request.user,
                organiser=organiser,
                lines=form.lines(),
                signature=signature,
                note=declaration["note"],
                submission_key=declaration["submission_key"],
                request=request,
            )
        else:
            auth_request = services.authorisation_request_update(
                actor=request.user,
                auth_request=editing,
                lines=form.lines(),
                signature=signature,
                note=declaration["note"],
                revision=declaration["revision"] or 0,
                request=request,
            )
    except services.DuplicateSubmission as duplicate:
        return _already_submitted(request, duplicate.auth_request)
    except services.AlreadyDecided as decided:
        messages.warning(
            request,
            _("Deze aanvraag is intussen %(status)s. Er is niets gewijzigd.")
            % {"status": decided.auth_request.get_status_display().lower()},
        )
        return redirect("accounts:authorisation_request_detail", decided.auth_request.pk)
    except services.StaleReview:
        messages.warning(
            request,
            _(
                "Iemand anders paste deze aanvraag intussen aan. Bekijk ze opnieuw en breng je "
                "wijziging dan aan."
            ),
        )
        return redirect("accounts:authorisation_request_detail", editing.pk)
    except ValidationError as error:
        for message in error.messages:
            form.declaration.add_error(None, message)
        return None
    messages.success(
        request,
        _("Je aanvraag is ingediend.") if editing is None else _("Je aanvraag is aangepast."),
    )
    return redirect(
        reverse("accounts:authorisation_request_detail", args=[auth_request.pk]) + "?ingediend=1"
    )


def _already_submitted(request: HttpRequest, auth_request: AuthorisationRequest) -> HttpResponse:
    messages.info(
        request,
        _("Deze aanvraag was al ingediend. Je ziet ze hieronder; er is niets dubbel ingediend."),
    )
    return redirect("accounts:authorisation_request_detail", auth_request.pk)


@policies.requires("authorisation_viewer")
def authorisation_request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    auth_request = selectors.request_get_for_user(request.user, request_id)
    audit.record(
        action="authorisation_request.read",
        category=audit.Category.READ,
        request=request,
        obj=auth_request,
        organisation=auth_request.organiser,
    )
    return render(
        request,
        "accounts/authorisations/request_detail.html",
        {
            "auth_request": auth_request,
            "lines": list(auth_request.lines.all()),
            "can_change": auth_request.is_open
            and policies.can_request_for(request.user, auth_request.organiser),
            "is_agency": policies.is_agency_admin(request.user),
            "just_submitted": "ingediend" in request.GET,
            "expected_by": selectors.expected_decision_date(auth_request.submitted_at),
        },
    )


@policies.requires("organiser")
@require_POST
def authorisation_request_withdraw(request: HttpRequest, request_id: int) -> HttpResponse:
    auth_request = selectors.request_get_for_user(request.user, request_id)
    try:
        services.authorisation_request_withdraw(
            actor=request.user, auth_request=auth_request, request=request
        )
    except services.AlreadyDecided as decided:
        messages.warning(
            request,
            _("Deze aanvraag is al %(status)s. Er is niets gewijzigd.")
            % {"status": decided.auth_request.get_status_display().lower()},
        )
    else:
        messages.success(request, _("Je aanvraag is ingetrokken. Er verandert niets."))
    return redirect("accounts:authorisation_request_detail", auth_request.pk)


@policies.requires("organiser")
def authorised_person_remove_now(
    request: HttpRequest, organiser_id: int, person_id: int
) -> HttpResponse:
    """Urgent removal: confirm, then the person loses access at once (their sessions end)."""
    organiser = selectors.organiser_get_for_requester(request.user, organiser_id)
    person = selectors.person_get_for_organiser(organiser, person_id)
    bureaus = selectors.bureau_names_by_person(organiser).get(person.pk, [])
    overview_url = reverse("accounts:authorised_persons", args=[organiser.pk])
    form = RemoveNowForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.authorised_person_remove_now(
                actor=request.user,
                organiser=organiser,
                person=person,
                reason=form.reason_text(),
                request=request,
            )
        except services.NothingToRemove:
            messages.info(
                request,
                _("%(person)s was al geschrapt. Er is niets gewijzigd.")
                % {"person": user_label(person)},
            )
        else:
            messages.success(
                request,
                _(
                    "%(person)s is geschrapt en heeft vanaf nu geen toegang meer. Het agentschap "
                    "ziet deze schrapping in zijn overzicht."
                )
                % {"person": user_label(person)},
            )
        return redirect(overview_url)
    return render(
        request,
        "accounts/authorisations/remove_now.html",
        {
            "organiser": organiser,
            "person": person,
            "bureaus": bureaus,
            "form": form,
            "overview_url": overview_url,
        },
    )


@policies.requires("authorisation_viewer")
@require_POST
def authorised_person_invite_again(
    request: HttpRequest, organiser_id: int, person_id: int
) -> HttpResponse:
    organiser = selectors.organiser_get_for_viewer(request.user, organiser_id)
    person = selectors.person_get_for_organiser(organiser, person_id)
    label = user_label(person)
    try:
        services.authorised_person_invite_again(
            actor=request.user, organiser=organiser, person=person, request=request
        )
    except services.AlreadyActivated:
        messages.info(
            request,
            _("%(person)s heeft het account al geactiveerd en kan zich gewoon aanmelden.")
            % {"person": label},
        )
    except services.NothingToRemove:
        messages.info(request, _("%(person)s is niet meer gemachtigd.") % {"person": label})
    else:
        messages.success(
            request,
            _("We stuurden %(person)s een nieuwe uitnodiging. De vorige link werkt niet meer.")
            % {"person": label},
        )
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("accounts:authorised_persons", args=[organiser.pk])
    return redirect(next_url)


@policies.requires("authorisation_viewer")
def authorised_person_history(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.person_get_for_user(request.user, person_id)
    entries = history.person_history(request.user, person)
    audit.record_personal_data(
        request,
        operation=audit.Category.READ,
        obj=person,
        subject=person,
        action="authorisation.history_read",
    )
    return render(
        request,
        "accounts/authorisations/history.html",
        {"person": person, "entries": entries},
    )


# --- The agency -----------------------------------------------------------------------------------


@policies.requires("agency_admin")
def review_queue(request: HttpRequest) -> HttpResponse:
    queue = selectors.review_queue(request.user)
    audit.record(action="authorisation_request.list", category=audit.Category.READ, request=request)
    return render(
        request,
        "accounts/authorisations/review_queue.html",
        {"queue": queue, "organisers": selectors.organisers_with_counts(request.user)},
    )


@policies.requires("agency_admin")
def review(request: HttpRequest, request_id: int) -> HttpResponse:
    auth_request = selectors.request_get_for_user(request.user, request_id)
    audit.record(
        action="authorisation_request.read",
        category=audit.Category.READ,
        request=request,
        obj=auth_request,
        organisation=auth_request.organiser,
    )
    return _render_review(request, auth_request, RejectForm())


def _render_review(
    request: HttpRequest, auth_request: AuthorisationRequest, reject_form: RejectForm, status=200
) -> HttpResponse:  # noqa: ANN001
    planned = diff.request_diff(auth_request) if auth_request.is_open else None
    return render(
        request,
        "accounts/authorisations/review.html",
        {
            "auth_request": auth_request,
            "lines": list(auth_request.lines.all()),
            "diff": planned,
            "reject_form": reject_form,
        },
        status=status,
    )


def _decided_message(request: HttpRequest, auth_request: AuthorisationRequest) -> None:
    who = auth_request.reviewed_by or auth_request.withdrawn_by
    when = auth_request.reviewed_at or auth_request.withdrawn_at
    messages.warning(
        request,
        _("Deze aanvraag is al %(status)s door %(who)s op %(when)s. Er is niets gewijzigd.")
        % {
            "status": auth_request.get_status_display().lower(),
            "who": who.full_name or who.email if who else "—",
            "when": date_format(localtime(when), "SHORT_DATETIME_FORMAT") if when else "—",
        },
    )


@policies.requires("agency_admin")
@reauthentication_required
@require_POST
def review_approve(request: HttpRequest, request_id: int) -> HttpResponse:
    auth_request = selectors.request_get_for_user(request.user, request_id)
    try:
        approved = agency.authorisation_request_approve(
            actor=request.user,
            auth_request=auth_request,
            fingerprint=request.POST.get("fingerprint", ""),
            request=request,
        )
    except services.AlreadyDecided as decided:
        _decided_message(request, decided.auth_request)
    except services.StaleReview:
        messages.warning(
            request,
            _(
                "De aanvraag of de huidige machtigingen zijn intussen gewijzigd. Er is niets "
                "toegepast. Bekijk de verschillen hieronder opnieuw en beslis dan."
            ),
        )
    else:
        lines = approved.lines.count()
        messages.success(
            request,
            ngettext(
                "Aanvraag goedgekeurd: %(count)s lijn toegepast. Nieuwe personen krijgen een "
                "uitnodiging, de organisator een bevestiging.",
                "Aanvraag goedgekeurd: %(count)s lijnen toegepast. Nieuwe personen krijgen een "
                "uitnodiging, de organisator een bevestiging.",
                lines,
            )
            % {"count": lines},
        )
    return redirect("accounts:review", auth_request.pk)


@policies.requires("agency_admin")
@require_POST
def review_reject(request: HttpRequest, request_id: int) -> HttpResponse:
    auth_request = selectors.request_get_for_user(request.user, request_id)
    form = RejectForm(request.POST)
    if not form.is_valid():
        return _render_review(request, auth_request, form, status=400)
    try:
        agency.authorisation_request_reject(
            actor=request.user,
            auth_request=auth_request,
            reason=form.cleaned_data["reason"],
            request=request,
        )
    except services.AlreadyDecided as decided:
        _decided_message(request, decided.auth_request)
    else:
        messages.success(
            request, _("Aanvraag geweigerd. De organisator krijgt je uitleg per e-mail.")
        )
    return redirect("accounts:review", auth_request.pk)


@policies.requires("agency_admin")
@require_POST
def review_acknowledge(request: HttpRequest, request_id: int) -> HttpResponse:
    auth_request = selectors.request_get_for_user(request.user, request_id)
    try:
        agency.urgent_removal_acknowledge(
            actor=request.user, auth_request=auth_request, request=request
        )
    except services.AlreadyDecided:
        messages.info(request, _("Deze schrapping was al als gezien gemarkeerd."))
    else:
        messages.success(request, _("Schrapping gemarkeerd als gezien."))
    return redirect("accounts:review_queue")
