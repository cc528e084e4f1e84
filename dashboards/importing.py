"""Loading history from an existing planning system (sessions and appointments) and the agency's
allocated hours from .csv or .xlsx extracts. The columns are documented in README.md.

    result = validate_activity(fileobj, source="planning")   # reads and checks; writes nothing
    if result.can_load:
        report = load_activity(result, actor=None)           # one transaction, in batches

Reading reuses the GP-list engine: the same file-safety checks and calamine/CSV reader
(`excel_intake.parsing.open_table` with this module's layouts), the same `Problem` (the line as the
spreadsheet shows it, the column, a Dutch message) and `Summary` (errors per line). Every problem,
also those that need the database (unknown bureau, a practitioner's kind, children and sessions
loaded before), is found before anything is written.

Imported sessions and children keep their reference in the source (`ImportedSession`,
`ImportedChild`), so loading the same file again updates rows instead of adding them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.contrib.auth.hashers import make_password
from django.db import DatabaseError, transaction
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts import audit
from accounts.models import Organisation, User
from excel_intake import rules as intake_rules
from excel_intake.columns import Column, ColumnKind, Layout
from excel_intake.engine import refusal_problem as _intake_refusal
from excel_intake.parsing import IntakeLimits, IntakeRefusal, open_table
from excel_intake.rules import (
    Invalid,
    Rule,
    Severity,
    Summary,
    check_date,
    format_date,
    summarise,
)
from parent_portal.models import Appointment, Child, PractitionerKind, Session, part_of_day_for
from portal.lib.filesafety import ZipLimits

from .models import AllocatedHours, ImportedChild, ImportedSession

E = Severity.ERROR
RULES: dict[str, Rule] = {}

# File refusals and generic cell rules of the GP list read as well for these files: shared.
for _code in (
    "file_too_large",
    "too_many_rows",
    "file_other_format",
    "file_not_spreadsheet",
    "file_encrypted",
    "file_broken",
    "file_unsafe",
    "template_outdated",
    "extra_columns",
    "required",
    "too_long",
    "choice",
    "date_invalid",
):
    RULES[_code] = intake_rules.RULES[_code]


def _rule(code: str, column: str | None, title: Promise, message: Promise) -> None:
    if code in RULES:
        raise ValueError(f"rule {code!r} declared twice")
    RULES[code] = Rule(code, E, column, message, title)


_rule(
    "file_empty",
    None,
    _("Leeg bestand"),
    _("Het bestand bevat geen gegevens. Vul onder de kolomtitels minstens één rij in."),
)
_rule(
    "template_wrong",
    None,
    _("Verkeerde kolommen"),
    _(
        "Rij 1 heeft niet de kolomtitels die we verwachten. Ontbrekend: %(missing)s. "
        "Dubbel: %(duplicated)s. Neem de kolomtitels exact over uit de beschrijving van het "
        "importbestand."
    ),
)
_rule(
    "bureau_unknown",
    "bureau_code",
    _("Onbekend consultatiebureau"),
    _("Er is geen consultatiebureau met code “%(value)s”. Gebruik de code van het bureau in "
      "Zorgportaal."),
)  # fmt: skip
_rule(
    "bureau_not_consultation",
    "bureau_code",
    _("Geen consultatiebureau"),
    _("“%(value)s” is de code van %(name)s, geen consultatiebureau. Gebruik de code van een "
      "consultatiebureau."),
)  # fmt: skip
_rule(
    "date_range",
    None,
    _("Datum buiten bereik"),
    _("%(value)s in %(column)s ligt niet tussen %(low)s en %(high)s. Kijk de datum na."),
)
_rule(
    "time_invalid",
    None,
    _("Ongeldig uur"),
    _("“%(value)s” is geen geldig uur in %(column)s. Schrijf het uur als uu:mm, bv. 09:15."),
)
_rule(
    "end_before_start",
    "end_time",
    _("Einde voor begin"),
    _("De zitting eindigt om %(value)s, niet na het begin (%(start)s). Kijk begin en einde na."),
)
_rule(
    "number_invalid",
    None,
    _("Geen geheel getal"),
    _("“%(value)s” kan niet in %(column)s. Vul een geheel getal tussen %(low)s en %(high)s in."),
)
_rule(
    "capacity_too_large",
    "capacity",
    _("Te veel plaatsen"),
    _("In deze zitting passen maar %(count)s afspraken van %(minutes)s minuten, geen "
      "%(value)s. Verlaag het aantal plaatsen of kijk begin, einde en minuten per afspraak na."),
)  # fmt: skip
_rule(
    "email_invalid",
    "practitioner_email",
    _("Ongeldig e-mailadres"),
    _("“%(value)s” is geen geldig e-mailadres. Schrijf het als naam@voorbeeld.be."),
)
_rule(
    "session_mismatch",
    None,
    _("Zitting met andere gegevens"),
    _("Zitting %(session)s heeft op rij %(other)s “%(expected)s” in %(column)s, hier "
      "“%(value)s”. Geef elke rij van een zitting dezelfde zittingsgegevens."),
)  # fmt: skip
_rule(
    "kind_mismatch",
    "practitioner_kind",
    _("Arts of verpleegkundige?"),
    _("%(email)s staat op rij %(other)s als %(expected)s, hier als %(value)s. Eén persoon is "
      "arts of verpleegkundige: kijk de soort zorgverlener na."),
)  # fmt: skip
_rule(
    "kind_mismatch_existing",
    "practitioner_kind",
    _("Arts of verpleegkundige?"),
    _("%(email)s heeft in Zorgportaal al zittingen als %(expected)s, hier %(value)s. Kijk de "
      "soort zorgverlener of het e-mailadres na."),
)  # fmt: skip
_rule(
    "appointment_without_child",
    "child_ref",
    _("Afspraak zonder kind"),
    _("Deze rij heeft afspraakgegevens maar geen kindreferentie. Vul de kindreferentie in, of "
      "maak de afspraakkolommen leeg voor een zitting zonder afspraken."),
)  # fmt: skip
_rule(
    "child_mismatch",
    None,
    _("Kind met andere gegevens"),
    _("Kind %(child)s heeft op rij %(other)s “%(expected)s” in %(column)s, hier “%(value)s”. "
      "Geef een kind op elke rij dezelfde gegevens."),
)  # fmt: skip
_rule(
    "child_mismatch_existing",
    None,
    _("Kind anders dan bij vorige import"),
    _("Kind %(child)s is al ingelezen met “%(expected)s” in %(column)s, hier “%(value)s”. "
      "Kijk de kindreferentie en de gegevens na."),
)  # fmt: skip
_rule(
    "born_after_session",
    "child_birth_date",
    _("Geboren na de zitting"),
    _("Het kind is geboren op %(value)s, na de zitting van %(session_date)s. Kijk de "
      "geboortedatum na."),
)  # fmt: skip
_rule(
    "datetime_invalid",
    None,
    _("Ongeldig tijdstip"),
    _("“%(value)s” is geen geldige datum met uur in %(column)s. Schrijf het als dd/mm/jjjj "
      "uu:mm, bv. 03/02/2025 14:30."),
)  # fmt: skip
_rule(
    "booked_after_session",
    "booked_at",
    _("Geboekt na de zitting"),
    _("De afspraak is geboekt op %(value)s, na de zitting van %(session_date)s. Kijk het "
      "boekingstijdstip na."),
)  # fmt: skip
_rule(
    "booked_in_future",
    "booked_at",
    _("Geboekt in de toekomst"),
    _("Het boekingstijdstip %(value)s ligt in de toekomst. Kijk het na."),
)
_rule(
    "outcome_in_future",
    "status",
    _("Uitkomst in de toekomst"),
    _("De zitting van %(session_date)s moet nog komen en kan niet al “%(value)s” zijn. Kies "
      "een status zonder uitkomst, bv. gepland."),
)  # fmt: skip
_rule(
    "slot_outside",
    "slot_time",
    _("Uur buiten de zitting"),
    _("Het uur %(value)s valt buiten de zitting (%(start)s–%(end)s). Kijk het uur of de "
      "zitting na."),
)  # fmt: skip
_rule(
    "slot_off_grid",
    "slot_time",
    _("Geen tijdslot"),
    _("Het uur %(value)s is geen tijdslot van de zitting (om de %(minutes)s minuten vanaf "
      "%(start)s, %(count)s plaatsen). Kies een tijdslot, of zet het soort consult op "
      "inschuiver."),
)  # fmt: skip
_rule(
    "slot_taken",
    "slot_time",
    _("Tijdslot dubbel bezet"),
    _("Het tijdslot %(value)s van zitting %(session)s is al bezet door de afspraak op rij "
      "%(other)s. Geef één van beide een ander uur of zet het soort consult op inschuiver."),
)  # fmt: skip
_rule(
    "slot_taken_existing",
    "slot_time",
    _("Tijdslot al bezet in Zorgportaal"),
    _("Het tijdslot %(value)s van zitting %(session)s is in Zorgportaal al bezet door een "
      "afspraak die niet in dit bestand staat. Kies een ander uur."),
)  # fmt: skip
_rule(
    "existing_outside_session",
    "session_ref",
    _("Bestaande afspraken buiten de zitting"),
    _("Zitting %(value)s heeft in Zorgportaal afspraken die niet in dit bestand staan en "
      "buiten de nieuwe datum of uren vallen. Behoud datum en uren, of neem die afspraken op "
      "in het bestand."),
)  # fmt: skip
_rule(
    "child_twice",
    "child_ref",
    _("Kind twee keer in een zitting"),
    _("Kind %(value)s staat twee keer in zitting %(session)s (ook op rij %(other)s). Een kind "
      "heeft één afspraak per zitting."),
)  # fmt: skip
_rule(
    "duo_without_partner",
    "duo_partner_ref",
    _("Duoconsult zonder tweede kind"),
    _("Een duoconsult heeft een tweede kind: vul de kindreferentie van de duopartner in."),
)
_rule(
    "partner_without_duo",
    "duo_partner_ref",
    _("Duopartner zonder duoconsult"),
    _("Een duopartner hoort alleen bij een duoconsult. Zet het soort consult op duo of maak "
      "deze cel leeg."),
)  # fmt: skip
_rule(
    "duo_partner_self",
    "duo_partner_ref",
    _("Kind is zijn eigen duopartner"),
    _("Kind %(value)s kan niet zijn eigen duopartner zijn. Vul de referentie van het tweede "
      "kind in."),
)  # fmt: skip
_rule(
    "duo_partner_unknown",
    "duo_partner_ref",
    _("Onbekende duopartner"),
    _("Duopartner %(value)s staat niet als kind in dit bestand en is nog niet ingelezen. Voeg "
      "een rij voor dit kind toe of kijk de referentie na."),
)  # fmt: skip
# Allocated hours.
_rule(
    "year_invalid",
    "year",
    _("Jaar: formaat"),
    _("“%(value)s” is geen jaartal. Vul vier cijfers in, bv. 2026."),
)
_rule(
    "year_range",
    "year",
    _("Jaar buiten bereik"),
    _("Jaar %(value)s kan niet: kies een jaar tussen %(low)s en %(high)s."),
)
_rule(
    "hours_invalid",
    None,
    _("Geen aantal uren"),
    _("“%(value)s” is geen aantal uren in %(column)s. Vul een getal in, bv. 1250 of 312,5."),
)
_rule(
    "hours_range",
    None,
    _("Uren buiten bereik"),
    _("%(value)s kan niet in %(column)s: vul een aantal uren tussen 0 en %(high)s in."),
)
_rule(
    "hours_precision",
    None,
    _("Te veel decimalen"),
    _("%(value)s heeft te veel cijfers na de komma in %(column)s: gebruik er hoogstens twee."),
)
_rule(
    "duplicate_allocation",
    "year",
    _("Bureau twee keer voor een jaar"),
    _("Bureau %(bureau)s staat voor %(value)s al op rij %(other)s. Geef elk bureau één rij per "
      "jaar."),
)  # fmt: skip


# --- Layouts --------------------------------------------------------------------------------------

T, DATE, CHOICE, EMAIL, NUMBER = (
    ColumnKind.TEXT,
    ColumnKind.DATE,
    ColumnKind.CHOICE,
    ColumnKind.EMAIL,
    ColumnKind.NUMBER,
)

ACTIVITY_COLUMNS: tuple[Column, ...] = (
    Column("bureau_code", "Bureaucode", ColumnKind.CODE, max_length=50,
           hint="De code van het consultatiebureau in Zorgportaal, bv. cb-gent-centrum."),
    Column("session_ref", "Zittingsreferentie", T, max_length=100,
           hint="Het nummer van de zitting in het planningssysteem; gelijk op elke rij van de "
                "zitting."),
    Column("date", "Datum", DATE, max_length=20, hint="Datum van de zitting, dd/mm/jjjj."),
    Column("start_time", "Begin", T, max_length=20, hint="Beginuur, uu:mm."),
    Column("end_time", "Einde", T, max_length=20, hint="Einduur, uu:mm."),
    Column("practitioner_email", "E-mail zorgverlener", EMAIL, max_length=254,
           hint="Het e-mailadres van de arts of verpleegkundige."),
    Column("practitioner_kind", "Soort zorgverlener", CHOICE,
           choices=("arts", "verpleegkundige"), max_length=30, hint="arts of verpleegkundige."),
    Column("slot_minutes", "Minuten per afspraak", NUMBER, max_length=10,
           hint="Duur van één tijdslot, 5 tot 120."),
    Column("capacity", "Plaatsen", NUMBER, required=False, max_length=10,
           hint="Aantal tijdsloten; leeg = zoveel als er in de zitting passen."),
    Column("practitioner_first_name", "Voornaam zorgverlener", T, required=False,
           max_length=150, hint="Optioneel; alleen gebruikt voor een nieuwe zorgverlener."),
    Column("practitioner_last_name", "Familienaam zorgverlener", T, required=False,
           max_length=150, hint="Optioneel; alleen gebruikt voor een nieuwe zorgverlener."),
    Column("child_ref", "Kindreferentie", T, max_length=100,
           hint="Het nummer van het kind in het planningssysteem; leeg voor een zitting zonder "
                "afspraken."),
    Column("child_birth_date", "Geboortedatum kind", DATE, max_length=20, hint="dd/mm/jjjj."),
    Column("child_sex", "Geslacht kind", CHOICE, choices=("jongen", "meisje"), max_length=10,
           hint="jongen of meisje."),
    Column("slot_time", "Uur afspraak", T, max_length=20, hint="uu:mm, een tijdslot van de "
           "zitting (een inschuiver mag ertussen)."),
    Column("consult_kind", "Soort consult", CHOICE,
           choices=("gewoon", "duo", "inschuiver", "combi", "extra"), max_length=30,
           hint="gewoon, duo, inschuiver, combi of extra; leeg = gewoon."),
    Column("duo_partner_ref", "Kindreferentie duopartner", T, required=False, max_length=100,
           hint="Alleen bij een duoconsult: de kindreferentie van het tweede kind."),
    Column("status", "Status", CHOICE,
           choices=("gepland", "uitgevoerd", "niet gekomen", "geannuleerd",
                    "verzet via portaal", "verzet via telefoon"), max_length=40,
           hint="gepland, uitgevoerd, niet gekomen, geannuleerd, verzet via portaal of verzet "
                "via telefoon."),
    Column("booked_at", "Geboekt op", DATE, max_length=30,
           hint="Wanneer de afspraak gemaakt werd, dd/mm/jjjj uu:mm."),
)  # fmt: skip

ACTIVITY_LAYOUT = Layout(
    columns=ACTIVITY_COLUMNS,
    data_sheet="Activiteit",
    marker_sheet="zorgportaal",
    marker_text="zorgportaal-bureauactiviteit",
    template_version=1,
)

HOURS_COLUMNS: tuple[Column, ...] = (
    Column("bureau_code", "Bureaucode", ColumnKind.CODE, max_length=50,
           hint="De code van het consultatiebureau in Zorgportaal."),
    Column("year", "Jaar", ColumnKind.YEAR, max_length=10, hint="Vier cijfers, bv. 2026."),
    Column("doctor_hours", "Artsenuren", ColumnKind.HOURS, max_length=20,
           hint="Toegekende artsenuren voor het jaar, bv. 1250 of 312,5."),
    Column("nurse_hours", "Uren verpleegkundige", ColumnKind.HOURS, max_length=20,
           hint="Toegekende uren verpleegkundige voor het jaar; 0 als er geen zijn."),
    Column("note", "Opmerking", T, required=False, max_length=200, hint="Optioneel."),
)  # fmt: skip

HOURS_LAYOUT = Layout(
    columns=HOURS_COLUMNS,
    data_sheet="Uren",
    marker_sheet="zorgportaal",
    marker_text="zorgportaal-toegekende-uren",
    template_version=1,
)


class ActivityProblem(intake_rules.Problem):
    """A problem of an activity file: the GP list's Problem over this module's rules."""

    __slots__ = ()
    rules = RULES
    columns = ACTIVITY_LAYOUT.by_key


class HoursProblem(intake_rules.Problem):
    __slots__ = ()
    rules = RULES
    columns = HOURS_LAYOUT.by_key


# Historical extracts are larger than a GP list; split bigger ones per year.
IMPORT_LIMITS = IntakeLimits(
    max_bytes=200 * 1024 * 1024,
    max_rows=500_000,
    zip=ZipLimits(max_upload_bytes=200 * 1024 * 1024, max_unpacked_bytes=2 * 1024 * 1024 * 1024),
)
HOURS_LIMITS = IntakeLimits(max_rows=20_000)
BATCH_SIZE = 2000
# Above this many changed bureau-days, one full rebuild of the facts beats refreshing each day.
FULL_REBUILD_DAYS = 5000
SOURCE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,49}$")


# --- Cell checks: text in, clean value out (or Invalid) -------------------------------------------


def _choice_map(pairs: dict[str, Iterable[str]]) -> dict[str, str]:
    return {_choice_key(alias): value for value, aliases in pairs.items() for alias in aliases}


def _choice_key(text: str) -> str:
    return " ".join(text.replace("-", " ").split()).casefold()


KINDS = _choice_map(
    {
        PractitionerKind.DOCTOR: ("arts", "dokter", "doctor"),
        PractitionerKind.NURSE: ("verpleegkundige", "vpk", "nurse"),
    }
)
SEXES = _choice_map({Child.Sex.MALE: ("jongen", "j", "m"), Child.Sex.FEMALE: ("meisje", "v", "f")})
CK = Appointment.ConsultKind
CONSULT_KINDS = _choice_map(
    {
        CK.REGULAR: ("gewoon", "gewoon consult"),
        CK.DUO: ("duo", "duoconsult", "duo consult"),
        CK.SQUEEZED_IN: ("inschuiver", "ingeschoven"),
        CK.COMBINED: ("combi", "combiconsult", "combi consult", "gecombineerd"),
        CK.EXTRA: ("extra", "extra consult"),
    }
)
ST = Appointment.Status
STATUSES = _choice_map(
    {
        ST.BOOKED: ("gepland",),
        ST.DONE: ("uitgevoerd",),
        ST.NO_SHOW: ("niet gekomen", "afwezig"),
        ST.CANCELLED: ("geannuleerd",),
        ST.POSTPONED_VIA_PORTAL: ("verzet via portaal", "verzet via het portaal"),
        ST.POSTPONED_VIA_PHONE: (
            "verzet via telefoon",
            "verzet via de telefoon",
            "verzet via de telefoonlijn",
            "verzet via telefoonlijn",
        ),
    }
)
CHOICES = {
    "practitioner_kind": KINDS,
    "child_sex": SEXES,
    "consult_kind": CONSULT_KINDS,
    "status": STATUSES,
}


def check_choice(key: str, text: str) -> str:
    found = CHOICES[key].get(_choice_key(text))
    if found is None:
        raise Invalid("choice", options=", ".join(ACTIVITY_LAYOUT.by_key[key].choices))
    return found


_TIME = re.compile(r"^(\d{1,2})[:.u](\d{2})(?::(\d{2})(?:\.\d+)?)?$")


def check_time(text: str) -> time:
    """uu:mm (also uu.mm, 9u30, with seconds), or the fraction of a day Excel stores."""
    if " " in text:  # a time cell read as a date-time on Excel's day zero: 30/12/1899 09:15
        text = text.rsplit(" ", 1)[1]
    match = _TIME.match(text)
    if match:
        hours, minutes = int(match[1]), int(match[2])
        if hours < 24 and minutes < 60:
            return time(hours, minutes)
        raise Invalid("time_invalid")
    try:
        fraction = float(text.replace(",", "."))
    except ValueError as error:
        raise Invalid("time_invalid") from error
    if not 0 <= fraction < 1:
        raise Invalid("time_invalid")
    minutes = round(fraction * 24 * 60)
    if minutes >= 24 * 60:
        raise Invalid("time_invalid")
    return time(minutes // 60, minutes % 60)


_DMY_TIME = re.compile(
    r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T]+(\d{1,2})[:.u](\d{2})(?::\d{2}(?:\.\d+)?)?)?$"
)
_ISO_TIME = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?)?$"
)


def check_datetime(text: str) -> datetime:
    """dd/mm/jjjj uu:mm, jjjj-mm-dd uu:mm or an Excel serial number, as local (Brussels) time."""
    try:
        match = _DMY_TIME.match(text)
        if match:
            moment = datetime(  # noqa: DTZ001 - made aware below
                int(match[3]), int(match[2]), int(match[1]), int(match[4] or 0), int(match[5] or 0)
            )
        elif match := _ISO_TIME.match(text):
            moment = datetime(  # noqa: DTZ001 - made aware below
                int(match[1]), int(match[2]), int(match[3]), int(match[4] or 0), int(match[5] or 0)
            )
        else:
            serial = float(text.replace(",", "."))
            if not 1 <= serial <= 2_958_465:
                raise Invalid("datetime_invalid")
            minutes = round(serial * 24 * 60)
            moment = datetime(1899, 12, 30) + timedelta(minutes=minutes)  # noqa: DTZ001
    except ValueError as error:  # 31/02/2024, 25:00, text
        raise Invalid("datetime_invalid") from error
    return timezone.make_aware(moment)


def check_int(text: str, low: int, high: int) -> int:
    cleaned = text.removesuffix(",0").removesuffix(".0")
    if not (cleaned.isascii() and cleaned.isdigit()) or not low <= int(cleaned) <= high:
        raise Invalid("number_invalid", low=low, high=high)
    return int(cleaned)


def check_hours(text: str, high: Decimal = Decimal("999999.99")) -> Decimal:
    """1250 / 312,5 / 312.5 / 1.250,5 / 1 250 as a person means them; at most two decimals."""
    cleaned = text.replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")  # 1.250,5
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", cleaned):
        cleaned = cleaned.replace(".", "")  # 1.250 is thousands, as written in Belgium
    try:
        value = Decimal(cleaned)
    except InvalidOperation as error:
        raise Invalid("hours_invalid") from error
    if not value.is_finite():
        raise Invalid("hours_invalid")
    if not 0 <= value <= high:
        raise Invalid("hours_range", high=int(high))
    if value != value.quantize(Decimal("0.01")):
        raise Invalid("hours_precision")
    return value.quantize(Decimal("0.01"))


def format_time(value: time) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"


def format_moment(value: datetime) -> str:
    local = timezone.localtime(value)
    return f"{format_date(local.date())} {format_time(local.time())}"


# --- The activity file ----------------------------------------------------------------------------

AI = ACTIVITY_LAYOUT.index
SESSION_KEYS = (
    "bureau_code",
    "date",
    "start_time",
    "end_time",
    "practitioner_email",
    "practitioner_kind",
    "slot_minutes",
    "capacity",
)
CHILD_KEYS = ("child_birth_date", "child_sex")
APPOINTMENT_KEYS = (
    "child_birth_date",
    "child_sex",
    "slot_time",
    "consult_kind",
    "duo_partner_ref",
    "status",
    "booked_at",
)
REQUIRED_FOR_SESSION = frozenset(SESSION_KEYS) - {"capacity"}
REQUIRED_FOR_APPOINTMENT = frozenset(APPOINTMENT_KEYS) - {"consult_kind", "duo_partner_ref"}
OUTCOMES = (ST.DONE, ST.NO_SHOW)


@dataclass(slots=True)
class SessionRow:
    """A session as the file describes it (the values of its first row)."""

    line: int
    ref: str
    bureau_code: str
    date: date
    start_time: time
    end_time: time
    email: str
    kind: str
    slot_minutes: int
    capacity: int
    first_name: str = ""
    last_name: str = ""

    @property
    def slot_count(self) -> int:
        return _minutes(self.start_time, self.end_time) // self.slot_minutes

    def slot_times(self) -> frozenset[time]:
        start = datetime.combine(self.date, self.start_time)
        return frozenset(
            (start + timedelta(minutes=i * self.slot_minutes)).time()
            for i in range(min(self.capacity, self.slot_count))
        )


@dataclass(slots=True)
class ChildRow:
    line: int
    ref: str
    birth_date: date
    sex: str


@dataclass(slots=True)
class AppointmentRow:
    line: int
    session_ref: str
    child_ref: str
    slot_time: time
    consult_kind: str
    partner_ref: str
    status: str
    booked_at: datetime


def _minutes(start: time, end: time) -> int:
    return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)


@dataclass
class _FirstSeen:
    """The first row of a session (or child): its texts and clean values, per column."""

    line: int
    texts: dict[str, str]
    values: dict[str, Any]


@dataclass
class ActivityValidation:
    source: str
    refusal: ActivityProblem | None = None
    problems: list[ActivityProblem] = field(default_factory=list)
    summary: Summary = field(default_factory=Summary)
    sessions: dict[str, SessionRow] = field(default_factory=dict)
    children: dict[str, ChildRow] = field(default_factory=dict)
    appointments: list[AppointmentRow] = field(default_factory=list)
    # Resolved against the database (filled only when the file itself is clean).
    bureau_ids: dict[str, int] = field(default_factory=dict)  # lower-case code -> id
    user_ids: dict[str, int] = field(default_factory=dict)  # e-mail -> id of existing users
    existing_sessions: dict[str, int] = field(default_factory=dict)  # ref -> session id
    existing_children: dict[str, int] = field(default_factory=dict)  # ref -> child id
    # (session id, child id) -> existing appointment id, for updates.
    existing_appointments: dict[tuple[int, int], int] = field(default_factory=dict)

    @property
    def can_load(self) -> bool:
        return self.refusal is None and self.summary.can_submit

    def all_problems(self) -> list[ActivityProblem]:
        return [self.refusal] if self.refusal else self.problems


class _ActivityChecker:
    """Checks the rows one by one, then across rows; collects problems and clean rows."""

    def __init__(self, result: ActivityValidation, now: datetime) -> None:
        self.result = result
        self.now = now
        self.today = timezone.localdate(now)
        self.problems = result.problems
        self.session_first: dict[str, _FirstSeen] = {}
        self.child_first: dict[str, _FirstSeen] = {}
        self.kind_by_email: dict[str, tuple[str, int]] = {}
        self.children_in_session: dict[tuple[str, str], int] = {}
        self.slots_in_session: dict[tuple[str, time], int] = {}
        self.partner_lines: list[tuple[int, str]] = []
        self.grids: dict[str, frozenset[time]] = {}
        self.rows = 0

    def grid(self, session: SessionRow) -> frozenset[time]:
        found = self.grids.get(session.ref)
        if found is None:
            found = self.grids[session.ref] = session.slot_times()
        return found

    def problem(self, line: int, key: str, code: str, value: str = "", **params: Any) -> None:
        self.problems.append(ActivityProblem(line, key, code, value, params or None))

    # One cell -----------------------------------------------------------------------------------

    def parse(self, key: str, text: str) -> Any:
        if key in ("date", "child_birth_date"):
            value = check_date(text)
            low = date(1990, 1, 1)
            # Sessions may be planned ahead; a child is born already.
            high = date(self.today.year + 2, 12, 31) if key == "date" else self.today
            if not low <= value <= high:
                raise Invalid("date_range", low=format_date(low), high=format_date(high))
            return value
        if key in ("start_time", "end_time", "slot_time"):
            return check_time(text)
        if key == "booked_at":
            return check_datetime(text)
        if key == "slot_minutes":
            return check_int(text, 5, 120)
        if key == "capacity":
            return check_int(text, 1, 200)
        if key == "practitioner_email":
            return intake_rules.check_email(text)
        if key in CHOICES:
            return check_choice(key, text)
        return text

    def cells(
        self, line: int, cells: list[str], keys: Iterable[str], required: frozenset[str]
    ) -> dict[str, Any] | None:
        """Clean values of `keys`; None (and problems) when one of them is not usable."""
        values: dict[str, Any] = {}
        ok = True
        for key in keys:
            text = cells[AI[key]]
            if not text:
                if key in required:
                    self.problem(line, key, "required")
                    ok = False
                continue
            try:
                values[key] = self.parse(key, text)
            except Invalid as invalid:
                self.problem(line, key, invalid.code, text, **invalid.params)
                ok = False
        return values if ok else None

    def repeated(
        self,
        line: int,
        cells: list[str],
        first: _FirstSeen,
        keys: Iterable[str],
        code: str,
        **params: Any,
    ) -> None:
        """A later row of a session (or child): each cell equal to the first row's value."""
        for key in keys:
            text = cells[AI[key]]
            expected = first.texts[key]
            if text == expected:
                continue
            try:
                value = self.parse(key, text) if text else None
            except Invalid as invalid:
                self.problem(line, key, invalid.code, text, **invalid.params)
                continue
            if key not in first.values or value != first.values[key]:
                self.problem(line, key, code, text, other=first.line, expected=expected, **params)

    # One row ------------------------------------------------------------------------------------

    def row(self, line: int, cells: list[str]) -> None:
        self.rows += 1
        too_long = False
        for column in ACTIVITY_COLUMNS:
            text = cells[AI[column.key]]
            if len(text) > column.max_length:
                shown = text if len(text) <= 60 else text[:60] + "…"
                self.problem(line, column.key, "too_long", shown, limit=column.max_length)
                too_long = True
        if too_long:
            return
        ref = cells[AI["session_ref"]]
        session = self.session(line, cells, ref) if ref else None
        if not ref:
            self.problem(line, "session_ref", "required")
        child_ref = cells[AI["child_ref"]]
        if not child_ref:
            if any(cells[AI[key]] for key in APPOINTMENT_KEYS):
                self.problem(line, "child_ref", "appointment_without_child")
            return
        self.appointment(line, cells, ref, child_ref, session)

    def session(self, line: int, cells: list[str], ref: str) -> SessionRow | None:
        first = self.session_first.get(ref)
        if first is not None:
            self.repeated(line, cells, first, SESSION_KEYS, "session_mismatch", session=ref)
            return self.result.sessions.get(ref)
        texts = {key: cells[AI[key]] for key in SESSION_KEYS}
        values = self.cells(line, cells, SESSION_KEYS, REQUIRED_FOR_SESSION)
        self.session_first[ref] = _FirstSeen(line, texts, values or {})
        if values is None:
            return None
        start, end, minutes = values["start_time"], values["end_time"], values["slot_minutes"]
        if end <= start:
            self.problem(line, "end_time", "end_before_start", format_time(end),
                         start=format_time(start))  # fmt: skip
            return None
        session = SessionRow(
            line=line,
            ref=ref,
            bureau_code=values["bureau_code"],
            date=values["date"],
            start_time=start,
            end_time=end,
            email=values["practitioner_email"],
            kind=values["practitioner_kind"],
            slot_minutes=minutes,
            capacity=0,
            first_name=cells[AI["practitioner_first_name"]],
            last_name=cells[AI["practitioner_last_name"]],
        )
        count = session.slot_count
        session.capacity = values.get("capacity", max(count, 1))
        if session.capacity > count:
            self.problem(line, "capacity", "capacity_too_large", str(session.capacity),
                         count=count, minutes=minutes)  # fmt: skip
            return None
        known = self.kind_by_email.setdefault(session.email, (session.kind, line))
        if known[0] != session.kind:
            self.problem(
                line,
                "practitioner_kind",
                "kind_mismatch",
                texts["practitioner_kind"],
                email=session.email,
                other=known[1],
                expected=PractitionerKind(known[0]).label,
            )
        self.result.sessions[ref] = session
        return session

    def child(self, line: int, cells: list[str], child_ref: str) -> ChildRow | None:
        first = self.child_first.get(child_ref)
        if first is not None:
            self.repeated(line, cells, first, CHILD_KEYS, "child_mismatch", child=child_ref)
            return self.result.children.get(child_ref)
        texts = {key: cells[AI[key]] for key in CHILD_KEYS}
        values = self.cells(line, cells, CHILD_KEYS, frozenset(CHILD_KEYS))
        self.child_first[child_ref] = _FirstSeen(line, texts, values or {})
        if values is None:
            return None
        child = ChildRow(line, child_ref, values["child_birth_date"], values["child_sex"])
        self.result.children[child_ref] = child
        return child

    def appointment(
        self, line: int, cells: list[str], ref: str, child_ref: str, session: SessionRow | None
    ) -> None:
        child = self.child(line, cells, child_ref)
        keys = ("slot_time", "consult_kind", "duo_partner_ref", "status", "booked_at")
        values = self.cells(line, cells, keys, REQUIRED_FOR_APPOINTMENT)
        if values is None:
            return
        kind = values.get("consult_kind", CK.REGULAR)
        partner = values.get("duo_partner_ref", "")
        if kind == CK.DUO and not partner:
            self.problem(line, "duo_partner_ref", "duo_without_partner")
        elif partner and kind != CK.DUO:
            self.problem(line, "duo_partner_ref", "partner_without_duo", partner)
        elif partner == child_ref:
            self.problem(line, "duo_partner_ref", "duo_partner_self", partner)
        elif partner:
            self.partner_lines.append((line, partner))
        booked_at, slot, status = values["booked_at"], values["slot_time"], values["status"]
        if booked_at > self.now:
            self.problem(line, "booked_at", "booked_in_future", format_moment(booked_at))
        if ref:
            earlier = self.children_in_session.setdefault((ref, child_ref), line)
            if earlier != line:
                self.problem(line, "child_ref", "child_twice", child_ref, session=ref,
                             other=earlier)  # fmt: skip
            if status in Appointment.HOLDS_SLOT and kind != CK.SQUEEZED_IN:
                earlier = self.slots_in_session.setdefault((ref, slot), line)
                if earlier != line:
                    self.problem(line, "slot_time", "slot_taken", format_time(slot),
                                 session=ref, other=earlier)  # fmt: skip
        if session is not None:
            self.within_session(line, session, child, slot, kind, status, booked_at)
        self.result.appointments.append(
            AppointmentRow(line, ref, child_ref, slot, kind, partner, status, booked_at)
        )

    def within_session(
        self,
        line: int,
        session: SessionRow,
        child: ChildRow | None,
        slot: time,
        kind: str,
        status: str,
        booked_at: datetime,
    ) -> None:
        on = format_date(session.date)
        if child is not None and child.birth_date > session.date:
            self.problem(line, "child_birth_date", "born_after_session",
                         format_date(child.birth_date), session_date=on)  # fmt: skip
        if timezone.localdate(booked_at) > session.date:
            self.problem(line, "booked_at", "booked_after_session", format_moment(booked_at),
                         session_date=on)  # fmt: skip
        if status in OUTCOMES and session.date > self.today:
            self.problem(line, "status", "outcome_in_future", ST(status).label, session_date=on)
        if not session.start_time <= slot < session.end_time:
            self.problem(line, "slot_time", "slot_outside", format_time(slot),
                         start=format_time(session.start_time),
                         end=format_time(session.end_time))  # fmt: skip
        elif kind != CK.SQUEEZED_IN and slot not in self.grid(session):
            self.problem(line, "slot_time", "slot_off_grid", format_time(slot),
                         minutes=session.slot_minutes, start=format_time(session.start_time),
                         count=session.capacity)  # fmt: skip

    # The database -------------------------------------------------------------------------------

    def resolve(self, source: str) -> None:
        """Checks that need the database; one query per kind of thing (in chunks)."""
        result = self.result
        sessions = result.sessions.values()
        self.bureaus({s.bureau_code for s in sessions})
        result.existing_sessions = dict(
            _in_chunks(
                ImportedSession.objects.filter(source=source),
                "external_ref",
                list(result.sessions),
                ("external_ref", "session_id"),
            )
        )
        self.known_children(source)
        self.practitioners()
        self.existing_appointments()

    def bureaus(self, codes: set[str]) -> None:
        lowered = {code.lower() for code in codes}
        found = {
            row["lc"]: row
            for row in Organisation.objects.annotate(lc=Lower("code"))
            .filter(lc__in=lowered)
            .values("lc", "id", "kind", "name")
        }
        for session in self.result.sessions.values():
            org = found.get(session.bureau_code.lower())
            if org is None:
                self.problem(session.line, "bureau_code", "bureau_unknown", session.bureau_code)
            elif org["kind"] != Organisation.Kind.CONSULTATION_BUREAU:
                self.problem(session.line, "bureau_code", "bureau_not_consultation",
                             session.bureau_code, name=org["name"])  # fmt: skip
            else:
                self.result.bureau_ids[org["lc"]] = org["id"]

    def known_children(self, source: str) -> None:
        result = self.result
        refs = set(result.children) | {ref for _line, ref in self.partner_lines}
        known = {
            row[0]: row
            for row in _in_chunks(
                ImportedChild.objects.filter(source=source),
                "external_ref",
                sorted(refs),
                ("external_ref", "child_id", "child__birth_date", "child__sex"),
            )
        }
        result.existing_children = {ref: row[1] for ref, row in known.items()}
        for ref, child in result.children.items():
            row = known.get(ref)
            if row is None:
                continue
            if row[2] != child.birth_date:
                self.problem(child.line, "child_birth_date", "child_mismatch_existing",
                             format_date(child.birth_date), child=ref,
                             expected=format_date(row[2]))  # fmt: skip
            if row[3] != child.sex:
                self.problem(child.line, "child_sex", "child_mismatch_existing",
                             Child.Sex(child.sex).label, child=ref,
                             expected=Child.Sex(row[3]).label)  # fmt: skip
        for line, ref in self.partner_lines:
            if ref not in result.children and ref not in known:
                self.problem(line, "duo_partner_ref", "duo_partner_unknown", ref)

    def practitioners(self) -> None:
        """Link e-mail addresses to existing accounts; one person is a doctor or a nurse, also
        in the sessions this file does not touch."""
        result = self.result
        emails = sorted(self.kind_by_email)
        users = dict(
            _in_chunks(User.objects.annotate(lc=Lower("email")), "lc", emails, ("lc", "id"))
        )
        result.user_ids = users
        if not users:
            return
        email_of = {user_id: email for email, user_id in users.items()}
        # One read of the practitioners' existing sessions of the other kind (a conflict unless
        # every one of them is a session this file updates).
        updated = set(result.existing_sessions.values())
        other_kind: dict[tuple[int, str], set[int]] = defaultdict(set)
        for user_id, kind, session_id in _in_chunks(
            Session.objects.all(),
            "practitioner_id",
            sorted(email_of),
            ("practitioner_id", "practitioner_kind", "id"),
        ):
            if kind != self.kind_by_email[email_of[user_id]][0]:
                other_kind[(user_id, kind)].add(session_id)
        for (user_id, kind), session_ids in sorted(other_kind.items()):
            if session_ids <= updated:
                continue
            email = email_of[user_id]
            file_kind, line = self.kind_by_email[email]
            self.problem(line, "practitioner_kind", "kind_mismatch_existing",
                         PractitionerKind(file_kind).label, email=email,
                         expected=PractitionerKind(kind).label)  # fmt: skip

    def existing_appointments(self) -> None:
        """Appointments already in the sessions being updated: the file's rows update those of
        the same child; the others stay, and must not clash with the file."""
        result = self.result
        if not result.existing_sessions:
            return
        ref_of_session = {sid: ref for ref, sid in result.existing_sessions.items()}
        ref_of_child = {cid: ref for ref, cid in result.existing_children.items()}
        in_file = {(a.session_ref, a.child_ref) for a in result.appointments}
        rows = _in_chunks(
            Appointment.objects.all(),
            "session_id",
            list(ref_of_session),
            ("id", "session_id", "child_id", "slot_time", "status", "consult_kind"),
        )
        outside: set[str] = set()
        for appointment_id, session_id, child_id, slot, status, kind in sorted(rows):
            ref = ref_of_session[session_id]
            child_ref = ref_of_child.get(child_id)
            if child_ref is not None and (ref, child_ref) in in_file:
                result.existing_appointments[(session_id, child_id)] = appointment_id
                continue
            session = result.sessions.get(ref)
            if session is None:
                continue
            if not session.start_time <= slot < session.end_time:
                outside.add(ref)
            if status in Appointment.HOLDS_SLOT and kind != CK.SQUEEZED_IN:
                line = self.slots_in_session.get((ref, slot))
                if line is not None:
                    self.problem(line, "slot_time", "slot_taken_existing", format_time(slot),
                                 session=ref)  # fmt: skip
        # A changed date moves every appointment of the session (see _upsert_sessions); a
        # changed time must still hold the appointments that are not in the file.
        for ref in sorted(outside):
            self.problem(result.sessions[ref].line, "session_ref", "existing_outside_session", ref)


