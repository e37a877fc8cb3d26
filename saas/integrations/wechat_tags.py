"""Tag sync between WeChat and the CRM: a follower's WeChat tags are the tags on their contact, both ways.

For each follower with a contact, three sets of tag names (compared without case): what WeChat has on them
(``tags/getidlist``), what the contact has, and what both sides agreed on at the last sync
(``WeChatFollower.synced_tags``). A tag both have stays; a tag new on one side (not agreed last time) is added
to the other; an agreed tag missing on one side was removed there and is removed from the other. WeChat is
written first (missing tags created, then batch tagging and untagging per tag), then the contacts (through
the customers module's services, as the admin who connected the account: audited, realtime), then the
agreed sets. A run that fails halfway is repeated whole by the next: each step leaves the sets nearer the
outcome, so nothing is lost or doubled. Tag names longer than WeChat allows stay in the CRM only.

Runs as the Celery task ``integrations.sync_wechat_tags`` (every hour in every workspace, and at once when
an admin asks: ``syncWeChatTags``).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from saas.customers import services as customers
from saas.customers.models import Tag
from tenants.db import connection
from tenants.models import Membership

from .models import WeChatAccount, WeChatFollower
from .wechat_api import WeChatApi

logger = logging.getLogger(__name__)

WECHAT_TAG_NAME_MAX = 30  # characters, WeChat's limit


@dataclass
class TagSyncResult:
    followers: int = 0  # followers looked at
    added_on_wechat: int = 0  # (follower, tag) pairs
    removed_on_wechat: int = 0
    added_in_crm: int = 0
    removed_in_crm: int = 0


@dataclass
class _Plan:
    follower: WeChatFollower
    agreed: dict[str, str]  # key → name
    crm_add: list[str]
    crm_remove: list[str]


def _key(name: str) -> str:
    return name.strip().casefold()


def sync_tags() -> TagSyncResult:
    """Sync every current follower's tags with their contact's (see the module's docstring)."""
    if connection.schema_name == "public":
        raise RuntimeError("sync_tags must run inside a tenant schema")
    account = WeChatAccount.objects.filter(enabled=True).exclude(app_secret="").first()
    result = TagSyncResult()
    if account is None:
        return result
    membership = _acting_membership(account)
    if membership is None:  # before anything is written: the admin who connected it has left
        logger.warning("WeChat tag sync skipped: the account's acting member is no longer active")
        return result
    api = WeChatApi(account)
    on_wechat = {_key(name): (name, tag_id) for name, tag_id in api.tags().items()}
    names_by_id = {tag_id: name for name, tag_id in on_wechat.values()}
    followers = list(
        WeChatFollower.objects.filter(subscribed=True, contact__isnull=False, contact__deleted_at__isnull=True)
        .select_related("contact")
        .prefetch_related("contact__tags")
        .order_by("id")
    )
    tag_on: dict[str, list[str]] = defaultdict(list)  # key → openids
    untag_on: dict[str, list[str]] = defaultdict(list)
    plans: list[_Plan] = []
    for follower in followers:
        assert follower.contact is not None
        wechat = {
            _key(names_by_id[i]): names_by_id[i] for i in api.follower_tag_ids(follower.openid) if i in names_by_id
        }
        crm = {_key(tag.name): tag.name for tag in follower.contact.tags.all() if len(tag.name) <= WECHAT_TAG_NAME_MAX}
        before = {_key(name) for name in follower.synced_tags}
        agreed_keys = (wechat.keys() & crm.keys()) | (wechat.keys() - before) | (crm.keys() - before)
        agreed = {key: crm.get(key) or wechat[key] for key in agreed_keys}
        for key in agreed_keys - wechat.keys():
            tag_on[key].append(follower.openid)
        for key in wechat.keys() - agreed_keys:
            untag_on[key].append(follower.openid)
        plans.append(
            _Plan(follower, agreed, [agreed[k] for k in agreed_keys - crm.keys()], sorted(crm.keys() - agreed_keys))
        )
    result.followers = len(plans)

    # WeChat first: a failure here leaves the CRM and the agreed sets as they were.
    for key, openids in sorted(tag_on.items()):
        if key not in on_wechat:
            name = next(plan.agreed[key] for plan in plans if key in plan.agreed)
            on_wechat[key] = (name, api.create_tag(name))
        api.tag(on_wechat[key][1], openids)
        result.added_on_wechat += len(openids)
    for key, openids in sorted(untag_on.items()):
        api.tag(on_wechat[key][1], openids, remove=True)
        result.removed_on_wechat += len(openids)

    for plan in plans:
        with transaction.atomic():
            contact = plan.follower.contact
            assert contact is not None
            add = [_crm_tag(membership, name).pk for name in plan.crm_add]
            remove = [tag.pk for tag in contact.tags.all() if _key(tag.name) in plan.crm_remove]
            if add or remove:
                customers.tag_contacts(membership, contact_ids=[contact.pk], add_tag_ids=add, remove_tag_ids=remove)
            result.added_in_crm += len(add)
            result.removed_in_crm += len(remove)
            plan.follower.synced_tags = sorted(plan.agreed.values())
            plan.follower.tags_synced_at = timezone.now()
            plan.follower.save(update_fields=["synced_tags", "tags_synced_at"])
    return result


def sync_tags_in_workspace() -> int:
    """The scheduled run: how many followers were synced."""
    return sync_tags().followers


def _crm_tag(membership: Membership, name: str) -> Tag:
    found = Tag.objects.filter(name__iexact=name.strip()).first()
    return found or customers.create_tag(membership, {"name": name.strip()})


def _acting_membership(account: WeChatAccount) -> Membership | None:
    return (
        Membership.objects.select_related("user")
        .filter(user_id=account.acting_user_id, tenant__schema_name=connection.schema_name, is_active=True)
        .first()
    )
