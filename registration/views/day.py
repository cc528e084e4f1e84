"""The care provider's daily page: server-rendered, fast, usable by keyboard and on a phone.

Every action posts a small form and returns to the day (post/redirect/get); registration.js only
adds the cluster filter, the search box, shortcuts and inline confirmation on top.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import policies

from .. import rules, selectors, services
from ..forms import HOUR_CHOICES, MINUTE_CHOICES, EntryEditForm, EntryForm, NudgeForm
from ..models import ProviderProfile


def _day_url(day: date, anchor: str = "") -> str:
    return reverse("registration:day", args=[day]) + (f"#{anchor}" if anchor else "")


def _provider_or_none(request: HttpRequest) -> ProviderProfile | None:
    try:
        return selectors.provider_current(request.user)
    except Http404:
        return None


def _render_day(
    request: HttpRequest,
    provider: ProviderProfile,
    day: date,
    *,
    form: EntryForm | None = None,
    edit_form: tuple[int, EntryEditForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    page = selectors.day_page(provider, day)
    if form is None:
        wanted = request.GET.get("activiteit", "")
        initial = {"activity": int(wanted)} if wanted.isdigit() else {}
        form = EntryForm(catalogue=page.catalogue, initial=initial)
    for entry in page.entries:
        if edit_form and edit_form[0] == entry.pk:
            entry.edit_form = edit_form[1]
        else:
            entry.edit_form = EntryEditForm(
                prefix=f"edit-{entry.pk}",
                initial={"hours": entry.minutes // 60, "minutes": entry.minutes % 60},
            )
    context = {
        "page": page,
        "form": form,
        "long_day": _needs_confirmation(form)
        or bool(edit_form and _needs_confirmation(edit_form[1])),
        "nudge_form": NudgeForm(),
        "hour_choices": HOUR_CHOICES,
        "minute_choices": [(m, f"{m:02d}") for m, _label in MINUTE_CHOICES],
    }
    return render(request, "registration/day.html", context, status=status)


def _needs_confirmation(form: EntryForm | EntryEditForm) -> bool:
    return bool(form.is_bound and getattr(form, "long_day", False))


@policies.requires("registration_provider")
def day_today(request: HttpRequest) -> HttpResponse:
    """Opens on today, or on the last day of the period once it is over; `?datum=` jumps."""
    provider = _provider_or_none(request)
    if provider is None:
        return render(request, "registration/not_on_list.html")
    wanted = request.GET.get("datum")
    if wanted is not None:
        day = parse_date(wanted) if wanted else None
        if day is None:
            messages.error(request, _("Kies een datum met de datumkiezer, bv. 14/10/2024."))
        else:
            return redirect(_day_url(day))
    study = provider.participation.study
    return _render_day(request, provider, study.last_open_day(timezone.localdate()))


@policies.requires("registration_provider")
def day_view(request: HttpRequest, day: date) -> HttpResponse:
    provider = _provider_or_none(request)
    if provider is None:
        return render(request, "registration/not_on_list.html")
    return _render_day(request, provider, day)


@policies.requires("registration_provider")
@require_POST
def entry_add(request: HttpRequest, day: date) -> HttpResponse:
    provider = selectors.provider_current(request.user)
    form = EntryForm(request.POST, catalogue=selectors.catalogue())
    if form.is_valid():
        try:
            result = services.entry_add(
                actor=request.user,
                provider=provider,
                day=day,
                activity=form.cleaned_data["activity"],
                minutes=form.cleaned_data["total_minutes"],
                confirm_long_day=form.cleaned_data["confirm_long_day"],
                request=request,
            )
        except services.RuleError as error:
            _add_rule_error(form, error)
        else:
            entry = result.entry
            text = (
                _("Toegevoegd aan %(activity)s: nu %(duration)s.")
                if result.merged
                else _("Bewaard: %(activity)s, %(duration)s.")
            )
            messages.success(
                request,
                text
                % {
                    "activity": entry.activity.label,
                    "duration": rules.format_minutes(entry.minutes),
                },
            )
            return redirect(_day_url(day, "nieuw"))
    return _render_day(request, provider, day, form=form)


def _add_rule_error(form: EntryForm | EntryEditForm, error: services.RuleError) -> None:
    form.long_day = error.problem.code == "long_day"
    field = "confirm_long_day" if form.long_day else None
    form.add_error(field, error.problem.message)


@policies.requires("registration_provider")
@require_POST
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.entry_get_for_user(request.user, pk)
    form = EntryEditForm(request.POST, prefix=f"edit-{entry.pk}")
    if form.is_valid():
        try:
            services.entry_update(
                actor=request.user,
                entry=entry,
                minutes=form.cleaned_data["total_minutes"],
                confirm_long_day=form.cleaned_data["confirm_long_day"],
                request=request,
            )
        except services.RuleError as error:
            _add_rule_error(form, error)
        else:
            messages.success(
                request,
                _("Gewijzigd: %(activity)s, %(duration)s.")
                % {
                    "activity": entry.activity.label,
                    "duration": rules.format_minutes(entry.minutes),
                },
            )
            return redirect(_day_url(entry.day, f"regel-{entry.pk}"))
    return _render_day(request, entry.provider, entry.day, edit_form=(entry.pk, form))


@policies.requires("registration_provider")
def entry_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks first (a page without JavaScript, inline with it), then deletes."""
    entry = selectors.entry_get_for_user(request.user, pk)
    if request.method == "POST" and request.POST.get("confirmed") == "1":
        try:
            services.entry_delete(actor=request.user, entry=entry, request=request)
        except services.RuleError as error:
            messages.error(request, error.problem.message)
        else:
            messages.success(
                request,
                _("Verwijderd: %(activity)s, %(duration)s.")
                % {
                    "activity": entry.activity.label,
                    "duration": rules.format_minutes(entry.minutes),
                },
            )
        return redirect(_day_url(entry.day, "registraties"))
    return render(
        request,
        "registration/entry_delete.html",
        {"entry": entry, "duration": rules.format_minutes(entry.minutes)},
    )


