"""THE list of modules of the API, like the web client's ``frontend/src/modules/index.ts``.

To add a module (e.g. sales): write ``saas/sales/`` (models, services, ``module.py`` with its
``Module``, an ``AppConfig`` inheriting ``saas.modules.ModuleConfig``) and
``graphql_schema/sales/`` (types, queries, mutations, ``module.py`` with its ``ApiModule``), add
``"saas.sales"`` to ``TENANT_APPS`` and one line here. The tenant schema, the WebSocket schema,
the permission registry and matrix, audit, realtime, demo data and saved views assemble themselves.
See docs/adding-a-module.md. The order is the order of fields in the root types.
"""

from .access.module import ACCESS_API
from .activities.module import ACTIVITIES_API
from .attachments.module import ATTACHMENTS_API
from .audit.types import AuditQuery
from .billing.module import BILLING_API
from .catalog.module import CATALOG_API
from .contracts.module import CONTRACTS_API
from .core.bulk_exports import BulkExportMutation, BulkExportQuery
from .core.nodes import NodeQuery
from .customers.module import CUSTOMERS_API
from .customization.module import CUSTOMIZATION_API
from .entitlements.module import ENTITLEMENTS_API
from .forecasting.module import FORECASTING_API
from .imports.module import IMPORTS_API
from .integrations.module import INTEGRATIONS_API
from .invoicing.module import INVOICING_API
from .leads.module import LEADS_API
from .platform.tenant import PlatformMutation, PlatformQuery
from .portability.module import PORTABILITY_API
from .realtime import RealtimeSubscription
from .registry import ApiModule
from .repairs.module import REPAIRS_API
from .returns.module import RETURNS_API
from .sales.module import SALES_API
from .service.module import SERVICE_API
from .sync.schema import SyncQuery

# Parts of the platform itself (no domain module of their own).
NODES_API = ApiModule("nodes", query=NodeQuery)
AUDIT_API = ApiModule("audit", query=AuditQuery)
PLATFORM_API = ApiModule("platform", query=PlatformQuery, mutation=PlatformMutation)
REALTIME_API = ApiModule("realtime", subscription=RealtimeSubscription)
BULK_EXPORTS_API = ApiModule("bulk_exports", query=BulkExportQuery, mutation=BulkExportMutation)
SYNC_API = ApiModule("sync", query=SyncQuery)

MODULES: list[ApiModule] = [
    NODES_API,
    CUSTOMERS_API,
    AUDIT_API,
    PLATFORM_API,
    ACCESS_API,
    REALTIME_API,
    BILLING_API,
    CUSTOMIZATION_API,
    ACTIVITIES_API,
    ATTACHMENTS_API,
    BULK_EXPORTS_API,
    INTEGRATIONS_API,
    SALES_API,
    CATALOG_API,
    LEADS_API,
    FORECASTING_API,
    INVOICING_API,
    IMPORTS_API,
    SERVICE_API,
    CONTRACTS_API,
    ENTITLEMENTS_API,
    REPAIRS_API,
    RETURNS_API,
    SYNC_API,
    PORTABILITY_API,
]
