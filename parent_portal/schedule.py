"""The Flemish basic programme of contact moments and the vaccination schedule (data/*.csv).

Pure data and date arithmetic, no ORM: which visits a child has ahead, what each covers, and
when booking for it opens (3 weeks before the target date for infants, 6 for toddlers).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from django.utils.translation import gettext_lazy as _

DATA = Path(__file__).resolve().parent / "data"
INFANT_BOOKING_WINDOW = timedelta(weeks=3)
TODDLER_BOOKING_WINDOW = timedelta(weeks=6)
INFANT_UNTIL_DAYS = 365  # a visit targeted before the first birthday is an infant visit

# Contact moments that are consults at the bureau (the others are home visits or calls).
CLINIC_KINDS = {"consult"}

# What is measured and discussed at each contact moment, in plain Dutch for parents.
MEASUREMENTS = _("lengte, gewicht en hoofdomtrek")
TOPICS: dict[str, str] = {
    "4 weeks": _("voeding, slapen, huilen; eerste Van Wiechen-onderzoek"),
    "8 weeks": _("korte lichamelijke controle door de arts; vaccinaties"),
    "12 weeks": _("voeding en slaap; ontwikkeling; vaccinaties"),
    "16 weeks": _("ontwikkeling en veiligheid; vaccinaties"),
    "6 months": _("vaste voeding, tandjes, ontwikkeling"),
    "9 months": _("bewegen, spelen, veiligheid in huis"),
    "12 months": _("ontwikkeling, vaccinaties; oogtest bij 12 of 15 maanden"),
    "15 months": _("vaccinaties; taal en spelen"),
    "24 months": _("taal, zindelijkheid; oogtest bij 24 of 30 maanden"),
    "30 months": _("ontwikkeling, naar de kleuterschool"),
}


# The vaccines of data/vaccination_schedule_flanders.csv in plain Dutch for parents (the data
# file keeps the English professional names); keyed by age in days.
VACCINES_PLAIN: dict[int, str] = {
    56: _(
        "zesvoudig vaccin (difterie, tetanus, kinkhoest, polio, Hib, hepatitis B) dosis 1; "
        "pneumokokken dosis 1; rotavirus dosis 1 (drankje)"
    ),
    84: _("zesvoudig vaccin dosis 2; rotavirus dosis 2 (drankje)"),
    112: _(
        "zesvoudig vaccin dosis 3; pneumokokken dosis 2; rotavirus dosis 3 (bij sommige merken)"
    ),
    365: _("mazelen, bof en rodehond (BMR) dosis 1; pneumokokken dosis 3"),
    456: _("zesvoudig vaccin dosis 4; meningokokken (MenACWY)"),
    2191: _("difterie, tetanus, kinkhoest en polio"),
    3652: _("mazelen, bof en rodehond (BMR) dosis 2"),
    4383: _("HPV: 2 dosissen met 6 maanden ertussen"),
    5113: _("difterie, tetanus en kinkhoest"),
}


@dataclass(frozen=True)
class ContactMoment:
    code: str  # the age as written in the data, e.g. "12 months"
    age_days: int
    kind_nl: str
    description_en: str
    vaccines: tuple[str, ...] = field(default=())

    @property
    def at_clinic(self) -> bool:
        return self.kind_nl in CLINIC_KINDS

    @property
    def topics(self) -> str:
        return str(TOPICS.get(self.code, ""))

    @property
    def measurements(self) -> str:
        return str(MEASUREMENTS) if self.at_clinic else ""

    @property
    def vaccination_text(self) -> str:
        if not self.vaccines:
            return ""
        return str(VACCINES_PLAIN.get(self.age_days, "; ".join(self.vaccines)))

    @property
    def age_label(self) -> str:
        """'12 months' -> '12 maanden' (the data names ages in English)."""
        number, _space, unit = self.code.partition(" ")
        if unit.startswith("week"):
            return str(_("%(n)s weken") % {"n": number})
        if unit.startswith("month"):
            return str(_("%(n)s maanden") % {"n": number})
        return str(_("%(n)s jaar") % {"n": number})

    @property
    def as_covers(self) -> dict[str, str]:
        """What the visit covers, named like the appointment's fields (shared template)."""
        return {
            "covers_topics": self.topics,
            "covers_vaccinations": self.vaccination_text,
            "covers_measurements": self.measurements,
        }

    def target_date(self, birth_date: date) -> date:
        return birth_date + timedelta(days=self.age_days)

    def booking_opens(self, birth_date: date) -> date:
        window = (
            INFANT_BOOKING_WINDOW if self.age_days < INFANT_UNTIL_DAYS else TODDLER_BOOKING_WINDOW
        )
        return self.target_date(birth_date) - window

    def booking_window(self, birth_date: date) -> tuple[date, date]:
        """Dates between which a slot for this visit may be booked."""
        window = (
            INFANT_BOOKING_WINDOW if self.age_days < INFANT_UNTIL_DAYS else TODDLER_BOOKING_WINDOW
        )
        target = self.target_date(birth_date)
        return target - window, target + window


@cache
def vaccinations() -> dict[int, tuple[str, ...]]:
    with (DATA / "vaccination_schedule_flanders.csv").open(encoding="utf-8") as handle:
        return {
            int(row["age_days"]): tuple(v.strip() for v in row["vaccines"].split(";"))
            for row in csv.DictReader(handle)
        }


@cache
def contact_moments() -> tuple[ContactMoment, ...]:
    vaccines = vaccinations()
    moments = []
    with (DATA / "kg_contact_schedule.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if not row["age_days"]:
                continue  # the prenatal talk has no age
            age = int(row["age_days"])
            moments.append(
                ContactMoment(
                    code=row["age"],
                    age_days=age,
                    kind_nl=row["contact_nl"],
                    description_en=row["contact_en"],
                    vaccines=vaccines.get(age, ()),
                )
            )
    return tuple(moments)


def moment_by_code(code: str) -> ContactMoment | None:
    return next((m for m in contact_moments() if m.code == code), None)


def clinic_moments() -> list[ContactMoment]:
    return [m for m in contact_moments() if m.at_clinic]


def upcoming_moments(birth_date: date, today: date, done_codes: set[str]) -> list[ContactMoment]:
    """Clinic visits still ahead (or overdue by less than the window), not yet held or booked."""
    result = []
    for moment in clinic_moments():
        if moment.code in done_codes:
            continue
        _opens, closes = moment.booking_window(birth_date)
        if closes >= today:
            result.append(moment)
    return result


def moment_for_age(age_days: int) -> ContactMoment | None:
    """The clinic visit whose target age is nearest to a given age (to label a booking)."""
    moments = clinic_moments()
    if not moments:
        return None
    best = min(moments, key=lambda m: abs(m.age_days - age_days))
    return best if abs(best.age_days - age_days) <= 60 else None
