"""Types of the workspace settings: members, roles, teams, API keys, invitations, shares, sessions."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
import strawberry_django
from django.db import models
from django.db.models import Q
from strawberry import relay
from strawberry.types import Info

from graphql_schema.permissions import membership_of, per_request, require_membership
from saas.access import models as access
from saas.access import policy
from saas.access.registry import RECORD_TYPES
from saas.access.roles import BUILTIN_GRANTS, BUILTIN_ROLE_ORDER, Grants
from tenants import models as accounts
from tenants.models import Role


@strawberry.enum(description="What a role may do with a record type.")
class RecordAction(Enum):
    CREATE = "create"
    READ = "read"
    UPDATE = "update"
    DELETE = "delete"
    EXPORT = "export"


@strawberry.enum(description="Which records an action reaches: none, the member's own, their teams', all.")
class PermissionScope(Enum):
    NONE = "none"
    OWN = "own"
    TEAM = "team"
    ALL = "all"


@strawberry.enum(description="How a role treats a sensitive field.")
class FieldRuleKind(Enum):
    HIDDEN = "hidden"
    READ_ONLY = "read_only"


@strawberry.type(description="How far one action on one record type reaches for a role.")
class Permission:
    record_type: str = strawberry.field(description='A registered record type, or "*" for every type.')
    action: RecordAction = strawberry.field(description="The action: create, read, update, delete or export.")
    scope: PermissionScope = strawberry.field(description="Which records it reaches: none, own, team or all.")


@strawberry.type(description="A sensitive field a role may not see, or may see but not change.")
class FieldRule:
    record_type: str = strawberry.field(description='The record type, e.g. "company".')
    field: str = strawberry.field(description='The field as the API names it, e.g. "creditLimit".')
    rule: FieldRuleKind = strawberry.field(description="Hidden (null in answers) or read-only.")


def custom_roles_by_id(info: Any) -> dict[int, access.CustomRole]:
    """Every custom role of the workspace, once per request (roles are few)."""
    return per_request(info, "custom_roles", lambda: {r.pk: r for r in access.CustomRole.objects.all()})


def directory(info: Any) -> dict[int, accounts.Membership]:
    """user id → membership of everyone in this workspace, once per request (one query)."""
    membership = require_membership(info)
    return per_request(
        info,
        "directory",
        lambda: {
            m.user_id: m
            for m in accounts.Membership.objects.filter(tenant_id=membership.tenant_id).select_related("user")
        },
    )


def role_name(info: Any, role: str, custom_role_id: int | None) -> str:
    if role == Role.CUSTOM:
        custom = custom_roles_by_id(info).get(custom_role_id or 0)
        return custom.name if custom else "(deleted role)"
    return str(Role(role).label)


@strawberry.type(name="Role", description="A built-in or custom role.")
class RoleType:
    key: str = strawberry.field(
        description='Built-in: "owner" … "read_only"; custom: "custom:<id>". Used to assign it.'
    )
    name: str = strawberry.field(description="The role's name as members see it.")
    description: str = strawberry.field(description="What the role is for ('' when not said).")
    is_built_in: bool = strawberry.field(description="Built-in roles cannot be changed or deleted.")
    permissions: list[Permission] = strawberry.field(
        description='Effective scopes per registered record type (built-in) or as stored, "*" included (custom).'
    )
    field_rules: list[FieldRule] = strawberry.field(description="Sensitive fields it hides or makes read-only.")

    @classmethod
    def builtin(cls, key: str) -> RoleType:
        grants = BUILTIN_GRANTS[key]
        permissions: list[Permission] = []
        for name, record_type in sorted(RECORD_TYPES.items()):
            overrides = record_type.role_overrides.get(key, {})
            for action in RecordAction:
                scope = overrides.get(action.value) or grants.scope(name, action.value)
                permissions.append(Permission(record_type=name, action=action, scope=PermissionScope(scope)))
        rules: list[FieldRule] = []
        for name, record_type in sorted(RECORD_TYPES.items()):
            field_overrides = record_type.field_overrides.get(key, {})
            for f in record_type.sensitive_fields:
                rule = field_overrides[f] if f in field_overrides else grants.field_rule(name, f, True)
                if rule is not None:
                    rules.append(FieldRule(record_type=name, field=f, rule=FieldRuleKind(rule)))
        return cls(
            key=key,
            name=str(Role(key).label),
            description="Built-in role.",
            is_built_in=True,
            permissions=permissions,
            field_rules=rules,
        )

    @classmethod
    def custom(cls, role: access.CustomRole) -> RoleType:
        grants = Grants(role.permissions, role.field_rules)
        return cls(
            key=f"custom:{role.pk}",
            name=role.name,
            description=role.description,
            is_built_in=False,
            permissions=[
                Permission(record_type=t, action=RecordAction(a), scope=PermissionScope(s))
                for t, actions in sorted(grants.actions.items())
                for a, s in actions.items()
            ],
            field_rules=[
                FieldRule(record_type=t, field=f, rule=FieldRuleKind(r))
                for t, rules in sorted(grants.fields.items())
                for f, r in rules.items()
            ],
        )


def builtin_roles() -> list[RoleType]:
    return [RoleType.builtin(key) for key in BUILTIN_ROLE_ORDER]


@strawberry_django.type(accounts.Membership, name="Member", description="A person's seat in this workspace.")
class MemberNode(relay.Node):
    id: relay.NodeID[int]
    user_id: int = strawberry_django.field(description="The user's id: what records' owner fields hold.")
    is_active: bool = strawberry_django.field(description="False: deactivated, cannot sign in to this workspace.")
    created_at: datetime = strawberry_django.field(description="When they joined the workspace.")

    @strawberry_django.field(only=["user__email"], select_related=["user"], description="Their sign-in e-mail.")
    def email(self, root: accounts.Membership) -> str:
        return root.user.email

    @strawberry_django.field(only=["user__full_name"], select_related=["user"], description="Their full name.")
    def full_name(self, root: accounts.Membership) -> str:
        return root.user.full_name

    @strawberry_django.field(only=["role", "custom_role_id"], description='Role key, e.g. "sales" or "custom:3".')
    def role(self, root: accounts.Membership) -> str:
        return f"custom:{root.custom_role_id}" if root.role == Role.CUSTOM else root.role

    @strawberry_django.field(only=["role", "custom_role_id"], description="Their role's name as members see it.")
    def role_name(self, root: accounts.Membership, info: Info) -> str:
        return role_name(info, root.role, root.custom_role_id)

    @classmethod
    def get_queryset(cls, queryset: models.QuerySet[Any], info: Info, **kwargs: Any) -> models.QuerySet[Any]:
        # Only this workspace's people; API keys' service users are listed as keys.
        membership = require_membership(info)
        return queryset.filter(tenant_id=membership.tenant_id, user__is_service_account=False)


@strawberry_django.type(access.TeamMember, name="TeamSeat", description="A member's place in a team.")
class TeamSeatType:
    user_id: int = strawberry_django.field(description="The member's user id: what records' owner fields hold.")
    is_manager: bool = strawberry_django.field(description="Managers see and run the team's records.")

    @strawberry_django.field(only=["user_id"], description="The member; null when they left the workspace.")
    def member(self, root: access.TeamMember, info: Info) -> MemberNode | None:
        return directory(info).get(root.user_id)  # type: ignore[return-value]


@strawberry_django.type(access.Team, name="Team", description="A department or team; managers run it.")
class TeamNode(relay.Node):
    id: relay.NodeID[int]
    name: str = strawberry_django.field(description="The team's name.")
    description: str = strawberry_django.field(description="What the team does ('' when not said).")
    created_at: datetime = strawberry_django.field(description="When it was created.")
    members: list[TeamSeatType] = strawberry_django.field(description="Who is in the team, managers included.")


@strawberry_django.type(
    access.ApiKey, name="ApiKey", description="An integrator's key (the secret is never shown again)."
)
class ApiKeyNode(relay.Node):
    id: relay.NodeID[int]
    name: str = strawberry_django.field(description="What the key is for, e.g. the integration's name.")
    prefix: str = strawberry_django.field(description="The key's first characters, to recognise it (not a secret).")
    created_at: datetime = strawberry_django.field(description="When it was created.")
    expires_at: datetime | None = strawberry_django.field(description="When it stops working; null: never.")
    revoked_at: datetime | None = strawberry_django.field(description="When it was revoked; null: not revoked.")
    last_used_at: datetime | None = strawberry_django.field(description="When it last made a request; null: never.")

    @strawberry_django.field(only=["role", "custom_role_id"], description='Its role key, e.g. "sales" or "custom:3".')
    def role(self, root: access.ApiKey) -> str:
        return f"custom:{root.custom_role_id}" if root.role == Role.CUSTOM else root.role

    @strawberry_django.field(only=["revoked_at", "expires_at"], description="Neither revoked nor expired.")
    def is_active(self, root: access.ApiKey) -> bool:
        return root.is_usable

    @classmethod
    def get_queryset(cls, queryset: models.QuerySet[Any], info: Info, **kwargs: Any) -> models.QuerySet[Any]:
        # Every way to reach a key (list, node(id:)) is for owners and admins only.
        return queryset if policy.is_admin(membership_of(info)) else queryset.none()


@strawberry_django.type(
    accounts.Invitation, name="Invitation", description="An e-mailed invitation to join this workspace."
)
class InvitationNode(relay.Node):
    id: relay.NodeID[int]
    email: str = strawberry_django.field(description="Who was invited.")
    created_at: datetime = strawberry_django.field(description="When it was sent.")
    expires_at: datetime = strawberry_django.field(description="After this it can no longer be accepted.")
    accepted_at: datetime | None = strawberry_django.field(description="When it was accepted; null: not yet.")
    revoked_at: datetime | None = strawberry_django.field(description="When an admin withdrew it; null: not withdrawn.")

    @strawberry_django.field(only=["role", "custom_role_id"], description="The role key the invitee will get.")
    def role(self, root: accounts.Invitation) -> str:
        return f"custom:{root.custom_role_id}" if root.role == Role.CUSTOM else root.role

    @classmethod
    def get_queryset(cls, queryset: models.QuerySet[Any], info: Info, **kwargs: Any) -> models.QuerySet[Any]:
        membership = membership_of(info)
        if not policy.is_admin(membership):
            return queryset.none()
        return queryset.filter(tenant_id=membership.tenant_id)  # type: ignore[union-attr]


@strawberry_django.type(
    access.RecordShare,
    name="RecordShare",
    description="One record opened to a member or a team beyond what their role reaches.",
)
class RecordShareNode(relay.Node):
    id: relay.NodeID[int]
    record_type: str = strawberry_django.field(description='The record\'s type, e.g. "company".')
    record_id: str = strawberry_django.field(description="The record's database id within its type.")
    can_edit: bool = strawberry_django.field(description="May change the record too (else only read it).")
    created_at: datetime = strawberry_django.field(description="When it was shared.")
    team: TeamNode | None = strawberry_django.field(description="The team it is shared with; null for a member share.")

    @strawberry_django.field(only=["user_id"], description="The member it is shared with; null for a team share.")
    def member(self, root: access.RecordShare, info: Info) -> MemberNode | None:
        return directory(info).get(root.user_id or 0)  # type: ignore[return-value]

    @classmethod
    def get_queryset(cls, queryset: models.QuerySet[Any], info: Info, **kwargs: Any) -> models.QuerySet[Any]:
        # Admins see every share; others the shares they made or received (directly or through a team).
        membership = membership_of(info)
        if membership is None or not membership.is_active:
            return queryset.none()
        if policy.is_admin(membership):
            return queryset
        mine = access.TeamMember.objects.filter(user_id=membership.user_id).values("team_id")
        return queryset.filter(Q(user_id=membership.user_id) | Q(shared_by_id=membership.user_id) | Q(team_id__in=mine))


@strawberry.type(name="Device", description="The device behind a session, read from its user agent.")
class DeviceType:
    browser: str | None = strawberry.field(description='Browser or client and its major version, e.g. "Chrome 131".')
    operating_system: str | None = strawberry.field(description='e.g. "Windows 10", "iOS 17.2"; null when unknown.')
    model: str | None = strawberry.field(description='Phone or tablet model, e.g. "iPhone"; null for desktops.')


@strawberry.type(name="Session", description="A signed-in browser session or bearer token of yours.")
class SessionType:
    id: strawberry.ID
    kind: str = strawberry.field(description='"token" or "session".')
    created_at: datetime = strawberry.field(description="When it signed in (or the token was issued).")
    last_used_at: datetime | None = strawberry.field(
        description="When it was last used; kept current to within five minutes (null: not used since issued)."
    )
    user_agent: str = strawberry.field(description="The raw User-Agent header it signed in with.")
    device: DeviceType = strawberry.field(description="Browser, system and model read from the user agent.")
    ip_address: str | None = strawberry.field(
        description="The IP address it signed in from, then the one it was last used from."
    )
    workspace: str | None = strawberry.field(
        description="The workspace a browser session signed in to; null for tokens."
    )
    current: bool = strawberry.field(description="Whether it is the session or token making this request.")
