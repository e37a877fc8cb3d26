"""Helpers of the attachment tests: upload as the web client does, list, download by link."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.conftest import Workspace

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
LIST = """query($r: ID) { attachments(record: $r) { totalCount edges { node {
  id fileName contentType size recordId recordType createdAt downloadUrl previewUrl uploadedBy { id email }
} } } }"""
ATTACHMENT = "attachment { id fileName deletedAt } errors { field message code }"


@pytest.fixture(autouse=True)
def attachment_dir(settings: Any, tmp_path: Any) -> Any:
    settings.ATTACHMENT_DIR = tmp_path / "attachments"
    settings.ATTACHMENT_SCANNER = "saas.attachments.scanning.refuse_eicar"
    return settings.ATTACHMENT_DIR


def upload(ws: Workspace, record_id: str, content: bytes, name: str = "logo.png", token: str | None = None) -> Any:
    """``POST /attachments/upload`` (multipart) as the member; the response."""
    data = {"file": SimpleUploadedFile(name, content), "recordId": record_id}
    return Client(HTTP_HOST=ws.api.host).post(
        "/attachments/upload",
        data,
        HTTP_AUTHORIZATION=f"Bearer {token or ws.token}",
    )


def uploaded(ws: Workspace, record_id: str, content: bytes = PNG, name: str = "logo.png") -> dict[str, Any]:
    response = upload(ws, record_id, content, name)
    assert response.status_code == 200, response.content
    return dict(response.json()["attachment"])


def error_codes(response: Any) -> list[tuple[str | None, str]]:
    return [(e["field"], e["code"]) for e in response.json()["errors"]]


def listed(ws: Workspace, record_id: str) -> list[dict[str, Any]]:
    return [e["node"] for e in ws.api.data(LIST, {"r": record_id})["attachments"]["edges"]]


def fetch(ws: Workspace, url: str, token: str | None = None) -> Any:
    """GET a download link as the member (the link's path on the member's workspace host)."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return Client(HTTP_HOST=ws.api.host).get(path, HTTP_AUTHORIZATION=f"Bearer {token or ws.token}")


def mutate(ws: Workspace, name: str, attachment_id: str) -> dict[str, Any]:
    query = f"mutation($i: RecordIdInput!) {{ {name}(input: $i) {{ {ATTACHMENT} }} }}"
    return dict(ws.api.data(query, {"i": {"id": attachment_id}})[name])
