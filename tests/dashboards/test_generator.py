"""The synthetic-activity generator: constraints hold, the same seed gives the same activity,
seasonality and rates look real, volumes are about right, and facts rebuilt from it add up."""

from __future__ import annotations

import io
from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from accounts.models import Membership, Organisation, Role, User
from dashboards import generator
from dashboards.models import AllocatedHours
from parent_portal.models import Appointment, Child, Session, part_of_day_for

END = date(2026, 6, 30)
HOLDS = ("booked", "done", "no_show")
BRUSSELS = ZoneInfo("Europe/Brussels")


def small(**kwargs) -> generator.Result:  # noqa: ANN003
    options = {"bureaus": 3, "years": 2, "organisers": 1, "seed": 5, "end_date": END}
    return generator.generate(**{**options, "scale": 0.3, **kwargs})


def test_generated_activity_keeps_every_rule_of_the_schedule(db):
    result = small()
    bureaus = list(generator.generated_bureaus())
    assert len(bureaus) == 3 and {b.parent.code for b in bureaus} == {"gen-org-001"}
    assert Session.objects.count() == result.sessions > 0
    assert Appointment.objects.count() == result.appointments
    assert Child.objects.count() == result.children
    assert not Appointment.objects.filter(is_demo=False).exists()
    assert not Session.objects.filter(is_demo=False).exists()
    assert not Child.objects.filter(is_demo=False).exists()

    sessions = {s.pk: s for s in Session.objects.all()}
    for s in sessions.values():
        assert s.part_of_day == part_of_day_for(s.start_time)
        assert s.slot_minutes in (15, 20)
        assert 1 <= s.capacity <= s.slot_count
        assert s.practitioner.is_demo
    assert {s.part_of_day for s in sessions.values()} == {"morning", "afternoon", "evening"}
    assert {s.practitioner_kind for s in sessions.values()} == {"doctor", "nurse"}

    children = {c.pk: c for c in Child.objects.all()}
    slots, child_in_session = Counter(), Counter()
    appointments = list(Appointment.objects.all())
    by_id = {a.pk: a for a in appointments}
    for a in appointments:
        s = sessions[a.session_id]
        assert a.date == s.date
        assert s.start_time <= a.slot_time < s.end_time
        if a.consult_kind != "squeezed_in":
            assert a.slot_time in s.slot_times()
        assert children[a.child_id].organisation_id == s.bureau_id
        booked_local = a.booked_at.astimezone(BRUSSELS)
        assert booked_local.date() < a.date
        if a.status in HOLDS:
            child_in_session[(a.session_id, a.child_id)] += 1
            if a.consult_kind != "squeezed_in":
                slots[(a.session_id, a.slot_time)] += 1
        if a.consult_kind == "duo":
            assert a.duo_partner_id and a.duo_partner_id != a.child_id
            assert children[a.duo_partner_id].organisation_id == s.bureau_id
        else:
            assert a.duo_partner_id is None
        if a.moved_from_id:
            before = by_id[a.moved_from_id]
            assert before.status in ("postponed_via_portal", "postponed_via_phone")
            assert before.child_id == a.child_id and before.date < a.date
            assert (
                a.booked_at
                == before.status_changed_at
                <= datetime.combine(before.date, before.slot_time, tzinfo=BRUSSELS)
            )
        if a.date >= END:
            assert a.status == "booked"
        else:
            assert a.status != "booked"
    assert max(slots.values()) == 1 and max(child_in_session.values()) == 1
    for c in children.values():
        assert c.enrolment_date is None or c.enrolment_date >= c.registration_date
    # Every postponement is followed by a move; squeezed-in children share a slot time.
    postponed = [a for a in appointments if a.status.startswith("postponed")]
    assert postponed and all(
        Appointment.objects.filter(moved_from=a).exists() for a in postponed[:50]
    )
    assert Counter(a.consult_kind for a in appointments).keys() >= {
        "regular",
        "duo",
        "squeezed_in",
        "combined",
        "extra",
    }


