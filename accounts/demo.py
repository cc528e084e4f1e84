"""Demo organisations and one user per role, each with a password and a pre-enrolled TOTP."""

from __future__ import annotations

import uuid
from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt
from django.db import transaction
from django.utils import timezone

from portal.demo import DEMO_PASSWORD, DemoContext, demo_totp_secret

from .models import (
    AuthorisationLine,
    AuthorisationRequest,
    ContactPerson,
    DeclarationText,
    Membership,
    Organisation,
    Role,
    User,
)

K = Organisation.Kind

ORGANISATIONS = [
    # code, name, kind, parent code, extra fields
    ("agency", "Agentschap Zorg en Opgroeien (demo)", K.AGENCY, None, {}),
    ("org-gent", "Organisator Regio Gent (demo)", K.BUREAU_ORGANISER, None, {}),
    (
        "cb-gent-centrum",
        "Consultatiebureau Gent-Centrum (demo)",
        K.CONSULTATION_BUREAU,
        "org-gent",
        {},
    ),
    ("cb-ledeberg", "Consultatiebureau Ledeberg (demo)", K.CONSULTATION_BUREAU, "org-gent", {}),
    ("hak-gent", "Huisartsenkring Gent (demo)", K.GP_CIRCLE, None, {}),
    (
        "car-brugge",
        "CAR De Vlinder Brugge (demo)",
        K.CARE_FACILITY,
        None,
        {"facility_type": "car", "size_class": "medium"},
    ),
    (
        "cgg-leuven",
        "CGG Vlaams-Brabant Oost (demo)",
        K.CARE_FACILITY,
        None,
        {"facility_type": "cgg", "size_class": "large", "require_special_character": True},
    ),
    ("jgz-utrecht", "JGZ Utrecht-Oost (demo)", K.YOUTH_HEALTH_ORG, None, {}),
]

USERS = [
    # role, organisation code, e-mail, first name, last name
    (Role.AGENCY_ADMIN, "agency", "beheerder@demo.example.org", "Anja", "Beheer"),
    (Role.RESEARCHER, "agency", "onderzoeker@demo.example.org", "Ruben", "Onderzoek"),
    (Role.ORGANISER, "org-gent", "organisator@demo.example.org", "Olga", "Organisator"),
    (
        Role.AUTHORISED_PERSON,
        "cb-gent-centrum",
        "gemachtigde@demo.example.org",
        "Gert",
        "Gemachtigd",
    ),
    (Role.MAIN_ACCESS_MANAGER, "hak-gent", "hoofdbeheerder@demo.example.org", "Hilde", "Hoofd"),
    (Role.ACCESS_MANAGER, "hak-gent", "toegangsbeheerder@demo.example.org", "Tom", "Toegang"),
    (Role.CIRCLE_USER, "hak-gent", "kringgebruiker@demo.example.org", "Karel", "Kring"),
    (Role.FACILITY_DIRECTOR, "car-brugge", "directeur@demo.example.org", "Dirk", "Directeur"),
    (Role.CARE_PROVIDER, "car-brugge", "zorgverlener@demo.example.org", "Zoë", "Zorg"),
    (Role.PRACTITIONER, "cb-gent-centrum", "verpleegkundige@demo.example.org", "Nora", "Verpleeg"),
    (Role.PARENT, "cb-gent-centrum", "ouder@demo.example.org", "Pieter", "Ouder"),
    (Role.YOUTH, "cgg-leuven", "jongere@demo.example.org", "Jana", "Jong"),
]


@transaction.atomic
def seed(ctx: DemoContext) -> None:
    for code, name, kind, parent_code, extra in ORGANISATIONS:
        organisation, _ = Organisation.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "parent": ctx.organisations.get(parent_code),
                "is_demo": True,
                **extra,
            },
        )
        ctx.organisations[code] = organisation
    for role, organisation_code, email, first_name, last_name in USERS:
        user = demo_user(email, first_name, last_name, staff=role == Role.AGENCY_ADMIN)
        Membership.objects.get_or_create(
            user=user,
            organisation=ctx.organisations[organisation_code],
            role=role,
            revoked_at=None,
        )
        ctx.users[role] = user
        ctx.accounts.append((str(Role(role).label), email))
    seed_authorisations(ctx)
    seed_contact_persons(ctx)


def demo_user(email: str, first_name: str, last_name: str, *, staff: bool = False) -> User:
    """Create (or refresh) a demo account: verified e-mail, demo password and demo TOTP."""
    user, created = User.objects.get_or_create(
        email=email,
        defaults={"first_name": first_name, "last_name": last_name, "is_demo": True},
    )
    if created or not user.has_usable_password():
        user.set_password(DEMO_PASSWORD)
    user.is_demo = True
    user.is_staff = user.is_superuser = staff
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        Authenticator.objects.create(
            user=user,
            type=Authenticator.Type.TOTP,
            data={"secret": encrypt(demo_totp_secret(email))},
        )
    return user


def _key(name: str) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"zorgportaal-demo:{name}")


