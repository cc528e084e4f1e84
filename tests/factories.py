"""Factories for the cast of the tests. Passwords use one hash computed once (Argon2 is slow)."""

from __future__ import annotations

import functools

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt
from django.contrib.auth.hashers import make_password

from accounts.models import Membership, Organisation, Role, User

TEST_PASSWORD = "Lange-Test-Zin-Voor-Iedereen-7"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@functools.cache
def test_password_hash() -> str:
    return make_password(TEST_PASSWORD)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    code = factory.Sequence(lambda n: f"org-{n}")
    kind = Organisation.Kind.CONSULTATION_BUREAU


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persoon{n}@example.org")
    first_name = factory.Sequence(lambda n: f"Voornaam{n}")
    last_name = "Test"
    password = factory.LazyFunction(test_password_hash)

    @factory.post_generation
    def verified_email(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.PRACTITIONER


def enrol_totp(user: User, secret: str = TOTP_SECRET) -> str:
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": encrypt(secret)}
    )
    return secret


def member(role: str, organisation: Organisation, *, mfa: bool = True, **user_fields) -> User:
    """A user holding `role` at `organisation`, with TOTP enrolled unless `mfa=False`."""
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, organisation=organisation, role=role)
    if mfa:
        enrol_totp(user)
    if role == Role.AGENCY_ADMIN:
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    return user
