# ruff: noqa: S311, SIM905 - synthetic data: reproducible pseudo-random draws, not secrets
"""Synthetic consultation-bureau activity for demos and benchmarks.

`generate(...)` (and `manage.py generate_bureau_activity`) produces realistic activity: bureau
organisers that run several bureaus, doctors and nurses (accounts) of whom the doctors work at
several bureaus of their organiser, a weekly schedule of doctor and nurse sessions per bureau
(morning, afternoon, evening), children born in the bureau's area who come for the contact
moments of the basic programme, and their appointments with their outcomes.

What makes it realistic:
- sessions follow weekly templates that are re-planned every few years (doctors change), skip
  public holidays, and thin out in the summer holidays and around Christmas (the dips);
- each child books the contact moments of the basic programme (doctor and nurse), often at the
  previous visit; a full schedule pushes a visit later or squeezes the child in between slots;
- outcomes: no-shows (4-8 % per bureau), cancellations, postponements via the portal or the
  phone line (3-6 %, the portal's share growing over the years), each postponement followed by a
  new appointment with `moved_from` set; twins and siblings come in duo consults; some combined
  and extra consults;
- allocated hours per bureau per year, next year included.

Everything generated is marked `is_demo=True` and recognisable (`MARK`), so `replace`/`--replace`
removes exactly that. The generator is deterministic for a seed (same seed, options and end date:
the same rows, ids apart); every bureau draws its schedule and children from its own random
stream, keyed by its code.

On PostgreSQL rows are loaded with COPY (in batches, from a writer thread, so generating and
loading overlap), with ids taken from the sequences up front; a large load drops the secondary
indexes, foreign keys and the session-time trigger of the three big tables first and rebuilds
them afterwards, all in one transaction (as pg_restore does). Recreating the unique indexes
checks the partial unique constraints over the whole table. On SQLite it inserts with
executemany (small volumes only).
"""

from __future__ import annotations

import bisect
import io
import queue
import random
import threading
import time as clock
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection, transaction

from registration.workdays import belgian_public_holidays, easter_sunday

MARK = "Synthetische activiteit (gegenereerd)"
EMAIL_DOMAIN = "gegenereerd.example.org"
CODE_PREFIX = "gen-"
HORIZON_DAYS = 91  # sessions are planned (and partly booked) three months past the end date
FAST_LOAD_FROM = 250_000  # appointments from which PostgreSQL drops and rebuilds indexes
BATCH_APPOINTMENTS = 100_000

# The clinic consults of the basic programme (parent_portal/data/kg_contact_schedule.csv): code,
# age in days, practitioner kind.
MOMENTS: tuple[tuple[str, int, str], ...] = (
    ("4 weeks", 28, "nurse"),
    ("8 weeks", 56, "doctor"),
    ("12 weeks", 84, "nurse"),
    ("16 weeks", 112, "doctor"),
    ("6 months", 183, "nurse"),
    ("9 months", 274, "doctor"),
    ("12 months", 365, "doctor"),
    ("15 months", 456, "nurse"),
    ("24 months", 730, "doctor"),
    ("30 months", 913, "nurse"),
)
LAST_MOMENT_DAYS = MOMENTS[-1][1]
BIRTHS_PER_YEAR = 325  # median births per bureau and year (~3,300 appointments a year)
TARGET_OCCUPANCY = 0.84

# part of day -> (start times in minutes, session lengths in minutes, weight doctor, weight nurse)
PARTS = {
    "morning": ((510, 540, 540, 570), (150, 180, 180, 210), 0.42, 0.5),
    "afternoon": ((780, 810, 810, 840), (120, 150, 180), 0.43, 0.35),
    "evening": ((1020, 1050, 1080), (90, 120, 120), 0.15, 0.15),
}

BOYS = tuple(
    word.replace("_", " ")
    for word in (
        "Noah Arthur Louis Liam Lucas Jules Adam Victor Finn Mats Leon Elias Gabriel Vic "
        "Nand Mohamed Lars Seppe Warre Lowie Stan Rayan Milan Wout Kobe Emiel Felix Oscar "
        "Bas Ilias"
    ).split()
)
GIRLS = tuple(
    word.replace("_", " ")
    for word in (
        "Olivia Emma Louise Mila Alice Lina Ella Nora Juliette Marie Noor Lena Elena "
        "Hanne Fien Amélie Lotte Lisa Sara Fleur Jana Anna Yasmine Ines Roos Febe Liv Zoë "
        "Camille Lore"
    ).split()
)
SURNAMES = tuple(
    word.replace("_", " ")
    for word in (
        "Peeters Janssens Maes Jacobs Mertens Willems Claes Goossens Wouters De_Smet "
        "Dubois Hermans Aerts Lambert Martens Dumont Pauwels Leclercq Van_Damme Smets "
        "Vermeulen De_Clercq Michiels Cools Verhoeven Bogaert Desmet Declercq El_Amrani "
        "Yilmaz Diallo Nowak Van_den_Broeck Wuyts Hendrickx Coppens Lemmens Stevens "
        "Segers Verbruggen"
    ).split()
)
PLACES = tuple(
    word.replace("_", " ")
    for word in (
        "Aalst Aarschot Antwerpen-Noord Antwerpen-Zuid Berchem Beveren Bilzen "
        "Blankenberge Boom Brasschaat Brugge-Centrum Sint-Kruis Deinze Dendermonde Diest "
        "Dilbeek Eeklo Geel Genk Geraardsbergen Gent-Zuid Sint-Amandsberg Halle Hasselt "
        "Herentals Heist Ieper Izegem Kapellen Kortrijk Leuven Lier Lokeren Lommel "
        "Maaseik Mechelen Menen Mol Ninove Oostende Oudenaarde Poperinge Roeselare Ronse "
        "Schoten Sint-Niklaas Sint-Truiden Temse Tielt Tienen Tongeren Torhout Turnhout "
        "Vilvoorde Waregem Wetteren Zaventem Zele Zottegem Zwevegem"
    ).split()
)
REGIONS = tuple(
    word.replace("_", " ")
    for word in (
        "Waasland Kempen Westhoek Meetjesland Pajottenland Hageland Limburg-Noord "
        "Leiestreek Vlaamse-Ardennen Noorderkempen Voorkempen Haspengouw Dender "
        "Rupelstreek Kust Brugse-Ommeland"
    ).split()
)


