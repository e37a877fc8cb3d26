"""Workspace settings in GraphQL: users, roles, teams, API keys, invitations, sharing, account security.

Resolvers are thin: they decode ids (always within this workspace) and call
``saas.access.services`` / ``tenants.services``, which check who may do what.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, TypeVar

import strawberry
import strawberry_django
from strawberry import relay
from strawberry.types import Info

from graphql_schema.core.keyset import KeysetConnection
from graphql_schema.core.mutations import EMPTY_INPUT_DESCRIPTION, EmptyInput, Mutation
from graphql_schema.errors import DeletePayload, UserError, request_of
from graphql_schema.permissions import get_record, membership_of, require_admin, require_membership
from graphql_schema.platform.types import TenantType
from saas.access import models as access
from saas.access import services
from saas.access.registry import RECORD_TYPES
from saas.access.workspace import WorkspaceSettings, update_workspace
from saas.errors import FieldError, ServiceError
from tenants import models as accounts
from tenants import services as account_services

from .types import (
    ApiKeyNode,
    DeviceType,
    FieldRuleKind,
    InvitationNode,
    MemberNode,
    PermissionScope,
    RecordAction,
    RecordShareNode,
    RoleType,
    SessionType,
    TeamNode,
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


# --- inputs and payloads ----------------------------------------------------------------------


@strawberry.input(description="How far one action on one record type reaches for a custom role.")
class PermissionInput:
    record_type: str = strawberry.field(description='A registered record type, or "*" for every type.')
    action: RecordAction = strawberry.field(description="The action the scope is for.")
    scope: PermissionScope = strawberry.field(description="Which records the action reaches.")


@strawberry.input(description="A sensitive field a custom role may not see, or may see but not change.")
class FieldRuleInput:
    record_type: str = strawberry.field(description='The record type, e.g. "company".')
    field: str = strawberry.field(
        description="A sensitive field of the record type (snake_case model field), or a custom field as "
        "`custom_fields.<key>`."
    )
    rule: FieldRuleKind = strawberry.field(description="Hidden (null in answers) or read-only.")


@strawberry.input
class ChangeUserRoleInput:
    member_id: relay.GlobalID = strawberry.field(description="The member whose role changes.")
    role: str = strawberry.field(description='"admin", "sales", … or "custom:<id>".')


@strawberry.input
class DeactivateUserInput:
    member_id: relay.GlobalID = strawberry.field(description="The member to deactivate.")
    reassign_to_member_id: relay.GlobalID | None = strawberry.field(
        default=None, description="Hand their records to this member at once."
    )


@strawberry.input
class ReactivateUserInput:
    member_id: relay.GlobalID = strawberry.field(description="The deactivated member to let back in.")


@strawberry.input
class ReassignRecordsInput:
    from_member_id: relay.GlobalID = strawberry.field(description="The member whose records move.")
    to_member_id: relay.GlobalID = strawberry.field(description="The member who gets them.")


@strawberry.input
class CreateRoleInput:
    name: str = strawberry.field(description="The role's name as members see it.")
    description: str = strawberry.field(default="", description="What the role is for.")
    permissions: list[PermissionInput] = strawberry.field(default_factory=list)
    field_rules: list[FieldRuleInput] = strawberry.field(
        default_factory=list, description="Sensitive fields it hides or makes read-only."
    )


@strawberry.input
class UpdateRoleInput:
    key: str = strawberry.field(description='"custom:<id>"; built-in roles cannot be changed.')
    name: str = strawberry.field(description="The role's name as members see it.")
    description: str = strawberry.field(default="", description="What the role is for.")
    permissions: list[PermissionInput] = strawberry.field(default_factory=list)
    field_rules: list[FieldRuleInput] = strawberry.field(
        default_factory=list, description="Sensitive fields it hides or makes read-only (replaces the current ones)."
    )


@strawberry.input
class DeleteRoleInput:
    key: str = strawberry.field(description='The custom role\'s key, "custom:<id>"; built-in roles stay.')


@strawberry.input
class CreateTeamInput:
    name: str = strawberry.field(description="The team's name.")
    description: str = strawberry.field(default="", description="What the team does.")


@strawberry.input
class UpdateTeamInput:
    id: relay.GlobalID
    name: str = strawberry.field(description="The team's name.")
    description: str = strawberry.field(default="", description="What the team does.")


@strawberry.input
class DeleteTeamInput:
    id: relay.GlobalID


@strawberry.input
class AddTeamMemberInput:
    team_id: relay.GlobalID = strawberry.field(description="The team.")
    member_id: relay.GlobalID = strawberry.field(description="The member to seat in it.")
    is_manager: bool = strawberry.field(default=False, description="Make them a manager of the team.")


@strawberry.input
class RemoveTeamMemberInput:
    team_id: relay.GlobalID = strawberry.field(description="The team.")
    member_id: relay.GlobalID = strawberry.field(description="The member who leaves it.")


@strawberry.input
class CreateApiKeyInput:
    name: str = strawberry.field(description="What the key is for, e.g. the integration's name.")
    role: str = strawberry.field(description='"admin", "sales", … or "custom:<id>" (never "owner").')
    expires_at: datetime | None = strawberry.field(default=None, description="When it stops working; null: never.")


@strawberry.input
class RevokeApiKeyInput:
    id: relay.GlobalID


@strawberry.input
class InviteUserInput:
    email: str = strawberry.field(description="Where the invitation goes.")
    role: str = strawberry.field(description='The role key they will get: "admin", "sales", … or "custom:<id>".')
    team_ids: list[relay.GlobalID] = strawberry.field(default_factory=list, description="Teams they join on accepting.")


@strawberry.input
class RevokeInvitationInput:
    id: relay.GlobalID


@strawberry.input
class AcceptInvitationInput:
    token: str = strawberry.field(description="The token from the invitation link.")
    password: str = strawberry.field(description="A new password, or the existing account's password.")
    full_name: str = strawberry.field(default="", description="Your name, for a new account.")
    otp_code: str | None = strawberry.field(
        default=None, description="A two-factor code, when the existing account has two-factor sign-in on."
    )


@strawberry.input
class ShareRecordInput:
    record_id: relay.GlobalID = strawberry.field(description="Global id of a CRM record.")
    member_id: relay.GlobalID | None = strawberry.field(
        default=None, description="The member to share with (give this or teamId)."
    )
    team_id: relay.GlobalID | None = strawberry.field(
        default=None, description="The team to share with (give this or memberId)."
    )
    can_edit: bool = strawberry.field(default=False, description="May change the record too (else only read it).")


@strawberry.input
class UnshareRecordInput:
    id: relay.GlobalID


@strawberry.input
class TwoFactorCodeInput:
    code: str = strawberry.field(description="The 6-digit code your authenticator app shows now.")


@strawberry.input
class RevokeSessionInput:
    id: strawberry.ID


@strawberry.input
class UpdateCompanyInfoInput:
    name: str = strawberry.field(description="The company's (workspace's) new name.")


@strawberry.type
class CompanyInfoPayload:
    tenant: TenantType | None = strawberry.field(default=None, description="The workspace as saved; null on errors.")
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class ChangePasswordInput:
    current_password: str = strawberry.field(description="Your password now, to prove it is you.")
    new_password: str = strawberry.field(description="The new password; the workspace's password rules apply.")


def _errors() -> Any:
    return strawberry.field(default_factory=list)


@strawberry.type
class MemberPayload:
    member: MemberNode | None = strawberry.field(default=None, description="The member as saved; null on errors.")
    errors: list[UserError] = _errors()


@strawberry.type(description="How many records of one type changed hands.")
class MovedRecords:
    record_type: str = strawberry.field(description='The record type, e.g. "company".')
    count: int = strawberry.field(description="How many moved.")


@strawberry.type
class ReassignRecordsPayload:
    moved: list[MovedRecords] = strawberry.field(default_factory=list, description="Per record type, how many moved.")
    errors: list[UserError] = _errors()


@strawberry.type
class RolePayload:
    role: RoleType | None = strawberry.field(default=None, description="The role as saved; null on errors.")
    errors: list[UserError] = _errors()


@strawberry.type
class TeamPayload:
    team: TeamNode | None = strawberry.field(default=None, description="The team as saved; null on errors.")
    errors: list[UserError] = _errors()


@strawberry.type
class ApiKeyPayload:
    api_key: ApiKeyNode | None = strawberry.field(default=None, description="The key as saved; null on errors.")
    errors: list[UserError] = _errors()


@strawberry.type
class CreateApiKeyPayload:
    api_key: ApiKeyNode | None = strawberry.field(default=None, description="The new key; null on errors.")
    key: str | None = strawberry.field(
        default=None, description="The key itself. Shown this once; send it as `Authorization: Bearer <key>`."
    )
    errors: list[UserError] = _errors()


@strawberry.type
class InvitationPayload:
    invitation: InvitationNode | None = strawberry.field(
        default=None, description="The invitation as saved; null on errors."
    )
    errors: list[UserError] = _errors()


@strawberry.type
class AcceptInvitationPayload:
    token: str | None = strawberry.field(default=None, description="A bearer token for your new seat; null on errors.")
    member: MemberNode | None = strawberry.field(
        default=None, description="Your seat in the workspace; null on errors."
    )
    errors: list[UserError] = _errors()


@strawberry.type
class RecordSharePayload:
    share: RecordShareNode | None = strawberry.field(default=None, description="The share as saved; null on errors.")
    errors: list[UserError] = _errors()


@strawberry.type
class TwoFactorSetupPayload:
    secret: str | None = strawberry.field(
        default=None, description="The secret to type into your authenticator app; null on errors."
    )
    provisioning_uri: str | None = strawberry.field(default=None, description="otpauth:// URI for a QR code.")
    errors: list[UserError] = _errors()


@strawberry.type
class TwoFactorPayload:
    ok: bool = strawberry.field(default=False, description="True when it was done.")
    errors: list[UserError] = _errors()


@strawberry.type
class RevokeSessionPayload:
    ok: bool = strawberry.field(default=False, description="True when it was done.")
    errors: list[UserError] = _errors()


@strawberry.type
class ChangePasswordPayload:
    ok: bool = strawberry.field(default=False, description="True when it was done.")
    errors: list[UserError] = _errors()


# --- queries ---------------------------------------------------------------------------------


@strawberry.type
class AccessQuery:
    @strawberry_django.connection(KeysetConnection[MemberNode], description="People of this workspace.")
    def users(self, info: Info) -> Iterable[accounts.Membership]:
        return services.members(require_membership(info).tenant_id)

    @strawberry_django.connection(KeysetConnection[TeamNode], description="The teams of this workspace.")
    def teams(self, info: Info) -> Iterable[access.Team]:
        require_membership(info)
        return access.Team.objects.all()

    @strawberry.field(description="Built-in roles first, then the workspace's custom roles.")
    def roles(self, info: Info) -> list[RoleType]:
        require_membership(info)
        return builtin_roles() + [RoleType.custom(r) for r in custom_roles_by_id(info).values()]

    @strawberry_django.connection(KeysetConnection[ApiKeyNode], description="Owners and admins only.")
    def api_keys(self, info: Info) -> Iterable[access.ApiKey]:
        require_admin(info)
        return access.ApiKey.objects.all()

    @strawberry_django.connection(
        KeysetConnection[InvitationNode], description="Pending invitations. Owners and admins only."
    )
    def invitations(self, info: Info) -> Iterable[accounts.Invitation]:
        return services.pending_invitations(require_admin(info).tenant_id).order_by("-created_at", "-id")

    @strawberry_django.field(description="Who a record is shared with (needs read access to the record).")
    def record_shares(
        self,
        info: Info,
        record_id: Annotated[relay.GlobalID, strawberry.argument(description="Global id of the record.")],
    ) -> list[RecordShareNode]:
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
                device=DeviceType(
                    browser=s.device.browser, operating_system=s.device.operating_system, model=s.device.model
                ),
                ip_address=s.ip_address,
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
# Declared on graphql_schema.core.mutations; ``permission=admin`` refuses non-admins before any id
# is looked up (so a member learns nothing about ids they may not manage).

admin = services.require_admin


@dataclass(frozen=True)
class ChangeUserRole(Mutation):
    def call(self, actor: accounts.Membership, input: ChangeUserRoleInput) -> accounts.Membership:
        return services.change_role(actor, member_user_id(actor, input.member_id, "memberId"), input.role)


@dataclass(frozen=True)
class DeactivateUser(Mutation):
    def call(self, actor: accounts.Membership, input: DeactivateUserInput) -> accounts.Membership:
        user_id = member_user_id(actor, input.member_id, "memberId")
        heir = input.reassign_to_member_id
        heir_id = member_user_id(actor, heir, "reassignToMemberId") if heir else None
        return services.deactivate_user(actor, user_id, heir_id)


@dataclass(frozen=True)
class ReactivateUser(Mutation):
    def call(self, actor: accounts.Membership, input: ReactivateUserInput) -> accounts.Membership:
        return services.reactivate_user(actor, member_user_id(actor, input.member_id, "memberId"))


@dataclass(frozen=True)
class ReassignRecords(Mutation):
    def call(self, actor: accounts.Membership, input: ReassignRecordsInput) -> list[MovedRecords]:
        moved = services.reassign_records(
            actor,
            member_user_id(actor, input.from_member_id, "fromMemberId"),
            member_user_id(actor, input.to_member_id, "toMemberId"),
        )
        return [MovedRecords(record_type=k, count=v) for k, v in moved.items()]


@dataclass(frozen=True)
class SaveRole(Mutation):
    """Create (no ``key`` in the input) or replace a custom role."""

    def call(self, actor: accounts.Membership, input: CreateRoleInput | UpdateRoleInput) -> RoleType:
        permissions, rules = grants_from(input.permissions, input.field_rules)
        role = custom_role_of(input.key) if isinstance(input, UpdateRoleInput) else None
        saved = services.save_role(
            actor, role=role, name=input.name, description=input.description, permissions=permissions, field_rules=rules
        )
        return RoleType.custom(saved)


@dataclass(frozen=True)
class DeleteRole(Mutation):
    def call(self, actor: accounts.Membership, input: DeleteRoleInput) -> strawberry.ID:
        services.delete_role(actor, custom_role_of(input.key))
        return strawberry.ID(input.key)


@dataclass(frozen=True)
class SaveTeam(Mutation):
    """Create (no ``id`` in the input) or rename a team."""

    def call(self, actor: accounts.Membership, input: CreateTeamInput | UpdateTeamInput) -> access.Team:
        team = team_of(input.id, "id") if isinstance(input, UpdateTeamInput) else None
        return services.save_team(actor, team=team, name=input.name, description=input.description)


@dataclass(frozen=True)
class DeleteTeam(Mutation):
    def call(self, actor: accounts.Membership, input: DeleteTeamInput) -> strawberry.ID:
        services.delete_team(actor, team_of(input.id, "id"))
        return strawberry.ID(str(input.id))


@dataclass(frozen=True)
class AddTeamMember(Mutation):
    def call(self, actor: accounts.Membership, input: AddTeamMemberInput) -> access.Team:
        team = team_of(input.team_id)
        user_id = member_user_id(actor, input.member_id, "memberId")
        services.set_team_member(actor, team, user_id, is_manager=input.is_manager)
        return team


@dataclass(frozen=True)
class RemoveTeamMember(Mutation):
    def call(self, actor: accounts.Membership, input: RemoveTeamMemberInput) -> access.Team:
        team = team_of(input.team_id)
        services.remove_team_member(actor, team, member_user_id(actor, input.member_id, "memberId"))
        return team


@dataclass(frozen=True)
class CreateApiKey(Mutation):
    def call(self, actor: accounts.Membership, input: CreateApiKeyInput) -> tuple[access.ApiKey, str]:
        created = services.create_api_key(actor, name=input.name, role=input.role, expires_at=input.expires_at)
        return created.key, created.secret


@dataclass(frozen=True)
class RevokeApiKey(Mutation):
    def call(self, actor: accounts.Membership, input: RevokeApiKeyInput) -> access.ApiKey:
        key = access.ApiKey.objects.filter(pk=node_pk(input.id, "ApiKey", "id")).first()
        if key is None:
            raise services.not_found("id", "API key")
        return services.revoke_api_key(actor, key)


@dataclass(frozen=True)
class InviteUser(Mutation):
    def call(self, actor: accounts.Membership, input: InviteUserInput) -> accounts.Invitation:
        team_ids = [node_pk(t, "Team", "teamIds") for t in input.team_ids]
        return services.invite_user(actor, email=input.email, role=input.role, team_ids=team_ids)


@dataclass(frozen=True)
class RevokeInvitation(Mutation):
    def call(self, actor: accounts.Membership, input: RevokeInvitationInput) -> accounts.Invitation:
        pk = node_pk(input.id, "Invitation", "id")
        invitation = accounts.Invitation.objects.filter(pk=pk, tenant_id=actor.tenant_id).first()
        if invitation is None:
            raise services.not_found("id", "invitation")
        return services.revoke_invitation(actor, invitation)


@dataclass(frozen=True)
class AcceptInvitation(Mutation):
    def call_in(self, info: Info, actor: Any, input: AcceptInvitationInput) -> tuple[str, accounts.Membership]:
        request = request_of(info)
        accepted = services.accept_invitation(
            input.token,
            password=input.password,
            full_name=input.full_name,
            tenant=request.tenant,
            otp_code=input.otp_code,
            ip=request.META.get("REMOTE_ADDR"),
        )
        return accepted.token, accepted.membership


@dataclass(frozen=True)
class ShareRecord(Mutation):
    def call(self, actor: accounts.Membership, input: ShareRecordInput) -> access.RecordShare:
        user_id = member_user_id(actor, input.member_id, "memberId") if input.member_id else None
        team = team_of(input.team_id) if input.team_id else None
        record_id = input.record_id
        return services.share_record(
            actor, record_id.type_name, str(record_id.node_id), user_id=user_id, team=team, can_edit=input.can_edit
        )


@dataclass(frozen=True)
class UnshareRecord(Mutation):
    def call(self, actor: accounts.Membership, input: UnshareRecordInput) -> strawberry.ID:
        share = access.RecordShare.objects.filter(pk=node_pk(input.id, "RecordShare", "id")).first()
        if share is None:
            raise services.not_found("id", "share")
        services.unshare_record(actor, share)
        return strawberry.ID(str(input.id))


@strawberry.input(description=EMPTY_INPUT_DESCRIPTION)
class SetUpTwoFactorInput(EmptyInput):
    pass


@dataclass(frozen=True)
class SetUpTwoFactor(Mutation):
    def call(self, actor: accounts.Membership, input: Any) -> tuple[str, str]:
        setup = account_services.start_totp_setup(actor.user)
        return setup.secret, setup.provisioning_uri


@dataclass(frozen=True)
class ConfirmTwoFactor(Mutation):
    def call_in(self, info: Info, actor: accounts.Membership, input: TwoFactorCodeInput) -> bool:
        account_services.confirm_totp(actor.user, input.code, ip=request_of(info).META.get("REMOTE_ADDR"))
        services.record_sign_in(actor.user, "two_factor_enabled")
        return True


@dataclass(frozen=True)
class DisableTwoFactor(Mutation):
    def call_in(self, info: Info, actor: accounts.Membership, input: TwoFactorCodeInput) -> bool:
        account_services.disable_totp(actor.user, input.code, ip=request_of(info).META.get("REMOTE_ADDR"))
        return True


@dataclass(frozen=True)
class RevokeSession(Mutation):
    def call(self, actor: accounts.Membership, input: RevokeSessionInput) -> bool:
        account_services.revoke_session(actor.user, str(input.id))
        return True


@dataclass(frozen=True)
class UpdateCompanyInfo(Mutation):
    def call(self, actor: accounts.Membership, input: UpdateCompanyInfoInput) -> TenantType:
        return TenantType.of(update_workspace(actor, WorkspaceSettings(name=input.name)))


@dataclass(frozen=True)
class ChangePassword(Mutation):
    def call_in(self, info: Info, actor: accounts.Membership, input: ChangePasswordInput) -> bool:
        request = request_of(info)
        keep = getattr(request, "auth_token", None)
        address = request.META.get("REMOTE_ADDR")
        account_services.change_password(
            actor.user, input.current_password, input.new_password, keep_token=keep, ip=address
        )
        return True


@strawberry.type
class AccessMutation:
    change_user_role = ChangeUserRole(ChangeUserRoleInput, MemberPayload, "member").field(
        "Give a member another role (owners and admins; owner role by owners only)."
    )
    deactivate_user = DeactivateUser(DeactivateUserInput, MemberPayload, "member").field(
        "Refuse a member's next request; their records stay (or go to reassignTo)."
    )
    reactivate_user = ReactivateUser(ReactivateUserInput, MemberPayload, "member").field(
        "Let a deactivated member sign in again."
    )
    reassign_records = ReassignRecords(ReassignRecordsInput, ReassignRecordsPayload, "moved", permission=admin).field(
        "Hand every record of one member to another (each module's reassign hook)."
    )
    create_role = SaveRole(CreateRoleInput, RolePayload, "role").field(
        "Create a custom role: its scopes per record type and its field rules."
    )
    update_role = SaveRole(UpdateRoleInput, RolePayload, "role", permission=admin).field(
        "Replace a custom role's name, scopes and field rules."
    )
    delete_role = DeleteRole(DeleteRoleInput, DeletePayload, "deleted_id", permission=admin).field(
        "Delete a custom role (owners and admins)."
    )
    create_team = SaveTeam(CreateTeamInput, TeamPayload, "team").field("Create a team.")
    update_team = SaveTeam(UpdateTeamInput, TeamPayload, "team", permission=admin).field(
        "Rename a team or change what it does (owners and admins)."
    )
    delete_team = DeleteTeam(DeleteTeamInput, DeletePayload, "deleted_id", permission=admin).field(
        "Delete a team (owners and admins); its members stay in the workspace."
    )
    add_team_member = AddTeamMember(AddTeamMemberInput, TeamPayload, "team", permission=admin).field(
        "Seat a member in a team (again: to make them manager or not)."
    )
    remove_team_member = RemoveTeamMember(RemoveTeamMemberInput, TeamPayload, "team", permission=admin).field(
        "Take a member out of a team (owners and admins)."
    )
    create_api_key = CreateApiKey(CreateApiKeyInput, CreateApiKeyPayload, ("api_key", "key")).field(
        "A key for an integrator; the key is in this payload only."
    )
    revoke_api_key = RevokeApiKey(RevokeApiKeyInput, ApiKeyPayload, "api_key", permission=admin).field(
        "The key stops working at once."
    )
    invite_user = InviteUser(InviteUserInput, InvitationPayload, "invitation", permission=admin).field(
        "Email a single-use link that expires; the invitee picks a password."
    )
    revoke_invitation = RevokeInvitation(
        RevokeInvitationInput, InvitationPayload, "invitation", permission=admin
    ).field("Withdraw a pending invitation: its link stops working.")
    accept_invitation = AcceptInvitation(
        AcceptInvitationInput, AcceptInvitationPayload, ("token", "member"), authenticated=False, atomic=False
    ).field("Join this workspace with an invitation link's token; signs you in.")
    share_record = ShareRecord(ShareRecordInput, RecordSharePayload, "share").field(
        "Share a record with a member or a team (whoever may update it may share it)."
    )
    unshare_record = UnshareRecord(UnshareRecordInput, DeletePayload, "deleted_id").field(
        "Stop sharing a record (the share's id from recordShares)."
    )
    set_up_two_factor = SetUpTwoFactor(
        SetUpTwoFactorInput, TwoFactorSetupPayload, ("secret", "provisioning_uri"), optional_input=True
    ).field("Start two-factor sign-in: returns the secret for your authenticator app.")
    confirm_two_factor = ConfirmTwoFactor(TwoFactorCodeInput, TwoFactorPayload, "ok", atomic=False).field(
        "Turn two-factor sign-in on with a first code from the app."
    )
    disable_two_factor = DisableTwoFactor(TwoFactorCodeInput, TwoFactorPayload, "ok", atomic=False).field(
        "Turn two-factor sign-in off, confirmed with a current code."
    )
    revoke_session = RevokeSession(RevokeSessionInput, RevokeSessionPayload, "ok").field(
        "End one of your sessions or tokens (ids from mySessions)."
    )
    update_company_info = UpdateCompanyInfo(UpdateCompanyInfoInput, CompanyInfoPayload, "tenant").field(
        "The company's name (owners and admins).",
        deprecation_reason=(
            "Use updateWorkspace(input: {name}): one mutation for the workspace's settings. Removal: 2027-06-30."
        ),
    )
    change_password = ChangePassword(ChangePasswordInput, ChangePasswordPayload, "ok", atomic=False).field(
        "Change your password (rules apply); your other tokens are revoked."
    )


__all__ = ["AccessMutation", "AccessQuery", "membership_of"]
