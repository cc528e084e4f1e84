"""Hostile and broken files get one clear refusal, never a 500 and never a parser's error."""

from __future__ import annotations

import io
import zipfile

import pytest

from excel_intake import engine
from portal.lib import filesafety
from portal.lib.filesafety import Kind, UnsafeFileError, ZipLimits

from .conftest import context, good_row, xlsx


def refusal(data: bytes) -> str:
    result = engine.validate_file(io.BytesIO(data), context())
    assert result.refusal is not None, result.problems
    assert result.refusal.message()
    return result.refusal.code


def rezip(data: bytes, *, add: dict[str, bytes] | None = None, replace=None) -> bytes:  # noqa: ANN001
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if replace:
                content = replace(info.filename, content)
            target.writestr(info.filename, content)
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()


GOOD = xlsx([good_row()])


def test_a_zip_bomb_is_refused_before_any_parser_opens_it():
    bomb = rezip(GOOD, add={"xl/media/padding.xml": b"<a>" + b"0" * 50_000_000 + b"</a>"})
    assert refusal(bomb) == "file_unsafe"
    with pytest.raises(UnsafeFileError) as caught:
        filesafety.check_office_zip(io.BytesIO(bomb))
    assert caught.value.code == "compression_ratio"


def test_too_much_unpacked_content_is_refused():
    with pytest.raises(UnsafeFileError) as caught:
        filesafety.check_office_zip(io.BytesIO(GOOD), ZipLimits(max_unpacked_bytes=1000))
    assert caught.value.code == "too_large_unpacked"


def test_too_many_parts_are_refused():
    with pytest.raises(UnsafeFileError) as caught:
        filesafety.check_office_zip(io.BytesIO(GOOD), ZipLimits(max_entries=3))
    assert caught.value.code == "too_many_entries"


def test_xml_entity_expansion_is_refused_by_its_doctype():
    billion_laughs = (
        b'<?xml version="1.0"?>\n<!-- a comment first -->\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )

    def inject(name: str, content: bytes) -> bytes:
        if name == "xl/sharedStrings.xml" or name == "xl/worksheets/sheet1.xml":
            return billion_laughs + content.split(b"?>", 1)[-1]
        return content

    assert refusal(rezip(GOOD, replace=inject)) == "file_unsafe"


def test_a_doctype_after_a_long_comment_is_still_found():
    padded = (
        b'<?xml version="1.0"?><!--' + b"x" * 200_000 + b'--><!DOCTYPE x [<!ENTITY a "b">]><x/>'
    )
    bad = rezip(GOOD, add={"customXml/item1.xml": padded})
    with pytest.raises(UnsafeFileError) as caught:
        filesafety.check_office_zip(io.BytesIO(bad))
    assert caught.value.code == "doctype"


def test_a_broken_zip_is_refused():
    assert refusal(GOOD[: len(GOOD) // 2]) == "file_broken"
    assert refusal(b"PK\x03\x04" + b"\x00" * 200) == "file_broken"


def test_a_workbook_with_macros_is_refused_with_save_as_xlsx():
    xlsm = rezip(GOOD, add={"xl/vbaProject.bin": b"\x00" * 100})
    assert refusal(xlsm) == "file_other_format"
    result = engine.validate_file(io.BytesIO(xlsm), context())
    assert ".xlsm" in result.refusal.message()
    assert ".xlsx" in result.refusal.message()


def test_old_excel_and_opendocument_files_are_told_to_save_as_xlsx():
    ole = filesafety.OLE2_MAGIC + b"\x00" * 4000 + "Workbook".encode("utf-16-le")
    assert refusal(ole) == "file_other_format"
    ods = io.BytesIO()
    with zipfile.ZipFile(ods, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    result = engine.validate_file(io.BytesIO(ods.getvalue()), context())
    assert result.refusal.code == "file_other_format"
    assert ".ods" in result.refusal.message()


def test_a_password_protected_workbook_is_refused_with_what_to_do():
    encrypted = (
        filesafety.OLE2_MAGIC
        + b"\x00" * 2000
        + "EncryptionInfo".encode("utf-16-le")
        + "EncryptedPackage".encode("utf-16-le")
    )
    assert filesafety.sniff(io.BytesIO(encrypted)) == Kind.ENCRYPTED_OFFICE
    assert refusal(encrypted) == "file_encrypted"


def test_a_renamed_binary_is_refused_by_content():
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20
    assert refusal(png) == "file_not_spreadsheet"
    assert refusal(bytes(range(256)) * 50) == "file_not_spreadsheet"


def test_formulas_give_their_cached_value_and_are_never_evaluated():
    data = xlsx([good_row(last_name='=HYPERLINK("http://evil.example")')])
    result = engine.validate_file(io.BytesIO(data), context())
    # openpyxl stores no cached value, so the cell reads empty: required, not evaluated.
    assert [(p.code, p.column) for p in result.problems] == [("required", "last_name")]


def test_a_cell_of_30000_characters_is_cut_and_reported():
    result = engine.validate_file(io.BytesIO(xlsx([good_row(street="A" * 30_000)])), context())
    assert [(p.code, p.column) for p in result.problems] == [("too_long", "street")]
    assert len(result.problems[0].value) <= 61


def test_a_csv_field_over_the_csv_limit_is_refused_not_crashed():
    data = ("RIZIV-nummer;Naam\n" + '"' + "x" * 200_000 + '"\n').encode()
    assert refusal(data) in {"file_broken", "template_wrong"}


def test_sniffing_tells_formats_apart_by_content():
    assert filesafety.sniff(io.BytesIO(GOOD)) == Kind.XLSX
    assert filesafety.sniff(io.BytesIO(b"%PDF-1.7\n")) == Kind.PDF
    assert filesafety.sniff(io.BytesIO(b"a;b\n1;2\n")) == Kind.TEXT
    assert filesafety.sniff(io.BytesIO(b"")) == Kind.EMPTY
