"""Every service list resolves in a fixed number of SQL queries, whatever its page size."""

from __future__ import annotations

from typing import Any

from saas.customers.models import Company
from saas.service.models import Article, Ticket, TicketMessage, TicketTransition
from tests.conftest import Workspace
from tests.query_count import assert_num_queries, count_queries

QUEUE = """{ tickets(first: 100) { totalCount edges { node {
  id subject status allowedStatuses priority category firstResponseDueAt resolutionDueAt
  firstResponseBreached resolutionBreached
  assignee { id email } company { id name }
  transitions { toStatus } messages { body author { id } }
} } } }"""
ARTICLES = "{ articles(first: 100) { totalCount edges { node { id title status version author { id } } } } }"


def seed(ws: Workspace, tickets: int) -> None:
    ws.activate()
    company = Company.objects.create(name="Customer Ltd", owner=ws.owner)
    for i in range(tickets):
        ticket = Ticket.objects.create(subject=f"Ticket {i}", assignee=ws.owner, company=company)
        TicketTransition.objects.create(ticket=ticket, to_status="new")
        TicketMessage.objects.create(ticket=ticket, body="Hello", author=ws.owner)
        Article.objects.create(title=f"Article {i}", slug=f"article-{i}", author=ws.owner)


def test_the_queue_and_the_knowledge_base_cost_the_same_queries_for_1_and_100_rows(make_workspace: Any) -> None:
    small, big = make_workspace("small-desk"), make_workspace("big-desk")
    seed(small, 1)
    seed(big, 100)
    for query in (QUEUE, ARTICLES):
        small.api.data(query)  # warm the host → tenant cache
        big.api.data(query)
        one = count_queries(lambda q=query: small.api.data(q))  # type: ignore[misc]
        hundred = count_queries(lambda q=query: big.api.data(q))  # type: ignore[misc]
        assert one == hundred, query


def test_the_queue_query_count_is_pinned(workspace_a: Workspace) -> None:
    seed(workspace_a, 3)
    workspace_a.api.data(QUEUE)
    # membership, the page (with totalCount), assignees, companies, transitions, messages, their authors
    with assert_num_queries(7):
        data = workspace_a.api.data(QUEUE)
    assert data["tickets"]["totalCount"] == 3


SURVEYS = """{ surveys(first: 100) { totalCount edges { node {
  id kind score comment respondedAt agent { id email } ticket { id subject } contact { id }
} } } }"""


def seed_surveys(ws: Workspace, count: int) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from saas.service.models import Survey

    ws.activate()
    now = timezone.now()
    for i in range(count):
        ticket = Ticket.objects.create(subject=f"Ticket {i}", assignee=ws.owner)
        Survey.objects.create(
            kind="csat", email="c@example.com", ticket=ticket, agent=ws.owner, sent_at=now,
            expires_at=now + timedelta(days=14), score=4, responded_at=now,
        )  # fmt: skip


def test_the_survey_list_costs_the_same_queries_for_1_and_100_rows(make_workspace: Any) -> None:
    small, big = make_workspace("small-survey"), make_workspace("big-survey")
    seed_surveys(small, 1)
    seed_surveys(big, 100)
    small.api.data(SURVEYS)
    big.api.data(SURVEYS)
    assert count_queries(lambda: small.api.data(SURVEYS)) == count_queries(lambda: big.api.data(SURVEYS))
    # membership, then the whole page (agents, tickets, contacts and totalCount) built in one SQL statement
    with assert_num_queries(2):
        data = big.api.data(SURVEYS)
    assert data["surveys"]["totalCount"] == 100
