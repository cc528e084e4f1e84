from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.models import Membership, Role

from . import services
from .models import Submission, ValidationRun


@shared_task(name="excel_intake.validate_upload", acks_late=True)
def validate_upload(run_id: str) -> str:
    """Check a large upload; the page polls the stored progress."""
    run = ValidationRun.objects.select_related("circle").filter(pk=run_id).first()
    if run is None or run.is_finished:
        return "gone"
    try:
        services.validation_execute(run=run)
    except Exception:
        # The page must not spin for ever: mark the check failed, then let Celery log it.
        services.validation_fail(run_id=run_id)
        raise
    return "done"


# Named under `email` so the router sends it to the e-mail queue.
@shared_task(name="excel_intake.email.notify_agency_of_submission", acks_late=True)
def notify_agency_of_submission(submission_id: int) -> int:
    """Tell the agency a circle submitted: the circle, version and counts, no personal data."""
    submission = Submission.objects.select_related("circle").filter(pk=submission_id).first()
    if submission is None:
        return 0
    emails = sorted(
        set(
            Membership.objects.active()
            .filter(role=Role.AGENCY_ADMIN, user__is_active=True)
            .values_list("user__email", flat=True)
        )
    )
    if not emails:
        return 0
    context = {
        "circle": submission.circle.name,
        "version": submission.version,
        "rows": submission.row_count,
        "added": submission.added_count,
        "removed": submission.removed_count,
        "changed": submission.changed_count,
        "url": settings.SITE_URL + reverse("excel_intake:overview"),
    }
    subject = render_to_string("emails/gp_list_submitted_subject.txt", context).strip()
    text = render_to_string("emails/gp_list_submitted_body.txt", context)
    html = render_to_string("emails/gp_list_submitted_body.html", context)
    return send_mail(subject, text, None, emails, html_message=html)


# Named under `retention` so the router sends it to the retention queue.
@shared_task(name="excel_intake.retention.purge_validation_runs")
def purge_validation_runs() -> int:
    return services.validation_purge()
