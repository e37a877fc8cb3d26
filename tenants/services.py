"""Signup, login and bearer tokens: the rules of the public site."""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pyotp
from django.conf import settings
from django.contrib.auth import password_validation
from django.core import signing
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from realtime import events
from saas import modules
from saas.errors import ErrorCollector, FieldError, ServiceError

from . import devices, emails, provisioning
from .models import (
    AuthToken,
    Domain,
    Invitation,
    LoginThrottle,
    Membership,
    Role,
    Tenant,
    TotpDevice,
    User,
    UserSession,
)
from .postgresql_backend import prepared

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


def authenticate(email: str, password: str, *, otp_code: str | None = None, ip: str | None = None) -> User:
    """The active user with these credentials, or a ServiceError that doesn't say which part was wrong.

    Repeated failures lock the email address (``LOGIN_MAX_FAILURES`` within
    ``LOGIN_LOCKOUT_SECONDS`` lock it for as long), whether or not an account exists; the
    client address ``ip`` is throttled the same way after ``LOGIN_MAX_FAILURES_PER_IP``
    (credential stuffing across many emails). A user with two-factor on must also give the
    current code of their authenticator app (``otp_required`` asks for it).
    """
    email = email.strip().lower()
    if is_locked(email, ip):
        raise ServiceError(FieldError(None, "Too many failed sign-ins. Try again later.", "locked"))
    user = User.objects.filter(email=email, is_service_account=False).first()
    if user is None:
        User().set_password(password)  # spend the same time as a real check
    elif user.check_password(password) and user.is_active:
        device = TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).first()
        if device is None:
            _login_succeeded(email)
            return user
        if not otp_code:
            raise ServiceError(FieldError("otpCode", "Enter the code from your authenticator app.", "otp_required"))
        if verify_totp(device, otp_code):
            _login_succeeded(email)
            return user
        _login_failed(email, ip)
        raise ServiceError(FieldError("otpCode", "This code is wrong or used already.", "invalid_otp"))
    _login_failed(email, ip)
    raise ServiceError(FieldError(None, "Email or password is wrong.", "invalid_credentials"))


# --- throttling of every secret a caller must prove (password, two-factor code) -----------------
#
# One LoginThrottle row per key. Sign-in keys by email; a signed-in user's own checks (current
# password, two-factor code) key by ``<check>:<user id>``, so a stolen session cannot guess the
# password behind it, nor lock its owner out of signing in. Every check also counts against the
# client address (``ip:<address>``), shared by all checks.


def check_key(check: str, user: User) -> str:
    return f"{check}:{user.pk}"


def throttle_key(key: str) -> str:
    """The row key for ``key``: anything a client typed may be longer than the column holds."""
    max_length = LoginThrottle._meta.get_field("email").max_length or 254
    return key if len(key) <= max_length else f"sha256:{_hash(key)}"


def is_locked(key: str, ip: str | None) -> bool:
    keys = [throttle_key(key)] + ([throttle_key(f"ip:{ip}")] if ip else [])
    return LoginThrottle.objects.filter(email__in=keys, locked_until__gt=timezone.now()).exists()


def refuse_if_locked(key: str, ip: str | None, field: str | None) -> None:
    if is_locked(key, ip):
        raise ServiceError(FieldError(field, "Too many failed attempts. Try again later.", "locked"))


def _login_failed(email: str, ip: str | None) -> None:
    _count_failure(email, settings.LOGIN_MAX_FAILURES)
    if ip:
        _count_failure(f"ip:{ip}", settings.LOGIN_MAX_FAILURES_PER_IP)


def _count_failure(key: str, limit: int, window_seconds: int | None = None) -> None:
    # Callers don't wrap sign-in in a transaction, so the count survives the refused request.
    now = timezone.now()
    window = timedelta(seconds=window_seconds or settings.LOGIN_LOCKOUT_SECONDS)
    throttle, _ = LoginThrottle.objects.get_or_create(email=throttle_key(key))
    # Failures older than the window are forgotten: only a burst locks.
    LoginThrottle.objects.filter(pk=throttle.pk, last_failure_at__lt=now - window).update(failures=0)
    LoginThrottle.objects.filter(pk=throttle.pk).update(failures=F("failures") + 1, last_failure_at=now)
    throttle.refresh_from_db()
    if throttle.failures >= limit:
        LoginThrottle.objects.filter(pk=throttle.pk).update(failures=0, locked_until=now + window)
        logger.warning("sign-in locked after repeated failures", extra={"key_hash": _hash(key)[:12]})


