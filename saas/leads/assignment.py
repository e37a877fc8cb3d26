"""Who owns a new lead nobody was named for: the tenant's assignment rules, first match wins.

Called inside the transaction that inserts the lead (API create and web-form capture alike).
"""

from __future__ import annotations

from django.db.models import Count, Q

from saas.access.models import TeamMember
from tenants.db import connection
from tenants.models import Membership

from .models import OPEN_STATUSES, AssignmentMethod, AssignmentRule, Lead


def _active_members(rule: AssignmentRule) -> list[int]:
    """User ids of the rule's team who hold an active seat in this workspace, in user-id order."""
    in_team = TeamMember.objects.filter(team_id=rule.team_id).values_list("user_id", flat=True)
    tenant = connection.tenant
    seated = Membership.objects.filter(tenant_id=tenant.pk, user_id__in=list(in_team), is_active=True)
    return sorted(seated.values_list("user_id", flat=True))


def _round_robin(rule: AssignmentRule, members: list[int]) -> int:
    """The member after the one who got the last lead (wrapping round); the rule row is locked by the caller."""
    last = rule.last_assigned_user_id
    following = [user_id for user_id in members if last is not None and user_id > last]
    return following[0] if following else members[0]


def _least_loaded(members: list[int]) -> int:
    """The member with the fewest open leads; ties go to the lowest user id (stable, testable)."""
    open_leads = dict(
        Lead.objects.filter(owner_id__in=members)
        .values_list("owner_id")
        .annotate(n=Count("id", filter=Q(status__in=OPEN_STATUSES)))
        .values_list("owner_id", "n")
    )
    return min(members, key=lambda user_id: (open_leads.get(user_id, 0), user_id))


def assign(lead: Lead) -> AssignmentRule | None:
    """Give ``lead`` an owner by the first active rule that matches it and has someone to give it to.

    Round-robin rules are locked (``SELECT ... FOR UPDATE``) so two leads captured at once go to two
    different members. Returns the rule used, or None (the lead stays unassigned).
    """
    for rule in AssignmentRule.objects.filter(is_active=True).order_by("position", "created_at", "id"):
        if not rule.matches(lead):
            continue
        if rule.method == AssignmentMethod.ROUND_ROBIN:
            rule = AssignmentRule.objects.select_for_update().get(pk=rule.pk)
        members = _active_members(rule)
        if not members:
            continue
        if rule.method == AssignmentMethod.ROUND_ROBIN:
            lead.owner_id = _round_robin(rule, members)
            rule.last_assigned_user_id = lead.owner_id
            rule.save(update_fields=["last_assigned_user_id", "updated_at"])
        else:
            lead.owner_id = _least_loaded(members)
        return rule
    return None
