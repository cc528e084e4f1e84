"""Every figure of the nine dashboards against values counted by hand on the fixture schedule
(tests/dashboards/conftest.py describes it session by session)."""

from __future__ import annotations

import pytest

from dashboards import selectors
from tests.dashboards.conftest import MARCH_APRIL, YEAR_2025
from tests.dashboards.helpers import by_label, parse, result, table

pytestmark = pytest.mark.django_db


def _bureau(cast, key):  # noqa: ANN001, ANN202
    return cast.organisations[key].pk


# --- 1. Allocated versus planned hours -----------------------------------------------------------


def test_allocated_hours_are_pro_rata_per_month_beside_the_planned_hours(schedule):
    a = _bureau(schedule, "bureau_a")
    r = result(schedule.alice, "allocated-hours", bureau=a, granularity="month", **MARCH_APRIL)
    rows = by_label(table(r, "hours"))
    # March: 365 h x 31/365 days = 31.0 allocated; planned S1 120 + S2 60 min = 3.0 h; 3/31 = 9.7 %
    assert (rows["maart 2025"]["allocated"], rows["maart 2025"]["planned"]) == (31.0, 3.0)
    assert rows["maart 2025"]["planned_pct"] == 9.7
    # April: 365 x 30/365 = 30.0; planned S4 60 min = 1.0 h; 1/30 = 3.3 %
    assert (rows["april 2025"]["allocated"], rows["april 2025"]["planned"]) == (30.0, 1.0)
    assert rows["april 2025"]["planned_pct"] == 3.3
    # Total: 61 days = 61.0 h allocated, 4.0 h planned: 4/61 = 6.557 -> 6.6 %
    assert (rows["Totaal"]["allocated"], rows["Totaal"]["planned"]) == (61.0, 4.0)
    assert rows["Totaal"]["planned_pct"] == 6.6
    assert r.headline == (6.6, "percent")


def test_allocated_hours_across_a_new_year_take_each_years_share(schedule):
    a = _bureau(schedule, "bureau_a")
    r = result(
        schedule.alice,
        "allocated-hours",
        bureau=a,
        granularity="global",
        period="custom",
        start="2025-12-01",
        end="2026-01-31",
    )
    # 365 x 31/365 (December 2025) + 400 x 31/365 (January 2026) = 31 + 33.97 = 64.97 -> 65.0
    (row,) = table(r, "hours").rows
    assert (row["allocated"], row["planned"], row["planned_pct"]) == (65.0, 0.0, 0.0)


def test_nurse_hours_when_the_kind_is_nurse(schedule):
    a = _bureau(schedule, "bureau_a")
    r = result(
        schedule.alice, "allocated-hours", bureau=a, kind="nurse", granularity="global", **YEAR_2025
    )
    (row,) = table(r, "hours").rows
    # 73 nurse hours for all of 2025; planned: S3 60 min = 1.0 h; 1/73 = 1.37 -> 1.4 %
    assert (row["allocated"], row["planned"], row["planned_pct"]) == (73.0, 1.0, 1.4)


def test_allocated_hours_per_part_of_day_only_in_the_total(schedule):
    a = _bureau(schedule, "bureau_a")
    r = result(
        schedule.alice, "allocated-hours", bureau=a, granularity="part_of_day", **MARCH_APRIL
    )
    rows = by_label(table(r, "hours"))
    # Doctor minutes: morning S1 120 + S4 60 = 3.0 h; afternoon S2 1.0 h; evening none.
    assert [rows[p]["planned"] for p in ("voormiddag", "namiddag", "avond")] == [3.0, 1.0, 0.0]
    assert rows["voormiddag"]["allocated"] is None
    assert rows["Totaal"]["allocated"] == 61.0


# --- 2. Distribution of planned hours ------------------------------------------------------------