def test_rates_volumes_and_allocations_look_real(db):
    result = small(bureaus=4, years=3, scale=0.5)
    past = Appointment.objects.filter(date__lt=END)
    status = Counter(past.values_list("status", flat=True))
    total = sum(status.values())
    no_show = status["no_show"] / (status["done"] + status["no_show"])
    postponed = (status["postponed_via_portal"] + status["postponed_via_phone"]) / total
    assert 0.035 <= no_show <= 0.09, status
    assert 0.025 <= postponed <= 0.07, status
    assert status["cancelled"] > 0
    # About 3,300 appointments per bureau and year at scale 1: 4 x 3 x 0.5 x 3,300 = 19,800.
    assert 11_000 <= result.appointments <= 30_000
    # Doctors work at several bureaus of their organiser; practitioners are members there.
    doctors = (
        Session.objects.filter(practitioner_kind="doctor")
        .values("practitioner")
        .annotate(n=Count("bureau", distinct=True))
    )
    assert max(d["n"] for d in doctors) >= 2
    for d in doctors:
        assert (
            Membership.objects.filter(user_id=d["practitioner"], role=Role.PRACTITIONER).count()
            == d["n"]
        )
    # Allocated hours for every bureau and year of the period, next year included.
    for bureau in generator.generated_bureaus():
        years = set(AllocatedHours.objects.filter(bureau=bureau).values_list("year", flat=True))
        assert years == set(range(END.year - 3, END.year + 2))
        assert AllocatedHours.objects.get(bureau=bureau, year=END.year + 1).doctor_hours > 0


def test_summer_and_christmas_dips(db):
    generator.generate(
        bureaus=2, years=4, organisers=1, seed=11, end_date=date(2026, 1, 10), scale=0.4
    )
    per_week: dict[str, list[int]] = {"summer": [], "christmas": [], "other": []}
    weeks = Counter(
        (d - timedelta(days=d.weekday()))
        for d in Session.objects.filter(date__lt=date(2026, 1, 1)).values_list("date", flat=True)
    )
    for monday, count in weeks.items():
        if date(monday.year, 7, 14) <= monday <= date(monday.year, 8, 10):
            per_week["summer"].append(count)
        elif monday.month == 12 and monday.day >= 23 or monday.month == 1 and monday.day <= 1:
            per_week["christmas"].append(count)
        elif monday.month not in (1, 7, 8, 12):
            per_week["other"].append(count)
    mean = {k: sum(v) / len(v) for k, v in per_week.items()}
    assert mean["summer"] < 0.7 * mean["other"], mean
    assert mean["christmas"] < 0.6 * mean["other"], mean
    done = Counter(
        d.month
        for d in Appointment.objects.filter(status="done", date__lt=date(2026, 1, 1)).values_list(
            "date", flat=True
        )
    )
    spring = (done[3] + done[4] + done[5] + done[6]) / 4
    assert done[7] < 0.9 * spring, done


def snapshot() -> tuple[list, list, list]:
    """The generated activity without database ids."""
    child_key = {
        c.pk: (c.first_name, c.last_name, c.birth_date, c.organisation.code)
        for c in Child.objects.select_related("organisation")
    }
    session_key = {
        s.pk: (s.bureau.code, s.practitioner.email, s.date, s.start_time, s.practitioner_kind)
        for s in Session.objects.select_related("bureau", "practitioner")
    }
    appointments = sorted(
        (
            session_key[a.session_id],
            child_key[a.child_id],
            a.slot_time,
            a.consult_kind,
            child_key.get(a.duo_partner_id),
            a.status,
            a.contact_moment,
            a.booked_at,
            a.moved_from_id is not None,
        )
        for a in Appointment.objects.all()
    )
    hours = sorted(
        AllocatedHours.objects.values_list("bureau__code", "year", "doctor_hours", "nurse_hours")
    )
    return sorted(session_key.values()), appointments, hours


def test_the_same_seed_gives_the_same_activity(db):
    small(bureaus=2, years=1)
    first = snapshot()
    assert first[1]
    generator.replace()
    assert not Appointment.objects.exists() and not Session.objects.exists()
    small(bureaus=2, years=1)
    assert snapshot() == first
    generator.replace()
    small(bureaus=2, years=1, seed=6)
    assert snapshot()[1] != first[1]


def test_replace_removes_only_generated_activity(db):
    from tests.parent_portal.factories import make_child, make_session

    bureau = Organisation.objects.create(code="cb-echt", name="Echt", kind="consultation_bureau")
    make_child(bureau)
    session = make_session(bureau)
    small(bureaus=1, years=1)
    removed = generator.replace()
    assert removed > 0
    assert list(Session.objects.all()) == [session]
    assert Child.objects.count() == 1
    assert not Organisation.objects.filter(code__startswith="gen-").exists()
    assert not User.objects.filter(email__endswith=f"@{generator.EMAIL_DOMAIN}").exists()
    assert not AllocatedHours.objects.exists()


