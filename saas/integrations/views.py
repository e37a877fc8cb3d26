"""Inbound channel endpoints on the tenant host (the workspace comes from the host name)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, HttpResponseNotFound
from django.views.decorators.csrf import csrf_exempt

from .connectors import Inbound
from .models import WeChatAccount
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
    for message in connector.parse(inbound):
        connector.handle(message)
    return HttpResponse("success", content_type="text/plain")  # what WeChat expects: no reply message
