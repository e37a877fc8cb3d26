"""WeChat's outbound half: campaign QR codes (made through WeChat, listed per campaign, attributing followers)
and tag sync both ways, against a local WeChat (an httpx transport answering recorded payloads: no network)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from django.core.cache import cache
from strawberry.relay import to_base64

from saas.audit.models import AuditEntry
from saas.customers import services as customers
from saas.customers.models import Contact, Tag
from saas.integrations import wechat_tags
from saas.integrations.connectors import replaced_transport
from saas.integrations.models import WeChatAccount, WeChatFollower, WeChatQrCode
from saas.integrations.wechat_api import WeChatApi, WeChatApiError
from tenants.models import Membership, Role
from tests.conftest import Workspace
from tests.query_count import assert_num_queries

from .conftest import member, mutate
from .test_wechat import OPENID, TOKEN, post, signed

API_SAMPLES = Path(__file__).parent / "wechat_samples" / "api"
SECRET = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
Capture = Callable[..., Any]


def recorded(name: str) -> dict[str, Any]:
    return dict(json.loads((API_SAMPLES / f"{name}.json").read_text()))


@dataclass
class FakeWeChat:
    """WeChat's API as far as the CRM calls it, starting from the recorded answers; keeps the requests."""

    tags: dict[int, str] = field(default_factory=dict)
    follower_tags: dict[str, set[int]] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    answers: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # canned answers first, per path
    next_id: int = 134

    def __post_init__(self) -> None:
        self.tags = {tag["id"]: tag["name"] for tag in recorded("tags_get")["tags"]}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        assert request.url.host == "api.weixin.qq.com" and request.url.scheme == "https"
        path = request.url.path.removeprefix("/cgi-bin/")
        body = json.loads(request.content) if request.content else {}
        self.requests.append((path, {**dict(request.url.params), **body}))
        if self.answers.get(path):
            return httpx.Response(200, json=self.answers[path].pop(0))
        if path == "token":
            assert request.url.params["secret"] == SECRET
            return httpx.Response(200, json=recorded("token"))
        assert request.url.params["access_token"] == recorded("token")["access_token"]
        if path == "qrcode/create":
            assert body["action_name"] == "QR_LIMIT_STR_SCENE"
            return httpx.Response(200, json=recorded("qrcode_create"))
        if path == "tags/get":
            return httpx.Response(200, json={"tags": [{"id": i, "name": n, "count": 0} for i, n in self.tags.items()]})
        if path == "tags/create":
            self.tags[self.next_id] = body["tag"]["name"]
            self.next_id += 1
            return httpx.Response(200, json={"tag": {"id": self.next_id - 1, "name": body["tag"]["name"]}})
        if path in ("tags/members/batchtagging", "tags/members/batchuntagging"):
            for openid in body["openid_list"]:
                held = self.follower_tags.setdefault(openid, set())
                (held.discard if path.endswith("untagging") else held.add)(body["tagid"])
            return httpx.Response(200, json=recorded("ok"))
        if path == "tags/getidlist":
            return httpx.Response(200, json={"tagid_list": sorted(self.follower_tags.get(body["openid"], set()))})
        return httpx.Response(404)

    def paths(self) -> list[str]:
        return [path for path, _ in self.requests]


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


@pytest.fixture
def wechat() -> Iterator[FakeWeChat]:
    fake = FakeWeChat()
    with replaced_transport(httpx.MockTransport(fake)):
        yield fake


def connect(ws: Workspace, token: str = TOKEN.replace("-", ""), secret: str | None = SECRET) -> None:
    given = {"appId": f"wx{ws.subdomain}", "token": token, **({"appSecret": secret} if secret else {})}
    assert mutate(ws, "connectWeChatAccount", given, "account { appId }")["errors"] == []


def campaign(ws: Workspace, name: str = "Spring Expo 2026") -> str:
    payload = mutate(ws, "createCampaign", {"name": name}, "campaign { id }")
    assert payload["errors"] == []
    return str(payload["campaign"]["id"])