@dataclass
class Result:
    organisers: int = 0
    bureaus: int = 0
    practitioners: int = 0
    children: int = 0
    sessions: int = 0
    appointments: int = 0
    allocated_hours: int = 0
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)

    def summary(self) -> str:
        return (
            f"{self.organisers} organisers, {self.bureaus} bureaus, {self.practitioners} "
            f"practitioners, {self.children:,} children, {self.sessions:,} sessions, "
            f"{self.appointments:,} appointments, {self.allocated_hours} allocations "
            f"in {self.seconds:.1f} s"
        )


# --- calendar ----------------------------------------------------------------------------------


def skip_chance(day: date, easter_day: date) -> float:
    """How likely a planned session does not take place: school holidays, leave, illness."""
    m, d = day.month, day.day
    if m == 12 and d >= 24 or m == 1 and d <= 2:
        return 0.72
    if m == 7 and d >= 14 or m == 8 and d <= 16:
        return 0.5
    if m in (7, 8):
        return 0.3
    if abs((day - easter_day).days) <= 8:
        return 0.14
    if m == 11 and d <= 6 or m == 2 and 10 <= d <= 24:
        return 0.09
    if m == 12:
        return 0.06
    return 0.03


def brussels_offset_hours(day: date) -> int:
    """UTC offset of Europe/Brussels on that day (the switch happens at night)."""
    start = _last_sunday(day.year, 3)
    end = _last_sunday(day.year, 10)
    return 2 if start <= day < end else 1


def _last_sunday(year: int, month: int) -> date:
    last = date(year, month, 31)
    return last - timedelta(days=(last.weekday() + 1) % 7)


# --- plan -----------------------------------------------------------------------------------


@dataclass
class Template:
    kind: str
    weekday: int
    part: str
    start: int  # minutes after midnight
    end: int
    slot_minutes: int
    capacity: int
    biweekly: int  # 0 = every week, 1/2 = odd/even ISO weeks
    practitioner: int  # index into the practitioner list


@dataclass
class BureauPlan:
    org_id: int
    code: str
    births_per_year: float
    trend: float
    no_show: float
    cancel: float
    postpone: float
    portal_from: float
    portal_to: float
    eras: list[list[Template]]


@dataclass
class Practitioner:
    kind: str
    organiser_index: int
    number: int
    first_name: str
    last_name: str
    busy: set = field(default_factory=set)  # (era, weekday, part)
    bureaus: set = field(default_factory=set)
    user_id: int | None = None


class Ids:
    """Pre-assigned ids for one table: taken from the sequence (PostgreSQL) or max(id) + 1."""

    def __init__(self, table: str) -> None:
        self.table = table
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"SELECT nextval(pg_get_serial_sequence('{table}', 'id'))"  # noqa: S608
                )
            else:
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")  # noqa: S608
            self.first = self.next = cursor.fetchone()[0]

    def take(self) -> int:
        value = self.next
        self.next += 1
        return value

    def finish(self) -> None:
        if connection.vendor != "postgresql" or self.next == self.first:
            return
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{self.table}', 'id'), "  # noqa: S608
                "GREATEST(%s, (SELECT COALESCE(MAX(id), 1) FROM " + self.table + ")))",
                [self.next - 1],
            )


# --- row sinks --------------------------------------------------------------------------------

CHILD_COLUMNS = (
    "id, first_name, last_name, birth_date, sex, gestational_age_weeks, gestational_age_days, "
    "organisation_id, registration_date, enrolment_date, phone, email, daycare_or_school, "
    "general_practitioner, portal_closed_at, is_demo, created_at"
)
SESSION_COLUMNS = (
    "id, bureau_id, practitioner_id, practitioner_kind, date, part_of_day, start_time, "
    "end_time, slot_minutes, capacity, note, created_at, created_by_id, is_demo"
)
APPOINTMENT_COLUMNS = (
    "id, session_id, child_id, date, slot_time, consult_kind, duo_partner_id, status, "
    "contact_moment, covers_topics, covers_vaccinations, covers_measurements, outcome_note, "
    "moved_from_id, booked_at, booked_by_id, status_changed_at, status_changed_by_id, is_demo"
)
TABLES = {
    "parent_portal_child": CHILD_COLUMNS,
    "parent_portal_session": SESSION_COLUMNS,
    "parent_portal_appointment": APPOINTMENT_COLUMNS,
}

_DATES: dict[int, str] = {}
_OFFSETS: dict[int, int] = {}


def ds(ordinal: int) -> str:
    text = _DATES.get(ordinal)
    if text is None:
        text = _DATES[ordinal] = date.fromordinal(ordinal).isoformat()
    return text


NULL = "\\N"
HM = [f"{m // 60:02d}:{m % 60:02d}" for m in range(24 * 60)]


def utc_text(ordinal: int, minute: int) -> str:
    """A local (Brussels) day and minute, between 03:00 and 21:59, as a UTC timestamp."""
    offset = _OFFSETS.get(ordinal)
    if offset is None:
        offset = _OFFSETS[ordinal] = brussels_offset_hours(date.fromordinal(ordinal))
    return f"{ds(ordinal)} {HM[minute - offset * 60]}:00+00"


class Sink:
    """Receives the generated rows (tuples in column order; days as ordinals, times as minutes)."""

    def child(self, row: tuple) -> None: ...
    def session(self, row: tuple) -> None: ...
    def appointment(self, row: tuple) -> None: ...
    def flush(self, final: bool = False) -> None: ...


