"""The customization module as the platform sees it: custom-field hooks for the kit's writes and the policy."""

from __future__ import annotations

from saas.modules import CustomFields, Module

from . import exports, picklists, services

CUSTOMIZATION = Module(
    name="customization",
    custom_fields=CustomFields(
        clean=services.clean_values,
        sensitive=services.sensitive_rule_names,
        columns=exports.columns,
        picklist_value=picklists.check_value,
    ),
)
