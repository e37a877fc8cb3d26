"""Signup, login and bearer tokens: the rules of the public site."""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from realtime import events
from saas.errors import ErrorCollector, FieldError, ServiceError

from . import provisioning
from .models import AuthToken, Domain, Membership, Role, Tenant, User

logger = logging.getLogger(__name__)

SUBDOMAIN_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")
TOKEN_SALT = "tenants.auth-token"


def schema_name_for(subdomain: str) -> str:
    """Subdomains may hold hyphens, schema names get underscores (subdomains never have them)."""
    return subdomain.replace("-", "_")


def tenant_host(subdomain: str) -> str:
    return f"{subdomain}.{settings.BASE_DOMAIN}"


def validate_subdomain(subdomain: str, errors: ErrorCollector, field: str = "subdomain") -> None:
    if not 3 <= len(subdomain) <= 40:
        errors.add(field, "A subdomain has 3 to 40 characters.", "invalid_length")
    elif not SUBDOMAIN_RE.match(subdomain):
        errors.add(
            field,
            "Use lowercase letters, digits and hyphens; start and end with a letter or digit.",
            "invalid_format",
        )
    elif (
        subdomain in settings.RESERVED_SUBDOMAINS
        or subdomain.startswith(provisioning.POOL_PREFIX.replace("_", "-"))
        or subdomain.startswith("pg-")
        or schema_name_for(subdomain) == settings.TENANT_TEMPLATE_SCHEMA
    ):
        errors.add(field, f'"{subdomain}" is reserved.', "reserved")
    elif (
        Tenant.objects.filter(schema_name=schema_name_for(subdomain)).exists()
        or Domain.objects.filter(domain=tenant_host(subdomain)).exists()
    ):
        errors.add(field, f'"{subdomain}" is taken.', "taken")


@dataclass
class SignUpResult:
    tenant: Tenant
    user: User
    token: str
    provisioned_by: str


def sign_up(*, company_name: str, subdomain: str, email: str, password: str, full_name: str) -> SignUpResult:
    """Create a tenant, its domain, its owner and the owner's membership, all or nothing."""
    company_name = company_name.strip()
    subdomain = subdomain.strip().lower()
    email = email.strip().lower()
    full_name = full_name.strip()

    errors = ErrorCollector()
    if not company_name:
        errors.add("companyName", "Enter the company's name.", "required")
    elif len(company_name) > 100:
        errors.add("companyName", "At most 100 characters.", "too_long")
    if not full_name:
        errors.add("fullName", "Enter your name.", "required")
    elif len(full_name) > 150:
        errors.add("fullName", "At most 150 characters.", "too_long")
    validate_subdomain(subdomain, errors)
    try:
        validate_email(email)
    except ValidationError:
        errors.add("email", "Enter a valid email address.", "invalid")
    else:
        if User.objects.filter(email=email).exists():
            errors.add("email", "This email already has an account; log in to create another workspace.", "taken")
    try:
        password_validation.validate_password(password, User(email=email, full_name=full_name))
    except ValidationError as exc:
        for message in exc.messages:
            errors.add("password", message, "weak_password")
    errors.raise_if_any()

    with transaction.atomic():
        how = provisioning.create_schema_for(schema_name_for(subdomain))
        tenant = Tenant.objects.create(schema_name=schema_name_for(subdomain), name=company_name)
        Domain.objects.create(domain=tenant_host(subdomain), tenant=tenant, is_primary=True)
        user = User.objects.create_user(email=email, password=password, full_name=full_name)
        Membership.objects.create(user=user, tenant=tenant, role=Role.OWNER)
        token = issue_token(user)
        transaction.on_commit(provisioning.refill_pool_soon)
    logger.info("tenant signed up", extra={"subdomain": subdomain, "provisioned_by": how})
    return SignUpResult(tenant=tenant, user=user, token=token, provisioned_by=how)


def authenticate(email: str, password: str) -> User:
    """The active user with these credentials, or a ServiceError that doesn't say which part was wrong."""
    user = User.objects.filter(email=email.strip().lower()).first()
    if user is None:
        User().set_password(password)  # spend the same time as a real check
    elif user.check_password(password) and user.is_active:
        return user
    raise ServiceError(FieldError(None, "Email or password is wrong.", "invalid_credentials"))


def active_memberships(user: User) -> list[Membership]:
    return list(
        Membership.objects.filter(user=user, is_active=True, tenant__is_template=False)
        .select_related("tenant")
        .order_by("tenant__name")
    )


# --- bearer tokens ---------------------------------------------------------------


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_token(user: User, *, user_agent: str = "", ttl: timedelta | None = None) -> str:
    """A new signed bearer token for ``user``; expires after AUTH_TOKEN_TTL_SECONDS."""
    ttl = ttl or timedelta(seconds=settings.AUTH_TOKEN_TTL_SECONDS)
    secret = secrets.token_urlsafe(24)
    record = AuthToken.objects.create(
        user=user,
        secret_hash=_hash(secret),
        expires_at=timezone.now() + ttl,
        user_agent=user_agent[:200],
    )
    return signing.dumps({"t": str(record.id), "s": secret}, salt=TOKEN_SALT, compress=True)


def user_for_token(token: str) -> User | None:
    """The user a token belongs to, if its signature holds and it is unexpired, unrevoked and active."""
    try:
        payload = signing.loads(token, salt=TOKEN_SALT, max_age=settings.AUTH_TOKEN_TTL_SECONDS)
        token_id, secret = str(payload["t"]), str(payload["s"])
    except (signing.BadSignature, KeyError, TypeError):
        return None
    record = (
        AuthToken.objects.select_related("user")
        .filter(id=token_id, revoked_at__isnull=True, expires_at__gt=timezone.now(), user__is_active=True)
        .first()
    )
    if record is None or not secrets.compare_digest(record.secret_hash, _hash(secret)):
        return None
    now = timezone.now()
    if record.last_used_at is None or now - record.last_used_at > timedelta(minutes=5):
        AuthToken.objects.filter(id=record.id).update(last_used_at=now)
    return record.user


def revoke_token(token: str) -> bool:
    """Revoke the token given; True when it was valid until now."""
    try:
        payload = signing.loads(token, salt=TOKEN_SALT)
        token_id = str(payload["t"])
    except (signing.BadSignature, KeyError, TypeError):
        return False
    live = AuthToken.objects.filter(id=token_id, revoked_at__isnull=True)
    user_id = live.values_list("user_id", flat=True).first()
    if user_id is None or not live.update(revoked_at=timezone.now()):
        return False
    events.access_changed(user_id)  # open WebSockets using this token close
    return True


def revoke_all_tokens(user: User) -> int:
    count = AuthToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    events.access_changed(user.pk)
    return count
