"""`manage.py import_bureau_activity`: a planning system's extract becomes sessions, appointments,
children and practitioners, checked line by line first and loaded in one transaction."""

from __future__ import annotations

import io
from datetime import date, time
from pathlib import Path

import pytest
from django.db import IntegrityError

from accounts.models import AuditEvent, Organisation, User
from dashboards import facts, importing
from dashboards.importing import load_activity, validate_activity
from dashboards.models import BureauDayFact, DirtyDay, ImportedChild, ImportedSession
from parent_portal.models import Appointment, Child, Session
from tests.dashboards.importing_helpers import (
    appointment_cells,
    as_csv,
    as_xlsx,
    good_rows,
    problem_keys,
    run_command,
    session_cells,
    write,
)
from tests.factories import OrganisationFactory
from tests.parent_portal.factories import book, make_child

SAMPLES = Path(importing.__file__).parent / "samples"
EMAILS = ("dr.peeters@voorbeeld.be", "an.janssens@voorbeeld.be")


@pytest.fixture
def codes(cast) -> tuple[str, str]:  # noqa: ANN001
    return cast.organisations["bureau_a"].code, cast.organisations["bureau_b"].code


def validate(data: bytes, source: str = "planning") -> importing.ActivityValidation:
    return validate_activity(io.BytesIO(data), source=source)


def load(data: bytes, source: str = "planning") -> importing.ActivityReport:
    result = validate(data, source)
    assert result.all_problems() == [], [p.message() for p in result.all_problems()]
    return load_activity(result, file_name="extract.csv")


def stored() -> dict[str, int]:
    return {
        "sessions": Session.objects.count(),
        "appointments": Appointment.objects.count(),
        "children": Child.objects.count(),
        "imported_sessions": ImportedSession.objects.count(),
        "imported_children": ImportedChild.objects.count(),
        "practitioners": User.objects.filter(email__in=EMAILS).count(),
    }


NOTHING = {
    "sessions": 0,
    "appointments": 0,
    "children": 0,
    "imported_sessions": 0,
    "imported_children": 0,
    "practitioners": 0,
}
LOADED = {
    "sessions": 4,
    "appointments": 12,
    "children": 11,
    "imported_sessions": 4,
    "imported_children": 11,
    "practitioners": 2,
}


# --- A good file ----------------------------------------------------------------------------------


def test_a_good_csv_loads_sessions_appointments_children_and_practitioners(cast, codes):
    report = load(as_csv(good_rows(*codes)))

    assert stored() == LOADED
    assert (report.sessions_created, report.appointments_created) == (4, 12)
    assert (report.children_created, report.children_reused) == (11, 0)
    assert (report.practitioners_created, report.practitioners_linked) == (2, 0)
    assert report.bureaus == 2
    assert (report.first_date, report.last_date) == (date(2025, 1, 6), date(2025, 1, 8))

    doctor = User.objects.get(email="dr.peeters@voorbeeld.be")
    assert not doctor.is_active and not doctor.has_usable_password()
    assert doctor.full_name == "Sara Peeters"
    z1 = ImportedSession.objects.get(external_ref="Z-1").session
    assert (z1.bureau, z1.practitioner, z1.practitioner_kind) == (
        cast.organisations["bureau_a"],
        doctor,
        "doctor",
    )
    assert (z1.part_of_day, z1.start_time, z1.capacity) == ("morning", time(9), 6)
    z2 = ImportedSession.objects.get(external_ref="Z-2").session
    assert (z2.part_of_day, z2.capacity) == ("afternoon", 10)  # empty = as many as fit

    duo = Appointment.objects.get(consult_kind="duo")
    assert duo.duo_partner == ImportedChild.objects.get(external_ref="K-3").child
    statuses = sorted(Appointment.objects.filter(session=z1).values_list("status", flat=True))
    assert statuses == ["done", "done", "done", "done", "no_show", "postponed_via_portal"]

    # K-1 was last seen at bureau B; registered at its first booking, enrolled at its first visit.
    k1 = ImportedChild.objects.get(external_ref="K-1").child
    assert k1.organisation == cast.organisations["bureau_b"]
    assert (k1.registration_date, k1.enrolment_date) == (date(2024, 12, 2), date(2025, 1, 6))

    event = AuditEvent.objects.get(action="bureau_activity.import")
    assert event.details["sessions_created"] == 4 and event.details["file"] == "extract.csv"
    assert AuditEvent.objects.filter(action="user.create").count() == 2