def test_planned_doctor_hours_by_weekday_part_of_day_doctor_and_bureau(schedule):
    r = result(schedule.alice, "hour-distribution", **MARCH_APRIL)  # bureaus A and A2
    # Doctor minutes: S1 Mon 120 (An, A), S2 Wed 60 (Bert, A), S4 Mon 60 (An, A),
    # S5 Tue 180 (An, A2): 420 min = 7.0 h.
    weekday = by_label(table(r, "weekday"))
    assert (weekday["maandag"]["hours"], weekday["maandag"]["share"]) == (3.0, 42.9)  # 180/420
    assert (weekday["dinsdag"]["hours"], weekday["dinsdag"]["share"]) == (3.0, 42.9)
    assert (weekday["woensdag"]["hours"], weekday["woensdag"]["share"]) == (1.0, 14.3)  # 60/420
    assert weekday["zondag"]["hours"] == 0.0
    part = by_label(table(r, "part_of_day"))
    # Morning 120 + 60 + 180 = 360 min = 6.0 h (85.7 %); afternoon 60 = 1.0 h (14.3 %).
    assert (part["voormiddag"]["hours"], part["voormiddag"]["share"]) == (6.0, 85.7)
    assert (part["namiddag"]["hours"], part["avond"]["hours"]) == (1.0, 0.0)
    doctors = by_label(table(r, "practitioner"))
    assert (doctors["An Arts"]["hours"], doctors["An Arts"]["share"]) == (6.0, 85.7)
    assert (doctors["Bert Bos"]["hours"], doctors["Bert Bos"]["share"]) == (1.0, 14.3)
    assert "Nina Noels" not in doctors  # a nurse
    bureaus = by_label(table(r, "bureau"))
    # A: 240 min = 4.0 h (57.1 %); A2: 180 min = 3.0 h (42.9 %).
    assert (bureaus["Bureau A"]["hours"], bureaus["Bureau A"]["share"]) == (4.0, 57.1)
    assert (bureaus["Bureau A2"]["hours"], bureaus["Bureau A2"]["share"]) == (3.0, 42.9)
    assert table(r, "bureau").total["hours"] == 7.0
    assert r.headline == (7.0, "hours")


# --- 3. Sessions, occupancy, fruitless contacts -------------------------------------------------


def test_sessions_occupancy_and_no_shows_per_part_of_day(schedule):
    a = _bureau(schedule, "bureau_a")
    r = result(schedule.alice, "sessions", bureau=a, granularity="part_of_day", **MARCH_APRIL)
    rows = by_label(table(r, "sessions"))
    # Morning: S1 (capacity 4, taken k1 k2 k3 k5 = 4; the squeezed-in k6 takes no place; done
    # k1 k2 k5 k6 = 4; no-show k3) + S4 (capacity 4, taken k6 k7 k8 = 3, done 2):
    # 2 sessions, 8 places, 7 taken = 87.5 %, 6 done, 1 no-show: 1/7 = 14.3 %.
    morning = rows["voormiddag"]
    assert (morning["sessions"], morning["capacity"], morning["slots_taken"]) == (2, 8, 7)
    assert (morning["occupancy"], morning["done"], morning["no_show"]) == (87.5, 6, 1)
    assert morning["no_show_rate"] == 14.3
    # Afternoon S2: 3 places, taken 2 (66.7 %), done 1, no-show 1 (50.0 %).
    afternoon = rows["namiddag"]
    assert (afternoon["capacity"], afternoon["slots_taken"], afternoon["occupancy"]) == (3, 2, 66.7)
    assert (afternoon["done"], afternoon["no_show"], afternoon["no_show_rate"]) == (1, 1, 50.0)
    # Evening S3 (nurse): 4 places, 2 taken (50.0 %), 2 done, no no-show (0.0 %).
    evening = rows["avond"]
    assert (evening["occupancy"], evening["done"], evening["no_show_rate"]) == (50.0, 2, 0.0)
    # Total: 4 sessions, 15 places, 11 taken = 73.3 %; 9 done, 2 no-shows: 2/11 = 18.2 %.
    total = rows["Totaal"]
    assert (total["sessions"], total["capacity"], total["slots_taken"]) == (4, 15, 11)
    assert (total["occupancy"], total["done"], total["no_show"]) == (73.3, 9, 2)
    assert total["no_show_rate"] == 18.2
    assert r.headline == (73.3, "percent")


def test_sessions_compare_the_bureau_with_the_median_of_the_organisers_bureaus(schedule):
    a = _bureau(schedule, "bureau_a")
    r = result(schedule.alice, "sessions", bureau=a, granularity="global", **MARCH_APRIL)
    comparison = by_label(table(r, "comparison"))
    # A: 11/15 = 73.3 %, no-shows 2/11 = 18.2 %. A2 (S5): 5/6 = 83.3 %, 1/5 = 20.0 %.
    # Median of two bureaus: (73.33 + 83.33) / 2 = 78.3 %; (18.18 + 20.0) / 2 = 19.1 %.
    assert (comparison["Bureau A"]["occupancy"], comparison["Bureau A"]["no_show_rate"]) == (
        73.3,
        18.2,
    )
    median = comparison["Mediaan van 2 bureaus"]
    assert (median["occupancy"], median["no_show_rate"]) == (78.3, 19.1)


