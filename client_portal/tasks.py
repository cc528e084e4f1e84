from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from . import services
from .models import Trajectory


@shared_task(name="client_portal.close_ended_trajectories", acks_late=True)
def close_ended_trajectories() -> int:
    """Daily (beat): close the portal of every trajectory whose end date has passed."""
    return services.close_ended_trajectories()


# Named under `email` so the router sends it to the e-mail queue.
@shared_task(name="client_portal.email.send_access_closed_notice", acks_late=True, max_retries=3)
def send_access_closed_notice(trajectory_id: int) -> int:
    """Tell each participant that the portal closed and how to get a copy of their documents.
    The mail names the practice and the client's first name, nothing of the dossier."""
    trajectory = (
        Trajectory.objects.select_related("facility", "client").filter(pk=trajectory_id).first()
    )
    if trajectory is None:
        return 0
    context = {
        "facility": trajectory.facility.name,
        "client": trajectory.client.first_name,
        "url": settings.SITE_URL.rstrip("/") + reverse("client_portal:closed"),
    }
    subject = render_to_string("emails/client_portal_closed_subject.txt", context).strip()
    text = render_to_string("emails/client_portal_closed_body.txt", context)
    html = render_to_string("emails/client_portal_closed_body.html", context)
    sent = 0
    for participant in trajectory.participants.select_related("user"):
        if participant.user.is_active:
            sent += send_mail(subject, text, None, [participant.user.email], html_message=html)
    return sent