def _demo_request(
    ctx: DemoContext,
    name: str,
    *,
    days_ago: int,
    lines: list[tuple[str, User | None, tuple[str, str, str, str], list[str]]],
    **fields: object,
) -> AuthorisationRequest | None:
    """One request of the demo organiser; None when it exists already (the seed is idempotent)."""
    if AuthorisationRequest.objects.filter(submission_key=_key(name)).exists():
        return None
    organiser, olga = ctx.organisations["org-gent"], ctx.users[Role.ORGANISER]
    submitted_at = timezone.now() - timedelta(days=days_ago)
    declaration = DeclarationText.objects.current()
    signed = {}
    if fields.get("kind", AuthorisationRequest.Kind.CHANGE) == AuthorisationRequest.Kind.CHANGE:
        signed = {
            "declaration": declaration,
            "declaration_text": declaration.text_nl,
            "declaration_language": "nl",
            "signature_name": olga.full_name,
            "signed_at": submitted_at,
        }
    auth_request = AuthorisationRequest.objects.create(
        organiser=organiser,
        submission_key=_key(name),
        submitted_by=olga,
        submitted_at=submitted_at,
        **signed,
        **fields,
    )
    for position, (action, person, (first, last, email, function), bureaus) in enumerate(lines):
        line = AuthorisationLine.objects.create(
            request=auth_request,
            position=position,
            action=action,
            person=person,
            first_name=first,
            last_name=last,
            email=email,
            function=function,
        )
        line.bureaus.set([ctx.organisations[code] for code in bureaus])
    return auth_request


def seed_authorisations(ctx: DemoContext) -> None:
    """Olga's history: an approved request, an urgent removal to acknowledge, an open request."""
    Action = AuthorisationLine.Action
    admin = ctx.users[Role.AGENCY_ADMIN]
    gert = ctx.users[Role.AUTHORISED_PERSON]
    wim = demo_user("wim.willems@demo.example.org", "Wim", "Willems")
    sofie = demo_user("sofie.snel@demo.example.org", "Sofie", "Snel")
    approved = _demo_request(
        ctx,
        "approved",
        days_ago=21,
        status=AuthorisationRequest.Status.APPROVED,
        reviewed_by=admin,
        reviewed_at=timezone.now() - timedelta(days=20),
        lines=[
            (Action.ADD, gert, ("Gert", "Gemachtigd", gert.email, "arts"), ["cb-gent-centrum"]),
            (Action.ADD, wim, ("Wim", "Willems", wim.email, "arts"), ["cb-ledeberg"]),
            (Action.ADD, sofie, ("Sofie", "Snel", sofie.email, "verpleegkundige"), ["cb-ledeberg"]),
        ],
    )
    if approved:
        for user in (wim, sofie):
            membership, _ = Membership.objects.get_or_create(
                user=user,
                organisation=ctx.organisations["cb-ledeberg"],
                role=Role.AUTHORISED_PERSON,
                revoked_at=None,
                defaults={"created_by": admin, "valid_from": approved.reviewed_at.date()},
            )
            Membership.objects.filter(pk=membership.pk).update(created_at=approved.reviewed_at)
    urgent = _demo_request(
        ctx,
        "urgent-removal",
        days_ago=2,
        kind=AuthorisationRequest.Kind.URGENT_REMOVAL,
        status=AuthorisationRequest.Status.APPLIED,
        note="Verlaat de organisatie",
        lines=[(Action.REMOVE, sofie, ("Sofie", "Snel", sofie.email, ""), ["cb-ledeberg"])],
    )
    if urgent:
        Membership.objects.filter(user=sofie, revoked_at__isnull=True).update(
            revoked_at=urgent.submitted_at,
            revoked_by=ctx.users[Role.ORGANISER],
            revocation_reason="Meteen geschrapt door de organisator",
        )
    _demo_request(
        ctx,
        "open",
        days_ago=1,
        note="Ellen start op 1 december.",
        lines=[
            (
                Action.ADD,
                None,
                ("Ellen", "Claes", "ellen.claes@demo.example.org", "verpleegkundige"),
                ["cb-gent-centrum", "cb-ledeberg"],
            ),
            (
                Action.ADD,
                None,
                ("Mohamed", "El Amrani", "mohamed.elamrani@demo.example.org", "arts"),
                ["cb-ledeberg"],
            ),
            (Action.REMOVE, wim, ("Wim", "Willems", wim.email, ""), ["cb-ledeberg"]),
        ],
    )


def seed_contact_persons(ctx: DemoContext) -> None:
    """The demo circle's contact person, last confirmed 13 months ago: the portal asks to check."""
    circle = ctx.organisations["hak-gent"]
    ContactPerson.objects.get_or_create(
        organisation=circle,
        email="lotte.lambrecht@hak-gent.demo.example.org",
        removed_at=None,
        defaults={
            "name": "Lotte Lambrecht",
            "role": "coördinator",
            "phone": "09 222 33 44",
            "created_by": ctx.users[Role.MAIN_ACCESS_MANAGER],
            "last_confirmed_by": ctx.users[Role.MAIN_ACCESS_MANAGER],
            "last_confirmed_at": timezone.now() - timedelta(days=395),
        },
    )
