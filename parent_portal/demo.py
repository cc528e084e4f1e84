"""Demo data of the parent portal (idempotent): children of all ages for the demo parent and the
bureau, measurements, Van Wiechen observations, a year of sessions and appointments behind and
three months ahead, a questionnaire set out, advice articles, a doctor and a second parent."""

from __future__ import annotations

import random
from datetime import date, time, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.demo import demo_user
from accounts.models import Membership, Role
from portal.demo import DemoContext
from questionnaires.models import Questionnaire

from . import growth, milestone_items, schedule, services
from .models import (
    AdviceArticle,
    Appointment,
    Child,
    Measurement,
    MilestoneItem,
    MilestoneObservation,
    QuestionnaireAssignment,
    ReminderPreference,
    Session,
)

BUREAU = "cb-gent-centrum"

# first name, last name, age in days, sex, gestational weeks, growth z, parent's child?
CHILDREN = [
    ("Lotte", "Ouder", 100, "female", None, 0.3, True),
    ("Mats", "Ouder", 300, "male", 34, -0.8, True),
    ("Noor", "Ouder", 2 * 365 + 170, "female", None, 0.9, True),
    ("Finn", "Ouder", 5 * 365 + 40, "male", None, -0.2, True),
    ("Emma", "Ouder", 13 * 365, "female", None, 0.0, True),
    ("Lucas", "Peeters", 60, "male", None, 0.1, False),
    ("Olivia", "Janssens", 200, "female", None, -1.2, False),
    ("Arthur", "Maes", 420, "male", None, 0.5, False),
    ("Mila", "Jacobs", 540, "female", None, 1.4, False),
    ("Louis", "Mertens", 700, "male", 35, -0.4, False),
    ("Elena", "Willems", 900, "female", None, 0.0, False),
    ("Jules", "Claes", 1000, "male", None, -1.6, False),
    ("Lina", "Goossens", 150, "female", None, 0.7, False),
    ("Noah", "Wouters", 250, "male", None, 0.2, False),
    ("Ella", "De Smet", 330, "female", None, -0.3, False),
    ("Victor", "Dubois", 480, "male", None, 1.0, False),
]

ARTICLES = [
    (
        "sleep",
        "Veilig slapen",
        "veilig-slapen",
        "Op de rug, in een slaapzak, zonder kussen.",
        0,
        12,
    ),
    (
        "feeding",
        "Borstvoeding en flesvoeding",
        "borst-en-flesvoeding",
        "Hoe vaak en hoeveel voeding je baby nodig heeft.",
        0,
        6,
    ),
    (
        "crying",
        "Als je baby veel huilt",
        "veel-huilen",
        "Wat je kunt doen, en wanneer je hulp vraagt.",
        0,
        6,
    ),
    (
        "feeding",
        "Starten met vaste voeding",
        "vaste-voeding",
        "Tussen 4 en 6 maanden: rustig opbouwen.",
        4,
        12,
    ),
    (
        "vaccination",
        "Vaccinaties in het eerste levensjaar",
        "vaccinaties-eerste-jaar",
        "Welke prikken je kind krijgt op 8, 12 en 16 weken en op 12 en 15 maanden.",
        0,
        15,
    ),
    (
        "safety",
        "Veilig in huis met een kruiper",
        "veilig-in-huis",
        "Traphekjes, stopcontacten en kleine voorwerpen.",
        6,
        24,
    ),
    ("development", "Leren praten", "leren-praten", "Praat, zing en lees samen voor.", 9, 48),
    (
        "teeth",
        "Tandjes poetsen",
        "tandjes-poetsen",
        "Vanaf het eerste tandje, twee keer per dag.",
        6,
        72,
    ),
    (
        "parenting",
        "Driftbuien bij peuters",
        "driftbuien",
        "Rustig blijven, grenzen geven, troosten.",
        18,
        60,
    ),
    (
        "sleep",
        "Slaapritueel voor peuters en kleuters",
        "slaapritueel",
        "Vaste uren en een rustig ritueel.",
        12,
        72,
    ),
    (
        "development",
        "Naar de kleuterschool",
        "kleuterschool",
        "Hoe je je kind voorbereidt op de eerste schooldag.",
        24,
        48,
    ),
    (
        "safety",
        "Veilig in het verkeer",
        "veilig-verkeer",
        "Autostoeltje, fietsstoeltje en oversteken.",
        0,
        144,
    ),
]


