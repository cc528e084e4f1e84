"""The fixed cast of the test suite, and the browser set-up (Debian's Chromium, no download).

Cast: agency "Agentschap"; organiser Alice runs bureaus A and A2; Bob is authorised person at A,
Charlie at bureau B of organiser B; circles C and D; facilities F and G; Pat is a parent at A.
`cast.users[role]` holds one user
per role, all at "organisation A" of their kind, each with TOTP enrolled.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from accounts.models import Organisation, Role
from tests.factories import OrganisationFactory, member

K = Organisation.Kind
SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "screenshots"

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not CHROMIUM:
        pytest.fail("Debian's chromium is not on PATH: `make test` installs it (apt-get).")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "locale": "nl-BE", "timezone_id": "Europe/Brussels"}


@pytest.fixture
def screenshot(page, request):  # noqa: ANN001, ANN201
    """Call `screenshot("step")` to save a PNG under test-artifacts/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(step: str) -> Path:
        path = SCREENSHOTS / f"{request.node.name}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    yield take
    take("end")


@pytest.fixture(autouse=True)
def _clean_cache() -> None:
    from django.core.cache import cache

    cache.clear()


@dataclass
class Cast:
    organisations: dict[str, Organisation] = field(default_factory=dict)
    users: dict[str, object] = field(default_factory=dict)
    named: dict[str, object] = field(default_factory=dict)

    def __getattr__(self, name: str) -> object:
        try:
            return self.named[name]
        except KeyError as error:
            raise AttributeError(name) from error


# Where each role sits in the cast ("A" organisations), and its twin elsewhere ("B").
ROLE_HOME = {
    Role.AGENCY_ADMIN: "agency",
    Role.RESEARCHER: "agency",
    Role.ORGANISER: "organiser_a",
    Role.AUTHORISED_PERSON: "bureau_a",
    Role.MAIN_ACCESS_MANAGER: "circle_c",
    Role.ACCESS_MANAGER: "circle_c",
    Role.CIRCLE_USER: "circle_c",
    Role.FACILITY_DIRECTOR: "facility_f",
    Role.CARE_PROVIDER: "facility_f",
    Role.PRACTITIONER: "bureau_a",
    Role.PARENT: "bureau_a",
    Role.YOUTH: "facility_f",
}


@pytest.fixture
def cast(db) -> Cast:  # noqa: ANN001
    c = Cast()
    o = c.organisations
    o["agency"] = OrganisationFactory(name="Agentschap", code="agency", kind=K.AGENCY)
    o["organiser_a"] = OrganisationFactory(name="Organisator A", kind=K.BUREAU_ORGANISER)
    o["organiser_b"] = OrganisationFactory(name="Organisator B", kind=K.BUREAU_ORGANISER)
    o["bureau_a"] = OrganisationFactory(name="Bureau A", parent=o["organiser_a"])
    o["bureau_a2"] = OrganisationFactory(name="Bureau A2", parent=o["organiser_a"])
    o["bureau_b"] = OrganisationFactory(name="Bureau B", parent=o["organiser_b"])
    o["circle_c"] = OrganisationFactory(name="Kring C", kind=K.GP_CIRCLE)
    o["circle_d"] = OrganisationFactory(name="Kring D", kind=K.GP_CIRCLE)
    o["facility_f"] = OrganisationFactory(
        name="Voorziening F", kind=K.CARE_FACILITY, facility_type="car", size_class="small"
    )
    o["facility_g"] = OrganisationFactory(
        name="Voorziening G", kind=K.CARE_FACILITY, facility_type="cgg", size_class="large"
    )
    for role, home in ROLE_HOME.items():
        c.users[role] = member(role, o[home], first_name=role.replace("_", " ").title())
    c.named["alice"] = c.users[Role.ORGANISER]
    c.named["bob"] = c.users[Role.AUTHORISED_PERSON]
    c.named["charlie"] = member(Role.AUTHORISED_PERSON, o["bureau_b"], first_name="Charlie")
    c.named["pat"] = c.users[Role.PARENT]
    c.named["admin"] = c.users[Role.AGENCY_ADMIN]
    return c
