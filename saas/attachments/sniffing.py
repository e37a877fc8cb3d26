"""What a file is, from its first bytes (its name and the client's word are not trusted).

A small table of signatures for the types attachments accept; anything else is
``application/octet-stream`` (refused unless a deployment allows it). Office files are ZIP archives:
the member names inside tell a Word document from a workbook or a slide deck.
"""

from __future__ import annotations

import zipfile
from typing import IO

OCTET_STREAM = "application/octet-stream"
HEAD = 8192

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF-", "application/pdf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/msword"),  # OLE compound file: .doc/.xls/.ppt
)
_OFFICE = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def content_type(handle: IO[bytes], file_name: str = "") -> str:
    """The sniffed content type of the file (read from its start; the position is put back to 0)."""
    handle.seek(0)
    head = handle.read(HEAD)
    handle.seek(0)
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(handle)
    if _is_text(head):
        return "text/csv" if file_name.lower().endswith(".csv") else "text/plain"
    return OCTET_STREAM


def _zip_kind(handle: IO[bytes]) -> str:
    try:
        with zipfile.ZipFile(handle) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return OCTET_STREAM
    finally:
        handle.seek(0)
    for prefix, kind in _OFFICE.items():
        if "[Content_Types].xml" in names and any(n.startswith(prefix) for n in names):
            return kind
    return "application/zip"


def _is_text(head: bytes) -> bool:
    """UTF-8 text without control characters other than tabs and line ends (a cut last character is fine)."""
    if not head or b"\x00" in head:
        return False
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:
            return False
        text = head[: error.start].decode("utf-8")
    return all(c.isprintable() or c in "\t\r\n\f" for c in text)