class PostgresSink(Sink):
    """Formats rows as CSV and COPYs them from a writer thread while the generator goes on."""

    def __init__(self) -> None:
        self.children: list[str] = []
        self.sessions: list[str] = []
        self.appointments: list[str] = []
        self.queue: queue.Queue = queue.Queue(maxsize=2)
        self.raw = connection.connection
        self.error: BaseException | None = None
        self.copy_seconds = 0.0
        self.thread = threading.Thread(target=self._writer, name="copy-writer", daemon=True)
        self.thread.start()

    def _writer(self) -> None:
        cursor = self.raw.cursor()
        while True:
            item = self.queue.get()
            if item is None:
                return
            if self.error is not None:
                continue
            try:
                start = clock.perf_counter()
                for table, lines in item:
                    if lines:
                        cursor.copy_expert(
                            f"COPY {table} ({TABLES[table]}) FROM STDIN "
                            "WITH (FORMAT csv, NULL '\\N')",
                            io.StringIO("".join(lines)),
                            size=1 << 20,
                        )
                self.copy_seconds += clock.perf_counter() - start
            except BaseException as error:  # noqa: BLE001 - reported by flush()
                self.error = error

    def child(self, r: tuple) -> None:
        self.children.append(
            f"{r[0]},{r[1]},{r[2]},{ds(r[3])},{r[4]},{NULL if r[5] is None else r[5]},0,"
            f"{r[6]},{ds(r[7])},{ds(r[8]) if r[8] else NULL},,{r[9]},,,{NULL},t,"
            f"{utc_text(r[7], 600)}\n"
        )

    def session(self, r: tuple) -> None:
        self.sessions.append(
            f"{r[0]},{r[1]},{r[2]},{r[3]},{ds(r[4])},{r[5]},{HM[r[6]]},{HM[r[7]]},{r[8]},"
            f"{r[9]},{MARK},{utc_text(r[4] - 42, 600)},{NULL},t\n"
        )

    def appointment(self, r: tuple) -> None:
        # id, session, child, day, slot, kind, partner, status, moment, moved_from,
        # booked day, booked minute, changed day, changed minute
        self.appointments.append(
            f"{r[0]},{r[1]},{r[2]},{ds(r[3])},{HM[r[4]]},{r[5]},"
            f"{NULL if r[6] is None else r[6]},{r[7]},{r[8]},,,,,"
            f"{NULL if r[9] is None else r[9]},{utc_text(r[10], r[11])},{NULL},"
            f"{utc_text(r[12], r[13])},{NULL},t\n"
        )
        if len(self.appointments) >= BATCH_APPOINTMENTS:
            self.flush()

    def flush(self, final: bool = False) -> None:
        item = [
            ("parent_portal_child", self.children),
            ("parent_portal_session", self.sessions),
            ("parent_portal_appointment", self.appointments),
        ]
        self.children, self.sessions, self.appointments = [], [], []
        self.queue.put(item)
        if final:
            self.queue.put(None)
            self.thread.join()
        if self.error is not None:
            if not final:
                self.queue.put(None)
                self.thread.join()
            raise self.error


class SqliteSink(Sink):
    """Plain executemany on SQLite (demo and tests: small volumes)."""

    def __init__(self) -> None:
        self.children: list[tuple] = []
        self.sessions: list[tuple] = []
        self.appointments: list[tuple] = []

    def child(self, r: tuple) -> None:
        self.children.append(
            (
                r[0], r[1], r[2], ds(r[3]), r[4], r[5], 0, r[6], ds(r[7]),
                ds(r[8]) if r[8] else None, "", r[9], "", "", None, True,
                utc_text(r[7], 600)[:-3],
            )
        )  # fmt: skip

    def session(self, r: tuple) -> None:
        self.sessions.append(
            (
                r[0], r[1], r[2], r[3], ds(r[4]), r[5], HM[r[6]] + ":00", HM[r[7]] + ":00",
                r[8], r[9], MARK, utc_text(r[4] - 42, 600)[:-3], None, True,
            )
        )  # fmt: skip

    def appointment(self, r: tuple) -> None:
        self.appointments.append(
            (
                r[0], r[1], r[2], ds(r[3]), HM[r[4]] + ":00", r[5], r[6], r[7], r[8],
                "", "", "", "", r[9], utc_text(r[10], r[11])[:-3], None,
                utc_text(r[12], r[13])[:-3], None, True,
            )
        )  # fmt: skip

    def flush(self, final: bool = False) -> None:
        with connection.cursor() as cursor:
            for table, rows in (
                ("parent_portal_child", self.children),
                ("parent_portal_session", self.sessions),
                ("parent_portal_appointment", self.appointments),
            ):
                if rows:
                    marks = ", ".join(["%s"] * len(rows[0]))
                    cursor.executemany(
                        f"INSERT INTO {table} ({TABLES[table]}) VALUES ({marks})",  # noqa: S608
                        rows,
                    )
        self.children, self.sessions, self.appointments = [], [], []


# --- the simulation of one bureau --------------------------------------------------------------


