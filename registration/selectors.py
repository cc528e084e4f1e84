"""Reads of the registration app, scoped by accounts.policies; each owns its joins.

The daily page is read by `day_page` with a fixed number of queries, whatever the number of
entries, days or activities (tests/registration/test_day_page.py counts them).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts import policies
from accounts.models import Organisation

from . import rules, workdays
from .models import (
    Activity,
    AnalysisResult,
    AnalysisRun,
    Cluster,
    DayOff,
    Participation,
    ProviderProfile,
    RegistrationStatus,
    RegistrationStudy,
    TimeEntry,
)

RECENT_DAYS = 28
RECENT_LIMIT = 6

# --- Catalogue ------------------------------------------------------------------------------------


@dataclass
class CatalogueCluster:
    cluster: Cluster
    activities: list[Activity] = field(default_factory=list)


@dataclass
class Catalogue:
    clusters: list[CatalogueCluster]
    activities: dict[int, Activity]

    @property
    def explained_activities(self) -> list[Activity]:
        """Activities with an explanation, once per code (direct contact is in three clusters)."""
        seen: dict[str, Activity] = {}
        for activity in self.activities.values():
            if activity.description:
                seen.setdefault(activity.code, activity)
        return list(seen.values())


CATALOGUE_CACHE_KEY = "registration:catalogue:v1"
CATALOGUE_CACHE_SECONDS = 300


def catalogue() -> Catalogue:
    """Active clusters with their active activities, in order: cached, else one query.

    Every page and every save needs it; it changes only in the admin, which clears the cache.
    """
    cached = cache.get(CATALOGUE_CACHE_KEY)
    if cached is None:
        cached = _catalogue_from_database()
        cache.set(CATALOGUE_CACHE_KEY, cached, CATALOGUE_CACHE_SECONDS)
    return cached


def forget_catalogue() -> None:
    cache.delete(CATALOGUE_CACHE_KEY)


def _catalogue_from_database() -> Catalogue:
    rows = (
        Activity.objects.filter(is_active=True, cluster__is_active=True)
        .select_related("cluster")
        .order_by("cluster__order", "cluster__code", "order", "code")
    )
    clusters: dict[int, CatalogueCluster] = {}
    activities: dict[int, Activity] = {}
    for activity in rows:
        entry = clusters.setdefault(activity.cluster_id, CatalogueCluster(activity.cluster))
        entry.activities.append(activity)
        activities[activity.pk] = activity
    return Catalogue(list(clusters.values()), activities)


# --- The provider's own registration --------------------------------------------------------------


def _own_profiles(user: Any) -> QuerySet[ProviderProfile]:
    return policies.registration_own_profiles(user).select_related(
        "participation__study", "participation__facility"
    )


def provider_current(user: Any, *, today: date | None = None) -> ProviderProfile:
    """The place on a provider list the daily page works with: the open study first.

    404 when the user is on no list (a care provider of a facility outside every study).
    """
    today = today or timezone.localdate()
    profiles = list(
        _own_profiles(user)
        .filter(participation__study__raw_deleted_at__isnull=True)
        .order_by("-participation__study__starts_on")
    )
    if not profiles:
        raise Http404("not on a provider list")
    open_ones = [p for p in profiles if p.participation.study.edits_until >= today]
    return (open_ones or profiles)[0]


def entry_get_for_user(user: Any, pk: int) -> TimeEntry:
    """404 for an entry that does not exist and for one of somebody else alike."""
    return get_object_or_404(
        policies.registration_entries_visible_to(user).select_related(
            "activity__cluster",
            "provider__participation__study",
            "provider__participation__facility",
        ),
        pk=pk,
    )


@dataclass
class WeekDay:
    day: date
    minutes: int
    is_working_day: bool
    in_period: bool
    is_off: bool
    is_future: bool


@dataclass
class DayPage:
    provider: ProviderProfile
    study: RegistrationStudy
    day: date
    today: date
    entries: list[TimeEntry]
    day_minutes: int
    week: list[WeekDay]
    week_minutes: int
    week_expected_minutes: int
    week_warning: str
    week_complete: bool
    catalogue: Catalogue
    recent: list[Activity]
    copy_source: date | None
    is_off: bool
    problem: rules.Problem | None  # why the day is read-only (closed, future, outside, ...)

    @property
    def read_only(self) -> bool:
        return self.problem is not None

    @property
    def previous_day(self) -> date | None:
        before = self.day - timedelta(days=1)
        return before if before >= self.study.starts_on else None

    @property
    def next_day(self) -> date | None:
        after = self.day + timedelta(days=1)
        return after if after <= min(self.study.ends_on, self.today) else None


def day_page(provider: ProviderProfile, day: date, *, today: date | None = None) -> DayPage:
    """Everything the daily page shows, in five queries."""
    from . import services

    today = today or timezone.localdate()
    study = provider.participation.study
    monday = workdays.week_start(day)
    sunday = monday + timedelta(days=6)

    week_entries = list(
        TimeEntry.objects.filter(provider=provider, day__range=(monday, sunday))
        .select_related("activity__cluster")
        .order_by("activity__cluster__order", "activity__order", "pk")
    )
    off_days = set(
        DayOff.objects.filter(provider=provider, day__range=(monday, sunday)).values_list(
            "day", flat=True
        )
    )
    recent_rows = list(
        TimeEntry.objects.filter(
            provider=provider, day__lte=day, day__gt=day - timedelta(RECENT_DAYS)
        )
        .values("activity_id")
        .annotate(last=Max("day"), uses=Count("id"))
        .order_by("-last", "-uses")[:RECENT_LIMIT]
    )
    copy_source = (
        TimeEntry.objects.filter(provider=provider, day__lt=day)
        .order_by("-day")
        .values_list("day", flat=True)
        .first()
    )
    cat = catalogue()

    per_day: dict[date, int] = defaultdict(int)
    for entry in week_entries:
        per_day[entry.day] += entry.minutes
    week = [
        WeekDay(
            day=d,
            minutes=per_day[d],
            is_working_day=workdays.is_working_day(d),
            in_period=study.contains(d),
            is_off=d in off_days,
            is_future=d > today,
        )
        for d in workdays.days_between(monday, sunday)
    ]
    week_minutes = sum(per_day.values())
    expected = (
        rules.expected_week_minutes(
            provider.weekly_clinical_hours,
            week_first_day=monday,
            starts_on=study.starts_on,
            ends_on=study.ends_on,
        )
        if provider.weekly_clinical_hours
        else 0
    )
    last_working = max((w.day for w in week if w.is_working_day and w.in_period), default=sunday)
    complete = today > last_working
    problem = None
    try:
        services.check_can_write(provider, day, today=today)
    except services.RuleError as error:
        problem = error.problem
    return DayPage(
        provider=provider,
        study=study,
        day=day,
        today=today,
        entries=[e for e in week_entries if e.day == day],
        day_minutes=per_day[day],
        week=week,
        week_minutes=week_minutes,
        week_expected_minutes=expected,
        week_warning=rules.week_warning(week_minutes, expected) if complete else "",
        week_complete=complete,
        catalogue=cat,
        recent=[
            cat.activities[r["activity_id"]]
            for r in recent_rows
            if r["activity_id"] in cat.activities
        ],
        copy_source=copy_source,
        is_off=day in off_days,
        problem=problem,
    )


def entries_for_user(
    user: Any, *, first: date | None = None, last: date | None = None
) -> QuerySet[TimeEntry]:
    rows = policies.registration_entries_visible_to(user).select_related("activity__cluster")
    if first:
        rows = rows.filter(day__gte=first)
    if last:
        rows = rows.filter(day__lte=last)
    return rows.order_by("day", "activity__cluster__order", "activity__order")


# --- Studies, participation, provider lists -------------------------------------------------------


def studies_for_user(user: Any) -> QuerySet[RegistrationStudy]:
    return policies.registration_studies_visible_to(user).annotate(
        facility_count=Count("participations", distinct=True),
        signed_count=Count(
            "participations",
            filter=Q(participations__agreement_signed_at__isnull=False),
            distinct=True,
        ),
    )


def study_get_for_user(user: Any, study_id: int) -> RegistrationStudy:
    return get_object_or_404(policies.registration_studies_visible_to(user), pk=study_id)


def study_get_for_admin(user: Any, study_id: int) -> RegistrationStudy:
    if not policies.is_registration_study_admin(user):
        raise Http404
    return get_object_or_404(RegistrationStudy, pk=study_id)


def participation_get_for_user(user: Any, study_id: int, facility_id: int) -> Participation:
    return get_object_or_404(
        policies.registration_participations_visible_to(user).select_related("study", "facility"),
        study_id=study_id,
        facility_id=facility_id,
    )


def participations_of_director(user: Any, study: RegistrationStudy) -> list[Participation]:
    return list(
        policies.registration_participations_visible_to(user)
        .filter(study=study)
        .select_related("facility", "agreement_signed_by")
        .order_by("facility__name")
    )


def study_participations(study: RegistrationStudy) -> list[Participation]:
    """The agency's overview: per facility, signed or not and how many providers register."""
    return list(
        study.participations.select_related("facility", "agreement_signed_by")
        .annotate(
            provider_count=Count("providers", distinct=True),
            registering_count=Count(
                "providers",
                filter=Q(providers__status=RegistrationStatus.REGISTERS),
                distinct=True,
            ),
        )
        .order_by("facility__facility_type", "facility__name")
    )


