"""Writes of the registration app: studies, participation, provider lists, daily entries.

Every write is atomic, validated (`full_clean`) and audited. Time entries follow the rules in
`registration.rules`; the same services serve the pages, the API and the Excel upload.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit, invitations
from accounts.models import Membership, Organisation, Role, User
from accounts.services import membership_create, user_get_or_create

from . import rules
from .models import (
    Activity,
    AnalysisResult,
    AnalysisRun,
    DayOff,
    FullTimeTotal,
    FullTimeUpload,
    Participation,
    ProviderProfile,
    RegistrationStatus,
    RegistrationStudy,
    TimeEntry,
)

if TYPE_CHECKING:
    from django.http import HttpRequest

INVITATION_PURPOSE = "registration_provider"


class RuleError(ValidationError):
    """A registration rule refused the write; `code` tells which (see registration.rules)."""

    def __init__(self, problem: rules.Problem) -> None:
        super().__init__(problem.message, code=problem.code)
        self.problem = problem


def _raise(problem: rules.Problem | None) -> None:
    if problem is not None:
        raise RuleError(problem)


# --- Studies and participation --------------------------------------------------------------------

STUDY_FIELDS = (
    "name",
    "starts_on",
    "ends_on",
    "edits_until",
    "delete_raw_on",
    "agreement_text",
    "send_nudges",
)


@transaction.atomic
def study_create(
    *,
    actor: User,
    facilities: Iterable[Organisation],
    request: HttpRequest | None = None,
    **fields: Any,
) -> RegistrationStudy:
    study = RegistrationStudy(created_by=actor, **{k: fields[k] for k in STUDY_FIELDS})
    study.full_clean()
    study.save()
    _participations_sync(study, list(facilities))
    audit.record(
        action="registration_study.create",
        category=audit.Category.CREATE,
        request=request,
        actor=actor,
        obj=study,
        details={"facilities": study.participations.count()},
    )
    return study


@transaction.atomic
def study_update(
    *,
    actor: User,
    study: RegistrationStudy,
    facilities: Iterable[Organisation],
    request: HttpRequest | None = None,
    **fields: Any,
) -> RegistrationStudy:
    changed = [k for k in STUDY_FIELDS if k in fields and getattr(study, k) != fields[k]]
    for name in changed:
        setattr(study, name, fields[name])
    study.full_clean()
    if changed:
        study.save(update_fields=changed)
    added, removed = _participations_sync(study, list(facilities))
    audit.record(
        action="registration_study.update",
        category=audit.Category.UPDATE,
        request=request,
        actor=actor,
        obj=study,
        details={"fields": changed, "facilities_added": added, "facilities_removed": removed},
    )
    return study


def _participations_sync(
    study: RegistrationStudy, facilities: list[Organisation]
) -> tuple[int, int]:
    wanted = {f.pk for f in facilities}
    existing = {p.facility_id: p for p in study.participations.all()}
    to_remove = [p for fid, p in existing.items() if fid not in wanted]
    blocked = [p for p in to_remove if p.providers.exists()]
    if blocked:
        names = ", ".join(str(p.facility) for p in blocked)
        raise ValidationError(
            {
                "facilities": _(
                    "%(names)s heeft al zorgverleners op de lijst. Verwijder die eerst, of laat "
                    "de voorziening in de studie."
                )
                % {"names": names}
            }
        )
    for participation in to_remove:
        participation.delete()
    new = [Participation(study=study, facility_id=fid) for fid in wanted - existing.keys()]
    for participation in new:
        participation.full_clean(exclude=["study"])
    Participation.objects.bulk_create(new)
    return len(new), len(to_remove)


def agreement_fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@transaction.atomic
def participation_sign(
    *, actor: User, participation: Participation, request: HttpRequest | None = None
) -> Participation:
    """The director signs the agreement text as it reads now (its fingerprint is kept)."""
    participation = Participation.objects.select_for_update().get(pk=participation.pk)
    if participation.agreement_signed_at:
        return participation
    participation.agreement_signed_at = timezone.now()
    participation.agreement_signed_by = actor
    participation.agreement_sha256 = agreement_fingerprint(participation.study.agreement_text)
    participation.save(
        update_fields=["agreement_signed_at", "agreement_signed_by", "agreement_sha256"]
    )
    audit.record(
        action="registration_participation.sign",
        category=audit.Category.UPDATE,
        request=request,
        actor=actor,
        organisation=participation.facility,
        obj=participation,
        legal_basis="deelnameovereenkomst",
        details={"sha256": participation.agreement_sha256},
    )
    return participation


# --- Provider list --------------------------------------------------------------------------------

PROVIDER_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "care_function",
    "status",
    "weekly_clinical_hours",
    "monthly_clinical_cost",
    "monthly_total_wage_cost",
    "youth_share_percent",
    "seniority_years",
)


@transaction.atomic
def provider_create(
    *,
    actor: User,
    participation: Participation,
    request: HttpRequest | None = None,
    **fields: Any,
) -> ProviderProfile:
    provider = ProviderProfile(
        participation=participation, **{k: fields.get(k) for k in PROVIDER_FIELDS}
    )
    provider.email = (provider.email or "").strip().lower()
    provider.full_clean(exclude=["user"])
    _check_email_free(provider)
    provider.save()
    audit.record(
        action="registration_provider.create",
        category=audit.Category.CREATE,
        request=request,
        actor=actor,
        organisation=participation.facility,
        obj=provider,
        details={"status": provider.status},
    )
    if provider.registers:
        provider_link_account(actor=actor, provider=provider, request=request)
    return provider


@transaction.atomic
def provider_update(
    *,
    actor: User,
    provider: ProviderProfile,
    request: HttpRequest | None = None,
    **fields: Any,
) -> ProviderProfile:
    if provider.user_id and "email" in fields:
        fields["email"] = provider.email  # the account decides the address once linked
    changed = [k for k in PROVIDER_FIELDS if k in fields and getattr(provider, k) != fields[k]]
    for name in changed:
        setattr(provider, name, fields[name])
    provider.email = provider.email.strip().lower()
    provider.full_clean(exclude=["user"])
    _check_email_free(provider)
    if changed:
        provider.save(update_fields=[*changed, "updated_at"])
    # Field names only: the audit log never holds wages or other free values.
    audit.record(
        action="registration_provider.update",
        category=audit.Category.UPDATE,
        request=request,
        actor=actor,
        organisation=provider.participation.facility,
        obj=provider,
        details={"fields": changed},
    )
    if provider.registers and not provider.user_id:
        provider_link_account(actor=actor, provider=provider, request=request)
    return provider


def _check_email_free(provider: ProviderProfile) -> None:
    clash = ProviderProfile.objects.filter(
        participation=provider.participation, email__iexact=provider.email
    ).exclude(pk=provider.pk)
    if clash.exists():
        raise ValidationError(
            {"email": _("Dit e-mailadres staat al op de lijst van deze voorziening.")}
        )


@transaction.atomic
def provider_delete(
    *, actor: User, provider: ProviderProfile, request: HttpRequest | None = None
) -> None:
    if provider.entries.exists():
        raise ValidationError(
            _(
                "%(name)s heeft al registraties. Zet de registratie op ‘registreert niet’ in "
                "plaats van de persoon te verwijderen."
            )
            % {"name": provider.full_name}
        )
    audit.record(
        action="registration_provider.delete",
        category=audit.Category.DELETE,
        request=request,
        actor=actor,
        organisation=provider.participation.facility,
        obj=provider,
    )
    provider.delete()


def provider_link_account(
    *, actor: User, provider: ProviderProfile, request: HttpRequest | None = None
) -> ProviderProfile:
    """Give a registering provider an account and the care-provider role at the facility.

    One person, one account (matched by e-mail). A person who never set a password gets an
    invitation; someone who already uses the portal simply finds the registration tile.
    """
    facility = provider.participation.facility
    user, _created = user_get_or_create(
        email=provider.email,
        first_name=provider.first_name,
        last_name=provider.last_name,
        actor=actor,
    )
    if ProviderProfile.objects.filter(participation=provider.participation, user=user).exclude(
        pk=provider.pk
    ):
        raise ValidationError({"email": _("Deze persoon staat al op de lijst.")})
    provider.user = user
    provider.save(update_fields=["user", "updated_at"])
    has_role = (
        Membership.objects.active()
        .filter(user=user, organisation=facility, role=Role.CARE_PROVIDER)
        .exists()
    )
    if not has_role:
        try:
            with transaction.atomic():
                membership_create(
                    actor=actor,
                    user=user,
                    organisation=facility,
                    role=Role.CARE_PROVIDER,
                    request=request,
                )
        except IntegrityError:
            pass  # an open membership that starts later already exists: nothing to add
    if not user.has_usable_password():
        provider_invite(actor=actor, provider=provider, request=request)
    return provider


def provider_invite(
    *, actor: User, provider: ProviderProfile, request: HttpRequest | None = None
) -> ProviderProfile:
    """(Re)send the invitation e-mail; the link lets the person choose a password and set up MFA."""
    if not provider.user_id:
        raise ValidationError(_("Deze zorgverlener heeft nog geen account."))
    participation = provider.participation
    invitation, link = invitations.invitation_create(
        actor=actor,
        user=provider.user,
        purpose=INVITATION_PURPOSE,
        organisation=participation.facility,
        context={"study": participation.study_id},
        request=request,
    )
    subject = _("Tijdsregistratie %(study)s: je account") % {"study": participation.study.name}
    intro = _(
        "%(facility)s neemt deel aan de tijdsregistratie ‘%(study)s’. Je registreert elke dag "
        "hoeveel tijd je aan welke activiteit besteedt. Kies met deze link een wachtwoord en "
        "stel tweestapsverificatie in."
    ) % {"facility": participation.facility.name, "study": participation.study.name}
    transaction.on_commit(
        lambda: invitations.invitation_send(
            invitation=invitation, link=link, subject=subject, intro=intro
        )
    )
    provider.invited_at = timezone.now()
    provider.save(update_fields=["invited_at", "updated_at"])
    return provider


def provider_set_nudges(
    *, actor: User, provider: ProviderProfile, enabled: bool, request: HttpRequest | None = None
) -> ProviderProfile:
    if provider.nudges_enabled != enabled:
        provider.nudges_enabled = enabled
        provider.save(update_fields=["nudges_enabled", "updated_at"])
        audit.record(
            action="registration_provider.nudges",
            category=audit.Category.UPDATE,
            request=request,
            actor=actor,
            obj=provider,
            details={"enabled": enabled},
        )
    return provider


# --- Daily entries --------------------------------------------------------------------------------


def check_can_write(provider: ProviderProfile, day: date, *, today: date | None = None) -> None:
    """Raise RuleError when the provider may not change anything on `day` (in this order)."""
    today = today or timezone.localdate()
    study = provider.participation.study
    if not provider.participation.is_signed:
        raise RuleError(
            rules.Problem(
                "unsigned",
                _(
                    "Je voorziening heeft de deelnameovereenkomst nog niet ondertekend. "
                    "Daarna kan je registreren."
                ),
            )
        )
    if not provider.registers:
        raise RuleError(
            rules.Problem(
                "not_registering",
                _("Je staat op de lijst als ‘%(status)s’: je registreert niet zelf.")
                % {"status": provider.get_status_display()},
            )
        )
    _raise(
        rules.closed_problem(
            today=today, edits_until=study.edits_until, raw_deleted=bool(study.raw_deleted_at)
        )
    )
    _raise(
        rules.day_problem(day=day, today=today, starts_on=study.starts_on, ends_on=study.ends_on)
    )


def _day_total(provider: ProviderProfile, day: date, *, exclude_pk: int | None = None) -> int:
    rows = TimeEntry.objects.filter(provider=provider, day=day)
    if exclude_pk:
        rows = rows.exclude(pk=exclude_pk)
    return rows.aggregate(total=Sum("minutes"))["total"] or 0


def _check_activity(activity: Activity) -> None:
    if not activity.is_active or not activity.cluster.is_active:
        raise RuleError(rules.Problem("activity", _("Kies een activiteit uit de lijst.")))


def _record_entry(
    action: str, category: str, entry: TimeEntry, actor: User, request: HttpRequest | None
) -> None:
    audit.record(
        action=action,
        category=category,
        request=request,
        actor=actor,
        organisation=entry.provider.participation.facility,
        obj=entry,
        subject_ref=f"registration.providerprofile:{entry.provider_id}",
        details={"day": entry.day.isoformat(), "minutes": entry.minutes},
    )


@dataclass(frozen=True)
class EntryResult:
    entry: TimeEntry
    merged: bool  # the activity was already on the day: the time was added to that row


@transaction.atomic
def entry_add(
    *,
    actor: User,
    provider: ProviderProfile,
    day: date,
    activity: Activity,
    minutes: int,
    confirm_long_day: bool = False,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> EntryResult:
    check_can_write(provider, day, today=today)
    _raise(rules.duration_problem(minutes))
    _check_activity(activity)
    # One query reads (and locks) the whole day: the row to add to, and the day's total.
    day_entries = list(TimeEntry.objects.select_for_update().filter(provider=provider, day=day))
    existing = next((e for e in day_entries if e.activity_id == activity.pk), None)
    total = sum(e.minutes for e in day_entries) + minutes
    _raise(rules.day_total_problem(total, confirmed=confirm_long_day))
    if existing:
        existing.minutes += minutes
        _raise(rules.duration_problem(existing.minutes))
        existing.save(update_fields=["minutes", "updated_at"])
        entry, merged = existing, True
    else:
        entry = TimeEntry(provider=provider, day=day, activity=activity, minutes=minutes)
        # Provider and activity are loaded objects: no need to look them up again.
        entry.full_clean(
            exclude=["provider", "activity"], validate_unique=False, validate_constraints=False
        )
        entry.save()
        merged = False
    DayOff.objects.filter(provider=provider, day=day).delete()
    _record_entry(
        "time_entry.update" if merged else "time_entry.create",
        audit.Category.UPDATE if merged else audit.Category.CREATE,
        entry,
        actor,
        request,
    )
    return EntryResult(entry, merged)


@transaction.atomic
def entry_update(
    *,
    actor: User,
    entry: TimeEntry,
    minutes: int,
    activity: Activity | None = None,
    confirm_long_day: bool = False,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> TimeEntry:
    provider = entry.provider
    check_can_write(provider, entry.day, today=today)
    _raise(rules.duration_problem(minutes))
    fields = []
    if activity is not None and activity.pk != entry.activity_id:
        _check_activity(activity)
        if TimeEntry.objects.filter(provider=provider, day=entry.day, activity=activity).exists():
            raise RuleError(
                rules.Problem(
                    "duplicate",
                    _("‘%(activity)s’ staat al op deze dag. Pas die regel aan.")
                    % {"activity": activity.label},
                )
            )
        entry.activity = activity
        fields.append("activity")
    total = _day_total(provider, entry.day, exclude_pk=entry.pk) + minutes
    _raise(rules.day_total_problem(total, confirmed=confirm_long_day))
    if minutes != entry.minutes:
        entry.minutes = minutes
        fields.append("minutes")
    if fields:
        entry.save(update_fields=[*fields, "updated_at"])
        _record_entry("time_entry.update", audit.Category.UPDATE, entry, actor, request)
    return entry


@transaction.atomic
def entry_delete(
    *,
    actor: User,
    entry: TimeEntry,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> None:
    check_can_write(entry.provider, entry.day, today=today)
    _record_entry("time_entry.delete", audit.Category.DELETE, entry, actor, request)
    entry.delete()


@dataclass(frozen=True)
class CopyResult:
    source_day: date | None
    copied: int
    skipped: int


@transaction.atomic
def day_copy_previous(
    *,
    actor: User,
    provider: ProviderProfile,
    day: date,
    confirm_long_day: bool = False,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> CopyResult:
    """Copy the last earlier day with entries (yesterday, or Friday on a Monday) onto `day`.

    Activities already on `day` are left as they are (skipped), so copying twice adds nothing.
    """
    check_can_write(provider, day, today=today)
    source_day = (
        TimeEntry.objects.filter(provider=provider, day__lt=day)
        .order_by("-day")
        .values_list("day", flat=True)
        .first()
    )
    if source_day is None:
        return CopyResult(None, 0, 0)
    source = list(TimeEntry.objects.filter(provider=provider, day=source_day))
    present = set(
        TimeEntry.objects.filter(provider=provider, day=day).values_list("activity_id", flat=True)
    )
    new = [
        TimeEntry(provider=provider, day=day, activity_id=e.activity_id, minutes=e.minutes)
        for e in source
        if e.activity_id not in present
    ]
    total = _day_total(provider, day) + sum(e.minutes for e in new)
    _raise(rules.day_total_problem(total, confirmed=confirm_long_day))
    TimeEntry.objects.bulk_create(new)
    DayOff.objects.filter(provider=provider, day=day).delete()
    audit.record(
        action="time_entry.copy_day",
        category=audit.Category.CREATE,
        request=request,
        actor=actor,
        organisation=provider.participation.facility,
        obj=provider,
        subject_ref=f"registration.providerprofile:{provider.pk}",
        details={"day": day.isoformat(), "from": source_day.isoformat(), "copied": len(new)},
    )
    return CopyResult(source_day, len(new), len(source) - len(new))


@transaction.atomic
def day_off_set(
    *,
    actor: User,
    provider: ProviderProfile,
    day: date,
    off: bool,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> None:
    """Mark (or unmark) a day on which the provider did not work, e.g. a part-time free day."""
    check_can_write(provider, day, today=today)
    if off:
        if TimeEntry.objects.filter(provider=provider, day=day).exists():
            raise RuleError(
                rules.Problem(
                    "has_entries",
                    _("Deze dag heeft registraties. Verwijder die eerst als je niet werkte."),
                )
            )
        DayOff.objects.get_or_create(provider=provider, day=day)
    else:
        DayOff.objects.filter(provider=provider, day=day).delete()
    audit.record(
        action="registration_day_off.set" if off else "registration_day_off.clear",
        category=audit.Category.UPDATE,
        request=request,
        actor=actor,
        organisation=provider.participation.facility,
        obj=provider,
        subject_ref=f"registration.providerprofile:{provider.pk}",
        details={"day": day.isoformat()},
    )


# --- Reminders ------------------------------------------------------------------------------------


def nudges_send(*, today: date | None = None) -> int:
    """E-mail registering providers with nothing on today's working day. Returns how many.

    Run by Celery beat at the end of the working day; sending twice on a day is prevented by
    `last_nudged_on`, so a retried task does not nudge anyone again.
    """
    from django.conf import settings
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils import translation

    from . import selectors, workdays

    today = today or timezone.localdate()
    if not workdays.is_working_day(today):
        return 0
    providers = list(selectors.providers_to_nudge(today))
    link = settings.SITE_URL.rstrip("/") + reverse("registration:day", args=[today])
    sent = []
    with translation.override(settings.LANGUAGE_CODE):
        for provider in providers:
            context = {
                "provider": provider,
                "study": provider.participation.study,
                "day": today,
                "link": link,
            }
            send_mail(
                subject=render_to_string("emails/registration_nudge_subject.txt", context).strip(),
                message=render_to_string("emails/registration_nudge_body.txt", context),
                html_message=render_to_string("emails/registration_nudge_body.html", context),
                from_email=None,
                recipient_list=[provider.user.email],
            )
            sent.append(provider.pk)
    ProviderProfile.objects.filter(pk__in=sent).update(last_nudged_on=today)
    if sent:
        audit.record(
            action="registration.nudges_sent",
            category=audit.Category.UPDATE,
            details={"day": today.isoformat(), "count": len(sent)},
        )
    return len(sent)


# --- Analyses -------------------------------------------------------------------------------------


class AnalysisUnavailableError(ValidationError):
    pass


def analysis_request(
    *, actor: User, study: RegistrationStudy, request: HttpRequest | None = None
) -> AnalysisRun:
    """Queue an analysis of the study (one at a time); the work runs in Celery after commit."""
    from .tasks import run_study_analysis

    if study.raw_deleted_at:
        raise AnalysisUnavailableError(
            _(
                "De ruwe gegevens van deze studie zijn verwijderd; de bewaarde analyses blijven, "
                "maar een nieuwe analyse kan niet meer."
            )
        )
    with transaction.atomic():
        RegistrationStudy.objects.select_for_update().get(pk=study.pk)
        pending = study.analysis_runs.filter(
            status__in=[AnalysisRun.Status.QUEUED, AnalysisRun.Status.RUNNING]
        ).first()
        if pending:
            return pending
        run = AnalysisRun.objects.create(study=study, requested_by=actor)
        audit.record(
            action="registration_analysis.request",
            category=audit.Category.CREATE,
            request=request,
            actor=actor,
            obj=run,
        )
        transaction.on_commit(lambda: run_study_analysis.delay(run.pk))
    return run


def _progress(run: AnalysisRun, steps_done: int, **fields: Any) -> None:
    fields["steps_done"] = steps_done
    AnalysisRun.objects.filter(pk=run.pk).update(**fields)


def analysis_execute(*, run_id: int) -> AnalysisRun:
    """Compute and store the results of one run. Idempotent: a finished run is left alone.

    Steps (shown as progress): load the entries, compute, store the results.
    """
    import time

    from . import analysis
    from .analysis_data import load_inputs

    run = AnalysisRun.objects.select_related("study").get(pk=run_id)
    if run.status == AnalysisRun.Status.DONE:
        return run
    started = time.perf_counter()
    _progress(run, 0, status=AnalysisRun.Status.RUNNING, started_at=timezone.now(), error="")
    try:
        if run.study.raw_deleted_at:
            raise AnalysisUnavailableError(_("De ruwe gegevens zijn verwijderd."))
        inputs = load_inputs(run.study)
        _progress(run, 1)
        if inputs.rows.empty:
            raise AnalysisUnavailableError(_("Er zijn nog geen registraties om te analyseren."))
        output = analysis.compute(inputs)
        _progress(run, 2)
        with transaction.atomic():
            AnalysisResult.objects.filter(run=run).delete()
            AnalysisResult.objects.bulk_create(
                [AnalysisResult(run=run, scope=AnalysisResult.Scope.SECTOR, data=output.sector)]
                + [
                    AnalysisResult(
                        run=run,
                        scope=AnalysisResult.Scope.FACILITY,
                        facility_id=facility_id,
                        data=data,
                    )
                    for facility_id, data in output.facilities.items()
                ]
            )
            _progress(
                run,
                run.steps_total,
                status=AnalysisRun.Status.DONE,
                finished_at=timezone.now(),
                entries_used=output.rows_used,
                seconds=round(time.perf_counter() - started, 3),
            )
    except AnalysisUnavailableError as error:
        reason = " ".join(error.messages)[:300]
        _progress(run, run.steps_done, status=AnalysisRun.Status.FAILED, error=reason)
    except Exception:
        _progress(
            run,
            run.steps_done,
            status=AnalysisRun.Status.FAILED,
            error=_("Er ging iets mis bij het rekenen. Probeer het later opnieuw."),
        )
        raise  # the worker logs it; the page shows the failed run
    run.refresh_from_db()
    audit.record(
        action="registration_analysis.run",
        category=audit.Category.CREATE,
        obj=run,
        outcome=audit.Outcome.SUCCESS if run.status == run.Status.DONE else audit.Outcome.FAILURE,
        details={"entries": run.entries_used, "seconds": run.seconds},
    )
    return run


# --- Retention -----------------------------------------------------------------------------------

DELETE_BATCH = 50_000


def raw_data_delete(*, study: RegistrationStudy, actor: User | None = None) -> dict[str, int]:
    """Delete a study's raw data: entries, days off, full-time totals and the provider lists with
    their cost data. Participations and the stored analyses (aggregates) stay.

    Entries go in batches so a million rows never hold one long lock; the rest in one
    transaction that also marks the study, so a retry after a crash simply continues.
    """
    entries = TimeEntry.objects.filter(provider__participation__study=study)
    deleted_entries = 0
    while True:
        batch = list(entries.values_list("pk", flat=True)[:DELETE_BATCH])
        if not batch:
            break
        deleted_entries += TimeEntry.objects.filter(pk__in=batch).delete()[0]
    with transaction.atomic():
        study = RegistrationStudy.objects.select_for_update().get(pk=study.pk)
        providers = ProviderProfile.objects.filter(participation__study=study)
        counts = {
            "entries": deleted_entries,
            "days_off": DayOff.objects.filter(provider__in=providers).delete()[0],
            "full_time_uploads": FullTimeUpload.objects.filter(participation__study=study).delete()[
                0
            ],
            "providers": providers.count(),
        }
        providers.delete()
        if study.raw_deleted_at is None:
            study.raw_deleted_at = timezone.now()
            study.save(update_fields=["raw_deleted_at"])
        audit.record(
            action="registration_study.raw_data_deleted",
            category=audit.Category.DELETE,
            actor=actor,
            obj=study,
            details=counts,
        )
    return counts


def raw_data_delete_expired(*, today: date | None = None) -> list[int]:
    """Delete the raw data of every study whose deletion date has come. Returns the study ids."""
    today = today or timezone.localdate()
    due = list(
        RegistrationStudy.objects.filter(delete_raw_on__lte=today, raw_deleted_at__isnull=True)
    )
    for study in due:
        raw_data_delete(study=study)
    return [study.pk for study in due]


# --- Full-time single-activity staff (Excel) ------------------------------------------------------

OUTSIDE_FRAMEWORK = "outside_framework"


class UploadRejectedError(Exception):
    """The file had problems; nothing was stored. `result.errors` lists them per line."""

    def __init__(self, result: Any) -> None:
        super().__init__("upload rejected")
        self.result = result


def full_time_expected(participation: Participation) -> list[ProviderProfile]:
    return list(
        participation.providers.filter(status=RegistrationStatus.SINGLE_ACTIVITY).order_by(
            "last_name", "first_name"
        )
    )


def full_time_activities() -> dict[str, str]:
    """Activity codes and Dutch labels of the cluster outside the framework (template language)."""
    return dict(
        Activity.objects.filter(cluster__code=OUTSIDE_FRAMEWORK, is_active=True)
        .order_by("order")
        .values_list("code", "name")
    )


def full_time_max_hours(participation: Participation, provider_hours: Any) -> Any:
    from decimal import Decimal

    from . import workdays

    study = participation.study
    days = len(workdays.working_days(study.starts_on, study.ends_on))
    return (Decimal(provider_hours or 0) * days / 5 * Decimal("1.2")).quantize(Decimal("0.25"))


@transaction.atomic
def full_time_upload(
    *,
    actor: User,
    participation: Participation,
    file_name: str,
    content: bytes,
    request: HttpRequest | None = None,
) -> FullTimeUpload:
    """Validate the whole Excel first; store its totals only when every line is right.

    A new file replaces the totals of the previous one (the latest file counts).
    """
    from . import fulltime

    check_upload_allowed(participation)
    providers = full_time_expected(participation)
    result = fulltime.parse(
        content,
        file_name,
        expected=[
            fulltime.Expected(
                p.email, p.full_name, full_time_max_hours(participation, p.weekly_clinical_hours)
            )
            for p in providers
        ],
        activities=full_time_activities(),
    )
    if not result.ok:
        raise UploadRejectedError(result)
    by_email = {p.email.casefold(): p for p in providers}
    activities = {a.code: a for a in Activity.objects.filter(cluster__code=OUTSIDE_FRAMEWORK)}
    FullTimeTotal.objects.filter(provider__participation=participation).delete()
    upload = FullTimeUpload.objects.create(
        participation=participation,
        file_name=file_name[:200],
        file_sha256=hashlib.sha256(content).hexdigest(),
        rows=len(result.lines),
        uploaded_by=actor,
    )
    FullTimeTotal.objects.bulk_create(
        FullTimeTotal(
            provider=by_email[line.email.casefold()],
            activity=activities[line.activity_code],
            minutes=line.minutes,
            upload=upload,
        )
        for line in result.lines
    )
    audit.record(
        action="registration_full_time.upload",
        category=audit.Category.CREATE,
        request=request,
        actor=actor,
        organisation=participation.facility,
        obj=upload,
        details={"rows": len(result.lines)},
    )
    return upload


def check_upload_allowed(participation: Participation, *, today: date | None = None) -> None:
    today = today or timezone.localdate()
    study = participation.study
    if not participation.is_signed:
        raise RuleError(rules.Problem("unsigned", _("Onderteken eerst de deelnameovereenkomst.")))
    _raise(
        rules.closed_problem(
            today=today, edits_until=study.edits_until, raw_deleted=bool(study.raw_deleted_at)
        )
    )