def test_the_loaded_days_are_dirty_and_refresh_into_the_facts(cast, codes):
    load(as_csv(good_rows(*codes)))
    bureau_a, bureau_b = cast.organisations["bureau_a"], cast.organisations["bureau_b"]
    dirty = set(DirtyDay.objects.values_list("bureau_id", "date"))
    # Session days, and the booking days (registrations count on the day of booking).
    assert {
        (bureau_a.pk, date(2025, 1, 6)),
        (bureau_a.pk, date(2024, 12, 2)),
        (bureau_b.pk, date(2025, 1, 7)),
        (bureau_b.pk, date(2025, 1, 8)),
        (bureau_b.pk, date(2024, 12, 20)),
    } <= dirty

    facts.refresh_dirty()

    morning = BureauDayFact.objects.get(
        bureau=bureau_a, date=date(2025, 1, 6), part_of_day="morning", practitioner_kind="doctor"
    )
    assert (morning.sessions, morning.capacity, morning.session_minutes) == (1, 6, 120)
    assert (morning.done, morning.no_show, morning.postponed_portal) == (4, 1, 1)
    assert (morning.done_duo, morning.done_squeezed_in, morning.slots_taken) == (1, 1, 4)
    evening = BureauDayFact.objects.get(bureau=bureau_b, date=date(2025, 1, 7))
    assert (evening.part_of_day, evening.sessions, evening.booked) == ("evening", 1, 0)


def test_an_xlsx_with_real_dates_and_times_loads_like_the_csv(cast, codes):
    load(as_xlsx(good_rows(*codes)))
    assert stored() == LOADED
    appointment = Appointment.objects.get(child__last_name="K-2")
    assert (appointment.slot_time, appointment.date) == (time(9, 20), date(2025, 1, 6))


def test_an_xlsx_of_text_cells_loads_too(cast, codes):
    load(as_xlsx(good_rows(*codes), typed=False))
    assert stored() == LOADED


def test_a_comma_separated_csv_with_a_bom_loads(cast, codes):
    load(as_csv(good_rows(*codes), sep=",", bom=True))
    assert stored() == LOADED


def test_the_sample_file_loads_through_the_command(db, tmp_path):
    organiser = OrganisationFactory(kind=Organisation.Kind.BUREAU_ORGANISER)
    for code in ("cb-gent-centrum", "cb-ledeberg"):
        OrganisationFactory(code=code, parent=organiser)
    code, output = run_command("import_bureau_activity", SAMPLES / "bureau_activity.csv")
    assert code == 0, output
    assert "Zittingen: 4 nieuw, 0 gewijzigd, 0 ongewijzigd." in output
    assert "Afspraken: 12 nieuw" in output
    assert "Kinderen: 11 nieuw, 0 al bekend." in output
    assert "Bureaus: 2; periode 06/01/2025 tot en met 08/01/2025." in output
    assert Session.objects.count() == 4


def test_a_dry_run_reports_what_would_be_loaded_and_stores_nothing(cast, codes, tmp_path):
    path = write(tmp_path, "extract.csv", as_csv(good_rows(*codes)))
    code, output = run_command("import_bureau_activity", path, "--dry-run")
    assert code == 0
    assert "Zittingen: 4 nieuw" in output and "Proefdraai" in output
    assert stored() == NOTHING
    assert not AuditEvent.objects.filter(action="bureau_activity.import").exists()
    assert not DirtyDay.objects.exists()


def test_a_big_file_rebuilds_every_fact_instead_of_refreshing_days(cast, codes, monkeypatch):
    calls = []
    rebuild = facts.rebuild_all
    monkeypatch.setattr(importing, "FULL_REBUILD_DAYS", 3)
    monkeypatch.setattr(facts, "rebuild_all", lambda: calls.append(1) or rebuild())
    report = load(as_csv(good_rows(*codes)))
    assert report.rebuilt and calls == [1]
    # The days marked in the import's transaction are cleared by the rebuild that followed.
    assert not DirtyDay.objects.exists()
    assert BureauDayFact.objects.exists()


def test_when_the_rebuild_after_a_big_file_fails_its_days_stay_dirty(cast, codes, monkeypatch):
    def broken() -> None:
        raise RuntimeError("rebuild interrupted")

    monkeypatch.setattr(importing, "FULL_REBUILD_DAYS", 3)
    monkeypatch.setattr(facts, "rebuild_all", broken)
    with pytest.raises(RuntimeError):
        load(as_csv(good_rows(*codes)))
    # The import itself committed; the refresh job will bring its days up to date.
    assert ImportedSession.objects.count() == 4
    assert DirtyDay.objects.count() > 3