def providers_of_participation(user: Any, participation: Participation) -> list[ProviderProfile]:
    return list(
        policies.registration_providers_visible_to(user)
        .filter(participation=participation)
        .select_related("user")
        .annotate(entry_days=Count("entries__day", distinct=True))
        .order_by("last_name", "first_name")
    )


def provider_get_for_user(user: Any, participation: Participation, pk: int) -> ProviderProfile:
    return get_object_or_404(
        policies.registration_providers_visible_to(user).select_related(
            "participation__study", "participation__facility", "user"
        ),
        participation=participation,
        pk=pk,
    )


# --- Completeness ---------------------------------------------------------------------------------


@dataclass
class ProviderCompleteness:
    provider: ProviderProfile
    missing: list[date]
    registered_days: int
    expected_days: int

    @property
    def percent(self) -> int:
        if not self.expected_days:
            return 100
        return round(100 * (self.expected_days - len(self.missing)) / self.expected_days)


@dataclass
class Completeness:
    participation: Participation
    through: date
    working_days: list[date]
    rows: list[ProviderCompleteness]

    @property
    def complete_count(self) -> int:
        return sum(1 for row in self.rows if not row.missing)


def completeness(participation: Participation, *, today: date | None = None) -> Completeness:
    """Working days of the period up to yesterday without entries or day-off, per provider.

    Only which days are empty, never what colleagues registered: three queries in total.
    """
    today = today or timezone.localdate()
    study = participation.study
    through = min(study.ends_on, today - timedelta(days=1))
    days = workdays.working_days(study.starts_on, through) if through >= study.starts_on else []
    providers = list(
        participation.providers.filter(status=RegistrationStatus.REGISTERS).order_by(
            "last_name", "first_name"
        )
    )
    filled: dict[int, set[date]] = defaultdict(set)
    entry_days = (
        TimeEntry.objects.filter(
            provider__participation=participation, day__range=(study.starts_on, through)
        )
        .values_list("provider_id", "day")
        .distinct()
    )
    for provider_id, day in entry_days:
        filled[provider_id].add(day)
    registered = {pid: len(d) for pid, d in filled.items()}
    for provider_id, day in DayOff.objects.filter(
        provider__participation=participation, day__range=(study.starts_on, through)
    ).values_list("provider_id", "day"):
        filled[provider_id].add(day)
    rows = [
        ProviderCompleteness(
            provider=p,
            missing=[d for d in days if d not in filled[p.pk]],
            registered_days=registered.get(p.pk, 0),
            expected_days=len(days),
        )
        for p in providers
    ]
    return Completeness(participation, through, days, rows)