class BureauSimulation:
    """Sessions, children and appointments of one bureau, written to a sink as they are made."""

    def __init__(
        self,
        plan: BureauPlan,
        practitioners: list[Practitioner],
        rng: random.Random,
        start: date,
        end: date,
        era_starts: list[date],
        ids: dict[str, Ids],
        sink: Sink,
    ) -> None:
        self.plan = plan
        self.practitioners = practitioners
        self.rng = rng
        self.start = start.toordinal()
        self.end = end.toordinal()  # "today": sessions before it have their outcome
        self.horizon = self.end + HORIZON_DAYS
        self.era_starts = [d.toordinal() for d in era_starts]
        self.ids = ids
        self.sink = sink
        self.appointments = 0
        self.children = 0
        self.sessions_made = 0
        # Per kind: session dates, ids, start minute, slot minutes, free slot indices.
        self.s_date: dict[str, list[int]] = {"doctor": [], "nurse": []}
        self.s_id: dict[str, list[int]] = {"doctor": [], "nurse": []}
        self.s_start: dict[str, list[int]] = {"doctor": [], "nurse": []}
        self.s_slot: dict[str, list[int]] = {"doctor": [], "nurse": []}
        self.s_free: dict[str, list[list[int]]] = {"doctor": [], "nurse": []}
        self.s_cap: dict[str, list[int]] = {"doctor": [], "nurse": []}

    # sessions ---------------------------------------------------------------------------------

    def make_sessions(self) -> None:
        rng, plan = self.rng, self.plan
        first = date.fromordinal(self.start)
        monday = first - timedelta(days=first.weekday())
        last = date.fromordinal(self.horizon)
        holidays: set[date] = set()
        easters: dict[int, date] = {}
        for year in range(first.year, last.year + 1):
            holidays |= belgian_public_holidays(year)
            easters[year] = easter_sunday(year)
        rows = []
        era = 0
        while monday <= last:
            m_ord = monday.toordinal()
            while era + 1 < len(self.era_starts) and m_ord >= self.era_starts[era + 1]:
                era += 1
            week = monday.isocalendar().week
            for t in plan.eras[era]:
                if t.biweekly and week % 2 != t.biweekly - 1:
                    continue
                day = m_ord + t.weekday
                if day < self.start or day > self.horizon:
                    continue
                d = date.fromordinal(day)
                if d in holidays or rng.random() < skip_chance(d, easters[d.year]):
                    continue
                rows.append((day, t.start, t))
            monday += timedelta(days=7)
        rows.sort(key=lambda r: (r[0], r[1], r[2].kind))
        ids = self.ids["parent_portal_session"]
        for day, start, t in rows:
            sid = ids.take()
            user_id = self.practitioners[t.practitioner].user_id
            self.sink.session(
                (
                    sid,
                    plan.org_id,
                    user_id,
                    t.kind,
                    day,
                    t.part,
                    start,
                    t.end,
                    t.slot_minutes,
                    t.capacity,
                )
            )
            self.s_date[t.kind].append(day)
            self.s_id[t.kind].append(sid)
            self.s_start[t.kind].append(start)
            self.s_slot[t.kind].append(t.slot_minutes)
            self.s_cap[t.kind].append(t.capacity)
            self.s_free[t.kind].append(None)  # filled on first use
        self.sessions_made = len(rows)

    # children ---------------------------------------------------------------------------------

    def make_children(self) -> None:
        rng, plan = self.rng, self.plan
        first = self.start - LAST_MOMENT_DAYS - 30
        span_years = (self.horizon - first) / 365.25
        mid = (self.start + self.end) / 2
        births: list[int] = []
        # Births per year follow the bureau's trend: rate(t) = base * (1 + trend) ** years.
        for year_index in range(int(span_years) + 1):
            y0 = first + int(year_index * 365.25)
            y1 = min(first + int((year_index + 1) * 365.25), self.horizon)
            if y1 <= y0:
                continue
            years_from_mid = (y0 - mid) / 365.25
            rate = plan.births_per_year * (1 + plan.trend) ** years_from_mid
            count = int(rate * (y1 - y0) / 365.25 + rng.random())
            births.extend(y0 + int(rng.random() * (y1 - y0)) for _ in range(count))
        births.sort()
        self.child_ids: list[int] = []  # in birth order, for siblings
        self.child_births: list[int] = []
        ids = self.ids["parent_portal_child"]
        for birth in births:
            twins = rng.random() < 0.016
            surname = rng.choice(SURNAMES)
            child = self.new_child(birth, surname, ids)
            if twins:
                twin = self.new_child(birth, surname, ids)
                child["twin"] = twin
                twin["twin"] = child
                twin["start_age"] = child["start_age"]
                twin["registration"] = child["registration"]
                self.follow(child, twin)
                self.follow(twin, None)
                self.emit_child(child)
                self.emit_child(twin)
            else:
                self.follow(child, None)
                self.emit_child(child)

    def new_child(self, birth: int, surname: str, ids: Ids) -> dict:
        rng = self.rng
        moved_in = rng.random() < 0.07
        start_age = int(60 + rng.random() * 640) if moved_in else 0
        sex = "male" if rng.random() < 0.512 else "female"
        return {
            "id": ids.take(),
            "birth": birth,
            "sex": sex,
            "first": rng.choice(BOYS if sex == "male" else GIRLS),
            "last": surname,
            "weeks": 30 + int(rng.random() * 7) if rng.random() < 0.07 else None,
            "start_age": start_age,
            "registration": birth + (start_age or int(rng.random() * 9)),
            "first_done": 0,
            "appointments": 0,
            "sessions": set(),
            "twin": None,
            "covered": set(),
        }

    def emit_child(self, c: dict) -> None:
        if c["appointments"] == 0 and (c["birth"] < self.start or c["registration"] > self.end):
            return  # no trace in the period
        self.children += 1
        self.child_ids.append(c["id"])
        self.child_births.append(c["birth"])
        enrolment = c["first_done"] if c["first_done"] >= c["registration"] else 0
        self.sink.child(
            (
                c["id"],
                c["first"],
                c["last"],
                c["birth"],
                c["sex"],
                c["weeks"],
                self.plan.org_id,
                c["registration"],
                enrolment,
                f"ouders.{c['id']}@{EMAIL_DOMAIN}",
            )
        )

    def follow(self, c: dict, twin: dict | None) -> None:
        """Book the child's contact moments one after another (a twin comes along in a duo)."""
        rng = self.rng
        birth = c["birth"]
        contacts = []
        participation = 0.975
        for code, age, kind in MOMENTS:
            participation -= 0.008
            if age < c["start_age"] + 7 * bool(c["start_age"]) or rng.random() > participation:
                continue
            if code in c["covered"]:
                continue  # seen with the twin in a duo consult
            consult = "combined" if rng.random() < 0.05 else "regular"
            contacts.append((birth + age - 3 + int(rng.random() * 12), kind, code, consult))
        if rng.random() < 0.14:  # extra consults: a worry about growth, sleep, development
            for _ in range(1 + (rng.random() < 0.3)):
                age = int(20 + rng.random() * 880)
                if age >= c["start_age"] + 7 * bool(c["start_age"]):
                    kind = "doctor" if rng.random() < 0.6 else "nurse"
                    contacts.append((birth + age, kind, "", "extra"))
        contacts.sort()
        previous = None  # (day, minute) of the last executed visit: the next is often booked then
        for desired, kind, code, consult in contacts:
            if desired > self.horizon:
                break
            if desired < self.start:
                previous = (desired, 600)
                continue
            partner = None
            if twin is not None and consult == "regular" and rng.random() < 0.8:
                consult, partner = "duo", twin
                twin["covered"].add(code)
            elif consult == "regular" and rng.random() < 0.012:
                partner = self.sibling(birth)
                if partner is not None:
                    consult = "duo"
            outcome = self.book(c, desired, kind, code, consult, partner, previous, None, 0, 0)
            if outcome is False:
                break  # not booked yet on the end date: nothing later is either
            if outcome is not None:
                previous = outcome

    def sibling(self, birth: int) -> int | None:
        """An older child of the same bureau, born one to five years earlier."""
        hi = bisect.bisect_left(self.child_births, birth - 365)
        lo = bisect.bisect_left(self.child_births, birth - 5 * 365)
        if hi <= lo:
            return None
        return self.child_ids[lo + int(self.rng.random() * (hi - lo))]

    def find_session(self, c: dict, kind: str, day: int, latest: int) -> int | None:
        dates = self.s_date[kind]
        free = self.s_free[kind]
        cap = self.s_cap[kind]
        sid = self.s_id[kind]
        i = bisect.bisect_left(dates, day)
        n = len(dates)
        while i < n and dates[i] <= latest:
            f = free[i]
            if (f is None or f) and sid[i] not in c["sessions"]:
                if f is None:
                    free[i] = list(range(cap[i]))
                return i
            i += 1
        return None

    def book(
        self,
        c: dict,
        desired: int,
        kind: str,
        code: str,
        consult: str,
        partner: dict | int | None,
        previous: tuple[int, int] | None,
        moved_from: tuple[int, int, int] | None,
        depth: int,
        floor: int,
    ) -> tuple[int, int] | None | bool:
        """One appointment and what became of it; returns the (day, minute) it was executed, None
        when it was not, False when it was not booked yet on the end date."""
        rng, plan = self.rng, self.plan
        window = 21 if desired - c["birth"] < 365 else 42
        i = self.find_session(c, kind, desired - 2, desired + window)
        squeezed = False
        if i is None or rng.random() < 0.012:
            # Fully booked (or a worried parent): squeezed in between the slots, or not seen. A
            # move is always rebooked.
            if i is None and moved_from is None and rng.random() < 0.45:
                return None
            dates = self.s_date[kind]
            j = bisect.bisect_left(dates, desired)
            while j < len(dates) and self.s_id[kind][j] in c["sessions"]:
                j += 1
            latest = desired + (window if moved_from is None else 120)
            if j >= len(dates) or dates[j] > latest:
                return None
            i, squeezed = j, True
            consult = "squeezed_in"
            partner = None
        day = self.s_date[kind][i]
        session_id = self.s_id[kind][i]
        slot_minutes = self.s_slot[kind][i]
        start = self.s_start[kind][i]
        if squeezed:
            slot_index = int(rng.random() * self.s_cap[kind][i])
        else:
            free = self.s_free[kind][i]
            k = int(rng.random() * len(free))
            free[k], free[-1] = free[-1], free[k]
            slot_index = free.pop()
        slot = start + slot_index * slot_minutes
        # When it was booked: at the previous visit, or some days to weeks ahead by phone/portal.
        if moved_from is not None:
            booked_day, booked_minute = moved_from[1], moved_from[2]
        elif previous is not None and previous[0] < day and rng.random() < 0.55:
            booked_day, booked_minute = previous[0], min(previous[1] + 12, 1260)
        else:
            booked_day = day - 1 - int(rng.random() * (28 if desired - c["birth"] < 365 else 45))
            lowest = min(max(c["registration"], floor), day - 1)
            booked_day = max(booked_day, lowest)
            booked_minute = 480 + int(rng.random() * 660)
            weekday = (booked_day - 1) % 7
            if weekday >= 5 and rng.random() < 0.7:
                # The phone line is closed at the weekend: only the portal takes those bookings.
                if booked_day - (weekday - 4) >= lowest:
                    booked_day -= weekday - 4
                elif booked_day + (7 - weekday) < day:
                    booked_day += 7 - weekday
        if booked_day > self.end:
            if not squeezed:
                self.s_free[kind][i].append(slot_index)
            return False
        aid = self.ids["parent_portal_appointment"].take()
        past = day < self.end
        ns = plan.no_show
        if past:
            u = rng.random()
            if squeezed:
                u = 1.0  # squeezed in: the child is there
            if u < ns:
                status = "no_show"
            elif u < ns + plan.cancel:
                status = "cancelled"
            elif u < ns + plan.cancel + plan.postpone and depth < 3:
                years = (day - self.start) / max(self.end - self.start, 1)
                share = plan.portal_from + (plan.portal_to - plan.portal_from) * years
                status = "postponed_via_portal" if rng.random() < share else "postponed_via_phone"
            else:
                status = "done"
        else:
            status = "booked"
        # Postponements and cancellations happen some time between booking and the visit.
        if status in ("cancelled", "postponed_via_portal", "postponed_via_phone"):
            lead = max(day - booked_day, 1)
            changed_day = day - 1 - int(rng.random() * min(lead - 1, 14)) if lead > 1 else day - 1
            changed_day = max(changed_day, booked_day)
            changed_minute = 480 + int(rng.random() * 660)
            if changed_day == booked_day:
                changed_minute = max(changed_minute, booked_minute + 1)
                if changed_minute > 1290:
                    changed_minute = 1290
            if not squeezed and rng.random() < 0.7:
                self.s_free[kind][i].append(slot_index)  # the slot goes to someone else
        elif status in ("done", "no_show"):
            changed_day, changed_minute = day, min(slot + slot_minutes + 5, 1290)
        else:
            changed_day, changed_minute = booked_day, booked_minute
        if status in ("booked", "done", "no_show"):
            c["sessions"].add(session_id)
        partner_id = partner if isinstance(partner, int) or partner is None else partner["id"]
        self.sink.appointment(
            (
                aid,
                session_id,
                c["id"],
                day,
                slot,
                consult,
                partner_id,
                status,
                code,
                moved_from[0] if moved_from else None,
                booked_day,
                booked_minute,
                changed_day,
                changed_minute,
            )
        )
        self.appointments += 1
        c["appointments"] += 1
        if isinstance(partner, dict):
            partner["appointments"] += 1
        if status == "done":
            if not c["first_done"]:
                c["first_done"] = day
            if isinstance(partner, dict) and not partner["first_done"]:
                partner["first_done"] = day
            return (day, changed_minute)
        if status.startswith("postponed"):
            later = day + 3 + int(rng.random() * 18)
            return self.book(
                c,
                later,
                kind,
                code,
                consult if consult != "squeezed_in" else "regular",
                partner,
                None,
                (aid, changed_day, changed_minute),
                depth + 1,
                changed_day,
            )
        if status in ("no_show", "cancelled") and rng.random() < 0.55 and depth < 3:
            later = day + 5 + int(rng.random() * 20)
            floor = changed_day if status == "cancelled" else day
            return self.book(c, later, kind, code, consult, partner, None, None, depth + 1, floor)
        return None


