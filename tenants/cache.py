"""Cache keys of the platform (billing standing, plan terms, API meters), the same from every schema.

django-tenants' key function prefixes keys with the connection's current schema, so a value kept while a
workspace's request runs would not be found by the platform (a Stripe webhook, an operator's plan edit) that
forgets it from ``public``. Platform keys are therefore always built as from ``public``: through this
module's ``platform_cache`` (the ``platform`` alias of ``CACHES``, same store as ``default``) a request reads
them without switching its connection to ``public`` and back, which cost a ``SET search_path`` round trip
on every API request.
"""

from __future__ import annotations

from django.core.cache import BaseCache, caches
from django_tenants.utils import get_public_schema_name


def make_platform_key(key: str, key_prefix: str, version: int) -> str:
    """``django_tenants.cache.make_key`` as it reads in schema ``public``, whatever the current schema."""
    return f"{get_public_schema_name()}:{key_prefix}:{version}:{key}"


class _PlatformCache:
    """``caches["platform"]`` looked up per use (tests swap the cache settings)."""

    def __getattr__(self, name: str) -> object:
        return getattr(caches["platform"], name)


platform_cache: BaseCache = _PlatformCache()  # type: ignore[assignment]