def _login_succeeded(email: str) -> None:
    LoginThrottle.objects.filter(email=throttle_key(email)).delete()


# --- two-factor (TOTP) ------------------------------------------------------------------


def verify_totp(device: TotpDevice, code: str) -> bool:
    """Accept the code of the current 30-second step or its neighbours, each step once only."""
    code = code.strip().replace(" ", "")
    if not code.isdigit():
        return False
    totp = pyotp.TOTP(device.secret)
    now = timezone.now()
    for drift in (0, -1, 1):
        at = now + timedelta(seconds=30 * drift)
        step = totp.timecode(at)
        # The conditional update makes a replay race lose.
        if (
            step > device.last_used_step
            and secrets.compare_digest(totp.at(at), code)
            and TotpDevice.objects.filter(pk=device.pk, last_used_step__lt=step).update(last_used_step=step)
        ):
            device.last_used_step = step
            return True
    return False


@dataclass
class TotpSetup:
    secret: str
    provisioning_uri: str


def start_totp_setup(user: User) -> TotpSetup:
    """A new secret for the authenticator app; two-factor is on once ``confirm_totp`` gets a valid code."""
    if TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).exists():
        raise ServiceError(FieldError(None, "Two-factor sign-in is on already; turn it off first.", "already_enabled"))
    secret = pyotp.random_base32()
    TotpDevice.objects.update_or_create(user=user, defaults={"secret": secret, "last_used_step": 0})
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=settings.TOTP_ISSUER)
    return TotpSetup(secret, uri)


def _check_totp(user: User, device: TotpDevice, code: str, ip: str | None) -> None:
    """The member's own two-factor code, throttled like sign-in (see ``check_key``)."""
    key = check_key("totp", user)
    refuse_if_locked(key, ip, "code")
    if not verify_totp(device, code):
        _login_failed(key, ip)
        raise ServiceError(FieldError("code", "This code is wrong or used already.", "invalid_otp"))
    _login_succeeded(key)


def confirm_totp(user: User, code: str, *, ip: str | None = None) -> None:
    device = TotpDevice.objects.filter(user=user, confirmed_at__isnull=True).first()
    if device is None:
        raise ServiceError(FieldError(None, "Start the two-factor set-up first.", "not_started"))
    _check_totp(user, device, code, ip)
    device.confirmed_at = timezone.now()
    device.save(update_fields=["confirmed_at"])


def disable_totp(user: User, code: str, *, ip: str | None = None) -> None:
    device = TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).first()
    if device is None:
        raise ServiceError(FieldError(None, "Two-factor sign-in is off.", "not_enabled"))
    _check_totp(user, device, code, ip)
    device.delete()


def has_totp(user: User) -> bool:
    return TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


# --- password ---------------------------------------------------------------------------


def change_password(
    user: User, current_password: str, new_password: str, *, keep_token: str | None = None, ip: str | None = None
) -> None:
    """Check the current password and the password rules; every other token of the user dies.

    Wrong current passwords are throttled like sign-in (``check_key``): once locked, even the
    right one is refused until the lock ends.
    """
    key = check_key("password", user)
    refuse_if_locked(key, ip, "currentPassword")
    errors = ErrorCollector()
    if not user.check_password(current_password):
        _login_failed(key, ip)
        errors.add("currentPassword", "This is not your current password.", "invalid")
    else:
        _login_succeeded(key)
    try:
        password_validation.validate_password(new_password, user)
    except ValidationError as exc:
        for message in exc.messages:
            errors.add("newPassword", message, "weak_password")
    errors.raise_if_any()
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        others = AuthToken.objects.filter(user=user, revoked_at__isnull=True)
        keep = _token_id(keep_token) if keep_token else None
        if keep is not None:
            others = others.exclude(id=keep)
        others.update(revoked_at=timezone.now())


# --- password reset and finding one's workspaces (nobody signed in) ------------------------
#
# Both answer the same whether or not the address has an account (or a seat in the workspace named):
# the difference is only in whether an email goes out. Requests are throttled per address
# (PASSWORD_RESET_MAX_REQUESTS per PASSWORD_RESET_THROTTLE_SECONDS), which again says nothing about
# an account, since an address without one is counted the same way.

RESET_SALT = "tenants.password-reset"