def test_the_median_needs_three_bureaus_for_someone_who_sees_only_one(schedule):
    # Bob is authorised at bureau A only: with two bureaus, the median would give away A2's figure.
    r = result(schedule.bob, "sessions", granularity="global", **MARCH_APRIL)
    assert [t.key for t in r.tables] == ["sessions"]
    assert any("vanaf 3 bureaus" in note for note in r.notes)


def test_sessions_per_month_and_week_fill_empty_periods(schedule):
    a = _bureau(schedule, "bureau_a")
    r = result(schedule.alice, "sessions", bureau=a, granularity="month", **YEAR_2025)
    rows = by_label(table(r, "sessions"))
    assert len(table(r, "sessions").rows) == 12
    # March: S1 S2 S3 = 3 sessions; April: S4; January none.
    assert (rows["maart 2025"]["sessions"], rows["april 2025"]["sessions"]) == (3, 1)
    assert rows["januari 2025"]["sessions"] == 0
    assert rows["januari 2025"]["occupancy"] is None
    weekly = result(schedule.alice, "sessions", bureau=a, granularity="week", **MARCH_APRIL)
    weeks = by_label(table(weekly, "sessions"))
    # Week 10 of 2025 (3-9 March): S1 S2 S3; week 15 (7-13 April): S4; 1 March is in week 9.
    assert weeks["week 10 van 2025"]["sessions"] == 3
    assert weeks["week 15 van 2025"]["sessions"] == 1
    assert weeks["week 9 van 2025"]["sessions"] == 0
    daily = result(schedule.alice, "sessions", bureau=a, granularity="day", **MARCH_APRIL)
    days = {row["key"]: row for row in table(daily, "sessions").rows}
    assert len(days) == 61
    assert (days["2025-03-05"]["sessions"], days["2025-03-05"]["capacity"]) == (2, 7)


# --- 4. Postponements ----------------------------------------------------------------------------


def test_postponements_by_channel_and_kind_per_100_planned_contacts(schedule):
    a = _bureau(schedule, "bureau_a")
    r = result(schedule.alice, "postponements", bureau=a, granularity="global", **MARCH_APRIL)
    (row,) = table(r, "postponements").rows
    # Doctor: planned contacts S1 8 + S2 3 + S4 3 = 14 (every status); via the portal k4 = 1,
    # via the phone S1 k8 + S2 k3 = 2: 1/14 x 100 = 7.14, 2/14 x 100 = 14.29.
    assert (row["planned_doctor"], row["portal_doctor"], row["phone_doctor"]) == (14, 1, 2)
    assert (row["portal_per_100_doctor"], row["phone_per_100_doctor"]) == (7.14, 14.29)
    # Nurse: S3, 3 planned, 1 via the portal (k5): 33.33; none by phone: 0.0.
    assert (row["planned_nurse"], row["portal_nurse"], row["phone_nurse"]) == (3, 1, 0)
    assert (row["portal_per_100_nurse"], row["phone_per_100_nurse"]) == (33.33, 0.0)
    # Together: 4 postponed of 17 planned = 23.53 per 100.
    assert r.headline == (23.53, "ratio")


def test_postponements_of_one_kind_only(schedule):
    a = _bureau(schedule, "bureau_a")
    r = result(schedule.alice, "postponements", bureau=a, kind="nurse", granularity="global",
               **MARCH_APRIL)  # fmt: skip
    (row,) = table(r, "postponements").rows
    assert "planned_doctor" not in row
    assert (row["planned_nurse"], row["portal_per_100_nurse"]) == (3, 33.33)


# --- 5. Registrations ----------------------------------------------------------------------------


