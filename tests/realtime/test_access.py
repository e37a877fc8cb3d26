"""Per-event permission checks, field hiding, revocation and deactivation."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from django.db import models
from django.utils import timezone

from realtime.events import access_group, records_group
from saas.access import policy
from saas.audit.models import AuditEntry
from tenants import services
from tenants.models import AuthToken, Membership, Role
from tests.conftest import Workspace
from tests.realtime.helpers import RECORD_CHANGED, Subscriber, add_member, committed, wait_for_group, write_record

write = database_sync_to_async(write_record)


@pytest.fixture
def sales_may_not_read_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    """A test rule in the policy: sales can't read "Secret" entries and never sees ``salary``."""
    allows, hidden_fields = policy.allows, policy.hidden_fields

    def allows_unless_secret(membership: Membership | None, action: Any, record: Any) -> bool:
        secret = isinstance(record, AuditEntry) and record.record_type == "Secret"
        if secret and membership is not None and membership.role == Role.SALES:
            return False
        return allows(membership, action, record)

    def hide_salary(membership: Membership | None, action: Any, record: models.Model | type[models.Model]) -> Any:
        extra = {"salary"} if membership is not None and membership.role == Role.SALES else set()
        return hidden_fields(membership, action, record) | extra

    monkeypatch.setattr(policy, "allows", allows_unless_secret)
    monkeypatch.setattr(policy, "hidden_fields", hide_salary)


@pytest.mark.django_db
def test_each_event_is_checked_per_subscriber_and_hidden_fields_removed(
    workspace_a: Workspace, sales_may_not_read_secrets: None
) -> None:
    _, _, sales_token = add_member(workspace_a, "sales@alpha.example.com")

    async def scenario() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        owner = Subscriber("alpha.localhost")
        sales = Subscriber("alpha.localhost")
        await owner.start({"authToken": workspace_a.token})
        await sales.start({"authToken": sales_token})
        await owner.subscribe(RECORD_CHANGED)
        await sales.subscribe(RECORD_CHANGED)
        await wait_for_group(records_group("alpha"), 2)
        await write(workspace_a.tenant, "created", 1, {"name": "Secret plan"}, "Secret")
        await write(workspace_a.tenant, "created", 2, {"name": "Ann", "salary": 5000}, "Person")
        owner_got = [await owner.next_data("recordChanged") for _ in range(2)]
        sales_got = [await sales.next_data("recordChanged")]
        assert await sales.nothing(0.2)
        await owner.stop()
        await sales.stop()
        return owner_got, sales_got

    owner_got, sales_got = async_to_sync(scenario)()
    assert [e["recordId"] for e in owner_got] == ["1", "2"]
    assert owner_got[1]["payload"] == {"name": "Ann", "salary": 5000}
    assert [e["recordId"] for e in sales_got] == ["2"]
    assert sales_got[0]["payload"] == {"name": "Ann"}
    assert sales_got[0]["fields"] == ["name"]


def revoke(token: str) -> None:
    committed(lambda: services.revoke_token(token))


def deactivate(membership: Membership) -> None:
    membership.is_active = False
    committed(membership.save)


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["revoke_token", "deactivate_membership", "deactivate_user"])
def test_revoked_or_deactivated_members_are_disconnected(workspace_a: Workspace, how: str) -> None:
    user, membership, token = add_member(workspace_a, "leaver@alpha.example.com")

    def cut_off() -> None:
        if how == "revoke_token":
            revoke(token)
        elif how == "deactivate_membership":
            deactivate(membership)
        else:
            user.is_active = False
            committed(user.save)

    async def scenario() -> tuple[bool, int]:
        owner = Subscriber("alpha.localhost")
        leaver = Subscriber("alpha.localhost")
        await owner.start({"authToken": workspace_a.token})
        await leaver.start({"authToken": token})
        await leaver.subscribe(RECORD_CHANGED)
        await wait_for_group(access_group("alpha", user.pk))
        await database_sync_to_async(cut_off)()
        code = await leaver.close_code()
        owner_still_open = await owner.nothing(0.1)
        await leaver.stop()
        await owner.stop()
        return owner_still_open, code

    owner_still_open, code = async_to_sync(scenario)()
    assert code == 4403
    assert owner_still_open


