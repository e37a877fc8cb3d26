"""System settings of a tenant: members and their roles, custom roles, teams, shares, API keys, invitations.

Every function takes the acting ``membership`` first and runs in the tenant's schema.
Managing the workspace (users, roles, teams, keys, invitations) needs an owner or admin.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from realtime import events
from saas import modules
from saas.audit import services as audit
from saas.errors import ErrorCode, ErrorCollector, FieldError, ServiceError
from tenants import services as accounts
from tenants.models import Invitation, Membership, Role, Tenant, User, UserSession

from . import policy
from .emails import workspace_mail
from .models import ApiKey, CustomRole, RecordShare, Team, TeamMember
from .registry import REASSIGNERS, RECORD_TYPES
from .roles import ACTIONS, ANY_TYPE, BUILTIN_ROLE_ORDER, FIELD_RULES, SCOPES
from .signals import announce

API_KEY_PREFIX = "crm_"

# --- guards ------------------------------------------------------------------------------


def denied(message: str = "Only owners and admins manage the workspace.") -> ServiceError:
    return ServiceError(FieldError(None, message, ErrorCode.PERMISSION_DENIED))


def require_admin(membership: Membership | None) -> Membership:
    if not policy.is_admin(membership):
        raise denied()
    assert membership is not None
    return membership


def not_found(field: str, what: str) -> ServiceError:
    return ServiceError(FieldError(field, f"No such {what} in this workspace.", "not_found"))


# --- members -----------------------------------------------------------------------------


def members(tenant: Tenant | int) -> QuerySet[Membership]:
    """People of the workspace (API key service users excluded), active ones first."""
    tenant_id = tenant if isinstance(tenant, int) else tenant.pk
    return (
        Membership.objects.filter(tenant_id=tenant_id, user__is_service_account=False)
        .select_related("user")
        .order_by("-is_active", "user__email", "id")
    )


def member(actor: Membership, user_id: int, field: str = "userId") -> Membership:
    found = members(actor.tenant_id).filter(user_id=user_id).first()
    if found is None:
        raise not_found(field, "user")
    return found


@dataclass(frozen=True)
class RoleChoice:
    role: str
    custom_role: CustomRole | None


def parse_role(key: str, field: str = "role", *, allow_owner: bool = True) -> RoleChoice:
    """``owner`` … ``read_only`` (built-in) or ``custom:<id>``."""
    key = key.strip()
    if key.startswith("custom:"):
        raw = key.removeprefix("custom:")
        role = CustomRole.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
        if role is None:
            raise not_found(field, "role")
        return RoleChoice(Role.CUSTOM, role)
    if key not in BUILTIN_ROLE_ORDER or (key == Role.OWNER and not allow_owner):
        raise ServiceError(FieldError(field, f'"{key}" is not a role you can give here.', "invalid_choice"))
    return RoleChoice(key, None)


def role_key(membership_or_key: Membership | ApiKey) -> str:
    custom = membership_or_key.custom_role_id
    return f"custom:{custom}" if membership_or_key.role == Role.CUSTOM else membership_or_key.role


def _role_label(membership: Membership) -> str:
    if membership.role == Role.CUSTOM and membership.custom_role_id is not None:
        custom = CustomRole.objects.filter(pk=membership.custom_role_id).first()
        return custom.name if custom else "a custom role"
    return str(Role(membership.role).label)


def _active_owners(tenant_id: int) -> int:
    return Membership.objects.filter(tenant_id=tenant_id, role=Role.OWNER, is_active=True).count()


def change_role(actor: Membership, user_id: int, new_role: str) -> Membership:
    require_admin(actor)
    target = member(actor, user_id)
    choice = parse_role(new_role)
    touches_owner = choice.role == Role.OWNER or target.role == Role.OWNER
    if touches_owner and actor.role != Role.OWNER:
        raise denied("Only an owner gives or takes the owner role.")
    if target.role == Role.OWNER and choice.role != Role.OWNER and _active_owners(actor.tenant_id) <= 1:
        raise ServiceError(FieldError("role", "A workspace keeps at least one owner.", "last_owner"))
    before = role_key(target)
    with transaction.atomic():
        target.role = choice.role
        target.custom_role_id = choice.custom_role.pk if choice.custom_role else None
        target.save(update_fields=["role", "custom_role_id"])
        policy.forget_cached_grants(target)
        announce([target.user_id], "role_changed")
        audit.record(
            actor=actor.user,
            action="security",
            record_type="Membership",
            record_id=target.user_id,
            changes={"role": {"old": before, "new": role_key(target)}, "email": target.user.email},
        )
        if before != role_key(target):
            # The member's open pages hear it at once (their menus and rights change).
            events.notify(
                target.user_id, "role_changed", f"Your role is now {_role_label(target)}.", {"role": role_key(target)}
            )
    return target


def end_sessions_and_tokens(user: User, tenant_id: int) -> None:
    """Sessions on this workspace end now; tokens too when the user has no other workspace left."""
    from django.contrib.sessions.models import Session

    keys = list(UserSession.objects.filter(user=user, tenant_id=tenant_id).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    UserSession.objects.filter(session_key__in=keys).delete()
    others = Membership.objects.filter(user=user, is_active=True, tenant__is_template=False).exclude(
        tenant_id=tenant_id
    )
    if not others.exists():
        accounts.revoke_all_tokens(user)


def deactivate_user(actor: Membership, user_id: int, reassign_to: int | None = None) -> Membership:
    """The member loses access at once (next request refused); their records stay, optionally handed over."""
    require_admin(actor)
    target = member(actor, user_id)
    if target.user_id == actor.user_id:
        raise ServiceError(FieldError("userId", "You cannot deactivate yourself.", "self"))
    if target.role == Role.OWNER and actor.role != Role.OWNER:
        raise denied("Only an owner deactivates an owner.")
    if target.role == Role.OWNER and _active_owners(actor.tenant_id) <= 1:
        raise ServiceError(FieldError("userId", "A workspace keeps at least one owner.", "last_owner"))
    heir = member(actor, reassign_to, "reassignTo") if reassign_to is not None else None
    if heir is not None and (not heir.is_active or heir.user_id == target.user_id):
        raise ServiceError(FieldError("reassignTo", "Hand the records to another active member.", "invalid"))
    with transaction.atomic():
        target.is_active = False
        target.save(update_fields=["is_active"])
        modules.seats_changed(actor.tenant)
        end_sessions_and_tokens(target.user, actor.tenant_id)
        announce([target.user_id], "deactivated")
        audit.record(
            actor=actor.user,
            action="security",
            record_type="Membership",
            record_id=target.user_id,
            changes={"is_active": {"old": True, "new": False}, "email": target.user.email},
        )
        if heir is not None:
            _reassign(actor, target.user_id, heir.user_id)
    return target


def reactivate_user(actor: Membership, user_id: int) -> Membership:
    require_admin(actor)
    target = member(actor, user_id)
    if target.role == Role.OWNER and actor.role != Role.OWNER:
        raise denied("Only an owner reactivates an owner.")
    if not target.is_active:
        modules.check_seats_added(actor.tenant)  # plan limits (billing)
    with transaction.atomic():
        target.is_active = True
        target.save(update_fields=["is_active"])
        modules.seats_changed(actor.tenant)
        audit.record(
            actor=actor.user,
            action="security",
            record_type="Membership",
            record_id=target.user_id,
            changes={"is_active": {"old": False, "new": True}, "email": target.user.email},
        )
    return target


def reassign_records(actor: Membership, from_user_id: int, to_user_id: int) -> dict[str, int]:
    """Hand every record of one member to another, through each record type's reassigner."""
    require_admin(actor)
    member(actor, from_user_id, "fromUserId")
    heir = member(actor, to_user_id, "toUserId")
    if not heir.is_active or from_user_id == to_user_id:
        raise ServiceError(FieldError("toUserId", "Hand the records to another active member.", "invalid"))
    with transaction.atomic():
        return _reassign(actor, from_user_id, to_user_id)


