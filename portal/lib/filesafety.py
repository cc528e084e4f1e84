"""Checks an uploaded file must pass before any parser library opens it. No ORM, no Django.

Two calls cover an upload:

    kind = sniff(fileobj)                       # what the bytes are (never the file name)
    check_office_zip(fileobj, ZipLimits(...))   # for xlsx/docx: zip bomb, macros, DOCTYPE, ...

Both raise `UnsafeFileError` with a stable `code` (see `REFUSALS`) that callers turn into a
message for the person; they never raise anything else for hostile input. `fileobj` is any
seekable binary file; its position is restored to 0 afterwards.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from enum import StrEnum
from typing import IO, Any

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
# A password-protected .xlsx/.docx is an OLE2 container holding this stream (MS-OFFCRYPTO).
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


class Kind(StrEnum):
    """What a file is, judged by its content."""

    XLSX = "xlsx"
    XLSM = "xlsm"  # a workbook with macros
    XLSB = "xlsb"
    DOCX = "docx"
    ODS = "ods"
    OLD_OFFICE = "ole2"  # .xls / .doc (binary Office formats)
    ENCRYPTED_OFFICE = "encrypted"  # a password-protected Office file
    ZIP = "zip"  # any other zip archive
    PDF = "pdf"
    PNG = "png"
    JPEG = "jpeg"
    GIF = "gif"
    TEXT = "text"  # plain text (CSV, TXT) in UTF-8 or Windows-1252
    EMPTY = "empty"
    UNKNOWN = "unknown"


# MIME type to serve each kind with (downloads of attachments).
MIME_TYPES = {
    Kind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    Kind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Kind.PDF: "application/pdf",
    Kind.PNG: "image/png",
    Kind.JPEG: "image/jpeg",
    Kind.GIF: "image/gif",
    Kind.TEXT: "text/plain; charset=utf-8",
}

REFUSALS = {
    "too_large": "the file is larger than the limit",
    "broken_zip": "the zip container is damaged",
    "too_many_entries": "the zip holds more parts than the limit",
    "too_large_unpacked": "the unpacked content is larger than the limit",
    "compression_ratio": "a part is compressed suspiciously well (zip bomb)",
    "encrypted": "the file is protected with a password",
    "macros": "the workbook contains macros (vbaProject.bin)",
    "doctype": "an XML part declares a DOCTYPE (entity expansion)",
    "xml_prolog": "an XML part has no root element within the first megabyte",
}


class UnsafeFileError(Exception):
    """The file is refused; `code` is one of REFUSALS, `params` holds limits for the message."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(f"{code}: {REFUSALS.get(code, code)}")
        self.code = code
        self.params = params


@dataclass(frozen=True)
class ZipLimits:
    max_upload_bytes: int = 20 * 1024 * 1024
    max_unpacked_bytes: int = 300 * 1024 * 1024
    max_entries: int = 1000
    # Deflate reaches 10-30x on spreadsheet XML; zip bombs reach 1000x and more.
    max_ratio: int = 100
    # The ratio is only judged for parts larger than this (tiny parts compress oddly).
    ratio_floor_bytes: int = 1024 * 1024
    max_prolog_bytes: int = 1024 * 1024


def file_size(fileobj: IO[bytes]) -> int:
    fileobj.seek(0, 2)
    size = fileobj.tell()
    fileobj.seek(0)
    return size


def sniff(fileobj: IO[bytes]) -> Kind:
    """The kind of a file by its first bytes (and, for zips, the names of its parts)."""
    fileobj.seek(0)
    head = fileobj.read(8192)
    fileobj.seek(0)
    if not head:
        return Kind.EMPTY
    if head.startswith(ZIP_MAGIC) or head.startswith(EMPTY_ZIP_MAGIC):
        return _sniff_zip(fileobj)
    if head.startswith(OLE2_MAGIC):
        return _sniff_ole2(fileobj)
    if head.startswith(b"%PDF-"):
        return Kind.PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Kind.PNG
    if head.startswith(b"\xff\xd8\xff"):
        return Kind.JPEG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return Kind.GIF
    if _looks_like_text(head):
        return Kind.TEXT
    return Kind.UNKNOWN


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    control = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 13))
    if control > len(head) // 100:
        return False
    for encoding in ("utf-8", "cp1252"):
        try:
            # The head may end inside a multi-byte character.
            head.decode(encoding) if encoding != "utf-8" else head[:-4].decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


