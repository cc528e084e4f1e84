from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class IndicatorUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Bestand met indicatoren"),
        help_text=_("Een Excel-werkmap (.xlsx) of CSV-bestand, hoogstens %(mb)s MB.")
        % {"mb": settings.GP_ACCESSIBILITY_MAX_UPLOAD_MB},
        error_messages={
            "required": _("Kies het bestand met de indicatoren."),
            "empty": _("Het bestand is leeg. Kies het ingevulde bestand."),
        },
    )

    def clean_file(self):  # noqa: ANN201
        upload = self.cleaned_data["file"]
        limit = settings.GP_ACCESSIBILITY_MAX_UPLOAD_MB * 1024 * 1024
        if upload.size > limit:
            raise forms.ValidationError(
                _("Het bestand is groter dan %(mb)s MB. Verwijder lege werkbladen of afbeeldingen.")
                % {"mb": settings.GP_ACCESSIBILITY_MAX_UPLOAD_MB}
            )
        return upload


class OverviewFilterForm(forms.Form):
    """The agency's filters on the table of all circles (GET)."""

    SORTS = (
        "naam",
        "zone",
        "huisartsen",
        "per1000",
        "vte",
        "nieuwe",
        "dichtheid",
        "nood",
        "aanbod",
        "score",
    )

    zoek = forms.CharField(label=_("Kring of eerstelijnszone"), required=False, max_length=100)
    dichtheid = forms.ChoiceField(
        label=_("Bevolkingsdichtheid"),
        required=False,
        choices=[
            ("", _("alle")),
            ("rural", _("landelijk")),
            ("mixed", _("halfstedelijk")),
            ("urban", _("stedelijk")),
        ],
    )
    aandacht = forms.BooleanField(label=_("Alleen laag aanbod én hoge nood"), required=False)
    tekort = forms.BooleanField(label=_("Alleen tekort volgens de criteria"), required=False)
    sorteer = forms.ChoiceField(
        required=False, choices=[(s, s) for s in SORTS] + [(f"-{s}", s) for s in SORTS]
    )