def _reassign(actor: Membership, from_user_id: int, to_user_id: int) -> dict[str, int]:
    moved = {name: reassign(from_user_id, to_user_id, actor) for name, reassign in sorted(REASSIGNERS.items())}
    audit.record(
        actor=actor.user,
        action="update",
        record_type="Membership",
        record_id=from_user_id,
        changes={"reassigned_to": to_user_id, "moved": moved},
    )
    return moved


# --- custom roles ------------------------------------------------------------------------


def _validate_grants(
    permissions: Mapping[str, Mapping[str, str]], field_rules: Mapping[str, Mapping[str, str]], errors: ErrorCollector
) -> None:
    for record_type, actions in permissions.items():
        if record_type != ANY_TYPE and record_type not in RECORD_TYPES:
            errors.add("permissions", f'Unknown record type "{record_type}".', "invalid_choice")
        for action, scope in actions.items():
            if action not in ACTIONS or scope not in SCOPES:
                errors.add("permissions", f'"{action}: {scope}" is not an action and scope.', "invalid_choice")
    for record_type, rules in field_rules.items():
        known = RECORD_TYPES.get(record_type)
        if known is None:
            errors.add("fieldRules", f'Unknown record type "{record_type}".', "invalid_choice")
            continue
        for field_name, rule in rules.items():
            # Only sensitive fields are guarded in the API (graphql_schema.permissions.protect_fields).
            custom = field_name.startswith("custom_fields.")  # a custom field (saas.customization)
            if (field_name not in known.sensitive_fields and not custom) or rule not in FIELD_RULES:
                errors.add(
                    "fieldRules",
                    f'"{field_name}: {rule}" is not a sensitive field and rule of {record_type}.',
                    "invalid",
                )