def test_registrations_count_each_childs_first_booking_per_kind(schedule):
    a = _bureau(schedule, "bureau_a")
    r = result(schedule.alice, "registrations", bureau=a, granularity="month", **YEAR_2025)
    rows = by_label(table(r, "registrations"))
    # February, doctor: the first doctor bookings of k1 k2 k3 k4 k6 k7 k8 (S1, booked 10/2); their
    # S2 bookings of 12/2 are not new. Nurse: the first nurse bookings of k1 k4 k5 (S3, 12/2).
    assert (rows["februari 2025"]["doctor"], rows["februari 2025"]["nurse"]) == (7, 3)
    assert rows["februari 2025"]["all"] == 10
    # March, doctor: k5's first doctor booking (S1, booked 1/3). k6 and k7 into S4 on 20/3 were
    # registered already; k8's move on 3/3 is no registration.
    assert (rows["maart 2025"]["doctor"], rows["maart 2025"]["nurse"]) == (1, 0)
    assert (rows["Totaal"]["doctor"], rows["Totaal"]["nurse"], rows["Totaal"]["all"]) == (8, 3, 11)
    assert r.headline == (11, "count")


def test_registrations_per_part_of_day_of_the_session_booked(schedule):
    a = _bureau(schedule, "bureau_a")
    r = result(schedule.alice, "registrations", bureau=a, granularity="part_of_day", **YEAR_2025)
    rows = by_label(table(r, "registrations"))
    # Morning: the 8 first doctor bookings were all for S1; afternoon (S2): none new;
    # evening: the 3 first nurse bookings (S3).
    assert (rows["voormiddag"]["doctor"], rows["namiddag"]["doctor"]) == (8, 0)
    assert (rows["avond"]["nurse"], rows["avond"]["doctor"]) == (3, 0)


# --- 6. Enrolments -------------------------------------------------------------------------------


def test_new_enrolments_per_month_and_kind(schedule):
    a = _bureau(schedule, "bureau_a")
    r = result(schedule.alice, "enrolments", bureau=a, granularity="month", **YEAR_2025)
    rows = by_label(table(r, "enrolments"))
    # March, doctor: first executed doctor contact of k1 k2 k5 k6 (S1); k1 again in S2 is not new.
    # March, nurse: k1 and k4 in S3. April, doctor: k7 and k8 in S4 (k6 is only booked there).
    assert (rows["maart 2025"]["doctor"], rows["maart 2025"]["nurse"]) == (4, 2)
    assert (rows["april 2025"]["doctor"], rows["april 2025"]["nurse"]) == (2, 0)
    assert (rows["Totaal"]["doctor"], rows["Totaal"]["nurse"], rows["Totaal"]["all"]) == (6, 2, 8)


# --- 7. Allocated hours next year ---------------------------------------------------------------


def test_next_years_allocation_beside_this_years_allocation_and_planning(schedule):
    r = result(schedule.alice, "next-year", **YEAR_2025)
    rows = by_label(table(r, "next_year"))
    # A: 365 allocated 2025, planned 4.0 h (S1 120 + S2 60 + S4 60 min), 400 in 2026: +35.
    assert (rows["Bureau A"]["allocated_this"], rows["Bureau A"]["planned_this"]) == (365.0, 4.0)
    assert (rows["Bureau A"]["allocated_next"], rows["Bureau A"]["difference"]) == (400.0, 35.0)
    # A2: 182.5, planned S5 180 min = 3.0 h, 200 in 2026: +17.5.
    assert (rows["Bureau A2"]["allocated_this"], rows["Bureau A2"]["planned_this"]) == (182.5, 3.0)
    assert (rows["Bureau A2"]["allocated_next"], rows["Bureau A2"]["difference"]) == (200.0, 17.5)
    # Total: 547.5, 7.0, 600.0, +52.5.
    total = rows["Totaal"]
    assert (total["allocated_this"], total["planned_this"]) == (547.5, 7.0)
    assert (total["allocated_next"], total["difference"]) == (600.0, 52.5)
    assert r.headline == (600.0, "hours")


def test_next_year_for_nurses_and_without_an_allocation_yet(schedule):
    a = _bureau(schedule, "bureau_a")
    r = result(schedule.alice, "next-year", bureau=a, kind="nurse", **YEAR_2025)
    (row,) = table(r, "next_year").rows
    # Nurse hours of A: 73 in 2025, 80 in 2026; planned S3 60 min = 1.0 h.
    assert (row["allocated_this"], row["planned_this"], row["allocated_next"]) == (73.0, 1.0, 80.0)
    later = result(schedule.alice, "next-year", bureau=a, period="custom", start="2026-01-01",
                   end="2026-12-31")  # fmt: skip
    (row,) = table(later, "next_year").rows
    assert (row["allocated_this"], row["allocated_next"], row["difference"]) == (400.0, None, None)
    assert any("2027" in note for note in later.notes)