# --- planning: organisers, bureaus, practitioners, weekly templates ---------------------------


def _plan_templates(
    rng: random.Random,
    births: float,
    era: int,
    organiser_index: int,
    practitioners: list[Practitioner],
    pool: dict[tuple[int, str], list[int]],
    bureau_index: int,
) -> list[Template]:
    """The weekly sessions of a bureau in one era: enough slots for its children's visits."""
    templates: list[Template] = []
    for kind in ("doctor", "nurse"):
        visits = sum(1 for _code, _age, k in MOMENTS if k == kind) * 0.93 + 0.12
        needed = births * visits * 0.97 / 52 / TARGET_OCCUPANCY / 0.88  # 0.88: weeks held
        slots = 0.0
        used: set[tuple[int, str]] = set()
        while slots < needed:
            weights = [PARTS[p][2 if kind == "doctor" else 3] for p in PARTS]
            part = rng.choices(list(PARTS), weights=weights)[0]
            weekday = int(rng.random() * 5)
            if part == "morning" and rng.random() < 0.04:
                weekday = 5  # Saturday morning
            if (weekday, part) in used and rng.random() < 0.8:
                continue
            starts, lengths, *_ = PARTS[part]
            start = rng.choice(starts)
            length = rng.choice(lengths)
            slot_minutes = (
                (15 if rng.random() < 0.8 else 20)
                if kind == "doctor"
                else (20 if rng.random() < 0.7 else 15)
            )
            count = length // slot_minutes
            capacity = max(1, count - (1 if rng.random() < 0.3 else 0))
            biweekly = 0
            if needed - slots < capacity * 0.6:
                biweekly = 1 + int(rng.random() * 2)
            who = _assign(
                rng, kind, era, weekday, part, organiser_index, practitioners, pool, bureau_index
            )
            templates.append(
                Template(
                    kind,
                    weekday,
                    part,
                    start,
                    start + length,
                    slot_minutes,
                    capacity,
                    biweekly,
                    who,
                )
            )
            used.add((weekday, part))
            slots += capacity * (0.5 if biweekly else 1)
    return templates


