"""The customers module as the platform sees it: one declaration (see saas.modules)."""

from __future__ import annotations

from typing import Any

from saas.modules import GettingStartedStep, Module, PicklistDeclaration, SavedViewType

from .access import register_record_types
from .demo import seed_customers
from .exports import COMPANIES, CONTACTS
from .imports import COMPANY_IMPORT, CONTACT_IMPORT
from .models import Company, Contact, Interaction


def _any(model: type[Company] | type[Contact] | type[Interaction]) -> Any:
    # The base manager: a record since deleted (or merged) was still added.
    return lambda tenant: model._base_manager.exists()


CUSTOMERS = Module(
    name="customers",
    record_types=register_record_types,
    demo_seeders=(seed_customers,),
    saved_views=(
        SavedViewType("company", "Companies", filter_input="CompanyFilter", order_input="CompanyOrder"),
        SavedViewType("contact", "Contacts", filter_input="ContactFilter", order_input="ContactOrder"),
    ),
    exports=(COMPANIES, CONTACTS),
    picklists=(
        PicklistDeclaration(
            "industry",
            "Industry",
            values=(
                "Agriculture",
                "Construction",
                "Education",
                "Energy",
                "Finance",
                "Healthcare",
                "Hospitality",
                "Manufacturing",
                "Media",
                "Mining",
                "Public sector",
                "Real estate",
                "Retail",
                "Software",
                "Telecommunications",
                "Transport",
            ),
        ),
    ),
    imports=(COMPANY_IMPORT, CONTACT_IMPORT),
    getting_started=(
        GettingStartedStep("addCompany", 20, _any(Company)),
        GettingStartedStep("addContact", 30, _any(Contact)),
        GettingStartedStep("logInteraction", 40, _any(Interaction)),
    ),
)
