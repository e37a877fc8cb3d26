"""The service module's exportable list (declared in ``saas.service.module``): ``/exports/tickets.csv``."""

from __future__ import annotations

from typing import Any

from saas.exports.lists import CREATED, Column, ExportList, columns_of

from .models import Ticket


def _assignee(ticket: Any) -> str:
    return (ticket.assignee.full_name or ticket.assignee.email) if ticket.assignee_id else ""


def _company(ticket: Any) -> str:
    return ticket.company.name if ticket.company_id else ""


TICKETS_EXPORT = ExportList(
    name="tickets",
    model=Ticket,
    file_name="tickets",
    columns=columns_of(
        Column("subject", {"en": "Subject", "zh-CN": "主题"}, lambda t: t.subject),
        Column(
            "status",
            {"en": "Status", "zh-CN": "状态"},
            lambda t: t.status,
            choices={
                "NEW": {"en": "New", "zh-CN": "新建"},
                "ASSIGNED": {"en": "Assigned", "zh-CN": "已分配"},
                "IN_PROGRESS": {"en": "In progress", "zh-CN": "处理中"},
                "WAITING_ON_CUSTOMER": {"en": "Waiting on customer", "zh-CN": "等待客户"},
                "RESOLVED": {"en": "Resolved", "zh-CN": "已解决"},
                "CLOSED": {"en": "Closed", "zh-CN": "已关闭"},
                "ARCHIVED": {"en": "Archived", "zh-CN": "已归档"},
            },
        ),
        Column(
            "priority",
            {"en": "Priority", "zh-CN": "优先级"},
            lambda t: t.priority,
            choices={
                "LOW": {"en": "Low", "zh-CN": "低"},
                "NORMAL": {"en": "Normal", "zh-CN": "普通"},
                "HIGH": {"en": "High", "zh-CN": "高"},
                "URGENT": {"en": "Urgent", "zh-CN": "紧急"},
            },
        ),
        Column("category", {"en": "Category", "zh-CN": "类别"}, lambda t: t.category),
        Column("assignee", {"en": "Assignee", "zh-CN": "处理人"}, _assignee),
        Column("company", {"en": "Company", "zh-CN": "公司"}, _company),
        Column(
            "firstResponseDueAt",
            {"en": "First response due", "zh-CN": "首次响应期限"},
            lambda t: t.first_response_due_at,
        ),
        Column("resolutionDueAt", {"en": "Resolution due", "zh-CN": "解决期限"}, lambda t: t.resolution_due_at),
        Column("firstRespondedAt", {"en": "First responded", "zh-CN": "首次响应时间"}, lambda t: t.first_responded_at),
        Column("resolvedAt", {"en": "Resolved", "zh-CN": "解决时间"}, lambda t: t.resolved_at),
        CREATED,
    ),
    list_fields={"active": "tickets"},
    select_related=("assignee", "company"),
)