def save_role(
    actor: Membership,
    *,
    role: CustomRole | None = None,
    name: str,
    description: str = "",
    permissions: Mapping[str, Mapping[str, str]],
    field_rules: Mapping[str, Mapping[str, str]],
) -> CustomRole:
    """Create (``role`` None) or replace a custom role."""
    require_admin(actor)
    name = name.strip()
    errors = ErrorCollector()
    if not name:
        errors.add("name", "Name the role.", "required")
    elif len(name) > 60:
        errors.add("name", "At most 60 characters.", "too_long")
    elif name.lower() in BUILTIN_ROLE_ORDER or name.lower().replace("-", "_") in BUILTIN_ROLE_ORDER:
        errors.add("name", "That is a built-in role's name.", "taken")
    elif CustomRole.objects.filter(name__iexact=name).exclude(pk=role.pk if role else 0).exists():
        errors.add("name", "A role has this name.", "taken")
    _validate_grants(permissions, field_rules, errors)
    errors.raise_if_any()
    is_new = role is None
    role = role or CustomRole()
    before = {"permissions": role.permissions, "field_rules": role.field_rules} if not is_new else {}
    role.name, role.description = name, description.strip()[:500]
    role.permissions = {k: dict(v) for k, v in permissions.items()}
    role.field_rules = {k: dict(v) for k, v in field_rules.items()}
    with transaction.atomic():
        role.save()
        if not is_new:
            holders = Membership.objects.filter(tenant_id=actor.tenant_id, role=Role.CUSTOM, custom_role_id=role.pk)
            announce(holders.values_list("user_id", flat=True), "role_changed")
        audit.record(
            actor=actor.user,
            action="create" if is_new else "security",
            record_type="Role",
            record_id=role.pk,
            changes={"name": name, "permissions": role.permissions, "field_rules": role.field_rules, "before": before},
        )
    return role


def delete_role(actor: Membership, role: CustomRole) -> None:
    require_admin(actor)
    # Deactivated members and revoked keys don't hold it up: they keep a dangling id that grants nothing.
    in_use = (
        Membership.objects.filter(
            tenant_id=actor.tenant_id, role=Role.CUSTOM, custom_role_id=role.pk, is_active=True
        ).exists()
        or ApiKey.objects.filter(custom_role=role, revoked_at__isnull=True).exists()
    )
    if in_use:
        raise ServiceError(FieldError("id", "Give its members and keys another role first.", "in_use"))
    with transaction.atomic():
        audit.record(
            actor=actor.user, action="delete", record_type="Role", record_id=role.pk, changes={"name": role.name}
        )
        role.delete()


# --- teams -------------------------------------------------------------------------------


