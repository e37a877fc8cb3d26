"""Workspace settings in GraphQL: users, roles, teams, API keys, invitations, sharing, account security.

Resolvers are thin: they decode ids (always within this workspace) and call
``saas.access.services`` / ``tenants.services``, which check who may do what.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, TypeVar

import strawberry
import strawberry_django
from strawberry import relay
from strawberry.types import Info
from strawberry_django.relay import DjangoListConnection

from graphql_schema.errors import DeletePayload, UserError, request_of, run_service
from graphql_schema.permissions import get_record, membership_of, require_admin, require_membership
from graphql_schema.platform.types import TenantType
from saas.access import models as access
from saas.access import services
from saas.access.registry import RECORD_TYPES
from saas.errors import FieldError, ServiceError
from tenants import models as accounts
from tenants import services as account_services

from .types import (
    ApiKeyType,
    FieldRuleKind,
    InvitationType,
    MemberType,
    PermissionScope,
    RecordAction,
    RecordShareType,
    RoleType,
    SessionType,
    TeamType,
    builtin_roles,
    custom_roles_by_id,
)

T = TypeVar("T")


# --- ids ------------------------------------------------------------------------------------


def node_pk(gid: relay.GlobalID, type_name: str, field: str) -> int:
    if gid.type_name != type_name or not str(gid.node_id).isdigit():
        raise ServiceError(FieldError(field, f"Not the id of a {type_name}.", "not_found"))
    return int(gid.node_id)


def member_user_id(actor: accounts.Membership, gid: relay.GlobalID, field: str) -> int:
    """The user behind a ``Member`` id of *this* workspace."""
    pk = node_pk(gid, "Member", field)
    found = services.members(actor.tenant_id).filter(pk=pk).values_list("user_id", flat=True).first()
    if found is None:
        raise services.not_found(field, "user")
    return int(found)


def team_of(gid: relay.GlobalID, field: str = "teamId") -> access.Team:
    team = access.Team.objects.filter(pk=node_pk(gid, "Team", field)).first()
    if team is None:
        raise services.not_found(field, "team")
    return team


def custom_role_of(key: str, field: str = "key") -> access.CustomRole:
    raw = key.removeprefix("custom:")
    role = (
        access.CustomRole.objects.filter(pk=int(raw)).first() if key.startswith("custom:") and raw.isdigit() else None
    )
    if role is None:
        raise services.not_found(field, "custom role")
    return role


def grants_from(
    permissions: list[PermissionInput], field_rules: list[FieldRuleInput]
) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    actions: dict[str, dict[str, str]] = {}
    for p in permissions:
        actions.setdefault(p.record_type, {})[p.action.value] = p.scope.value
    rules: dict[str, dict[str, str]] = {}
    for r in field_rules:
        rules.setdefault(r.record_type, {})[r.field] = r.rule.value
    return actions, rules


def mutate(info: Info, build: Callable[[accounts.Membership], T], on_error: Callable[[list[UserError]], T]) -> T:
    """Run a settings mutation for the signed-in member; expected failures become ``errors``."""
    actor = require_membership(info)
    return run_service(lambda: build(actor), on_error)


# --- inputs and payloads ----------------------------------------------------------------------


@strawberry.input
class PermissionInput:
    record_type: str = strawberry.field(description='A registered record type, or "*" for every type.')
    action: RecordAction
    scope: PermissionScope


@strawberry.input
class FieldRuleInput:
    record_type: str
    field: str = strawberry.field(description="A sensitive field of the record type (snake_case model field).")
    rule: FieldRuleKind


@strawberry.input
class ChangeUserRoleInput:
    member_id: relay.GlobalID
    role: str = strawberry.field(description='"admin", "sales", … or "custom:<id>".')


@strawberry.input
class DeactivateUserInput:
    member_id: relay.GlobalID
    reassign_to_member_id: relay.GlobalID | None = strawberry.field(
        default=None, description="Hand their records to this member at once."
    )


@strawberry.input
class ReactivateUserInput:
    member_id: relay.GlobalID


@strawberry.input
class ReassignRecordsInput:
    from_member_id: relay.GlobalID
    to_member_id: relay.GlobalID


@strawberry.input
class CreateRoleInput:
    name: str
    description: str = ""
    permissions: list[PermissionInput] = strawberry.field(default_factory=list)
    field_rules: list[FieldRuleInput] = strawberry.field(default_factory=list)


@strawberry.input
class UpdateRoleInput:
    key: str = strawberry.field(description='"custom:<id>"; built-in roles cannot be changed.')
    name: str
    description: str = ""
    permissions: list[PermissionInput] = strawberry.field(default_factory=list)
    field_rules: list[FieldRuleInput] = strawberry.field(default_factory=list)


@strawberry.input
class DeleteRoleInput:
    key: str


@strawberry.input
class CreateTeamInput:
    name: str
    description: str = ""


@strawberry.input
class UpdateTeamInput:
    id: relay.GlobalID
    name: str
    description: str = ""


@strawberry.input
class DeleteTeamInput:
    id: relay.GlobalID


@strawberry.input
class AddTeamMemberInput:
    team_id: relay.GlobalID
    member_id: relay.GlobalID
    is_manager: bool = False


@strawberry.input
class RemoveTeamMemberInput:
    team_id: relay.GlobalID
    member_id: relay.GlobalID


@strawberry.input
class CreateApiKeyInput:
    name: str
    role: str = strawberry.field(description='"admin", "sales", … or "custom:<id>" (never "owner").')
    expires_at: datetime | None = None


@strawberry.input
class RevokeApiKeyInput:
    id: relay.GlobalID


@strawberry.input
class InviteUserInput:
    email: str
    role: str
    team_ids: list[relay.GlobalID] = strawberry.field(default_factory=list)


@strawberry.input
class RevokeInvitationInput:
    id: relay.GlobalID


@strawberry.input
class AcceptInvitationInput:
    token: str
    password: str = strawberry.field(description="A new password, or the existing account's password.")
    full_name: str = ""
    otp_code: str | None = None


@strawberry.input
class ShareRecordInput:
    record_id: relay.GlobalID = strawberry.field(description="Global id of a CRM record.")
    member_id: relay.GlobalID | None = None
    team_id: relay.GlobalID | None = None
    can_edit: bool = False


@strawberry.input
class UnshareRecordInput:
    id: relay.GlobalID


@strawberry.input
class TwoFactorCodeInput:
    code: str


@strawberry.input
class RevokeSessionInput:
    id: strawberry.ID


@strawberry.input
class UpdateCompanyInfoInput:
    name: str


@strawberry.type
class CompanyInfoPayload:
    tenant: TenantType | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class ChangePasswordInput:
    current_password: str
    new_password: str


def _errors() -> Any:
    return strawberry.field(default_factory=list)


@strawberry.type
class MemberPayload:
    member: MemberType | None = None
    errors: list[UserError] = _errors()


@strawberry.type
class MovedRecords:
    record_type: str
    count: int


@strawberry.type
class ReassignRecordsPayload:
    moved: list[MovedRecords] = strawberry.field(default_factory=list)
    errors: list[UserError] = _errors()


@strawberry.type
class RolePayload:
    role: RoleType | None = None
    errors: list[UserError] = _errors()


@strawberry.type
class TeamPayload:
    team: TeamType | None = None
    errors: list[UserError] = _errors()


@strawberry.type
class ApiKeyPayload:
    api_key: ApiKeyType | None = None
    errors: list[UserError] = _errors()


@strawberry.type
class CreateApiKeyPayload:
    api_key: ApiKeyType | None = None
    key: str | None = strawberry.field(
        default=None, description="The key itself. Shown this once; send it as `Authorization: Bearer <key>`."
    )
    errors: list[UserError] = _errors()


@strawberry.type
class InvitationPayload:
    invitation: InvitationType | None = None
    errors: list[UserError] = _errors()


@strawberry.type
class AcceptInvitationPayload:
    token: str | None = None
    member: MemberType | None = None
    errors: list[UserError] = _errors()


@strawberry.type
class RecordSharePayload:
    share: RecordShareType | None = None
    errors: list[UserError] = _errors()


@strawberry.type
class TwoFactorSetupPayload:
    secret: str | None = None
    provisioning_uri: str | None = strawberry.field(default=None, description="otpauth:// URI for a QR code.")
    errors: list[UserError] = _errors()


@strawberry.type
class TwoFactorPayload:
    ok: bool = False
    errors: list[UserError] = _errors()


@strawberry.type
class RevokeSessionPayload:
    ok: bool = False
    errors: list[UserError] = _errors()


@strawberry.type
class ChangePasswordPayload:
    ok: bool = False
    errors: list[UserError] = _errors()


# --- queries ---------------------------------------------------------------------------------


@strawberry.type
class AccessQuery:
    @strawberry_django.connection(DjangoListConnection[MemberType], description="People of this workspace.")
    def users(self, info: Info) -> Iterable[accounts.Membership]:
        return services.members(require_membership(info).tenant_id)

    @strawberry_django.connection(DjangoListConnection[TeamType])
    def teams(self, info: Info) -> Iterable[access.Team]:
        require_membership(info)
        return access.Team.objects.all()

    @strawberry.field(description="Built-in roles first, then the workspace's custom roles.")
    def roles(self, info: Info) -> list[RoleType]:
        require_membership(info)
        return builtin_roles() + [RoleType.custom(r) for r in custom_roles_by_id(info).values()]

    @strawberry_django.connection(DjangoListConnection[ApiKeyType], description="Owners and admins only.")
    def api_keys(self, info: Info) -> Iterable[access.ApiKey]:
        require_admin(info)
        return access.ApiKey.objects.all()

    @strawberry_django.connection(
        DjangoListConnection[InvitationType], description="Pending invitations. Owners and admins only."
    )
    def invitations(self, info: Info) -> Iterable[accounts.Invitation]:
        return services.pending_invitations(require_admin(info).tenant_id).order_by("-created_at", "-id")

    @strawberry_django.field(description="Who a record is shared with (needs read access to the record).")
    def record_shares(self, info: Info, record_id: relay.GlobalID) -> list[RecordShareType]:
        require_membership(info)
        record_type = RECORD_TYPES.get(record_id.type_name)
        if record_type is None:
            return []
        try:
            record = get_record(info, record_type.model, record_id.node_id)
        except ServiceError:
            return []
        return access.RecordShare.objects.filter(  # type: ignore[return-value]
            record_type=record_type.name, record_id=str(record.pk)
        ).select_related("team")

    @strawberry.field(description="Your role here and what it allows: lets a client show only what you may do.")
    def my_role(self, info: Info) -> RoleType:
        membership = require_membership(info)
        if membership.role == accounts.Role.CUSTOM:
            custom = custom_roles_by_id(info).get(membership.custom_role_id or 0)
            if custom is not None:
                return RoleType.custom(custom)
            return RoleType(
                key="custom:deleted",
                name="(deleted role)",
                description="",
                is_built_in=False,
                permissions=[],
                field_rules=[],
            )
        return RoleType.builtin(membership.role)

    @strawberry.field(description="Your signed-in sessions and bearer tokens.")
    def my_sessions(self, info: Info) -> list[SessionType]:
        membership = require_membership(info)
        request = request_of(info)
        session = getattr(request, "session", None)
        return [
            SessionType(
                id=strawberry.ID(s.id),
                kind=s.kind,
                created_at=s.created_at,
                last_used_at=s.last_used_at,
                user_agent=s.user_agent,
                workspace=s.tenant_name,
                current=s.current,
            )
            for s in account_services.active_sessions(
                membership.user,
                current_token=getattr(request, "auth_token", None),
                current_session=session.session_key if session is not None else None,
            )
        ]

    @strawberry.field(description="Whether your sign-in asks for an authenticator code.")
    def two_factor_enabled(self, info: Info) -> bool:
        return account_services.has_totp(require_membership(info).user)


# --- mutations -------------------------------------------------------------------------------


@strawberry.type
class AccessMutation:
    @strawberry.mutation(description="Give a member another role (owners and admins; owner role by owners only).")
    def change_user_role(self, info: Info, input: ChangeUserRoleInput) -> MemberPayload:
        return mutate(
            info,
            lambda actor: MemberPayload(
                member=services.change_role(actor, member_user_id(actor, input.member_id, "memberId"), input.role)  # type: ignore[arg-type]
            ),
            lambda errors: MemberPayload(errors=errors),
        )

    @strawberry.mutation(description="Refuse a member's next request; their records stay (or go to reassignTo).")
    def deactivate_user(self, info: Info, input: DeactivateUserInput) -> MemberPayload:
        def build(actor: accounts.Membership) -> MemberPayload:
            user_id = member_user_id(actor, input.member_id, "memberId")
            heir = (
                member_user_id(actor, input.reassign_to_member_id, "reassignToMemberId")
                if input.reassign_to_member_id
                else None
            )
            return MemberPayload(member=services.deactivate_user(actor, user_id, heir))  # type: ignore[arg-type]

        return mutate(info, build, lambda errors: MemberPayload(errors=errors))

    @strawberry.mutation
    def reactivate_user(self, info: Info, input: ReactivateUserInput) -> MemberPayload:
        return mutate(
            info,
            lambda actor: MemberPayload(
                member=services.reactivate_user(actor, member_user_id(actor, input.member_id, "memberId"))  # type: ignore[arg-type]
            ),
            lambda errors: MemberPayload(errors=errors),
        )

    @strawberry.mutation(description="Hand every record of one member to another (each module's reassign hook).")
    def reassign_records(self, info: Info, input: ReassignRecordsInput) -> ReassignRecordsPayload:
        def build(actor: accounts.Membership) -> ReassignRecordsPayload:
            services.require_admin(actor)
            moved = services.reassign_records(
                actor,
                member_user_id(actor, input.from_member_id, "fromMemberId"),
                member_user_id(actor, input.to_member_id, "toMemberId"),
            )
            return ReassignRecordsPayload(moved=[MovedRecords(record_type=k, count=v) for k, v in moved.items()])

        return mutate(info, build, lambda errors: ReassignRecordsPayload(errors=errors))

    @strawberry.mutation
    def create_role(self, info: Info, input: CreateRoleInput) -> RolePayload:
        def build(actor: accounts.Membership) -> RolePayload:
            permissions, rules = grants_from(input.permissions, input.field_rules)
            role = services.save_role(
                actor, name=input.name, description=input.description, permissions=permissions, field_rules=rules
            )
            return RolePayload(role=RoleType.custom(role))

        return mutate(info, build, lambda errors: RolePayload(errors=errors))

    @strawberry.mutation(description="Replace a custom role's name, scopes and field rules.")
    def update_role(self, info: Info, input: UpdateRoleInput) -> RolePayload:
        def build(actor: accounts.Membership) -> RolePayload:
            services.require_admin(actor)
            permissions, rules = grants_from(input.permissions, input.field_rules)
            role = services.save_role(
                actor,
                role=custom_role_of(input.key),
                name=input.name,
                description=input.description,
                permissions=permissions,
                field_rules=rules,
            )
            return RolePayload(role=RoleType.custom(role))

        return mutate(info, build, lambda errors: RolePayload(errors=errors))

    @strawberry.mutation
    def delete_role(self, info: Info, input: DeleteRoleInput) -> DeletePayload:
        def build(actor: accounts.Membership) -> DeletePayload:
            services.require_admin(actor)
            services.delete_role(actor, custom_role_of(input.key))
            return DeletePayload(deleted_id=strawberry.ID(input.key))

        return mutate(info, build, lambda errors: DeletePayload(errors=errors))

    @strawberry.mutation
    def create_team(self, info: Info, input: CreateTeamInput) -> TeamPayload:
        return mutate(
            info,
            lambda actor: TeamPayload(
                team=services.save_team(actor, name=input.name, description=input.description)  # type: ignore[arg-type]
            ),
            lambda errors: TeamPayload(errors=errors),
        )

    @strawberry.mutation
    def update_team(self, info: Info, input: UpdateTeamInput) -> TeamPayload:
        def build(actor: accounts.Membership) -> TeamPayload:
            services.require_admin(actor)
            team = services.save_team(
                actor, team=team_of(input.id, "id"), name=input.name, description=input.description
            )
            return TeamPayload(team=team)  # type: ignore[arg-type]

        return mutate(info, build, lambda errors: TeamPayload(errors=errors))

    @strawberry.mutation
    def delete_team(self, info: Info, input: DeleteTeamInput) -> DeletePayload:
        def build(actor: accounts.Membership) -> DeletePayload:
            services.require_admin(actor)
            services.delete_team(actor, team_of(input.id, "id"))
            return DeletePayload(deleted_id=strawberry.ID(str(input.id)))

        return mutate(info, build, lambda errors: DeletePayload(errors=errors))

    @strawberry.mutation(description="Seat a member in a team (again: to make them manager or not).")
    def add_team_member(self, info: Info, input: AddTeamMemberInput) -> TeamPayload:
        def build(actor: accounts.Membership) -> TeamPayload:
            services.require_admin(actor)
            team = team_of(input.team_id)
            services.set_team_member(
                actor, team, member_user_id(actor, input.member_id, "memberId"), is_manager=input.is_manager
            )
            return TeamPayload(team=team)  # type: ignore[arg-type]

        return mutate(info, build, lambda errors: TeamPayload(errors=errors))

    @strawberry.mutation
    def remove_team_member(self, info: Info, input: RemoveTeamMemberInput) -> TeamPayload:
        def build(actor: accounts.Membership) -> TeamPayload:
            services.require_admin(actor)
            team = team_of(input.team_id)
            services.remove_team_member(actor, team, member_user_id(actor, input.member_id, "memberId"))
            return TeamPayload(team=team)  # type: ignore[arg-type]

        return mutate(info, build, lambda errors: TeamPayload(errors=errors))

    @strawberry.mutation(description="A key for an integrator; the key is in this payload only.")
    def create_api_key(self, info: Info, input: CreateApiKeyInput) -> CreateApiKeyPayload:
        def build(actor: accounts.Membership) -> CreateApiKeyPayload:
            created = services.create_api_key(actor, name=input.name, role=input.role, expires_at=input.expires_at)
            return CreateApiKeyPayload(api_key=created.key, key=created.secret)  # type: ignore[arg-type]

        return mutate(info, build, lambda errors: CreateApiKeyPayload(errors=errors))

    @strawberry.mutation(description="The key stops working at once.")
    def revoke_api_key(self, info: Info, input: RevokeApiKeyInput) -> ApiKeyPayload:
        def build(actor: accounts.Membership) -> ApiKeyPayload:
            services.require_admin(actor)
            key = access.ApiKey.objects.filter(pk=node_pk(input.id, "ApiKey", "id")).first()
            if key is None:
                raise services.not_found("id", "API key")
            return ApiKeyPayload(api_key=services.revoke_api_key(actor, key))  # type: ignore[arg-type]

        return mutate(info, build, lambda errors: ApiKeyPayload(errors=errors))

    @strawberry.mutation(description="Email a single-use link that expires; the invitee picks a password.")
    def invite_user(self, info: Info, input: InviteUserInput) -> InvitationPayload:
        def build(actor: accounts.Membership) -> InvitationPayload:
            services.require_admin(actor)
            team_ids = [node_pk(t, "Team", "teamIds") for t in input.team_ids]
            invitation = services.invite_user(actor, email=input.email, role=input.role, team_ids=team_ids)
            return InvitationPayload(invitation=invitation)  # type: ignore[arg-type]

        return mutate(info, build, lambda errors: InvitationPayload(errors=errors))

    @strawberry.mutation
    def revoke_invitation(self, info: Info, input: RevokeInvitationInput) -> InvitationPayload:
        def build(actor: accounts.Membership) -> InvitationPayload:
            services.require_admin(actor)
            invitation = accounts.Invitation.objects.filter(
                pk=node_pk(input.id, "Invitation", "id"), tenant_id=actor.tenant_id
            ).first()
            if invitation is None:
                raise services.not_found("id", "invitation")
            return InvitationPayload(invitation=services.revoke_invitation(actor, invitation))  # type: ignore[arg-type]

        return mutate(info, build, lambda errors: InvitationPayload(errors=errors))

    @strawberry.mutation(description="Join this workspace with an invitation link's token; signs you in.")
    def accept_invitation(self, info: Info, input: AcceptInvitationInput) -> AcceptInvitationPayload:
        request = request_of(info)

        def build() -> AcceptInvitationPayload:
            accepted = services.accept_invitation(
                input.token,
                password=input.password,
                full_name=input.full_name,
                tenant=request.tenant,
                otp_code=input.otp_code,
                ip=request.META.get("REMOTE_ADDR"),
            )
            return AcceptInvitationPayload(token=accepted.token, member=accepted.membership)  # type: ignore[arg-type]

        return run_service(build, lambda errors: AcceptInvitationPayload(errors=errors))

    @strawberry.mutation(description="Share a record with a member or a team (whoever may update it may share it).")
    def share_record(self, info: Info, input: ShareRecordInput) -> RecordSharePayload:
        def build(actor: accounts.Membership) -> RecordSharePayload:
            user_id = member_user_id(actor, input.member_id, "memberId") if input.member_id else None
            team = team_of(input.team_id) if input.team_id else None
            share = services.share_record(
                actor,
                input.record_id.type_name,
                str(input.record_id.node_id),
                user_id=user_id,
                team=team,
                can_edit=input.can_edit,
            )
            return RecordSharePayload(share=share)  # type: ignore[arg-type]

        return mutate(info, build, lambda errors: RecordSharePayload(errors=errors))

    @strawberry.mutation
    def unshare_record(self, info: Info, input: UnshareRecordInput) -> DeletePayload:
        def build(actor: accounts.Membership) -> DeletePayload:
            share = access.RecordShare.objects.filter(pk=node_pk(input.id, "RecordShare", "id")).first()
            if share is None:
                raise services.not_found("id", "share")
            services.unshare_record(actor, share)
            return DeletePayload(deleted_id=strawberry.ID(str(input.id)))

        return mutate(info, build, lambda errors: DeletePayload(errors=errors))

    @strawberry.mutation(description="Start two-factor sign-in: returns the secret for your authenticator app.")
    def set_up_two_factor(self, info: Info) -> TwoFactorSetupPayload:
        def build(actor: accounts.Membership) -> TwoFactorSetupPayload:
            setup = account_services.start_totp_setup(actor.user)
            return TwoFactorSetupPayload(secret=setup.secret, provisioning_uri=setup.provisioning_uri)

        return mutate(info, build, lambda errors: TwoFactorSetupPayload(errors=errors))

    @strawberry.mutation(description="Turn two-factor sign-in on with a first code from the app.")
    def confirm_two_factor(self, info: Info, input: TwoFactorCodeInput) -> TwoFactorPayload:
        def build(actor: accounts.Membership) -> TwoFactorPayload:
            account_services.confirm_totp(actor.user, input.code, ip=request_of(info).META.get("REMOTE_ADDR"))
            services.record_sign_in(actor.user, "two_factor_enabled")
            return TwoFactorPayload(ok=True)

        return mutate(info, build, lambda errors: TwoFactorPayload(errors=errors))

    @strawberry.mutation
    def disable_two_factor(self, info: Info, input: TwoFactorCodeInput) -> TwoFactorPayload:
        def build(actor: accounts.Membership) -> TwoFactorPayload:
            account_services.disable_totp(actor.user, input.code, ip=request_of(info).META.get("REMOTE_ADDR"))
            return TwoFactorPayload(ok=True)

        return mutate(info, build, lambda errors: TwoFactorPayload(errors=errors))

    @strawberry.mutation(description="End one of your sessions or tokens (ids from mySessions).")
    def revoke_session(self, info: Info, input: RevokeSessionInput) -> RevokeSessionPayload:
        def build(actor: accounts.Membership) -> RevokeSessionPayload:
            account_services.revoke_session(actor.user, str(input.id))
            return RevokeSessionPayload(ok=True)

        return mutate(info, build, lambda errors: RevokeSessionPayload(errors=errors))

    @strawberry.mutation(description="The company's name (owners and admins).")
    def update_company_info(self, info: Info, input: UpdateCompanyInfoInput) -> CompanyInfoPayload:
        return mutate(
            info,
            lambda actor: CompanyInfoPayload(
                tenant=TenantType.of(services.update_company_info(actor, name=input.name))
            ),
            lambda errors: CompanyInfoPayload(errors=errors),
        )

    @strawberry.mutation(description="Change your password (rules apply); your other tokens are revoked.")
    def change_password(self, info: Info, input: ChangePasswordInput) -> ChangePasswordPayload:
        request = request_of(info)

        def build(actor: accounts.Membership) -> ChangePasswordPayload:
            account_services.change_password(
                actor.user,
                input.current_password,
                input.new_password,
                keep_token=getattr(request, "auth_token", None),
                ip=request.META.get("REMOTE_ADDR"),
            )
            return ChangePasswordPayload(ok=True)

        return mutate(info, build, lambda errors: ChangePasswordPayload(errors=errors))


__all__ = ["AccessMutation", "AccessQuery", "membership_of"]