# --- 8. Contacts per doctor per session ---------------------------------------------------------


def test_contacts_per_doctor_per_session_with_suppression_below_five(schedule):
    r = result(schedule.alice, "contacts-per-doctor", granularity="global", **MARCH_APRIL)
    doctors = by_label(table(r, "doctors"))
    # An: S1 (4 done), S4 (2), S5 (4) = 10 contacts in 3 sessions = 3.33.
    assert (doctors["An Arts"]["sessions"], doctors["An Arts"]["done"]) == (3, 10)
    assert doctors["An Arts"]["per_session"] == 3.33
    # Bert: 1 contact (S2) < 5: suppressed.
    assert doctors["Bert Bos"]["done"] is None
    assert doctors["Bert Bos"]["per_session"] is None
    assert doctors["Bert Bos"]["suppressed"] is True
    assert "Bea Baert" not in doctors  # organiser B's doctor
    assert any("minder dan 5" in note for note in r.notes)
    # All doctors: 11 contacts in 4 sessions = 2.75.
    assert r.headline == (2.75, "ratio")
    comparison = by_label(table(r, "comparison"))
    # A: 7 contacts / 3 doctor sessions = 2.333; A2: 4 / 1 = 4.0; median (2.333 + 4.0) / 2 = 3.17.
    assert comparison["Mediaan van 2 bureaus"]["per_session"] == 3.17
    assert comparison["Je selectie (2 bureaus)"]["per_session"] == 2.75


def test_contacts_per_doctor_per_month_suppress_small_months(schedule):
    r = result(schedule.alice, "contacts-per-doctor", granularity="month", **MARCH_APRIL)
    months = by_label(table(r, "periods"))
    # March: S1 (4) + S2 (1) + S5 (4) = 9 contacts in 3 sessions = 3.0; April: S4, 2 < 5.
    assert (months["maart 2025"]["done"], months["maart 2025"]["per_session"]) == (9, 3.0)
    assert months["april 2025"]["per_session"] is None
    assert months["april 2025"]["suppressed"] is True


def test_contacts_of_one_doctor(schedule):
    r = result(schedule.alice, "contacts-per-doctor", doctor=schedule.an.pk, granularity="month",
               **MARCH_APRIL)  # fmt: skip
    assert list(by_label(table(r, "doctors"))) == ["An Arts"]
    months = by_label(table(r, "periods"))
    # March: S1 4 + S5 4 = 8 in 2 sessions = 4.0; April: S4 2 < 5: suppressed.
    assert months["maart 2025"]["per_session"] == 4.0
    assert months["april 2025"]["per_session"] is None
    assert "comparison" not in [t.key for t in r.tables]


def test_an_unknown_doctor_is_a_form_error(schedule):
    parsed = parse(schedule.alice, "contacts-per-doctor", doctor=schedule.bea.pk, **MARCH_APRIL)
    assert parsed.filter is None
    assert "doctor" in parsed.errors


# --- 9. Consult kinds ----------------------------------------------------------------------------


def test_consult_kinds_per_part_of_day(schedule):
    a = _bureau(schedule, "bureau_a")
    r = result(schedule.alice, "consult-kinds", bureau=a, granularity="part_of_day", **MARCH_APRIL)
    rows = by_label(table(r, "consult_kinds"))
    # Morning: S1 k1 regular, k2 duo, k5 combined, k6 squeezed-in; S4 k7 k8 regular.
    morning = rows["voormiddag"]
    assert (morning["done_regular"], morning["done_duo"], morning["done_combined"]) == (3, 1, 1)
    assert (morning["done_squeezed_in"], morning["done_extra"], morning["done"]) == (1, 0, 6)
    # Afternoon: S2 k1 extra. Evening: S3 k1 k4 regular.
    assert (rows["namiddag"]["done_extra"], rows["namiddag"]["done"]) == (1, 1)
    assert (rows["avond"]["done_regular"], rows["avond"]["done"]) == (2, 2)
    total = rows["Totaal"]
    assert (total["done_regular"], total["done_duo"], total["done_squeezed_in"]) == (5, 1, 1)
    assert (total["done_combined"], total["done_extra"], total["done"]) == (1, 1, 9)
    # Duo + squeezed-in + combined + extra = 4.
    assert r.headline == (4, "count")