# --- Loading again --------------------------------------------------------------------------------


def test_loading_the_same_file_again_changes_nothing(cast, codes):
    data = as_csv(good_rows(*codes))
    load(data)
    report = load(data)
    assert stored() == LOADED
    assert (report.sessions_created, report.sessions_updated, report.sessions_unchanged) == (
        0,
        0,
        4,
    )
    assert (report.appointments_created, report.appointments_unchanged) == (0, 12)
    assert (report.children_created, report.children_reused) == (0, 11)
    assert (report.practitioners_created, report.practitioners_linked) == (0, 2)


def test_a_later_extract_updates_statuses_and_sessions_and_adds_new_rows(cast, codes):
    rows = good_rows(*codes)
    load(as_csv(rows))
    rows[2]["status"] = "uitgevoerd"  # K-4 came after all
    rows[10]["end_time"] = "20:00"  # the empty evening session ran longer
    rows.append(appointment_cells(codes[0], "Z-1", "K-12", "10:40", status="gepland"))
    report = load(as_csv(rows))
    assert (report.appointments_created, report.appointments_updated) == (1, 1)
    assert (report.sessions_updated, report.children_created) == (1, 1)
    assert Appointment.objects.get(child__last_name="K-4").status == "done"
    assert ImportedSession.objects.get(external_ref="Z-3").session.end_time == time(20)
    assert Session.objects.count() == 4


def test_another_source_keeps_its_own_references(cast, codes):
    data = as_csv(good_rows(*codes))
    load(data, source="planning")
    report = load(data, source="andere-planning")
    assert (report.sessions_created, report.children_created) == (4, 11)
    assert report.practitioners_linked == 2


def test_an_existing_account_is_linked_by_e_mail_and_stays_as_it_is(cast, codes):
    from tests.factories import UserFactory

    existing = UserFactory(email="dr.peeters@voorbeeld.be", first_name="Sara")
    rows = good_rows(*codes)
    for row in rows:
        if row["practitioner_email"] == "dr.peeters@voorbeeld.be":
            row["practitioner_email"] = "Dr.Peeters@Voorbeeld.be"
    report = load(as_csv(rows))
    assert (report.practitioners_created, report.practitioners_linked) == (1, 1)
    existing.refresh_from_db()
    assert existing.is_active and existing.has_usable_password()
    assert ImportedSession.objects.get(external_ref="Z-1").session.practitioner == existing


# --- Every problem, with its line and column; nothing stored ------------------------------------


