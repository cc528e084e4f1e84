"""Files for the import tests: rows by column key, written as CSV or XLSX."""

from __future__ import annotations

import io
from datetime import datetime, time
from pathlib import Path
from typing import Any

from django.core.management import call_command
from openpyxl import Workbook

from dashboards.importing import ACTIVITY_COLUMNS, HOURS_COLUMNS

ACTIVITY_HEADERS = [column.header for column in ACTIVITY_COLUMNS]
ACTIVITY_KEYS = [column.key for column in ACTIVITY_COLUMNS]
HOURS_HEADERS = [column.header for column in HOURS_COLUMNS]
HOURS_KEYS = [column.key for column in HOURS_COLUMNS]


def session_cells(code: str, ref: str, **extra: Any) -> dict[str, Any]:
    cells = {
        "bureau_code": code,
        "session_ref": ref,
        "date": "06/01/2025",
        "start_time": "09:00",
        "end_time": "11:00",
        "practitioner_email": "dr.peeters@voorbeeld.be",
        "practitioner_kind": "arts",
        "slot_minutes": "20",
        "capacity": "6",
        "practitioner_first_name": "Sara",
        "practitioner_last_name": "Peeters",
    }
    cells.update(extra)
    return cells


def appointment_cells(
    code: str, ref: str, child: str, slot: str, session: dict | None = None, **extra: Any
) -> dict[str, Any]:
    cells = {
        **(session or session_cells(code, ref)),
        "child_ref": child,
        "child_birth_date": "12/03/2024",
        "child_sex": "meisje",
        "slot_time": slot,
        "consult_kind": "gewoon",
        "status": "uitgevoerd",
        "booked_at": "02/12/2024 10:15",
    }
    cells.update(extra)
    return cells


def good_rows(code_a: str, code_b: str) -> list[dict[str, Any]]:
    """Bureau A: a doctor's morning (done, duo, no-show, squeezed in, postponed and rebooked
    slot) and a nurse's afternoon; bureau B: an empty evening session and a nurse's morning."""
    nurse = {
        "start_time": "13:30",
        "end_time": "16:00",
        "practitioner_email": "an.janssens@voorbeeld.be",
        "practitioner_kind": "verpleegkundige",
        "slot_minutes": "15",
        "capacity": "",
        "practitioner_first_name": "An",
        "practitioner_last_name": "Janssens",
    }
    z2 = session_cells(code_a, "Z-2", **nurse)
    z4 = session_cells(code_b, "Z-4", date="08/01/2025", **{**nurse, "start_time": "09:00",
                                                             "end_time": "11:00",
                                                             "slot_minutes": "20"})  # fmt: skip
    return [
        appointment_cells(code_a, "Z-1", "K-1", "09:00"),
        appointment_cells(code_a, "Z-1", "K-2", "09:20", consult_kind="duo",
                          duo_partner_ref="K-3", child_birth_date="05/07/2024",
                          child_sex="jongen", booked_at="03/12/2024 14:00"),
        appointment_cells(code_a, "Z-1", "K-4", "09:40", status="niet gekomen"),
        appointment_cells(code_a, "Z-1", "K-5", "10:10", consult_kind="inschuiver",
                          booked_at="06/01/2025 08:05"),
        appointment_cells(code_a, "Z-1", "K-6", "10:20", status="verzet via portaal"),
        appointment_cells(code_a, "Z-1", "K-7", "10:20", booked_at="04/01/2025 11:00"),
        appointment_cells(code_a, "Z-2", "K-3", "13:30", session=z2,
                          child_birth_date="05/07/2024", booked_at="03/12/2024 14:02"),
        appointment_cells(code_a, "Z-2", "K-8", "13:45", session=z2, consult_kind="combi"),
        appointment_cells(code_a, "Z-2", "K-9", "14:00", session=z2, consult_kind="extra",
                          status="geannuleerd"),
        appointment_cells(code_a, "Z-2", "K-10", "14:15", session=z2,
                          status="verzet via telefoon"),
        session_cells(code_b, "Z-3", date="07/01/2025", start_time="17:00", end_time="19:00"),
        appointment_cells(code_b, "Z-4", "K-1", "09:00", session=z4,
                          booked_at="20/12/2024 09:00"),
        appointment_cells(code_b, "Z-4", "K-11", "09:20", session=z4, status="niet gekomen"),
    ]  # fmt: skip


def as_csv(
    rows: list[dict[str, Any]],
    *,
    headers: list[str] = ACTIVITY_HEADERS,
    keys: list[str] = ACTIVITY_KEYS,
    sep: str = ";",
    bom: bool = False,
) -> bytes:
    lines = [sep.join(headers)]
    for row in rows:
        lines.append(sep.join(str(row.get(key, "")) for key in keys))
    text = "\r\n".join(lines) + "\r\n"
    return (("\ufeff" if bom else "") + text).encode()


def _typed(key: str, text: Any) -> Any:
    """What Excel would hold: real dates, times and numbers where a person types them."""
    if not isinstance(text, str) or not text:
        return text or None
    try:
        return _excel_value(key, text)
    except (ValueError, TypeError):
        return text  # what a person typed that is not a date or time stays text


def _excel_value(key: str, text: str) -> Any:
    if key in ("date", "child_birth_date"):
        return datetime.strptime(text, "%d/%m/%Y")  # noqa: DTZ007 - a naive Excel cell
    if key in ("start_time", "end_time", "slot_time"):
        return time(*map(int, text.split(":")))
    if key == "booked_at":
        return datetime.strptime(text, "%d/%m/%Y %H:%M")  # noqa: DTZ007
    if key in ("slot_minutes", "capacity", "year") and text.isdigit():
        return int(text)
    return text


def as_xlsx(
    rows: list[dict[str, Any]],
    *,
    headers: list[str] = ACTIVITY_HEADERS,
    keys: list[str] = ACTIVITY_KEYS,
    typed: bool = True,
) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Gegevens"
    sheet.append(headers)
    for row in rows:
        sheet.append([_typed(key, row.get(key, "")) if typed else row.get(key) for key in keys])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run_command(name: str, path: Path, *args: str) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command(name, str(path), *args, stdout=out)
    except SystemExit as exit_info:
        return int(exit_info.code or 0), out.getvalue()
    return 0, out.getvalue()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def problem_keys(result: Any) -> list[tuple[int, str, str]]:
    return [(p.line, p.header, p.code) for p in result.all_problems()]
