"""The director's Excel for staff who do 100 % one activity outside the framework: download the
template, upload it, see every problem per line; nothing is stored until the file is right."""

from __future__ import annotations

from allauth.account.decorators import reauthentication_required
from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import audit, policies

from .. import fulltime, selectors, services
from ..models import FullTimeTotal

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Ingevuld sjabloon (.xlsx)"),
        help_text=gettext_lazy("Hoogstens 2 MB. Een nieuw bestand vervangt het vorige."),
        error_messages={"required": gettext_lazy("Kies het ingevulde Excel-bestand.")},
    )


def _template(participation) -> bytes:  # noqa: ANN001
    providers = services.full_time_expected(participation)
    return fulltime.template_bytes(
        [fulltime.Expected(p.email, p.full_name) for p in providers],
        services.full_time_activities(),
    )


@policies.requires("registration_director")
@reauthentication_required(allow_get=True)
def full_time_upload(request: HttpRequest, study_id: int, facility_id: int) -> HttpResponse:
    participation = selectors.participation_get_for_user(request.user, study_id, facility_id)
    form = UploadForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            saved = services.full_time_upload(
                actor=request.user,
                participation=participation,
                file_name=upload.name,
                content=upload.read(fulltime.MAX_BYTES + 1),
                request=request,
            )
        except services.UploadRejectedError as error:
            result = error.result
        except services.RuleError as error:
            form.add_error(None, error.problem.message)
        else:
            messages.success(
                request,
                _(
                    "Het bestand is aanvaard: %(count)s zorgverleners met hun totale tijd. Ze "
                    "tellen mee in de volgende analyse."
                )
                % {"count": saved.rows},
            )
            return redirect("registration:full_time_upload", study_id, facility_id)
    providers = services.full_time_expected(participation)
    totals = list(
        FullTimeTotal.objects.filter(provider__participation=participation)
        .select_related("provider", "activity", "upload__uploaded_by")
        .order_by("provider__last_name")
    )
    return render(
        request,
        "registration/full_time.html",
        {
            "participation": participation,
            "study": participation.study,
            "providers": providers,
            "activities": services.full_time_activities().values(),
            "form": form,
            "result": result,
            "per_line": result.errors_per_line() if result else {},
            "totals": totals,
            "template_size": len(_template(participation)) if providers else 0,
        },
    )


@policies.requires("registration_director")
def full_time_template(request: HttpRequest, study_id: int, facility_id: int) -> HttpResponse:
    participation = selectors.participation_get_for_user(request.user, study_id, facility_id)
    audit.record(
        action="registration_full_time.template",
        category=audit.Category.EXPORT,
        request=request,
        organisation=participation.facility,
        obj=participation,
    )
    response = HttpResponse(_template(participation), content_type=XLSX)
    stamp = timezone.localdate().strftime("%Y%m%d")
    name = f"voltijdse-activiteit-{slugify(participation.facility.name)}-{stamp}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