def _assign(
    rng: random.Random,
    kind: str,
    era: int,
    weekday: int,
    part: str,
    organiser_index: int,
    practitioners: list[Practitioner],
    pool: dict[tuple[int, str], list[int]],
    bureau_index: int,
) -> int:
    """A practitioner of the organiser free at that weekday and part of day, preferring those
    already at this bureau; doctors also take on other bureaus (up to four), nurses rarely."""
    key = (era, weekday, part)
    candidates = pool.setdefault((organiser_index, kind), [])
    here = [i for i in candidates if bureau_index in practitioners[i].bureaus]
    free_here = [i for i in here if key not in practitioners[i].busy]
    if free_here and rng.random() < 0.85:
        chosen = rng.choice(free_here)
    else:
        limit = 4 if kind == "doctor" else 2
        share = 0.75 if kind == "doctor" else 0.2
        others = [
            i
            for i in candidates
            if key not in practitioners[i].busy
            and bureau_index not in practitioners[i].bureaus
            and len(practitioners[i].bureaus) < limit
        ]
        if others and rng.random() < share:
            chosen = rng.choice(others)
        elif free_here:
            chosen = rng.choice(free_here)
        else:
            first, last = rng.choice(BOYS + GIRLS), rng.choice(SURNAMES)
            number = len(candidates) + 1
            practitioners.append(Practitioner(kind, organiser_index, number, first, last))
            chosen = len(practitioners) - 1
            candidates.append(chosen)
    practitioners[chosen].busy.add(key)
    practitioners[chosen].bureaus.add(bureau_index)
    return chosen


def _era_starts(start: date, end: date, rng: random.Random) -> list[date]:
    """Schedules are re-planned every two to four years (doctors come and go)."""
    starts = [start]
    year = start.year
    while True:
        year += 2 + int(rng.random() * 3)
        if date(year, 1, 1) > end + timedelta(days=HORIZON_DAYS):
            return starts
        starts.append(date(year, 1, 1))


# --- entry point ------------------------------------------------------------------------------


def generate(
    *,
    bureaus: int | Sequence = 300,
    years: int = 10,
    organisers: int | None = None,
    seed: int = 8,
    end_date: date | None = None,
    replace_existing: bool = False,
    scale: float = 1.0,
    progress: Callable[[str], None] | None = None,
) -> Result:
    """Generate activity for `bureaus` new bureaus (or for the given existing bureau
    Organisations) over `years` years ending on `end_date` (default today), plus sessions three
    months ahead. `scale` multiplies the number of children (tests use small values)."""
    from django.utils import timezone

    from parent_portal.models import add_years

    say = progress or (lambda text: None)
    began = clock.perf_counter()
    result = Result()
    end = end_date or timezone.localdate()
    start = add_years(end, -years) + timedelta(days=1)
    rng = random.Random(f"zorgportaal-generator:{seed}")
    with transaction.atomic():
        # Inside the generation's transaction: a failed run leaves the earlier data in place.
        if replace_existing:
            t = clock.perf_counter()
            removed = replace()
            result.timings["replace"] = clock.perf_counter() - t
            say(f"removed earlier generated activity ({removed:,} appointments)")
        t = clock.perf_counter()
        bureau_orgs, organiser_of, organiser_codes = _organisations(bureaus, organisers, rng)
        result.bureaus = len(bureau_orgs)
        result.organisers = len(organiser_codes)
        eras = _era_starts(start, end, rng)
        practitioners: list[Practitioner] = []
        pool: dict[tuple[int, str], list[int]] = {}
        plans = []
        for index, org in enumerate(bureau_orgs):
            b_rng = random.Random(f"zorgportaal-generator:{seed}:plan:{org.code}")
            births = BIRTHS_PER_YEAR * b_rng.lognormvariate(0, 0.35) * scale
            trend = b_rng.uniform(-0.025, 0.02)
            mid = (start.toordinal() + end.toordinal()) / 2
            era_templates = []
            for era, era_start in enumerate(eras):
                at = births * (1 + trend) ** ((era_start.toordinal() + 540 - mid) / 365.25)
                era_templates.append(
                    _plan_templates(b_rng, at, era, organiser_of[index], practitioners, pool, index)
                )
            portal_from = b_rng.uniform(0.2, 0.4)
            plans.append(
                BureauPlan(
                    org_id=org.pk,
                    code=org.code,
                    births_per_year=births,
                    trend=trend,
                    no_show=b_rng.uniform(0.04, 0.075),
                    cancel=b_rng.uniform(0.015, 0.03),
                    postpone=b_rng.uniform(0.03, 0.055),
                    portal_from=portal_from,
                    portal_to=portal_from + b_rng.uniform(0.3, 0.45),
                    eras=era_templates,
                )
            )
        _practitioner_accounts(practitioners, organiser_codes, bureau_orgs, start)
        result.practitioners = len(practitioners)
        result.allocated_hours = _allocated_hours(plans, bureau_orgs, eras, start, end, seed)
        result.timings["plan"] = clock.perf_counter() - t
        say(
            f"planned {len(bureau_orgs)} bureaus, {len(practitioners)} practitioners, "
            f"{len(eras)} schedule eras"
        )

        t = clock.perf_counter()
        expected = sum(p.births_per_year for p in plans) * 10 * years
        fast = connection.vendor == "postgresql" and expected >= FAST_LOAD_FROM
        restore = _prepare_bulk_load(fast)
        ids = {table: Ids(table) for table in TABLES}
        sink: Sink = PostgresSink() if connection.vendor == "postgresql" else SqliteSink()
        try:
            for number, plan in enumerate(plans, 1):
                sim = BureauSimulation(
                    plan,
                    practitioners,
                    random.Random(f"zorgportaal-generator:{seed}:activity:{plan.code}"),
                    start,
                    end,
                    eras,
                    ids,
                    sink,
                )
                sim.make_sessions()
                sim.make_children()
                result.sessions += sim.sessions_made
                result.children += sim.children
                result.appointments += sim.appointments
                if isinstance(sink, SqliteSink):
                    sink.flush()
                if number % 25 == 0 or number == len(plans):
                    say(
                        f"  {number}/{len(plans)} bureaus: {result.appointments:,} appointments "
                        f"({clock.perf_counter() - t:.0f} s)"
                    )
            sink.flush(final=True)
        except BaseException:
            if isinstance(sink, PostgresSink) and sink.thread.is_alive():
                sink.queue.put(None)
                sink.thread.join()
            raise
        result.timings["generate_and_copy"] = clock.perf_counter() - t
        if isinstance(sink, PostgresSink):
            result.timings["copy_busy"] = sink.copy_seconds
        for table_ids in ids.values():
            table_ids.finish()
        t = clock.perf_counter()
        restore()
        result.timings["indexes_and_constraints"] = clock.perf_counter() - t
    if connection.vendor == "postgresql":
        # Statistics for the planner; outside a transaction also the visibility map (VACUUM), so
        # index-only scans work on the fresh rows.
        t = clock.perf_counter()
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            for table in (*TABLES, "dashboards_allocatedhours"):
                cursor.execute(f"{command} {table}")
        result.timings["analyze"] = clock.perf_counter() - t
    result.seconds = clock.perf_counter() - began
    return result