def save_team(actor: Membership, *, team: Team | None = None, name: str, description: str = "") -> Team:
    require_admin(actor)
    name = name.strip()
    errors = ErrorCollector()
    if not name:
        errors.add("name", "Name the team.", "required")
    elif len(name) > 100:
        errors.add("name", "At most 100 characters.", "too_long")
    elif Team.objects.filter(name__iexact=name).exclude(pk=team.pk if team else 0).exists():
        errors.add("name", "A team has this name.", "taken")
    errors.raise_if_any()
    is_new = team is None
    team = team or Team()
    team.name, team.description = name, description.strip()[:500]
    with transaction.atomic():
        team.save()
        audit.record(
            actor=actor.user, action="create" if is_new else "update", record_type="Team", record_id=team.pk,
            changes={"name": name},
        )  # fmt: skip
    return team


def delete_team(actor: Membership, team: Team) -> None:
    require_admin(actor)
    with transaction.atomic():
        audit.record(
            actor=actor.user, action="delete", record_type="Team", record_id=team.pk, changes={"name": team.name}
        )
        team.delete()


def set_team_member(actor: Membership, team: Team, user_id: int, *, is_manager: bool = False) -> TeamMember:
    require_admin(actor)
    member(actor, user_id)
    with transaction.atomic():
        seat, _ = TeamMember.objects.update_or_create(team=team, user_id=user_id, defaults={"is_manager": is_manager})
        announce(TeamMember.objects.filter(team=team).values_list("user_id", flat=True), "team_changed")
        audit.record(
            actor=actor.user, action="update", record_type="Team", record_id=team.pk,
            changes={"member": user_id, "is_manager": is_manager},
        )  # fmt: skip
    return seat


def remove_team_member(actor: Membership, team: Team, user_id: int) -> None:
    require_admin(actor)
    with transaction.atomic():
        announce([user_id, *TeamMember.objects.filter(team=team).values_list("user_id", flat=True)], "team_changed")
        if TeamMember.objects.filter(team=team, user_id=user_id).delete()[0]:
            audit.record(
                actor=actor.user, action="update", record_type="Team", record_id=team.pk, changes={"removed": user_id}
            )


# --- record sharing ----------------------------------------------------------------------


def share_record(
    actor: Membership,
    record_type_name: str,
    record_id: str,
    *,
    user_id: int | None = None,
    team: Team | None = None,
    can_edit: bool = False,
) -> RecordShare:
    """Share one record with a member or a team. Who may update a record may share it."""
    record_type = RECORD_TYPES.get(record_type_name)
    if record_type is None:
        raise ServiceError(FieldError("recordType", "Unknown record type.", "invalid_choice"))
    record = record_type.model._default_manager.filter(pk=record_id).first() if record_id else None
    if record is None or not policy.allows(actor, "read", record):
        raise not_found("recordId", "record")
    policy.check(actor, "update", record)
    if (user_id is None) == (team is None):
        raise ServiceError(FieldError(None, "Share with either a user or a team.", "invalid"))
    if user_id is not None:
        member(actor, user_id)
    with transaction.atomic():
        share, _ = RecordShare.objects.update_or_create(
            record_type=record_type.name,
            record_id=str(record.pk),
            user_id=user_id,
            team=team,
            defaults={"can_edit": can_edit, "shared_by_id": actor.user_id},
        )
        audit.record(
            actor=actor.user, action="update", record_type=record_type.name, record_id=record.pk,
            changes={"shared_with": {"user": user_id, "team": team.pk if team else None, "can_edit": can_edit}},
        )  # fmt: skip
    return share


def unshare_record(actor: Membership, share: RecordShare) -> None:
    record_type = RECORD_TYPES.get(share.record_type)
    record = record_type.model._default_manager.filter(pk=share.record_id).first() if record_type else None
    if record is not None:
        policy.check(actor, "update", record)
    elif not policy.is_admin(actor):
        raise denied()
    with transaction.atomic():
        audit.record(
            actor=actor.user, action="update", record_type=share.record_type, record_id=share.record_id,
            changes={"unshared": {"user": share.user_id, "team": share.team_id}},
        )  # fmt: skip
        share.delete()


# --- API keys ----------------------------------------------------------------------------


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass
class NewApiKey:
    key: ApiKey
    secret: str  # the whole key, shown once