def providers_to_nudge(today: date) -> QuerySet[ProviderProfile]:
    """Registering providers of open studies with nothing on `today`, who still want a nudge."""
    has_entry = TimeEntry.objects.filter(provider=OuterRef("pk"), day=today)
    day_off = DayOff.objects.filter(provider=OuterRef("pk"), day=today)
    return (
        ProviderProfile.objects.filter(
            status=RegistrationStatus.REGISTERS,
            nudges_enabled=True,
            user__isnull=False,
            user__is_active=True,
            participation__agreement_signed_at__isnull=False,
            participation__study__send_nudges=True,
            participation__study__starts_on__lte=today,
            participation__study__ends_on__gte=today,
            participation__study__raw_deleted_at__isnull=True,
        )
        .exclude(last_nudged_on=today)
        .filter(~Exists(has_entry), ~Exists(day_off))
        .select_related("user", "participation__study", "participation__facility")
    )


# --- Analyses -------------------------------------------------------------------------------------


def latest_run(study: RegistrationStudy) -> AnalysisRun | None:
    return study.analysis_runs.order_by("-requested_at", "-pk").first()


def latest_done_run(study: RegistrationStudy) -> AnalysisRun | None:
    return (
        study.analysis_runs.filter(status=AnalysisRun.Status.DONE)
        .order_by("-finished_at", "-pk")
        .first()
    )


