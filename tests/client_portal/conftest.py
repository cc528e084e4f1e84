from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import Role
from tests.client_portal.factories import add_participant, make_trajectory
from tests.factories import member


@pytest.fixture
def world(cast):  # noqa: ANN001, ANN201
    """At facility F: Lies (practitioner) treats Daan (9), whose parent Pat-F takes part, and
    Jana (14), who has her own account (the cast's youth) and a parent of her own. Greta is a
    practitioner at F not on these trajectories; Gijs treats a client at facility G."""
    o = cast.organisations
    facility, other = o["facility_f"], o["facility_g"]
    lies = member(Role.PRACTITIONER, facility, first_name="Lies", last_name="Behandelaar")
    greta = member(Role.PRACTITIONER, facility, first_name="Greta", last_name="Collega")
    gijs = member(Role.PRACTITIONER, other, first_name="Gijs", last_name="Elders")
    parent = member(Role.PARENT, facility, first_name="Paula", last_name="Ouder")
    youth = cast.users[Role.YOUTH]
    youth_parent = member(Role.PARENT, facility, first_name="Jan", last_name="Ouder")
    daan = make_trajectory(facility, lies, age=9, first_name="Daan")
    add_participant(daan, parent)
    jana = make_trajectory(facility, lies, age=14, first_name="Jana")
    add_participant(jana, youth, relation="client")
    add_participant(jana, youth_parent)
    elsewhere = make_trajectory(other, gijs, age=10, first_name="Elias")
    other_parent = member(Role.PARENT, other, first_name="Olaf", last_name="Elders")
    add_participant(elsewhere, other_parent)
    cast.named.update(
        facility=facility,
        lies=lies,
        greta=greta,
        gijs=gijs,
        parent=parent,
        youth=youth,
        youth_parent=youth_parent,
        daan=daan,
        jana=jana,
        elsewhere=elsewhere,
        other_parent=other_parent,
    )
    return cast


def client_for(user) -> Client:  # noqa: ANN001
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):  # noqa: ANN001, ANN202
    settings.MEDIA_ROOT = tmp_path / "media"
