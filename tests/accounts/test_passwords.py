from __future__ import annotations

import pytest
from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from accounts.models import Role
from tests.factories import OrganisationFactory, member

pytestmark = pytest.mark.django_db


def codes(password: str, user=None) -> set[str]:  # noqa: ANN001
    try:
        validate_password(password, user)
    except ValidationError as error:
        return {e.code for e in error.error_list}
    return set()


def test_eleven_characters_are_refused_and_twelve_accepted():
    assert codes("kasttuinbloe") == set()
    assert "password_too_short" in codes("kasttuinblo")


def test_a_passphrase_of_128_characters_is_accepted_and_not_truncated():
    passphrase = ("mijn lange zin over de zee en de duinen " * 4)[:128]
    assert len(passphrase) == 128
    assert codes(passphrase) == set()
    hashed = make_password(passphrase)
    assert check_password(passphrase, hashed)
    assert not check_password(passphrase[:-1] + "X", hashed)
    assert not check_password(passphrase[:72], hashed)  # no bcrypt-style truncation


def test_non_ascii_passwords_are_accepted():
    assert codes("fietsën-wölkje-ĳsberg-名前") == set()
    hashed = make_password("fietsën-wölkje-ĳsberg-名前")
    assert check_password("fietsën-wölkje-ĳsberg-名前", hashed)


def test_common_and_numeric_passwords_are_refused():
    assert "password_too_common" in codes("1234567890qwertyuiop")
    assert "password_too_common" in codes("passwordpassword")
    assert "password_too_common" in codes("qwerty2026!!!")
    assert "password_entirely_numeric" in codes("123456789012345")


def test_passwords_like_the_users_e_mail_are_refused():
    user = member(Role.PARENT, OrganisationFactory(), email="janssens.marleen@example.org")
    assert "password_too_similar" in codes("janssens.marleen", user)


@pytest.mark.parametrize(
    "password", ["Zorgportaal-2026-!", "mijnconsultatiebureau", "KIND en gezin 99"]
)
def test_context_words_are_refused(password):
    assert "password_has_context_word" in codes(password)


def test_the_organisations_name_is_a_context_word():
    organisation = OrganisationFactory(name="Huisartsenkring Waasland")
    user = member(Role.CIRCLE_USER, organisation)
    assert "password_has_context_word" in codes("waasland-is-mooi-2026", user)
    assert codes("waasland-is-mooi-2026") == set()


def test_no_composition_rule_by_default_but_an_organisation_can_ask_for_one():
    relaxed = member(Role.CARE_PROVIDER, OrganisationFactory(kind="care_facility"))
    assert codes("alleen kleine letters en spaties", relaxed) == set()

    strict_org = OrganisationFactory(kind="care_facility", require_special_character=True)
    strict = member(Role.CARE_PROVIDER, strict_org)
    assert "password_needs_special_character" in codes("alleenletterszonderteken", strict)
    assert codes("met een uitroepteken!", strict) == set()


def test_passwords_are_hashed_with_argon2id():
    hashed = make_password("een lang genoeg wachtwoord")
    assert identify_hasher(hashed).algorithm == "argon2"
    assert hashed.startswith("argon2$argon2id$")