def create_api_key(actor: Membership, *, name: str, role: str, expires_at: datetime | None = None) -> NewApiKey:
    """A key for an integrator. It acts as its own service user holding ``role`` (never owner)."""
    require_admin(actor)
    if actor.user.is_service_account:
        # A leaked admin key must not be able to mint itself successors that outlive its revocation.
        raise ServiceError(
            FieldError(None, "API keys cannot create API keys; sign in as a person.", ErrorCode.PERMISSION_DENIED)
        )
    modules.check_feature(actor.tenant, "api_keys")  # plans switch API keys on and off (billing)
    name = name.strip()
    errors = ErrorCollector()
    if not name:
        errors.add("name", "Name the key after its integration.", "required")
    elif len(name) > 100:
        errors.add("name", "At most 100 characters.", "too_long")
    if expires_at is not None and expires_at <= timezone.now():
        errors.add("expiresAt", "Pick a moment in the future.", "in_past")
    try:
        choice = parse_role(role, allow_owner=False)
    except ServiceError as exc:
        errors.errors.extend(exc.errors)
        choice = None
    errors.raise_if_any()
    assert choice is not None
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    tenant = actor.tenant
    with transaction.atomic():
        user = User.objects.create(
            email=f"api-key.{prefix}@{tenant.schema_name.replace('_', '-')}.keys.invalid",
            full_name=f"API key: {name}"[:150],
            is_service_account=True,
            password=make_password(None),
        )
        Membership.objects.create(
            user=user,
            tenant=tenant,
            role=choice.role,
            custom_role_id=choice.custom_role.pk if choice.custom_role else None,
        )
        key = ApiKey.objects.create(
            name=name,
            prefix=prefix,
            secret_hash=_hash(secret),
            user_id=user.pk,
            role=choice.role,
            custom_role=choice.custom_role,
            created_by_id=actor.user_id,
            expires_at=expires_at,
        )
        audit.record(
            actor=actor.user,
            action="security",
            record_type="ApiKey",
            record_id=key.pk,
            changes={
                "created": name,
                "role": role_key(key),
                "expires_at": expires_at.isoformat() if expires_at else None,
            },
        )
    return NewApiKey(key, f"{API_KEY_PREFIX}{prefix}_{secret}")


def revoke_api_key(actor: Membership, key: ApiKey) -> ApiKey:
    require_admin(actor)
    if key.revoked_at is not None:
        return key
    with transaction.atomic():
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
        Membership.objects.filter(user_id=key.user_id).update(is_active=False)
        User.objects.filter(pk=key.user_id).update(is_active=False)
        announce([key.user_id], "api_key_revoked")
        audit.record(
            actor=actor.user, action="security", record_type="ApiKey", record_id=key.pk, changes={"revoked": key.name}
        )
    return key


def user_for_api_key(raw: str) -> User | None:
    """The service user of a usable key of *this* tenant (the connection's schema); records its use."""
    if not raw.startswith(API_KEY_PREFIX):
        return None
    prefix, _, secret = raw.removeprefix(API_KEY_PREFIX).partition("_")
    if not prefix or not secret:
        return None
    key = ApiKey.objects.filter(prefix=prefix).first()
    if key is None or not key.is_usable or not secrets.compare_digest(key.secret_hash, _hash(secret)):
        return None
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at > timedelta(seconds=60):
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    return User.objects.filter(pk=key.user_id, is_active=True).first()


# --- invitations -------------------------------------------------------------------------