QR_FIELDS = "id scene url ticket campaignId campaignName followers"
QR_LIST = "query($c: ID) { weChatQrCodes(campaignId: $c) { totalCount edges { node { " + QR_FIELDS + " } } } }"


def make_qr(ws: Workspace, campaign_id: str, scene: str | None = None) -> dict[str, Any]:
    given = {"campaignId": campaign_id, **({"scene": scene} if scene is not None else {})}
    return mutate(ws, "createWeChatQrCode", given, f"qrCode {{ {QR_FIELDS} }}")


def codes(payload: dict[str, Any]) -> list[tuple[str | None, str]]:
    return [(e["field"], e["code"]) for e in payload["errors"]]


# --- campaign QR codes ---------------------------------------------------------------------------


def test_a_campaigns_qr_code_is_made_listed_and_attributes_its_followers(
    workspace_a: Workspace, wechat: FakeWeChat
) -> None:
    connect(workspace_a)
    expo, webinar = campaign(workspace_a), campaign(workspace_a, "Logistics webinar")
    made = make_qr(workspace_a, expo, "spring_expo_2026")
    assert made["errors"] == []
    code = made["qrCode"]
    assert code["scene"] == "spring_expo_2026" and code["campaignId"] == expo
    assert (code["ticket"], code["url"]) == (recorded("qrcode_create")["ticket"], recorded("qrcode_create")["url"])
    assert code["campaignName"] == "Spring Expo 2026" and code["followers"] == 0
    assert wechat.paths() == ["token", "qrcode/create"]
    assert wechat.requests[1][1]["action_info"] == {"scene": {"scene_str": "spring_expo_2026"}}

    other = make_qr(workspace_a, webinar)["qrCode"]  # a scene made from the campaign's name
    assert other["scene"].startswith("logistics-webinar-") and len(other["scene"]) <= 64
    assert wechat.paths()[2:] == ["qrcode/create"]  # the access token is kept

    # The round trip: a follow through the code (the recorded event carries qrscene_spring_expo_2026).
    assert post(workspace_a, "subscribe_qrscene.xml", signed(token=TOKEN.replace("-", ""))).status_code == 200
    with assert_num_queries(2):  # the member, the page with its count
        listed = workspace_a.api.data(QR_LIST)["weChatQrCodes"]
    by_scene = {edge["node"]["scene"]: edge["node"] for edge in listed["edges"]}
    assert by_scene["spring_expo_2026"]["followers"] == 1 and by_scene[other["scene"]]["followers"] == 0
    only = workspace_a.api.data(QR_LIST, {"c": webinar})["weChatQrCodes"]
    assert [edge["node"]["scene"] for edge in only["edges"]] == [other["scene"]]
    workspace_a.activate()
    assert WeChatFollower.objects.get(openid=OPENID).first_scene == "spring_expo_2026"
    assert AuditEntry.objects.filter(record_type="WeChatQrCode").count() == 2

    # A campaign in the recycle bin takes its codes out of the list.
    deleted = workspace_a.api.data(
        "mutation($id: ID!) { deleteCampaign(input: {id: $id}) { errors { code } } }", {"id": webinar}
    )
    assert deleted["deleteCampaign"]["errors"] == []
    assert workspace_a.api.data(QR_LIST)["weChatQrCodes"]["totalCount"] == 1


