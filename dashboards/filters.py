"""Query parameters of the dashboards (pages, downloads, API) parsed into one `DashboardFilter`.

`organiser`, `bureau` (repeatable), `period`, `start`, `end`, `granularity`, `kind`, `doctor`.
A bureau or organiser outside the user's scope answers 404, the same as one that does not exist;
bad dates and choices come back as form errors in Dutch.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import policies
from accounts.models import Organisation
from parent_portal.models import add_years

from .questions import DOCTOR, NURSE, Question

THIS_MONTH, LAST_3_MONTHS, THIS_YEAR, LAST_YEAR, CUSTOM = (
    "this_month",
    "last_3_months",
    "this_year",
    "last_year",
    "custom",
)
PERIODS = (
    (THIS_MONTH, _("Deze maand")),
    (LAST_3_MONTHS, _("Laatste 3 maanden")),
    (THIS_YEAR, _("Dit jaar")),
    (LAST_YEAR, _("Vorig jaar")),
    (CUSTOM, _("Zelf kiezen")),
)
GLOBAL, MONTH, WEEK, DAY, PART_OF_DAY = "global", "month", "week", "day", "part_of_day"
GRANULARITIES = (
    (GLOBAL, _("Hele periode")),
    (MONTH, _("Per maand")),
    (WEEK, _("Per week")),
    (DAY, _("Per dag")),
    (PART_OF_DAY, _("Per dagdeel")),
)
KIND_CHOICES = (
    ("", _("Artsen en verpleegkundigen")),
    (DOCTOR, _("Artsen")),
    (NURSE, _("Verpleegkundigen")),
)
DEFAULT_PERIOD = THIS_YEAR
DEFAULT_GRANULARITY = MONTH
MAX_YEARS = 10
MAX_DAYS_PER_DAY = 366
# Per week reads the day table (ISO weeks cross months): two years is 105 bars, already a lot.
MAX_DAYS_PER_WEEK = 2 * 366
# The longest period (in days) each fine granularity allows, and what to say beyond it.
GRANULARITY_LIMITS = {
    DAY: (MAX_DAYS_PER_DAY, _("Per dag kan voor hoogstens een jaar. Kies per week of per maand.")),
    WEEK: (MAX_DAYS_PER_WEEK, _("Per week kan voor hoogstens twee jaar. Kies per maand.")),
}


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def period_bounds(period: str, today: date) -> tuple[date, date]:
    """The first and last day of a preset period; months and years are whole calendar ones."""
    if period == THIS_MONTH:
        return today.replace(day=1), _month_end(today)
    if period == LAST_3_MONTHS:
        month = today.month - 2
        year = today.year + (month - 1) // 12
        month = (month - 1) % 12 + 1
        return date(year, month, 1), _month_end(today)
    if period == LAST_YEAR:
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    return date(today.year, 1, 1), date(today.year, 12, 31)


@dataclass(frozen=True)
class DashboardFilter:
    organiser: Organisation
    bureaus: tuple[Organisation, ...]
    # True when no bureau was chosen: every bureau of the organiser the user may see.
    all_bureaus: bool
    period: str
    start: date
    end: date
    granularity: str
    kind: str | None
    doctor_id: int | None = None
    doctor_name: str = ""
    # Every bureau of the organiser the user may see (the filter's choices).
    visible_bureaus: tuple[Organisation, ...] = field(default=(), compare=False)

    @property
    def bureau_ids(self) -> list[int]:
        return [b.pk for b in self.bureaus]

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def params(self, **override: Any) -> list[tuple[str, str]]:
        """The filter as query parameters (for links to downloads, other questions, the API)."""
        values: dict[str, Any] = {
            "organiser": self.organiser.pk,
            "bureau": [] if self.all_bureaus else self.bureau_ids,
            "period": self.period,
            "start": self.start.isoformat() if self.period == CUSTOM else "",
            "end": self.end.isoformat() if self.period == CUSTOM else "",
            "granularity": self.granularity,
            "kind": self.kind or "",
            "doctor": self.doctor_id or "",
        }
        values.update(override)
        pairs: list[tuple[str, str]] = []
        for key, value in values.items():
            for item in value if isinstance(value, list | tuple) else [value]:
                if item not in ("", None):
                    pairs.append((key, str(item)))
        return pairs

    def query_string(self, **override: Any) -> str:
        return urlencode(self.params(**override))

    def audit_details(self, slug: str) -> dict[str, Any]:
        return {
            "slug": slug,
            "bureaus": self.bureau_ids,
            "organiser": self.organiser.pk,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "granularity": self.granularity,
            "kind": self.kind or "",
            "doctor": self.doctor_id,
        }


DATE_ERRORS = {
    "invalid": _("Vul een bestaande datum in als jjjj-mm-dd, bijvoorbeeld 2026-01-31."),
}


class FilterForm(forms.Form):
    period = forms.ChoiceField(label=_("Periode"), choices=PERIODS, required=False)
    start = forms.DateField(
        label=_("Van"),
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages=DATE_ERRORS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=_("Tot en met"),
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages=DATE_ERRORS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    granularity = forms.ChoiceField(label=_("Indeling"), choices=GRANULARITIES, required=False)
    kind = forms.ChoiceField(label=_("Soort zitting"), choices=KIND_CHOICES, required=False)
    doctor = forms.TypedChoiceField(
        label=_("Arts"), coerce=int, required=False, empty_value=None, choices=()
    )

    def __init__(self, *args: Any, question: Question, doctors: list[tuple[int, str]], **kw: Any):
        super().__init__(*args, **kw)
        self.question = question
        self.fields["period"].error_messages["invalid_choice"] = _("Kies een periode uit de lijst.")
        self.fields["granularity"].error_messages["invalid_choice"] = _(
            "Kies een indeling uit de lijst."
        )
        kinds = [c for c in KIND_CHOICES if c[0] in question.kinds]
        if len(question.kinds) > 1 and question.default_kind is None:
            kinds = [KIND_CHOICES[0], *kinds]
        self.fields["kind"].choices = kinds
        self.fields["kind"].error_messages["invalid_choice"] = _("Kies artsen of verpleegkundigen.")
        self.fields["doctor"].choices = [("", _("Alle artsen")), *doctors]
        self.fields["doctor"].error_messages["invalid_choice"] = _(
            "Kies een arts uit de lijst: die arts had geen zittingen op de gekozen bureaus."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        period = data.get("period") or DEFAULT_PERIOD
        data["period"] = period
        if period == CUSTOM:
            start, end = data.get("start"), data.get("end")
            if "start" not in self.errors and start is None:
                self.add_error("start", _("Vul een begindatum in (of kies een vaste periode)."))
            if "end" not in self.errors and end is None:
                self.add_error("end", _("Vul een einddatum in (of kies een vaste periode)."))
            for name, value in (("start", start), ("end", end)):
                if value is not None and not (2000 <= value.year <= 2100):
                    self.add_error(name, _("Kies een datum tussen 2000 en 2100."))
            if start and end and not self.errors:
                if end < start:
                    self.add_error("end", _("De einddatum moet op of na de begindatum liggen."))
                elif end >= add_years(start, MAX_YEARS):
                    self.add_error(
                        "end",
                        _("Kies een periode van hoogstens %(years)s jaar.") % {"years": MAX_YEARS},
                    )
        else:
            data["start"], data["end"] = period_bounds(period, timezone.localdate())
        granularity = data.get("granularity") or DEFAULT_GRANULARITY
        data["granularity"] = granularity
        limit = GRANULARITY_LIMITS.get(granularity)
        if (
            limit
            and data.get("start")
            and data.get("end")
            and (data["end"] - data["start"]).days >= limit[0]
            and not self.errors
        ):
            self.add_error("granularity", limit[1])
        data["kind"] = data.get("kind") or self.question.default_kind
        return data


def _int_or_404(value: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


@dataclass
class Parsed:
    """The outcome of parsing: the filter (None when the form has errors) and the bound form."""

    filter: DashboardFilter | None
    form: FilterForm | None
    organisers: list[Organisation]
    bureaus: list[Organisation]
    errors: dict[str, list[str]] = field(default_factory=dict)


def parse(user: Any, question: Question, params: Any) -> Parsed:
    """Parse the query parameters for `question` as seen by `user`.

    Raises Http404 for an organiser or bureau the user may not see. With no bureau the user may
    see at all, returns an empty Parsed (filter None, no form)."""
    # The organisers and the chosen organiser's bureaus only: the agency may see 300 bureaus,
    # and loading them all (with their organisers) took half of an API request's time.
    visible = policies.dashboard_bureaus_visible_to(user)
    organisers = list(
        policies.dashboard_organisers_visible_to(user).only("id", "name", "code", "kind")
    )
    if not organisers:
        if params.getlist("bureau") or params.get("organiser"):
            raise Http404
        return Parsed(None, None, [], [])
    chosen_ids = [_int_or_404(v) for v in params.getlist("bureau") if v != ""]
    organiser_of_chosen = dict(visible.filter(pk__in=chosen_ids).values_list("pk", "parent_id"))
    if any(pk not in organiser_of_chosen for pk in chosen_ids):
        raise Http404
    if params.get("organiser"):
        organiser_id = _int_or_404(params["organiser"])
    elif chosen_ids:
        organiser_id = organiser_of_chosen[chosen_ids[0]]
    else:
        organiser_id = organisers[0].pk
    organiser = next((o for o in organisers if o.pk == organiser_id), None)
    if organiser is None:
        raise Http404
    of_organiser = list(
        visible.filter(parent=organiser)
        .only("id", "name", "code", "kind", "parent")
        .order_by("name")
    )
    for bureau in of_organiser:
        bureau.parent = organiser  # the one organiser, not a query per bureau
    # Bureaus of another organiser the user may also see are left out (the organiser changed).
    chosen = [b for b in of_organiser if b.pk in set(chosen_ids)]
    bureaus = chosen or of_organiser

    doctors: list[tuple[int, str]] = []
    if question.needs_doctor:
        from . import selectors

        doctors = selectors.doctors_of([b.pk for b in bureaus])
    data = params.copy()
    # Unset choices show their defaults (a bound form would otherwise select the first option).
    for key, default in (("period", DEFAULT_PERIOD), ("granularity", DEFAULT_GRANULARITY)):
        if not data.get(key):
            data[key] = default
    form = FilterForm(data, question=question, doctors=doctors)
    if not form.is_valid():
        return Parsed(None, form, organisers, of_organiser, errors=form.errors.get_json_data())
    data = form.cleaned_data
    doctor_id = data.get("doctor") if question.needs_doctor else None
    return Parsed(
        DashboardFilter(
            organiser=organiser,
            bureaus=tuple(bureaus),
            all_bureaus=not chosen,
            period=data["period"],
            start=data["start"],
            end=data["end"],
            granularity=data["granularity"] if question.uses_granularity else GLOBAL,
            kind=data["kind"],
            doctor_id=doctor_id,
            doctor_name=dict(doctors).get(doctor_id, "") if doctor_id else "",
            visible_bureaus=tuple(of_organiser),
        ),
        form,
        organisers,
        of_organiser,
    )