def test_every_problem_is_reported_with_its_line_and_column_and_nothing_is_stored(cast, codes):
    a = codes[0]
    circle = cast.organisations["circle_c"].code
    ap, s = appointment_cells, session_cells
    other = {"practitioner_email": "x@voorbeeld.be"}
    rows = [
        ap(a, "Z-1", "K-1", "09:00"),  # 2: fine
        ap(a, "Z-1", "K-2", "09:20", session=s(a, "Z-1", date="07/01/2025")),  # 3
        ap(a, "Z-1", "K-1", "09:40"),  # 4
        ap(a, "Z-1", "K-3", "09:00"),  # 5
        ap(a, "Z-1", "K-4", "12:00"),  # 6
        ap(a, "Z-1", "K-5", "09:10"),  # 7
        ap(a, "Z-1", "K-6", "10:00", consult_kind="duo"),  # 8
        ap(a, "Z-1", "K-7", "10:20", duo_partner_ref="K-1"),  # 9
        ap(a, "Z-1", "K-8", "10:40", consult_kind="duo", duo_partner_ref="K-8"),  # 10
        ap("bestaat-niet", "Z-2", "K-9", "09:00", consult_kind="duo",
           duo_partner_ref="K-99"),  # 11
        s(circle, "Z-3"),  # 12
        s(a, "Z-4", date="31/02/2025"),  # 13
        s(a, "Z-5", start_time="9h"),  # 14
        s(a, "Z-6", end_time="08:00"),  # 15
        s(a, "Z-7", slot_minutes="3"),  # 16
        s(a, "Z-8", capacity="9"),  # 17
        s(a, "Z-9", practitioner_email="geen-mail"),  # 18
        s(a, "Z-10", practitioner_kind="tandarts"),  # 19
        s(a, "Z-11", practitioner_kind="verpleegkundige"),  # 20
        s(a, "Z-12", status="uitgevoerd", **other),  # 21
        ap(a, "Z-12", "K-1", "09:00", session=s(a, "Z-12", **other),
           child_birth_date="13/03/2024"),  # 22
        ap(a, "Z-12", "K-10", "09:20", session=s(a, "Z-12", **other),
           child_birth_date="07/01/2025"),  # 23
        ap(a, "Z-12", "K-11", "09:40", session=s(a, "Z-12", **other),
           booked_at="07/01/2025 10:00"),  # 24
        ap(a, "Z-12", "K-12", "10:00", session=s(a, "Z-12", **other), booked_at="morgen"),  # 25
        ap(a, "Z-13", "K-13", "09:00", session=s(a, "Z-13", date="06/01/2027", **other)),  # 26
        ap(a, "", "K-14", "09:00"),  # 27
        s(a, "Z" * 101),  # 28
        ap(a, "Z-16", "K-15", "09:00", session=s(a, "Z-16", **other), child_sex=""),  # 29
        ap(a, "Z-16", "K-16", "09:20", session=s(a, "Z-16", **other),
           child_birth_date="01/01/2099"),  # 30
    ]  # fmt: skip
    for data in (as_csv(rows), as_xlsx(rows)):
        result = validate(data)
        assert problem_keys(result) == [
            (3, "Datum", "session_mismatch"),
            (4, "Kindreferentie", "child_twice"),
            (5, "Uur afspraak", "slot_taken"),
            (6, "Uur afspraak", "slot_outside"),
            (7, "Uur afspraak", "slot_off_grid"),
            (8, "Kindreferentie duopartner", "duo_without_partner"),
            (9, "Kindreferentie duopartner", "partner_without_duo"),
            (10, "Kindreferentie duopartner", "duo_partner_self"),
            (11, "Bureaucode", "bureau_unknown"),
            (11, "Kindreferentie duopartner", "duo_partner_unknown"),
            (12, "Bureaucode", "bureau_not_consultation"),
            (13, "Datum", "date_invalid"),
            (14, "Begin", "time_invalid"),
            (15, "Einde", "end_before_start"),
            (16, "Minuten per afspraak", "number_invalid"),
            (17, "Plaatsen", "capacity_too_large"),
            (18, "E-mail zorgverlener", "email_invalid"),
            (19, "Soort zorgverlener", "choice"),
            (20, "Soort zorgverlener", "kind_mismatch"),
            (21, "Kindreferentie", "appointment_without_child"),
            (22, "Geboortedatum kind", "child_mismatch"),
            (23, "Geboortedatum kind", "born_after_session"),
            (24, "Geboekt op", "booked_after_session"),
            (25, "Geboekt op", "datetime_invalid"),
            (26, "Status", "outcome_in_future"),
            (27, "Zittingsreferentie", "required"),
            (28, "Zittingsreferentie", "too_long"),
            (29, "Geslacht kind", "required"),
            (30, "Geboortedatum kind", "date_range"),
        ]
        assert not result.can_load
        assert result.summary.errors == 29 and result.summary.errors_per_line[11] == 2
        assert result.summary.rows_read == 29
    with pytest.raises(importing.NotLoadableError):
        load_activity(result)
    assert stored() == NOTHING


def test_the_messages_name_the_value_and_say_what_to_do(cast, codes):
    a = codes[0]
    rows = [
        appointment_cells(a, "Z-1", "K-1", "09:00"),
        appointment_cells(a, "Z-1", "K-2", "09:00"),
        session_cells(a, "Z-1", date="07/01/2025"),
    ]
    messages = [p.message() for p in validate(as_csv(rows)).problems]
    assert messages == [
        "Het tijdslot 09:00 van zitting Z-1 is al bezet door de afspraak op rij 2. Geef één "
        "van beide een ander uur of zet het soort consult op inschuiver.",
        "Zitting Z-1 heeft op rij 2 “06/01/2025” in Datum, hier “07/01/2025”. Geef elke rij "
        "van een zitting dezelfde zittingsgegevens.",
    ]


