"""Structured logs: one JSON object a line, always carrying the tenant."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

_STANDARD_ATTRS = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}


class TenantLogFilter(logging.Filter):
    """Add the schema of the current database connection as ``record.tenant``."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "tenant"):
            try:
                from django.db import connection

                record.tenant = getattr(connection, "schema_name", None) or "public"
            except Exception:  # logging must never fail because settings are not ready
                record.tenant = "-"
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "tenant": getattr(record, "tenant", "-"),
            "message": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD_ATTRS and key not in payload:
                payload[key] = value if isinstance(value, (str, int, float, bool, type(None))) else repr(value)
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        return json.dumps(payload, ensure_ascii=False)
