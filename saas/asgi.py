"""ASGI entry point: HTTP through Django; WebSockets (GraphQL subscriptions) through realtime/."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saas.settings")
django.setup(set_prefix=False)  # what django.core.asgi.get_asgi_application does

from channels.routing import ProtocolTypeRouter  # noqa: E402
from django.conf import settings  # noqa: E402

from saas.request_threads import PooledThreadsASGIHandler  # noqa: E402

# Sync work (middleware, views) on a few long-lived threads, each keeping its database connection.
django_asgi_app = PooledThreadsASGIHandler(threads=settings.REQUEST_THREADS)

from realtime.routing import websocket_application  # noqa: E402
from saas.gc_tuning import tune_for_serving  # noqa: E402

application = ProtocolTypeRouter({"http": django_asgi_app, "websocket": websocket_application})

# Everything loaded by now lives as long as the worker: out of the collector's way (see saas.gc_tuning).
# Not in the test suite's own process, which imports this mid-run and creates and drops far more.
if not settings.TESTING:
    tune_for_serving()