def _demo_users(ctx: DemoContext) -> tuple:
    bureau = ctx.organisations[BUREAU]
    nurse = ctx.users[Role.PRACTITIONER]
    doctor = demo_user("arts@demo.example.org", "Anton", "Arts")
    Membership.objects.get_or_create(
        user=doctor, organisation=bureau, role=Role.PRACTITIONER, revoked_at=None
    )
    ctx.accounts.append(("Medewerker (arts) consultatiebureau", doctor.email))
    parent = ctx.users[Role.PARENT]
    other_parent = demo_user("ouder2@demo.example.org", "Sara", "Ouder")
    Membership.objects.get_or_create(
        user=other_parent, organisation=bureau, role=Role.PARENT, revoked_at=None
    )
    ctx.accounts.append(("Ouder (tweede ouder met gezag)", other_parent.email))
    return bureau, nurse, doctor, parent, other_parent


@transaction.atomic
def seed(ctx: DemoContext) -> None:
    rng = random.Random(20260101)  # noqa: S311 - demo values
    milestone_items.load(MilestoneItem)
    bureau, nurse, doctor, parent, other_parent = _demo_users(ctx)
    for theme, title, slug, summary, lo, hi in ARTICLES:
        AdviceArticle.objects.update_or_create(
            slug=slug,
            defaults={
                "theme": theme,
                "title": title,
                "summary": summary,
                "min_age_months": lo,
                "max_age_months": hi,
                "body": f"{summary}\n\nDit is een voorbeeldtekst voor de demo. In het echte "
                "portaal schrijft het agentschap hier het advies in eenvoudige taal.",
            },
        )
    if Child.objects.filter(organisation=bureau, is_demo=True).exists():
        ctx.say("Parent portal demo data already present.")
        return
    today = timezone.localdate()
    children = {}
    for first, last, age, sex, weeks, z, own in CHILDREN:
        birth = today - timedelta(days=age)
        child = services.child_create(
            actor=nurse,
            organisation=bureau,
            first_name=first,
            last_name=last,
            birth_date=birth,
            sex=sex,
            registration_date=birth + timedelta(days=3),
            enrolment_date=birth + timedelta(days=rng.randint(14, 40)),
            gestational_age_weeks=weeks,
            is_demo=True,
        )
        children[first] = (child, z)
        if own:
            services.guardianship_create(actor=nurse, parent=parent, child=child)
            if first == "Noor":
                services.guardianship_create(actor=nurse, parent=other_parent, child=child)
        _measurements(child, z, nurse, rng, drop=first == "Jules")
        _milestones(child, nurse, rng)
    Child.objects.filter(pk=children["Lucas"][0].pk).update(
        phone="0470 12 34 56", daycare_or_school="Kinderdagverblijf De Rups, Gent"
    )
    services.child_details_update(
        actor=parent,
        child=children["Noor"][0],
        by_parent=True,
        data={
            "phone": "0471 11 22 33",
            "email": "",
            "daycare_or_school": "Kleuterschool Sint-Pieter, Gent",
            "general_practitioner": "Dr. Vermeulen, Gent",
        },
    )
    ReminderPreference.objects.get_or_create(parent=parent, defaults={"days_before": 2})
    _schedule(bureau, nurse, doctor, [c for c, _z in children.values()], rng, today)
    for name in ("Lotte", "Mats", "Noor", "Finn"):
        _book_next(children[name][0], nurse, today)
    questionnaire = Questionnaire.objects.filter(code="consult-peuter-kleuter").first()
    noor = children["Noor"][0]
    if questionnaire and not QuestionnaireAssignment.objects.filter(child=noor).exists():
        upcoming = Appointment.objects.filter(child=noor, status="booked", date__gte=today).first()
        services.questionnaire_assign(
            actor=nurse, child=noor, questionnaire=questionnaire, appointment=upcoming
        )
    ctx.say(f"Parent portal: {len(children)} demo children, sessions and appointments.")


def _book_next(child: Child, nurse, today: date) -> None:  # noqa: ANN001
    """Each of the demo parent's young children has a visit booked in the coming weeks."""
    if Appointment.objects.filter(
        child=child, status="booked", date__gt=today + timedelta(days=2)
    ).exists():
        return
    from .selectors import free_slots

    for session, slot in free_slots(
        bureau_id=child.organisation_id,
        practitioner_kind="nurse",
        start=today + timedelta(days=3),
        end=today + timedelta(days=60),
    ):
        if not Appointment.objects.filter(session=session, child=child).exists():
            services.appointment_book(
                actor=nurse, session=session, child=child, slot_time=slot, is_demo=True
            )
            return


