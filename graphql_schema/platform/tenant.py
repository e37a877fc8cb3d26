"""Who am I and where am I, on a tenant host; session login for the web client."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import strawberry
from django.contrib.auth import login, logout
from strawberry.types import Info

from graphql_schema.core.mutations import EMPTY_INPUT_DESCRIPTION, EmptyInput, Mutation
from graphql_schema.errors import UserError, request_of, run_service
from graphql_schema.permissions import require_membership
from saas import modules
from saas.access import services as access_services
from saas.access.workspace import WorkspaceSettings, update_workspace
from saas.errors import FieldError, ServiceError
from tenants import services
from tenants.models import Membership

from .public import (
    AccountRequestPayload,
    LogInInput,
    RequestPasswordResetInput,
    ResetPasswordInput,
    request_password_reset,
    reset_password,
)
from .types import Me, TenantType


@strawberry.input(description=EMPTY_INPUT_DESCRIPTION)
class StartSessionInput(EmptyInput):
    pass


@strawberry.input(description=EMPTY_INPUT_DESCRIPTION)
class LogOutInput(EmptyInput):
    pass


@strawberry.type
class SessionPayload:
    me: Me | None = strawberry.field(default=None, description="Who you are signed in as; null on errors.")
    token: str | None = strawberry.field(default=None, description="Your bearer token; null on errors.")
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class LogOutPayload:
    ok: bool = strawberry.field(description="True when the session or token was ended.")


@strawberry.input(description="A currency the workspace trades in and its rate.")
class ExchangeRateInput:
    currency: str = strawberry.field(description="ISO 4217 code, e.g. EUR.")
    rate: Decimal = strawberry.field(description="How many of the default currency one unit is worth (> 0).")


@strawberry.input(description="Leave a field out to keep its value.")
class UpdateWorkspaceInput:
    name: str | None = strawberry.field(default=None, description="The workspace's (company's) name.")
    locale: str | None = strawberry.field(
        default=None, description="How it writes dates and numbers (BCP 47, e.g. zh-CN)."
    )
    currency: str | None = strawberry.field(
        default=None,
        description="The default currency. Changing it to one of `exchangeRates` turns the rates around; "
        "to another, give `exchangeRates` against it in the same change.",
    )
    time_zone: str | None = strawberry.field(default=None, description="Its time zone (IANA, e.g. Asia/Shanghai).")
    legal_name: str | None = strawberry.field(default=None, description="The company's registered name.")
    address: str | None = strawberry.field(default=None, description="The company's postal address.")
    website: str | None = strawberry.field(default=None, description="http(s) address; empty removes it.")
    exchange_rates: list[ExchangeRateInput] | None = strawberry.field(
        default=None, description="Every other currency the workspace trades in (replaces the table; [] clears it)."
    )
    fiscal_year_start_month: int | None = strawberry.field(default=None, description="1 (January) to 12.")
    brand_colour: str | None = strawberry.field(default=None, description="#rrggbb; empty: the default colour.")
    logo: str | None = strawberry.field(
        default=None, description="A PNG, JPEG or WebP image up to 512 KB as a base64 data URL; empty removes it."
    )


@strawberry.type
class WorkspacePayload:
    tenant: TenantType | None = strawberry.field(default=None, description="The workspace as saved; null on errors.")
    errors: list[UserError] = strawberry.field(default_factory=list)


@dataclass(frozen=True)
class UpdateWorkspace(Mutation):
    def call(self, actor: Membership, input: UpdateWorkspaceInput) -> TenantType:
        rates = input.exchange_rates
        changes = WorkspaceSettings(
            name=input.name,
            locale=input.locale,
            currency=input.currency,
            time_zone=input.time_zone,
            legal_name=input.legal_name,
            address=input.address,
            website=input.website,
            exchange_rates=None if rates is None else [(r.currency, r.rate) for r in rates],
            fiscal_year_start_month=input.fiscal_year_start_month,
            brand_colour=input.brand_colour,
            logo=input.logo,
        )
        return TenantType.of(update_workspace(actor, changes))


@strawberry.type(description="One step of the home page's checklist.")
class GettingStartedStep:
    key: str = strawberry.field(description="e.g. `addCompany`, `inviteMember`, `setUpRoles`, `customiseSettings`.")
    done: bool = strawberry.field(description="Whether this workspace has done it (by anyone).")


@strawberry.type
class PlatformQuery:
    @strawberry.field(description="The signed-in member of this workspace.")
    def me(self, info: Info) -> Me:
        return Me.of(require_membership(info))

    @strawberry.field(description="The home page's checklist, ticked from what this workspace really did.")
    def getting_started(self, info: Info) -> list[GettingStartedStep]:
        tenant = require_membership(info).tenant
        return [GettingStartedStep(key=step.key, done=step.done(tenant)) for step in modules.getting_started_steps()]

    @strawberry.field(description="This workspace.")
    def current_tenant(self, info: Info) -> TenantType:
        return TenantType.of(require_membership(info).tenant)


@strawberry.type
class PlatformMutation:
    @strawberry.mutation(description="Sign in to this workspace: starts a session and returns a bearer token.")
    def log_in(self, info: Info, input: LogInInput) -> SessionPayload:
        request = request_of(info)

        def build() -> SessionPayload:
            ip = request.META.get("REMOTE_ADDR")
            user = services.authenticate(input.email, input.password, otp_code=input.otp_code, ip=ip)
            membership = (
                Membership.objects.filter(user=user, tenant=request.tenant, is_active=True)
                .select_related("user", "tenant")
                .first()
            )
            if membership is None:
                # Same answer as wrong credentials: don't reveal who has an account.
                raise ServiceError(FieldError(None, "Email or password is wrong.", "invalid_credentials"))
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            token = services.issue_token(user, user_agent=request.headers.get("User-Agent", ""), ip=ip)
            access_services.record_sign_in(user, "password")
            return SessionPayload(me=Me.of(membership), token=token)

        return run_service(build, lambda errors: SessionPayload(errors=errors))

    @strawberry.mutation(
        description="Trade the bearer token this request carries for a session cookie; the token is revoked. "
        "The web client uses it once, right after signup hands it the new owner's token."
    )
    def start_session(self, info: Info, input: StartSessionInput | None = None) -> SessionPayload:
        membership = require_membership(info)
        request = request_of(info)
        token = getattr(request, "auth_token", None)
        if getattr(request, "api_key", None) is not None or membership.user.is_service_account:
            # Sessions are never minted from API keys: the key is checked (expiry, revocation) on every request.
            return SessionPayload(
                errors=[UserError(field=None, message="An API key cannot start a session.", code="api_key")]
            )
        if token is None:
            return SessionPayload(
                errors=[UserError(field=None, message="Send the token as a bearer token.", code="token_required")]
            )
        login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
        # One-time hand-off: the token travelled in a URL fragment, so it must not live on.
        services.revoke_token(token)
        return SessionPayload(me=Me.of(membership))

    update_workspace = UpdateWorkspace(UpdateWorkspaceInput, WorkspacePayload, "tenant").field(
        "Change the workspace's name, formats, company profile, currencies and exchange rates, fiscal year and "
        "branding (owners and admins)."
    )

    @strawberry.mutation(
        description="Email a password reset link into this workspace (or the one named). The answer is the "
        "same whether or not the address has an account."
    )
    def request_password_reset(self, info: Info, input: RequestPasswordResetInput) -> AccountRequestPayload:
        return request_password_reset(info, input, input.workspace or request_of(info).tenant.subdomain)

    @strawberry.mutation(
        description="Set a new password with a reset link's token made for this workspace (single use); "
        "every session and token of the user ends."
    )
    def reset_password(self, info: Info, input: ResetPasswordInput) -> AccountRequestPayload:
        return reset_password(input, request_of(info).tenant)

    @strawberry.mutation(description="End this session, and revoke the bearer token the request carries.")
    def log_out(self, info: Info, input: LogOutInput | None = None) -> LogOutPayload:
        request = request_of(info)
        token = getattr(request, "auth_token", None)
        revoked = services.revoke_token(token) if token else False
        was_signed_in = request.user.is_authenticated
        logout(request)
        return LogOutPayload(ok=revoked or was_signed_in)