def invite_user(actor: Membership, *, email: str, role: str, team_ids: Iterable[int] = ()) -> Invitation:
    """Email a single-use link that expires after INVITATION_TTL_SECONDS. Resending replaces older links."""
    require_admin(actor)
    email = email.strip().lower()
    errors = ErrorCollector()
    try:
        validate_email(email)
    except ValidationError:
        errors.add("email", "Enter a valid email address.", "invalid")
    else:
        if Membership.objects.filter(tenant_id=actor.tenant_id, user__email=email).exists():
            errors.add("email", "This person is already a member.", "taken")
    choice = None
    try:
        choice = parse_role(role)
        if choice.role == Role.OWNER and actor.role != Role.OWNER:
            errors.add("role", "Only an owner invites an owner.", ErrorCode.PERMISSION_DENIED)
    except ServiceError as exc:
        errors.errors.extend(exc.errors)
    team_ids = sorted(set(team_ids))
    if len(team_ids) != Team.objects.filter(pk__in=team_ids).count():
        errors.add("teamIds", "No such team in this workspace.", "not_found")
    errors.raise_if_any()
    modules.check_seats_added(actor.tenant)  # a full plan says so now, not when the link is used
    assert choice is not None
    token = secrets.token_urlsafe(32)
    tenant = actor.tenant
    with transaction.atomic():
        Invitation.objects.filter(tenant=tenant, email=email, accepted_at__isnull=True, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        invitation = Invitation.objects.create(
            tenant=tenant,
            email=email,
            role=choice.role,
            custom_role_id=choice.custom_role.pk if choice.custom_role else None,
            team_ids=team_ids,
            token_hash=_hash(token),
            invited_by=actor.user,
            expires_at=timezone.now() + timedelta(seconds=settings.INVITATION_TTL_SECONDS),
        )
        audit.record(
            actor=actor.user, action="security", record_type="Invitation", record_id=invitation.pk,
            changes={"email": email, "role": role},
        )  # fmt: skip
        link = f"{tenant.url}/accept-invitation?token={token}"
        transaction.on_commit(lambda: _send_invitation(invitation, actor.user, link))
    return invitation


def _send_invitation(invitation: Invitation, inviter: User, link: str) -> None:
    workspace_mail(
        f"{inviter.full_name or inviter.email} invites you to {invitation.tenant.name}",
        f"You are invited to join {invitation.tenant.name} on the CRM.\n\n"
        f"Accept within {settings.INVITATION_TTL_SECONDS // 86400 or 1} day(s): {link}\n\n"
        "The link works once. If you did not expect this, ignore this message.",
        [invitation.email],
        invitation.tenant,
    ).send()


def revoke_invitation(actor: Membership, invitation: Invitation) -> Invitation:
    require_admin(actor)
    if invitation.tenant_id != actor.tenant_id:
        raise not_found("id", "invitation")
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


def pending_invitations(tenant_id: int) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        tenant_id=tenant_id, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    )


def accept_invitation(
    token: str,
    *,
    password: str,
    full_name: str = "",
    otp_code: str | None = None,
    tenant: Tenant | None = None,
    ip: str | None = None,
) -> accounts.Acceptance:
    """Join the inviting workspace (see tenants.services.accept_invitation), seat in its teams, audit it."""
    from django_tenants.utils import tenant_context

    with transaction.atomic():
        accepted = accounts.accept_invitation(
            token, password=password, full_name=full_name, tenant=tenant, otp_code=otp_code, ip=ip
        )
        with tenant_context(accepted.membership.tenant):
            join_teams(accepted.user.pk, accepted.team_ids)
            record_sign_in(accepted.user, "invitation")
            if accepted.invited_by_id:
                who = accepted.user.full_name or accepted.user.email
                message = f"{who} accepted your invitation."
                events.notify(accepted.invited_by_id, "member_joined", message, {"email": accepted.user.email})
    return accepted


def join_teams(user_id: int, team_ids: Iterable[int]) -> None:
    """Seats for an accepted invitation (in the tenant's schema); teams deleted meanwhile are skipped."""
    for team_id in Team.objects.filter(pk__in=list(team_ids)).values_list("pk", flat=True):
        try:
            with transaction.atomic():
                TeamMember.objects.get_or_create(team_id=team_id, user_id=user_id)
        except IntegrityError:  # pragma: no cover - a concurrent seat
            pass


def record_sign_in(user: User, how: str, **details: Any) -> None:
    """An audit entry in the current tenant's log for a successful sign-in."""
    audit.record(actor=user, action="sign_in", record_type="User", record_id=user.pk, changes={"via": how, **details})


def record_sign_in_everywhere(user: User, how: str) -> None:
    """A sign-in on the public site: one entry in the log of every workspace the user may enter."""
    from django_tenants.utils import tenant_context

    for membership in accounts.active_memberships(user):
        with tenant_context(membership.tenant):
            record_sign_in(user, how)
