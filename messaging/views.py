from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts import audit, policies
from portal.lib.filesafety import MIME_TYPES

from . import selectors, services
from .forms import MessageForm, ThreadForm

TOPICS = {"gp_list": gettext_lazy("Vraag over de huisartsenlijst")}


@policies.requires("messages")
def inbox(request: HttpRequest) -> HttpResponse:
    closed = request.GET.get("status") == "gesloten"
    threads = list(selectors.threads_for_user(request.user, closed=closed))
    return render(
        request,
        "messaging/inbox.html",
        {
            "threads": threads,
            "closed": closed,
            "can_start": policies.can_start_message_thread(request.user),
        },
    )


@policies.requires("messages_start")
def thread_new(request: HttpRequest) -> HttpResponse:
    organisations = selectors.requester_organisations(request.user)
    topic = request.GET.get("over", "")
    topic = topic if topic in TOPICS else ""
    form = ThreadForm(request.POST or None, request.FILES or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        organisation = next(o for o in organisations if o.pk == form.cleaned_data["organisation"])
        thread = services.thread_start(
            actor=request.user,
            organisation=organisation,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            files=form.cleaned_data["attachments"],
            topic=topic,
            request=request,
        )
        messages.success(
            request,
            _(
                "Je vraag is verstuurd. De helpdesk antwoordt meestal binnen twee werkdagen; "
                "je krijgt een e-mail zodra er een antwoord is."
            ),
        )
        return redirect("messaging:thread", thread.pk)
    if request.method == "GET" and topic and "subject" not in form.initial:
        form.initial["subject"] = TOPICS[topic]
    return render(request, "messaging/new.html", {"form": form, "topic": topic})


@policies.requires("messages")
def thread_detail(request: HttpRequest, thread_id: UUID) -> HttpResponse:
    thread = selectors.thread_get_for_user(request.user, thread_id)
    side = policies.message_side(request.user, thread)
    form = MessageForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if thread.is_closed:
            messages.error(request, _("Dit gesprek is gesloten. Heropen het om te antwoorden."))
            return redirect("messaging:thread", thread.pk)
        if form.is_valid():
            services.message_post(
                actor=request.user,
                thread=thread,
                side=side,
                body=form.cleaned_data["body"],
                files=form.cleaned_data["attachments"],
                request=request,
            )
            messages.success(request, _("Je bericht is verstuurd."))
            return redirect("messaging:thread", thread.pk)
    thread_messages = selectors.thread_messages(thread)
    services.thread_mark_read(user=request.user, thread=thread)
    audit.record(
        action="message_thread.read",
        category=audit.Category.READ,
        request=request,
        obj=thread,
        organisation=thread.organisation,
        subject_ref=thread.subject_ref,
    )
    return render(
        request,
        "messaging/thread.html",
        {"thread": thread, "thread_messages": thread_messages, "form": form, "side": side},
    )


@policies.requires("messages")
@require_POST
def thread_close(request: HttpRequest, thread_id: UUID) -> HttpResponse:
    thread = selectors.thread_get_for_user(request.user, thread_id)
    services.thread_close(actor=request.user, thread=thread, request=request)
    messages.success(request, _("Het gesprek is gesloten. Je kan het altijd heropenen."))
    return redirect("messaging:thread", thread.pk)


@policies.requires("messages")
@require_POST
def thread_reopen(request: HttpRequest, thread_id: UUID) -> HttpResponse:
    thread = selectors.thread_get_for_user(request.user, thread_id)
    services.thread_reopen(actor=request.user, thread=thread, request=request)
    messages.success(request, _("Het gesprek is heropend."))
    return redirect("messaging:thread", thread.pk)


@policies.requires("messages")
def attachment_download(request: HttpRequest, attachment_id: int) -> FileResponse:
    attachment = selectors.attachment_get_for_user(request.user, attachment_id)
    audit.record(
        action="message_attachment.read",
        category=audit.Category.READ,
        request=request,
        obj=attachment,
        organisation=attachment.message.thread.organisation,
        subject_ref=attachment.message.thread.subject_ref,
    )
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=MIME_TYPES.get(attachment.kind, "application/octet-stream"),
    )
