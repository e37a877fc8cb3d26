"""Attachments as the platform sees them: one declaration (see saas.modules)."""

from __future__ import annotations

from saas.modules import STORED_BYTES, Meter, Module

from .access import register_record_types
from .services import stored_bytes

ATTACHMENTS = Module(
    name="attachments",
    record_types=register_record_types,
    meters=(Meter(STORED_BYTES, stored_bytes),),
)