def test_replace_keeps_bureaus_the_audit_log_refers_to_under_another_code(db):
    from accounts import audit

    small(bureaus=2, years=1)
    looked_at = generator.generated_bureaus().first()
    audit.record(action="dashboard.view", category="read", organisation=looked_at)
    generator.replace()
    looked_at.refresh_from_db()
    assert looked_at.code == f"gen-old-{looked_at.pk}" and "(verwijderd)" in looked_at.name
    assert looked_at.parent.code.startswith("gen-old-")
    assert not generator.generated_bureaus().exists()
    small(bureaus=2, years=1)
    assert generator.generated_bureaus().count() == 2


def test_activity_for_existing_bureaus(db):
    organiser = Organisation.objects.create(code="org-x", name="X", kind="bureau_organiser")
    bureaus = [
        Organisation.objects.create(
            code=f"cb-x{i}", name=f"X{i}", kind="consultation_bureau", parent=organiser
        )
        for i in range(2)
    ]
    result = generator.generate(bureaus=bureaus, years=1, seed=3, end_date=END, scale=0.2)
    assert result.organisers == 1 and result.bureaus == 2
    assert set(Session.objects.values_list("bureau__code", flat=True)) == {"cb-x0", "cb-x1"}
    assert User.objects.filter(email__startswith="arts.org-x.").exists()


def test_the_command_refuses_to_generate_twice_without_replace(db):
    out = io.StringIO()
    args = ["--bureaus", "1", "--years", "1", "--scale", "0.1", "--no-rebuild"]
    call_command("generate_bureau_activity", *args, "--end-date", "2026-06-30", stdout=out)
    assert "Generated 1 organisers, 1 bureaus" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("generate_bureau_activity", *args, stdout=io.StringIO())
    call_command("generate_bureau_activity", *args, "--replace", stdout=io.StringIO())
    assert Organisation.objects.filter(code__startswith="gen-cb-").count() == 1


def test_rebuilt_facts_add_up_to_the_generated_rows(db):
    facts = pytest.importorskip("dashboards.facts")
    from django.db.models import Sum

    from dashboards.models import BureauDayFact, PractitionerDayFact

    small(bureaus=2, years=1)
    facts.rebuild_all()
    columns = ["sessions", "done", "no_show", "cancelled", "postponed_portal", "postponed_phone"]
    for model in (BureauDayFact, PractitionerDayFact):
        sums = model.objects.aggregate(**{c: Sum(c) for c in [*columns, "done_duo", "booked"]})
        assert sums["sessions"] == Session.objects.count()
        status = Counter(Appointment.objects.values_list("status", flat=True))
        assert sums["done"] == status["done"]
        assert sums["no_show"] == status["no_show"]
        assert sums["cancelled"] == status["cancelled"]
        assert sums["booked"] == status["booked"]
        assert sums["postponed_portal"] == status["postponed_via_portal"]
        assert sums["postponed_phone"] == status["postponed_via_phone"]
        assert (
            sums["done_duo"]
            == Appointment.objects.filter(status="done", consult_kind="duo").count()
        )
    minutes = sum(s.minutes for s in Session.objects.all())
    total = BureauDayFact.objects.aggregate(m=Sum("session_minutes"), c=Sum("capacity"))
    assert total["m"] == minutes
    assert total["c"] == sum(Session.objects.values_list("capacity", flat=True))


def test_the_demo_adds_two_years_at_the_demo_bureaus_once(db, settings):
    from accounts import demo as accounts_demo
    from dashboards import demo
    from dashboards.models import BureauDayFact
    from portal.demo import DemoContext

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    ctx = DemoContext(stdout=io.StringIO())
    accounts_demo.seed(ctx)
    demo.seed(ctx)
    sessions = Session.objects.filter(note=generator.MARK)
    count = sessions.count()
    assert set(sessions.values_list("bureau__code", flat=True)) == set(demo.BUREAUS)
    assert Appointment.objects.filter(session__in=sessions).count() > 1000
    demo.seed(ctx)  # idempotent
    assert Session.objects.filter(note=generator.MARK).count() == count
    from django.utils import timezone

    next_year = timezone.localdate().year + 1
    for code in demo.BUREAUS:
        assert AllocatedHours.objects.filter(bureau__code=code, year=next_year).exists()
    if pytest.importorskip("dashboards.facts"):
        assert BureauDayFact.objects.filter(bureau__code__in=demo.BUREAUS).exists()
    authorised = ctx.users[Role.AUTHORISED_PERSON]
    assert "gemachtigde@demo.example.org" in ctx.stdout.getvalue()
    from accounts import policies

    if hasattr(policies, "dashboard_bureaus_visible_to"):
        visible = set(
            policies.dashboard_bureaus_visible_to(authorised).values_list("code", flat=True)
        )
        assert "cb-gent-centrum" in visible
