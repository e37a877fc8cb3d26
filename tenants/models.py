"""Everything in schema ``public``: tenants, their domains, global users, memberships, tokens."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django_tenants.models import DomainMixin, TenantMixin


class Tenant(TenantMixin):
    """A company's workspace: one PostgreSQL schema named after its subdomain."""

    name = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now)
    # The template schema is a real tenant row so ``migrate_schemas`` keeps it migrated.
    is_template = models.BooleanField(default=False)
    # How the workspace writes dates, numbers and money (BCP 47 locale, ISO 4217, IANA zone).
    locale = models.CharField(max_length=35, default="en-US")
    currency = models.CharField(max_length=3, default="USD")
    time_zone = models.CharField(max_length=64, default="UTC")
    # Company profile (invoices, quotes and e-mails print it).
    legal_name = models.CharField(max_length=200, blank=True)
    address = models.CharField(max_length=500, blank=True)
    website = models.CharField(max_length=200, blank=True)
    # Other currencies the workspace trades in: code -> how many of ``currency`` one unit is worth
    # (a decimal string), e.g. {"EUR": "1.08"} in a USD workspace.
    exchange_rates = models.JSONField(default=dict, blank=True)
    fiscal_year_start_month = models.PositiveSmallIntegerField(default=1)  # 1 = January
    # Branding of the web client's shell and of e-mails: a colour (#rrggbb) and a logo (Django storage).
    brand_colour = models.CharField(max_length=7, blank=True)
    logo = models.FileField(upload_to="logos/", blank=True, max_length=200)

    # Schemas are made by tenants.provisioning (pool or clone), never by save().
    auto_create_schema = False
    auto_drop_schema = True

    def __str__(self) -> str:
        return self.name

    @property
    def subdomain(self) -> str:
        return self.schema_name.replace("_", "-")

    @property
    def url(self) -> str:
        return tenant_url(self.subdomain)


def tenant_url(subdomain: str) -> str:
    """The web address of a tenant, e.g. ``http://acme.localhost:8000``."""
    port = f":{settings.PUBLIC_URL_PORT}" if settings.PUBLIC_URL_PORT else ""
    return f"{settings.PUBLIC_URL_SCHEME}://{subdomain}.{settings.BASE_DOMAIN}{port}"


def public_site_url(path: str = "") -> str:
    """The web address of the public site (signup, find your workspace), e.g. ``http://localhost:8000/signup``."""
    port = f":{settings.PUBLIC_URL_PORT}" if settings.PUBLIC_URL_PORT else ""
    return f"{settings.PUBLIC_URL_SCHEME}://{settings.BASE_DOMAIN}{port}{path}"


class Domain(DomainMixin):
    """A host name that selects a tenant (``acme.example.com``)."""


class SchemaPoolEntry(models.Model):
    """A ready, fully migrated schema waiting to be renamed for the next signup.

    ``fingerprint`` is the template's migration state when the schema was cloned;
    an entry whose fingerprint no longer matches the template is stale and dropped.
    """

    schema_name = models.CharField(max_length=63, unique=True)
    fingerprint = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "schema pool entries"

    def __str__(self) -> str:
        return self.schema_name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("Users need an email address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Global: one login, memberships in any number of tenants."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=150, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    # The user an API key acts as: never logs in, hidden from user lists.
    is_service_account = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["full_name"]

    def __str__(self) -> str:
        return self.email


class Role(models.TextChoices):
    """Built-in roles of a member inside one tenant."""

    OWNER = "owner", "Owner"
    ADMIN = "admin", "Admin"
    MANAGER = "manager", "Manager"
    SALES = "sales", "Sales"
    MARKETING = "marketing", "Marketing"
    SERVICE = "service", "Service"
    READ_ONLY = "read_only", "Read-only"
    # A role the tenant defined itself: ``Membership.custom_role_id`` names it (saas.access.CustomRole).
    CUSTOM = "custom", "Custom"


class Membership(models.Model):
    """A user's seat in a tenant, with the role they hold there."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.SALES)
    # Id of a saas.access.CustomRole in the tenant's schema when ``role`` is ``custom``.
    custom_role_id = models.BigIntegerField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "tenant"], name="one_membership_per_tenant")]

    def __str__(self) -> str:
        return f"{self.user} in {self.tenant} as {self.role}"


class AuthToken(models.Model):
    """A bearer token's server-side record: expiry and revocation live here.

    The token a client holds is ``signing.dumps`` of ``id`` + ``secret``; only the
    hash of the secret is stored.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="auth_tokens")
    secret_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    user_agent = models.CharField(max_length=200, blank=True)
    # Where it was issued, then where it was last used (updated with last_used_at).
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    def __str__(self) -> str:
        return f"token of {self.user_id} until {self.expires_at:%Y-%m-%d}"

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class UserSession(models.Model):
    """A signed-in browser session, so its owner can list and end it (Django's store can't be searched by user)."""

    session_key = models.CharField(max_length=40, unique=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="web_sessions")
    tenant = models.ForeignKey(Tenant, null=True, blank=True, on_delete=models.CASCADE)
    user_agent = models.CharField(max_length=200, blank=True)
    # Where it signed in, then where it was last used; both kept current at most every few minutes.
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"session of {self.user_id}"


class Invitation(models.Model):
    """An invitation to join a tenant. The link carries a secret; only its hash is kept. Single use, expiring."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.SALES)
    custom_role_id = models.BigIntegerField(null=True, blank=True)
    team_ids = models.JSONField(default=list, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.email} to {self.tenant_id}"

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()


class LoginThrottle(models.Model):
    """Failed sign-ins of one email address; enough of them in a row lock it for a while."""

    email = models.CharField(max_length=254, unique=True)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField(null=True, blank=True)
    locked_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.email}: {self.failures} failures"


class TotpDevice(models.Model):
    """A user's authenticator app (TOTP). Active once confirmed with a first code."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp_device")
    secret = models.CharField(max_length=64)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The last accepted time step: a code is never accepted twice.
    last_used_step = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"TOTP of {self.user_id}"