def _throttle_request(kind: str, email: str, ip: str | None) -> None:
    """Count one request of ``kind`` for ``email`` (and the client address); refuse once over the limit."""
    key = f"{kind}:{email}"
    if is_locked(key, None) or (ip and is_locked(f"{kind}-ip:{ip}", None)):
        raise ServiceError(FieldError(None, "Too many requests. Try again later.", "throttled"))
    window = settings.PASSWORD_RESET_THROTTLE_SECONDS
    _count_failure(key, settings.PASSWORD_RESET_MAX_REQUESTS, window)
    if ip:
        _count_failure(f"{kind}-ip:{ip}", settings.LOGIN_MAX_FAILURES_PER_IP, window)


def _password_state(user: User) -> str:
    """Changes whenever the password does: a reset link works until its first use (or any password change)."""
    return salted_hmac(RESET_SALT, f"{user.pk}:{user.password}").hexdigest()[:32]


def password_reset_token(user: User, tenant: Tenant) -> str:
    """A signed token for a reset link into ``tenant``; valid PASSWORD_RESET_TIMEOUT seconds, once."""
    return signing.dumps({"w": tenant.pk, "u": user.pk, "h": _password_state(user)}, salt=RESET_SALT)


def _normalized_email(email: str) -> str | None:
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        return None
    return email


def request_password_reset(email: str, workspace: str, *, language: str | None = None, ip: str | None = None) -> None:
    """Email a reset link into ``workspace`` (a subdomain) if ``email`` is an active member there.

    The answer is the same either way (no account enumeration); only a malformed address or too
    many requests for it are refused.
    """
    address = _normalized_email(email)
    if address is None:
        raise ServiceError(FieldError("email", "Enter a valid email address.", "invalid"))
    _throttle_request("reset", address, ip)
    membership = (
        Membership.objects.filter(
            user__email=address,
            user__is_active=True,
            user__is_service_account=False,
            is_active=True,
            tenant__schema_name=schema_name_for(workspace.strip().lower()),
            tenant__is_template=False,
        )
        .select_related("user", "tenant")
        .first()
    )
    if membership is None:
        logger.info("password reset for no member", extra={"workspace": workspace[:40]})
        return
    token = password_reset_token(membership.user, membership.tenant)
    link = f"{membership.tenant.url}/reset-password?token={token}"
    emails.send_password_reset(to=address, workspace=membership.tenant.name, link=link, language=language or "en")


@dataclass
class PasswordReset:
    user: User
    tenant: Tenant


def reset_password(token: str, new_password: str, *, tenant: Tenant | None = None) -> PasswordReset:
    """Set a new password with a reset link's token, and end every session and token of the user.

    ``tenant`` (the host's workspace, when called there) must be the one the link was made for.
    """
    try:
        payload = signing.loads(token.strip(), salt=RESET_SALT, max_age=settings.PASSWORD_RESET_TIMEOUT)
        tenant_id, user_id, state = int(payload["w"]), int(payload["u"]), str(payload["h"])
    except signing.SignatureExpired:
        raise ServiceError(FieldError("token", "This link has expired; ask for a new one.", "expired")) from None
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise ServiceError(FieldError("token", "This link is not valid.", "invalid")) from None
    membership = (
        Membership.objects.filter(user_id=user_id, tenant_id=tenant_id, is_active=True, user__is_active=True)
        .select_related("user", "tenant")
        .first()
    )
    if membership is None or (tenant is not None and tenant.pk != tenant_id):
        raise ServiceError(FieldError("token", "This link is not valid.", "invalid"))
    user = membership.user
    if not secrets.compare_digest(state, _password_state(user)):
        raise ServiceError(FieldError("token", "This link was used already; ask for a new one.", "used"))
    errors = ErrorCollector()
    try:
        password_validation.validate_password(new_password, user)
    except ValidationError as exc:
        for message in exc.messages:
            errors.add("newPassword", message, "weak_password")
    errors.raise_if_any()
    with transaction.atomic():
        # The row lock makes two uses of one link race to a single winner.
        user = User.objects.select_for_update().get(pk=user.pk)
        if not secrets.compare_digest(state, _password_state(user)):
            raise ServiceError(FieldError("token", "This link was used already; ask for a new one.", "used"))
        user.set_password(new_password)
        user.save(update_fields=["password"])
        end_all_sessions(user)
        # Whoever forgot the password may have locked the address trying it.
        _login_succeeded(user.email)
    logger.info("password reset", extra={"user_id": user.pk})
    return PasswordReset(user, membership.tenant)