def test_the_command_prints_each_line_with_its_problems_and_stores_nothing(cast, codes, tmp_path):
    a = codes[0]
    rows = [
        appointment_cells(a, "Z-1", "K-1", "09:00"),
        appointment_cells("onbekend", "Z-2", "K-2", "25:00", child_sex="x"),
    ]
    path = write(tmp_path, "fout.csv", as_csv(rows))
    code, output = run_command("import_bureau_activity", path)
    assert code == 1
    assert output.splitlines() == [
        "Regel 3: 3 problemen",
        "  - Bureaucode: Er is geen consultatiebureau met code “onbekend”. Gebruik de code van "
        "het bureau in Zorgportaal.",
        "  - Geslacht kind: “x” kan niet in Geslacht kind. Kies uit: jongen, meisje.",
        "  - Uur afspraak: “25:00” is geen geldig uur in Uur afspraak. Schrijf het uur als "
        "uu:mm, bv. 09:15.",
        "2 rijen gelezen, 3 fouten op 1 rijen. Er is niets opgeslagen.",
    ]
    assert stored() == NOTHING


def test_problems_against_what_is_already_stored(cast, codes):
    from tests.factories import UserFactory
    from tests.parent_portal.factories import make_session

    bureau = cast.organisations["bureau_a"]
    load(as_csv(good_rows(*codes)))
    # A nurse in the portal; a portal booking in imported session Z-1 at 10:00.
    nurse = UserFactory(email="nurse@voorbeeld.be")
    make_session(bureau, practitioner=nurse, kind="nurse")
    z1 = ImportedSession.objects.get(external_ref="Z-1").session
    book(z1, make_child(bureau), time(10, 0))

    rows = [
        appointment_cells(codes[0], "Z-1", "K-1", "09:00", child_birth_date="01/01/2024"),
        appointment_cells(codes[0], "Z-1", "K-12", "10:00"),
        session_cells(codes[0], "Z-20", practitioner_email="nurse@voorbeeld.be"),
        appointment_cells(codes[0], "Z-2", "K-13", "09:00", session=session_cells(
            codes[0], "Z-2", start_time="09:00", end_time="09:40", capacity=""
        )),
    ]  # fmt: skip
    assert problem_keys(validate(as_csv(rows))) == [
        (2, "Geboortedatum kind", "child_mismatch_existing"),
        (3, "Uur afspraak", "slot_taken_existing"),
        (4, "Soort zorgverlener", "kind_mismatch_existing"),
        # Z-2's new hours would leave its stored appointments (13:45 ...) outside.
        (5, "Zittingsreferentie", "existing_outside_session"),
    ]


def test_a_refused_file_gets_one_message(cast, tmp_path):
    result = validate(b"%PDF-1.4 not a spreadsheet")
    assert problem_keys(result) == [(1, "", "file_not_spreadsheet")]
    result = validate(b"Bureaucode;Datum\r\ncb;01/01/2025\r\n")
    assert problem_keys(result) == [(1, "", "template_wrong")]
    assert "Zittingsreferentie" in result.refusal.message()
    assert problem_keys(validate(as_csv([]))) == [(1, "", "file_empty")]


# --- One transaction ----------------------------------------------------------------------------


def test_a_failure_midway_rolls_everything_back(cast, codes, monkeypatch):
    result = validate(as_csv(good_rows(*codes)))

    def fail(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise IntegrityError("the database refused a row")

    monkeypatch.setattr(Appointment.objects, "bulk_create", fail)
    with pytest.raises(IntegrityError):
        load_activity(result)
    assert stored() == NOTHING
    assert not AuditEvent.objects.filter(action="user.create").exists()
    assert not DirtyDay.objects.exists()
    outcomes = list(
        AuditEvent.objects.filter(action="bureau_activity.import").values_list("outcome", flat=True)
    )
    assert outcomes == ["failure"]


def test_unknown_extra_columns_are_a_warning_and_the_file_still_loads(cast, codes, tmp_path):
    from tests.dashboards.importing_helpers import ACTIVITY_HEADERS, ACTIVITY_KEYS

    rows = [{**row, "remark": "x"} for row in good_rows(*codes)]
    data = as_csv(rows, headers=[*ACTIVITY_HEADERS, "Opmerking"], keys=[*ACTIVITY_KEYS, "remark"])
    code, output = run_command("import_bureau_activity", write(tmp_path, "extract.csv", data))
    assert code == 0, output
    assert output.splitlines()[:2] == [
        "Regel 1: 1 probleem",
        "  - Deze kolommen kennen we niet en lezen we niet in: Opmerking.",
    ]
    assert stored() == LOADED
