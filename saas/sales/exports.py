"""The sales module's exportable lists (declared in ``saas.sales.module``)."""

from __future__ import annotations

from saas.exports.lists import CREATED, DELETED, OWNER, Column, ExportList, columns_of

from .models import Deal

DEALS = ExportList(
    name="deals",
    model=Deal,
    file_name="deals",
    columns=columns_of(
        Column("title", {"en": "Title", "zh-CN": "标题"}, lambda d: d.title),
        Column("amount", {"en": "Amount", "zh-CN": "金额"}, lambda d: d.amount, rule_field="amount"),
        Column("currency", {"en": "Currency", "zh-CN": "币种"}, lambda d: d.currency),
        Column("stage", {"en": "Stage", "zh-CN": "阶段"}, lambda d: d.stage.name),
        Column("pipeline", {"en": "Pipeline", "zh-CN": "销售流程"}, lambda d: d.pipeline.name),
        Column("probability", {"en": "Probability (%)", "zh-CN": "赢率 (%)"}, lambda d: d.probability),
        Column("expectedCloseDate", {"en": "Expected close", "zh-CN": "预计成交日期"}, lambda d: d.expected_close_date),
        Column("company", {"en": "Company", "zh-CN": "公司"}, lambda d: d.company.name if d.company_id else ""),
        OWNER,
        Column("nextStep", {"en": "Next step", "zh-CN": "下一步"}, lambda d: d.next_step),
        Column("lostReason", {"en": "Lost reason", "zh-CN": "丢单原因"}, lambda d: d.lost_reason),
        CREATED,
        DELETED,
    ),
    list_fields={"active": "deals", "deleted": "deletedDeals"},
    select_related=("owner", "company", "stage", "pipeline"),
)