def facility_get_for_user(user: Any, facility_id: int) -> Organisation:
    return get_object_or_404(policies.registration_facilities_visible_to(user), pk=facility_id)


def facilities_for_study_form() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=Organisation.Kind.CARE_FACILITY).order_by(
        "facility_type", "name"
    )


def study_with_participations(study: RegistrationStudy) -> RegistrationStudy:
    return RegistrationStudy.objects.prefetch_related(
        Prefetch("participations", queryset=Participation.objects.select_related("facility"))
    ).get(pk=study.pk)


def participation_entry_totals(participation: Participation) -> dict[str, int]:
    totals = TimeEntry.objects.filter(provider__participation=participation).aggregate(
        minutes=Sum("minutes"), rows=Count("id")
    )
    return {"minutes": totals["minutes"] or 0, "rows": totals["rows"]}


def report_labels() -> Any:
    """Labels for stored results (codes): every cluster and activity, also inactive ones."""
    from .reports import Labels

    activities = Activity.objects.select_related("cluster").order_by("cluster__order", "order")
    clusters: dict[str, str] = {}
    names: dict[tuple[str, str], str] = {}
    for activity in activities:
        clusters.setdefault(activity.cluster.code, activity.cluster.label)
        names[(activity.cluster.code, activity.code)] = activity.label
    return Labels(
        clusters=clusters,
        activities=names,
        facility_types={"car": "CAR", "cgg": "CGG"},
        sizes={k: str(v) for k, v in Organisation.SizeClass.choices},
    )


def facility_result(
    user: Any, run: AnalysisRun | None, facility: Organisation
) -> AnalysisResult | None:
    """A facility's stored report of the run, if the user may read it (and it exists)."""
    if run is None:
        return None
    return policies.registration_results_visible_to(user).filter(run=run, facility=facility).first()


def sector_result(user: Any, run: AnalysisRun | None) -> AnalysisResult | None:
    if run is None:
        return None
    return (
        policies.registration_results_visible_to(user)
        .filter(run=run, facility__isnull=True)
        .first()
    )


def research_rows(study: RegistrationStudy) -> Any:
    """Every raw entry of the study with the provider's profile, for the research export.

    Streams in chunks; names and e-mail addresses are not selected at all.
    """
    return (
        TimeEntry.objects.filter(provider__participation__study=study)
        .order_by("provider__participation__facility_id", "provider_id", "day", "activity_id")
        .values_list(
            "provider__participation__facility_id",
            "provider__participation__facility__facility_type",
            "provider__participation__facility__size_class",
            "provider_id",
            "provider__care_function",
            "provider__weekly_clinical_hours",
            "provider__monthly_clinical_cost",
            "provider__youth_share_percent",
            "provider__seniority_years",
            "day",
            "activity__cluster__code",
            "activity__code",
            "minutes",
        )
        .iterator(chunk_size=5000)
    )
