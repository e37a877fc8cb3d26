"""E-mail from a module's service: sent once the write that caused it commits, never for a rolled-back one."""

from __future__ import annotations

from django.db import transaction

from saas.access.emails import workspace_mail


def send_after_commit(subject: str, body: str, to: list[str]) -> None:
    """Send ``body`` to ``to`` as the current workspace's e-mail when the transaction commits (at once outside one).

    A service that refuses later in the same transaction (a ``ServiceError`` rolls it back) sends
    nothing, so a customer never gets a link to a record that does not exist. The backend is Django's
    (console in development, locmem in tests, SMTP in production).
    """
    recipients = [address for address in to if address]
    if not recipients:
        return
    mail = workspace_mail(subject, body, recipients)  # branded now: the tenant is the request's
    transaction.on_commit(mail.send)
