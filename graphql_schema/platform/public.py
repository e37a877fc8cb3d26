"""Signup and login on the public site (``BASE_DOMAIN``)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from graphql_schema.errors import UserError, request_of, run_service
from saas.access import services as access_services
from saas.errors import ErrorCollector, FieldError, ServiceError
from tenants import services
from tenants.models import Tenant

from .types import MembershipType, TenantType


@strawberry.input
class SignUpInput:
    company_name: str = strawberry.field(description="Your company's name: the workspace's name.")
    subdomain: str = strawberry.field(description="The workspace's subdomain (see `subdomainAvailability`).")
    email: str = strawberry.field(description="The owner's sign-in e-mail.")
    password: str = strawberry.field(description="The owner's password; the password rules apply.")
    full_name: str = strawberry.field(description="The owner's full name.")


@strawberry.type
class SignUpPayload:
    tenant: TenantType | None = strawberry.field(default=None, description="The new workspace; null on errors.")
    token: str | None = strawberry.field(default=None, description="Bearer token of the new owner.")
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class LogInInput:
    email: str = strawberry.field(description="Your sign-in e-mail.")
    password: str = strawberry.field(description="Your password.")
    otp_code: str | None = strawberry.field(
        default=None, description="The authenticator app's code, when a first attempt answered `otp_required`."
    )


@strawberry.type
class LogInPayload:
    token: str | None = strawberry.field(default=None, description="Your bearer token; null on errors.")
    memberships: list[MembershipType] = strawberry.field(
        default_factory=list, description="The workspaces you may sign in to."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class AcceptInvitationInput:
    token: str = strawberry.field(description="The token from the invitation link.")
    password: str = strawberry.field(description="A new password, or the existing account's password.")
    full_name: str = strawberry.field(default="", description="Your name, for a new account.")
    otp_code: str | None = strawberry.field(
        default=None, description="A two-factor code, when the existing account has two-factor sign-in on."
    )


@strawberry.type(description="The answer of `acceptInvitation`: a token for the workspace, or `errors`.")
class AcceptInvitationResult:
    token: str | None = strawberry.field(default=None, description="Your bearer token there; null on errors.")
    tenant: TenantType | None = strawberry.field(default=None, description="The workspace you joined; null on errors.")
    errors: list[UserError] = strawberry.field(
        default_factory=list, description="Expected failures (validation, permission, limits); empty on success."
    )


@strawberry.input
class RequestPasswordResetInput:
    email: str = strawberry.field(description="The address of the account; the link is emailed there.")
    workspace: str | None = strawberry.field(
        default=None,
        description="The workspace's subdomain; on a workspace's own host it defaults to that workspace.",
    )
    language: str | None = strawberry.field(default=None, description='The email\'s language: "en" or "zh-CN".')


@strawberry.input
class ResetPasswordInput:
    token: str = strawberry.field(description="The token of the emailed link.")
    new_password: str = strawberry.field(description="The new password (the password rules apply).")


@strawberry.input
class FindWorkspacesInput:
    email: str = strawberry.field(description="The address to send the list of its workspaces to.")
    language: str | None = strawberry.field(default=None, description='The email\'s language: "en" or "zh-CN".')


@strawberry.type(description="Whether the request was taken. It says nothing about whether an account exists.")
class AccountRequestPayload:
    ok: bool = strawberry.field(default=False, description="True when the request was taken.")
    errors: list[UserError] = strawberry.field(default_factory=list)


def request_password_reset(
    info: Info, input: RequestPasswordResetInput, workspace: str | None
) -> AccountRequestPayload:
    """Shared by the public and the tenant schema (the tenant host names its own workspace)."""

    def build() -> AccountRequestPayload:
        if not workspace:
            raise ServiceError(FieldError("workspace", "Enter your workspace's address.", "required"))
        ip = request_of(info).META.get("REMOTE_ADDR")
        services.request_password_reset(input.email, workspace, language=input.language, ip=ip)
        return AccountRequestPayload(ok=True)

    return run_service(build, lambda errors: AccountRequestPayload(errors=errors))


def reset_password(input: ResetPasswordInput, tenant: Tenant | None) -> AccountRequestPayload:
    def build() -> AccountRequestPayload:
        services.reset_password(input.token, input.new_password, tenant=tenant)
        return AccountRequestPayload(ok=True)

    return run_service(build, lambda errors: AccountRequestPayload(errors=errors))


@strawberry.type(description="Whether a subdomain can be signed up for.")
class SubdomainAvailability:
    available: bool = strawberry.field(description="True: free and valid.")
    errors: list[UserError] = strawberry.field(
        description="Why not (taken, reserved, invalid format); empty when free."
    )


@strawberry.type(description="What anyone may ask the public site, signed in or not.")
class PublicQuery:
    @strawberry.field(description="Whether a subdomain can be signed up for, and why not.")
    def subdomain_availability(
        self, subdomain: Annotated[str, strawberry.argument(description="The subdomain wanted, e.g. acme.")]
    ) -> SubdomainAvailability:
        errors = ErrorCollector()
        services.validate_subdomain(subdomain.strip().lower(), errors)
        return SubdomainAvailability(
            available=not errors.errors,
            errors=[UserError(field=e.field, message=e.message, code=e.code) for e in errors.errors],
        )


@strawberry.type(description="Signing up, signing in and account recovery on the public site.")
class PublicMutation:
    @strawberry.mutation(description="Create a workspace, its owner and the owner's token, all or nothing.")
    def sign_up(self, input: SignUpInput) -> SignUpPayload:
        def build() -> SignUpPayload:
            result = services.sign_up(
                company_name=input.company_name,
                subdomain=input.subdomain,
                email=input.email,
                password=input.password,
                full_name=input.full_name,
            )
            return SignUpPayload(tenant=TenantType.of(result.tenant), token=result.token)

        return run_service(build, lambda errors: SignUpPayload(errors=errors))

    @strawberry.mutation(description="Exchange credentials for a bearer token and the list of workspaces.")
    def log_in(self, info: Info, input: LogInInput) -> LogInPayload:
        def build() -> LogInPayload:
            ip = request_of(info).META.get("REMOTE_ADDR")
            user = services.authenticate(input.email, input.password, otp_code=input.otp_code, ip=ip)
            user_agent = request_of(info).headers.get("User-Agent", "")
            access_services.record_sign_in_everywhere(user, "password")
            return LogInPayload(
                token=services.issue_token(user, user_agent=user_agent, ip=ip),
                memberships=[MembershipType.of(m) for m in services.active_memberships(user)],
            )

        return run_service(build, lambda errors: LogInPayload(errors=errors))

    @strawberry.mutation(description="Join the inviting workspace with an invitation link's token.")
    def accept_invitation(self, info: Info, input: AcceptInvitationInput) -> AcceptInvitationResult:
        def build() -> AcceptInvitationResult:
            accepted = access_services.accept_invitation(
                input.token,
                password=input.password,
                full_name=input.full_name,
                otp_code=input.otp_code,
                ip=request_of(info).META.get("REMOTE_ADDR"),
            )
            return AcceptInvitationResult(token=accepted.token, tenant=TenantType.of(accepted.membership.tenant))

        return run_service(build, lambda errors: AcceptInvitationResult(errors=errors))

    @strawberry.mutation(
        description="Email a password reset link into a workspace. The answer is the same whether or not "
        "the address has an account there."
    )
    def request_password_reset(self, info: Info, input: RequestPasswordResetInput) -> AccountRequestPayload:
        return request_password_reset(info, input, input.workspace)

    @strawberry.mutation(
        description="Set a new password with a reset link's token (single use); every session and token ends."
    )
    def reset_password(self, input: ResetPasswordInput) -> AccountRequestPayload:
        return reset_password(input, None)

    @strawberry.mutation(description="Email the addresses of your workspaces. The same answer for any address.")
    def find_workspaces(self, info: Info, input: FindWorkspacesInput) -> AccountRequestPayload:
        def build() -> AccountRequestPayload:
            ip = request_of(info).META.get("REMOTE_ADDR")
            services.find_workspaces(input.email, language=input.language, ip=ip)
            return AccountRequestPayload(ok=True)

        return run_service(build, lambda errors: AccountRequestPayload(errors=errors))