def _in_chunks(
    queryset: Any, lookup: str, values: list[Any], fields: tuple[str, ...], size: int = 5000
) -> Iterator[tuple[Any, ...]]:
    """values_list of rows whose `lookup` is in `values`, a few thousand parameters at a time
    (SQLite allows 32,766 per query)."""
    for start in range(0, len(values), size):
        chunk = values[start : start + size]
        yield from queryset.filter(**{f"{lookup}__in": chunk}).values_list(*fields)


def problem_order(problem: intake_rules.Problem) -> tuple[int, int]:
    return problem.line, ACTIVITY_LAYOUT.index.get(problem.column, -1)


def validate_activity(
    fileobj: IO[bytes],
    *,
    source: str,
    now: datetime | None = None,
    limits: IntakeLimits | None = None,
) -> ActivityValidation:
    """Open (safely), read and check an activity extract, also against the database. Stores
    nothing."""
    result = ActivityValidation(source=source)
    checker = _ActivityChecker(result, now or timezone.now())
    try:
        table = open_table(fileobj, limits or IMPORT_LIMITS, layout=ACTIVITY_LAYOUT)
        if table.extra_headers:
            checker.problem(table.header_line, "", "extra_columns", ", ".join(table.extra_headers))
        for line, cells in table.records():
            checker.row(line, cells)
        if checker.rows == 0:
            raise IntakeRefusal("file_empty")
    except IntakeRefusal as refusal:
        return _refused(result, refusal, ActivityProblem)
    checker.resolve(source)
    result.problems.sort(key=problem_order)
    result.summary = summarise(result.problems, checker.rows)
    return result