def _sniff_zip(fileobj: IO[bytes]) -> Kind:
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.open("mimetype").read(100)
                if b"opendocument" in mimetype:
                    return Kind.ODS
            if "xl/workbook.bin" in names:
                return Kind.XLSB
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                return Kind.XLSM
            if "xl/workbook.xml" in names:
                return Kind.XLSX
            if "word/document.xml" in names:
                return Kind.DOCX
            return Kind.ZIP
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError):
        return Kind.ZIP
    finally:
        fileobj.seek(0)


def _sniff_ole2(fileobj: IO[bytes], limit: int = 64 * 1024 * 1024) -> Kind:
    # The stream directory can sit anywhere in the container; uploads are capped, so a scan
    # of the bytes is cheap and needs no OLE2 parser.
    fileobj.seek(0)
    data = fileobj.read(limit)
    fileobj.seek(0)
    return Kind.ENCRYPTED_OFFICE if ENCRYPTED_PACKAGE in data else Kind.OLD_OFFICE


def check_office_zip(fileobj: IO[bytes], limits: ZipLimits | None = None) -> None:
    """Refuse an Office zip (xlsx/docx) that could harm a parser; return quietly if it is fine.

    Checks, in order: upload size, a readable zip, number of parts, encrypted parts, macros,
    total unpacked size, compression ratio per part, and no DOCTYPE in the prolog of any XML
    part (a DOCTYPE may only appear before the root element, so reading up to there suffices).
    """
    limits = limits or ZipLimits()
    size = file_size(fileobj)
    if size > limits.max_upload_bytes:
        raise UnsafeFileError("too_large", limit=limits.max_upload_bytes, size=size)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            infos = archive.infolist()
            _check_entries(infos, limits)
            for info in infos:
                if info.filename.lower().endswith((".xml", ".rels", ".vml")):
                    _check_xml_prolog(archive, info, limits)
    except UnsafeFileError:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        OSError,
        EOFError,
        ValueError,
    ) as error:
        raise UnsafeFileError("broken_zip") from error
    except (NotImplementedError, RuntimeError) as error:
        # Unsupported compression method or an encrypted part zipfile cannot read.
        raise UnsafeFileError("broken_zip") from error
    finally:
        fileobj.seek(0)


def _check_entries(infos: list[zipfile.ZipInfo], limits: ZipLimits) -> None:
    if len(infos) > limits.max_entries:
        raise UnsafeFileError("too_many_entries", limit=limits.max_entries)
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise UnsafeFileError("encrypted")
        if info.filename.lower().endswith("vbaproject.bin"):
            raise UnsafeFileError("macros")
        total += info.file_size
        if info.file_size > limits.ratio_floor_bytes and (
            info.file_size / max(info.compress_size, 1) > limits.max_ratio
        ):
            raise UnsafeFileError("compression_ratio", limit=limits.max_ratio)
    if total > limits.max_unpacked_bytes:
        raise UnsafeFileError("too_large_unpacked", limit=limits.max_unpacked_bytes)


def _check_xml_prolog(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: ZipLimits) -> None:
    """Read the part until its root element starts; refuse a DOCTYPE on the way."""
    with archive.open(info) as part:
        buffer = part.read(65536)
        if buffer.startswith(b"\xef\xbb\xbf"):
            buffer = buffer[3:]
        position = 0
        while True:
            verdict, position = _prolog_step(buffer, position)
            if verdict == "root":
                return
            if verdict == "doctype":
                raise UnsafeFileError("doctype")
            if verdict == "more":
                chunk = part.read(65536)
                if not chunk:
                    return  # an empty or truncated part: the parser will report it
                buffer = buffer[position:] + chunk
                position = 0
                if len(buffer) > limits.max_prolog_bytes:
                    raise UnsafeFileError("xml_prolog")


def _prolog_step(buffer: bytes, position: int) -> tuple[str, int]:
    """One token of an XML prolog: ("skip", next), ("more", at), ("root"|"doctype", at)."""
    while position < len(buffer) and buffer[position : position + 1].isspace():
        position += 1
    rest = buffer[position:]
    if len(rest) < 9:
        return "more", position
    if rest.startswith(b"<?"):
        end = rest.find(b"?>")
        return ("skip", position + end + 2) if end >= 0 else ("more", position)
    if rest.startswith(b"<!--"):
        end = rest.find(b"-->", 4)
        return ("skip", position + end + 3) if end >= 0 else ("more", position)
    if rest[:9].lower() == b"<!doctype":
        return "doctype", position
    # The root element, or anything else: no DOCTYPE may come after it.
    return "root", position
