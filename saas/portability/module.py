"""Data portability as the platform sees it: the export files a workspace keeps count against its storage."""

from __future__ import annotations

from saas.modules import STORED_BYTES, Meter, Module

from .services import stored_bytes

PORTABILITY = Module(name="portability", meters=(Meter(STORED_BYTES, stored_bytes),))
