from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .attachments import MAX_ATTACHMENTS, check_attachment


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to three files, each checked by content and size before anything is stored."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_ATTACHMENTS:
            raise forms.ValidationError(
                _("Voeg hoogstens %(count)s bijlagen toe.") % {"count": MAX_ATTACHMENTS}
            )
        cleaned = []
        for upload in files:
            upload = super().clean(upload, initial)
            try:
                check_attachment(upload)
            except ValueError as error:
                raise forms.ValidationError(f"{upload.name}: {error}") from error
            upload.seek(0)
            cleaned.append(upload)
        return cleaned


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Je bericht"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Schrijf je bericht.")},
    )
    attachments = AttachmentsField(
        label=_("Bijlagen"),
        required=False,
        help_text=_(
            "Hoogstens 3 bestanden: PDF, afbeelding, Excel (.xlsx), Word (.docx) of tekst."
        ),
    )


class ThreadForm(MessageForm):
    organisation = forms.TypedChoiceField(label=_("Namens"), coerce=int)
    subject = forms.CharField(
        label=_("Onderwerp"),
        max_length=200,
        help_text=_("Zet geen persoonsgegevens in het onderwerp."),
        error_messages={"required": _("Geef je vraag een onderwerp.")},
    )

    field_order = ["organisation", "subject", "body", "attachments"]

    def __init__(self, *args: Any, organisations: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(o.pk, o.name) for o in organisations]
        if len(organisations) == 1:
            self.fields["organisation"].initial = organisations[0].pk
            self.fields["organisation"].widget = forms.HiddenInput()
