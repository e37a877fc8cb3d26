"""The ASGI app for tests and benchmarks that start real uvicorn processes.

The production app, plus ``AuditEntry`` as a record type (until CRM modules
exist, it is the record type tests emit events for).
"""

from saas.access.registry import register
from saas.asgi import application
from saas.audit.models import AuditEntry

register(AuditEntry, owner_field=None, sensitive_fields=("changes",))

__all__ = ["application"]
