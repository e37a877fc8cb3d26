"""The kernel's scheduled work: removing old bulk-export files in every workspace."""

from __future__ import annotations

from . import bulk_exports
from .schedules import scheduled_in_every_workspace

HOURLY = 3600

expire_bulk_exports, expire_bulk_exports_everywhere = scheduled_in_every_workspace(
    "kernel.expire_bulk_exports", bulk_exports.expire_files, beat="kernel.expire-bulk-exports", every=HOURLY
)
