"""Which files a dossier accepts: size-limited and type-checked by content (no ORM).

The bytes decide, never the file name: a renamed executable is refused. Office files are opened
as zips only to look for bombs, macros and DOCTYPEs (portal/lib/filesafety.py).
"""

from __future__ import annotations

import hashlib
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _

from portal.lib import filesafety
from portal.lib.filesafety import Kind, UnsafeFileError, ZipLimits

ALLOWED_KINDS = (Kind.PDF, Kind.PNG, Kind.JPEG, Kind.DOCX, Kind.XLSX, Kind.TEXT)


def max_bytes() -> int:
    return settings.CLIENT_PORTAL_MAX_UPLOAD_MB * 1024 * 1024


def check_upload(fileobj: IO[bytes]) -> Kind:
    """The file's kind when a dossier may hold it; a ValueError with a message otherwise."""
    size = filesafety.file_size(fileobj)
    if size == 0:
        raise ValueError(_("Het bestand is leeg. Kies een ander bestand."))
    if size > max_bytes():
        raise ValueError(
            _("Het bestand is groter dan %(limit)s MB. Verklein het (bv. een foto) of splits het.")
            % {"limit": settings.CLIENT_PORTAL_MAX_UPLOAD_MB}
        )
    kind = filesafety.sniff(fileobj)
    if kind not in ALLOWED_KINDS:
        raise ValueError(
            _(
                "Dit soort bestand kan niet in je dossier. Kies een PDF, een foto (PNG of JPEG), "
                "een Word- (.docx) of Excel-bestand (.xlsx), of tekst (.txt)."
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
    fileobj.seek(0)
    return kind


def sha256_of(fileobj: IO[bytes]) -> str:
    fileobj.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: fileobj.read(65536), b""):
        digest.update(chunk)
    fileobj.seek(0)
    return digest.hexdigest()


EXTENSIONS = {
    Kind.PDF: ".pdf",
    Kind.PNG: ".png",
    Kind.JPEG: ".jpg",
    Kind.DOCX: ".docx",
    Kind.XLSX: ".xlsx",
    Kind.TEXT: ".txt",
}
