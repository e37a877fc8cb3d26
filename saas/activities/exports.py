"""The activities module's exportable list (declared in ``saas.activities.module``): ``/exports/activities.csv``."""

from __future__ import annotations

from typing import Any

from saas.exports.lists import CREATED, DELETED, Column, ExportList, columns_of

from .models import Activity


def _assignee(activity: Any) -> str:
    return (activity.assignee.full_name or activity.assignee.email) if activity.assignee_id else ""


ACTIVITIES_EXPORT = ExportList(
    name="activities",
    model=Activity,
    file_name="activities",
    columns=columns_of(
        Column("subject", {"en": "Subject", "zh-CN": "主题"}, lambda a: a.subject),
        Column(
            "kind",
            {"en": "Kind", "zh-CN": "类型"},
            lambda a: a.kind,
            choices={
                "TASK": {"en": "Task", "zh-CN": "任务"},
                "CALL": {"en": "Call", "zh-CN": "电话"},
                "MEETING": {"en": "Meeting", "zh-CN": "会议"},
                "NOTE": {"en": "Note", "zh-CN": "备注"},
            },
        ),
        Column(
            "status",
            {"en": "Status", "zh-CN": "状态"},
            lambda a: a.status,
            choices={
                "OPEN": {"en": "Open", "zh-CN": "未完成"},
                "DONE": {"en": "Done", "zh-CN": "已完成"},
                "CANCELLED": {"en": "Cancelled", "zh-CN": "已取消"},
            },
        ),
        Column(
            "priority",
            {"en": "Priority", "zh-CN": "优先级"},
            lambda a: a.priority,
            choices={
                "LOW": {"en": "Low", "zh-CN": "低"},
                "NORMAL": {"en": "Normal", "zh-CN": "普通"},
                "HIGH": {"en": "High", "zh-CN": "高"},
            },
        ),
        Column("assignee", {"en": "Assignee", "zh-CN": "负责人"}, _assignee),
        Column("dueAt", {"en": "Due", "zh-CN": "截止时间"}, lambda a: a.due_at),
        Column("startsAt", {"en": "Starts", "zh-CN": "开始时间"}, lambda a: a.starts_at),
        Column("completedAt", {"en": "Completed", "zh-CN": "完成时间"}, lambda a: a.completed_at),
        Column("recordType", {"en": "Record type", "zh-CN": "记录类型"}, lambda a: a.record_type),
        CREATED,
        DELETED,
    ),
    list_fields={"active": "activities", "deleted": "deletedActivities"},
    select_related=("assignee",),
)
