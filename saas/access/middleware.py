"""API keys authenticate requests on tenant hosts (the access module owns keys; ``tenants`` knows none).

Runs before ``tenants.middleware.TokenAuthenticationMiddleware``: a key (``Authorization: Bearer crm_…``
or ``X-Api-Key: crm_…``) authenticates as the key's service user, whose membership holds the key's
role; its expiry and revocation are checked on every request (``services.user_for_api_key``).
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.deprecation import MiddlewareMixin

from tenants.middleware import bearer_token, is_public, skip_csrf_checks

from .services import API_KEY_PREFIX, user_for_api_key


def api_key_of(request: HttpRequest) -> str | None:
    """An API key from ``X-Api-Key``, or a bearer value that has the key's prefix."""
    header = request.headers.get("X-Api-Key", "").strip()
    if header:
        return header
    token = bearer_token(request)
    if token is not None and token.startswith(API_KEY_PREFIX):
        return token
    return None


class ApiKeyAuthenticationMiddleware(MiddlewareMixin):
    def process_request(self, request: HttpRequest) -> None:
        if is_public(request):
            return
        api_key = api_key_of(request)
        if api_key is None:
            return
        user = user_for_api_key(api_key)
        request.api_key = api_key  # type: ignore[attr-defined]
        request.user = user if user is not None else AnonymousUser()
        request.auth_token = bearer_token(request)  # type: ignore[attr-defined]
        skip_csrf_checks(request)
