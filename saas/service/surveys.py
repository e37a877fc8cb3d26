"""Satisfaction surveys: CSAT when a ticket is resolved, NPS sent by owners and admins, answered through a link.

The link is the credential (the customer never signs in), so it is:

- signed (``django.core.signing`` with this module's salt): an altered token is ``invalid``;
- bound to its workspace: the token names the tenant's schema, and a token used on another workspace's
  host is refused before anything is looked up (``wrong_workspace``; its survey is not there anyway);
- expiring: ``expires_at`` on the survey (``LINK_DAYS`` after sending, on the desk's clock) → ``expired``;
- single use: the answer is written on the locked row once; a second one is ``used``.

CSAT is sent once per ticket, when it is first resolved, to the ticket's contact (no contact or no e-mail
address: no survey). Reopening and resolving again sends nothing more: the customer already had their
say on that ticket, and the answer (if any) keeps counting for the agent who resolved it first.
"""

# ruff: noqa: RUF001  (Chinese text uses full-width punctuation on purpose)

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core import signing
from django.db import transaction

from realtime import events
from saas.customers.models import Contact
from saas.errors import ErrorCode, ErrorCollector, FieldError, ServiceError
from saas.kernel.changes import change
from saas.kernel.emails import send_after_commit
from saas.kernel.services import get_many_for, written
from saas.kernel.validation import check_length
from tenants.db import connection
from tenants.models import Membership

from . import clock
from .models import SURVEY_SCALE, Survey, SurveyKind, Ticket

SALT = "service.survey-link"
LINK_DAYS = 14
MAX_CONTACTS = 100
COMMENT_LIMIT = 2000


class LinkState(enum.StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    EXPIRED = "expired"
    INVALID = "invalid"
    WRONG_WORKSPACE = "wrong_workspace"


@dataclass(frozen=True)
class Link:
    """What a token names on this workspace's host: the survey (when there is one) and whether it can be answered."""

    state: LinkState
    survey: Survey | None = None


def _tenant() -> Any:
    return getattr(connection, "tenant", None)


def token_for(survey: Survey) -> str:
    return signing.dumps({"s": str(survey.pk), "t": connection.schema_name}, salt=SALT, compress=True)


def link_for(survey: Survey) -> str:
    """The public page's address on this workspace's host (the web client's ``/survey/<token>``)."""
    return f"{_tenant().url}/survey/{token_for(survey)}"


def read_link(token: str) -> Link:
    """Check a token on the current host; never raises (the public page shows every state)."""
    try:
        signed = signing.loads((token or "").strip(), salt=SALT)
    except signing.BadSignature:
        return Link(LinkState.INVALID)
    if not isinstance(signed, dict) or not isinstance(signed.get("s"), str):
        return Link(LinkState.INVALID)
    if signed.get("t") != connection.schema_name:
        return Link(LinkState.WRONG_WORKSPACE)
    try:
        survey = Survey.objects.select_related("ticket").filter(pk=signed["s"]).first()
    except (ValueError, TypeError):
        survey = None
    if survey is None:
        return Link(LinkState.INVALID)
    if survey.responded_at is not None:
        return Link(LinkState.ANSWERED, survey)
    if clock.now() >= survey.expires_at:
        return Link(LinkState.EXPIRED, survey)
    return Link(LinkState.OPEN, survey)


REFUSALS: dict[LinkState, tuple[str, ErrorCode]] = {
    LinkState.INVALID: ("This survey link is not valid (it may have been altered).", ErrorCode.INVALID),
    LinkState.WRONG_WORKSPACE: ("This survey link belongs to another workspace.", ErrorCode.INVALID),
    LinkState.EXPIRED: ("This survey link has expired.", ErrorCode.EXPIRED),
    LinkState.ANSWERED: ("This survey has been answered already; each link works once.", ErrorCode.USED),
}


def answer_survey(membership: Membership | None, token: str, score: int, comment: str | None = None) -> Survey:
    """Store the customer's answer (no sign-in: the signed link is the credential); once per link."""
    link = read_link(token)
    if link.state is not LinkState.OPEN:
        message, code = REFUSALS[link.state]
        raise ServiceError(FieldError("token", message, code))
    assert link.survey is not None
    errors = ErrorCollector()
    lowest, highest = SURVEY_SCALE[link.survey.kind]
    if not isinstance(score, int) or not lowest <= score <= highest:
        errors.add("score", f"A score from {lowest} to {highest}.", ErrorCode.OUT_OF_RANGE)
    comment = (comment or "").strip()
    check_length(comment, COMMENT_LIMIT, "comment", errors)
    errors.raise_if_any()
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=link.survey.pk)
        if survey.responded_at is not None:  # answered in the meantime: the row lock decides
            message, code = REFUSALS[LinkState.ANSWERED]
            raise ServiceError(FieldError("token", message, code))
        now = clock.now()
        survey.score, survey.comment, survey.responded_at = score, comment, now
        survey.save(update_fields=["score", "comment", "responded_at", "updated_at"])
        written(
            None,
            "update",
            survey,
            {"score": change(None, score), "comment": change("", comment), "responded_at": change(None, now)},
            "updated",
        )
        if survey.agent_id is not None:
            events.notify(
                survey.agent_id,
                "survey_answered",
                f"A customer scored you {score}: {link.survey.ticket.subject if link.survey.ticket else ''}".strip(),
                {"surveyId": str(survey.pk), "score": score},
            )
    return survey


