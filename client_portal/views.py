"""The client portal: a client's or parent's pages (home, dossier, reports, appointments,
messages, diary, getting started, switching portals) and the page of a closed account."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from functools import wraps
from typing import Any
from uuid import UUID

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit, policies
from messaging import selectors as messaging_selectors
from messaging import services as messaging_services
from parent_portal.forms import ChildDetailsForm
from portal.lib.filesafety import MIME_TYPES

from . import selectors, services
from .forms import (
    ApproveForm,
    ConsentsForm,
    DiaryNoteForm,
    InsuranceForm,
    PortalPreferenceForm,
    PortalThreadForm,
    SignForm,
    UploadForm,
)
from .models import Document
from .selectors import OWN, Portal, PortalClosedError

PortalView = Callable[..., HttpResponse]


def posted(request: HttpRequest) -> Any:
    """The submitted data of a POST (also when empty, e.g. an unticked box), else None."""
    return request.POST if request.method == "POST" else None


def in_portal(view: PortalView) -> PortalView:
    """Resolve the `portal` URL argument for the viewer: 404 when it is not theirs, the
    closed-access explanation (403) when their access ended."""

    @wraps(view)
    def wrapped(request: HttpRequest, portal: str, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            resolved = selectors.portal_get_for_user(request.user, portal)
        except PortalClosedError:
            return _closed_page(request, status=403)
        return view(request, resolved, *args, **kwargs)

    return wrapped


def _page(
    request: HttpRequest, portal: Portal, template: str, section: str, **context: Any
) -> HttpResponse:
    context.update(
        portal=portal,
        section=section,
        nav_unread=selectors.unread_messages(portal),
        nav_unsigned=selectors.unsigned_count(request.user, portal.participating_ids),
    )
    return render(request, f"client_portal/{template}", context)


def _read(request: HttpRequest, portal: Portal, page: str) -> None:
    """Log the read of a client's record (shown on 'who viewed my data')."""
    for trajectory in portal.trajectories:
        audit.record_personal_data(
            request,
            operation="read",
            obj=trajectory,
            subject=trajectory.client,
            action="trajectory.read",
            details={"page": page},
        )


def _one_client(portal: Portal, url_name: str) -> HttpResponse | None:
    """In a parent's own portal, the client's dossier pages open in the child's portal."""
    if portal.client is not None:
        return None
    clients = {t.client_id for t in portal.trajectories}
    if len(clients) == 1:
        return redirect(f"client_portal:{url_name}", portal=str(clients.pop()))
    return None


# --- Entry, switching, closed access ----------------------------------------------------------


@policies.requires("client_portal")
def index(request: HttpRequest) -> HttpResponse:
    """Open the preferred portal (or explain that access is closed, or that none is open yet)."""
    participating = policies.trajectories_participated_by(request.user)
    if not participating.exists():
        if policies.trajectories_closed_for(request.user).exists():
            return redirect("client_portal:closed")
        return render(request, "client_portal/nothing_yet.html")
    return redirect("client_portal:home", portal=selectors.preferred_portal_key(request.user))


@policies.requires("client_portal")
def switch(request: HttpRequest) -> HttpResponse:
    choices, hidden = selectors.portal_choices(request.user)
    if not choices and not hidden:
        return redirect("client_portal:index")
    form = PortalPreferenceForm(
        posted(request),
        choices=[(c.key, f"{c.name} ({c.relation})") for c in choices],
        initial={"preferred": next((c.key for c in choices if c.preferred), OWN)},
    )
    if request.method == "POST" and form.is_valid():
        key = form.cleaned_data["preferred"]
        portal = selectors.portal_get_for_user(request.user, key)
        services.portal_preference_set(
            user=request.user,
            client=None if portal.client is None or portal.is_own else portal.client,
        )
        messages.success(
            request,
            _("Na het aanmelden opent voortaan %(portal)s.")
            % {"portal": next(c.name for c in choices if c.key == key)},
        )
        return redirect("client_portal:switch")
    current = request.GET.get("van", "")
    return render(
        request,
        "client_portal/switch.html",
        {"choices": choices, "hidden": hidden, "form": form, "current": current},
    )


def _closed_page(request: HttpRequest, *, status: int = 200) -> HttpResponse:
    closed = selectors.closed_trajectories(request.user)
    documents = selectors.export_documents(request.user)
    audit.record(
        action="client_portal.closed_page",
        category=audit.Category.ACCESS,
        request=request,
        outcome=audit.Outcome.DENIED if status == 403 else audit.Outcome.SUCCESS,
    )
    return render(
        request,
        "client_portal/closed.html",
        {"closed": closed, "document_count": len(documents)},
        status=status,
    )


