"""The virus-scan hook: ``ATTACHMENT_SCANNER`` names a callable every upload goes through before it is kept.

A scanner is ``(file, name) -> None``; it raises ``Infected`` to refuse the file (the upload answers
``infected_file`` and nothing is kept). A deployment points the setting at its own (a clamd client, a
scanning service); the default scans nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO

from django.conf import settings
from django.utils.module_loading import import_string

Scanner = Callable[[IO[bytes], str], None]

# The EICAR anti-virus test file: harmless, and every scanner reports it.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


class Infected(Exception):
    """The scanner found something; ``str(error)`` names it (shown to the member)."""


def no_scan(handle: IO[bytes], name: str) -> None:
    """The default: accept every file."""


def refuse_eicar(handle: IO[bytes], name: str) -> None:
    """A scanner for tests and demos: refuse files holding the EICAR test signature."""
    handle.seek(0)
    found = EICAR in handle.read()
    handle.seek(0)
    if found:
        raise Infected("EICAR-Test-Signature")


def scanner() -> Scanner:
    found: Scanner = import_string(settings.ATTACHMENT_SCANNER)
    return found