@policies.requires("registration_provider")
@require_POST
def day_copy(request: HttpRequest, day: date) -> HttpResponse:
    provider = selectors.provider_current(request.user)
    try:
        result = services.day_copy_previous(
            actor=request.user,
            provider=provider,
            day=day,
            confirm_long_day=request.POST.get("confirm_long_day") == "on",
            request=request,
        )
    except services.RuleError as error:
        messages.error(request, error.problem.message)
        return redirect(_day_url(day, "kopieer"))
    if result.source_day is None:
        messages.info(request, _("Er is nog geen eerdere dag met registraties om te kopiëren."))
    else:
        source = date_format(result.source_day, "l j F")
        text = _("%(count)s registraties gekopieerd van %(day)s.") % {
            "count": result.copied,
            "day": source,
        }
        if result.skipped:
            text += " " + _("%(count)s stonden al op deze dag en bleven ongewijzigd.") % {
                "count": result.skipped
            }
        messages.success(request, text)
    return redirect(_day_url(day, "registraties"))


@policies.requires("registration_provider")
@require_POST
def day_off(request: HttpRequest, day: date) -> HttpResponse:
    provider = selectors.provider_current(request.user)
    off = request.POST.get("off") == "1"
    try:
        services.day_off_set(
            actor=request.user, provider=provider, day=day, off=off, request=request
        )
    except services.RuleError as error:
        messages.error(request, error.problem.message)
    else:
        messages.success(
            request,
            _("Aangeduid: je werkte niet op deze dag.")
            if off
            else _("Deze dag telt weer als werkdag."),
        )
    return redirect(_day_url(day))


@policies.requires("registration_provider")
@require_POST
def nudges(request: HttpRequest) -> HttpResponse:
    provider = selectors.provider_current(request.user)
    form = NudgeForm(request.POST)
    form.is_valid()
    enabled = bool(form.cleaned_data.get("enabled"))
    services.provider_set_nudges(
        actor=request.user, provider=provider, enabled=enabled, request=request
    )
    messages.success(
        request,
        _("Je krijgt een herinnering op werkdagen zonder registraties.")
        if enabled
        else _("Je krijgt geen herinneringen meer."),
    )
    back = parse_date(request.POST.get("day", "")) or provider.participation.study.last_open_day(
        timezone.localdate()
    )
    return redirect(_day_url(back, "herinneringen"))
