"""A small, fixed schedule for the dashboard figures, written so each figure can be counted by hand.

Organiser A runs bureaus A and A2, organiser B runs bureau B (the cast). Everything is in 2025:

Bureau A
  S1 Mon 3/3  morning   doctor An    09:00-11:00, 30 min -> capacity 4, 120 min
       k1 09:00 regular done        k2 09:30 duo (partner k9) done   k3 10:00 no-show
       k4 10:30 postponed (portal)  k5 10:30 combined done (booked 1/3)
       k6 09:15 squeezed-in done    k7 09:00 cancelled              k8 10:00 postponed (phone)
  S2 Wed 5/3  afternoon doctor Bert  13:00-14:00, 20 min -> capacity 3, 60 min
       k1 13:00 extra done          k2 13:20 no-show                k3 13:40 postponed (phone)
  S3 Wed 5/3  evening   nurse Nina   18:00-19:00, 15 min -> capacity 4, 60 min
       k1 18:00 done   k4 18:15 done   k5 18:30 postponed (portal)
  S4 Mon 7/4  morning   doctor An    09:00-10:00, 15 min -> capacity 4, 60 min
       k6 09:00 booked   k7 09:15 done   k8 09:30 done (moved from k8's S1 appointment)
Bureau A2
  S5 Tue 4/3  morning   doctor An    09:00-12:00, 30 min -> capacity 6, 180 min
       m1-m4 done, m5 no-show
Bureau B
  S6 Mon 3/3  morning   doctor Bea   09:00-10:00, 20 min -> capacity 3, 60 min
       b1, b2 done

Booked on (Brussels time): S1 10/2 (k5 on 1/3), S2 and S3 12/2, S4 20/3 (k8's move 3/3: not a
registration), S5 and S6 20/2.
Allocated hours: A 2025 365 doctor / 73 nurse, 2026 400 / 80; A2 2025 182.5, 2026 200;
B 2025 100, 2026 120.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from accounts.models import Role
from dashboards import facts
from dashboards.models import AllocatedHours
from parent_portal import services
from parent_portal.models import Appointment
from tests.factories import member
from tests.parent_portal.factories import make_child

BRUSSELS = ZoneInfo("Europe/Brussels")
MARCH_APRIL = {"period": "custom", "start": "2025-03-01", "end": "2025-04-30"}
YEAR_2025 = {"period": "custom", "start": "2025-01-01", "end": "2025-12-31"}


def _session(bureau, practitioner, kind, day, start, end, slot):  # noqa: ANN001, ANN202
    return services.session_create(
        actor=None,
        bureau=bureau,
        practitioner=practitioner,
        practitioner_kind=kind,
        date=day,
        start_time=start,
        end_time=end,
        slot_minutes=slot,
    )


def _appointment(session, child, slot, status, booked_on, kind="regular", **extra):  # noqa: ANN001, ANN202
    return Appointment.objects.create(
        session=session,
        child=child,
        date=session.date,
        slot_time=slot,
        consult_kind=kind,
        status=status,
        booked_at=datetime.combine(booked_on, time(10, 0), tzinfo=BRUSSELS),
        **extra,
    )


@pytest.fixture
def schedule(cast):  # noqa: ANN001, ANN201
    return build_schedule(cast)


def build_schedule(cast):  # noqa: ANN001, ANN201
    """Write the schedule above, allocate the hours, rebuild the facts; return the cast."""
    o = cast.organisations
    a, a2, b = o["bureau_a"], o["bureau_a2"], o["bureau_b"]
    an = member(Role.PRACTITIONER, a, first_name="An", last_name="Arts")
    bert = member(Role.PRACTITIONER, a, first_name="Bert", last_name="Bos")
    nina = member(Role.PRACTITIONER, a, first_name="Nina", last_name="Noels")
    bea = member(Role.PRACTITIONER, b, first_name="Bea", last_name="Baert")
    k = {n: make_child(a, first_name=f"K{n}") for n in range(1, 10)}
    m = {n: make_child(a2, first_name=f"M{n}") for n in range(1, 6)}
    bb = {n: make_child(b, first_name=f"B{n}") for n in range(1, 3)}

    s1 = _session(a, an, "doctor", date(2025, 3, 3), time(9), time(11), 30)
    s2 = _session(a, bert, "doctor", date(2025, 3, 5), time(13), time(14), 20)
    s3 = _session(a, nina, "nurse", date(2025, 3, 5), time(18), time(19), 15)
    s4 = _session(a, an, "doctor", date(2025, 4, 7), time(9), time(10), 15)
    s5 = _session(a2, an, "doctor", date(2025, 3, 4), time(9), time(12), 30)
    s6 = _session(b, bea, "doctor", date(2025, 3, 3), time(9), time(10), 20)

    feb10, feb12, feb20 = date(2025, 2, 10), date(2025, 2, 12), date(2025, 2, 20)
    _appointment(s1, k[1], time(9, 0), "done", feb10)
    _appointment(s1, k[2], time(9, 30), "done", feb10, "duo", duo_partner=k[9])
    _appointment(s1, k[3], time(10, 0), "no_show", feb10)
    _appointment(s1, k[4], time(10, 30), "postponed_via_portal", feb10)
    _appointment(s1, k[5], time(10, 30), "done", date(2025, 3, 1), "combined")
    _appointment(s1, k[6], time(9, 15), "done", feb10, "squeezed_in")
    _appointment(s1, k[7], time(9, 0), "cancelled", feb10)
    k8_first = _appointment(s1, k[8], time(10, 0), "postponed_via_phone", feb10)
    _appointment(s2, k[1], time(13, 0), "done", feb12, "extra")
    _appointment(s2, k[2], time(13, 20), "no_show", feb12)
    _appointment(s2, k[3], time(13, 40), "postponed_via_phone", feb12)
    _appointment(s3, k[1], time(18, 0), "done", feb12)
    _appointment(s3, k[4], time(18, 15), "done", feb12)
    _appointment(s3, k[5], time(18, 30), "postponed_via_portal", feb12)
    _appointment(s4, k[6], time(9, 0), "booked", date(2025, 3, 20))
    _appointment(s4, k[7], time(9, 15), "done", date(2025, 3, 20))
    _appointment(s4, k[8], time(9, 30), "done", date(2025, 3, 3), moved_from=k8_first)
    for n, slot in zip(
        range(1, 6), (time(9), time(9, 30), time(10), time(10, 30), time(11)), strict=True
    ):
        _appointment(s5, m[n], slot, "no_show" if n == 5 else "done", feb20)
    _appointment(s6, bb[1], time(9, 0), "done", feb20)
    _appointment(s6, bb[2], time(9, 20), "done", feb20)

    for bureau, year, doctor, nurse in (
        (a, 2025, "365", "73"),
        (a, 2026, "400", "80"),
        (a2, 2025, "182.5", "0"),
        (a2, 2026, "200", "0"),
        (b, 2025, "100", "0"),
        (b, 2026, "120", "0"),
    ):
        AllocatedHours.objects.create(
            bureau=bureau, year=year, doctor_hours=Decimal(doctor), nurse_hours=Decimal(nurse)
        )
    facts.rebuild_all()
    cast.named.update(an=an, bert=bert, nina=nina, bea=bea)
    return cast


def client_for(user) -> Client:  # noqa: ANN001
    client = Client()
    client.force_login(user)
    return client