def test_consult_kinds_of_nurses_only(schedule):
    a = _bureau(schedule, "bureau_a")
    r = result(schedule.alice, "consult-kinds", bureau=a, kind="nurse", granularity="global",
               **MARCH_APRIL)  # fmt: skip
    (row,) = table(r, "consult_kinds").rows
    assert (row["done_regular"], row["done"]) == (2, 2)


# --- The overview's tiles ------------------------------------------------------------------------


def test_the_tiles_headlines_equal_each_questions_total(schedule):
    parsed = parse(schedule.alice, "sessions", **MARCH_APRIL)
    figures = selectors.headlines(parsed.filter)
    for slug in ("sessions", "postponements", "registrations", "enrolments", "consult-kinds",
                 "contacts-per-doctor", "hour-distribution", "allocated-hours"):  # fmt: skip
        assert figures[slug] == result(schedule.alice, slug, **MARCH_APRIL).headline, slug
    # Next year: 2026 doctor hours of A and A2 = 400 + 200.
    assert figures["next-year"] == (600.0, "hours")


# --- Filters -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"start": "2025-05-01", "end": "2025-04-01"}, "end", "op of na de begindatum"),
        ({"start": "2010-01-01", "end": "2025-01-01"}, "end", "hoogstens 10 jaar"),
        ({"start": "2025-02-30", "end": "2025-04-01"}, "start", "bestaande datum"),
        ({"start": "", "end": "2025-04-01"}, "start", "begindatum"),
        ({"start": "1990-01-01", "end": "1990-02-01"}, "start", "tussen 2000 en 2100"),
    ],
)
def test_bad_dates_give_clear_dutch_errors(schedule, params, field, message):
    parsed = parse(schedule.alice, "sessions", period="custom", **params)
    assert parsed.filter is None
    assert message in parsed.errors[field][0]["message"]


def test_a_day_granularity_is_limited_to_a_year(schedule):
    parsed = parse(schedule.alice, "sessions", granularity="day", period="custom",
                   start="2024-01-01", end="2025-06-30")  # fmt: skip
    assert "hoogstens een jaar" in parsed.errors["granularity"][0]["message"]


def test_a_week_granularity_is_limited_to_two_years(schedule):
    parsed = parse(schedule.alice, "sessions", granularity="week", period="custom",
                   start="2022-01-01", end="2025-06-30")  # fmt: skip
    assert "hoogstens twee jaar" in parsed.errors["granularity"][0]["message"]
    fine = parse(schedule.alice, "sessions", granularity="week", period="custom",
                 start="2024-01-01", end="2025-06-30")  # fmt: skip
    assert fine.filter is not None


def test_a_period_with_partial_months_adds_day_and_month_facts(schedule):
    """1 March to 15 April: March from the month table, 1-15 April from the day table; the sums
    equal those of the day table alone."""
    from dashboards.models import BureauDayFact
    from dashboards.selectors import _facts

    parsed = parse(schedule.alice, "sessions", granularity="global", period="custom",
                   start="2025-03-01", end="2025-04-15")  # fmt: skip
    f = parsed.filter
    mixed = _facts(f)
    assert [qs.model.__name__ for qs in mixed.parts] == ["BureauMonthFact", "BureauDayFact"]
    from django.db.models import Sum

    expected = BureauDayFact.objects.filter(
        bureau_id__in=f.bureau_ids, date__range=(f.start, f.end)
    ).aggregate(done=Sum("done"), sessions=Sum("sessions"))
    assert mixed.aggregate(done=Sum("done"), sessions=Sum("sessions")) == expected