def test_bad_qr_code_input_is_refused_and_nothing_is_written(workspace_a: Workspace, wechat: FakeWeChat) -> None:
    expo = campaign(workspace_a)
    assert codes(make_qr(workspace_a, expo, "x")) == [(None, "invalid")]  # no account yet
    connect(workspace_a, secret=None)
    assert codes(make_qr(workspace_a, expo, "spring")) == [(None, "invalid")]  # no AppSecret: WeChat can't be asked
    assert codes(make_qr(workspace_a, expo, "no spaces!")) == [(None, "invalid"), ("scene", "invalid_format")]
    assert wechat.requests == []
    connect(workspace_a)
    assert codes(make_qr(workspace_a, expo, "no spaces!")) == [("scene", "invalid_format")]
    assert codes(make_qr(workspace_a, expo, "a" * 65)) == [("scene", "invalid_format")]
    assert wechat.requests == []
    wechat.answers["qrcode/create"] = [recorded("qrcode_refused")]
    refused = make_qr(workspace_a, expo, "spring")
    assert codes(refused) == [(None, "delivery_failed")]
    assert codes(make_qr(workspace_a, to_base64("Campaign", str(uuid.uuid4())), "x")) == [("campaignId", "not_found")]
    workspace_a.activate()
    assert not WeChatQrCode.objects.exists()
    assert make_qr(workspace_a, expo, "spring")["errors"] == []
    assert codes(make_qr(workspace_a, expo, "spring")) == [("scene", "taken")]
    workspace_a.activate()
    assert WeChatQrCode.objects.count() == 1


def test_an_expired_access_token_is_fetched_again(workspace_a: Workspace, wechat: FakeWeChat) -> None:
    connect(workspace_a)
    wechat.answers["qrcode/create"] = [recorded("token_expired")]
    assert make_qr(workspace_a, campaign(workspace_a), "spring")["errors"] == []
    assert wechat.paths() == ["token", "qrcode/create", "token", "qrcode/create"]


@pytest.mark.parametrize("role", [Role.MANAGER, Role.MARKETING, Role.SALES, Role.READ_ONLY])
def test_only_owners_and_admins_see_or_make_qr_codes(workspace_a: Workspace, wechat: FakeWeChat, role: str) -> None:
    connect(workspace_a)
    expo = campaign(workspace_a)
    code = make_qr(workspace_a, expo, "spring")["qrCode"]
    someone = member(workspace_a, f"{role}@alpha.example.com", role)
    assert someone.api.error_codes(QR_LIST) == ["FORBIDDEN"]
    assert someone.api.data("query($id: ID!) { node(id: $id) { id } }", {"id": code["id"]})["node"] is None
    assert codes(make_qr(someone, expo, "mine")) == [(None, "permission_denied")]
    refused = someone.api.data("mutation { syncWeChatTags { errors { code } } }")["syncWeChatTags"]
    assert refused["errors"] == [{"code": "permission_denied"}]
    workspace_a.activate()
    assert list(WeChatQrCode.objects.values_list("scene", flat=True)) == ["spring"]


def test_another_workspace_neither_sees_nor_uses_a_campaigns_qr_code(
    workspace_a: Workspace, workspace_b: Workspace, wechat: FakeWeChat
) -> None:
    connect(workspace_a)
    connect(workspace_b)
    expo = campaign(workspace_a)
    code = make_qr(workspace_a, expo, "spring")["qrCode"]
    assert codes(make_qr(workspace_b, expo, "stolen")) == [("campaignId", "not_found")]
    assert workspace_b.api.data(QR_LIST)["weChatQrCodes"]["totalCount"] == 0
    assert workspace_b.api.data(QR_LIST, {"c": expo})["weChatQrCodes"]["totalCount"] == 0
    assert workspace_b.api.data("query($id: ID!) { node(id: $id) { id } }", {"id": code["id"]})["node"] is None
    # B's own code may use the same scene: scenes are per official account.
    assert make_qr(workspace_b, campaign(workspace_b), "spring")["errors"] == []
    # A follow through B's code attributes nothing in A.
    assert post(workspace_b, "subscribe_qrscene.xml", signed(token=TOKEN.replace("-", ""))).status_code == 200
    [node] = [e["node"] for e in workspace_a.api.data(QR_LIST)["weChatQrCodes"]["edges"]]
    assert node["followers"] == 0
    workspace_b.activate()
    assert WeChatQrCode.objects.count() == 1 and WeChatFollower.objects.count() == 1
    workspace_a.activate()
    assert WeChatQrCode.objects.count() == 1 and not WeChatFollower.objects.exists()


