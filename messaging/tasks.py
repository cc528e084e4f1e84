from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from . import scopes
from .models import Message
from .selectors import recipients_for


# Named under `email` so the router sends it to the e-mail queue.
@shared_task(name="messaging.email.notify_new_message", acks_late=True, max_retries=3)
def notify_new_message(message_id: int) -> int:
    """Tell the other side a message is waiting. The mail carries no content and no subject:
    only that there is a message, and the link to read it after logging in."""
    message = Message.objects.select_related("thread").filter(pk=message_id).first()
    if message is None:
        return 0
    thread = message.thread
    scope = scopes.scope_of(thread)
    staff_url = settings.SITE_URL + reverse("messaging:thread", args=[thread.pk])
    sent = 0
    for user in recipients_for(message):
        # A client of a scoped thread reads it in their own portal, not in messaging's pages.
        to_client = scope is not None and user.pk == thread.client_id
        url = settings.SITE_URL + scope.requester_url(thread) if to_client else staff_url
        context = {"url": url}
        subject = render_to_string("emails/new_message_subject.txt", context).strip()
        text = render_to_string("emails/new_message_body.txt", context)
        html = render_to_string("emails/new_message_body.html", context)
        sent += send_mail(subject, text, None, [user.email], html_message=html)
    return sent
