"""The ASGI app for tests and benchmarks that start real uvicorn processes.

The production app, plus ``AuditEntry`` as a record type (until CRM modules
exist, it is the record type tests emit events for).
"""

import os

from saas.access.registry import register
from saas.asgi import application
from saas.audit.models import AuditEntry

register(AuditEntry, owner_field=None, sensitive_fields=("changes",))

if os.environ.get("REALTIME_PROFILE_TO"):  # e.g. /tmp/server.prof: where the server's time goes (bench)
    import asyncio
    import cProfile

    _profile = cProfile.Profile()
    _app = application

    async def _dump_every_5_seconds() -> None:
        while True:
            await asyncio.sleep(5)
            _profile.disable()
            _profile.dump_stats(os.environ["REALTIME_PROFILE_TO"])
            _profile.enable()

    async def application(scope, receive, send):
        if not getattr(application, "started", False):
            application.started = True
            application.dumper = asyncio.get_running_loop().create_task(_dump_every_5_seconds())
            _profile.enable()
        return await _app(scope, receive, send)


__all__ = ["application"]