@pytest.mark.django_db
def test_an_expired_token_is_noticed_by_the_periodic_check(workspace_a: Workspace, settings: Any) -> None:
    settings.REALTIME_ACCESS_RECHECK_SECONDS = 0.05

    async def scenario() -> int:
        client = Subscriber("alpha.localhost")
        await client.start({"authToken": workspace_a.token})
        await database_sync_to_async(
            lambda: AuthToken.objects.filter(user=workspace_a.owner).update(
                expires_at=timezone.now() - timedelta(seconds=1)
            )
        )()
        code = await client.close_code()
        await client.stop()
        return code

    assert async_to_sync(scenario)() == 4403


@pytest.mark.django_db
def test_a_role_change_applies_to_the_next_event(workspace_a: Workspace, sales_may_not_read_secrets: None) -> None:
    _user, membership, token = add_member(workspace_a, "promoted@alpha.example.com")

    def promote() -> None:
        membership.role = Role.MANAGER
        committed(membership.save)

    async def scenario() -> dict[str, Any]:
        client = Subscriber("alpha.localhost")
        await client.start({"authToken": token})
        await client.subscribe(RECORD_CHANGED)
        await wait_for_group(records_group("alpha"))
        await write(workspace_a.tenant, "created", 1, {"salary": 1}, "Secret")
        assert await client.nothing(0.2)
        await database_sync_to_async(promote)()
        await client.nothing(0.2)  # the re-check runs
        await write(workspace_a.tenant, "updated", 1, {"salary": 2})
        event = await client.next_data("recordChanged")
        await client.stop()
        return dict(event)

    assert async_to_sync(scenario)()["payload"] == {"salary": 2}


DEACTIVATE = "mutation($input: DeactivateUserInput!) { deactivateUser(input: $input) { errors { code } } }"


@pytest.mark.django_db
def test_an_admin_deactivating_a_member_signs_out_their_open_browser_tabs_live(workspace_a: Workspace) -> None:
    from django.test import Client
    from strawberry.relay import to_base64

    user, membership, _ = add_member(workspace_a, "leaver@alpha.example.com")
    _, colleague, colleague_token = add_member(workspace_a, "stayer@alpha.example.com")
    browser = Client(HTTP_HOST="alpha.localhost")
    assert browser.login(email=user.email, password="a-strong-test-password-2026")
    cookie = f"sessionid={browser.cookies['sessionid'].value}"

    def deactivate_through_the_api() -> None:
        answer = workspace_a.api.data(DEACTIVATE, {"input": {"memberId": to_base64("Member", membership.pk)}})
        assert answer["deactivateUser"]["errors"] == []

    async def scenario() -> tuple[list[int], bool]:
        tabs = [Subscriber("alpha.localhost", cookie=cookie) for _ in range(2)]
        stayer = Subscriber("alpha.localhost")
        for tab in tabs:
            assert await tab.start() == {"type": "connection_ack"}
            await tab.subscribe(RECORD_CHANGED)
        await stayer.start({"authToken": colleague_token})
        await wait_for_group(access_group("alpha", user.pk), 2)
        await database_sync_to_async(lambda: committed(deactivate_through_the_api))()
        codes = [await tab.close_code() for tab in tabs]
        stayer_still_open = await stayer.nothing(0.1)
        for tab in tabs:
            await tab.stop()
        await stayer.stop()
        return codes, stayer_still_open

    codes, stayer_still_open = async_to_sync(scenario)()
    assert codes == [4403, 4403]  # the web client signs out on this code
    assert stayer_still_open
    assert colleague.is_active
