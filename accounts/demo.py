"""Demo organisations and one user per role, each with a password and a pre-enrolled TOTP."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt
from django.db import transaction

from portal.demo import DEMO_PASSWORD, DemoContext, demo_totp_secret

from .models import Membership, Organisation, Role, User

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
