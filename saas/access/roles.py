"""What each role grants: per record type and action a scope, per field a rule.

Built-in roles live here in code (identical in every tenant, never stored, so a
record type registered later is covered at once). Custom roles are rows of
``saas.access.models.CustomRole`` holding the same shape as JSON.

Shape of a grant set::

    actions = {"*": {"read": "all", ...}, "Company": {"delete": "none"}}   # record type or "*" → action → scope
    fields  = {"Company": {"credit_limit": "hidden"}}                        # record type → field → rule

The entry of the record type wins over ``"*"``; an action missing from both is ``none``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from tenants.models import Role

Action = Literal["create", "read", "update", "delete", "export"]
Scope = Literal["none", "own", "team", "all"]
FieldRule = Literal["hidden", "read_only"]

ACTIONS: tuple[Action, ...] = ("create", "read", "update", "delete", "export")
SCOPES: tuple[Scope, ...] = ("none", "own", "team", "all")
FIELD_RULES: tuple[FieldRule, ...] = ("hidden", "read_only")
ANY_TYPE = "*"

# Roles that manage the workspace itself (users, roles, teams, API keys, company info).
ADMIN_ROLES: frozenset[str] = frozenset({Role.OWNER, Role.ADMIN})


def wider(a: Scope, b: Scope) -> Scope:
    return a if SCOPES.index(a) >= SCOPES.index(b) else b


@dataclass(frozen=True)
class Grants:
    """Everything one role allows on CRM records."""

    actions: Mapping[str, Mapping[str, Scope]] = field(default_factory=dict)
    fields: Mapping[str, Mapping[str, FieldRule]] = field(default_factory=dict)
    # Field rule applied to every *sensitive* field of every record type (see registry), unless overridden.
    sensitive_rule: FieldRule | None = None

    def scope(self, record_type: str, action: str) -> Scope:
        specific = self.actions.get(record_type, {})
        if action in specific:
            return specific[action]
        return self.actions.get(ANY_TYPE, {}).get(action, "none")

    def field_rule(self, record_type: str, field_name: str, sensitive: bool) -> FieldRule | None:
        rule = self.fields.get(record_type, {}).get(field_name)
        if rule is None and sensitive:
            return self.sensitive_rule
        return rule


def _same(scope: Scope, *actions: Action) -> dict[str, Scope]:
    return dict.fromkeys(actions, scope)


# The built-in roles. A module may adjust one role for its record type with
# ``registry.register(..., role_overrides={"service": {"create": "all"}})``.
BUILTIN_GRANTS: dict[str, Grants] = {
    Role.OWNER: Grants({ANY_TYPE: _same("all", *ACTIONS)}),
    Role.ADMIN: Grants({ANY_TYPE: _same("all", *ACTIONS)}),
    # A manager runs a team: sees and handles the team's records (their own included).
    Role.MANAGER: Grants({ANY_TYPE: _same("team", *ACTIONS)}),
    # Sales people work their own book; sensitive figures are visible but not theirs to change.
    Role.SALES: Grants(
        {ANY_TYPE: {**_same("own", "create", "read", "update", "delete"), "export": "none"}}, {}, "read_only"
    ),
    # Marketing reads the whole base to build segments and exports them; writes only its own.
    Role.MARKETING: Grants(
        {ANY_TYPE: {"create": "own", "read": "all", "update": "own", "delete": "none", "export": "all"}}, {}, "hidden"
    ),
    # Service reads every customer to help them, writes its own records.
    Role.SERVICE: Grants(
        {ANY_TYPE: {"create": "own", "read": "all", "update": "own", "delete": "none", "export": "none"}}, {}, "hidden"
    ),
    Role.READ_ONLY: Grants({ANY_TYPE: {"read": "all"}}, {}, "hidden"),
}

BUILTIN_ROLE_ORDER: tuple[str, ...] = tuple(BUILTIN_GRANTS)

# ``role_overrides`` for a type that is the workspace's set-up (pipelines, the price list, SLA policies...):
# members read it, managers and admins shape it.
SETTINGS_ONLY: dict[str, dict[str, Scope]] = {
    role: {"create": "none", "update": "none", "delete": "none"} for role in (Role.SALES, Role.MARKETING, Role.SERVICE)
}
