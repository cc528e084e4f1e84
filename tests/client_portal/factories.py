"""Trajectories for tests, made through the services (as the portal makes them)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import Membership
from client_portal import services
from client_portal.demo import tiny_pdf
from client_portal.models import Participant, Trajectory
from parent_portal.models import add_years
from tests.factories import member


def years_ago(years: int, days: int = 30) -> date:
    return add_years(timezone.localdate(), -years) - timedelta(days=days)


def make_trajectory(
    facility: Any,
    practitioner: Any,
    *,
    age: int = 9,
    first_name: str = "Daan",
    start_in_days: int = 0,
    **extra: Any,
) -> Trajectory:
    return services.trajectory_create(
        actor=practitioner,
        facility=facility,
        title="Behandeling",
        start_date=timezone.localdate() + timedelta(days=start_in_days),
        client_first_name=first_name,
        client_last_name="Test",
        client_birth_date=years_ago(age),
        client_sex="male",
        **extra,
    )


def add_participant(trajectory: Trajectory, user: Any, relation: str = "parent") -> Participant:
    """Someone who already has an account joins (a notice e-mail, no activation link)."""
    return services.participant_add(
        actor=trajectory.practitioners.first(),
        trajectory=trajectory,
        relation=relation,
        email=user.email,
        first_name=user.first_name,
        last_name=user.last_name,
    )


def participant_user(role: str, facility: Any, **fields: Any) -> Any:
    """A person with an account (and TOTP) who is not yet in any trajectory."""
    return member(role, facility, **fields)


def sign_all(trajectory: Trajectory) -> None:
    for document in trajectory.documents.filter(signature_required=True):
        for signer in services.required_signers(trajectory):
            services.document_sign(
                actor=signer.user, document=document, signature_name=signer.user.full_name
            )


def pdf_upload(name: str = "verslag.pdf", title: str = "Verslag") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, tiny_pdf(title, ["Een regel tekst."]), "application/pdf")


def share_report(trajectory: Trajectory, *, approval: bool = True, **extra: Any) -> Any:
    return services.document_share(
        actor=trajectory.practitioners.first(),
        trajectory=trajectory,
        kind="report",
        title=extra.pop("title", "Intakeverslag"),
        file=pdf_upload(),
        approval_requested=approval,
        **extra,
    )


def is_member(user: Any, organisation: Any, role: str) -> bool:
    return (
        Membership.objects.active().filter(user=user, organisation=organisation, role=role).exists()
    )