def _organisations(bureaus: int | Sequence, organisers: int | None, rng: random.Random):  # noqa: ANN202
    """The bureaus to fill (new ones under new organisers, or the given existing ones)."""
    from accounts.models import Organisation

    if not isinstance(bureaus, int):
        orgs = list(bureaus)
        parents = sorted({o.parent_id for o in orgs}, key=lambda x: (x is None, x))
        codes = []
        for parent_id in parents:
            parent = Organisation.objects.filter(pk=parent_id).first()
            codes.append(parent.code if parent else "zonder-organisator")
        organiser_of = [parents.index(o.parent_id) for o in orgs]
        return orgs, organiser_of, codes
    count = organisers or max(1, round(bureaus / 9))
    count = min(count, bureaus)
    if Organisation.objects.filter(code__startswith=f"{CODE_PREFIX}cb-").exists():
        raise GeneratedDataExists(
            "Generated bureaus exist already: pass --replace to generate them again."
        )
    organiser_rows = Organisation.objects.bulk_create(
        Organisation(
            name=f"Organisator {REGIONS[i % len(REGIONS)].replace('-', ' ')}"
            + (f" {i // len(REGIONS) + 1}" if i >= len(REGIONS) else "")
            + " (gegenereerd)",
            code=f"{CODE_PREFIX}org-{i + 1:03d}",
            kind=Organisation.Kind.BUREAU_ORGANISER,
            is_demo=True,
        )
        for i in range(count)
    )
    organiser_rows = list(
        Organisation.objects.filter(code__in=[o.code for o in organiser_rows]).order_by("code")
    )
    # Every organiser runs at least one bureau; a few run many.
    weights = [1 / (i + 1) ** 0.7 for i in range(count)]
    organiser_of = list(range(count)) + rng.choices(range(count), weights, k=bureaus - count)
    rng.shuffle(organiser_of)
    names = []
    for i in range(bureaus):
        place = PLACES[i % len(PLACES)]
        suffix = f" {i // len(PLACES) + 1}" if i >= len(PLACES) else ""
        names.append(f"Consultatiebureau {place}{suffix} (gegenereerd)")
    Organisation.objects.bulk_create(
        Organisation(
            name=names[i],
            code=f"{CODE_PREFIX}cb-{i + 1:04d}",
            kind=Organisation.Kind.CONSULTATION_BUREAU,
            parent=organiser_rows[organiser_of[i]],
            is_demo=True,
        )
        for i in range(bureaus)
    )
    orgs = list(Organisation.objects.filter(code__startswith=f"{CODE_PREFIX}cb-").order_by("code"))
    return orgs, organiser_of, [o.code for o in organiser_rows]


class GeneratedDataExists(Exception):
    pass


def _practitioner_accounts(
    practitioners: list[Practitioner],
    organiser_codes: list[str],
    bureau_orgs: list,
    start: date,
) -> None:
    """Doctors and nurses as accounts (no usable password), each a practitioner at the bureaus
    where they hold sessions."""
    from accounts.models import Membership, Role, User

    emails = []
    for p in practitioners:
        role = "arts" if p.kind == "doctor" else "verpleegkundige"
        emails.append(f"{role}.{organiser_codes[p.organiser_index]}.{p.number:03d}@{EMAIL_DOMAIN}")
    existing = {u.email: u.pk for u in User.objects.filter(email__in=emails)}
    User.objects.bulk_create(
        [
            User(
                email=email,
                first_name=p.first_name,
                last_name=p.last_name,
                password="!",  # noqa: S106 - unusable: generated accounts never log in
                is_demo=True,
            )
            for p, email in zip(practitioners, emails, strict=True)
            if email not in existing
        ]
    )
    ids = dict(User.objects.filter(email__in=emails).values_list("email", "pk"))
    for p, email in zip(practitioners, emails, strict=True):
        p.user_id = ids[email]
    have = set(
        Membership.objects.filter(
            user_id__in=ids.values(), role=Role.PRACTITIONER, revoked_at__isnull=True
        ).values_list("user_id", "organisation_id")
    )
    Membership.objects.bulk_create(
        [
            Membership(
                user_id=p.user_id,
                organisation=bureau_orgs[b],
                role=Role.PRACTITIONER,
                valid_from=start,
            )
            for p in practitioners
            for b in sorted(p.bureaus)
            if (p.user_id, bureau_orgs[b].pk) not in have
        ]
    )


