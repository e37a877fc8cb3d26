"""Helpers of the import tests: upload a file as a client does, run an import, read it back."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.graphql_client import GraphQLClient

START = (
    "mutation($input: StartImportInput!) { startImport(input: $input) {"
    " dataImport { id status } errors { field code message } } }"
)
UNDO = (
    "mutation($input: UndoImportInput!) { undoImport(input: $input) {"
    " dataImport { id status } errors { field code message } } }"
)
STATUS = """query($id: ID!) { dataImport(id: $id) {
  id status recordType rowCount processedRows createdCount updatedCount skippedCount errorCount dryRun
  errorCode errorMessage headers mapping { column field } rowErrors { row column field message code } } }"""


@pytest.fixture(autouse=True)
def import_dir(settings: Any, tmp_path: Any) -> Any:
    settings.IMPORT_DIR = tmp_path
    return tmp_path


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    text = "\n".join(",".join(cell for cell in row) for row in rows) + "\n"
    return text.encode(encoding)


def upload(
    api: GraphQLClient, content: bytes, name: str = "people.csv", record_type: str = "Contact", **extra: str
) -> Any:
    """``POST /imports/upload`` as the web client does (multipart); the response."""
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api.token}"} if api.token else {}
    data = {"file": SimpleUploadedFile(name, content), "recordType": record_type, **extra}
    return Client(HTTP_HOST=api.host).post("/imports/upload", data, **headers)  # type: ignore[arg-type]


def uploaded(api: GraphQLClient, content: bytes, name: str = "people.csv", record_type: str = "Contact") -> str:
    response = upload(api, content, name, record_type)
    assert response.status_code == 200, response.content
    return str(response.json()["dataImport"]["id"])


def start(
    api: GraphQLClient,
    capture: Callable[..., Any],
    import_id: str,
    mapping: dict[str, str],
    dedupe: str = "SKIP",
    dry_run: bool = False,
) -> dict[str, Any]:
    """Start a run; the Celery task runs (eagerly) once the mutation's transaction commits."""
    variables = {
        "input": {
            "importId": import_id,
            "mapping": [{"column": c, "field": f} for c, f in mapping.items()],
            "dedupe": dedupe,
            "dryRun": dry_run,
        }
    }
    with capture(execute=True):
        payload = api.data(START, variables)["startImport"]
    return dict(payload)


def status(api: GraphQLClient, import_id: str) -> dict[str, Any]:
    return dict(api.data(STATUS, {"id": import_id})["dataImport"])


def undo(api: GraphQLClient, import_id: str) -> dict[str, Any]:
    return dict(api.data(UNDO, {"input": {"importId": import_id}})["undoImport"])


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


CONTACT_MAPPING = {"First name": "first_name", "Last name": "last_name", "Email": "emails", "Phone": "phones"}
