"""Who am I and where am I, on a tenant host; session login for the web client."""

from __future__ import annotations

from dataclasses import dataclass

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
    me: Me | None = None
    token: str | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class LogOutPayload:
    ok: bool


@strawberry.input(description="Leave a field out to keep its value.")
class UpdateWorkspaceInput:
    name: str | None = None
    locale: str | None = None
    currency: str | None = None
    time_zone: str | None = None


@strawberry.type
class WorkspacePayload:
    tenant: TenantType | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@dataclass(frozen=True)
class UpdateWorkspace(Mutation):
    def call(self, actor: Membership, input: UpdateWorkspaceInput) -> TenantType:
        changes = WorkspaceSettings(
            name=input.name, locale=input.locale, currency=input.currency, time_zone=input.time_zone
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
        "Rename the workspace or change its locale, currency and time zone (owners and admins)."
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
