"""Request pipeline of the tenancy layer: host → tenant, bearer token → user, user → membership."""

# ruff: noqa: RUF001  (the unknown-workspace page's Chinese text uses full-width punctuation on purpose)

from __future__ import annotations

import threading
import time
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.utils.deprecation import MiddlewareMixin
from django_tenants.middleware.main import TenantMainMiddleware
from django_tenants.utils import get_public_schema_name

from .db import connection
from .languages import accepted_language
from .models import Domain, Membership, Tenant, public_site_url


class DomainCache:
    """Host → tenant, in process memory, for ``TENANT_DOMAIN_CACHE_SECONDS``.

    Saves a database round trip on every request; a change to a domain or tenant
    clears this process's copy at once, and other processes within the TTL.
    """

    def __init__(self) -> None:
        self._entries: dict[str, tuple[float, Tenant | None]] = {}
        self._lock = threading.Lock()

    def get(self, hostname: str) -> Tenant | None:
        now = time.monotonic()
        entry = self._entries.get(hostname)
        if entry is not None and entry[0] > now:
            return entry[1]
        domain = Domain.objects.select_related("tenant").filter(domain=hostname).first()
        tenant = domain.tenant if domain is not None and not domain.tenant.is_template else None
        with self._lock:
            self._entries[hostname] = (now + settings.TENANT_DOMAIN_CACHE_SECONDS, tenant)
        return tenant

    def clear(self, *args: Any, **kwargs: Any) -> None:
        with self._lock:
            self._entries.clear()


domain_cache = DomainCache()
for model in (Domain, Tenant):
    post_save.connect(domain_cache.clear, sender=model, dispatch_uid=f"domain-cache-{model.__name__}-save")
    post_delete.connect(domain_cache.clear, sender=model, dispatch_uid=f"domain-cache-{model.__name__}-delete")


UNKNOWN_WORKSPACE_TEXT = {
    "en": {
        "title": "This workspace does not exist",
        "explain_before": "There is no workspace at ",
        "explain_after": ". Check the address, or let us email you the addresses of your workspaces.",
        "find": "Find your workspace",
        "or": "New here?",
        "signup": "Create a workspace",
    },
    "zh-CN": {
        "title": "此工作区不存在",
        "explain_before": "",
        "explain_after": " 上没有工作区。请检查地址，或让我们把您所属工作区的地址发到您的邮箱。",
        "find": "查找您的工作区",
        "or": "第一次来？",
        "signup": "创建工作区",
    },
}


def wants_html(request: HttpRequest) -> bool:
    """A browser opening a page (it asks for HTML); API clients and /graphql get JSON."""
    if request.path.startswith(("/graphql", "/api/")):
        return False
    return "text/html" in request.headers.get("Accept", "")


def not_found(request: HttpRequest, hostname: str) -> HttpResponse:
    """No workspace at ``hostname``: a page that leads to the right one for people, the typed error for programs."""
    if not wants_html(request):
        response: HttpResponse = JsonResponse(
            {"error": "not_found", "message": f"No workspace at {hostname}."}, status=404
        )
    else:
        language = accepted_language(request.headers.get("Accept-Language"))
        # Rendered without the request: this runs before sessions and authentication.
        page = render_to_string(
            "tenants/unknown_workspace.html",
            {
                "language": language,
                "text": UNKNOWN_WORKSPACE_TEXT[language],
                "hostname": hostname,
                "find_url": public_site_url("/find-workspace"),
                "signup_url": public_site_url("/signup"),
            },
        )
        response = HttpResponse(page, status=404, content_type="text/html; charset=utf-8")
        response["Content-Language"] = language
    patch_vary_headers(response, ("Accept", "Accept-Language"))
    return response


class TenantFromHostMiddleware(TenantMainMiddleware):
    """Selects the tenant's schema from the host name, before anything touches the database.

    The schema is set on this thread's connection for this request only: the
    first thing every request does is go back to ``public``.
    """

    def process_request(self, request: HttpRequest) -> HttpResponse | None:
        connection.set_schema_to_public()
        hostname = request.get_host().split(":")[0].lower()
        tenant = domain_cache.get(hostname)
        if tenant is None:
            return not_found(request, hostname)
        tenant.domain_url = hostname
        request.tenant = tenant  # type: ignore[attr-defined]
        connection.set_tenant(tenant)
        self.setup_url_routing(request)
        return None

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        # Leave nothing behind for whatever this thread serves next.
        connection.set_schema_to_public()
        return response