def test_per_week_groups_day_facts_but_totals_read_the_month_table(schedule):
    """Weeks cross months, so the buckets come from the day table; totals, groupings that need
    no date (per bureau, per doctor, the comparison) still read whole months from the month
    table, and both give the same sums."""
    from django.db.models import Sum

    from dashboards.selectors import _facts

    f = parse(schedule.alice, "sessions", granularity="week", period="custom",
              start="2025-02-01", end="2025-04-30").filter  # fmt: skip
    facts_set = _facts(f)
    assert [qs.model.__name__ for qs in facts_set.parts] == ["BureauMonthFact"]
    assert [qs.model.__name__ for qs in facts_set.day_parts] == ["BureauDayFact"]
    sums = {"done": Sum("done")}
    per_bureau = {r["bureau_id"]: r["done"] for r in facts_set.rows(["bureau_id"], sums)}
    per_bureau_by_day = {
        r["bureau_id"]: r["done"] for r in facts_set.rows(["bureau_id"], sums, by_date=True)
    }
    assert per_bureau == per_bureau_by_day
    a = _bureau(schedule, "bureau_a")
    r = result(schedule.alice, "sessions", bureau=a, granularity="week", period="custom",
               start="2025-02-01", end="2025-04-30")  # fmt: skip
    weeks = table(r, "sessions")
    # Done at bureau A: S1 4, S2 1, S3 2, S4 2.
    assert sum(row["done"] for row in weeks.rows) == weeks.total["done"] == 9


def test_a_bureau_of_another_organiser_is_not_found(schedule):
    from django.http import Http404

    with pytest.raises(Http404):
        parse(schedule.bob, "sessions", bureau=_bureau(schedule, "bureau_b"))
    with pytest.raises(Http404):
        parse(schedule.bob, "sessions", bureau=_bureau(schedule, "bureau_a2"))
    with pytest.raises(Http404):
        parse(schedule.charlie, "sessions", organiser=schedule.organisations["organiser_a"].pk)
    with pytest.raises(Http404):
        parse(schedule.alice, "sessions", bureau="abc")


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        ("this_month", "2026-02-01", "2026-02-28"),
        ("last_3_months", "2025-12-01", "2026-02-28"),
        ("this_year", "2026-01-01", "2026-12-31"),
        ("last_year", "2025-01-01", "2025-12-31"),
    ],
)
def test_preset_periods_are_whole_calendar_months_and_years(period, start, end):
    from datetime import date

    from dashboards.filters import period_bounds

    assert period_bounds(period, date(2026, 2, 14)) == (
        date.fromisoformat(start),
        date.fromisoformat(end),
    )


def test_the_doctor_list_follows_the_facts(schedule):
    """The doctor filter's list is cached until the facts change: a new doctor's session shows up
    after the refresh that counts it."""
    from datetime import date, time

    from accounts.models import Role
    from dashboards import facts
    from tests.dashboards.conftest import _session
    from tests.factories import member

    a = schedule.organisations["bureau_a"]
    before = selectors.doctors_of([a.pk])
    assert [name for _pk, name in before] == ["An Arts", "Bert Bos"]
    assert selectors.doctors_of([a.pk]) == before  # from the cache
    cas = member(Role.PRACTITIONER, a, first_name="Cas", last_name="Claes")
    _session(a, cas, "doctor", date(2025, 5, 5), time(9), time(10), 20)
    facts.refresh_dirty()
    assert [name for _pk, name in selectors.doctors_of([a.pk])] == [
        "An Arts",
        "Bert Bos",
        "Cas Claes",
    ]


def test_weekday_minutes_from_month_facts_equal_those_of_the_days(schedule):
    """Question 2 reads whole months' weekday columns and groups only the edge days by date."""
    from django.db.models import Sum
    from django.db.models.functions import ExtractIsoWeekDay

    from dashboards.models import BureauDayFact
    from dashboards.selectors import _facts, _weekday_minutes

    f = parse(schedule.alice, "hour-distribution", granularity="global", period="custom",
              start="2025-02-15", end="2025-04-30").filter  # fmt: skip
    facts_set = _facts(f)
    assert [qs.model.__name__ for qs in facts_set.parts] == ["BureauDayFact", "BureauMonthFact"]
    expected = dict.fromkeys(range(1, 8), 0)
    for row in (
        BureauDayFact.objects.filter(bureau_id__in=f.bureau_ids, date__range=(f.start, f.end))
        .annotate(weekday=ExtractIsoWeekDay("date"))
        .values("weekday")
        .annotate(minutes=Sum("session_minutes"))
    ):
        expected[row["weekday"]] += row["minutes"]
    # S1 and S4 on Mondays (120 + 60 min), S5 at A2 on Tuesday 4 March (180 min), S2 and S3 on
    # Wednesday 5 March (60 + 60 min).
    assert _weekday_minutes(facts_set) == expected == {1: 180, 2: 180, 3: 120, 4: 0, 5: 0,
                                                       6: 0, 7: 0}  # fmt: skip