# --- tag sync ------------------------------------------------------------------------------------


def follower_with_tags(ws: Workspace, *names: str) -> Contact:
    """The recorded follower (via the recorded subscribe event) and CRM tags on their contact."""
    assert post(ws, "subscribe_qrscene.xml", signed(token=TOKEN.replace("-", ""))).status_code == 200
    ws.activate()
    contact = WeChatFollower.objects.select_related("contact").get(openid=OPENID).contact
    assert contact is not None
    membership = Membership.objects.get(user=ws.owner, tenant=ws.tenant)
    tags = [customers.create_tag(membership, {"name": name}).pk for name in names]
    if tags:
        customers.tag_contacts(membership, contact_ids=[contact.pk], add_tag_ids=tags)
    return contact


def contact_tags(ws: Workspace, contact: Contact) -> set[str]:
    ws.activate()
    return set(Contact.objects.get(pk=contact.pk).tags.values_list("name", flat=True))


def wechat_tags_of(wechat: FakeWeChat, openid: str = OPENID) -> set[str]:
    return {wechat.tags[i] for i in wechat.follower_tags.get(openid, set())}


def test_tags_sync_both_ways_and_removals_follow(
    workspace_a: Workspace, wechat: FakeWeChat, django_capture_on_commit_callbacks: Capture
) -> None:
    connect(workspace_a)
    contact = follower_with_tags(workspace_a, "Newsletter", "vip")
    wechat.follower_tags[OPENID] = set(recorded("tags_getidlist")["tagid_list"])  # 广东, VIP
    with django_capture_on_commit_callbacks(execute=True):  # the Celery task, queued on commit (eager here)
        started = workspace_a.api.data("mutation { syncWeChatTags { account { appId } errors { code } } }")
    assert started["syncWeChatTags"]["errors"] == []
    assert contact_tags(workspace_a, contact) == {"Newsletter", "vip", "广东"}  # "VIP" is the CRM's "vip"
    assert wechat_tags_of(wechat) == {"广东", "VIP", "Newsletter"}
    assert ("tags/create", {"access_token": recorded("token")["access_token"], "tag": {"name": "Newsletter"}}) in [
        (p, b) for p, b in wechat.requests
    ]
    workspace_a.activate()
    assert Tag.objects.filter(name__iexact="vip").count() == 1
    assert sorted(WeChatFollower.objects.get(openid=OPENID).synced_tags) == ["Newsletter", "vip", "广东"]
    assert AuditEntry.objects.filter(record_type="Contact", record_id=str(contact.pk), action="update").exists()

    # Taken off on either side since: taken off on the other too.
    wechat.follower_tags[OPENID].discard(127)  # 广东, in WeChat
    membership = Membership.objects.get(user=workspace_a.owner, tenant=workspace_a.tenant)
    newsletter = Tag.objects.get(name="Newsletter")
    customers.tag_contacts(membership, contact_ids=[contact.pk], remove_tag_ids=[newsletter.pk])
    result = wechat_tags.sync_tags()
    assert (result.followers, result.removed_on_wechat, result.removed_in_crm) == (1, 1, 1)
    assert contact_tags(workspace_a, contact) == {"vip"} and wechat_tags_of(wechat) == {"VIP"}

    # Nothing changed: nothing is written anywhere.
    wechat.requests.clear()
    again = wechat_tags.sync_tags()
    assert (again.added_on_wechat, again.removed_on_wechat, again.added_in_crm, again.removed_in_crm) == (0, 0, 0, 0)
    assert set(wechat.paths()) == {"tags/get", "tags/getidlist"}


