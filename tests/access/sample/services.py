"""The throw-away module's services: one declaration, the kernel does the writes."""

from __future__ import annotations

from saas.kernel.declared import DeclaredRecord
from saas.kernel.validation import longest, unique_name

from .models import SampleTicket

TICKETS = DeclaredRecord(
    SampleTicket,
    fields=("title", "notes", "owner"),
    rules=(unique_name(SampleTicket, 100, "A ticket with this title exists.", field="title"), longest("notes", 200)),
)
