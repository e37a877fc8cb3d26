"""A workspace's e-mail: the text as written, and an HTML part in the workspace's branding (name, colour, logo).

Every e-mail a workspace sends goes through ``workspace_mail`` (services send it on commit through
``saas.kernel.emails.send_after_commit``); what is sent from no workspace (sign-up, the public site) is text only.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import connection
from django.utils.html import escape, urlize

from tenants.models import Tenant

from .workspace import logo_path

# The web client's own primary colour (Mantine's blue 8), for a workspace that chose none.
DEFAULT_BRAND_COLOUR = "#1971c2"


def branded_html(tenant: Tenant, body: str) -> str:
    """The HTML part of a workspace's e-mail: its logo (or name) over a band of its colour, then the text.

    The text is the plain part, escaped, its links made clickable; the logo is fetched from the workspace's
    host (``saas.access.workspace.logo_path``), as the web client's sign-in page shows it.
    """
    colour = tenant.brand_colour or DEFAULT_BRAND_COLOUR
    name = escape(tenant.name)
    logo = logo_path(tenant)
    heading = (
        f'<img src="{escape(tenant.url + logo)}" alt="{name}" height="40" style="display:block;border:0">'
        if logo
        else f'<strong style="font-size:18px">{name}</strong>'
    )
    text = urlize(escape(body), autoescape=False)
    return (
        '<!doctype html><html><body style="margin:0;font-family:Arial,Helvetica,sans-serif;color:#1f2328">'
        f'<div style="border-top:6px solid {colour};padding:16px 24px">{heading}</div>'
        f'<div style="padding:0 24px 24px;white-space:pre-wrap;line-height:1.5">{text}</div>'
        "</body></html>"
    )


def workspace_mail(subject: str, body: str, to: list[str], tenant: Tenant | None = None) -> EmailMultiAlternatives:
    """A workspace's e-mail (``tenant``, default: the request's): ``body`` as text, and branded as HTML."""
    tenant = tenant if tenant is not None else getattr(connection, "tenant", None)
    mail = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, to)
    if isinstance(tenant, Tenant):  # outside a workspace (sign-up, the public site): text only
        mail.attach_alternative(branded_html(tenant, body), "text/html")
    return mail