def _measurements(child: Child, z: float, actor, rng: random.Random, drop: bool = False) -> None:  # noqa: ANN001
    today = timezone.localdate()
    ages = [0, 28, 56, 84, 112, 183, 274, 365, 456, 548, 730, 913, 1095, 1460, 1826, 2190]
    rows = []
    for index, age in enumerate(a for a in ages if a <= child.age_in_days(today)):
        day = child.birth_date + timedelta(days=age)
        chart_age = child.corrected_age_in_days(day)
        zz = z + rng.uniform(-0.15, 0.15) - (0.6 * index if drop and index > 3 else 0)

        def value(indicator, zz=zz, chart_age=chart_age):  # noqa: ANN001, ANN202
            return growth.value_at_z(growth.lms_at(indicator, child.sex, chart_age), zz)

        rows.append(
            Measurement(
                child=child,
                measured_on=day,
                recorded_by=actor,
                weight_kg=round(value(growth.WEIGHT), 3) if chart_age <= 3650 else None,
                length_cm=round(value(growth.LENGTH), 1),
                head_circumference_cm=round(value(growth.HEAD), 1) if chart_age <= 1826 else None,
            )
        )
    Measurement.objects.bulk_create(rows)


def _milestones(child: Child, actor, rng: random.Random) -> None:  # noqa: ANN001
    today = timezone.localdate()
    age_months = child.age_in_days(today) / 30.4375
    rows = []
    for item in MilestoneItem.objects.filter(first_age_months__lte=min(age_months, 54)):
        observed_on = min(
            child.birth_date + timedelta(days=int(item.first_age_months * 30.44) + 7), today
        )
        ok = rng.random() > 0.12
        score = "+" if ok else "-"
        if ok and item.parent_report_allowed and rng.random() < 0.3:
            score = "M"
        if item.scored_left_right:
            rows.append(
                MilestoneObservation(
                    child=child,
                    item=item,
                    observed_on=observed_on,
                    score_left=score,
                    score_right=score,
                    recorded_by=actor,
                )
            )
        else:
            rows.append(
                MilestoneObservation(
                    child=child, item=item, observed_on=observed_on, score=score, recorded_by=actor
                )
            )
    MilestoneObservation.objects.bulk_create(rows)


def _schedule(bureau, nurse, doctor, children, rng: random.Random, today: date) -> None:  # noqa: ANN001
    """Weekly nurse mornings and doctor afternoons from a year ago to three months ahead."""
    start = today - timedelta(days=365)
    start -= timedelta(days=start.weekday())
    day = start
    sessions = []
    while day <= today + timedelta(days=91):
        sessions.append(
            Session(
                bureau=bureau,
                practitioner=nurse,
                practitioner_kind="nurse",
                date=day + timedelta(days=1),
                part_of_day="morning",
                start_time=time(9, 0),
                end_time=time(12, 0),
                slot_minutes=20,
                capacity=9,
                created_by=nurse,
                is_demo=True,
            )
        )
        sessions.append(
            Session(
                bureau=bureau,
                practitioner=doctor,
                practitioner_kind="doctor",
                date=day + timedelta(days=3),
                part_of_day="afternoon",
                start_time=time(13, 30),
                end_time=time(16, 30),
                slot_minutes=15,
                capacity=12,
                created_by=nurse,
                is_demo=True,
            )
        )
        if day.isocalendar().week % 4 == 0:
            sessions.append(
                Session(
                    bureau=bureau,
                    practitioner=nurse,
                    practitioner_kind="nurse",
                    date=day + timedelta(days=2),
                    part_of_day="evening",
                    start_time=time(17, 30),
                    end_time=time(19, 30),
                    slot_minutes=20,
                    capacity=6,
                    created_by=nurse,
                    is_demo=True,
                )
            )
        day += timedelta(days=7)
    Session.objects.bulk_create(sessions)
    sessions = list(
        Session.objects.filter(bureau=bureau, is_demo=True).order_by("date", "start_time")
    )
    appointments = []
    now = timezone.now()
    for session in sessions:
        slots = session.slot_times()
        future = session.date > today
        fill = rng.uniform(0.35, 0.6) if future else rng.uniform(0.6, 0.95)
        booked_children: set[int] = set()
        for slot in slots:
            if rng.random() > fill:
                continue
            candidates = [
                c
                for c in children
                if c.birth_date < session.date - timedelta(days=20)
                and c.age_in_days(session.date) < 6 * 365
                and c.pk not in booked_children
            ]
            if not candidates:
                break
            child = rng.choice(candidates)
            booked_children.add(child.pk)
            moment = schedule.moment_for_age(child.age_in_days(session.date))
            kind = rng.choices(["regular", "combined", "extra"], weights=[88, 7, 5])[0]
            if future:
                state = "booked"
            else:
                state = rng.choices(
                    ["done", "no_show", "cancelled", "postponed_via_portal", "postponed_via_phone"],
                    weights=[82, 6, 4, 4, 4],
                )[0]
            appointments.append(
                Appointment(
                    session=session,
                    child=child,
                    date=session.date,
                    slot_time=slot,
                    consult_kind=kind,
                    status=state,
                    booked_by=nurse,
                    status_changed_by=nurse,
                    booked_at=now,
                    is_demo=True,
                    **services._covers(moment),
                )
            )
    Appointment.objects.bulk_create(appointments)