def end_all_sessions(user: User) -> None:
    """Revoke every bearer token and delete every browser session of ``user``; open sockets close."""
    from django.contrib.sessions.models import Session

    AuthToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    UserSession.objects.filter(user=user).delete()
    transaction.on_commit(lambda: events.access_changed(user.pk))


def find_workspaces(email: str, *, language: str | None = None, ip: str | None = None) -> None:
    """Email the addresses of the workspaces ``email`` is an active member of; the same answer either way."""
    address = _normalized_email(email)
    if address is None:
        raise ServiceError(FieldError("email", "Enter a valid email address.", "invalid"))
    _throttle_request("find", address, ip)
    user = User.objects.filter(email=address, is_active=True, is_service_account=False).first()
    seats = active_memberships(user) if user is not None else []
    if not seats:
        return
    emails.send_workspaces(
        to=address, workspaces=[(m.tenant.name, m.tenant.url) for m in seats], language=language or "en"
    )


# --- sessions and tokens of one user ------------------------------------------------------


@dataclass
class ActiveSession:
    id: str  # "token:<uuid>" or "session:<pk>"
    kind: str
    created_at: datetime
    last_used_at: datetime | None
    user_agent: str
    tenant_name: str | None
    current: bool
    ip_address: str | None = None

    @property
    def device(self) -> devices.Device:
        return devices.describe(self.user_agent)


def active_sessions(
    user: User, *, current_token: str | None = None, current_session: str | None = None
) -> list[ActiveSession]:
    """Unexpired, unrevoked bearer tokens and browser sessions, newest first (two queries)."""
    from django.contrib.sessions.models import Session

    now = timezone.now()
    current_id = _token_id(current_token) if current_token else None
    found = [
        ActiveSession(
            f"token:{t.id}",
            "token",
            t.created_at,
            t.last_used_at,
            t.user_agent,
            None,
            str(t.id) == current_id,
            t.ip_address,
        )
        for t in AuthToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=now)
    ]
    live = Session.objects.filter(expire_date__gt=now).values("session_key")
    found += [
        ActiveSession(
            f"session:{s.pk}",
            "session",
            s.created_at,
            s.last_used_at,
            s.user_agent,
            s.tenant.name if s.tenant else None,
            s.session_key == current_session,
            s.ip_address,
        )
        for s in UserSession.objects.filter(user=user, session_key__in=live).select_related("tenant")
    ]
    return sorted(found, key=lambda s: s.created_at, reverse=True)


def revoke_session(user: User, session_id: str) -> None:
    """End one of the user's own tokens or browser sessions."""
    from django.contrib.sessions.models import Session

    kind, _, raw = session_id.partition(":")
    ended = 0
    if kind == "token":
        try:
            token_uuid = uuid.UUID(raw)
        except ValueError:
            token_uuid = None
        if token_uuid is not None:
            ended = AuthToken.objects.filter(user=user, id=token_uuid, revoked_at__isnull=True).update(
                revoked_at=timezone.now()
            )
    elif kind == "session" and raw.isdigit():
        row = UserSession.objects.filter(user=user, pk=int(raw)).first()
        if row is not None:
            Session.objects.filter(session_key=row.session_key).delete()
            row.delete()
            ended = 1
    if not ended:
        raise ServiceError(FieldError("id", "No such session of yours.", "not_found"))


def remember_session(request: Any, user: User) -> None:
    """Called on every session login: keeps the session findable by its user."""
    key = request.session.session_key
    if not key:
        request.session.save()
        key = request.session.session_key
    tenant = getattr(request, "tenant", None)
    now = timezone.now()
    UserSession.objects.update_or_create(
        session_key=key,
        defaults={
            "user": user,
            "tenant": tenant if tenant is not None and tenant.schema_name != "public" else None,
            "user_agent": request.headers.get("User-Agent", "")[:200],
            "ip_address": request.META.get("REMOTE_ADDR") or None,
            "last_used_at": now,
        },
    )
    request.session[SESSION_SEEN_KEY] = int(now.timestamp())


# A session's use is written at most this often: not a database write per request.
USE_RECORDED_EVERY = timedelta(minutes=5)
SESSION_SEEN_KEY = "_use_recorded_at"


