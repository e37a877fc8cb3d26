"""Background work of attachments: each run inside one workspace's schema."""

from __future__ import annotations

from saas.kernel.schedules import scheduled_in_every_workspace

from . import services

# Every hour: the attachments of records deleted for good go, rows and files (see ``services.purge_orphans``).
purge_orphans, purge_orphans_everywhere = scheduled_in_every_workspace(
    "attachments.purge_orphans", services.purge_orphans, beat="attachments.purge-orphans", every=3600
)
