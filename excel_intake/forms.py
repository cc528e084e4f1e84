from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .services import parse_postal_codes


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Je ingevulde lijst"),
        help_text=_("Een Excel-werkmap (.xlsx) of CSV-bestand, hoogstens %(mb)s MB.")
        % {"mb": settings.EXCEL_INTAKE_MAX_UPLOAD_MB},
        error_messages={
            "required": _("Kies het bestand met je lijst."),
            "empty": _("Het bestand is leeg. Kies het bestand met je ingevulde lijst."),
        },
    )

    def clean_file(self):  # noqa: ANN201
        upload = self.cleaned_data["file"]
        limit = settings.EXCEL_INTAKE_MAX_UPLOAD_MB * 1024 * 1024
        if upload.size > limit:
            raise forms.ValidationError(
                _("Het bestand is groter dan %(mb)s MB. Verwijder lege werkbladen of afbeeldingen.")
                % {"mb": settings.EXCEL_INTAKE_MAX_UPLOAD_MB}
            )
        return upload


class AreaForm(forms.Form):
    care_zone = forms.CharField(label=_("Eerstelijnszone"), max_length=120, required=False)
    postal_codes = forms.CharField(
        label=_("Postcodes van het werkingsgebied"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Belgische postcodes van 4 cijfers, gescheiden door spaties of komma's."),
        required=False,
    )

    def clean_postal_codes(self) -> list[str]:
        known, unknown = parse_postal_codes(self.cleaned_data["postal_codes"])
        if unknown:
            raise forms.ValidationError(
                _("Deze postcodes bestaan niet: %(codes)s. Verbeter of verwijder ze.")
                % {"codes": ", ".join(unknown[:10])}
            )
        return known
