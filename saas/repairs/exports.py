"""The repairs module's exportable lists (declared in ``saas.repairs.module``)."""

from __future__ import annotations

from saas.exports.lists import CREATED, DELETED, OWNER, Column, ExportList, columns_of

from .models import RepairOrder, Warranty
from .services import today

WARRANTIES = ExportList(
    name="warranties",
    model=Warranty,
    file_name="warranties",
    columns=columns_of(
        Column("serialNumber", {"en": "Serial number", "zh-CN": "序列号"}, lambda w: w.serial_number),
        Column("product", {"en": "Product", "zh-CN": "产品"}, lambda w: w.product.name),
        Column("company", {"en": "Company", "zh-CN": "公司"}, lambda w: w.company.name),
        Column("status", {"en": "Status", "zh-CN": "状态"}, lambda w: w.status_on(today())),
        Column("coverage", {"en": "Coverage", "zh-CN": "保修范围"}, lambda w: w.get_coverage_display()),
        Column("startDate", {"en": "Start", "zh-CN": "开始日期"}, lambda w: w.start_date),
        Column("endDate", {"en": "End", "zh-CN": "结束日期"}, lambda w: w.end_date),
        OWNER,
        CREATED,
        DELETED,
    ),
    list_fields={"active": "warranties", "deleted": "deletedWarranties"},
    select_related=("owner", "company", "product"),
)

REPAIR_ORDERS = ExportList(
    name="repairs",  # the URL: /exports/repairs.csv
    model=RepairOrder,
    file_name="repair-orders",
    columns=columns_of(
        Column("number", {"en": "Number", "zh-CN": "编号"}, lambda r: f"R-{r.number}"),
        Column("company", {"en": "Company", "zh-CN": "公司"}, lambda r: r.company.name),
        Column("product", {"en": "Product", "zh-CN": "产品"}, lambda r: r.product.name if r.product else ""),
        Column("serialNumber", {"en": "Serial number", "zh-CN": "序列号"}, lambda r: r.serial_number),
        Column("status", {"en": "Status", "zh-CN": "状态"}, lambda r: r.get_status_display()),
        Column("receivedOn", {"en": "Received", "zh-CN": "接收日期"}, lambda r: r.received_on),
        Column("problem", {"en": "Problem", "zh-CN": "故障描述"}, lambda r: r.problem),
        Column("total", {"en": "To charge", "zh-CN": "应收金额"}, lambda r: r.total, rule_field="total"),
        Column("currency", {"en": "Currency", "zh-CN": "币种"}, lambda r: r.currency),
        OWNER,
        CREATED,
        DELETED,
    ),
    list_fields={"active": "repairOrders", "deleted": "deletedRepairOrders"},
    select_related=("owner", "company", "product"),
)