# --- sending ---------------------------------------------------------------------------------------


def _new_survey(kind: str, email: str, **fields: Any) -> Survey:
    now = clock.now()
    return Survey.objects.create(
        kind=kind, email=email, sent_at=now, expires_at=now + timedelta(days=LINK_DAYS), created_at=now, **fields
    )


def _email(survey: Survey, about: str) -> None:
    tenant = _tenant()
    workspace, link = tenant.name, link_for(survey)
    lowest, highest = SURVEY_SCALE[survey.kind]
    if (getattr(tenant, "locale", "") or "").startswith("zh"):
        if survey.kind == SurveyKind.CSAT:
            subject = f"{workspace}：您对我们的服务满意吗？"
            question = f"您对“{about}”的处理满意吗？请打 {lowest} 到 {highest} 分。"
        else:
            subject = f"{workspace}：您会向朋友推荐我们吗？"
            question = f"您有多大可能向朋友或同事推荐 {workspace}？请打 {lowest} 到 {highest} 分。"
        body = f"{question}\n\n请在 {LINK_DAYS} 天内打开此链接作答（仅可使用一次）：{link}\n"
    else:
        if survey.kind == SurveyKind.CSAT:
            subject = f"{workspace}: how did we do?"
            question = f"How satisfied are you with how we handled “{about}”? Score it from {lowest} to {highest}."
        else:
            subject = f"{workspace}: would you recommend us?"
            question = (
                f"How likely are you to recommend {workspace} to a friend or colleague? "
                f"Score it from {lowest} to {highest}."
            )
        body = f"{question}\n\nAnswer within {LINK_DAYS} days at this link (it works once): {link}\n"
    send_after_commit(subject, body, [survey.email])


def send_csat(ticket: Ticket) -> Survey | None:
    """The CSAT survey of a ticket just resolved: once per ticket, to its contact's first e-mail address.

    Called inside the resolving transaction on the locked ticket row, so two resolutions at once cannot
    both send; a ticket that had one already (resolved, reopened, resolved again) gets none.
    """
    if ticket.contact_id is None or Survey.objects.filter(ticket=ticket, kind=SurveyKind.CSAT).exists():
        return None
    contact = Contact.objects.filter(pk=ticket.contact_id).only("emails").first()
    email = next((e for e in (contact.emails if contact else []) if e), None)
    if email is None:
        return None
    survey = _new_survey(
        SurveyKind.CSAT, email, ticket=ticket, contact_id=ticket.contact_id, agent_id=ticket.assignee_id,
        team_id=ticket.team_id,
    )  # fmt: skip
    written(None, "create", survey, {"kind": change(None, survey.kind), "email": change(None, email)}, "created")
    _email(survey, ticket.subject)
    return survey


def send_nps(membership: Membership, contact_ids: list[Any]) -> list[Survey]:
    """Owners and admins: an NPS survey to each contact (all or none: every one needs an e-mail address)."""
    errors = ErrorCollector()
    if not contact_ids:
        errors.add("contactIds", "Choose at least one contact.", ErrorCode.REQUIRED)
    elif len(contact_ids) > MAX_CONTACTS:
        errors.add("contactIds", f"At most {MAX_CONTACTS} contacts at once.", ErrorCode.TOO_MANY)
    errors.raise_if_any()
    contacts = get_many_for(membership, Contact, contact_ids, "read", "contactIds", errors, limit=MAX_CONTACTS)
    errors.raise_if_any()
    for i, contact in enumerate(contacts):
        if not any(contact.emails):
            errors.add(f"contactIds.{i}", f"{contact} has no e-mail address.", ErrorCode.REQUIRED)
    errors.raise_if_any()
    sent: list[Survey] = []
    with transaction.atomic():
        for contact in contacts:
            email = next(e for e in contact.emails if e)
            survey = _new_survey(SurveyKind.NPS, email, contact=contact, sent_by=membership.user)
            written(
                membership, "create", survey, {"kind": change(None, survey.kind), "email": change(None, email)},
                "created",
            )  # fmt: skip
            _email(survey, str(contact))
            sent.append(survey)
    return sent