def _allocated_hours(
    plans: list[BureauPlan], bureau_orgs: list, eras: list[date], start: date, end: date, seed: int
) -> int:
    """Each year's allocation is about the hours its weekly templates plan (46 weeks held), a
    little more or less; next year's too."""
    from .models import AllocatedHours

    rows = []
    for plan, org in zip(plans, bureau_orgs, strict=True):
        rng = random.Random(f"zorgportaal-generator:{seed}:hours:{org.code}")
        for year in range(start.year, end.year + 2):
            era = bisect.bisect_right(eras, date(year, 7, 1)) - 1
            minutes = {"doctor": 0.0, "nurse": 0.0}
            for t in plan.eras[max(era, 0)]:
                minutes[t.kind] += (t.end - t.start) * (0.5 if t.biweekly else 1)
            doctor = round(minutes["doctor"] / 60 * 46 * rng.uniform(0.95, 1.12) / 5) * 5
            nurse = round(minutes["nurse"] / 60 * 46 * rng.uniform(0.95, 1.1) / 5) * 5
            rows.append(
                AllocatedHours(
                    bureau=org,
                    year=year,
                    doctor_hours=Decimal(doctor),
                    nurse_hours=Decimal(nurse),
                    note=MARK,
                )
            )
    existing = set(
        AllocatedHours.objects.filter(bureau__in=bureau_orgs).values_list("bureau_id", "year")
    )
    rows = [r for r in rows if (r.bureau.pk, r.year) not in existing]
    AllocatedHours.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


# --- removing generated activity --------------------------------------------------------------


def replace() -> int:
    """Delete what the generator made: appointments and sessions marked MARK, generated children
    and practitioners, allocated hours marked MARK, the generated organisations and their facts.
    Returns the number of appointments removed."""
    from accounts.models import Membership, Organisation, User

    from .facts import FACT_MODELS
    from .models import AllocatedHours, DirtyDay, PractitionerDayFact, PractitionerMonthFact

    generated_orgs = list(
        Organisation.objects.filter(code__startswith=CODE_PREFIX).values_list("pk", flat=True)
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM parent_portal_appointment WHERE session_id IN "
            "(SELECT id FROM parent_portal_session WHERE note = %s)",
            [MARK],
        )
        removed = cursor.rowcount
        cursor.execute(
            "DELETE FROM parent_portal_appointment WHERE child_id IN "
            "(SELECT id FROM parent_portal_child WHERE is_demo AND email LIKE %s) "
            "OR duo_partner_id IN "
            "(SELECT id FROM parent_portal_child WHERE is_demo AND email LIKE %s)",
            [f"%@{EMAIL_DOMAIN}"] * 2,
        )
        removed += cursor.rowcount
        cursor.execute("DELETE FROM parent_portal_session WHERE note = %s", [MARK])
        cursor.execute(
            "DELETE FROM parent_portal_child WHERE is_demo AND email LIKE %s",
            [f"%@{EMAIL_DOMAIN}"],
        )
        AllocatedHours.objects.filter(note=MARK).delete()
        for model in (*FACT_MODELS, DirtyDay):
            model.objects.filter(bureau_id__in=generated_orgs).delete()
        users = User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}", is_demo=True)
        for model in (PractitionerDayFact, PractitionerMonthFact):
            model.objects.filter(practitioner__in=users).delete()
        Membership.objects.filter(user__in=users).delete()
        users.delete()
        _remove_organisations(generated_orgs)
    return removed


def _remove_organisations(ids: list[int]) -> None:
    """Delete the generated organisations; those the append-only audit log refers to (someone
    looked at their dashboards) cannot go, so they are renamed out of the way instead."""
    from accounts.models import AuditEvent, Membership, Organisation

    Membership.objects.filter(organisation_id__in=ids).delete()
    kept = set(
        AuditEvent.objects.filter(organisation_id__in=ids)
        .values_list("organisation_id", flat=True)
        .distinct()
    )
    kept |= set(
        Organisation.objects.filter(pk__in=kept, parent_id__isnull=False).values_list(
            "parent_id", flat=True
        )
    )
    Organisation.objects.filter(pk__in=ids, kind="consultation_bureau").exclude(
        pk__in=kept
    ).delete()
    Organisation.objects.filter(pk__in=ids).exclude(pk__in=kept).delete()
    for organisation in Organisation.objects.filter(pk__in=kept).exclude(
        code__startswith=f"{CODE_PREFIX}old-"
    ):
        organisation.code = f"{CODE_PREFIX}old-{organisation.pk}"
        organisation.name = f"{organisation.name} (verwijderd)"[:200]
        organisation.save(update_fields=["code", "name"])


# --- PostgreSQL bulk-load preparation ----------------------------------------------------------


def _prepare_bulk_load(fast: bool) -> Callable[[], None]:
    """On PostgreSQL lock the three tables against other writers; for a large load also drop
    their secondary indexes, foreign keys and the session-time trigger. Returns the function that
    puts them back (inside the same transaction)."""
    if connection.vendor != "postgresql":
        return lambda: None
    tables = list(TABLES)
    with connection.cursor() as cursor:
        cursor.execute(
            "LOCK TABLE " + ", ".join(tables) + " IN SHARE ROW EXCLUSIVE MODE"  # noqa: S608
        )
        if not fast:
            return lambda: None
        # Run the checks still pending from this transaction's inserts: DDL refuses to wait.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        cursor.execute("SET LOCAL max_parallel_maintenance_workers = 2")
        cursor.execute(
            """
            SELECT i.relname, pg_get_indexdef(i.oid)
            FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
            WHERE x.indrelid = ANY(%s::regclass[])
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
            """,
            [tables],
        )
        indexes = cursor.fetchall()
        cursor.execute(
            """
            SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
            FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])
            """,
            [tables],
        )
        foreign_keys = cursor.fetchall()
        cursor.execute(
            """
            SELECT tgname FROM pg_trigger
            WHERE tgrelid = 'parent_portal_appointment'::regclass AND NOT tgisinternal
            """
        )
        triggers = [row[0] for row in cursor.fetchall()]
        for table, name, _definition in foreign_keys:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        for name in triggers:
            cursor.execute(f'ALTER TABLE parent_portal_appointment DISABLE TRIGGER "{name}"')

    def restore() -> None:
        with connection.cursor() as cursor:
            for _name, definition in indexes:
                cursor.execute(definition)
            for table, name, definition in foreign_keys:
                cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
            for name in triggers:
                cursor.execute(f'ALTER TABLE parent_portal_appointment ENABLE TRIGGER "{name}"')

    return restore


def generated_bureaus() -> Iterable:
    from accounts.models import Organisation

    return Organisation.objects.filter(code__startswith=f"{CODE_PREFIX}cb-").order_by("code")