@policies.requires("client_portal")
def closed(request: HttpRequest) -> HttpResponse:
    if not policies.trajectories_closed_for(request.user).exists():
        return redirect("client_portal:index")
    return _closed_page(request)


@policies.requires("client_portal")
@reauthentication_required
def closed_export(request: HttpRequest) -> HttpResponse:
    """A closed account downloads their documents (and their own diary) as one .zip."""
    documents = selectors.export_documents(request.user)
    notes = selectors.export_diary(request.user)
    if not documents and not notes:
        messages.info(request, _("Er zijn geen documenten om te downloaden."))
        return redirect("client_portal:index")
    buffer = io.BytesIO()
    used: set[str] = set()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for document in documents:
            folder = (
                f"{document.trajectory.client.first_name} - {document.trajectory.facility.name}"
            )
            name = _unique(
                f"{folder}/{document.created_at:%Y-%m-%d} {document.download_name}", used
            )
            if document.file:
                with document.file.open("rb") as handle:
                    archive.writestr(name, handle.read())
            else:
                archive.writestr(name, _text_document(document))
        if notes:
            lines = [
                f"{timezone.localtime(note.written_at):%d/%m/%Y %H:%M} "
                f"({note.trajectory.client.first_name})\n{note.body}\n"
                for note in notes
            ]
            archive.writestr(_unique(_("dagboek") + ".txt", used), "\n".join(lines))
    audit.record(
        action="client_portal.export",
        category=audit.Category.EXPORT,
        request=request,
        details={"documents": len(documents), "diary_notes": len(notes)},
    )
    buffer.seek(0)
    return FileResponse(
        buffer,
        as_attachment=True,
        filename=f"documenten-{timezone.localdate():%Y-%m-%d}.zip",
        content_type="application/zip",
    )


def _unique(name: str, used: set[str]) -> str:
    candidate, n = name, 1
    while candidate in used:
        n += 1
        stem, dot, ext = name.rpartition(".")
        candidate = f"{stem} ({n}).{ext}" if dot else f"{name} ({n})"
    used.add(candidate)
    return candidate


def _text_document(document: Document) -> str:
    lines = [document.title, "", document.body, ""]
    for signature in document.signatures.all():
        lines.append(
            _("Ondertekend door %(name)s op %(when)s")
            % {
                "name": signature.signature_name,
                "when": timezone.localtime(signature.signed_at).strftime("%d/%m/%Y %H:%M"),
            }
        )
    return "\n".join(lines)


# --- Home ----------------------------------------------------------------------------------


@policies.requires("client_portal")
@in_portal
def home(request: HttpRequest, portal: Portal) -> HttpResponse:
    since = selectors.previous_login(request.user)
    choices, hidden = selectors.portal_choices(request.user)
    _read(request, portal, "home")
    return _page(
        request,
        portal,
        "home.html",
        "home",
        activity=selectors.activity_since(portal, since),
        first_visit=since is None,
        next_appointment=selectors.next_appointment(portal),
        security=selectors.security_of(request.user),
        signing=[t for t in selectors.signing_tasks(portal) if not t.done],
        child_portals=[c for c in choices if c.key != OWN and c.key != portal.key],
        hidden=hidden if portal.is_parent_overview else [],
    )


# --- Dossier -------------------------------------------------------------------------------


@policies.requires("client_portal")
@in_portal
def dossier(request: HttpRequest, portal: Portal) -> HttpResponse:
    choices, _hidden = selectors.portal_choices(request.user)
    return _page(
        request,
        portal,
        "dossier.html",
        "dossier",
        child_portals=[c for c in choices if c.key != OWN],
    )


@policies.requires("client_portal")
@in_portal
def about(request: HttpRequest, portal: Portal) -> HttpResponse:
    if portal.client is None:
        relations = [(t, _("ouder met gezag")) for t in portal.participating]
        return _page(request, portal, "about_parent.html", "dossier", relations=relations)
    trajectory = portal.trajectories[0]
    form = ChildDetailsForm(posted(request), instance=portal.client)
    if not portal.may_decide:
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST" and portal.may_decide and form.is_valid():
        services.client_details_update(
            actor=request.user, trajectory=trajectory, data=form.cleaned_data, request=request
        )
        messages.success(
            request, _("Je gegevens zijn bewaard. Je behandelaar ziet wat er veranderde.")
        )
        return redirect("client_portal:about", portal=portal.key)
    _read(request, portal, "about")
    return _page(request, portal, "about.html", "dossier", form=form, client=portal.client)