def test_a_failed_sync_changes_nothing_in_the_crm_and_the_next_one_completes(
    workspace_a: Workspace, wechat: FakeWeChat
) -> None:
    connect(workspace_a)
    contact = follower_with_tags(workspace_a, "Newsletter")
    wechat.follower_tags[OPENID] = {127}
    wechat.answers["tags/members/batchtagging"] = [recorded("qrcode_refused")]
    with pytest.raises(WeChatApiError):
        wechat_tags.sync_tags()
    assert contact_tags(workspace_a, contact) == {"Newsletter"}
    assert WeChatFollower.objects.get(openid=OPENID).synced_tags == []
    wechat_tags.sync_tags()
    assert contact_tags(workspace_a, contact) == {"Newsletter", "广东"}
    assert wechat_tags_of(wechat) == {"Newsletter", "广东"}
    assert len(wechat.tags) == 4  # "Newsletter" made once, although the first run created it


def test_a_follower_without_a_contact_or_an_account_without_secret_is_left_alone(
    workspace_a: Workspace, wechat: FakeWeChat
) -> None:
    connect(workspace_a, secret=None)
    follower_with_tags(workspace_a, "Newsletter")
    assert wechat_tags.sync_tags().followers == 0 and wechat.requests == []
    refused = workspace_a.api.data("mutation { syncWeChatTags { errors { code } } }")["syncWeChatTags"]
    assert refused["errors"] == [{"code": "invalid"}]


def test_without_its_acting_admin_the_sync_writes_nothing(workspace_a: Workspace, wechat: FakeWeChat) -> None:
    connect(workspace_a)
    contact = follower_with_tags(workspace_a, "Newsletter")
    Membership.objects.filter(user=workspace_a.owner, tenant=workspace_a.tenant).update(is_active=False)
    workspace_a.activate()
    assert wechat_tags.sync_tags().followers == 0
    assert wechat.requests == [] and contact_tags(workspace_a, contact) == {"Newsletter"}


def test_tag_sync_stays_in_its_workspace(workspace_a: Workspace, workspace_b: Workspace, wechat: FakeWeChat) -> None:
    connect(workspace_a)
    connect(workspace_b)
    contact_a = follower_with_tags(workspace_a, "Alpha only")
    contact_b = follower_with_tags(workspace_b, "Bravo only")
    workspace_b.activate()
    WeChatFollower.objects.filter(openid=OPENID).update(openid="oBravoFollower")
    wechat_tags.sync_tags()  # B's run
    assert contact_tags(workspace_a, contact_a) == {"Alpha only"}
    assert wechat_tags_of(wechat, OPENID) == set() and wechat_tags_of(wechat, "oBravoFollower") == {"Bravo only"}
    workspace_a.activate()
    assert not Tag.objects.filter(name="Bravo only").exists()
    assert WeChatFollower.objects.get().synced_tags == []
    assert contact_tags(workspace_b, contact_b) == {"Bravo only"}


def test_the_client_reads_the_recorded_answers(
    workspace_a: Workspace, wechat: FakeWeChat, caplog: pytest.LogCaptureFixture
) -> None:
    workspace_a.activate()
    account = WeChatAccount(app_id="wx1", token="t0ken", app_secret=SECRET, acting_user_id=workspace_a.owner.pk)
    api = WeChatApi(account)
    assert api.tags() == {"星标组": 2, "广东": 127, "VIP": 128}
    wechat.follower_tags[OPENID] = set(recorded("tags_getidlist")["tagid_list"])
    assert api.follower_tag_ids(OPENID) == [127, 128]
    wechat.answers["tags/create"] = [recorded("tags_create")]
    assert api.create_tag("广州") == 134
    api.tag(134, [f"o{i}" for i in range(120)])  # in WeChat's batches of 50
    assert [len(body["openid_list"]) for path, body in wechat.requests if path.endswith("batchtagging")] == [50, 50, 20]
    assert SECRET not in caplog.text and recorded("token")["access_token"] not in caplog.text  # URLs are not logged
