"""Who is on the other end of a WebSocket: credentials at ``connection_init``, checked again later.

A client authenticates with a bearer token in the ``connection_init`` payload
(``{"authToken": "..."}`` or ``{"Authorization": "Bearer ..."}``), with an API key
(``{"apiKey": "crm_..."}``, ``{"X-Api-Key": "crm_..."}`` or a bearer value with the key's
prefix), or, for the web client, with its session cookie. Either way it must hold an
active membership of the host's tenant. Run these functions in the public schema
(``realtime.tenancy.in_public``).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user
from django.http.cookie import parse_cookie

from saas.access.services import API_KEY_PREFIX, user_for_api_key
from tenants import services
from tenants.models import Membership, Tenant, User

from .tenancy import tenant_schema


@dataclass(frozen=True)
class Credentials:
    token: str | None = None
    session_key: str | None = None
    api_key: str | None = None

    @property
    def present(self) -> bool:
        return bool(self.token or self.session_key or self.api_key)


def header(scope: dict[str, Any], name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return str(value.decode("latin1"))
    return None


def credentials_from(connection_params: dict[str, Any] | None, scope: dict[str, Any]) -> Credentials:
    """A key or token in the ``connection_init`` payload wins over the session cookie of the handshake."""
    params = connection_params or {}
    api_key = params.get("apiKey") or params.get("X-Api-Key") or params.get("x-api-key")
    if isinstance(api_key, str) and api_key.strip():
        return Credentials(api_key=api_key.strip())
    token = params.get("authToken") or params.get("token")
    authorization = params.get("Authorization") or params.get("authorization")
    if not token and isinstance(authorization, str):
        scheme, _, value = authorization.partition(" ")
        token = value.strip() if scheme.lower() == "bearer" else None
    if isinstance(token, str) and token:
        if token.startswith(API_KEY_PREFIX):  # as over HTTP: a bearer value with the key's prefix is a key
            return Credentials(api_key=token)
        return Credentials(token=token)
    cookie = header(scope, b"cookie")
    session_key = parse_cookie(cookie).get(settings.SESSION_COOKIE_NAME) if cookie else None
    return Credentials(session_key=session_key or None)


def user_for_session(session_key: str) -> User | None:
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    # get_user checks the session's auth hash, so a changed password ends the session here too.
    user = get_user(SimpleNamespace(session=store))  # type: ignore[arg-type]
    return user if isinstance(user, User) else None


def member_for(tenant: Tenant, credentials: Credentials) -> Membership | None:
    """The active membership in ``tenant`` of whoever these credentials name, or None.

    An API key is checked (expiry and revocation included) in the tenant's schema, where keys live,
    every time this is called, as on every HTTP request.
    """
    user: User | None = None
    if credentials.api_key:
        with tenant_schema(tenant):
            user = user_for_api_key(credentials.api_key)
        if user is None or not user.is_active:
            return None
        return _membership(user, tenant)
    if credentials.token:
        user = services.user_for_token(credentials.token)
    elif credentials.session_key:
        user = user_for_session(credentials.session_key)
    # API keys' service users act only through the key itself, never through a session or token.
    if user is None or not user.is_active or user.is_service_account:
        return None
    return _membership(user, tenant)


def _membership(user: User, tenant: Tenant) -> Membership | None:
    return Membership.objects.filter(user=user, tenant=tenant, is_active=True).select_related("user", "tenant").first()
