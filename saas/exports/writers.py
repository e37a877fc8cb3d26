"""Rows out: CSV streamed line by line, XLSX written row by row (openpyxl write-only) to a temporary file."""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime, tzinfo
from decimal import Decimal
from typing import IO, Any

from openpyxl import Workbook


def local(value: Any, zone: tzinfo) -> Any:
    """Datetimes in the workspace's time zone, without the zone (spreadsheets have none)."""
    if isinstance(value, datetime):
        return value.astimezone(zone).replace(tzinfo=None, microsecond=0)
    return value


def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def csv_lines(header: list[str], rows: Iterable[list[Any]]) -> Iterator[bytes]:
    """UTF-8 CSV (with a BOM, so spreadsheet apps read the characters right), one chunk per row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def line(values: list[Any]) -> bytes:
        writer.writerow([as_text(v) for v in values])
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text.encode()

    yield "\ufeff".encode() + line(header)
    for row in rows:
        yield line(row)


def xlsx_file(header: list[str], rows: Iterable[list[Any]], title: str) -> IO[bytes]:
    """An XLSX of the rows in a temporary file (rewound): memory stays flat however many rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = tempfile.TemporaryFile()  # noqa: SIM115 -- handed to the response, which closes it
    workbook.save(out)
    out.seek(0)
    return out
