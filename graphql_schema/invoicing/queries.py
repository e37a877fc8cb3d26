"""Lists of invoicing: invoices (fixed SQL queries) and the balances per customer (one aggregate query)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry import relay
from strawberry.types import Info

from graphql_schema.core.keyset import KeysetConnection
from graphql_schema.core.lists import listed
from graphql_schema.errors import Forbidden
from graphql_schema.permissions import require_membership, scoped
from saas.customers.models import Company
from saas.invoicing import models, services
from saas.invoicing.models import SEARCH_CONFIG, search_vector

from .filters import InvoiceFilter, InvoiceOrder
from .types import CustomerBalance, InvoiceNode, _money, figures_hidden

SEARCH_HELP = "Full text over the number (INV-00042 or 42), the customer's name and the notes."


def _invoices(queryset: QuerySet[Any], info: Info, filter: Any, order_by: Any, search: str | None) -> QuerySet[Any]:
    return listed(
        queryset,
        info,
        filter=filter,
        order_by=order_by,
        order_type=InvoiceOrder,
        search_text=search,
        search_vector=search_vector(),
        search_config=SEARCH_CONFIG,
    )


@strawberry.type
class InvoicingQuery:
    @strawberry_django.connection(KeysetConnection[InvoiceNode], description="Invoices, newest first by default.")
    def invoices(
        self,
        info: Info,
        filter: InvoiceFilter | None = None,
        order_by: list[InvoiceOrder] | None = None,
        search: Annotated[str | None, strawberry.argument(description=SEARCH_HELP)] = None,
    ) -> QuerySet[Any]:
        return _invoices(models.Invoice.objects.all(), info, filter, order_by, search)

    @strawberry_django.connection(
        KeysetConnection[InvoiceNode], description="The recycle bin: deleted drafts, last deleted first."
    )
    def deleted_invoices(
        self,
        info: Info,
        filter: InvoiceFilter | None = None,
        order_by: list[InvoiceOrder] | None = None,
        search: Annotated[str | None, strawberry.argument(description=SEARCH_HELP)] = None,
    ) -> QuerySet[Any]:
        queryset = models.Invoice.all_objects.filter(deleted_at__isnull=False).order_by("-deleted_at", "id")
        return _invoices(queryset, info, filter, order_by, search)

    @strawberry.field(
        description="Per customer and currency: invoiced, paid, outstanding and overdue, over the invoices you "
        "may read (two SQL queries). A role that may not see invoice amounts gets FORBIDDEN."
    )
    def customer_balances(
        self,
        info: Info,
        company_id: Annotated[relay.GlobalID | None, strawberry.argument(description="Only this customer.")] = None,
    ) -> list[CustomerBalance]:
        require_membership(info)
        if figures_hidden(info):
            raise Forbidden("Your role may not see invoice amounts.")
        invoices = scoped(info, models.Invoice.objects.all())
        if company_id is not None:
            company_pk = _company_pk(company_id)
            # Another type's id, or no id at all: no such customer, so no balances.
            invoices = invoices.filter(company_id=company_pk) if company_pk is not None else invoices.none()
        rows = services.balances(invoices)
        readable = {c.pk: c for c in scoped(info, Company.objects.filter(pk__in={r.company_id for r in rows}))}
        return [
            CustomerBalance(
                company=readable.get(row.company_id),
                company_name=row.company_name,
                currency=row.currency,
                invoiced=_money(row.invoiced, row.currency),
                paid=_money(row.paid, row.currency),
                outstanding=_money(row.outstanding, row.currency),
                overdue=_money(row.overdue, row.currency),
            )
            for row in rows
        ]


def _company_pk(company_id: relay.GlobalID) -> uuid.UUID | None:
    if company_id.type_name != "Company":
        return None
    try:
        return uuid.UUID(str(company_id.node_id))
    except ValueError:
        return None