def record_session_use(request: Any) -> None:
    """Note that the request's signed-in session was used now, from its address (throttled).

    When it was last written is kept in the session itself, so the common case reads nothing more.
    """
    session = request.session
    now = timezone.now()
    seen = session.get(SESSION_SEEN_KEY)
    if isinstance(seen, int) and now.timestamp() - seen < USE_RECORDED_EVERY.total_seconds():
        return
    UserSession.objects.filter(session_key=session.session_key).update(
        last_used_at=now, ip_address=request.META.get("REMOTE_ADDR") or None
    )
    session[SESSION_SEEN_KEY] = int(now.timestamp())


def forget_session(request: Any) -> None:
    key = getattr(getattr(request, "session", None), "session_key", None)
    if key:
        UserSession.objects.filter(session_key=key).delete()


# --- invitations ------------------------------------------------------------------------


@dataclass
class Acceptance:
    user: User
    membership: Membership
    token: str
    team_ids: list[int]
    invited_by_id: int | None = None


def accept_invitation(
    raw_token: str,
    *,
    password: str,
    full_name: str = "",
    tenant: Tenant | None = None,
    otp_code: str | None = None,
    ip: str | None = None,
) -> Acceptance:
    """Join the inviting workspace. A new person sets a password; a known one proves theirs. Single use.

    ``tenant`` (the host's tenant) must be the inviting one when given.
    """
    invitation = (
        Invitation.objects.select_for_update().select_related("tenant").filter(token_hash=_hash(raw_token)).first()
        if raw_token
        else None
    )
    if invitation is None or (tenant is not None and invitation.tenant_id != tenant.pk):
        raise ServiceError(FieldError("token", "This invitation link is not valid.", "invalid"))
    if invitation.accepted_at is not None:
        raise ServiceError(FieldError("token", "This invitation was used already.", "used"))
    if invitation.revoked_at is not None or invitation.expires_at <= timezone.now():
        raise ServiceError(FieldError("token", "This invitation has expired; ask for a new one.", "expired"))
    user = User.objects.filter(email=invitation.email).first()
    if user is None:
        errors = ErrorCollector()
        full_name = full_name.strip()
        if not full_name:
            errors.add("fullName", "Enter your name.", "required")
        try:
            password_validation.validate_password(password, User(email=invitation.email, full_name=full_name))
        except ValidationError as exc:
            for message in exc.messages:
                errors.add("password", message, "weak_password")
        errors.raise_if_any()
        user = User.objects.create_user(email=invitation.email, password=password, full_name=full_name[:150])
    else:
        user = authenticate(invitation.email, password, otp_code=otp_code, ip=ip)
    joining = not Membership.objects.filter(user=user, tenant=invitation.tenant, is_active=True).exists()
    if joining:
        modules.check_seats_added(invitation.tenant)  # plan limits (billing): refused, nothing changes
    membership, created = Membership.objects.get_or_create(
        user=user,
        tenant=invitation.tenant,
        defaults={"role": invitation.role, "custom_role_id": invitation.custom_role_id},
    )
    if not created:
        membership.role, membership.custom_role_id, membership.is_active = (
            invitation.role,
            invitation.custom_role_id,
            True,
        )
        membership.save(update_fields=["role", "custom_role_id", "is_active"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    if joining:
        modules.seats_changed(invitation.tenant)
    return Acceptance(
        user, membership, issue_token(user), [int(t) for t in invitation.team_ids], invitation.invited_by_id
    )


def active_memberships(user: User) -> list[Membership]:
    return list(
        Membership.objects.filter(user=user, is_active=True, tenant__is_template=False)
        .select_related("tenant")
        .order_by("tenant__name")
    )


# --- bearer tokens ---------------------------------------------------------------


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_token(user: User, *, user_agent: str = "", ip: str | None = None, ttl: timedelta | None = None) -> str:
    """A new signed bearer token for ``user``; expires after AUTH_TOKEN_TTL_SECONDS."""
    ttl = ttl or timedelta(seconds=settings.AUTH_TOKEN_TTL_SECONDS)
    secret = secrets.token_urlsafe(24)
    record = AuthToken.objects.create(
        user=user,
        secret_hash=_hash(secret),
        expires_at=timezone.now() + ttl,
        user_agent=user_agent[:200],
        ip_address=ip or None,
    )
    return signing.dumps({"t": str(record.id), "s": secret}, salt=TOKEN_SALT, compress=True)


def user_for_token(token: str, *, ip: str | None = None) -> User | None:
    """The user a token belongs to, if its signature holds and it is unexpired, unrevoked and active."""
    parsed = _token_parts(token)
    if parsed is None:
        return None
    record = (
        AuthToken.objects.select_related("user")
        .filter(id=parsed[0], revoked_at__isnull=True, expires_at__gt=timezone.now(), user__is_active=True)
        .first()
    )
    if record is None or not _token_in_use(record.id, record.secret_hash, record.last_used_at, parsed[1], ip):
        return None
    return record.user


def seat_for_token(token: str, tenant: Tenant, *, ip: str | None = None) -> Membership | None:
    """The active seat in ``tenant`` of the user a valid token belongs to, user and tenant loaded, in one query.

    The same checks as ``user_for_token`` (signature, expiry, revocation, active user), read
    from the database on every call. None when the token is not valid or its user holds no
    active seat in ``tenant``; ``user_for_token`` then tells which.
    """
    parsed = _token_parts(token)
    if parsed is None:
        return None
    try:
        token_id = uuid.UUID(parsed[0])
    except ValueError:
        return None
    query = _seat_query()
    with connection.cursor() as cursor:
        prepared.execute(cursor, query.sql, [tenant.pk, token_id, timezone.now()])
        row = cursor.fetchone()
    if row is None:
        return None
    db = connection.alias
    memberships, users = len(query.membership_fields), len(query.user_fields)
    seat = Membership.from_db(db, query.membership_fields, row[:memberships])
    user = User.from_db(db, query.user_fields, row[memberships : memberships + users])
    seat._state.fields_cache["user"] = user
    seat._state.fields_cache["tenant"] = tenant
    secret_hash, last_used_at = row[memberships + users :]
    return seat if _token_in_use(token_id, secret_hash, last_used_at, parsed[1], ip) else None


@dataclass(frozen=True)
class SeatQuery:
    sql: str
    membership_fields: list[str]
    user_fields: list[str]


@functools.cache
def _seat_query() -> SeatQuery:
    """The SQL of ``seat_for_token``, written once: on every API request, building it with the ORM cost 1 ms.

    Its columns need no conversion from the database (checked here), so rows become models directly.
    """
    quote = connection.ops.quote_name
    membership_columns, user_columns = Membership._meta.concrete_fields, User._meta.concrete_fields
    for field in (*membership_columns, *user_columns):
        if hasattr(field, "from_db_value"):
            raise ImproperlyConfigured(f"{field} needs a conversion seat_for_token does not make")
    columns = [f"m.{quote(str(f.column))}" for f in membership_columns] + [
        f"u.{quote(str(f.column))}" for f in user_columns
    ]
    sql = (
        f"SELECT {', '.join(columns)}, t.{quote('secret_hash')}, t.{quote('last_used_at')}"
        f" FROM {quote(Membership._meta.db_table)} m"
        f" JOIN {quote(User._meta.db_table)} u ON u.{quote('id')} = m.{quote('user_id')}"
        f" JOIN {quote(AuthToken._meta.db_table)} t ON t.{quote('user_id')} = u.{quote('id')}"
        f" WHERE m.{quote('tenant_id')} = %s AND m.{quote('is_active')} AND u.{quote('is_active')}"
        f" AND t.{quote('id')} = %s AND t.{quote('revoked_at')} IS NULL AND t.{quote('expires_at')} > %s"
        " LIMIT 1"
    )
    return SeatQuery(sql, [f.attname for f in membership_columns], [f.attname for f in user_columns])


def _token_parts(token: str) -> tuple[str, str] | None:
    try:
        payload = signing.loads(token, salt=TOKEN_SALT, max_age=settings.AUTH_TOKEN_TTL_SECONDS)
        return str(payload["t"]), str(payload["s"])
    except (signing.BadSignature, KeyError, TypeError):
        return None


def _token_in_use(
    token_id: Any, secret_hash: str, last_used_at: datetime | None, secret: str, ip: str | None = None
) -> bool:
    """Whether the secret matches; a match is recorded as a use, with its address (at most every five minutes)."""
    if not secrets.compare_digest(secret_hash, _hash(secret)):
        return False
    now = timezone.now()
    if last_used_at is None or now - last_used_at > USE_RECORDED_EVERY:
        used: dict[str, Any] = {"last_used_at": now}
        if ip:
            used["ip_address"] = ip
        AuthToken.objects.filter(id=token_id).update(**used)
    return True


def _token_id(token: str) -> str | None:
    try:
        return str(signing.loads(token, salt=TOKEN_SALT)["t"])
    except (signing.BadSignature, KeyError, TypeError):
        return None


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