def _refused(result: Any, refusal: IntakeRefusal, problem_class: type) -> Any:
    generic = _intake_refusal(refusal)
    result.refusal = problem_class(generic.line, "", generic.code, "", generic.params)
    result.problems = []
    result.summary = summarise([result.refusal], 0)
    return result


# --- Loading the activity -------------------------------------------------------------------------


@dataclass
class ActivityReport:
    source: str
    rows: int = 0
    sessions_created: int = 0
    sessions_updated: int = 0
    sessions_unchanged: int = 0
    appointments_created: int = 0
    appointments_updated: int = 0
    appointments_unchanged: int = 0
    children_created: int = 0
    children_reused: int = 0
    practitioners_created: int = 0
    practitioners_linked: int = 0
    bureaus: int = 0
    first_date: date | None = None
    last_date: date | None = None
    dirty_days: int = 0
    rebuilt: bool = False
    dry_run: bool = False

    def as_dict(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["first_date"] = self.first_date.isoformat() if self.first_date else None
        data["last_date"] = self.last_date.isoformat() if self.last_date else None
        return data


class NotLoadableError(Exception):
    """load_* was called with a validation that has problems."""


class _RolledBack(Exception):  # noqa: N818 - control flow: a dry run undoes its writes
    pass


def load_activity(
    validation: ActivityValidation,
    *,
    actor: User | None = None,
    file_name: str = "",
    batch_size: int = BATCH_SIZE,
    dry_run: bool = False,
) -> ActivityReport:
    """Write a clean validation in one transaction; mark the changed bureau-days dirty (or
    rebuild every fact for a big file); audit the import. A dry run does all of it and rolls
    back, so its report says exactly what a real run would create."""
    if not validation.can_load:
        raise NotLoadableError("the file has problems; nothing is loaded")
    from . import facts

    report = ActivityReport(
        source=validation.source, rows=validation.summary.rows_read, dry_run=dry_run
    )
    sessions = validation.sessions.values()
    report.bureaus = len({s.bureau_code.lower() for s in sessions})
    dates = [s.date for s in sessions]
    report.first_date, report.last_date = min(dates), max(dates)
    try:
        with transaction.atomic():
            user_ids = _ensure_practitioners(validation, actor, report, batch_size)
            child_ids = _ensure_children(validation, report, batch_size)
            session_ids, days = _upsert_sessions(validation, actor, user_ids, report, batch_size)
            days |= _upsert_appointments(validation, session_ids, child_ids, report, batch_size)
            report.dirty_days = len(days)
            report.rebuilt = len(days) > FULL_REBUILD_DAYS
            # Marked in the import's transaction also when a full rebuild follows the commit
            # (then without queueing a refresh now): if that rebuild fails, the every-minute
            # refresh job still brings these days up to date.
            facts.mark_dirty_many(days, queue_refresh=not report.rebuilt)
            audit.record(
                action="bureau_activity.import",
                category=audit.Category.CREATE,
                actor=actor,
                object_type="dashboards.importedsession",
                details={"file": file_name[:200], **report.as_dict()},
            )
            if dry_run:
                raise _RolledBack
    except _RolledBack:
        return report
    except DatabaseError:
        audit.record(
            action="bureau_activity.import",
            category=audit.Category.CREATE,
            actor=actor,
            outcome=audit.Outcome.FAILURE,
            details={"file": file_name[:200], "source": validation.source},
        )
        raise
    if report.rebuilt:
        facts.rebuild_all()
    return report


def _ensure_practitioners(
    validation: ActivityValidation, actor: User | None, report: ActivityReport, batch_size: int
) -> dict[str, int]:
    """Existing accounts by e-mail; new ones inactive and without a password (they get access
    only through an invitation, like anyone else)."""
    ids = dict(validation.user_ids)
    first: dict[str, SessionRow] = {}
    for session in sorted(validation.sessions.values(), key=lambda s: s.line):
        first.setdefault(session.email, session)
    new = [
        User(
            email=email,
            first_name=session.first_name,
            last_name=session.last_name,
            is_active=False,
            password=make_password(None),
        )
        for email, session in first.items()
        if email not in ids
    ]
    User.objects.bulk_create(new, batch_size=batch_size)
    for user in new:
        ids[user.email] = user.pk
        # One event per account, as for every account the portal creates.
        audit.record(
            action="user.create",
            category=audit.Category.CREATE,
            actor=actor,
            obj=user,
            subject_ref=audit.subject_ref_for(user),
            details={"via": "bureau_activity.import"},
        )
    report.practitioners_created = len(new)
    report.practitioners_linked = len(first) - len(new)
    return ids


def _ensure_children(
    validation: ActivityValidation, report: ActivityReport, batch_size: int
) -> dict[str, int]:
    """Children not loaded before, followed by the bureau of their latest appointment; their
    registration is their first booking, their enrolment their first executed contact."""
    ids = dict(validation.existing_children)
    sessions = validation.sessions
    first_booked: dict[str, date] = {}
    first_done: dict[str, date] = {}
    latest: dict[str, SessionRow] = {}
    for row in validation.appointments:
        if row.child_ref in ids:
            continue
        session = sessions[row.session_ref]
        booked = timezone.localdate(row.booked_at)
        if booked < first_booked.get(row.child_ref, date.max):
            first_booked[row.child_ref] = booked
        if row.status == ST.DONE and session.date < first_done.get(row.child_ref, date.max):
            first_done[row.child_ref] = session.date
        known = latest.get(row.child_ref)
        if known is None or (session.date, session.start_time) > (known.date, known.start_time):
            latest[row.child_ref] = session
    refs = sorted(first_booked)
    children = [
        Child(
            first_name="Kind",
            last_name=ref[:100],
            birth_date=validation.children[ref].birth_date,
            sex=validation.children[ref].sex,
            organisation_id=validation.bureau_ids[latest[ref].bureau_code.lower()],
            registration_date=first_booked[ref],
            enrolment_date=first_done.get(ref),
        )
        for ref in refs
    ]
    Child.objects.bulk_create(children, batch_size=batch_size)
    ImportedChild.objects.bulk_create(
        [
            ImportedChild(source=validation.source, external_ref=ref, child_id=child.pk)
            for ref, child in zip(refs, children, strict=True)
        ],
        batch_size=batch_size,
    )
    ids.update((ref, child.pk) for ref, child in zip(refs, children, strict=True))
    report.children_created = len(children)
    report.children_reused = len(
        {row.child_ref for row in validation.appointments} & set(validation.existing_children)
    )
    return ids


SESSION_FIELDS = (
    "bureau_id",
    "practitioner_id",
    "practitioner_kind",
    "date",
    "part_of_day",
    "start_time",
    "end_time",
    "slot_minutes",
    "capacity",
)


def _session_values(
    validation: ActivityValidation, row: SessionRow, user_ids: dict[str, int]
) -> dict[str, Any]:
    return {
        "bureau_id": validation.bureau_ids[row.bureau_code.lower()],
        "practitioner_id": user_ids[row.email],
        "practitioner_kind": row.kind,
        "date": row.date,
        "part_of_day": part_of_day_for(row.start_time),
        "start_time": row.start_time,
        "end_time": row.end_time,
        "slot_minutes": row.slot_minutes,
        "capacity": row.capacity,
    }


def _upsert_sessions(
    validation: ActivityValidation,
    actor: User | None,
    user_ids: dict[str, int],
    report: ActivityReport,
    batch_size: int,
) -> tuple[dict[str, int], set[tuple[int, date]]]:
    """Create new sessions, update changed ones; the bureau-days touched (old and new)."""
    ids = dict(validation.existing_sessions)
    days: set[tuple[int, date]] = set()
    new_refs: list[str] = []
    new: list[Session] = []
    for ref, row in validation.sessions.items():
        values = _session_values(validation, row, user_ids)
        days.add((values["bureau_id"], row.date))
        if ref not in ids:
            new_refs.append(ref)
            new.append(Session(**values, created_by=actor))
    Session.objects.bulk_create(new, batch_size=batch_size)
    ImportedSession.objects.bulk_create(
        [
            ImportedSession(source=validation.source, external_ref=ref, session_id=session.pk)
            for ref, session in zip(new_refs, new, strict=True)
        ],
        batch_size=batch_size,
    )
    ids.update((ref, session.pk) for ref, session in zip(new_refs, new, strict=True))
    report.sessions_created = len(new)
    changed: list[Session] = []
    moved: list[int] = []
    existing = list(validation.existing_sessions.items())
    for start in range(0, len(existing), batch_size):
        chunk = dict(existing[start : start + batch_size])
        stored = Session.objects.in_bulk(list(chunk.values()))
        for ref, session_id in chunk.items():
            session = stored[session_id]
            values = _session_values(validation, validation.sessions[ref], user_ids)
            if all(getattr(session, name) == value for name, value in values.items()):
                continue
            days.add((session.bureau_id, session.date))
            if session.date != values["date"]:
                moved.append(session_id)
            for name, value in values.items():
                setattr(session, name, value)
            changed.append(session)
    Session.objects.bulk_update(changed, SESSION_FIELDS, batch_size=batch_size)
    if moved:
        # Appointments carry their session's date; those the file leaves alone move along.
        for start in range(0, len(moved), batch_size):
            Appointment.objects.filter(session_id__in=moved[start : start + batch_size]).update(
                date=Subquery(Session.objects.filter(pk=OuterRef("session_id")).values("date")[:1])
            )
    report.sessions_updated = len(changed)
    report.sessions_unchanged = len(existing) - len(changed)
    return ids, days


APPOINTMENT_FIELDS = (
    "date",
    "slot_time",
    "consult_kind",
    "duo_partner_id",
    "status",
    "booked_at",
    "status_changed_at",
)


def _upsert_appointments(
    validation: ActivityValidation,
    session_ids: dict[str, int],
    child_ids: dict[str, int],
    report: ActivityReport,
    batch_size: int,
) -> set[tuple[int, date]]:
    sessions = validation.sessions
    days: set[tuple[int, date]] = set()
    new: list[Appointment] = []
    updates: dict[int, dict[str, Any]] = {}
    for row in validation.appointments:
        session = sessions[row.session_ref]
        bureau_id = validation.bureau_ids[session.bureau_code.lower()]
        session_id, child_id = session_ids[row.session_ref], child_ids[row.child_ref]
        # Registrations count on the day of booking: that day's facts change too.
        days.add((bureau_id, timezone.localdate(row.booked_at)))
        values = {
            "date": session.date,
            "slot_time": row.slot_time,
            "consult_kind": row.consult_kind,
            "duo_partner_id": child_ids[row.partner_ref] if row.partner_ref else None,
            "status": row.status,
            "booked_at": row.booked_at,
            "status_changed_at": (
                timezone.make_aware(datetime.combine(session.date, row.slot_time))
                if row.status in OUTCOMES
                else row.booked_at
            ),
        }
        existing = validation.existing_appointments.get((session_id, child_id))
        if existing is None:
            new.append(Appointment(session_id=session_id, child_id=child_id, **values))
        else:
            updates[existing] = values
    Appointment.objects.bulk_create(new, batch_size=batch_size)
    report.appointments_created = len(new)
    changed: list[Appointment] = []
    pending = list(updates.items())
    for start in range(0, len(pending), batch_size):
        chunk = dict(pending[start : start + batch_size])
        for appointment in Appointment.objects.filter(pk__in=list(chunk)).only(
            "id", *APPOINTMENT_FIELDS
        ):
            values = chunk[appointment.pk]
            if all(getattr(appointment, name) == value for name, value in values.items()):
                continue
            for name, value in values.items():
                setattr(appointment, name, value)
            changed.append(appointment)
    Appointment.objects.bulk_update(changed, APPOINTMENT_FIELDS, batch_size=batch_size)
    report.appointments_updated = len(changed)
    report.appointments_unchanged = len(updates) - len(changed)
    return days


# --- Allocated hours ------------------------------------------------------------------------------

HI = HOURS_LAYOUT.index


@dataclass(slots=True)
class HoursRow:
    line: int
    bureau_code: str
    year: int
    doctor_hours: Decimal
    nurse_hours: Decimal
    note: str | None  # None: the file has no note column (keep the stored note)


@dataclass
class HoursValidation:
    refusal: HoursProblem | None = None
    problems: list[HoursProblem] = field(default_factory=list)
    summary: Summary = field(default_factory=Summary)
    rows: list[HoursRow] = field(default_factory=list)
    bureau_ids: dict[str, int] = field(default_factory=dict)

    @property
    def can_load(self) -> bool:
        return self.refusal is None and self.summary.can_submit

    def all_problems(self) -> list[HoursProblem]:
        return [self.refusal] if self.refusal else self.problems


def _check_year(text: str) -> int:
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        raise Invalid("year_invalid")
    if not 2000 <= int(text) <= 2100:
        raise Invalid("year_range", low=2000, high=2100)
    return int(text)


def validate_hours(fileobj: IO[bytes], *, limits: IntakeLimits | None = None) -> HoursValidation:
    """Open, read and check a file of allocated hours (also the bureau codes). Stores nothing."""
    result = HoursValidation()
    problems = result.problems
    rows_read = 0
    first_line: dict[tuple[str, int], int] = {}
    try:
        table = open_table(fileobj, limits or HOURS_LIMITS, layout=HOURS_LAYOUT)
        has_note = table.positions[HI["note"]] is not None
        if table.extra_headers:
            problems.append(
                HoursProblem(table.header_line, "", "extra_columns", ", ".join(table.extra_headers))
            )
        for line, cells in table.records():
            rows_read += 1
            clean: dict[str, Any] = {}
            for column in HOURS_COLUMNS:
                text = cells[HI[column.key]]
                if not text:
                    if column.required:
                        problems.append(HoursProblem(line, column.key, "required"))
                    continue
                if len(text) > column.max_length:
                    shown = text if len(text) <= 60 else text[:60] + "…"
                    problems.append(HoursProblem(line, column.key, "too_long", shown,
                                                 {"limit": column.max_length}))  # fmt: skip
                    continue
                try:
                    if column.key == "year":
                        clean["year"] = _check_year(text)
                    elif column.key in ("doctor_hours", "nurse_hours"):
                        clean[column.key] = check_hours(text)
                    else:
                        clean[column.key] = text
                except Invalid as invalid:
                    problems.append(
                        HoursProblem(line, column.key, invalid.code, text, invalid.params)
                    )
            if {"bureau_code", "year", "doctor_hours", "nurse_hours"} - clean.keys():
                continue
            key = (clean["bureau_code"].lower(), clean["year"])
            earlier = first_line.setdefault(key, line)
            if earlier != line:
                params = {"bureau": clean["bureau_code"], "other": earlier}
                problems.append(
                    HoursProblem(line, "year", "duplicate_allocation", str(clean["year"]), params)
                )
                continue
            result.rows.append(
                HoursRow(
                    line,
                    clean["bureau_code"],
                    clean["year"],
                    clean["doctor_hours"],
                    clean["nurse_hours"],
                    clean.get("note", "") if has_note else None,
                )
            )
        if rows_read == 0:
            raise IntakeRefusal("file_empty")
    except IntakeRefusal as refusal:
        return _refused(result, refusal, HoursProblem)
    lowered = {row.bureau_code.lower() for row in result.rows}
    found = {
        row["lc"]: row
        for row in Organisation.objects.annotate(lc=Lower("code"))
        .filter(lc__in=lowered)
        .values("lc", "id", "kind", "name")
    }
    for row in result.rows:
        org = found.get(row.bureau_code.lower())
        if org is None:
            problems.append(
                HoursProblem(row.line, "bureau_code", "bureau_unknown", row.bureau_code)
            )
        elif org["kind"] != Organisation.Kind.CONSULTATION_BUREAU:
            problems.append(HoursProblem(row.line, "bureau_code", "bureau_not_consultation",
                                         row.bureau_code, {"name": org["name"]}))  # fmt: skip
        else:
            result.bureau_ids[org["lc"]] = org["id"]
    problems.sort(key=lambda p: (p.line, HI.get(p.column, -1)))
    result.summary = summarise(problems, rows_read)
    return result


@dataclass
class HoursReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    bureaus: int = 0
    years: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def load_hours(
    validation: HoursValidation, *, actor: User | None = None, file_name: str = ""
) -> HoursReport:
    """Create or update the allocations of the file, in one transaction, audited."""
    if not validation.can_load:
        raise NotLoadableError("the file has problems; nothing is loaded")
    rows = validation.rows
    report = HoursReport(
        rows=validation.summary.rows_read,
        bureaus=len({row.bureau_code.lower() for row in rows}),
        years=sorted({row.year for row in rows}),
    )
    with transaction.atomic():
        bureau_ids = [validation.bureau_ids[row.bureau_code.lower()] for row in rows]
        stored = {
            (a.bureau_id, a.year): a
            for a in AllocatedHours.objects.select_for_update().filter(
                bureau_id__in=set(bureau_ids), year__in=set(report.years)
            )
        }
        new: list[AllocatedHours] = []
        changed: list[AllocatedHours] = []
        for row, bureau_id in zip(rows, bureau_ids, strict=True):
            values = {"doctor_hours": row.doctor_hours, "nurse_hours": row.nurse_hours}
            if row.note is not None:
                values["note"] = row.note
            allocation = stored.get((bureau_id, row.year))
            if allocation is None:
                new.append(AllocatedHours(bureau_id=bureau_id, year=row.year, **values))
            elif any(getattr(allocation, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(allocation, name, value)
                allocation.updated_at = timezone.now()
                changed.append(allocation)
        AllocatedHours.objects.bulk_create(new)
        AllocatedHours.objects.bulk_update(
            changed, ["doctor_hours", "nurse_hours", "note", "updated_at"]
        )
        report.created, report.updated = len(new), len(changed)
        report.unchanged = len(rows) - len(new) - len(changed)
        audit.record(
            action="allocated_hours.import",
            category=audit.Category.UPDATE if changed else audit.Category.CREATE,
            actor=actor,
            object_type="dashboards.allocatedhours",
            details={
                "file": file_name[:200],
                **report.as_dict(),
                "years": ", ".join(map(str, report.years)),
            },
        )
    return report