def is_public(request: HttpRequest) -> bool:
    tenant = getattr(request, "tenant", None)
    return tenant is None or tenant.schema_name == get_public_schema_name()


def bearer_token(request: HttpRequest) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


class TokenAuthenticationMiddleware(MiddlewareMixin):
    """``Authorization: Bearer <token>`` authenticates the request instead of the session.

    A request an API key already authenticated (``saas.access.middleware``, which runs first) is left as it is.
    """

    def process_request(self, request: HttpRequest) -> None:
        token = bearer_token(request)
        if token is None or getattr(request, "api_key", None) is not None:
            return
        from .services import seat_for_token, user_for_token

        ip = request.META.get("REMOTE_ADDR")
        if not is_public(request):
            # The token's user and their seat here in one query (MembershipMiddleware takes the seat).
            seat = seat_for_token(token, request.tenant, ip=ip)  # type: ignore[attr-defined]
            request.token_seat = seat  # type: ignore[attr-defined]
            user = seat.user if seat is not None else user_for_token(token, ip=ip)
        else:
            user = user_for_token(token, ip=ip)
        request.user = user if user is not None else AnonymousUser()
        request.auth_token = token  # type: ignore[attr-defined]
        skip_csrf_checks(request)


class SessionUseMiddleware(MiddlewareMixin):
    """A signed-in browser session's "last used" time and address, for its owner's sessions list (throttled)."""

    def process_request(self, request: HttpRequest) -> None:
        if getattr(request, "auth_token", None) or getattr(request, "api_key", None):
            return  # not the session that authenticated this request
        if request.user.is_authenticated and request.session.session_key:
            from .services import record_session_use

            record_session_use(request)


def skip_csrf_checks(request: HttpRequest) -> None:
    """A request authenticated by a header, not a cookie, cannot be forged cross-site: no CSRF check."""
    request._dont_enforce_csrf_checks = True  # type: ignore[attr-defined]


class MembershipMiddleware(MiddlewareMixin):
    """On a tenant host, ``request.membership`` is the user's active seat there, or None.

    A user with no membership in this tenant is, for this tenant, nobody.
    """

    def process_request(self, request: HttpRequest) -> None:
        request.membership = None  # type: ignore[attr-defined]
        if is_public(request):
            return
        user = request.user
        if not user.is_authenticated or not user.is_active:
            return
        if getattr(user, "is_service_account", False) and getattr(request, "api_key", None) is None:
            # An API key's service user acts only with the key itself (checked, expiry included, on every
            # request); a session or token minted for it would outlive the key's expiry.
            return
        seat = getattr(request, "token_seat", None)
        if seat is not None and seat.user is user:  # loaded with the token, this request
            request.membership = seat  # type: ignore[attr-defined]
            return
        request.membership = (  # type: ignore[attr-defined]
            Membership.objects.filter(user=user, tenant=request.tenant, is_active=True)  # type: ignore[attr-defined]
            .select_related("user", "tenant")
            .first()
        )


def foreign_origin(request: HttpRequest) -> str | None:
    """The origin a cookie-carrying POST came from when it is not this very host, else None.

    Sibling tenants are the same *site* as this one (``alpha.<base>`` and ``bravo.<base>``), so
    SameSite=Lax cookies ride along on their requests, and Django's CSRF check trusts every
    ``*.<base>`` origin. Here only the host itself counts. Bearer tokens and API keys are not
    sent by a browser on its own, so requests carrying them are not checked. Browsers send
    ``Origin`` on every POST (``Referer`` is the fallback); a request with neither is not a
    browser's and carries no ambient authority of a page.
    """
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return None
    if getattr(request, "auth_token", None) or getattr(request, "api_key", None):
        return None
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return None
    own = f"{request.scheme}://{request.get_host()}".lower()
    origin = request.headers.get("Origin")
    if origin is None:
        referer = request.headers.get("Referer")
        if referer is None:
            return None
        scheme, _, rest = referer.partition("://")
        origin = f"{scheme}://{rest.split('/', 1)[0]}"
    return None if origin.lower() == own else origin