@policies.requires("client_portal")
@in_portal
def consents(request: HttpRequest, portal: Portal) -> HttpResponse:
    redirected = _one_client(portal, "consents")
    if redirected:
        return redirected
    if portal.client is None:
        return _page(
            request, portal, "choose_child.html", "dossier", target="client_portal:consents"
        )
    sections = []
    for trajectory in portal.trajectories:
        rows = selectors.consent_rows(trajectory, with_parent_access=True)
        editable = policies.can_decide_for_client(request.user, trajectory)
        form = ConsentsForm(
            request.POST if request.method == "POST" and editable else None,
            rows=rows,
            editable=editable,
            prefix=f"t{trajectory.pk}",
        )
        sections.append(
            {
                "trajectory": trajectory,
                "rows": rows,
                "form": form,
                "editable": editable,
                "history": selectors.consent_history(trajectory),
            }
        )
    if request.method == "POST":
        changed = 0
        for section in sections:
            form = section["form"]
            if section["editable"] and form.is_bound and form.is_valid():
                choices = form.choices()
                changed += len(
                    services.consents_save(
                        actor=request.user,
                        trajectory=section["trajectory"],
                        choices=choices,
                        request=request,
                    )
                )
        if changed:
            messages.success(
                request, _("Je toestemmingen zijn bewaard. Je behandelaar ziet ze meteen.")
            )
        else:
            messages.info(request, _("Er is niets veranderd."))
        return redirect("client_portal:consents", portal=portal.key)
    _read(request, portal, "consents")
    return _page(request, portal, "consents.html", "dossier", sections=sections)


def _documents(request: HttpRequest, portal: Portal, kind: str, section: str) -> HttpResponse:
    rows = selectors.documents_of(portal, kind)
    _read(request, portal, section)
    return _page(
        request,
        portal,
        "documents.html",
        section,
        documents=rows,
        kind=kind,
        can_upload=kind == Document.Kind.DOCUMENT and bool(portal.participating),
    )


@policies.requires("client_portal")
@in_portal
def reports(request: HttpRequest, portal: Portal) -> HttpResponse:
    return _documents(request, portal, Document.Kind.REPORT, "reports")


@policies.requires("client_portal")
@in_portal
def documents(request: HttpRequest, portal: Portal) -> HttpResponse:
    return _documents(request, portal, Document.Kind.DOCUMENT, "documents")


@policies.requires("client_portal")
@reauthentication_required
@in_portal
def upload(request: HttpRequest, portal: Portal) -> HttpResponse:
    trajectories = [t for t in portal.trajectories if t in portal.participating]
    if not trajectories:
        return redirect("client_portal:documents", portal=portal.key)
    form = UploadForm(posted(request), request.FILES or None, trajectories=trajectories)
    if request.method == "POST" and form.is_valid():
        services.document_share(
            actor=request.user,
            trajectory=form.chosen_trajectory(),
            kind=Document.Kind.DOCUMENT,
            title=form.cleaned_data["title"],
            file=form.cleaned_data["file"],
            by_practitioner=False,
            request=request,
        )
        messages.success(
            request, _("Je document staat in je dossier. Alleen jij en je behandelaars zien het.")
        )
        return redirect("client_portal:documents", portal=portal.key)
    return _page(request, portal, "upload.html", "documents", form=form)


@policies.requires("client_portal")
@in_portal
def document_detail(request: HttpRequest, portal: Portal, document_id: int) -> HttpResponse:
    document = selectors.document_get_for_portal(portal, document_id)
    form = ApproveForm(posted(request))
    approved = bool(document.my_approvals)
    wants_to_agree = request.method == "POST" and document.approval_requested and not approved
    if wants_to_agree and form.is_valid():
        services.document_approve(actor=request.user, document=document, request=request)
        messages.success(request, _("Je gaf je akkoord. Je behandelaar ziet het meteen."))
        return redirect("client_portal:document", portal=portal.key, document_id=document.pk)
    audit.record_personal_data(
        request, operation="read", obj=document, subject=document.trajectory.client
    )
    section = "reports" if document.kind == Document.Kind.REPORT else "documents"
    return _page(
        request,
        portal,
        "document.html",
        section,
        document=document,
        form=form,
        approved=document.my_approvals[0] if approved else None,
        signed=document.my_signatures[0] if document.my_signatures else None,
    )


@policies.requires("client_portal")
@in_portal
def document_download(request: HttpRequest, portal: Portal, document_id: int) -> HttpResponse:
    document = selectors.document_get_for_portal(portal, document_id)
    audit.record_personal_data(
        request,
        operation="export",
        obj=document,
        subject=document.trajectory.client,
        action="client_document.download",
    )
    return _file_response(document)


