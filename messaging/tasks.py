from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

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
    context = {"url": settings.SITE_URL + reverse("messaging:thread", args=[message.thread_id])}
    subject = render_to_string("emails/new_message_subject.txt", context).strip()
    text = render_to_string("emails/new_message_body.txt", context)
    html = render_to_string("emails/new_message_body.html", context)
    sent = 0
    for user in recipients_for(message):
        sent += send_mail(subject, text, None, [user.email], html_message=html)
    return sent
