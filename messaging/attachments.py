"""Which attachments a message accepts: size-limited and type-checked by content (no ORM)."""

from __future__ import annotations

from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _

from portal.lib import filesafety
from portal.lib.filesafety import Kind, UnsafeFileError, ZipLimits

ALLOWED_KINDS = (Kind.PDF, Kind.PNG, Kind.JPEG, Kind.GIF, Kind.XLSX, Kind.DOCX, Kind.TEXT)
MAX_ATTACHMENTS = 3


def max_bytes() -> int:
    return settings.MESSAGING_MAX_ATTACHMENT_MB * 1024 * 1024


def check_attachment(fileobj: IO[bytes]) -> Kind:
    """The file's kind when it may be attached; a ValueError with a message for the person."""
    size = filesafety.file_size(fileobj)
    if size == 0:
        raise ValueError(_("Het bestand is leeg."))
    if size > max_bytes():
        raise ValueError(
            _("Het bestand is groter dan %(limit)s MB. Verklein het of stuur een deel.")
            % {"limit": settings.MESSAGING_MAX_ATTACHMENT_MB}
        )
    kind = filesafety.sniff(fileobj)
    if kind not in ALLOWED_KINDS:
        raise ValueError(
            _(
                "Dit soort bestand kan niet als bijlage. Stuur een PDF, een afbeelding "
                "(PNG, JPEG), een Excel- (.xlsx) of Word-bestand (.docx), of tekst (.csv, .txt)."
            )
        )
    if kind in (Kind.XLSX, Kind.DOCX):
        try:
            filesafety.check_office_zip(fileobj, ZipLimits(max_upload_bytes=max_bytes()))
        except UnsafeFileError as error:
            raise ValueError(
                _("Dit bestand is geweigerd omdat het onveilige onderdelen bevat (%(reason)s).")
                % {"reason": error.code}
            ) from error
    return kind