def _file_response(document: Document) -> HttpResponse:
    if document.file:
        return FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=document.download_name,
            content_type=MIME_TYPES.get(document.content_kind, "application/octet-stream"),
        )
    response = HttpResponse(_text_document(document), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{document.pk}.txt"'
    return response


@policies.requires("client_portal")
@in_portal
def insurance(request: HttpRequest, portal: Portal) -> HttpResponse:
    redirected = _one_client(portal, "insurance")
    if redirected:
        return redirected
    if portal.client is None:
        return _page(
            request, portal, "choose_child.html", "dossier", target="client_portal:insurance"
        )
    trajectory = portal.trajectories[0]
    current = selectors.insurance_of(trajectory)
    form = InsuranceForm(posted(request), instance=current)
    if not portal.may_decide:
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST" and portal.may_decide and form.is_valid():
        for other in portal.trajectories:
            services.insurance_save(
                actor=request.user, trajectory=other, request=request, **form.cleaned_data
            )
        messages.success(request, _("Je verzekering is bewaard."))
        return redirect("client_portal:insurance", portal=portal.key)
    _read(request, portal, "insurance")
    return _page(request, portal, "insurance.html", "dossier", form=form, current=current)


@policies.requires("client_portal")
@in_portal
def medication(request: HttpRequest, portal: Portal) -> HttpResponse:
    rows = selectors.medications_of(portal)
    _read(request, portal, "medication")
    today = timezone.localdate()
    return _page(
        request,
        portal,
        "medication.html",
        "dossier",
        current=[m for m in rows if m.is_current(today) or m.start_date > today],
        stopped=[m for m in rows if m.end_date and m.end_date < today],
    )


# --- Appointments --------------------------------------------------------------------------


@policies.requires("client_portal")
@in_portal
def appointments(request: HttpRequest, portal: Portal) -> HttpResponse:
    upcoming, past = selectors.appointments_of(portal)
    _read(request, portal, "appointments")
    return _page(request, portal, "appointments.html", "appointments", upcoming=upcoming, past=past)


# --- Messages -------------------------------------------------------------------------------


@policies.requires("client_portal")
@in_portal
def message_list(request: HttpRequest, portal: Portal) -> HttpResponse:
    closed_view = request.GET.get("status") == "gesloten"
    return _page(
        request,
        portal,
        "messages.html",
        "messages",
        threads=selectors.threads_of(portal, closed=closed_view),
        closed_view=closed_view,
    )


@policies.requires("client_portal")
@in_portal
def message_new(request: HttpRequest, portal: Portal) -> HttpResponse:
    if not portal.participating:
        return redirect("client_portal:messages", portal=portal.key)
    form = PortalThreadForm(
        posted(request), request.FILES or None, trajectories=portal.participating
    )
    if request.method == "POST" and form.is_valid():
        thread = services.portal_thread_start(
            actor=request.user,
            trajectory=form.chosen_trajectory(),
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            files=form.cleaned_data["attachments"],
            request=request,
        )
        messages.success(
            request,
            _(
                "Je bericht is verstuurd. Je krijgt binnen drie werkdagen een antwoord; je krijgt "
                "een e-mail zodra het er is."
            ),
        )
        return redirect("client_portal:thread", portal=portal.key, thread_id=thread.pk)
    return _page(request, portal, "message_new.html", "messages", form=form)


@policies.requires("client_portal")
@in_portal
def thread(request: HttpRequest, portal: Portal, thread_id: UUID) -> HttpResponse:
    from messaging.forms import MessageForm

    found = selectors.thread_get_for_portal(portal, thread_id)
    form = MessageForm(posted(request), request.FILES or None)
    if request.method == "POST":
        if found.is_closed:
            messages.error(request, _("Dit gesprek is gesloten. Start een nieuw bericht."))
            return redirect("client_portal:thread", portal=portal.key, thread_id=found.pk)
        if form.is_valid():
            messaging_services.message_post(
                actor=request.user,
                thread=found,
                side="requester",
                body=form.cleaned_data["body"],
                files=form.cleaned_data["attachments"],
                request=request,
            )
            messages.success(request, _("Je bericht is verstuurd."))
            return redirect("client_portal:thread", portal=portal.key, thread_id=found.pk)
    thread_messages = messaging_selectors.thread_messages(found)
    messaging_services.thread_mark_read(user=request.user, thread=found)
    audit.record(
        action="message_thread.read",
        category=audit.Category.READ,
        request=request,
        obj=found,
        subject_ref=found.subject_ref,
    )
    return _page(
        request,
        portal,
        "thread.html",
        "messages",
        thread=found,
        thread_messages=thread_messages,
        form=form,
    )


@policies.requires("client_portal")
def thread_open(request: HttpRequest, thread_id: UUID) -> HttpResponse:
    """The link in the e-mail: open the thread in the portal that shows it."""
    key = selectors.portal_key_for_thread(request.user, thread_id)
    return redirect("client_portal:thread", portal=key, thread_id=thread_id)


@policies.requires("client_portal")
@in_portal
def attachment(request: HttpRequest, portal: Portal, attachment_id: int) -> HttpResponse:
    found = selectors.attachment_get_for_portal(portal, attachment_id)
    audit.record(
        action="message_attachment.read",
        category=audit.Category.READ,
        request=request,
        obj=found,
        subject_ref=found.message.thread.subject_ref,
    )
    return FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=found.original_name,
        content_type=MIME_TYPES.get(found.kind, "application/octet-stream"),
    )


