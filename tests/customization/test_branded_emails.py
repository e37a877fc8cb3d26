"""A workspace's e-mails carry its branding: its logo (or name) over a band of its colour, in an HTML part."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core import mail

from saas.access.emails import DEFAULT_BRAND_COLOUR
from saas.kernel.emails import send_after_commit
from tests.access.test_invitations import INVITE
from tests.conftest import Workspace

from .test_tenant_settings import PNG, data_url, update

pytestmark = pytest.mark.django_db


def invite(ws: Workspace, email: str, capture: Any) -> Any:
    mail.outbox.clear()
    with capture(execute=True):
        assert ws.api.data(INVITE, {"input": {"email": email, "role": "sales"}})["inviteUser"]["errors"] == []
    (sent,) = mail.outbox
    return sent


def html_of(message: Any) -> str:
    (html, kind) = message.alternatives[0]
    assert kind == "text/html"
    return str(html)


def test_an_invitation_comes_in_the_workspaces_colour_and_logo(
    workspace_a: Workspace, settings: Any, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    plain = invite(workspace_a, "first@example.com", django_capture_on_commit_callbacks)
    # No branding chosen: the name in the web client's own colour; the text part is as before.
    assert "accept-invitation?token=" in plain.body and "<" not in plain.body
    assert DEFAULT_BRAND_COLOUR in html_of(plain) and "Alpha Industries</strong>" in html_of(plain)

    logo = update(workspace_a, brandColour="#AA3300", logo=data_url(PNG))["tenant"]["logoUrl"]
    branded = html_of(invite(workspace_a, "second@example.com", django_capture_on_commit_callbacks))
    assert "border-top:6px solid #aa3300" in branded
    assert f'{logo}" alt="Alpha Industries"' in branded and '<img src="http://alpha.' in branded
    # The link stays a link.
    assert '<a href="http://alpha.' in branded and "accept-invitation?token=" in branded


def test_a_service_e_mail_is_branded_and_its_text_escaped(
    workspace_a: Workspace, django_capture_on_commit_callbacks: Any
) -> None:
    update(workspace_a, brandColour="#123456")
    workspace_a.tenant.refresh_from_db()  # as a request loads it
    workspace_a.activate()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_after_commit("Your ticket", "Thanks! <script>alert(1)</script>", ["customer@example.com"])
    html = html_of(mail.outbox[0])
    assert "#123456" in html and "&lt;script&gt;" in html and "<script>" not in html


def test_each_workspace_sends_under_its_own_branding(
    workspace_a: Workspace, workspace_b: Workspace, django_capture_on_commit_callbacks: Any
) -> None:
    update(workspace_a, brandColour="#aa0000")
    update(workspace_b, brandColour="#00bb00")
    theirs = html_of(invite(workspace_b, "guest@example.com", django_capture_on_commit_callbacks))
    assert "#00bb00" in theirs and "#aa0000" not in theirs
