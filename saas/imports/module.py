"""The imports module as the platform sees it. Which record types are importable is declared by their modules."""

from __future__ import annotations

from saas.modules import STORED_BYTES, Meter, Module

from .files import stored_bytes

IMPORTS = Module(name="imports", meters=(Meter(STORED_BYTES, stored_bytes),))
