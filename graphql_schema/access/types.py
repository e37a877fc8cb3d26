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


@strawberry.type
class Permission:
    record_type: str = strawberry.field(description='A registered record type, or "*" for every type.')
    action: RecordAction
    scope: PermissionScope


@strawberry.type
class FieldRule:
    record_type: str
    field: str
    rule: FieldRuleKind


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
    name: str
    description: str
    is_built_in: bool
    permissions: list[Permission] = strawberry.field(
        description='Effective scopes per registered record type (built-in) or as stored, "*" included (custom).'
    )
    field_rules: list[FieldRule]

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
    is_active: bool
    created_at: datetime

    @strawberry_django.field(only=["user__email"], select_related=["user"])
    def email(self, root: accounts.Membership) -> str:
        return root.user.email

    @strawberry_django.field(only=["user__full_name"], select_related=["user"])
    def full_name(self, root: accounts.Membership) -> str:
        return root.user.full_name

    @strawberry_django.field(only=["role", "custom_role_id"], description='Role key, e.g. "sales" or "custom:3".')
    def role(self, root: accounts.Membership) -> str:
        return f"custom:{root.custom_role_id}" if root.role == Role.CUSTOM else root.role

    @strawberry_django.field(only=["role", "custom_role_id"])
    def role_name(self, root: accounts.Membership, info: Info) -> str:
        return role_name(info, root.role, root.custom_role_id)

    @classmethod
    def get_queryset(cls, queryset: models.QuerySet[Any], info: Info, **kwargs: Any) -> models.QuerySet[Any]:
        # Only this workspace's people; API keys' service users are listed as keys.
        membership = require_membership(info)
        return queryset.filter(tenant_id=membership.tenant_id, user__is_service_account=False)


@strawberry_django.type(access.TeamMember, name="TeamSeat")
class TeamSeatType:
    user_id: int
    is_manager: bool

    @strawberry_django.field(only=["user_id"])
    def member(self, root: access.TeamMember, info: Info) -> MemberNode | None:
        return directory(info).get(root.user_id)  # type: ignore[return-value]


@strawberry_django.type(access.Team, name="Team", description="A department or team; managers run it.")
class TeamNode(relay.Node):
    id: relay.NodeID[int]
    name: str
    description: str
    created_at: datetime
    members: list[TeamSeatType]


@strawberry_django.type(
    access.ApiKey, name="ApiKey", description="An integrator's key (the secret is never shown again)."
)
class ApiKeyNode(relay.Node):
    id: relay.NodeID[int]
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None

    @strawberry_django.field(only=["role", "custom_role_id"])
    def role(self, root: access.ApiKey) -> str:
        return f"custom:{root.custom_role_id}" if root.role == Role.CUSTOM else root.role

    @strawberry_django.field(only=["revoked_at", "expires_at"])
    def is_active(self, root: access.ApiKey) -> bool:
        return root.is_usable

    @classmethod
    def get_queryset(cls, queryset: models.QuerySet[Any], info: Info, **kwargs: Any) -> models.QuerySet[Any]:
        # Every way to reach a key (list, node(id:)) is for owners and admins only.
        return queryset if policy.is_admin(membership_of(info)) else queryset.none()


@strawberry_django.type(accounts.Invitation, name="Invitation")
class InvitationNode(relay.Node):
    id: relay.NodeID[int]
    email: str
    created_at: datetime
    expires_at: datetime
    accepted_at: datetime | None
    revoked_at: datetime | None

    @strawberry_django.field(only=["role", "custom_role_id"])
    def role(self, root: accounts.Invitation) -> str:
        return f"custom:{root.custom_role_id}" if root.role == Role.CUSTOM else root.role

    @classmethod
    def get_queryset(cls, queryset: models.QuerySet[Any], info: Info, **kwargs: Any) -> models.QuerySet[Any]:
        membership = membership_of(info)
        if not policy.is_admin(membership):
            return queryset.none()
        return queryset.filter(tenant_id=membership.tenant_id)  # type: ignore[union-attr]


@strawberry_django.type(access.RecordShare, name="RecordShare")
class RecordShareNode(relay.Node):
    id: relay.NodeID[int]
    record_type: str
    record_id: str
    can_edit: bool
    created_at: datetime
    team: TeamNode | None

    @strawberry_django.field(only=["user_id"])
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
