"""The WeChat official account's outbound half: calls to WeChat's API (access token, QR code tickets, tags).

Every call is one HTTP request through the connectors' replaceable transport (``connectors.replaced_transport``)
to WeChat's public address (``connectors.pinned``), so tests and the demo reach no network. WeChat answers
HTTP 200 with ``errcode`` / ``errmsg`` on failure: those become ``WeChatApiError``. The access token (valid
two hours) is kept in the tenant's cache and fetched again when WeChat says it expired.

"Groups" were WeChat's first way to sort followers; WeChat replaced them with tags (a follower has up to 20),
which is what the CRM syncs (``tag_sync``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import httpx
from django.conf import settings
from django.core.cache import cache

from . import addresses
from .connectors import current_transport, pinned
from .models import WeChatAccount

API = "https://api.weixin.qq.com/cgi-bin/"
TOKEN_EXPIRED = {40001, 40014, 42001}  # invalid / expired access token: fetch a new one and call again
TAG_BATCH = 50  # openids per batch (un)tagging request, WeChat's limit


class WeChatApiError(Exception):
    """WeChat refused a call (``errcode``), or it could not be reached (``code`` 0)."""

    def __init__(self, code: int, message: str) -> None:
        if code > 0:
            text = f"WeChat refused: {message} ({code})."
        elif code == 0:
            text = f"WeChat could not be reached: {message}."
        else:
            text = f"WeChat's answer was not understood: {message}."
        super().__init__(text)
        self.code = code


@dataclass(frozen=True)
class QrTicket:
    ticket: str
    url: str  # what the QR code encodes


class WeChatApi:
    """The calls the CRM makes for one official account."""

    def __init__(self, account: WeChatAccount) -> None:
        self.account = account

    # -- the calls ------------------------------------------------------------------------------

    def create_qr_ticket(self, scene: str) -> QrTicket:
        """A permanent QR code whose scene is ``scene`` (``QR_LIMIT_STR_SCENE``)."""
        body = {"action_name": "QR_LIMIT_STR_SCENE", "action_info": {"scene": {"scene_str": scene}}}
        answer = self.call("qrcode/create", body)
        ticket, url = answer.get("ticket"), answer.get("url")
        if not isinstance(ticket, str) or not isinstance(url, str) or not ticket or not url:
            raise WeChatApiError(-1, "no ticket in the answer")
        return QrTicket(ticket=ticket, url=url)

    def tags(self) -> dict[str, int]:
        """The account's tags: name → id."""
        answer = self.call("tags/get", method="GET")
        return {str(tag["name"]): int(tag["id"]) for tag in answer.get("tags", [])}

    def create_tag(self, name: str) -> int:
        return int(self.call("tags/create", {"tag": {"name": name}})["tag"]["id"])

    def tag(self, tag_id: int, openids: Sequence[str], *, remove: bool = False) -> None:
        """Put the tag on these followers (or take it off), in WeChat's batches."""
        path = "tags/members/batchuntagging" if remove else "tags/members/batchtagging"
        for start in range(0, len(openids), TAG_BATCH):
            self.call(path, {"openid_list": list(openids[start : start + TAG_BATCH]), "tagid": tag_id})

    def follower_tag_ids(self, openid: str) -> list[int]:
        return [int(t) for t in self.call("tags/getidlist", {"openid": openid}).get("tagid_list", [])]

    # -- the plumbing ---------------------------------------------------------------------------

    def call(self, path: str, body: Mapping[str, Any] | None = None, *, method: str = "POST") -> dict[str, Any]:
        """One API call with the access token; a token WeChat calls expired is fetched again once."""
        answer = self._request(method, path, {"access_token": self.access_token()}, body)
        if answer.get("errcode") in TOKEN_EXPIRED:
            cache.delete(self.token_key())
            answer = self._request(method, path, {"access_token": self.access_token()}, body)
        return self._checked(answer)

    def access_token(self) -> str:
        key = self.token_key()
        token = cache.get(key)
        if isinstance(token, str) and token:
            return token
        if not self.account.app_secret:
            raise WeChatApiError(-1, "no AppSecret is set for the account")
        params = {"grant_type": "client_credential", "appid": self.account.app_id, "secret": self.account.app_secret}
        answer = self._checked(self._request("GET", "token", params, None))
        token = answer.get("access_token")
        if not isinstance(token, str) or not token:
            raise WeChatApiError(-1, "no access token in the answer")
        cache.set(key, token, max(int(answer.get("expires_in", 7200)) - 300, 60))
        return token

    def token_key(self) -> str:
        """Where the access token is kept (the cache's keys carry the tenant)."""
        return f"wechat-access-token:{self.account.app_id}"

    def _request(
        self, method: str, path: str, params: Mapping[str, str], body: Mapping[str, Any] | None
    ) -> dict[str, Any]:
        content = json.dumps(body, ensure_ascii=False).encode() if body is not None else b""
        headers = {"Content-Type": "application/json; charset=utf-8"} if body is not None else {}
        try:
            request = pinned(httpx.Request(method, API + path, params=params, headers=headers, content=content))
            with httpx.Client(
                transport=current_transport(), follow_redirects=False, timeout=settings.WEBHOOKS_TIMEOUT_SECONDS
            ) as client:
                response = client.send(request)
            answer = response.json()
        except (addresses.UnsafeAddress, httpx.HTTPError, ValueError) as error:
            raise WeChatApiError(0, f"{type(error).__name__}: {error}"[:200]) from error
        if not isinstance(answer, dict):
            raise WeChatApiError(-1, "an answer that is not an object")
        return answer

    @staticmethod
    def _checked(answer: dict[str, Any]) -> dict[str, Any]:
        code = answer.get("errcode", 0)
        if code:
            raise WeChatApiError(int(code), str(answer.get("errmsg", "refused"))[:200])
        return answer
