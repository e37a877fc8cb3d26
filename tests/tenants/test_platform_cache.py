"""Platform cache keys (tenants/cache.py) are one key whichever schema the connection is in."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django_tenants.utils import schema_context

from tenants.cache import platform_cache
from tests.conftest import Workspace


@pytest.mark.django_db
def test_a_platform_key_kept_in_a_workspace_is_found_and_forgotten_from_public(workspace_a: Workspace) -> None:
    workspace_a.activate()
    platform_cache.set("billing:test", "kept", 60)
    cache.set("workspace:test", "mine", 60)
    with schema_context("public"):
        assert platform_cache.get("billing:test") == "kept"
        # the same store: the platform key is what django-tenants' key function makes in ``public``
        assert cache.get("billing:test") == "kept"
        assert cache.get("workspace:test") is None  # workspace keys stay the workspace's
        platform_cache.delete("billing:test")
    assert platform_cache.get("billing:test") is None
    assert cache.get("workspace:test") == "mine"
