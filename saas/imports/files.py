"""Import files: kept through Django's storage API, read as rows of text (CSV or XLSX, streamed).

Reading never holds a whole file in memory: CSV is decoded line by line, XLSX through openpyxl's
read-only mode (rows are streamed from the sheet's XML). Anything that is not a readable table gives
a typed error (``ErrorCode``): ``empty_file``, ``file_too_large``, ``invalid_encoding``, ``unreadable_file``.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from decimal import Decimal
from typing import IO, Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django_tenants.utils import schema_context

from saas.errors import ErrorCode, FieldError, ServiceError

FORMATS = ("csv", "xlsx")
SAMPLE_ROWS = 5
MAX_HEADERS = 200
MAX_CELL = 10_000  # characters of one cell; longer is a row error of the field it maps to, not a crash
ENCODINGS = ("utf-8", "gb18030", "big5", "shift_jis", "latin-1", "utf-16")

csv.field_size_limit(1_000_000)


def storage() -> Storage:
    """The storage import files go to: ``STORAGES["imports"]`` if configured, else ``IMPORT_DIR`` on disk."""
    if "imports" in settings.STORAGES:
        return storages["imports"]
    return FileSystemStorage(location=settings.IMPORT_DIR)


def refused(code: str, message: str, field: str | None = "file") -> ServiceError:
    return ServiceError(FieldError(field, message, code))


def file_format(file_name: str) -> str:
    extension = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if extension not in FORMATS:
        raise refused(ErrorCode.UNREADABLE_FILE, "Upload a .csv or .xlsx file.")
    return extension


def check_encoding(encoding: str) -> str:
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        name = ""
    allowed = {codecs.lookup(e).name for e in ENCODINGS}
    if name not in allowed:
        raise refused(ErrorCode.INVALID_CHOICE, f"Must be one of: {', '.join(ENCODINGS)}.", "encoding")
    return "utf-8-sig" if name == "utf-8" else name  # a byte-order mark (Excel's UTF-8 CSV) is not a header


def _text(value: Any) -> str:
    """A spreadsheet cell as the text a CSV would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float | Decimal):
        return format(value, "f").rstrip("0").rstrip(".") if "." in format(value, "f") else str(value)
    return str(value)


def _csv_rows(handle: IO[bytes], encoding: str) -> Iterator[list[str]]:
    text = io.TextIOWrapper(handle, encoding=encoding, errors="strict", newline="")
    head = text.read(8192)
    try:
        dialect: Any = csv.Sniffer().sniff(head, delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    lines = _chained(head, text)
    yield from csv.reader(lines, delimiter=delimiter)


def _chained(head: str, rest: IO[str]) -> Iterator[str]:
    # The sniffed head, then the rest, as lines for csv.reader (which wants an iterator of lines).
    buffer = io.StringIO(head + rest.readline())
    yield from buffer
    yield from rest


def _xlsx_rows(handle: IO[bytes]) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    workbook = load_workbook(handle, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield [_text(value) for value in row]
    finally:
        workbook.close()


@contextmanager
def rows_of(stored_name: str, fmt: str, encoding: str) -> Iterator[Iterator[list[str]]]:
    """The file's rows as lists of text, the header row first, blank rows left out; typed errors when unreadable."""
    with storage().open(stored_name, "rb") as handle:
        raw = _csv_rows(handle, encoding) if fmt == "csv" else _xlsx_rows(handle)
        yield _checked(raw, encoding)


def _checked(raw: Iterator[list[str]], encoding: str) -> Iterator[list[str]]:
    try:
        for row in raw:
            if any(cell.strip() for cell in row):
                yield row
    except UnicodeDecodeError as error:
        shown = "UTF-8" if encoding.startswith("utf-8") else encoding
        raise refused(
            ErrorCode.INVALID_ENCODING,
            f"The file is not {shown} text (byte {error.start}); choose its encoding (e.g. GB18030) "
            "and upload it again.",
        ) from error
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, csv.Error) as error:
        raise refused(ErrorCode.UNREADABLE_FILE, f"The file cannot be read as a table: {error}") from error


def headers_of(row: list[str]) -> list[str]:
    """Header cells, trimmed; blank ones named by their column (``Column 3``), repeats made unique."""
    headers: list[str] = []
    for index, cell in enumerate(row[:MAX_HEADERS]):
        name = " ".join(cell.split())[:200] or f"Column {index + 1}"
        while name in headers:
            name = f"{name} ({index + 1})"
        headers.append(name)
    return headers


def stored_bytes(tenant: Any) -> int:
    """The bytes of import files the workspace keeps (its plan's storage counts them; removed files do not)."""
    from .models import DataImport

    with schema_context(tenant.schema_name):
        kept = DataImport.objects.filter(file_removed_at__isnull=True)
        return int(kept.aggregate(total=Sum("file_size"))["total"] or 0)


def remove(data_import: Any) -> None:
    """Delete the import's file once the caller's transaction commits; the import keeps its name and counts.

    Marked at once (``file_removed_at``, saved by the caller), deleted after the commit, so a rolled-back
    run keeps a file it may still need.
    """
    if data_import.file_removed_at is not None:
        return
    data_import.file_removed_at = timezone.now()
    stored = data_import.stored_name
    transaction.on_commit(lambda: storage().delete(stored))
