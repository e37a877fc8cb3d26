"""Inbound channel endpoints on the tenant host (the workspace comes from the host name)."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, HttpResponseNotFound
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .connectors import Inbound, Refused
from .email_inbox import EmailConnector
from .models import ChannelConnection, WeChatAccount
from .sms import SmsConnector
from .wechat import WeChatConnector


@csrf_exempt
def wechat_callback(request: HttpRequest) -> HttpResponse:
    """WeChat's server URL: ``GET`` verifies it (echo ``echostr``), ``POST`` delivers messages and events.

    Refused (403) unless signed with the account's token, recent, and not seen before.
    """
    account = WeChatAccount.objects.filter(enabled=True).first()
    if account is None or request.method not in ("GET", "POST"):
        return HttpResponseNotFound()
    connector = WeChatConnector(account)
    inbound = Inbound(body=request.body, headers=dict(request.headers), query=request.GET.dict(), method=request.method)
    if not connector.verify(inbound):
        return HttpResponseForbidden()
    if request.method == "GET":
        return HttpResponse(request.GET.get("echostr", ""), content_type="text/plain")
    try:
        with transaction.atomic():  # a refused message (the connecting admin gone) writes nothing
            for message in connector.parse(inbound):
                connector.handle(message)
    except Refused:
        return HttpResponseForbidden()
    return HttpResponse("success", content_type="text/plain")  # what WeChat expects: no reply message


def _inbox(request: HttpRequest, kind: str, token: str) -> tuple[ChannelConnection | None, Inbound]:
    found = ChannelConnection.objects.filter(channel=kind, token=token, enabled=True).first()
    inbound = Inbound(
        body=request.body,
        headers=dict(request.headers),
        query=request.GET.dict(),
        method=request.method or "POST",
        url=request.build_absolute_uri(),
    )
    return found, inbound


@csrf_exempt
@require_POST
def email_inbound(request: HttpRequest, token: str) -> HttpResponse:
    """The inbound-mail webhook: one raw MIME message, signed with the inbox's secret (``X-Crm-Signature``).

    404 when the token names no enabled inbox of this workspace; 403 when forged, stale or replayed.
    """
    found, inbound = _inbox(request, ChannelConnection.Channel.EMAIL, token)
    if found is None:
        return HttpResponseNotFound()
    try:
        EmailConnector(found).receive(inbound)
    except Refused:
        return HttpResponseForbidden()
    return HttpResponse(status=204)


@csrf_exempt
@require_POST
def sms_inbound(request: HttpRequest, token: str) -> HttpResponse:
    """The SMS provider's messaging webhook (signed ``X-Twilio-Signature``); answers empty TwiML."""
    found, inbound = _inbox(request, ChannelConnection.Channel.SMS, token)
    if found is None:
        return HttpResponseNotFound()
    try:
        SmsConnector(found).receive(inbound)
    except Refused:
        return HttpResponseForbidden()
    return HttpResponse("<Response/>", content_type="text/xml")  # no automatic reply