# --- Diary ----------------------------------------------------------------------------------


@policies.requires("client_portal")
@in_portal
def diary(request: HttpRequest, portal: Portal) -> HttpResponse:
    form = (
        DiaryNoteForm(posted(request), trajectories=portal.participating)
        if portal.participating
        else None
    )
    if request.method == "POST" and form is not None and form.is_valid():
        services.diary_note_write(
            actor=request.user,
            trajectory=form.chosen_trajectory(),
            body=form.cleaned_data["body"],
            visibility=form.cleaned_data["visibility"],
            request=request,
        )
        messages.success(request, _("Je notitie is bewaard."))
        return redirect("client_portal:diary", portal=portal.key)
    return _page(
        request, portal, "diary.html", "diary", notes=selectors.diary_of(portal), form=form
    )


@policies.requires("client_portal")
@in_portal
def diary_edit(request: HttpRequest, portal: Portal, note_id: int) -> HttpResponse:
    note = selectors.own_note_get(portal, note_id)
    form = DiaryNoteForm(
        posted(request), initial={"body": note.body, "visibility": note.visibility}
    )
    if note.visibility == note.Visibility.EVERYONE:
        return redirect("client_portal:diary", portal=portal.key)
    if request.method == "POST" and form.is_valid():
        services.diary_note_update(
            actor=request.user,
            note=note,
            body=form.cleaned_data["body"],
            visibility=form.cleaned_data["visibility"],
            request=request,
        )
        messages.success(request, _("Je notitie is aangepast."))
        return redirect("client_portal:diary", portal=portal.key)
    return _page(request, portal, "diary_edit.html", "diary", note=note, form=form)


@policies.requires("client_portal")
@in_portal
def diary_delete(request: HttpRequest, portal: Portal, note_id: int) -> HttpResponse:
    note = selectors.own_note_get(portal, note_id)
    if request.method == "POST":
        services.diary_note_delete(actor=request.user, note=note, request=request)
        messages.success(request, _("Je notitie is verwijderd."))
        return redirect("client_portal:diary", portal=portal.key)
    return _page(request, portal, "diary_delete.html", "diary", note=note)


# --- Getting started ------------------------------------------------------------------------


@policies.requires("client_portal")
@in_portal
def get_started(request: HttpRequest, portal: Portal) -> HttpResponse:
    security = selectors.security_of(request.user)
    consent_portals = []
    for trajectory in portal.participating:
        if policies.can_decide_for_client(request.user, trajectory):
            decided = bool(trajectory.consents.exists())
            key = OWN if portal.is_own and portal.client else str(trajectory.client_id)
            consent_portals.append((trajectory, decided, key))
    return _page(
        request,
        portal,
        "get_started.html",
        "get_started",
        tasks=selectors.signing_tasks(portal),
        security=security,
        consent_portals=consent_portals,
    )


@policies.requires("client_portal")
@in_portal
def sign(request: HttpRequest, portal: Portal, document_id: int) -> HttpResponse:
    document = selectors.start_document_get_for_signer(portal, document_id)
    existing = document.signatures.filter(user=request.user).first()
    form = SignForm(posted(request), actor=request.user)
    if request.method == "POST" and existing is None and form.is_valid():
        services.document_sign(
            actor=request.user,
            document=document,
            signature_name=form.cleaned_data["signature_name"],
            request=request,
        )
        messages.success(
            request,
            _("Je hebt '%(title)s' ondertekend. Je behandelaar ziet het meteen.")
            % {"title": document.title},
        )
        return redirect("client_portal:get_started", portal=portal.key)
    audit.record_personal_data(
        request, operation="read", obj=document, subject=document.trajectory.client
    )
    return _page(
        request, portal, "sign.html", "get_started", document=document, form=form, existing=existing
    )
